/*
 * utf8: validation of UTF-8 text, and repair under --invalid=replace.
 *
 * Valid means RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF.  On x86-64 with AVX2 text is checked 32 bytes at a time by a
 * SIMD validator (chosen at run time); elsewhere runs of ASCII are
 * skipped eight bytes at a time.
 *
 * Repair follows the Unicode "maximal subpart" practice (as Python and
 * browsers do): each maximal invalid prefix of a sequence becomes one
 * U+FFFD, so the count of replacements matches what other tools report.
 */
#ifndef RILL_UTF8_H
#define RILL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Length of the longest valid prefix of s[0..len); == len when all valid. */
size_t utf8_valid_prefix(const char *s, size_t len);
/* The same, and how many bytes of that valid prefix equal c (a block's lines, in the same pass). */
size_t utf8_valid_prefix_count(const char *s, size_t len, char c, size_t *count);

/*
 * A look at the valid prefix during the same pass, for a check that cares
 * only where two characters beyond ASCII stand side by side or a C2 byte
 * (U+0080-U+00BF) is (common/mojibake).  The pass calls check(s, len,
 * from, to) on regions that hold such places, from the start, until it
 * returns a position (not SIZE_MAX): `found`, or SIZE_MAX if none in the
 * valid prefix.  The check may read s[0, len) around the region.
 */
struct utf8_watch {
	size_t (*check)(const unsigned char *s, size_t len, size_t from, size_t to);
	size_t found;
};
size_t utf8_valid_prefix_watch(const char *s, size_t len, char c, size_t *count,
			       struct utf8_watch *watch);

static inline bool utf8_valid(const char *s, size_t len)
{
	return utf8_valid_prefix(s, len) == len;
}

/*
 * Append s to out with each invalid sequence replaced by U+FFFD.
 * Returns the number of replacements made.
 */
size_t utf8_repair(struct buf *out, const char *s, size_t len);

/* Is every byte below 0x80?  (utf8_skip_ascii over all of it.) */
bool utf8_is_ascii(const char *s, size_t len);

/*
 * The first position from i that holds a non-ASCII byte (or len), 16
 * bytes at a time (SSE2 is part of x86-64): inline, for the short gaps
 * between accents and curly quotes, where a call to a vector scanner
 * costs more than the gap.
 */
static inline size_t utf8_skip_ascii(const unsigned char *s, size_t i, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t w;
#if defined(__SSE2__)
	for (; i + 16 <= len; i += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i + 8 <= len; i += 8) {
		__builtin_memcpy(&w, s + i, 8);
		if (w & high)
			return i + ((size_t)__builtin_ctzll(w & high) >> 3);
	}
	if (i >= len)
		return len;
	if (len < 8) {
		while (i < len && s[i] < 0x80)
			i++;
		return i;
	}
	/* The last eight bytes, those before i shifted out: no loop per byte. */
	__builtin_memcpy(&w, s + len - 8, 8);
	w = (w & high) >> (8 * (i - (len - 8)));
	return w ? i + ((size_t)__builtin_ctzll(w) >> 3) : len;
}

/* Length in bytes of the valid sequence at s (1..4), or 0 if invalid. */
size_t utf8_seq_len(const unsigned char *s, size_t avail);

/* Unicode White_Space (a no-break space too). */
static inline bool utf8_is_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/*
 * Decodes the character at s.  An invalid byte (possible only under
 * --invalid=keep) decodes as U+FFFD of length 1, so iteration always
 * advances.
 */
static inline uint32_t utf8_decode(const unsigned char *s, size_t avail, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	size_t n = utf8_seq_len(s, avail);
	*len = n ? n : 1;
	switch (n) {
	case 2: return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	case 3: return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	case 4:
		return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		       ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	default: return 0xFFFD;
	}
}

/*
 * The character that ends at position i (start < i), and where it starts
 * (*at): back over at most three continuation bytes, never before start.
 * For the scans that look at the end of a text first.
 */
static inline uint32_t utf8_decode_before(const unsigned char *s, size_t start, size_t i,
					  size_t *at)
{
	size_t k = i - 1, n;
	while (k > start && (s[k] & 0xC0) == 0x80 && i - k < 4)
		k--;
	*at = k;
	return utf8_decode(s + k, i - k, &n);
}

#endif
