/* utf8: validation and repair; see utf8.h. */
#include "utf8.h"
#include "byteset.h"
#include "cpu.h"

#include <stdint.h>

size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		if (avail < 2 || (s[1] & 0xC0) != 0x80)
			return 0;
		return 2;
	}
	if (c < 0xF0) {
		if (avail < 3)
			return 0;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;	/* no surrogates */
		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c < 0xF5) {
		if (avail < 4)
			return 0;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;	/* nothing above U+10FFFF */
		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

bool utf8_is_ascii(const char *s, size_t len)
{
	return utf8_skip_ascii((const unsigned char *)s, 0, len) == len;
}

/* The exact, byte-by-byte check, from position i (a character boundary). */
static size_t scalar_valid_prefix(const char *str, size_t len, size_t i)
{
	const unsigned char *s = (const unsigned char *)str;
	while (i < len) {
		/* ASCII fast path, 32 then 8 bytes at a time. */
		while (i + 32 <= len) {
			uint64_t w[4];
			__builtin_memcpy(w, s + i, 32);
			if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL)
				break;
			i += 32;
		}
		i = utf8_skip_ascii(s, i, len);
		if (i >= len)
			break;
		size_t n = utf8_seq_len(s + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

/* The chunks a watch should look at, noted by the vector loop. */
enum { SPOTS = 64 };
struct spots {
	size_t at[SPOTS];	/* the chunk */
	uint32_t mask[SPOTS];	/* its bytes that end a run of four or are C2 */
	size_t n;
	bool more;	/* more than SPOTS: the rest from the last is looked at whole */
};

#if defined(__x86_64__)
#include <immintrin.h>

/*
 * UTF-8 validation with AVX2, by the lookup method of Keiser and Lemire,
 * "Validating UTF-8 in less than one instruction per byte" (2021): three
 * nibble lookups classify each byte pair, and a saturating-subtract test
 * catches the third and fourth bytes.  It says only whether a chunk holds
 * an error, so it returns a character boundary before the first bad chunk
 * and the scalar code finds the exact position.  Real news text has a
 * non-ASCII character every few dozen bytes, which defeats an ASCII-only
 * fast path; this one runs at several GB/s whatever the mix.
 */
enum {
	TOO_SHORT = 1 << 0, TOO_LONG = 1 << 1, OVERLONG_3 = 1 << 2, TOO_LARGE = 1 << 3,
	SURROGATE = 1 << 4, OVERLONG_2 = 1 << 5, TOO_LARGE_1000 = 1 << 6, OVERLONG_4 = 1 << 6,
	TWO_CONTS = 1 << 7, CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

static const uint8_t byte1_high_table[16] = {
	TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
	TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
	TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
};
static const uint8_t byte1_low_table[16] = {
	CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
	CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
	CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
	CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
};
static const uint8_t byte2_high_table[16] = {
	TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
	TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
	TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
};
/* The largest byte allowed in each of the last three places of a chunk. */
static const uint8_t max_tail_table[32] = {
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	0xF0 - 1, 0xE0 - 1, 0xC0 - 1,
};

__attribute__((target("avx2"))) static inline __m256i table16(const uint8_t *t)
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t));
}

__attribute__((target("avx2"))) static inline __m256i prev_bytes(__m256i in, __m256i prev, int n)
{
	__m256i shifted = _mm256_permute2x128_si256(prev, in, 0x21);
	switch (n) {
	case 1: return _mm256_alignr_epi8(in, shifted, 15);
	case 2: return _mm256_alignr_epi8(in, shifted, 14);
	default: return _mm256_alignr_epi8(in, shifted, 13);
	}
}

__attribute__((target("avx2"), always_inline)) static inline __m256i
chunk_errors(__m256i in, __m256i prev1, __m256i prev2, __m256i prev3)
{
	const __m256i low4 = _mm256_set1_epi8(0x0F);
	__m256i sc = _mm256_and_si256(
		_mm256_and_si256(
			_mm256_shuffle_epi8(table16(byte1_high_table),
					    _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low4)),
			_mm256_shuffle_epi8(table16(byte1_low_table), _mm256_and_si256(prev1, low4))),
		_mm256_shuffle_epi8(table16(byte2_high_table),
				    _mm256_and_si256(_mm256_srli_epi16(in, 4), low4)));
	__m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8(0xE0 - 0x80));
	__m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8(0xF0 - 0x80));
	__m256i must23 = _mm256_and_si256(_mm256_or_si256(third, fourth),
					  _mm256_set1_epi8((char)0x80));
	return _mm256_xor_si256(must23, sc);
}

/*
 * A character boundary at or before the end i of the checked bytes: a
 * sequence started in the last three bytes may be unfinished or be the
 * one in error, so step back over them and to the start of the character.
 */
static size_t safe_boundary(const unsigned char *s, size_t i)
{
	i = i > 3 ? i - 3 : 0;
	for (int k = 0; k < 3 && i > 0 && (s[i] & 0xC0) == 0x80; k++)
		i--;
	return i;
}

/*
 * A boundary before which s is valid UTF-8, found 32 bytes at a time; and,
 * if count is not NULL, how many bytes equal c lie before *scanned (the
 * end of the last chunk looked at, at or past the boundary): counting
 * lines while the bytes are in registers anyway saves the reader a pass.
 */
