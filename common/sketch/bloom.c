/* bloom: Bloom filter over 128-bit hashes; see bloom.h. */
#include "bloom.h"
#include "../diag.h"

#include <math.h>
#include <stdlib.h>

#define BLOOM_PROBES 7

void bloom_init(struct bloom *b, uint64_t bytes)
{
	uint64_t words = bytes / 8 ? bytes / 8 : 1;
	b->bits = xcalloc(words, sizeof *b->bits);
	b->nbits = words * 64;
	b->added = 0;
}

void bloom_release(struct bloom *b)
{
	free(b->bits);
	b->bits = NULL;
}

bool bloom_test_and_add(struct bloom *b, struct key128 key)
{
	bool present = true;
	uint64_t h = key.lo, step = key.hi | 1;
	for (int i = 0; i < BLOOM_PROBES; i++) {
		uint64_t bit = h % b->nbits;
		uint64_t mask = 1ULL << (bit & 63);
		if (!(b->bits[bit >> 6] & mask)) {
			present = false;
			b->bits[bit >> 6] |= mask;
		}
		h += step;
	}
	if (!present)
		b->added++;
	return present;
}

double bloom_fp_rate(const struct bloom *b)
{
	double k = BLOOM_PROBES, n = (double)b->added, m = (double)b->nbits;
	return pow(1 - exp(-k * n / m), k);
}
