/* byteset: first byte of a small set, with AVX2 where there is; see byteset.h. */
#include "byteset.h"
#include "cpu.h"
#include "diag.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void byteset_init(struct byteset *set, const char *chars, int n, bool high)
{
	if (n > BYTESET_MAX)
		bug("byteset: %d bytes, at most %d", n, BYTESET_MAX);
	memset(set, 0, sizeof *set);
	for (int i = 0; i < n; i++) {
		set->bytes[i] = (unsigned char)chars[i];
		set->member[(unsigned char)chars[i]] = true;
	}
	set->n = n;
	set->high = high;
	if (high)
		for (int c = 0x80; c < 0x100; c++)
			set->member[c] = true;
}

static size_t scalar_scan(const struct byteset *set, const unsigned char *p, size_t i, size_t len)
{
	while (i < len && !set->member[p[i]])
		i++;
	return i;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"))) static size_t avx2_scan(const struct byteset *set,
							 const unsigned char *p, size_t len)
{
	__m256i want[BYTESET_MAX];
	for (int k = 0; k < set->n; k++)
		want[k] = _mm256_set1_epi8((char)set->bytes[k]);
	/* len >= 32: the last 32 bytes are loaded again, those before i shifted out, for no loop per byte. */
	for (size_t i = 0; i < len; i += 32) {
		size_t at = i + 32 <= len ? i : len - 32;
		__m256i in = _mm256_loadu_si256((const __m256i *)(p + at));
		__m256i hit = set->high ? in : _mm256_setzero_si256();	/* high bit = >= 0x80 */
		for (int k = 0; k < set->n; k++)
			hit = _mm256_or_si256(hit, _mm256_cmpeq_epi8(in, want[k]));
		unsigned mask = (unsigned)_mm256_movemask_epi8(hit) >> (i - at);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
	return len;
}

#endif

size_t bytes_count(const void *p, size_t len, unsigned char c)
{
	const unsigned char *b = p;
	size_t count = 0, i = 0;
#if defined(__SSE2__)
	/*
	 * SSE2 is part of x86-64: each compare's -1s are subtracted into byte
	 * counters, summed (psadbw) before any of them can pass 255.
	 */
	__m128i want = _mm_set1_epi8((char)c), zero = _mm_setzero_si128();
	while (i + 16 <= len) {
		__m128i counts = zero;
		size_t stop = len - i >= 255 * 16 ? i + 255 * 16 : i + (len - i) / 16 * 16;
		for (; i < stop; i += 16) {
			__m128i in = _mm_loadu_si128((const __m128i *)(b + i));
			counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(in, want));
		}
		__m128i sums = _mm_sad_epu8(counts, zero);
		count += (size_t)_mm_cvtsi128_si64(sums) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
	}
#endif
	for (; i < len; i++)
		count += b[i] == c;
	return count;
}

size_t byteset_scan_long(const struct byteset *set, const void *p, size_t len)
{
#if defined(__x86_64__)
	if (len >= 32 && cpu_has_avx2())
		return avx2_scan(set, p, len);
#endif
	return scalar_scan(set, p, 0, len);
}
