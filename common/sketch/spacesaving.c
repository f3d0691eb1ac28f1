/* spacesaving: heavy hitters in bounded memory; see spacesaving.h. */
#include "spacesaving.h"
#include "../diag.h"
#include "../fieldpack.h"

#include <stdlib.h>
#include <string.h>

/* What one counter costs besides its spelling: the counter, its heap
 * entry, and its share of a hash table kept under 70% load. */
#define COUNTER_BYTES (sizeof(struct ss_counter) + sizeof(uint32_t) + \
		       2 * sizeof(struct hashmap_slot))
#define SPELLING_GUESS 48

uint64_t ss_bytes(const struct spacesaving *ss)
{
	return ss->k_alloc * (sizeof(struct ss_counter) + sizeof(uint32_t)) +
	       hashmap_bytes(&ss->map) + ss->arena.alloc;
}

void ss_init(struct spacesaving *ss, uint64_t memory)
{
	memset(ss, 0, sizeof *ss);
	ss->budget = memory;
	/* Room for the counters and twice a guessed spelling each (the arena may hold garbage). */
	uint64_t k = memory / (COUNTER_BYTES + 2 * SPELLING_GUESS);
	if (k < 16)
		die_usage("--memory=%llu bytes is too small for a frequency table (at least %llu)",
			  (unsigned long long)memory,
			  (unsigned long long)(16 * (COUNTER_BYTES + 2 * SPELLING_GUESS)));
	if (k > UINT32_MAX - 1)
		k = UINT32_MAX - 1;
	/*
	 * k is a ceiling: counters are allocated as keys come, so a large
	 * bound on a small input costs what the input needs (--memory=10G
	 * took 4.2 GB and 20 s on two lines when k was allocated at once).
	 */
	ss->k = (size_t)k;
	ss->k_alloc = ss->k < 1024 ? ss->k : 1024;
	ss->c = xmalloc(ss->k_alloc * sizeof *ss->c);
	ss->heap = xmalloc(ss->k_alloc * sizeof *ss->heap);
	hashmap_init(&ss->map, ss->k_alloc);
}

/* Room for one more counter, up to k. */
static void grow(struct spacesaving *ss)
{
	size_t want = ss->k_alloc * 2 < ss->k ? ss->k_alloc * 2 : ss->k;
	ss->c = xreallocarray(ss->c, want, sizeof *ss->c);
	ss->heap = xreallocarray(ss->heap, want, sizeof *ss->heap);
	ss->k_alloc = want;
}

void ss_release(struct spacesaving *ss)
{
	free(ss->c);
	free(ss->heap);
	hashmap_release(&ss->map);
	buf_release(&ss->arena);
}

static void heap_swap(struct spacesaving *ss, size_t a, size_t b)
{
	uint32_t t = ss->heap[a];
	ss->heap[a] = ss->heap[b];
	ss->heap[b] = t;
	ss->c[ss->heap[a]].heap_pos = (uint32_t)a;
	ss->c[ss->heap[b]].heap_pos = (uint32_t)b;
}

static void sift_down(struct spacesaving *ss, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < ss->n && ss->c[ss->heap[l]].count < ss->c[ss->heap[m]].count)
			m = l;
		if (r < ss->n && ss->c[ss->heap[r]].count < ss->c[ss->heap[m]].count)
			m = r;
		if (m == i)
			return;
		heap_swap(ss, i, m);
		i = m;
	}
}

static void sift_up(struct spacesaving *ss, size_t i)
{
	while (i > 0 && ss->c[ss->heap[(i - 1) / 2]].count > ss->c[ss->heap[i]].count) {
		heap_swap(ss, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void store_spelling(struct spacesaving *ss, struct ss_counter *c, const struct field *f,
			   size_t n)
{
	size_t size;
	c->spelling = fieldpack_add(&ss->arena, NULL, f, n, &size);
	c->spelling_len = (uint32_t)size;
}

/* Rewrites the live spellings into a new arena. */
static void compact(struct spacesaving *ss)
{
	struct buf fresh = BUF_INIT;
	buf_grow(&fresh, ss->arena.len - ss->garbage);
	for (size_t i = 0; i < ss->n; i++) {
		struct ss_counter *c = &ss->c[i];
		size_t at = fresh.len;
		buf_add(&fresh, ss->arena.data + c->spelling, c->spelling_len);
		c->spelling = at;
	}
	buf_release(&ss->arena);
	ss->arena = fresh;
	ss->garbage = 0;
}

/* Drops the smallest counter for good (long spellings took the budget). */
static void shrink(struct spacesaving *ss)
{
	uint32_t victim = ss->heap[0];
	hashmap_remove(&ss->map, ss->c[victim].key);
	ss->garbage += ss->c[victim].spelling_len;
	/* Move the last counter into the victim's place. */
	heap_swap(ss, 0, ss->n - 1);
	ss->n--;
	uint32_t last = (uint32_t)ss->n;
	if (victim != last) {
		ss->c[victim] = ss->c[last];
		ss->heap[ss->c[victim].heap_pos] = victim;
		hashmap_get(&ss->map, ss->c[victim].key)->value.u = victim;
	}
	if (ss->n)
		sift_down(ss, 0);
	ss->k = ss->n;
}

void ss_add(struct spacesaving *ss, struct key128 key, const struct field *spelling, size_t n,
	    uint64_t weight)
{
	ss->total += weight;
	struct hashmap_slot *slot = hashmap_get(&ss->map, key);
	if (slot) {
		struct ss_counter *c = &ss->c[slot->value.u];
		c->count += weight;
		sift_down(ss, c->heap_pos);
		return;
	}
	struct ss_counter *c;
	if (ss->n < ss->k) {
		if (ss->n == ss->k_alloc)
			grow(ss);
		c = &ss->c[ss->n];
		c->count = weight;
		c->error = 0;
		c->heap_pos = (uint32_t)ss->n;
		ss->heap[ss->n] = (uint32_t)ss->n;
		ss->n++;
		sift_up(ss, c->heap_pos);
	} else {
		/* Replace the minimum: the new key inherits its count as error. */
		c = &ss->c[ss->heap[0]];
		hashmap_remove(&ss->map, c->key);
		ss->garbage += c->spelling_len;
		c->error = c->count;
		c->count += weight;
		sift_down(ss, c->heap_pos);
	}
	c->key = key;
	bool added;
	hashmap_put(&ss->map, key, &added)->value.u = (uint64_t)(c - ss->c);
	store_spelling(ss, c, spelling, n);
	if (ss->garbage * 2 > ss->arena.len)
		compact(ss);
	/* Long keys took the budget: give up an eighth of the counters at a time. */
	while (ss_bytes(ss) > ss->budget && ss->n > 16) {
		size_t target = ss->n - ss->n / 8;
		while (ss->n > target)
			shrink(ss);
		compact(ss);
	}
}
