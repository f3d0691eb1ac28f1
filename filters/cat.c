/*
 * rill-cat: read records in any format and write them, or their -f
 * fields, in any format: CSV to TSV, paragraphs or whole documents to
 * TSV, JSON Lines keys picked as jq '{a, b}' picks them, a WARC archive's
 * payloads, mojibake repaired (--repair), gzip and zstd in and out.  It is
 * the whole data path of every rill tool without a tool's own logic, so
 * it is also how the library is tested end to end.  --key writes the key
 * each record is compared by (the key options, as rill-dedupe sees it),
 * --hash that key's hash, --count only the number of records.
 */
#include "../common/diag.h"
#include "../common/key.h"
#include "../common/tool.h"

#include <stdio.h>

enum { OPT_KEY = 1, OPT_COUNT, OPT_HASH };

static const struct tool_option options[] = {
	{ OPT_COUNT, 0, "count", ARG_NONE, NULL, "write only the number of records" },
	{ OPT_KEY, 0, "key", ARG_NONE, NULL, "write each record's key, normalized as the key options say" },
	{ OPT_HASH, 0, "hash", ARG_NONE, NULL, "write each record's 128-bit key hash, in hex" },
	{ 0 },
};

struct settings {
	bool key, count, hash;
};

static void on_option(int id, const char *arg, void *ctx)
{
	struct settings *s = ctx;
	(void)arg;
	switch (id) {
	case OPT_KEY: s->key = true; break;
	case OPT_COUNT: s->count = true; break;
	case OPT_HASH: s->hash = true; break;
	default: bug("rill-cat: option %d", id);
	}
}

static const struct tool tool = {
	.name = "rill-cat",
	.synopsis = "[OPTIONS] [FILE...]",
	.summary = "Read records in any format and write them in any format: convert, pick\n"
		   "fields, repair mojibake, count.",
	.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_KEY | OPTS_OUTPUT,
	.options = options,
	.on_option = on_option,
};

int main(int argc, char **argv)
{
	struct settings s = { 0 };
	struct run run;
	run_parse(&run, &tool, &s, argc, argv);
	if (s.count + s.key + s.hash > 1)
		die_usage("--count, --key and --hash write different things: give one");
	run_open(&run, &tool);
	struct keyer keyer;
	keyer_init(&keyer, &run.c.key);
	struct field_array selected = { 0 };

	if (!s.count && !s.key && !s.hash && run.c.in.header) {
		const struct field *names;
		size_t nn = reader_header(run.in, &names);
		fieldlist_select(&run.fields, names, nn, &selected);
		writer_header(run.out, selected.f, selected.n);
	}
	uint64_t n = 0;
	const struct record *rec;
	while ((rec = reader_next(run.in)) != NULL) {
		n++;
		if (s.count)
			continue;
		const struct field *f;
		size_t nf = reader_fields(run.in, &f);
		if (s.key || s.hash) {
			struct field key = key_of_fields(&keyer, &run.fields, f, nf);
			if (s.key) {
				writer_fields(run.out, &key, 1);
			} else {
				struct key128 h = key_hash(key.data, key.len);
				char hex[33];
				snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)h.hi,
					 (unsigned long long)h.lo);
				writer_text(run.out, hex, 32);
			}
			continue;
		}
		fieldlist_select(&run.fields, f, nf, &selected);
		/* -f from JSON to JSON picks keys (as jq '{a, b}' does); without it the object passes. */
		if (run.c.fields && run_passes_through(&run))
			writer_fields(run.out, selected.f, selected.n);
		else
			run_write_record(&run, rec, selected.f, selected.n);
	}
	if (s.count) {
		/* A number: in JSON Lines {"records": N}. */
		writer_names(run.out, &(struct field){ "records", 7 }, 1);
		writer_field_u64(run.out, n);
		writer_end_record(run.out);
	}
	field_array_release(&selected);
	keyer_release(&keyer);
	run_finish(&run);
	return 0;
}
