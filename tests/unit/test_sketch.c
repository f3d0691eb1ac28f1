/*
 * Unit tests of common/sketch: what each sketch promises, checked against
 * exact counts on streams made here.  Bloom: no false negative, false
 * positives near the estimated rate.  HyperLogLog: estimates within a few
 * standard errors.  Space-Saving: every count an overestimate by at most
 * its error, every error at most N/k, every key counted more than N/k
 * times present.  MinHash: a copy is found with similarity 1, a near copy
 * near its Jaccard similarity, an unrelated text not at all; the saved
 * index loads to the same answers, and two saved indexes append.
 */
#include "../../common/key.h"
#include "../../common/sketch/bloom.h"
#include "../../common/sketch/hll.h"
#include "../../common/sketch/minhash.h"
#include "../../common/sketch/spacesaving.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct key128 key_of(uint64_t i)
{
	return key_hash(&i, sizeof i);
}

static void bloom_promises(void)
{
	struct bloom b;
	bloom_init(&b, 1 << 20);	/* 1 MiB: 8 million bits */
	enum { N = 400000 };
	size_t already = 0;
	for (uint64_t i = 0; i < N; i++)
		already += bloom_test_and_add(&b, key_of(i));
	bool all = true;
	for (uint64_t i = 0; i < N; i++)
		all &= bloom_test_and_add(&b, key_of(i));	/* no false negative */
	CHECK(all);
	CHECK(b.added == N - already);
	size_t fp = 0;
	for (uint64_t i = N; i < 2 * N; i++)
		fp += bloom_test_and_add(&b, key_of(i));
	/* Measured on the first half's filter while it grows: within twice the final estimate. */
	double rate = (double)fp / N, est = bloom_fp_rate(&b);
	CHECK(rate > 0 && rate < 2 * est);
	bloom_release(&b);
}

static void hll_promises(void)
{
	static const uint64_t sizes[] = { 0, 1, 100, 5000, 200000 };
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		struct hll h;
		hll_init(&h);
		for (uint64_t i = 0; i < sizes[s]; i++) {
			hll_add(&h, key_of(i));
			hll_add(&h, key_of(i));	/* duplicates change nothing */
		}
		double est = hll_estimate(&h), n = (double)sizes[s];
		/* Four standard errors, and small counts (linear counting) nearly exact. */
		CHECK(fabs(est - n) <= 4 * hll_error() * n + 1);
	}
	CHECK(fabs(hll_error() - 0.0081) < 0.0005);
}

static void spacesaving_promises(void)
{
	struct spacesaving ss;
	ss_init(&ss, 64 << 10);
	enum { KEYS = 20000, N = 300000 };
	static uint32_t truth[KEYS];
	uint64_t x = 88172645463325252ULL;
	for (size_t i = 0; i < N; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* Skewed: a few keys often, most rarely. */
		uint64_t k = (x % 1000 < 300) ? x % 20 : x % KEYS;
		truth[k]++;
		char name[24];
		int len = snprintf(name, sizeof name, "key%llu", (unsigned long long)k);
		struct field f = { name, (size_t)len };
		ss_add(&ss, key_of(k), &f, 1, 1);
	}
	CHECK(ss.total == N && ss.n > 0 && ss.n <= ss.k);
	double bound = (double)N / (double)ss.k;
	bool sound = true, small = true;
	bool *present = calloc(KEYS, sizeof *present);
	for (size_t i = 0; i < ss.n; i++) {
		const struct ss_counter *c = &ss.c[i];
		uint64_t k = 0;
		while (k < KEYS && !key_equal(key_of(k), c->key))
			k++;
		CHECK(k < KEYS);
		if (k == KEYS)
			continue;
		present[k] = true;
		sound &= c->count >= truth[k] && c->count - c->error <= truth[k];
		small &= (double)c->error <= bound;
	}
	CHECK(sound && small);
	bool heavy_present = true;
	for (size_t k = 0; k < KEYS; k++)
		if ((double)truth[k] > bound)
			heavy_present &= present[k];
	CHECK(heavy_present);
	CHECK(ss_bytes(&ss) <= (uint64_t)(64 << 10));
	free(present);
	ss_release(&ss);
}

/* The shingles of words w0..w(n-1) (here simply the word numbers, hashed). */
static size_t shingles(uint64_t *out, const uint64_t *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = key_of(words[i]).lo;
	return n;
}

static void minhash_promises(void)
{
	enum { H = 256, B = 32, W = 400 };
	struct minhash_index ix;
	minhash_init(&ix, H, B, 0.8);
	static uint64_t words[W], near[W], other[W], sh[W];
	for (size_t i = 0; i < W; i++) {
		words[i] = i;
		near[i] = i < 20 ? 10000 + i : i;	/* 380 of 400 shared: Jaccard 380/420 */
		other[i] = 50000 + i;
	}
	uint32_t sig[H];
	minhash_signature(&ix, sh, shingles(sh, words, W), sig);
	uint64_t id;
	double sim;
	CHECK(!minhash_find(&ix, sig, &id, &sim));
	minhash_add(&ix, sig, 7);
	CHECK(minhash_find(&ix, sig, &id, &sim) && id == 7 && sim == 1);
	minhash_signature(&ix, sh, shingles(sh, near, W), sig);
	CHECK(minhash_find(&ix, sig, &id, &sim) && id == 7 && fabs(sim - 380.0 / 420) < 0.01);
	uint32_t other_sig[H];
	minhash_signature(&ix, sh, shingles(sh, other, W), other_sig);
	CHECK(!minhash_find(&ix, other_sig, &id, &sim));
	/* Saved and loaded: the same answers. */
	struct buf saved = BUF_INIT;
	minhash_save(&ix, &saved);
	struct minhash_index back;
	minhash_init(&back, H, B, 0.8);
	CHECK(minhash_load(&back, saved.data, saved.len));
	CHECK(minhash_find(&back, sig, &id, &sim));
	CHECK(!minhash_find(&back, other_sig, &id, &sim));
	CHECK(!minhash_load(&back, saved.data, saved.len / 2));	/* cut short: refused */
	/* Two saved indexes appended: the union. */
	minhash_add(&ix, other_sig, 9);
	struct buf second = BUF_INIT, merged = BUF_INIT;
	minhash_save(&ix, &second);
	CHECK(minhash_append_saved(&merged, saved.data, saved.len));
	CHECK(minhash_append_saved(&merged, second.data, second.len));
	struct minhash_index both;
	minhash_init(&both, H, B, 0.8);
	CHECK(minhash_load(&both, merged.data, merged.len));
	CHECK(both.nsigs == 3 && minhash_find(&both, other_sig, &id, &sim) && id == 0);
	minhash_release(&both);
	minhash_release(&back);
	minhash_release(&ix);
	buf_release(&saved);
	buf_release(&second);
	buf_release(&merged);
}

int main(void)
{
	RUN_TEST(bloom_promises);
	RUN_TEST(hll_promises);
	RUN_TEST(spacesaving_promises);
	RUN_TEST(minhash_promises);
	CHECK_DONE();
}
