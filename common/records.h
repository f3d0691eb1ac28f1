/*
 * records: the record reader every tool uses.  Turns the blocks of one or
 * more sources into records of the format chosen with -F, and records
 * into fields.
 *
 * Zero copy where it can be: a `lines` or `tsv` record that lies inside
 * one block points into that block; only a record that spans two blocks
 * is copied, into a carry buffer that grows and is reused.  `para`
 * records are assembled line by line in a reused buffer, `doc` records
 * hold a whole file, and `csv` goes through libcsv's streaming parser,
 * whose callbacks fill a reused arena of fields.  Nothing is allocated
 * per record once the buffers have grown to the largest record.
 *
 * Ownership: the record and fields returned stay valid until the next
 * reader_next() or reader_close(); copy what must outlive that.
 */
#ifndef RILL_RECORDS_H
#define RILL_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "choice.h"

enum rec_format { FMT_NONE = 0, FMT_LINES, FMT_TSV, FMT_CSV, FMT_PARA, FMT_DOC, FMT_JSONL, FMT_WARC };
enum invalid_policy { INVALID_REPLACE = 0, INVALID_SKIP, INVALID_FAIL, INVALID_KEEP };

struct input_opts {
	enum rec_format format;	/* FMT_NONE means lines */
	char delim;		/* 0: TAB for tsv, ',' for csv */
	bool zero;		/* -z: NUL ends a line */
	bool header;		/* -H: the first record names the fields */
	enum invalid_policy invalid;
	bool repair_mojibake;	/* --repair=mojibake: see common/mojibake.h */
	size_t block_size;	/* 0: the source defaults; tests use tiny ones */
	int html;		/* --html: an enum html_mode (html.h), 0 when off */
	unsigned warc_types;	/* --warc-types: WARC_TYPE_* bits; 0: the default */
};

/* WARC record types, for --warc-types. */
enum {
	WARC_TYPE_WARCINFO = 1 << 0, WARC_TYPE_RESPONSE = 1 << 1, WARC_TYPE_RESOURCE = 1 << 2,
	WARC_TYPE_REQUEST = 1 << 3, WARC_TYPE_METADATA = 1 << 4, WARC_TYPE_REVISIT = 1 << 5,
	WARC_TYPE_CONVERSION = 1 << 6, WARC_TYPE_CONTINUATION = 1 << 7, WARC_TYPE_OTHER = 1 << 8,
	WARC_TYPES_ALL = (1 << 9) - 1,
	WARC_TYPES_DEFAULT = WARC_TYPE_RESPONSE | WARC_TYPE_RESOURCE | WARC_TYPE_CONVERSION,
};
/* The names of the types, for --warc-types (and "all"). */
extern const struct choice warc_type_names[];

struct field {
	const char *data;
	size_t len;
};

/* A piece [start, end) of a text, by byte offsets. */
struct span {
	size_t start, end;
};

struct record {
	/*
	 * The record's text as read, after the CR before LF is dropped,
	 * invalid UTF-8 is handled and mojibake repaired (--repair).  For
	 * `tsv` this is the still-escaped line; for `csv` it is NULL: use
	 * the fields; for `jsonl` the object's line as it came (a BOM and
	 * the CR of a CR LF left out).
	 * for `warc` the whole record as it came, head, block and the CR LF
	 * CR LF after it, not checked for UTF-8 (its fields are).
	 */
	const char *text;
	size_t len;
	uint64_t number;	/* 1-based, data records only, across all files */
	uint64_t line;		/* line where the record starts in its file */
	const char *file;	/* name of its file ("-" for standard input) */
	/*
	 * Lines and TSV records cut on other threads (see tsv_cut_line): the
	 * text is what a writer of the format would write for the fields
	 * (a line: any line without the CR of a CR LF), so it can go out as
	 * it is.  False where not known.
	 */
	bool clean;
};

struct reader;

/* Nothing is read until reader_header() or reader_next(). */
struct reader *reader_open(const struct input_opts *o, char *const *files, size_t nfiles);
/* A reader over one memory region (tests and fuzzing). */
struct reader *reader_open_mem(const struct input_opts *o, const void *data, size_t len,
			       const char *name);

/* The next record, or NULL at the end of all inputs.  Dies on bad data. */
const struct record *reader_next(struct reader *r);

/*
 * The fields of the current record, split on first use.  For a keyed
 * format (jsonl) the fields are the values of the keys registered with
 * reader_key(), in the order they were, and the header (reader_header)
 * their names.
 */
size_t reader_fields(struct reader *r, const struct field **fields);

/* Formats whose fields are named keys of each record, not positions: jsonl, warc. */
bool format_is_keyed(enum rec_format f);

/*
 * A keyed format's key, as a -f item names it (see rill(7): for jsonl a
 * top-level key or a dotted path into nested objects, a backslash taking
 * the next character as it is, "." the whole object; for warc a WARC
 * header's name, http:NAME an HTTP header, http:status the status code,
 * payload the payload as text), registered so
 * every record gets its value: returns the index of its field.  The same
 * key twice gets the same field.  Before the first record is read.  A bad
 * key is a usage error naming `option`.
 */
