/*
 * lookahead: a short queue of records whose keys were hashed but not yet
 * looked up, so the hash-table slot of each can be prefetched while the
 * next few records are read.  Tables of millions of keys live far outside
 * the cache; a lookup right after the hash stalls on memory, while a few
 * overlapping fetches cost little more than one.  Tools push each record
 * (its fields are copied: the reader may reuse its buffers) and resolve
 * the oldest one when the queue is full, and all of them at the end, so
 * records are still decided and written in input order.
 */
#ifndef RILL_LOOKAHEAD_H
#define RILL_LOOKAHEAD_H

#include <stdbool.h>

#include "buf.h"
#include "fields.h"
#include "key.h"
#include "records.h"

enum { LOOKAHEAD_DEPTH = 16, LOOKAHEAD_MAX_BYTES = 4096 };

struct lookahead_entry {
	struct key128 hash;
	struct record rec;		/* its text is kept only with keep_text: its fields are */
	struct field_array fields;
	double amount;
	bool flag;
	struct buf data;
};

struct lookahead {
	struct lookahead_entry ring[LOOKAHEAD_DEPTH];
	unsigned head, n;
	bool keep_text;			/* copy each record's text too (jsonl to jsonl passes it on) */
};

/* Fields of more than LOOKAHEAD_MAX_BYTES are not worth copying: resolve them at once. */
bool lookahead_fits(const struct field *f, size_t n);

/* The oldest entry, removed, when the queue is full (or, with `all`, not empty); else NULL. */
struct lookahead_entry *lookahead_pop(struct lookahead *la, bool all);

/* Adds a record after the caller popped what lookahead_pop gave and prefetched its slot. */
struct lookahead_entry *lookahead_push(struct lookahead *la, struct key128 hash,
				       const struct record *rec, const struct field *f, size_t n);

void lookahead_release(struct lookahead *la);

#endif
