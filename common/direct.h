/*
 * direct: the interface for a tool's own encoder, one that writes whole
 * records straight into a writer's buffer instead of a call per field:
 * rill-tag's spans, the word lists of textspans.  The writer (writer.h)
 * keeps the encoders every tool uses; an encoder for one tool's output
 * lives with the tool, or in a module of its own, and goes through this.
 *
 * Such an encoder writes records of fields joined by TABs, each ended by
 * the writer's terminator, and only where the writer would write the same
 * bytes: when it writes lines (nothing escaped), or TSV with a TAB
 * delimiter (writer_takes_clean(w, FMT_TSV)) for fields holding none of
 * the bytes it would escape.  Any other record goes through writer.h.
 *
 * Use: p = writer_reserve(w, n) gives room for n bytes at the buffer's
 * end (what the buffer held is written out first if it must be); the
 * encoder writes up to n bytes from p, then writer_commit(w, len, records)
 * says how many it wrote and how many whole records they hold.  Nothing
 * else may write to w between the two, and a record is never left half
 * written at a commit.  The pointer is valid until the commit.
 */
#ifndef RILL_DIRECT_H
#define RILL_DIRECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "writer.h"

/* The bytes w escapes in a TSV field (a table of 256; none for lines), and its terminator. */
const bool *writer_escaped_bytes(const struct writer *w);
char writer_terminator(const struct writer *w);

char *writer_reserve(struct writer *w, size_t n);
void writer_commit(struct writer *w, size_t len, uint64_t records);

#endif