__attribute__((target("avx2,popcnt"), always_inline)) static inline size_t
valid_upto(const unsigned char *s, size_t len, unsigned char c, size_t *count, size_t *scanned,
	   struct spots *spots)
{
	__m256i prev = _mm256_setzero_si256(), want = _mm256_set1_epi8((char)c);
	const __m256i c2 = _mm256_set1_epi8((char)0xC2);
	size_t i = 0, n = 0;
	for (; i + 32 <= len; i += 32) {
		__m256i in = _mm256_loadu_si256((const __m256i *)(s + i));
		__m256i err;
		if (_mm256_movemask_epi8(in) == 0) {
			/* ASCII: only an unfinished sequence at the end of prev can be wrong. */
			err = _mm256_subs_epu8(prev, _mm256_loadu_si256((const __m256i *)max_tail_table));
		} else {
			__m256i prev1 = prev_bytes(in, prev, 1), prev2 = prev_bytes(in, prev, 2);
			__m256i prev3 = prev_bytes(in, prev, 3);
			err = chunk_errors(in, prev1, prev2, prev3);
			if (spots) {
				/* Four bytes beyond ASCII in a row (two such characters side by side), or C2. */
				__m256i run = _mm256_and_si256(_mm256_and_si256(in, prev1),
							       _mm256_and_si256(prev2, prev3));
				__m256i spot = _mm256_or_si256(run, _mm256_cmpeq_epi8(in, c2));
				/* Noted, not checked here: a call would cost the loop its registers. */
				uint32_t mask = (uint32_t)_mm256_movemask_epi8(spot);
				if (mask) {
					if (spots->n < SPOTS) {
						spots->at[spots->n] = i;
						spots->mask[spots->n++] = mask;
					} else {
						spots->more = true;
					}
				}
			}
		}
		if (!_mm256_testz_si256(err, err))
			break;
		if (count)
			n += (size_t)_mm_popcnt_u32((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(in, want)));
		prev = in;
	}
	if (count) {
		*count = n;
		*scanned = i;
	}
	return safe_boundary(s, i);
}

/* Made twice, so the pass that watches nothing has none of the watching in its loop. */
__attribute__((target("avx2,popcnt"))) static size_t avx2_valid_upto(const unsigned char *s,
								      size_t len, unsigned char c,
								      size_t *count, size_t *scanned)
{
	return valid_upto(s, len, c, count, scanned, NULL);
}

__attribute__((target("avx2,popcnt"))) static size_t avx2_valid_upto_watch(const unsigned char *s,
									    size_t len, unsigned char c,
									    size_t *count, size_t *scanned,
									    struct spots *spots)
{
	return valid_upto(s, len, c, count, scanned, spots);
}

#endif

size_t utf8_valid_prefix(const char *str, size_t len)
{
	size_t i = 0;
#if defined(__x86_64__)
	if (len >= 64 && cpu_has_avx2())
		i = avx2_valid_upto((const unsigned char *)str, len, 0, NULL, NULL);
#endif
	return scalar_valid_prefix(str, len, i);
}

size_t utf8_valid_prefix_count(const char *str, size_t len, char c, size_t *count)
{
	return utf8_valid_prefix_watch(str, len, c, count, NULL);
}

size_t utf8_valid_prefix_watch(const char *str, size_t len, char c, size_t *count,
			       struct utf8_watch *watch)
{
	size_t i = 0, n = 0, scanned = 0;
	struct spots spots;
	spots.n = 0;
	spots.more = false;
#if defined(__x86_64__)
	if (len >= 64 && cpu_has_avx2())
		i = watch ? avx2_valid_upto_watch((const unsigned char *)str, len, (unsigned char)c, &n,
						  &scanned, &spots)
			  : avx2_valid_upto((const unsigned char *)str, len, (unsigned char)c, &n, &scanned);
#endif
	size_t valid = scalar_valid_prefix(str, len, i);
	if (watch) {
		const unsigned char *s = (const unsigned char *)str;
		size_t at = SIZE_MAX, k;
		for (k = 0; k < spots.n && at == SIZE_MAX; k++) {
			/* From three bytes before the first byte marked to the last. */
			size_t from = spots.at[k] + (size_t)__builtin_ctz(spots.mask[k]);
			size_t to = spots.at[k] + 32 - (size_t)__builtin_clz(spots.mask[k]);
			from = from > 3 ? from - 3 : 0;
			at = watch->check(s, valid, from, to < valid ? to : valid);
		}
		/* Past the last spot noted: all of it if there were more, else what the loop did not see. */
		size_t rest = spots.more && spots.n ? spots.at[spots.n - 1] + 32 : scanned;
		if (at == SIZE_MAX && rest < valid)
			at = watch->check(s, valid, rest > 3 ? rest - 3 : 0, valid);
		watch->found = at;
	}
	/* The chunks counted end at `scanned`: the count is brought to `valid`. */
	if (valid >= scanned)
		n += bytes_count(str + scanned, valid - scanned, (unsigned char)c);
	else
		n -= bytes_count(str + valid, scanned - valid, (unsigned char)c);
	*count = n;
	return valid;
}

/* Length of the maximal subpart of an ill-formed sequence at s (>= 1). */
static size_t maximal_subpart(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c < 0xE0)
		need = 2;
	else if (c >= 0xE0 && c < 0xF0) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c < 0xF5) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
	} else
		return 1;
	size_t i = 1;
	if (i < avail && s[i] >= lo && s[i] <= hi) {
		i++;
		while (i < need && i < avail && (s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

size_t utf8_repair(struct buf *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t replaced = 0, i = 0;
	while (i < len) {
		size_t good = utf8_valid_prefix((const char *)s + i, len - i);
		buf_add(out, s + i, good);
		i += good;
		if (i >= len)
			break;
		buf_add(out, "\xEF\xBF\xBD", 3);
		i += maximal_subpart(s + i, len - i);
		replaced++;
	}
	return replaced;
}