size_t reader_key(struct reader *r, const char *key, size_t len, const char *option);

/*
 * The key that stands for the whole record of a keyed format when no -f
 * is given ("." for jsonl: the object's text; "payload" for warc), NULL
 * for the others.
 */
const char *reader_whole_key(const struct reader *r);

/* The header's field names (-H; read now if not yet), or 0 names. */
size_t reader_header(struct reader *r, const struct field **names);

struct field_array;
struct buf;

/*
 * Splits the text of a TSV record (as struct record holds it) into its
 * fields, escapes decoded into `decoded` (reused): the fields the reader
 * gives.  For work on other threads, which get the text alone.
 */
size_t tsv_split(const char *text, size_t len, char delim, struct field_array *out,
		 struct buf *decoded);

/*
 * Lines, TSV and JSON Lines: a run of whole records as they lie in the
 * input, for tools that hand records to other threads without a call per
 * record.  Each record in `text` ends with the terminator, and a CR
 * before LF is still there (the taker drops it, as reader_next() does).
 * Lines and TSV: all are valid UTF-8 and none is a header.  JSON Lines:
 * the lines as read, not yet parsed nor checked (see jsonl_cut()).
 */
struct record_run {
	const char *text;
	size_t len;
	uint64_t count;		/* records in text (jsonl: 0, not counted) */
	/*
	 * Of the first.  JSON Lines: number 0, not known before the lines
	 * are parsed (blank and skipped ones are no records); the line of
	 * the first run of a file (1, or after those reader_next() read),
	 * else 0: it goes on from the run before, uncounted.
	 */
	uint64_t number, line;
	const char *file;
	bool stable;		/* text stays readable: see reader_stable_runs() */
};

/*
 * Runs may then be `stable`: windows of a large mapped file, readable
 * after the next call too, so another thread can use them without a
 * copy.  The reader keeps such windows `keep` bytes behind the newest
 * before it drops them from memory, and calls release(ctx) before it
 * unmaps a file it gave stable runs from: when release returns, no run of
 * that file may be in use.  release NULL turns this off.
 */
void reader_stable_runs(struct reader *r, size_t keep, void (*release)(void *ctx), void *ctx);

/*
 * Whether reader_next_run() serves this reader: lines, TSV and JSON Lines,
 * without --html (and JSON Lines without --repair), whose records are
 * rewritten as they are read.
 */
bool reader_gives_runs(const struct reader *r);

/*
 * The next run: the rest of the current block up to its last terminator
 * (its records counted when the block was checked for UTF-8, in the same
 * pass), valid until the next call.  False when the next record must come
 * from reader_next() (it spans blocks, has bad bytes, is a header, or ends
 * the file without a terminator), or at the end of the input, which
 * reader_next() tells.  JSON Lines: every line comes in a run (one across
 * blocks, or without a terminator, alone in a copy with one added); false
 * only at the end of the input.
 */
bool reader_next_run(struct reader *r, struct record_run *out);

/*
 * JSON Lines read on other threads, from runs: a cutter per thread reads
 * lines for the reader's keys (made on the reading thread once every key
 * is registered; none may be added after), and a tally per batch counts
 * what reader_next() would have (records, --invalid's figures, the keys
 * seen), for reader_add_tally() on the reading thread.
 */
struct jsonl_cutter;
struct jsonl_cutter *reader_jsonl_cutter(struct reader *r);
void jsonl_cutter_free(struct jsonl_cutter *c);

struct jsonl_tally {
	uint64_t records, invalid_replaced, invalid_skipped, malformed_skipped;
	uint64_t *seen;		/* per key: records that had it */
	size_t nkeys;
};
void jsonl_tally_init(const struct reader *r, struct jsonl_tally *t);
void jsonl_tally_reset(struct jsonl_tally *t);
void jsonl_tally_release(struct jsonl_tally *t);
void reader_add_tally(struct reader *r, const struct jsonl_tally *t);

enum jsonl_fate {
	JSONL_RECORD,		/* a record: out->text and out->fields */
	JSONL_BLANK,		/* white space only: no record */
	JSONL_SKIPPED,		/* dropped by the skipping policy: out->reason, out->why (see reader_on_skip) */
	JSONL_FAILED,		/* bad input under the other policies: FILE:LINE: jsonl_failure() */
};
struct jsonl_line {
	const char *text;	/* the object's text (no BOM, no CR), or the skipped line's */
	size_t len;
	const struct field *fields;	/* the keys' values, as reader_fields() gives them */
	size_t nfields;
	const char *reason, *why;
};
/*
 * A line p[0, n) (without its terminator and the CR of a CR LF), line
 * `line` of its file, `readable` bytes from p readable (see
 * json_read_object()): its fate under the reader's --invalid, exactly as
 * reader_next() decides it.  What out points to, and jsonl_failure(), stay
 * valid until the cutter's next call.
 */
