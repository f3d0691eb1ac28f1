/* minhash: signatures and banded LSH; see minhash.h. */
#include "minhash.h"
#include "../diag.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* A fast 64-bit mixer (the finalizer of SplitMix64). */
static inline uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

void minhash_init(struct minhash_index *ix, uint32_t hashes, uint32_t bands, double threshold)
{
	memset(ix, 0, sizeof *ix);
	ix->hashes = hashes;
	ix->bands = bands;
	ix->rows = hashes / bands;
	ix->threshold = threshold;
	hashmap_init(&ix->buckets, 1024);
	ix->seed32 = xmalloc(hashes * sizeof *ix->seed32);
	ix->band_keys = xmalloc(bands * sizeof *ix->band_keys);
	for (uint32_t i = 0; i < hashes; i++)
		ix->seed32[i] = (uint32_t)mix(0x9E3779B97F4A7C15ULL * (i + 1));
}

void minhash_release(struct minhash_index *ix)
{
	free(ix->sets);
	free(ix->set_at);
	free(ix->query);
	free(ix->sigs);
	free(ix->ids);
	free(ix->next);
	free(ix->seed32);
	free(ix->band_keys);
	free(ix->tmp);
	free(ix->examined);
	hashmap_release(&ix->buckets);
}


/*
 * The i-th hash function: x xor seed i, one multiply and one xor-shift.
 * x is already a well-mixed hash of the shingle and the seeds are random,
 * so one multiply spreads a seed's bits through the high bits that decide
 * a minimum; a second round of mixing cost 10% of --near's time and
 * changed neither precision nor recall on the generated corpus.
 */
static inline uint32_t hash32(uint32_t x, uint32_t seed)
{
	uint32_t h = (x ^ seed) * 0x846CA68BU;
	return h ^ (h >> 16);
}

