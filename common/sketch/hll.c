/* hll: HyperLogLog (Flajolet et al. 2007, with linear counting for small sets). */
#include "hll.h"

#include <math.h>
#include <string.h>

void hll_init(struct hll *h)
{
	memset(h->reg, 0, sizeof h->reg);
}

void hll_add(struct hll *h, struct key128 key)
{
	/* The high bits pick the register; the rank comes from the other word. */
	uint32_t index = (uint32_t)(key.hi >> (64 - HLL_PRECISION));
	uint64_t w = key.lo;
	uint8_t rank = w ? (uint8_t)(__builtin_clzll(w) + 1) : 65;
	if (rank > h->reg[index])
		h->reg[index] = rank;
}

double hll_estimate(const struct hll *h)
{
	const double m = HLL_REGISTERS;
	double sum = 0;
	unsigned zeros = 0;
	for (unsigned i = 0; i < HLL_REGISTERS; i++) {
		sum += ldexp(1.0, -h->reg[i]);
		zeros += h->reg[i] == 0;
	}
	double alpha = 0.7213 / (1 + 1.079 / m);
	double e = alpha * m * m / sum;
	if (e <= 2.5 * m && zeros)
		e = m * log(m / zeros);
	return e;
}

double hll_error(void)
{
	return 1.04 / sqrt((double)HLL_REGISTERS);
}