enum jsonl_fate jsonl_cut(struct jsonl_cutter *c, struct jsonl_tally *t, const char *p, size_t n,
			  size_t readable, uint64_t line, struct jsonl_line *out);
const char *jsonl_failure(const struct jsonl_cutter *c);

/*
 * A run's next line, from p (a terminator comes before end): *len is its
 * length, without the CR of a CR LF if strip_cr (the reader's rule for
 * lines); returns where the next line starts.
 */
static inline const char *run_next_line(const char *p, const char *end, char term, bool strip_cr,
					size_t *len)
{
	const char *e = (const char *)memchr(p, term, (size_t)(end - p));
	*len = (size_t)(e - p);
	if (strip_cr && term == '\n' && *len && p[*len - 1] == '\r')
		(*len)--;
	return e + 1;
}

/*
 * A run's next TSV record, from p (a terminator comes before end): cut
 * into fields at delim and decoded as tsv_split() does, in one pass over
 * its bytes.  *len is its text's length (without the CR of a CR LF if
 * strip_cr); *clean says that text is exactly what a TSV writer (TAB
 * delimiter) writes for these fields: every backslash starts \t \n \r
 * or \\, and no CR is left.  Returns where the next record starts.
 */
const char *tsv_cut_line(const char *p, const char *end, char delim, char term, bool strip_cr,
			 struct field_array *out, struct buf *decoded, size_t *len, bool *clean);

/*
 * --html: the fields in fl (every field with NULL; so until this is
 * called) are read as web pages and replaced by their text, the record's
 * text too where it is the one field (lines, para, doc).  A TSV record's
 * text is then NULL, as a CSV record's is: use the fields.
 */
struct fieldlist;
void reader_html_fields(struct reader *r, const struct fieldlist *fl);
/*
 * Whether records are rewritten after reading (--html): take them from
 * reader_next() and their fields from reader_fields(), never as runs.
 */
bool reader_rewrites(const struct reader *r);
/*
 * --html where records are processed (parallel.c: on the workers, so the
 * reading thread does not convert every page): from now on reader_next()
 * leaves the pages as they came, reader_page() says whether the record it
 * just gave has pages in its fields (and their Content-Type, NULL if
 * none), and a converter from reader_html_converter() (one per thread,
 * html_fields_free()) makes them text with html_fields_apply(), as
 * reader_next() would have.  False, and nothing changes, without --html
 * or under --repair (which repairs the pages' text as it reads).
 */
bool reader_defer_html(struct reader *r);
bool reader_page(struct reader *r, const char **content_type);
struct html_fields *reader_html_converter(const struct reader *r);

enum rec_format reader_format(const struct reader *r);
char reader_delim(const struct reader *r);
/* The byte that ends a line: '\n', or NUL with -z. */
char reader_terminator(const struct reader *r);

/* Figures for --progress and --stats. */
struct reader_stats {
	uint64_t records;	/* data records returned */
	uint64_t bytes;		/* decompressed bytes read */
	uint64_t raw_bytes;	/* bytes read from the files */
	int64_t raw_total;	/* sum of the files' sizes, -1 if unknown */
	uint64_t invalid_replaced;
	uint64_t invalid_skipped;	/* records dropped by --invalid=skip */
	uint64_t malformed_skipped;	/* jsonl lines that are no object, dropped by --invalid=skip */
	uint64_t repaired;	/* records changed by --repair */
	uint64_t payloads_not_text;	/* warc payloads of images and such, read as empty */
	uint64_t payloads_undecodable;	/* warc payloads whose Content-Encoding failed, read as empty */
};
void reader_get_stats(const struct reader *r, struct reader_stats *st);

/*
 * Called for each record the skipping policy drops (--invalid=skip: bad
 * UTF-8; a jsonl line that is not one object), with its file, line, text
 * as read (invalid bytes and all; a CSV record's fields joined by the
 * delimiter), the policy's word for it (invalid-utf8, malformed-json) and
 * the details: --rejects writes them down.  On the thread that reads,
 * with `out` NULL; or, for a line read by jsonl_cut() on another thread,
 * from reader_report_skip() there, with the writer whose rejects take it
 * (a batch's, so they stay in input order).
 */
struct writer;
typedef void (*reader_skip_fn)(void *ctx, struct writer *out, const char *reason, const char *file,
			       uint64_t line, const char *text, size_t len, const char *why);
void reader_on_skip(struct reader *r, reader_skip_fn fn, void *ctx);
void reader_report_skip(const struct reader *r, struct writer *out, const char *reason,
			const char *file, uint64_t line, const char *text, size_t len, const char *why);

/* Called after each block with the current figures (the progress meter). */
void reader_on_block(struct reader *r, void (*fn)(const struct reader_stats *, void *),
		     void *ctx);

/* Closes the inputs and prints the invalid-UTF-8 summary line, if any. */
void reader_close(struct reader *r);

/* The names of -F (every format) and of --to (those a writer writes). */
extern const struct choice input_formats[], output_formats[];
const char *format_name(enum rec_format f);

#endif
