/*
 * byteset: find the first byte of a small set in a buffer, 32 bytes at a
 * time with AVX2 (chosen at run time), a table lookup per byte elsewhere.
 *
 * The hot loops of rill look for a handful of bytes: the writer for the
 * bytes TSV escapes or CSV quotes, the sentence splitter for terminators
 * and line ends.  One helper serves them all.  A set holds up to eight
 * bytes, plus optionally every byte >= 0x80 (the start of non-ASCII text).
 */
#ifndef RILL_BYTESET_H
#define RILL_BYTESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BYTESET_MAX 8

struct byteset {
	bool member[256];
	unsigned char bytes[BYTESET_MAX];
	int n;
	bool high;
};

/* The set of every byte from 0x80, as a constant (no initialization to race on). */
#define BYTESET_NON_ASCII { .member = { [0x80 ... 0xFF] = true }, .n = 0, .high = true }

/* `chars` holds the n bytes of the set (NULs allowed); `high` adds 0x80-0xFF. */
void byteset_init(struct byteset *set, const char *chars, int n, bool high);

size_t byteset_scan_long(const struct byteset *set, const void *p, size_t len);

/* How many bytes of p[0..len) are c (the records of a run of lines). */
size_t bytes_count(const void *p, size_t len, unsigned char c);

/* Index of the first byte of p[0..len) in the set, or len. */
static inline size_t byteset_scan(const struct byteset *set, const void *p, size_t len)
{
	/* Short runs (a word, a number) are cheaper without the SIMD set-up. */
	if (len < 32) {
		const unsigned char *b = p;
		size_t i = 0;
		while (i < len && !set->member[b[i]])
			i++;
		return i;
	}
	return byteset_scan_long(set, p, len);
}

#endif
