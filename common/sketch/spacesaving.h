/*
 * spacesaving: frequent keys in bounded memory (rill-count --memory), by
 * the Space-Saving algorithm (Metwally, Agrawal, El Abbadi 2005).
 *
 * At most k counters.  A key with a counter is incremented; a new key
 * takes a free counter, or else the counter with the smallest count m,
 * starting at m + weight with error m.  Guarantees, for a stream of total
 * weight N: every reported count c with error e has a true count in
 * [c - e, c]; e <= N / k; and every key whose true count exceeds N / k is
 * reported.  k is derived from a memory budget; key spellings are kept in
 * an arena that is compacted when half of it is garbage, and if long keys
 * still take the budget past its bound the counters are cut down (each
 * keeps its own guarantee).
 */
#ifndef RILL_SPACESAVING_H
#define RILL_SPACESAVING_H

#include <stddef.h>
#include <stdint.h>

#include "../buf.h"
#include "../hashmap.h"
#include "../records.h"

struct ss_counter {
	struct key128 key;
	uint64_t count, error;
	size_t spelling;	/* in the arena: fields as (uint32 length, bytes) */
	uint32_t spelling_len;
	uint32_t heap_pos;
};

struct spacesaving {
	size_t k;		/* counters allowed now */
	size_t k_alloc;		/* counters allocated */
	size_t n;		/* counters in use */
	struct ss_counter *c;
	uint32_t *heap;		/* min-heap of counter indices by count */
	struct hashmap map;	/* key -> counter index */
	struct buf arena;
	size_t garbage;		/* arena bytes of evicted spellings */
	uint64_t budget;	/* bytes */
	uint64_t total;		/* N: the stream's weight */
};

void ss_init(struct spacesaving *ss, uint64_t memory);
void ss_release(struct spacesaving *ss);
void ss_add(struct spacesaving *ss, struct key128 key, const struct field *spelling, size_t n,
	    uint64_t weight);
/* Bytes held (for the memory bound's tests and --stats). */
uint64_t ss_bytes(const struct spacesaving *ss);

#endif
