/*
 * fieldpack: records kept in memory after the reader has moved on (a
 * count table's first spellings, dedupe's kept records, join's RIGHT
 * side), packed one after another in one growable arena: a uint32 field
 * count, then each field as a uint32 length and its bytes.
 *
 * Offsets stay valid as the arena grows (pointers do not: unpack after
 * the last add).  Unpacked fields point into the arena.
 */
#ifndef RILL_FIELDPACK_H
#define RILL_FIELDPACK_H

#include <stddef.h>

#include "buf.h"
#include "fields.h"

/*
 * Appends a record: `first` (if not NULL) then f[0..n).  Returns its
 * offset; *size, if not NULL, gets the bytes it takes.
 */
size_t fieldpack_add(struct buf *arena, const struct field *first, const struct field *f,
		     size_t n, size_t *size);

/* The record at `off`, as fields into `out` (reset first). */
void fieldpack_get(const struct buf *arena, size_t off, struct field_array *out);

#endif
