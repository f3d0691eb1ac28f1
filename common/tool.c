/* tool: shared start and end of every filter; see tool.h. */
#include "tool.h"
#include "diag.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void run_init(struct run *run, const char *argv0)
{
	memset(run, 0, sizeof *run);
	run->start_ns = monotonic_ns();
	diag_set_progname(argv0);
	diag_catch_signals();
	/* A closed output pipe ends the tool quietly, even if our parent ignored SIGPIPE. */
	signal(SIGPIPE, SIG_DFL);
	run->c.key.normalize = NORM_NFC;
}

void run_parse(struct run *run, const struct tool *t, void *settings, int argc, char **argv)
{
	run_init(run, argv[0]);
	run->tool = t->name;
	options_parse(argc, argv, t, settings, &run->c);
	run->c.key.valid_utf8 = run->c.in.invalid != INVALID_KEEP;
}

void run_start(struct run *run, const struct tool *t, void *settings, int argc, char **argv)
{
	run_parse(run, t, settings, argc, argv);
	run_open(run, t);
}

/* What the reader skipped (--invalid=skip, a malformed jsonl line), as the tool's rejects. */
static void on_skip(void *ctx, struct writer *out, const char *reason, const char *file,
		    uint64_t line, const char *text, size_t len, const char *why)
{
	struct run *run = ctx;
	struct buf detail = BUF_INIT;
	buf_addf(&detail, "%s:%llu: %s", file, (unsigned long long)line, why);
	struct field f = { text, len };
	struct record rec = { .file = file, .line = line };
	run_reject(run, out ? out : run->out, &rec, reason, 0, detail.data, &f, 1);
	buf_release(&detail);
}

void run_watch_skips(struct run *run, struct reader *r)
{
	if (run->rejects)
		reader_on_skip(r, on_skip, run);
}

/*
 * --rejects FILE: CSV when the output is CSV (its delimiter too), TSV
 * otherwise, so every reject has its columns; with -H a header names them.
 * Written under a temporary name and renamed at the end, as -o.
 */
static void open_rejects(struct run *run)
{
	const char *path = run->c.rejects;
	if (strcmp(path, "-") == 0)
		die_usage("--rejects: give a file name (standard output is the output)");
	if (run->c.out.path && strcmp(path, run->c.out.path) == 0)
		die_usage("--rejects: %s is the output (-o) already", path);
	bool csv = run->c.out.format == FMT_CSV;
	struct output_opts o = { .format = csv ? FMT_CSV : FMT_TSV, .delim = csv ? run->c.out.delim : 0,
				 .zero = run->c.out.zero, .path = path };
	run->rejects = writer_open(&o);
	writer_set_rejects(run->out, run->rejects);
	if (run->c.in.header) {
		static const struct field columns[] = { { "record", 6 }, { "reason", 6 }, { "of", 2 },
							{ "detail", 6 } };
		struct field_array h = { 0 };
		for (size_t i = 0; i < 4; i++)
			field_array_add(&h, columns[i].data, columns[i].len);
		if (format_is_keyed(reader_format(run->in))) {
			field_array_add(&h, "object", 6);
		} else {
			const struct field *names;
			size_t n = reader_header(run->in, &names);
			for (size_t i = 0; i < n; i++)
				field_array_add(&h, names[i].data, names[i].len);
		}
		writer_header(run->rejects, h.f, h.n);
		field_array_release(&h);
	}
	run_watch_skips(run, run->in);
}

void run_reject(const struct run *run, struct writer *out, const struct record *rec,
		const char *reason, uint64_t of, const char *detail, const struct field *f, size_t n)
{
	struct writer *w = writer_rejects(out);
	if (!w)
		return;
	if (rec->number)
		writer_field_u64(w, rec->number);
	else
		writer_field(w, "", 0);
	writer_field(w, reason, strlen(reason));
	if (of)
		writer_field_u64(w, of);
	else
		writer_field(w, "", 0);
	writer_field(w, detail ? detail : "", detail ? strlen(detail) : 0);
	enum rec_format in = reader_format(run->in);
	if (rec->number && format_is_keyed(in) && rec->text) {
		writer_field(w, rec->text, rec->len);
	} else {
		if (rec->number && in == FMT_DOC)
			writer_field(w, rec->file, strlen(rec->file));
		for (size_t i = 0; i < n; i++)
			writer_field(w, f[i].data, f[i].len);
	}
	writer_end_record(w);
}

