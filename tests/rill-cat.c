/*
 * rill-cat: the test driver of the common library (not installed).
 *
 * Reads records in any format and writes them, or the -f fields of them,
 * in any format: the whole data path of a rill tool without a tool's
 * logic, so the library can be tested end to end through a binary.
 * --key writes each record's normalized key instead (for testing the key
 * options), --count writes only the number of records.
 */
#include "../common/diag.h"
#include "../common/key.h"
#include "../common/tool.h"

#include <stdio.h>

enum { OPT_KEY = 1, OPT_COUNT, OPT_HASH };

static const struct tool_option options[] = {
	{ OPT_KEY, 0, "key", ARG_NONE, NULL, "write each record's normalized key" },
	{ OPT_HASH, 0, "hash", ARG_NONE, NULL, "write each record's key hash in hex" },
	{ OPT_COUNT, 0, "count", ARG_NONE, NULL, "write only the number of records" },
	{ 0 },
};

struct settings {
	bool key, count, hash;
};

static void on_option(int id, const char *arg, void *ctx)
{
	struct settings *s = ctx;
	(void)arg;
	if (id == OPT_KEY)
		s->key = true;
	else if (id == OPT_COUNT)
		s->count = true;
	else if (id == OPT_HASH)
		s->hash = true;
}

static const struct tool tool = {
	.name = "rill-cat",
	.synopsis = "[OPTIONS] [FILE...]",
	.summary = "Read records and write them again (rill's library test driver).",
	.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_KEY | OPTS_OUTPUT,
	.options = options,
	.on_option = on_option,
};

int main(int argc, char **argv)
{
	struct settings s = { 0 };
	struct run run;
	run_start(&run, &tool, &s, argc, argv);
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
		char line[32];
		int len = snprintf(line, sizeof line, "%llu", (unsigned long long)n);
		writer_text(run.out, line, (size_t)len);
	}
	field_array_release(&selected);
	keyer_release(&keyer);
	run_finish(&run);
	return 0;
}