static void signature_scalar(const struct minhash_index *ix, const uint32_t *xs, size_t n,
			     uint32_t *sig)
{
	for (size_t k = 0; k < n; k++)
		for (uint32_t i = 0; i < ix->hashes; i++) {
			uint32_t h = hash32(xs[k], ix->seed32[i]);
			if (h < sig[i])
				sig[i] = h;
		}
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "../cpu.h"

/*
 * The same functions, eight at a time, 32 functions per pass over the
 * shingles: their minima stay in four registers (no load and store of the
 * signature per shingle) and the four chains of multiplies overlap.
 */
__attribute__((target("avx2"))) static inline __m256i hash8(__m256i x, __m256i seed, __m256i c)
{
	__m256i h = _mm256_mullo_epi32(_mm256_xor_si256(x, seed), c);
	return _mm256_xor_si256(h, _mm256_srli_epi32(h, 16));
}

__attribute__((target("avx2"))) static void signature_avx2(const struct minhash_index *ix,
							    const uint32_t *xs, size_t n,
							    uint32_t *sig)
{
	const __m256i c = _mm256_set1_epi32((int)0x846CA68BU);
	uint32_t i = 0;
	for (; i + 32 <= ix->hashes; i += 32) {
		const __m256i s0 = _mm256_loadu_si256((const __m256i *)(ix->seed32 + i));
		const __m256i s1 = _mm256_loadu_si256((const __m256i *)(ix->seed32 + i + 8));
		const __m256i s2 = _mm256_loadu_si256((const __m256i *)(ix->seed32 + i + 16));
		const __m256i s3 = _mm256_loadu_si256((const __m256i *)(ix->seed32 + i + 24));
		__m256i m0 = _mm256_loadu_si256((const __m256i *)(sig + i));
		__m256i m1 = _mm256_loadu_si256((const __m256i *)(sig + i + 8));
		__m256i m2 = _mm256_loadu_si256((const __m256i *)(sig + i + 16));
		__m256i m3 = _mm256_loadu_si256((const __m256i *)(sig + i + 24));
		for (size_t k = 0; k < n; k++) {
			__m256i x = _mm256_set1_epi32((int)xs[k]);
			m0 = _mm256_min_epu32(m0, hash8(x, s0, c));
			m1 = _mm256_min_epu32(m1, hash8(x, s1, c));
			m2 = _mm256_min_epu32(m2, hash8(x, s2, c));
			m3 = _mm256_min_epu32(m3, hash8(x, s3, c));
		}
		_mm256_storeu_si256((__m256i *)(sig + i), m0);
		_mm256_storeu_si256((__m256i *)(sig + i + 8), m1);
		_mm256_storeu_si256((__m256i *)(sig + i + 16), m2);
		_mm256_storeu_si256((__m256i *)(sig + i + 24), m3);
	}
	for (; i < ix->hashes; i += 8) {
		const __m256i s0 = _mm256_loadu_si256((const __m256i *)(ix->seed32 + i));
		__m256i m0 = _mm256_loadu_si256((const __m256i *)(sig + i));
		for (size_t k = 0; k < n; k++)
			m0 = _mm256_min_epu32(m0, hash8(_mm256_set1_epi32((int)xs[k]), s0, c));
		_mm256_storeu_si256((__m256i *)(sig + i), m0);
	}
}
#endif

static int by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/*
 * Sorts 32-bit values: a least-significant-digit radix sort, four passes
 * of a byte, for the hundreds of shingles of every record (qsort's calls
 * through a comparison function cost three times as much).
 */
static void sort_u32(struct minhash_index *ix, uint32_t *v, size_t n)
{
	if (n < 64) {
		qsort(v, n, sizeof *v, by_value);
		return;
	}
	ALLOC_GROW(ix->tmp, n, ix->atmp);
	uint32_t *from = v, *to = ix->tmp;
	for (unsigned shift = 0; shift < 32; shift += 8) {
		size_t count[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[((from[i] >> shift) & 0xFF) + 1]++;
		for (size_t d = 1; d < 257; d++)
			count[d] += count[d - 1];
		for (size_t i = 0; i < n; i++)
			to[count[(from[i] >> shift) & 0xFF]++] = from[i];
		uint32_t *t = from;
		from = to;
		to = t;
	}
	/* Four passes: the sorted values are back in v. */
}

void minhash_query(struct minhash_index *ix, const uint64_t *shingles, size_t n)
{
	/* The shingles as 32-bit hashes, sorted and distinct: the exact set and the signature's input. */
	ALLOC_GROW(ix->query, n, ix->aquery);
	for (size_t k = 0; k < n; k++)
		ix->query[k] = (uint32_t)(mix(shingles[k]) >> 32);
	if (n)
		sort_u32(ix, ix->query, n);
	ix->nquery = 0;
	for (size_t k = 0; k < n; k++)
		if (!ix->nquery || ix->query[ix->nquery - 1] != ix->query[k])
			ix->query[ix->nquery++] = ix->query[k];
}

void minhash_set_query(struct minhash_index *ix, const uint32_t *set, size_t n)
{
	ALLOC_GROW(ix->query, n, ix->aquery);
	if (n)
		memcpy(ix->query, set, n * sizeof *set);
	ix->nquery = n;
}

void minhash_query_signature(const struct minhash_index *ix, uint32_t *sig)
{
	for (uint32_t i = 0; i < ix->hashes; i++)
		sig[i] = UINT32_MAX;
#if defined(__x86_64__)
	if (ix->hashes % 8 == 0 && cpu_has_avx2())
		signature_avx2(ix, ix->query, ix->nquery, sig);
	else
#endif
		signature_scalar(ix, ix->query, ix->nquery, sig);
}

void minhash_signature(struct minhash_index *ix, const uint64_t *shingles, size_t n,
		       uint32_t *sig)
{
	minhash_query(ix, shingles, n);
	minhash_query_signature(ix, sig);
}

/*
 * A band's key: 64 bits of a hash of the band's number and rows (the high
 * word is a constant), so the stages' band lines carry 16 hex digits and
 * file a band exactly as this index does.  Two bands that collide (about
 * once in 2^64 pairs) become one bucket in both: a pair more is measured.
 */
static struct key128 band_key(const struct minhash_index *ix, const uint32_t *sig, uint32_t band)
{
	uint32_t buf[1 + 256];
	buf[0] = band;
	memcpy(buf + 1, sig + band * ix->rows, ix->rows * sizeof *sig);
	return (struct key128){ XXH3_64bits(buf, (1 + ix->rows) * sizeof *buf), MINHASH_BAND_KEY_HI };
}

double minhash_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, both = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			both++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	size_t any = na + nb - both;
	return any ? (double)both / (double)any : 1.0;
}

bool minhash_near(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, double threshold,
		  double *similarity)
{
	/*
	 * Jaccard is at most the smaller set's size over the larger's (and the
	 * rounded quotients keep that order), so a pair whose sizes already
	 * rule it out is not merged.
	 */
	size_t lo = na < nb ? na : nb, hi = na < nb ? nb : na;
	if (hi && (double)lo / (double)hi < threshold)
		return false;
	*similarity = minhash_jaccard(a, na, b, nb);
	return *similarity >= threshold;
}

void minhash_band_keys(const struct minhash_index *ix, const uint32_t *sig, struct key128 *keys)
{
	for (uint32_t band = 0; band < ix->bands; band++)
		keys[band] = band_key(ix, sig, band);
}

bool minhash_find(struct minhash_index *ix, const uint32_t *sig, uint64_t *id,
		  double *best_similarity)
{
	double best = -1;
	size_t best_at = 0;
	/* All band keys first, their slots fetched together rather than one miss at a time. */
	struct key128 *keys = ix->band_keys;
	for (uint32_t band = 0; band < ix->bands; band++) {
		keys[band] = band_key(ix, sig, band);
		__builtin_prefetch(&ix->buckets.slots[keys[band].lo & ix->buckets.mask]);
	}
	/* A near copy shares most bands: each candidate is measured once (a stamp per kept record). */
	if (++ix->epoch == 0) {
		memset(ix->examined, 0, ix->nsigs * sizeof *ix->examined);
		ix->epoch = 1;
	}
	for (uint32_t band = 0; band < ix->bands; band++) {
		struct hashmap_slot *slot = hashmap_get(&ix->buckets, keys[band]);
		/* The kept records among the bucket's first MINHASH_BUCKET_RECORDS: all of its list. */
		for (uint32_t k = slot ? (uint32_t)slot->value.u : 0; k;
		     k = ix->next[(size_t)(k - 1) * ix->bands + band]) {
			if (ix->examined[k - 1] == ix->epoch)
				continue;
			ix->examined[k - 1] = ix->epoch;
			/* Every candidate is measured exactly (minhash_near), as the stages measure it. */
			double s;
			if (!minhash_near(ix->query, ix->nquery, ix->sets + ix->set_at[k - 1],
					  ix->set_at[k] - ix->set_at[k - 1], ix->threshold, &s))
				continue;
			if (s > best || (s == best && k - 1 < best_at)) {
				best = s;
				best_at = k - 1;
			}
		}
	}
	if (best < 0)
		return false;
	*id = ix->ids[best_at];
	*best_similarity = best;
	return true;
}

/*
 * The record's bands counted in their buckets, and (kept is the index of
 * its signature + 1) linked into those that have room: a bucket takes its
 * first MINHASH_BUCKET_RECORDS records, dropped ones counting too.
 */
static void file_bands(struct minhash_index *ix, const uint32_t *sig, uint32_t kept)
{
	for (uint32_t band = 0; band < ix->bands; band++) {
		bool added;
		struct hashmap_slot *slot = hashmap_put(&ix->buckets, band_key(ix, sig, band), &added);
		if (slot->aux >= MINHASH_BUCKET_RECORDS)
			continue;
		slot->aux++;
		if (kept) {
			/* Newest first in the bucket: O(1) insertion. */
			ix->next[(size_t)(kept - 1) * ix->bands + band] = (uint32_t)slot->value.u;
			slot->value.u = kept;
		}
	}
}

void minhash_count(struct minhash_index *ix, const uint32_t *sig)
{
	file_bands(ix, sig, 0);
}

void minhash_add(struct minhash_index *ix, const uint32_t *sig, uint64_t id)
{
	if (ix->nsigs == ix->asigs) {
		ix->asigs = alloc_grow_to(ix->asigs, ix->nsigs + 1);
		ix->sigs = xreallocarray(ix->sigs, ix->asigs * ix->hashes, sizeof *ix->sigs);
		ix->ids = xreallocarray(ix->ids, ix->asigs, sizeof *ix->ids);
		ix->next = xreallocarray(ix->next, ix->asigs * ix->bands, sizeof *ix->next);
		/* Where each signature's set starts, and where the last one ends. */
		ix->set_at = xreallocarray(ix->set_at, ix->asigs + 1, sizeof *ix->set_at);
		ix->examined = xreallocarray(ix->examined, ix->asigs, sizeof *ix->examined);
	}
	size_t k = ix->nsigs++;
	memcpy(ix->sigs + k * ix->hashes, sig, ix->hashes * sizeof *sig);
	if (k == 0)
		ix->set_at[0] = 0;
	ALLOC_GROW(ix->sets, ix->nsets + ix->nquery, ix->asets);
	if (ix->nquery)
		memcpy(ix->sets + ix->nsets, ix->query, ix->nquery * sizeof *ix->query);
	ix->nsets += ix->nquery;
	ix->set_at[k + 1] = ix->nsets;
	ix->ids[k] = id;
	ix->examined[k] = 0;
	file_bands(ix, sig, (uint32_t)k + 1);
}

/*
 * Saved form, little-endian: "MHIX", hashes (u32), bands (u32), kept count
 * (u64), then per kept record its signature (hashes u32) and its shingle
 * set (length u32, values u32).
 */
#define MINHASH_MAGIC "MHIX"

void minhash_save(const struct minhash_index *ix, struct buf *out)
{
	uint64_t n = ix->nsigs;
	buf_add(out, MINHASH_MAGIC, 4);
	buf_add(out, &ix->hashes, 4);
	buf_add(out, &ix->bands, 4);
	buf_add(out, &n, 8);
	for (size_t k = 0; k < ix->nsigs; k++) {
		uint32_t len = (uint32_t)(ix->set_at[k + 1] - ix->set_at[k]);
		buf_add(out, ix->sigs + k * ix->hashes, ix->hashes * sizeof *ix->sigs);
		buf_add(out, &len, 4);
		buf_add(out, ix->sets + ix->set_at[k], len * sizeof *ix->sets);
	}
}

bool minhash_load(struct minhash_index *ix, const void *data, size_t len)
{
	const unsigned char *d = data, *end = d + len;
	uint32_t hashes, bands, setlen;
	uint64_t n;
	if (len < 20 || memcmp(d, MINHASH_MAGIC, 4) != 0)
		return false;
	memcpy(&hashes, d + 4, 4);
	memcpy(&bands, d + 8, 4);
	memcpy(&n, d + 12, 8);
	if (hashes != ix->hashes || bands != ix->bands)
		return false;
	d += 20;
	uint32_t *sig = xmalloc(ix->hashes * sizeof *sig);
	bool ok = true;
	for (uint64_t k = 0; k < n && ok; k++) {
		size_t sigbytes = ix->hashes * sizeof *sig;
		if ((size_t)(end - d) < sigbytes + 4) {
			ok = false;
			break;
		}
		memcpy(sig, d, sigbytes);
		memcpy(&setlen, d + sigbytes, 4);
		d += sigbytes + 4;
		if ((size_t)(end - d) / 4 < setlen) {
			ok = false;
			break;
		}
		/* The saved set becomes the query set, which minhash_add keeps. */
		ALLOC_GROW(ix->query, (size_t)setlen, ix->aquery);
		memcpy(ix->query, d, (size_t)setlen * 4);
		ix->nquery = setlen;
		d += (size_t)setlen * 4;
		minhash_add(ix, sig, 0);
	}
	free(sig);
	return ok && d == end;
}

bool minhash_append_saved(struct buf *merged, const void *data, size_t len)
{
	/* The header (magic, hashes, bands) must agree; the counts add; the records follow. */
	if (len < 20 || memcmp(data, MINHASH_MAGIC, 4) != 0 ||
	    (merged->len && (merged->len < 20 || memcmp(merged->data, data, 12) != 0)))
		return false;
	uint64_t n, total = 0;
	memcpy(&n, (const char *)data + 12, 8);
	if (merged->len)
		memcpy(&total, merged->data + 12, 8);
	else
		buf_add(merged, data, 20);
	total += n;
	memcpy(merged->data + 12, &total, 8);
	buf_add(merged, (const char *)data + 20, len - 20);
	return true;
}
