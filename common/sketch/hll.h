/*
 * hll: HyperLogLog distinct counting in fixed memory (rill-count
 * --distinct --approx).
 *
 * 2^14 one-byte registers (16 KiB) fed with the 128-bit key hashes of
 * key.h.  Guarantee: the estimate's relative standard error is
 * 1.04 / sqrt(2^14) = 0.81%, so about 95% of estimates fall within 1.6% of
 * the truth, whatever the number of distinct keys; small cardinalities use
 * linear counting, which is near exact.  Two sketches of the same
 * precision merge by taking register maxima.
 */
#ifndef RILL_HLL_H
#define RILL_HLL_H

#include <stdint.h>

#include "../key.h"

#define HLL_PRECISION 14
#define HLL_REGISTERS (1u << HLL_PRECISION)

struct hll {
	uint8_t reg[HLL_REGISTERS];
};

void hll_init(struct hll *h);
void hll_add(struct hll *h, struct key128 key);
double hll_estimate(const struct hll *h);
/* The relative standard error of hll_estimate(). */
double hll_error(void);

#endif