void run_open(struct run *run, const struct tool *t)
{
	run->in = reader_open(&run->c.in, run->c.files, run->c.nfiles);
	run->in_format = reader_format(run->in);
	/* A keyed format's whole record is a key of its own (jsonl: the object's text). */
	const char *spec = run->c.fields ? run->c.fields : reader_whole_key(run->in);
	fieldlist_resolve(&run->fields, spec, run->in, "--field");
	if (run->c.in.html)
		reader_html_fields(run->in, &run->fields);
	run->progress = progress_start(run->c.progress, run->in);
	if (run->c.out.format == FMT_NONE && t->default_output != FMT_NONE)
		run->c.out.format = t->default_output;
	output_resolve(&run->c.out, reader_format(run->in), reader_delim(run->in));
	/*
	 * JSON output from keyed input names its keys as if -H were given: the
	 * tool writes the header it writes for -H, which a jsonl writer takes
	 * as the keys of the records after it (writer_header writes no line).
	 */
	if (format_is_keyed(reader_format(run->in)) && run->c.out.format == FMT_JSONL)
		run->c.in.header = true;
	run->out = writer_open(&run->c.out);
	if (run->c.rejects)
		open_rejects(run);
}

bool run_passes_through(const struct run *run)
{
	enum rec_format in = reader_format(run->in);
	return format_is_keyed(in) && writer_format(run->out) == in;
}

void run_refuse_passing_through(const struct run *run, const char *option)
{
	if (run_passes_through(run))
		die_usage("%s: %s records go out as they came; write the fields with --to=tsv "
			  "(or lines)", option, reader_format(run->in) == FMT_WARC ? "WARC" : "JSON Lines");
}

void run_write_header(struct run *run, const char *const *extra, size_t nextra)
{
	const struct field *names;
	size_t n = reader_header(run->in, &names);
	struct field_array h = { 0 };
	fieldlist_select(&(struct fieldlist){ 0 }, names, n, &h);
	for (size_t i = 0; i < nextra; i++)
		field_array_add(&h, extra[i], strlen(extra[i]));
	writer_header(run->out, h.f, h.n);
	field_array_release(&h);
}

void run_begin_record(struct run *run, const struct record *rec)
{
	if (reader_format(run->in) == FMT_DOC)
		writer_field(run->out, rec->file, strlen(rec->file));
	else if (run_passes_through(run))
		writer_begin_object(run->out, rec->text, rec->len);
}

void run_write_record(struct run *run, const struct record *rec, const struct field *f,
		      size_t n)
{
	if (run_passes_through(run)) {
		writer_passthrough(run->out, rec->text, rec->len);
		return;
	}
	run_begin_record(run, rec);
	for (size_t i = 0; i < n; i++)
		writer_field(run->out, f[i].data, f[i].len);
	writer_end_record(run->out);
}

void run_figure(struct run *run, const char *name, uint64_t value)
{
	for (size_t i = 0; i < run->nfigures; i++)
		if (strcmp(run->figures[i].name, name) == 0) {
			run->figures[i].value = value;
			return;
		}
	if (run->nfigures == RUN_MAX_FIGURES)
		bug("run_figure: more than %d figures", RUN_MAX_FIGURES);
	run->figures[run->nfigures].name = name;
	run->figures[run->nfigures].value = value;
	run->figures[run->nfigures].json = NULL;
	run->nfigures++;
}

