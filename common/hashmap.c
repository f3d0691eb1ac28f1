/* hashmap: open addressing over 128-bit hashes; see hashmap.h. */
#include "hashmap.h"
#include "diag.h"

#include <stdlib.h>

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
	m->slots = xcalloc(cap, sizeof *m->slots);
	m->mask = cap - 1;
	m->count = 0;
}

void hashmap_release(struct hashmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->mask = m->count = 0;
}

static void grow(struct hashmap *m)
{
	size_t old_cap = m->mask + 1;
	struct hashmap_slot *old = m->slots;
	size_t cap = old_cap * 2;
	m->slots = xcalloc(cap, sizeof *m->slots);
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

uint64_t *hashmap_put(struct hashmap *m, struct key128 key, uint64_t value, bool *added)
{
	key = fix_empty(key);
	if ((m->count + 1) * 10 > (m->mask + 1) * 7)
		grow(m);
	size_t j = key.lo & m->mask;
	for (;;) {
		struct hashmap_slot *s = &m->slots[j];
		if (is_empty(s)) {
			s->key = key;
			s->value = value;
			m->count++;
			*added = true;
			return &s->value;
		}
		if (key_equal(s->key, key)) {
			*added = false;
			return &s->value;
		}
		j = (j + 1) & m->mask;
	}
}

uint64_t *hashmap_get(const struct hashmap *m, struct key128 key)
{
	key = fix_empty(key);
	size_t j = key.lo & m->mask;
	for (;;) {
		struct hashmap_slot *s = &m->slots[j];
		if (is_empty(s))
			return NULL;
		if (key_equal(s->key, key))
			return &s->value;
		j = (j + 1) & m->mask;
	}
}

size_t hashmap_bytes(const struct hashmap *m)
{
	return (m->mask + 1) * sizeof(struct hashmap_slot);
}
