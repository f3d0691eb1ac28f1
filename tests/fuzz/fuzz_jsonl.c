/*
 * libFuzzer target: the JSON Lines reader (common/records over
 * common/json).  The first byte chooses the --invalid policy and a block
 * size, the second a set of keys (top-level, dotted paths, a path that is
 * both a value and a prefix, the whole object); the rest is the input.
 * Bad lines are expected and recovered from (they end the run, or are
 * skipped and counted); a crash, a sanitizer report or a hang is a bug.
 * Every value must lie inside what the reader gave, the whole object
 * must be the record's text, and unless --invalid=keep every value must
 * be valid UTF-8; read again in runs of lines, as the workers of
 * common/parallel read them (jsonl_cut), the input must give the same
 * records, values and end.
 */
#include "../../common/buf.h"
#include "../../common/diag.h"
#include "../../common/fields.h"
#include "../../common/records.h"
#include "../../common/utf8.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf recover;

static noreturn void on_exit_status(int status)
{
	longjmp(recover, status ? status : 1);
}

/* A record's text and values, as both ways of reading must give them. */
static void note(struct buf *b, const char *text, size_t len, const struct field *f, size_t n)
{
	buf_add(b, &len, sizeof len);
	buf_add(b, text, len);
	for (size_t i = 0; i < n; i++) {
		buf_add(b, &f[i].len, sizeof f[i].len);
		buf_add(b, f[i].data, f[i].len);
	}
}

static size_t read_records(struct reader *r, const struct input_opts *o, const char *keys,
			   struct buf *got)
{
	size_t whole = strchr(keys, '.') == keys ? 0 : SIZE_MAX;
	size_t total = 0;
	const struct record *rec;
	while ((rec = reader_next(r)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(r, &f);
		for (size_t i = 0; i < n; i++) {
			if (f[i].len)
				total += (unsigned char)f[i].data[0] + (unsigned char)f[i].data[f[i].len - 1];
			if (o->invalid != INVALID_KEEP && !utf8_valid(f[i].data, f[i].len))
				abort();
		}
		if (whole == 0 && (n < 1 || f[0].len != rec->len || memcmp(f[0].data, rec->text, rec->len)))
			abort();
		note(got, rec->text, rec->len, f, n);
	}
	return total;
}

static void read_runs(struct reader *r, struct jsonl_cutter *volatile *cutter,
		      struct jsonl_tally *tally, struct buf *got)
{
	*cutter = reader_jsonl_cutter(r);
	jsonl_tally_init(r, tally);
	struct record_run run;
	uint64_t line = 0;
	while (reader_next_run(r, &run)) {
		if (run.line == 1)
			line = 1;
		const char *p = run.text, *end = run.text + run.len;
		while (p < end) {
			size_t len;
			const char *next = run_next_line(p, end, reader_terminator(r), true, &len);
			struct jsonl_line jl;
			switch (jsonl_cut(*cutter, tally, p, len, (size_t)(end - p), line, &jl)) {
			case JSONL_FAILED: die_at(run.file, line, "%s", jsonl_failure(*cutter));
			case JSONL_RECORD: note(got, jl.text, jl.len, jl.fields, jl.nfields); break;
			default: break;
			}
			line++;
			p = next;
		}
	}
	jsonl_cutter_free(*cutter);
	*cutter = NULL;
	jsonl_tally_release(tally);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	static const char *const key_sets[] = {
		"a", "a,b", "text,id", "a.b,a", "a.b.c,a.b,x", ".", ".,a", "m.url,m.n,m,text",
	};
	struct input_opts o = { .format = FMT_JSONL };
	o.invalid = (enum invalid_policy)(data[0] & 3);
	o.block_size = 1 + (data[0] >> 2) * 3;
	const char *keys = key_sets[data[1] % (sizeof key_sets / sizeof key_sets[0])];
	data += 2;
	size -= 2;

	diag_set_exit(on_exit_status);
	/*
	 * Twice: record by record (reader_next), then as the workers read
	 * (runs of lines through jsonl_cut): the same records, values and end.
	 */
	static struct reader *volatile r;
	static struct jsonl_cutter *volatile cutter;
	static struct jsonl_tally tally;
	static struct fieldlist fl;
	static struct buf got[2];
	bool died[2] = { false, false };
	size_t total = 0;
	for (int pass = 0; pass < 2; pass++) {
		buf_reset(&got[pass]);
		if (setjmp(recover)) {
			jsonl_cutter_free(cutter);
			cutter = NULL;
			jsonl_tally_release(&tally);
			reader_close(r);
			r = NULL;
			fieldlist_release(&fl);
			died[pass] = true;
			continue;
		}
		r = reader_open_mem(&o, data, size, "fuzz");
		fieldlist_resolve(&fl, keys, r, "-f");
		if (pass == 0)
			total += read_records(r, &o, keys, &got[0]);
		else
			read_runs(r, &cutter, &tally, &got[1]);
		reader_close(r);
		r = NULL;
		fieldlist_release(&fl);
	}
	if (died[0] != died[1] || got[0].len != got[1].len ||
	    (got[0].len && memcmp(got[0].data, got[1].data, got[0].len)))
		abort();
	return total == (size_t)-1;
}
