/*
 * dump_records: the records a reader gives, as one string to compare in
 * a unit test: the fields -f KEYS selects joined by '|' (an absent or
 * empty one as itself), each record ended by ';'.  st, if not NULL, gets
 * the reader's counts.  Shared by the format tests (JSON Lines, WARC).
 */
#ifndef RILL_TESTS_DUMP_RECORDS_H
#define RILL_TESTS_DUMP_RECORDS_H

#include "../../common/buf.h"
#include "../../common/fields.h"
#include "../../common/records.h"

static void dump_records(struct input_opts o, const void *data, size_t len, const char *keys,
			 struct buf *out, struct reader_stats *st)
{
	struct reader *r = reader_open_mem(&o, data, len, "mem");
	struct fieldlist fl;
	fieldlist_resolve(&fl, keys, r, "-f");
	struct field_array sel = { 0 };
	buf_reset(out);
	while (reader_next(r)) {
		const struct field *f;
		size_t n = reader_fields(r, &f);
		fieldlist_select(&fl, f, n, &sel);
		for (size_t i = 0; i < sel.n; i++) {
			if (i)
				buf_addc(out, '|');
			buf_add(out, sel.f[i].data, sel.f[i].len);
		}
		buf_addc(out, ';');
	}
	if (st)
		reader_get_stats(r, st);
	reader_close(r);
	fieldlist_release(&fl);
	field_array_release(&sel);
}

#endif
