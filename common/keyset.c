/* keyset: 128-bit key hashes in 256 growing parts; see keyset.h. */
#include "keyset.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

static inline struct key128 fix_empty(struct key128 k)
{
	if (!k.lo && !k.hi)
		k.lo = 1;
	return k;
}

static inline struct keyset_part *part_of(const struct keyset *s, struct key128 k)
{
	return (struct keyset_part *)&s->parts[keyset_part(k)];
}

static inline uint32_t home(uint64_t lo, uint32_t capacity)
{
	return (uint32_t)(((unsigned __int128)lo * capacity) >> 64);
}

void keyset_init(struct keyset *s)
{
	memset(s, 0, sizeof *s);
}

void keyset_release(struct keyset *s)
{
	for (size_t i = 0; i < KEYSET_PARTS; i++)
		free(s->parts[i].slots);
	memset(s, 0, sizeof *s);
}

/* Inserts a key known to be absent into a part with room. */
static void place(struct keyset_part *p, struct key128 k)
{
	uint32_t j = home(k.lo, p->capacity);
	while (p->slots[j].lo || p->slots[j].hi)
		j = j + 1 == p->capacity ? 0 : j + 1;
	p->slots[j] = k;
}

static void grow(struct keyset *s, struct keyset_part *p)
{
	uint32_t old_capacity = p->capacity;
	struct key128 *old = p->slots;
	uint64_t capacity = old_capacity < 16 ? 16 : (uint64_t)old_capacity + old_capacity / 2;
	if (capacity > UINT32_MAX)
		die("out of memory: more than %u keys in one part of a key set", UINT32_MAX / 2);
	p->capacity = (uint32_t)capacity;
	/*
	 * Zeroed by writing, not calloc: calloc's fresh pages read first map
	 * the shared zero page, and the write after it costs a copy-on-write
	 * fault that flushes the TLB of every core running this process.
	 */
	p->slots = xmalloc(p->capacity * sizeof *p->slots);
	memset(p->slots, 0, p->capacity * sizeof *p->slots);
	/* Parts grow on several threads at once (keyset_part). */
	__atomic_fetch_add(&s->bytes, ((size_t)p->capacity - old_capacity) * sizeof *p->slots,
			   __ATOMIC_RELAXED);
	for (uint32_t i = 0; i < old_capacity; i++)
		if (old[i].lo || old[i].hi)
			place(p, old[i]);
	free(old);
}

/* The slot of key in its part: the key's, or the empty one where it would go. */
static struct key128 *probe(const struct keyset_part *p, struct key128 key)
{
	uint32_t j = home(key.lo, p->capacity);
	for (;;) {
		struct key128 *slot = &p->slots[j];
		if ((!slot->lo && !slot->hi) || (slot->lo == key.lo && slot->hi == key.hi))
			return slot;
		j = j + 1 == p->capacity ? 0 : j + 1;
	}
}

bool keyset_add(struct keyset *s, struct key128 key)
{
	key = fix_empty(key);
	struct keyset_part *p = part_of(s, key);
	/* Grow before the load passes 3/4 (and so before a part is ever full). */
	if (4 * ((uint64_t)p->count + 1) > 3 * (uint64_t)p->capacity)
		grow(s, p);
	struct key128 *slot = probe(p, key);
	if (slot->lo || slot->hi)
		return false;
	*slot = key;
	p->count++;
	return true;
}

bool keyset_has(const struct keyset *s, struct key128 key)
{
	key = fix_empty(key);
	const struct keyset_part *p = part_of(s, key);
	if (!p->capacity)
		return false;
	const struct key128 *slot = probe(p, key);
	return slot->lo || slot->hi;
}

void keyset_prefetch(const struct keyset *s, struct key128 key)
{
	key = fix_empty(key);
	const struct keyset_part *p = part_of(s, key);
	if (p->capacity)
		__builtin_prefetch(&p->slots[home(key.lo, p->capacity)]);
}

size_t keyset_bytes(const struct keyset *s)
{
	return sizeof *s + __atomic_load_n(&s->bytes, __ATOMIC_RELAXED);
}

size_t keyset_count(const struct keyset *s)
{
	size_t count = 0;
	for (size_t i = 0; i < KEYSET_PARTS; i++)
		count += s->parts[i].count;
	return count;
}

bool keyset_next(const struct keyset *s, size_t *cursor, struct key128 *key)
{
	/* The cursor: part in the high bits, slot in the low 32. */
	for (size_t part = *cursor >> 32, i = *cursor & 0xFFFFFFFFu; part < KEYSET_PARTS; part++, i = 0) {
		const struct keyset_part *p = &s->parts[part];
		for (; i < p->capacity; i++)
			if (p->slots[i].lo || p->slots[i].hi) {
				*key = p->slots[i];
				*cursor = (part << 32) | (i + 1);
				return true;
			}
	}
	*cursor = (size_t)KEYSET_PARTS << 32;
	return false;
}
