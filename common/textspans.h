/*
 * textspans: many one-field records cut from one text (rill-split's word
 * list: every word of a record, a record each), written as writer_text()
 * would write each, but short ones copied into the writer's buffer with a
 * fixed-size copy and no call per record (common/direct).
 */
#ifndef RILL_TEXTSPANS_H
#define RILL_TEXTSPANS_H

#include <stddef.h>

#include "records.h"
#include "writer.h"

/* The spans of text (len bytes; spans inside it) as records of one field each. */
void write_text_spans(struct writer *w, const char *text, size_t len, const struct span *spans,
		      size_t n);

#endif
