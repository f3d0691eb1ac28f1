/* hashmap: open addressing over 128-bit hashes; see hashmap.h. */
#include "hashmap.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

/* Slots on cache-line boundaries, so one never straddles two lines. */
static void *xaligned_calloc(size_t count, size_t size)
{
	void *p = NULL;
	if (posix_memalign(&p, 64, count * size) != 0)
		die("out of memory (%zu x %zu bytes)", count, size);
	return memset(p, 0, count * size);
}

static inline struct key128 fix_empty(struct key128 k)
{
	if (k.lo == 0 && k.hi == 0)
		k.hi = 1;
	return k;
}

static inline bool is_empty(const struct hashmap_slot *s)
{
	return s->key.lo == 0 && s->key.hi == 0;
}

void hashmap_init(struct hashmap *m, size_t expected)
{
	size_t cap = 16;
	while (cap * 7 / 10 < expected)
		cap *= 2;
	m->slots = xaligned_calloc(cap, sizeof *m->slots);
	m->mask = cap - 1;
	m->count = 0;
}

void hashmap_release(struct hashmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->mask = m->count = 0;
}

static void grow_to(struct hashmap *m, size_t cap)
{
	size_t old_cap = m->mask + 1;
	struct hashmap_slot *old = m->slots;
	m->slots = xaligned_calloc(cap, sizeof *m->slots);
	m->mask = cap - 1;
	for (size_t i = 0; i < old_cap; i++) {
		if (is_empty(&old[i]))
			continue;
		size_t j = old[i].key.lo & m->mask;
		while (!is_empty(&m->slots[j]))
			j = (j + 1) & m->mask;
		m->slots[j] = old[i];
	}
	free(old);
}

void hashmap_reserve(struct hashmap *m, size_t n)
{
	size_t cap = m->mask + 1;
	while (n * 10 > cap * 7)
		cap *= 2;
	if (cap > m->mask + 1)
		grow_to(m, cap);
}

struct hashmap_slot *hashmap_put(struct hashmap *m, struct key128 key, bool *added)
{
	key = fix_empty(key);
	if ((m->count + 1) * 10 > (m->mask + 1) * 7)
		grow_to(m, (m->mask + 1) * 2);
	size_t j = key.lo & m->mask;
	for (;;) {
		struct hashmap_slot *s = &m->slots[j];
		if (is_empty(s)) {
			s->key = key;
			s->value.u = 0;
			s->aux = 0;
			m->count++;
			*added = true;
			return s;
		}
		if (key_equal(s->key, key)) {
			*added = false;
			return s;
		}
		j = (j + 1) & m->mask;
	}
}

void hashmap_remove(struct hashmap *m, struct key128 key)
{
	key = fix_empty(key);
	size_t j = key.lo & m->mask;
	for (;;) {
		struct hashmap_slot *s = &m->slots[j];
		if (is_empty(s))
			return;
		if (key_equal(s->key, key))
			break;
		j = (j + 1) & m->mask;
	}
	/* Move later entries of the probe run back into the hole. */
	size_t hole = j;
	for (size_t k = (j + 1) & m->mask; !is_empty(&m->slots[k]); k = (k + 1) & m->mask) {
		size_t home = m->slots[k].key.lo & m->mask;
		/* Can the entry at k move to the hole?  Only if its home is not in (hole, k]. */
		bool movable = hole <= k ? (home <= hole || home > k) : (home <= hole && home > k);
		if (movable) {
			m->slots[hole] = m->slots[k];
			hole = k;
		}
	}
	memset(&m->slots[hole], 0, sizeof m->slots[hole]);
	m->count--;
}

size_t hashmap_bytes(const struct hashmap *m)
{
	return (m->mask + 1) * sizeof(struct hashmap_slot);
}
