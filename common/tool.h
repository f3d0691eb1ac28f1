/*
 * tool: the start and end every filter shares, so a tool's main() is
 * "parse, loop over records, finish".
 *
 * run_start() names the program for messages, parses the command line,
 * opens the inputs (reading the -H header), resolves -f against it,
 * starts --progress and opens the output.  run_finish() ends the meter,
 * closes the inputs (printing the invalid-UTF-8 summary) and flushes,
 * checks and renames the output.  A tool with two inputs (rill-join)
 * uses the pieces.
 */
#ifndef RILL_TOOL_H
#define RILL_TOOL_H

#include "fields.h"
#include "options.h"
#include "progress.h"
#include "records.h"
#include "writer.h"

/* A tool's own figure for --stats, such as "records_dropped". */
struct run_figure {
	const char *name;
	uint64_t value;
	const char *json;	/* instead of value: a JSON value, written as it is */
};

#define RUN_MAX_FIGURES 16

struct run {
	struct common_opts c;
	const char *tool;
	struct reader *in;
	struct writer *out;
	struct progress *progress;
	struct fieldlist fields;
	int64_t start_ns;
	struct reader_stats read;	/* of readers already closed */
	enum rec_format in_format;	/* --stats adds the figures of jsonl and warc input */
	struct run_figure figures[RUN_MAX_FIGURES];
	size_t nfigures;
	uint64_t extra_written;		/* records written elsewhere (split's shards) */
	struct writer *rejects;		/* --rejects FILE, or NULL */
};

/* Program name, default options and signals; before options_parse(). */
void run_init(struct run *run, const char *argv0);
/* run_parse + run_open. */
void run_start(struct run *run, const struct tool *t, void *settings, int argc, char **argv);
/*
 * run_init + options_parse (the tool's own options into `settings`, its
 * on_option's), for a tool that adjusts settings before opening.
 */
void run_parse(struct run *run, const struct tool *t, void *settings, int argc, char **argv);
/* Inputs (with the -H header), -f fields, --progress and the output. */
void run_open(struct run *run, const struct tool *t);
/* Writes the header (with `extra` names appended) when -H was given. */
void run_write_header(struct run *run, const char *const *extra, size_t nextra);
/*
 * Writes a record unchanged (fields as given).  For -F doc input the
 * file name goes first, as rill(7) says doc input is written as
 * (file name, text).  run_begin_record() is the same prefix for a tool
 * that then adds fields one by one and ends with writer_end_record().
 */
void run_begin_record(struct run *run, const struct record *rec);
/*
 * Whether records go out as they came in, whatever their fields (jsonl to
 * jsonl: the object byte for byte): run_write_record() writes the record's
 * text, run_begin_record() starts from it, and what a tool then writes
 * with writer_key() and writer_field() is appended as keys.
 */
bool run_passes_through(const struct run *run);
/*
 * For an option that writes a field back changed (--strip, --unit): such
 * records have no field to write back, and writing them unchanged would
 * be a silent wrong answer, so it is a usage error naming --to=tsv.
 */
void run_refuse_passing_through(const struct run *run, const char *option);
void run_write_record(struct run *run, const struct record *rec, const struct field *f,
		      size_t n);
/*
 * Closes the input and output and writes --stats.  A tool that keeps
 * working after it (dedupe's state) has nothing left to report.
 */
void run_finish(struct run *run);

/*
 * --rejects: a record (or unit) the tool drops, and why, written to the
 * rejects writer of `out` (the run's output, or a worker's batch writer:
 * see writer_rejects), so it needs no lock and stays in input order.  One
 * record of the rejects file: RECORD (the dropped record's number; empty
 * for one the reader skipped), REASON (one word: duplicate, near-duplicate,
 * ...), OF (the number of the record it repeats, 0 for none known: empty),
 * DETAIL (free text: similarity, tags, features), then the record's fields
 * as they came in (a -F doc record's file name first; a jsonl object as
 * its text).  Nothing happens without --rejects; run_rejecting() says
 * whether to spend time on DETAIL.
 */
void run_reject(const struct run *run, struct writer *out, const struct record *rec,
		const char *reason, uint64_t of, const char *detail, const struct field *f, size_t n);
static inline bool run_rejecting(const struct run *run)
{
	return run->rejects != NULL;
}
/* Records another reader of the tool's (rill-join's RIGHT) skips go to --rejects too. */
void run_watch_skips(struct run *run, struct reader *r);

/* Adds a tool's own figure to --stats. */
void run_figure(struct run *run, const char *name, uint64_t value);
/* A figure that is a JSON value (an object, a number with a fraction); json outlives the run. */
void run_figure_json(struct run *run, const char *name, const char *json);
/* Counts a reader the tool opened itself (and is about to close) in --stats. */
void run_count_reader(struct run *run, struct reader *r);

#endif
