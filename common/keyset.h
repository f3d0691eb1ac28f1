/*
 * keyset: a set of 128-bit key hashes, the seen-set of rill-dedupe and of
 * its state files, in as little memory as a table of hashes allows.
 *
 * 16 bytes a slot (the key alone: no value), load kept between 0.5 and
 * 0.75 by growing by half at a time (a quarter moved each key five times
 * over, measured a third slower), and the keys spread over 256 parts by
 * their high bits, each part its own linear-probing table that grows
 * alone: so growing never holds two copies of the whole set, and the peak
 * is the set plus one part.  21 to 32 bytes per key.  A key's slot in its
 * part is its low word scaled to the part's size (Lemire's fastrange), so
 * parts can have any size, not only powers of two.  (0, 0) marks an empty
 * slot; a real key equal to it is stored as (1, 0), which is itself a
 * hash no real text is expected to have.
 */
#ifndef RILL_KEYSET_H
#define RILL_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "key.h"

#define KEYSET_PARTS 256

struct keyset {
	struct keyset_part {
		struct key128 *slots;
		uint32_t capacity, count;
	} parts[KEYSET_PARTS];
	size_t bytes;		/* held by the parts' tables: atomic (see keyset_part) */
};

void keyset_init(struct keyset *s);
void keyset_release(struct keyset *s);

/* Adds a key; true if it was not there. */
bool keyset_add(struct keyset *s, struct key128 key);
bool keyset_has(const struct keyset *s, struct key128 key);

/* Starts fetching the memory a keyset_add or keyset_has of key will read. */
void keyset_prefetch(const struct keyset *s, struct key128 key);

/* Bytes held (for --stats and --memory). */
size_t keyset_bytes(const struct keyset *s);
/* Keys held. */
size_t keyset_count(const struct keyset *s);

/*
 * The part of a key, 0..KEYSET_PARTS-1: threads may add and look up keys
 * of different parts at the same time.
 */
static inline unsigned keyset_part(struct key128 key)
{
	return (unsigned)(key.hi >> 56);
}

/*
 * Iteration: `*cursor` starts at 0; each call gives the next key, false
 * after the last.  Adding keys during an iteration is not allowed.
 */
bool keyset_next(const struct keyset *s, size_t *cursor, struct key128 *key);

#endif
