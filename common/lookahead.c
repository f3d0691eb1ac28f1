/* lookahead: records queued between hashing and lookup; see lookahead.h. */
#include "lookahead.h"

#include "diag.h"

bool lookahead_fits(const struct field *f, size_t n)
{
	size_t bytes = 0;
	for (size_t i = 0; i < n; i++)
		bytes += f[i].len;
	return bytes <= LOOKAHEAD_MAX_BYTES;
}

struct lookahead_entry *lookahead_pop(struct lookahead *la, bool all)
{
	if (la->n == 0 || (!all && la->n < LOOKAHEAD_DEPTH))
		return NULL;
	struct lookahead_entry *e = &la->ring[la->head];
	la->head = (la->head + 1) % LOOKAHEAD_DEPTH;
	la->n--;
	return e;
}

struct lookahead_entry *lookahead_push(struct lookahead *la, struct key128 hash,
				       const struct record *rec, const struct field *f, size_t n)
{
	if (la->n == LOOKAHEAD_DEPTH)
		bug("lookahead_push on a full queue");
	struct lookahead_entry *e = &la->ring[(la->head + la->n++) % LOOKAHEAD_DEPTH];
	e->hash = hash;
	e->rec = *rec;
	e->rec.text = NULL;
	e->amount = 0;
	e->flag = false;
	size_t bytes = 0;
	for (size_t i = 0; i < n; i++)
		bytes += f[i].len;
	bool text = la->keep_text && rec->text;
	buf_reset(&e->data);
	buf_grow(&e->data, bytes + (text ? rec->len : 0));
	ALLOC_GROW(e->fields.f, n, e->fields.alloc);
	e->fields.n = n;
	/* Reserved above: the pointers stay valid as the data are added. */
	for (size_t i = 0; i < n; i++) {
		e->fields.f[i].data = e->data.data + e->data.len;
		e->fields.f[i].len = f[i].len;
		buf_add(&e->data, f[i].data, f[i].len);
	}
	if (text) {
		e->rec.text = e->data.data + e->data.len;
		buf_add(&e->data, rec->text, rec->len);
	}
	return e;
}

void lookahead_release(struct lookahead *la)
{
	for (unsigned i = 0; i < LOOKAHEAD_DEPTH; i++) {
		buf_release(&la->ring[i].data);
		field_array_release(&la->ring[i].fields);
	}
}
