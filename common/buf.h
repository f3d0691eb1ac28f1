/*
 * buf: a growable byte buffer, the one way rill builds strings.
 *
 * Invariants: `data` is NULL only while `alloc` is 0; after any append,
 * data[len] is a NUL byte (so a buffer can be handed to C APIs), but the
 * content may itself contain NULs: always use `len`.  Buffers are meant
 * to be reused: buf_reset() keeps the allocation, so a loop over records
 * that resets one buffer allocates only while records grow.
 */
#ifndef RILL_BUF_H
#define RILL_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for `extra` more bytes plus the terminating NUL. */
void buf_grow(struct buf *b, size_t extra);
void buf_release(struct buf *b);

static inline void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static inline void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->alloc - b->len <= n)
		buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void buf_addc(struct buf *b, char c)
{
	if (b->alloc - b->len <= 1)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

static inline void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