void run_figure_json(struct run *run, const char *name, const char *json)
{
	run_figure(run, name, 0);
	for (size_t i = 0; i < run->nfigures; i++)
		if (strcmp(run->figures[i].name, name) == 0)
			run->figures[i].json = json;
}

void run_count_reader(struct run *run, struct reader *r)
{
	struct reader_stats st;
	reader_get_stats(r, &st);
	run->read.records += st.records;
	run->read.bytes += st.bytes;
	run->read.raw_bytes += st.raw_bytes;
	run->read.invalid_replaced += st.invalid_replaced;
	run->read.invalid_skipped += st.invalid_skipped;
	run->read.malformed_skipped += st.malformed_skipped;
	run->read.repaired += st.repaired;
	run->read.payloads_not_text += st.payloads_not_text;
	run->read.payloads_undecodable += st.payloads_undecodable;
}

/* One JSON object of the run's figures, for cron jobs and dashboards. */
static void write_stats(struct run *run, uint64_t records_written, uint64_t bytes_written)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	struct buf j = BUF_INIT;
	buf_addf(&j, "{\"tool\": \"%s\", \"records_read\": %llu, \"bytes_read\": %llu, "
		 "\"compressed_bytes_read\": %llu, \"records_written\": %llu, "
		 "\"bytes_written\": %llu, \"invalid_utf8_replaced\": %llu, "
		 "\"records_skipped_invalid_utf8\": %llu, \"records_repaired\": %llu",
		 run->tool ? run->tool : diag_progname(), (unsigned long long)run->read.records,
		 (unsigned long long)run->read.bytes, (unsigned long long)run->read.raw_bytes,
		 (unsigned long long)(records_written + run->extra_written),
		 (unsigned long long)bytes_written, (unsigned long long)run->read.invalid_replaced,
		 (unsigned long long)run->read.invalid_skipped,
		 (unsigned long long)run->read.repaired);
	/* Only where the input can have them, so the figures of other formats stay as they were. */
	if (run->in_format == FMT_JSONL)
		buf_addf(&j, ", \"records_skipped_malformed\": %llu",
			 (unsigned long long)run->read.malformed_skipped);
	if (run->in_format == FMT_WARC)
		buf_addf(&j, ", \"warc_payloads_not_text\": %llu, \"warc_payloads_undecodable\": %llu",
			 (unsigned long long)run->read.payloads_not_text,
			 (unsigned long long)run->read.payloads_undecodable);
	for (size_t i = 0; i < run->nfigures; i++)
		if (run->figures[i].json)
			buf_addf(&j, ", \"%s\": %s", run->figures[i].name, run->figures[i].json);
		else
			buf_addf(&j, ", \"%s\": %llu", run->figures[i].name,
				 (unsigned long long)run->figures[i].value);
	buf_addf(&j, ", \"elapsed_seconds\": %.3f, \"peak_memory_bytes\": %llu}\n",
		 (double)(monotonic_ns() - run->start_ns) / 1e9,
		 (unsigned long long)ru.ru_maxrss * 1024ULL);
	if (strcmp(run->c.stats, "-") == 0) {
		fwrite(j.data, 1, j.len, stderr);
	} else {
		struct output_opts o = { .format = FMT_LINES, .path = run->c.stats };
		struct writer *w = writer_open(&o);
		writer_raw(w, j.data, j.len);
		writer_close(w);
	}
	buf_release(&j);
}

void run_finish(struct run *run)
{
	if (run->in) {
		progress_finish(run->progress, run->in);
		run_count_reader(run, run->in);
		reader_close(run->in);
		run->in = NULL;
	}
	uint64_t records = run->out ? writer_records(run->out) : 0;
	uint64_t bytes = run->out ? writer_bytes(run->out) : 0;
	/* The output is flushed and checked before its figures are reported. */
	writer_close(run->out);
	run->out = NULL;
	writer_close(run->rejects);
	run->rejects = NULL;
	if (run->c.stats)
		write_stats(run, records, bytes);
	fieldlist_release(&run->fields);
}
