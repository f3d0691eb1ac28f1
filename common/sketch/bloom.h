/*
 * bloom: a Bloom filter over 128-bit key hashes, the seen-set of
 * rill-dedupe once its exact table would pass --memory.
 *
 * m bits and k = 7 probes by double hashing of the two 64-bit halves of
 * the key (Kirsch and Mitzenmacher).  No false negatives: a key added is
 * always found.  A key never added is found with probability about
 * (1 - e^(-kn/m))^k after n keys, which bloom_fp_rate() reports; at 10
 * bits a key that is under 1%.
 */
#ifndef RILL_BLOOM_H
#define RILL_BLOOM_H

#include <stdbool.h>
#include <stdint.h>

#include "../key.h"

struct bloom {
	uint64_t *bits;
	uint64_t nbits;
	uint64_t added;
};

void bloom_init(struct bloom *b, uint64_t bytes);
void bloom_release(struct bloom *b);
/* Adds the key; returns whether it was (probably) there already. */
bool bloom_test_and_add(struct bloom *b, struct key128 key);
/* The expected false-positive rate now. */
double bloom_fp_rate(const struct bloom *b);

#endif
