/*
 * hashmap: an open-addressing table from 128-bit key hashes to 64-bit
 * values: the seen-sets and group tables of rill.
 *
 * Keys are XXH3-128 hashes (key.h), already uniformly random, so the low
 * word indexes the table directly and no string is stored: memory is 32
 * bytes per slot whatever the key's length (two slots to a cache line).
 * Each slot holds a value (a count, a sum) and an aux word (an index into
 * the caller's side data), so the common update touches one cache line.
 * Linear probing; the table doubles at 70% load.
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
	union {
		uint64_t u;
		double d;
	} value;
	uint64_t aux;
};

struct hashmap {
	struct hashmap_slot *slots;
	size_t mask;		/* capacity - 1; capacity is a power of two */
	size_t count;
};

void hashmap_init(struct hashmap *m, size_t expected);
void hashmap_release(struct hashmap *m);
/*
 * Room for n keys without growing.  Before adding another table's keys in
 * its slot order: into a smaller table they would land in runs that make
 * every later probe long (the merge of rill-count's worker tables).
 */
void hashmap_reserve(struct hashmap *m, size_t n);

/*
 * Finds `key`; if absent, inserts it with a zero value and aux.  Returns
 * the slot and sets *added.  The pointer is valid until the next insertion.
 */
struct hashmap_slot *hashmap_put(struct hashmap *m, struct key128 key, bool *added);
/* The slot of `key`, or NULL.  Inline: rill-tag looks up every word. */
static inline struct hashmap_slot *hashmap_get(const struct hashmap *m, struct key128 key)
{
	if (key.lo == 0 && key.hi == 0)
		key.hi = 1;	/* as stored: (0, 0) marks an empty slot */
	for (size_t j = key.lo & m->mask;; j = (j + 1) & m->mask) {
		struct hashmap_slot *s = &m->slots[j];
		if (s->key.lo == key.lo && s->key.hi == key.hi)
			return s;
		if (s->key.lo == 0 && s->key.hi == 0)
			return NULL;
	}
}

/* Starts fetching the slot a lookup of `key` reads first. */
static inline void hashmap_prefetch(const struct hashmap *m, struct key128 key)
{
	__builtin_prefetch(&m->slots[key.lo & m->mask]);
}

/* Removes `key` if present (backward-shift deletion: no tombstones). */
void hashmap_remove(struct hashmap *m, struct key128 key);

/* Bytes held by the table (for --stats and memory bounds). */
size_t hashmap_bytes(const struct hashmap *m);

#endif
