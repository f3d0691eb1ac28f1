/*
 * hashmap: an open-addressing table from 128-bit key hashes to 64-bit
 * values: the seen-sets and group tables of rill.
 *
 * Keys are XXH3-128 hashes (key.h), already uniformly random, so the low
 * word indexes the table directly and no string is stored: memory is 24
 * bytes per slot whatever the key's length.  Linear probing; the table
 * doubles at 70% load, so a lookup touches one or two cache lines.
 * (0, 0) is the empty marker; a real key equal to it is remapped.
 */
#ifndef RILL_HASHMAP_H
#define RILL_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "key.h"

struct hashmap_slot {
	struct key128 key;
	uint64_t value;
};

struct hashmap {
	struct hashmap_slot *slots;
	size_t mask;		/* capacity - 1; capacity is a power of two */
	size_t count;
};

void hashmap_init(struct hashmap *m, size_t expected);
void hashmap_release(struct hashmap *m);

/*
 * Finds `key`; if absent, inserts it with value `value`.  Returns the
 * slot's value pointer and sets *added.  The pointer is valid until the
 * next insertion.
 */
uint64_t *hashmap_put(struct hashmap *m, struct key128 key, uint64_t value, bool *added);
/* The value of `key`, or NULL. */
uint64_t *hashmap_get(const struct hashmap *m, struct key128 key);

/* Bytes held by the table (for --stats and memory bounds). */
size_t hashmap_bytes(const struct hashmap *m);

#endif
