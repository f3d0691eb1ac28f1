/* fieldpack: records packed in an arena; see fieldpack.h. */
#include "fieldpack.h"
#include "diag.h"

#include <stdint.h>
#include <string.h>

static void add_field(struct buf *arena, const struct field *f)
{
	uint32_t len = (uint32_t)f->len;
	if (len != f->len)
		die("a field of %zu bytes is too large to keep in memory", f->len);
	buf_add(arena, &len, sizeof len);
	buf_add(arena, f->data, f->len);
}

size_t fieldpack_add(struct buf *arena, const struct field *first, const struct field *f,
		     size_t n, size_t *size)
{
	size_t off = arena->len;
	uint32_t count = (uint32_t)(n + (first != NULL));
	buf_add(arena, &count, sizeof count);
	if (first)
		add_field(arena, first);
	for (size_t i = 0; i < n; i++)
		add_field(arena, &f[i]);
	if (size)
		*size = arena->len - off;
	return off;
}

void fieldpack_get(const struct buf *arena, size_t off, struct field_array *out)
{
	const char *p = arena->data + off;
	uint32_t count, len;
	memcpy(&count, p, sizeof count);
	p += sizeof count;
	out->n = 0;
	ALLOC_GROW(out->f, count, out->alloc);
	for (uint32_t i = 0; i < count; i++) {
		memcpy(&len, p, sizeof len);
		p += sizeof len;
		out->f[i].data = p;
		out->f[i].len = len;
		p += len;
	}
	out->n = count;
}
