/*
 * records: blocks to records to fields; see records.h for the contract.
 *
 * Lines are found with memchr over the current block.  The per-format
 * readers (lines, tsv, para, doc, csv) share next_line() and the UTF-8
 * policy in accept_text(), so every format treats bad bytes, CR LF and a
 * missing final newline the same way.
 */
#include "records.h"
#include "fields.h"
#include "buf.h"
#include "byteset.h"
#include "cpu.h"
#include "diag.h"
#include "html.h"
#include "json.h"
#include "mojibake.h"
#include "source.h"
#include "utf8.h"
#include "warc.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* A CSV field queued in the arena. */
struct csv_field {
	size_t off, len;
};

struct csv_rec {
	size_t first, nfields;
	uint64_t line;
	bool bad;		/* had invalid UTF-8 under --invalid=skip */
};

struct csv_queue {
	struct csv_parser parser;
	bool active;
	struct buf arena;	/* bytes of all queued fields */
	struct csv_field *spans;
	size_t nspans, aspans;
	struct csv_rec *recs;
	size_t nrecs, arecs, head;
	size_t partial_first;	/* first field of the record being parsed */
	bool partial_bad;
	bool partial_repaired;	/* a field of it changed by --repair */
	uint64_t line;		/* line of the next byte libcsv reports on */
	uint64_t rec_line;	/* line where the record being parsed began */
	uint64_t lines_before_block;
	bool in_record;
};

struct reader {
	struct input_opts o;
	enum rec_format format;
	char delim;
	char term;

	char *const *files;
	size_t nfiles, next_file;
	const void *mem;	/* memory reader: one input */
	size_t mem_len;
	const char *mem_name;

	struct source *src;
	const char *file_name;
	const char *blk;
	size_t blen, pos;
	/*
	 * Each block is checked for UTF-8 once, as a whole, which is much
	 * cheaper than a call per record: bytes before valid_end are known
	 * good, and only records past it (or spanning blocks) are checked
	 * one by one.
	 */
	size_t valid_end;
	size_t lines_ahead;	/* terminators in [pos, valid_end): reader_next_run's count */
	bool line_in_block;	/* the last line returned points into the block */
	/*
	 * --repair: like UTF-8, each block is looked at once for what might
	 * be mojibake (mojibake_suspect_at); lines before `suspect` need no
	 * closer look, and runs stop before the line that holds it.
	 */
	size_t suspect;
	bool src_eof;
	uint64_t raw_done;	/* raw bytes of closed sources */

	struct buf carry;	/* a line spanning blocks */
	struct buf text;	/* para/doc record, or a repaired record */
	struct buf fixed;	/* a record --repair changed */
	struct buf fixed_fields;	/* --html pages' text --repair changed, field after field */
	size_t *fixed_lens, afixed_lens;
	bool line_repaired;	/* this jsonl line was repaired (and counted) before it was read */
	struct mojibake moji;
	struct csv_queue csv;

	uint64_t line;		/* line number of the next line of this file */
	bool line_known;	/* jsonl: until a run of this file went out uncounted */
	bool at_file_start;

	struct record rec;
	bool fields_ready;
	struct field *fields;
	size_t nfields, afields;
	struct buf decoded;	/* TSV fields with escapes */

	struct buf header_arena;
	struct field *header;
	size_t nheader;
	bool header_seen_in_file;
	bool header_primed;

	/* reader_stable_runs() */
	size_t stable_keep;
	void (*release)(void *ctx);
	void *release_ctx;
	bool stable_given;	/* by the current source */

	/* Keyed formats: the keys asked for (the header is their names), jsonl's parser. */
	struct reader_key {
		char *name;
		size_t len;
		enum key_kind {
			KEY_PATH,		/* jsonl: a path into the object */
			KEY_WHOLE,		/* jsonl: "." , the whole object */
			KEY_WARC_HEADER,	/* warc: a header of the record */
			KEY_HTTP_HEADER,	/* warc: http:NAME */
			KEY_HTTP_STATUS,	/* warc: http:status */
			KEY_PAYLOAD,		/* warc: payload */
		} kind;
		struct field lookup;	/* the header's name (after http:) */
		uint64_t seen;		/* records that had it */
	} *keys;
	size_t nkeys, akeys;
	bool keys_closed;		/* a record was read: no more keys */
	struct json_keys *json_keys;
	bool *present;
	bool *whole;			/* jsonl: per key, whether it is "." */
	struct jsonl_cutter *cutter;	/* jsonl read here, by reader_next() */
	struct jsonl_tally tally;	/* ... and what it counted */

	/* warc: records spanning blocks are gathered in `warc` from woff on. */
	struct buf warc;
	size_t woff;
	unsigned warc_types;
	uint64_t warc_in_file;		/* records of this file, read or skipped */
	struct warc_headers head, http;
	struct warc_payloads *payloads;
	struct buf values;		/* header values repaired under --invalid */
	struct buf payload;		/* the payload, decoded */
	char payload_type[256];		/* its Content-Type, for --html; "" if none */
	bool payload_page;		/* --html: the payload is a web page (warc_content_is_html) */

	struct reader_stats st;
	void (*on_block)(const struct reader_stats *, void *);
	void *on_block_ctx;
	reader_skip_fn on_skip;
	void *on_skip_ctx;

	struct html_fields *html;	/* --html */
	bool html_none;			/* ... and no field is a page (warc without payload) */
	bool html_deferred;		/* pages are converted where the records go (reader_defer_html) */
};

const struct choice input_formats[] = {
	{ "lines", FMT_LINES }, { "tsv", FMT_TSV }, { "csv", FMT_CSV }, { "para", FMT_PARA },
	{ "doc", FMT_DOC }, { "jsonl", FMT_JSONL }, { "warc", FMT_WARC }, { NULL, 0 },
};

const struct choice output_formats[] = {
	{ "lines", FMT_LINES }, { "tsv", FMT_TSV }, { "csv", FMT_CSV }, { "para", FMT_PARA },
	{ "jsonl", FMT_JSONL }, { "warc", FMT_WARC }, { NULL, 0 },
};

const struct choice warc_type_names[] = {
	{ "warcinfo", WARC_TYPE_WARCINFO }, { "response", WARC_TYPE_RESPONSE },
	{ "resource", WARC_TYPE_RESOURCE }, { "request", WARC_TYPE_REQUEST },
	{ "metadata", WARC_TYPE_METADATA }, { "revisit", WARC_TYPE_REVISIT },
	{ "conversion", WARC_TYPE_CONVERSION }, { "continuation", WARC_TYPE_CONTINUATION },
	{ "all", WARC_TYPES_ALL }, { NULL, 0 },
};

const char *format_name(enum rec_format f)
{
	const char *name = choice_name(input_formats, f);
	return name ? name : "?";
}

bool format_is_keyed(enum rec_format f)
{
	return f == FMT_JSONL || f == FMT_WARC;
}

static void grow_fields(struct reader *r, size_t n)
{
	ALLOC_GROW(r->fields, n, r->afields);
}

/* ---- sources and blocks ------------------------------------------------ */

static bool open_next_source(struct reader *r)
{
	if (r->mem) {
		if (r->next_file > 0)
			return false;
		r->src = source_open_mem(r->mem, r->mem_len, r->mem_name, r->o.block_size);
	} else {
		if (r->next_file >= r->nfiles)
			return false;
		r->src = source_open(r->files[r->next_file], r->o.block_size);
	}
	r->next_file++;
	r->file_name = source_name(r->src);
	if (r->release)
		source_keep_behind(r->src, r->stable_keep);
	r->blk = NULL;
	r->blen = r->pos = 0;
	r->src_eof = false;
	r->line = 1;
	r->line_known = true;
	r->at_file_start = true;
	r->header_seen_in_file = false;
	r->warc.len = r->woff = 0;
	r->warc_in_file = 0;
	return true;
}

static void close_source(struct reader *r)
{
	if (r->stable_given && r->release)
		r->release(r->release_ctx);
	r->stable_given = false;
	r->raw_done += source_raw_consumed(r->src);
	source_close(r->src);
	r->src = NULL;
}

static void fill_stats(const struct reader *r, struct reader_stats *st)
{
	*st = r->st;
	/* Its records are counted by reader_next(), and the tallies of other threads' in r->st. */
	st->invalid_replaced += r->tally.invalid_replaced;
	st->invalid_skipped += r->tally.invalid_skipped;
	st->malformed_skipped += r->tally.malformed_skipped;
	st->raw_bytes = r->raw_done + (r->src ? source_raw_consumed(r->src) : 0);
}

static bool fetch_block(struct reader *r)
{
	if (r->src_eof)
		return false;
	if (!source_next(r->src, &r->blk, &r->blen)) {
		r->src_eof = true;
		r->blk = NULL;
		r->blen = r->pos = 0;
		return false;
	}
	r->pos = 0;
	if (r->format == FMT_JSONL || r->format == FMT_WARC) {
		/*
		 * simdjson checks the UTF-8 of each JSON line as it parses it; a
		 * WARC record's fields are checked one by one: no pass here.
		 */
		r->valid_end = r->blen;
		r->lines_ahead = 0;
	} else if (r->o.invalid == INVALID_KEEP) {
		r->valid_end = r->blen;
		r->lines_ahead = bytes_count(r->blk, r->blen, (unsigned char)r->term);
		if (r->o.repair_mojibake)
			r->suspect = mojibake_suspect_at(r->blk, r->blen);
	} else if (r->o.repair_mojibake) {
		/* Suspects found in the pass that checks the UTF-8. */
		struct utf8_watch watch = { mojibake_suspect_in, SIZE_MAX };
		r->valid_end = utf8_valid_prefix_watch(r->blk, r->blen, r->term, &r->lines_ahead, &watch);
		r->suspect = watch.found == SIZE_MAX ? r->valid_end : watch.found;
	} else {
		r->valid_end = utf8_valid_prefix_count(r->blk, r->blen, r->term, &r->lines_ahead);
	}
	r->st.bytes += r->blen;
	if (r->on_block) {
		struct reader_stats st;
		fill_stats(r, &st);
		r->on_block(&st, r->on_block_ctx);
	}
	return true;
}

/*
 * The next line of the current source, without its terminator, and
 * without the CR of a CR LF.  A last line without a terminator counts.
 */
static bool next_line(struct reader *r, const char **p, size_t *n)
{
	bool carrying = false;
	buf_reset(&r->carry);
	for (;;) {
		if (r->pos < r->blen) {
			const char *start = r->blk + r->pos;
			size_t avail = r->blen - r->pos;
			const char *end = memchr(start, r->term, avail);
			if (end) {
				size_t len = (size_t)(end - start);
				r->pos += len + 1;
				if (r->pos - 1 < r->valid_end)
					r->lines_ahead--;
				if (carrying) {
					buf_add(&r->carry, start, len);
					*p = r->carry.data;
					*n = r->carry.len;
				} else {
					*p = start;
					*n = len;
				}
				r->line_in_block = !carrying && r->pos - 1 <= r->valid_end;
				if (r->term == '\n' && *n && (*p)[*n - 1] == '\r')
					(*n)--;
				return true;
			}
			buf_add(&r->carry, start, avail);
			carrying = true;
			r->pos = r->blen;
		}
		if (!fetch_block(r)) {
			if (!carrying)
				return false;
			r->line_in_block = false;
			*p = r->carry.data;
			*n = r->carry.len;
			return true;
		}
	}
}

/* ---- UTF-8 policy -------------------------------------------------------- */

/* --invalid=replace: text[0, n) into out with its bad bytes after `good` (its valid prefix) replaced; returns how many. */
static size_t repaired_copy(struct buf *out, const char *text, size_t n, size_t good)
{
	buf_reset(out);
	buf_add(out, text, good);
	return utf8_repair(out, text + good, n - good);
}

/* A record dropped by the skip policy, told to whoever asked (--rejects). */
static void report_skip(struct reader *r, const char *reason, uint64_t line, const char *p,
			size_t n, const char *why)
{
	if (r->on_skip)
		r->on_skip(r->on_skip_ctx, NULL, reason, r->file_name, line, p, n, why);
}

void reader_report_skip(const struct reader *r, struct writer *out, const char *reason,
			const char *file, uint64_t line, const char *text, size_t len, const char *why)
{
	if (r->on_skip)
		r->on_skip(r->on_skip_ctx, out, reason, file, line, text, len, why);
}

/*
 * Applies --invalid to a record's text.  Returns false if the record is to
 * be skipped; may point *p at a repaired copy in r->text's sibling buffer.
 */
static bool accept_text(struct reader *r, struct buf *repair, const char **p, size_t *n,
			uint64_t line)
{
	if (r->o.invalid == INVALID_KEEP)
		return true;
	size_t good = utf8_valid_prefix(*p, *n);
	if (good == *n)
		return true;
	switch (r->o.invalid) {
	case INVALID_SKIP:
		r->st.invalid_skipped++;
		if (r->on_skip) {
			char why[64];
			snprintf(why, sizeof why, "invalid UTF-8 at byte %zu", good);
			report_skip(r, "invalid-utf8", line, *p, *n, why);
		}
		return false;
	case INVALID_FAIL:
		die_at(r->file_name, line, "invalid UTF-8");
	default:
		break;
	}
	r->st.invalid_replaced += repaired_copy(repair, *p, *n, good);
	*p = repair->data;
	*n = repair->len;
	return true;
}

/* --repair=mojibake: points *p at the repaired text when the record needs it. */
static void repair_text(struct reader *r, const char **p, size_t *n)
{
	if (mojibake_repair(&r->moji, *p, *n, &r->fixed)) {
		*p = r->fixed.data;
		*n = r->fixed.len;
		r->st.repaired++;
	}
}

/* ---- per-format record readers ------------------------------------------ */

static bool read_line_record(struct reader *r)
{
	const char *p;
	size_t n;
	for (;;) {
		if (!next_line(r, &p, &n))
			return false;
		uint64_t line = r->line++;
		if (!r->line_in_block && !accept_text(r, &r->text, &p, &n, line))
			continue;
		if (r->o.repair_mojibake && !r->o.html && (!r->line_in_block || r->suspect < r->pos)) {
			repair_text(r, &p, &n);
			if (r->suspect < r->pos && r->pos < r->valid_end)
				r->suspect = r->pos + mojibake_suspect_at(r->blk + r->pos, r->valid_end - r->pos);
		}
		r->rec.text = p;
		r->rec.len = n;
		r->rec.line = line;
		return true;
	}
}

/* Unlike awk, a line of only spaces and tabs also separates paragraphs:
 * web text is full of them. */
static bool is_blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

static bool read_para_record(struct reader *r)
{
	const char *p;
	size_t n;
	for (;;) {
		buf_reset(&r->text);
		uint64_t start = 0;
		bool any = false;
		while (next_line(r, &p, &n)) {
			uint64_t line = r->line++;
			if (is_blank_line(p, n)) {
				if (any)
					break;
				continue;
			}
			if (any)
				buf_addc(&r->text, r->term);
			else
				start = line;
			buf_add(&r->text, p, n);
			any = true;
		}
		if (!any)
			return false;
		/* `text` is the assembled record; repair goes to `carry`. */
		p = r->text.data;
		n = r->text.len;
		if (!accept_text(r, &r->carry, &p, &n, start))
			continue;
		if (r->o.repair_mojibake && !r->o.html)
			repair_text(r, &p, &n);
		r->rec.text = p;
		r->rec.len = n;
		r->rec.line = start;
		return true;
	}
}

static bool read_doc_record(struct reader *r)
{
	if (!r->at_file_start)
		return false;
	r->at_file_start = false;
	buf_reset(&r->text);
	while (fetch_block(r))
		buf_add(&r->text, r->blk, r->blen);
	const char *p = r->text.data ? r->text.data : "";
	size_t n = r->text.len;
	/* A page is decoded from its own charset by --html, not checked as UTF-8 here. */
	if (!r->o.html && !accept_text(r, &r->carry, &p, &n, 1))
		return false;
	if (r->o.repair_mojibake && !r->o.html)
		repair_text(r, &p, &n);
	r->rec.text = p;
	r->rec.len = n;
	r->rec.line = 1;
	return true;
}

/* ---- JSON Lines --------------------------------------------------------- */

/* A line of JSON white space only: blank lines between objects are skipped. */
static bool is_json_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

/*
 * What reads JSON Lines, on the reading thread or on another one: the
 * reader's keys (shared: built before the first record), a parser and
 * buffers of its own.
 */
struct jsonl_cutter {
	const struct json_keys *keys;
	const bool *whole;		/* per slot: "." , the object's text */
	size_t nkeys;
	enum invalid_policy invalid;
	struct json_parser *json;
	struct field *fields;
	bool *present;
	struct buf copy;		/* --invalid=keep: a line with its bad bytes replaced */
	struct buf repaired;		/* --invalid=replace: a line with U+FFFD for them */
	char why[64];
	char message[256];		/* what failed, for die_at */
};

static struct jsonl_cutter *cutter_new(struct reader *r)
{
	r->keys_closed = true;
	if (!r->whole) {
		r->whole = xcalloc(r->nkeys ? r->nkeys : 1, sizeof *r->whole);
		for (size_t i = 0; i < r->nkeys; i++)
			r->whole[i] = r->keys[i].kind == KEY_WHOLE;
	}
	struct jsonl_cutter *c = xcalloc(1, sizeof *c);
	c->keys = r->json_keys;
	c->whole = r->whole;
	c->nkeys = r->nkeys;
	c->invalid = r->o.invalid;
	c->json = json_parser_new();
	c->fields = xcalloc(r->nkeys ? r->nkeys : 1, sizeof *c->fields);
	c->present = xcalloc(r->nkeys ? r->nkeys : 1, sizeof *c->present);
	return c;
}

struct jsonl_cutter *reader_jsonl_cutter(struct reader *r)
{
	if (r->format != FMT_JSONL)
		bug("reader_jsonl_cutter: -F %s", format_name(r->format));
	return cutter_new(r);
}

void jsonl_cutter_free(struct jsonl_cutter *c)
{
	if (!c)
		return;
	json_parser_free(c->json);
	free(c->fields);
	free(c->present);
	buf_release(&c->copy);
	buf_release(&c->repaired);
	free(c);
}

void jsonl_tally_init(const struct reader *r, struct jsonl_tally *t)
{
	memset(t, 0, sizeof *t);
	t->nkeys = r->nkeys;
	t->seen = xcalloc(r->nkeys ? r->nkeys : 1, sizeof *t->seen);
}

void jsonl_tally_reset(struct jsonl_tally *t)
{
	t->records = t->invalid_replaced = t->invalid_skipped = t->malformed_skipped = 0;
	memset(t->seen, 0, t->nkeys * sizeof *t->seen);
}

void jsonl_tally_release(struct jsonl_tally *t)
{
	free(t->seen);
	t->seen = NULL;
}

void reader_add_tally(struct reader *r, const struct jsonl_tally *t)
{
	r->st.records += t->records;
	r->st.invalid_replaced += t->invalid_replaced;
	r->st.invalid_skipped += t->invalid_skipped;
	r->st.malformed_skipped += t->malformed_skipped;
	for (size_t i = 0; i < t->nkeys && i < r->nkeys; i++)
		r->keys[i].seen += t->seen[i];
}

/*
 * Under --invalid=keep a line may hold bytes that are not UTF-8, which
 * simdjson refuses: it reads a copy with each such byte replaced by '?'
 * (same length, same structure), and the values are taken from the line.
 */
static const char *keep_copy(struct jsonl_cutter *c, const char *p, size_t n)
{
	buf_reset(&c->copy);
	buf_grow(&c->copy, n + JSON_PADDING);
	memcpy(c->copy.data, p, n);
	for (size_t i = 0; i < n; i++) {
		i += utf8_valid_prefix(p + i, n - i);
		if (i < n)
			c->copy.data[i] = '?';
	}
	c->copy.len = n;
	return c->copy.data;
}

/* A line's leading UTF-8 byte order mark (line 1 only) dropped; true if nothing but white space is left. */
static bool jsonl_blank(uint64_t line, const char **p, size_t *n)
{
	if (line == 1 && *n >= 3 && memcmp(*p, "\xef\xbb\xbf", 3) == 0) {
		*p += 3;
		*n -= 3;
	}
	return is_json_blank(*p, *n);
}

/* A line the skipping policy drops: counted, its reason and why for --rejects. */
static enum jsonl_fate jsonl_skip(uint64_t *count, struct jsonl_line *out, const char *reason,
				  const char *why)
{
	(*count)++;
	out->reason = reason;
	out->why = why;
	return JSONL_SKIPPED;
}

/*
 * One line, not blank, read for the keys: its fate, as every thread
 * decides it.  `readable` as json_read_object() takes it.  A record's
 * values go to out->fields, its text (repaired under --invalid=replace)
 * to out->text; a line the skipping policy drops gets out->reason and
 * out->why; a line that ends the run gets c->message.
 */
static enum jsonl_fate jsonl_parse(struct jsonl_cutter *c, struct jsonl_tally *t, const char *p,
				   size_t n, size_t readable, struct jsonl_line *out)
{
	const char *error = NULL;
	out->text = p;
	out->len = n;
	enum json_result res = json_read_object(c->json, c->keys, p, n, readable, NULL, c->invalid,
						c->fields, c->present, &t->invalid_replaced, &error);
	if (res == JSON_NOT_UTF8) {
		/* simdjson checked the UTF-8 (the block was not): --invalid, and again. */
		const char *original = NULL, *text = p;
		size_t good = utf8_valid_prefix(p, n);
		switch (c->invalid) {
		case INVALID_KEEP:
			original = p;
			text = keep_copy(c, p, n);
			break;
		case INVALID_SKIP:
			snprintf(c->why, sizeof c->why, "invalid UTF-8 at byte %zu", good);
			return jsonl_skip(&t->invalid_skipped, out, "invalid-utf8", c->why);
		case INVALID_FAIL:
			snprintf(c->message, sizeof c->message, "invalid UTF-8");
			return JSONL_FAILED;
		default:
			t->invalid_replaced += repaired_copy(&c->repaired, p, n, good);
			text = out->text = c->repaired.data;
			n = out->len = c->repaired.len;
			break;
		}
		res = json_read_object(c->json, c->keys, text, n, 0, original, c->invalid, c->fields,
				       c->present, &t->invalid_replaced, &error);
	}
	if (res == JSON_BAD) {
		if (c->invalid != INVALID_SKIP) {
			snprintf(c->message, sizeof c->message, "bad JSON line: %s", error);
			return JSONL_FAILED;
		}
		return jsonl_skip(&t->malformed_skipped, out, "malformed-json",
				  error ? error : "not one JSON object");
	}
	if (res == JSON_INVALID) {
		if (c->invalid == INVALID_FAIL) {
			snprintf(c->message, sizeof c->message, "invalid UTF-8: %s", error);
			return JSONL_FAILED;
		}
		return jsonl_skip(&t->invalid_skipped, out, "invalid-utf8", error ? error : "invalid UTF-8");
	}
	for (size_t i = 0; i < c->nkeys; i++) {
		if (c->whole[i]) {
			c->fields[i] = (struct field){ out->text, out->len };
			c->present[i] = true;
		}
		t->seen[i] += c->present[i];
	}
	out->fields = c->fields;
	out->nfields = c->nkeys;
	t->records++;
	return JSONL_RECORD;
}

enum jsonl_fate jsonl_cut(struct jsonl_cutter *c, struct jsonl_tally *t, const char *p, size_t n,
			  size_t readable, uint64_t line, struct jsonl_line *out)
{
	const char *start = p;
	if (jsonl_blank(line, &p, &n))
		return JSONL_BLANK;
	readable -= (size_t)(p - start);
	return jsonl_parse(c, t, p, n, readable, out);
}

const char *jsonl_failure(const struct jsonl_cutter *c)
{
	return c->message;
}

static bool read_jsonl_record(struct reader *r)
{
	const char *p;
	size_t n;
	if (!r->cutter) {
		r->cutter = cutter_new(r);
		jsonl_tally_init(r, &r->tally);
	}
	grow_fields(r, r->nkeys ? r->nkeys : 1);
	for (;;) {
		if (!next_line(r, &p, &n))
			return false;
		uint64_t line = r->line++;
		if (jsonl_blank(line, &p, &n))
			continue;
		/* --repair: the object's text, so the object written shows it too. */
		bool repaired = false;
		if (r->o.repair_mojibake && mojibake_repair(&r->moji, p, n, &r->fixed)) {
			p = r->fixed.data;
			n = r->fixed.len;
			repaired = true;
		}
		size_t readable = r->line_in_block && !repaired && p >= r->blk && p + n <= r->blk + r->blen
				  ? (size_t)(r->blk + r->blen - p) : 0;
		struct jsonl_line jl;
		switch (jsonl_parse(r->cutter, &r->tally, p, n, readable, &jl)) {
		case JSONL_FAILED:
			die_at(r->file_name, line, "%s", r->cutter->message);
		case JSONL_SKIPPED:
			report_skip(r, jl.reason, line, jl.text, jl.len, jl.why);
			continue;
		default:
			break;
		}
		memcpy(r->fields, jl.fields, r->nkeys * sizeof *r->fields);
		r->nfields = r->nkeys;
		r->fields_ready = true;
		r->rec.text = jl.text;
		r->rec.len = jl.len;
		r->rec.line = line;
		r->st.repaired += repaired;
		r->line_repaired = repaired;
		return true;
	}
}

const char *reader_whole_key(const struct reader *r)
{
	return r->format == FMT_JSONL ? "." : r->format == FMT_WARC ? "payload" : NULL;
}

/*
 * A jsonl key's path: one leading dot is jq's and is dropped; dots split
 * it into the keys of nested objects; a backslash takes the next byte as
 * it is (\. a dot in a key, \\ a backslash).
 */
static void add_json_path(struct reader *r, const char *key, size_t len, size_t slot,
			  const char *option)
{
	struct buf parts = BUF_INIT;
	size_t *ends = xmalloc((len + 1) * sizeof *ends), nparts = 0;
	size_t i = len > 1 && key[0] == '.' ? 1 : 0;
	for (; i < len; i++) {
		if (key[i] == '\\') {
			if (++i == len)
				die_usage("%s: key '%.*s' ends in a backslash", option, (int)len, key);
			buf_addc(&parts, key[i]);
		} else if (key[i] == '.') {
			ends[nparts++] = parts.len;
		} else {
			buf_addc(&parts, key[i]);
		}
	}
	ends[nparts++] = parts.len;
	struct field *f = xmalloc(nparts * sizeof *f);
	for (size_t k = 0, start = 0; k < nparts; start = ends[k], k++)
		f[k] = (struct field){ parts.data ? parts.data + start : "", ends[k] - start };
	json_keys_add(r->json_keys, f, nparts, slot);
	free(f);
	free(ends);
	buf_release(&parts);
}

size_t reader_key(struct reader *r, const char *key, size_t len, const char *option)
{
	if (!format_is_keyed(r->format))
		bug("reader_key: -F %s has no keys", format_name(r->format));
	for (size_t i = 0; i < r->nkeys; i++)
		if (r->keys[i].len == len && memcmp(r->keys[i].name, key, len) == 0)
			return i;
	if (r->keys_closed)
		bug("reader_key: a key asked for after the first record");
	if (r->nkeys == r->akeys) {
		r->akeys = alloc_grow_to(r->akeys, r->nkeys + 1);
		r->keys = xreallocarray(r->keys, r->akeys, sizeof *r->keys);
		r->header = xreallocarray(r->header, r->akeys, sizeof *r->header);
		r->present = xreallocarray(r->present, r->akeys, sizeof *r->present);
	}
	size_t slot = r->nkeys;
	struct reader_key *k = &r->keys[slot];
	k->name = xmalloc(len + 1);
	memcpy(k->name, key, len);
	k->name[len] = '\0';
	k->len = len;
	k->seen = 0;
	k->lookup = (struct field){ k->name, len };
	if (r->format == FMT_WARC) {
		/* WARC and HTTP header names are not case-sensitive; nor is payload, then. */
		if (len > 5 && strncasecmp(key, "http:", 5) == 0) {
			k->lookup = (struct field){ k->name + 5, len - 5 };
			k->kind = len == 11 && strncasecmp(key + 5, "status", 6) == 0 ? KEY_HTTP_STATUS
											: KEY_HTTP_HEADER;
		} else {
			k->kind = len == 7 && strncasecmp(key, "payload", 7) == 0 ? KEY_PAYLOAD
										   : KEY_WARC_HEADER;
		}
	} else {
		k->kind = len == 1 && key[0] == '.' ? KEY_WHOLE : KEY_PATH;
		if (k->kind == KEY_PATH)
			add_json_path(r, key, len, slot, option);
	}
	r->nkeys++;
	for (size_t i = 0; i < r->nkeys; i++)
		r->header[i] = (struct field){ r->keys[i].name, r->keys[i].len };
	r->nheader = r->nkeys;
	return slot;
}

/* ---- WARC ----------------------------------------------------------------- */

/*
 * A WARC head larger than this is not one (a file that is no WARC, read
 * to its end in search of a blank line): a bound on a search, not a buffer.
 */
#define WARC_HEAD_MAX ((size_t)64 << 20)

/*
 * At least `want` bytes of the input from where the next record starts,
 * contiguous: in place in the block when they are there (no copy), else
 * gathered in r->warc.  False at the end of the input with fewer (*avail
 * says how many).  A later call may move them: use the newest pointer.
 */
static bool warc_window(struct reader *r, size_t want, const char **p, size_t *avail)
{
	if (r->woff == r->warc.len) {
		r->warc.len = r->woff = 0;
		while (r->pos >= r->blen && fetch_block(r))
			;
		if (r->blen - r->pos >= want) {
			*p = r->blk + r->pos;
			*avail = r->blen - r->pos;
			return true;
		}
		if (r->blen > r->pos)
			buf_add(&r->warc, r->blk + r->pos, r->blen - r->pos);
		r->pos = r->blen;
	}
	while (r->warc.len - r->woff < want && fetch_block(r)) {
		if (r->woff) {
			memmove(r->warc.data, r->warc.data + r->woff, r->warc.len - r->woff);
			r->warc.len -= r->woff;
			r->woff = 0;
		}
		buf_add(&r->warc, r->blk, r->blen);
		r->pos = r->blen;
	}
	*p = r->warc.data ? r->warc.data + r->woff : "";
	*avail = r->warc.len - r->woff;
	return *avail >= want;
}

static void warc_consume(struct reader *r, size_t n)
{
	if (r->warc.len > r->woff)
		r->woff += n;
	else
		r->pos += n;
}

static noreturn void warc_die(struct reader *r, uint64_t line, const char *what)
{
	const struct field *id = warc_header(&r->head, "WARC-Record-ID", 14);
	if (id)
		die_at(r->file_name, line, "WARC record %llu (%.*s): %s", (unsigned long long)r->warc_in_file,
		       (int)(id->len < 200 ? id->len : 200), id->data, what);
	die_at(r->file_name, line, "WARC record %llu: %s", (unsigned long long)r->warc_in_file, what);
}

static unsigned warc_type_bit(const struct field *type)
{
	if (!type)
		return WARC_TYPE_OTHER;
	for (const struct choice *c = warc_type_names; c->name; c++)
		if (c->value != WARC_TYPES_ALL && strlen(c->name) == type->len &&
		    strncasecmp(c->name, type->data, type->len) == 0)
			return (unsigned)c->value;
	return WARC_TYPE_OTHER;
}

/*
 * A header's value under --invalid: false to skip the record; repaired
 * values go to r->values, where they are placed by offset (fixed later).
 */
static bool warc_text_value(struct reader *r, struct field *f, uint64_t line, bool *moved)
{
	*moved = false;
	if (r->o.invalid == INVALID_KEEP || utf8_valid(f->data, f->len))
		return true;
	const char *p = f->data;
	size_t n = f->len;
	struct buf repaired = BUF_INIT;
	bool keep = accept_text(r, &repaired, &p, &n, line);
	if (keep) {
		f->data = (const char *)(uintptr_t)r->values.len;
		f->len = n;
		buf_add(&r->values, p, n);
		*moved = true;
	}
	buf_release(&repaired);
	return keep;
}

/*
 * The payload of the record: a response's HTTP body, de-chunked and
 * decompressed, else the block; then text: from its declared charset, or
 * under --invalid.  With --html a web page's bytes stay as they are (it
 * decodes them) and their Content-Type is kept for it; a payload that is
 * no page (text/plain, JSON, a WET record's text) is text as without it.
 * False to skip the record.
 */
static bool warc_payload(struct reader *r, unsigned type, const char *block, size_t n, bool http,
			 size_t body, struct field *out, uint64_t line)
{
	const struct field *ct = warc_header(&r->head, "Content-Type", 12);
	const char *p = block;
	size_t len = n;
	enum warc_payload_fate fate = PAYLOAD_TEXT;
	if (http && (type == WARC_TYPE_RESPONSE || type == WARC_TYPE_REVISIT)) {
		ct = warc_header(&r->http, "Content-Type", 12);
		fate = warc_http_body(r->payloads, &r->http, block + body, n - body, &p, &len);
	}
	*out = (struct field){ "", 0 };
	r->payload_type[0] = '\0';
	r->payload_page = false;
	if (fate != PAYLOAD_TEXT || !warc_content_is_text(ct)) {
		if (fate != PAYLOAD_TEXT)
			r->st.payloads_undecodable++;
		else
			r->st.payloads_not_text++;
		return true;
	}
	if (r->o.html && warc_content_is_html(ct, p, len)) {
		if (ct)
			snprintf(r->payload_type, sizeof r->payload_type, "%.*s", (int)ct->len, ct->data);
		r->payload_page = true;
		*out = (struct field){ p, len };
		return true;
	}
	if (utf8_valid(p, len)) {
		*out = (struct field){ p, len };
		return true;
	}
	buf_reset(&r->payload);
	if (!warc_decode_text(r->payloads, ct, p, len, &r->payload, &r->st.invalid_replaced)) {
		/* Nothing says what it is: like any text that is not UTF-8, under --invalid. */
		if (!accept_text(r, &r->payload, &p, &len, line))
			return false;
		*out = (struct field){ p, len };
		return true;
	}
	*out = (struct field){ r->payload.data ? r->payload.data : "", r->payload.len };
	return true;
}

/* The fields of a record [text, text + head + block) asked for; false to skip the record. */
static bool warc_fields(struct reader *r, unsigned type, const char *text, size_t head, size_t block,
			uint64_t line)
{
	const char *b = text + head;
	bool http_tried = false, http = false;
	struct field status = { "", 0 };
	size_t body = 0;
	bool *moved = r->present;	/* reused: which values sit in r->values */
	buf_reset(&r->values);
	for (size_t i = 0; i < r->nkeys; i++) {
		struct reader_key *k = &r->keys[i];
		const struct field *v = NULL;
		struct field value = { "", 0 };
		moved[i] = false;
		if ((k->kind == KEY_HTTP_HEADER || k->kind == KEY_HTTP_STATUS || k->kind == KEY_PAYLOAD) &&
		    !http_tried) {
			http_tried = true;
			http = (type == WARC_TYPE_RESPONSE || type == WARC_TYPE_REVISIT ||
				type == WARC_TYPE_REQUEST) &&
			       warc_parse_http(b, block, &r->http, &status, &body);
		}
		switch (k->kind) {
		case KEY_WARC_HEADER:
			v = warc_header(&r->head, k->lookup.data, k->lookup.len);
			break;
		case KEY_HTTP_HEADER:
			v = http ? warc_header(&r->http, k->lookup.data, k->lookup.len) : NULL;
			break;
		case KEY_HTTP_STATUS:
			v = http ? &status : NULL;
			break;
		case KEY_PAYLOAD:
			if (!warc_payload(r, type, b, block, http, body, &value, line))
				return false;
			k->seen++;
			r->fields[i] = value;
			continue;
		default:
			bug("warc_fields: key kind %d", (int)k->kind);
		}
		if (v) {
			value = *v;
			k->seen++;
			if (!warc_text_value(r, &value, line, &moved[i]))
				return false;
		}
		r->fields[i] = value;
	}
	/* Repaired values: their offsets in r->values become pointers, now it is done growing. */
	for (size_t i = 0; i < r->nkeys; i++)
		if (r->keys[i].kind != KEY_PAYLOAD && moved[i])
			r->fields[i].data = r->values.data + (uintptr_t)r->fields[i].data;
	return true;
}

/* The Content-Length of a head, or -1 if it has none that is a number. */
static int64_t warc_content_length(const struct warc_headers *h)
{
	const struct field *cl = warc_header(h, "Content-Length", 14);
	if (!cl || cl->len == 0 || cl->len > 18)
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < cl->len; i++) {
		if (cl->data[i] < '0' || cl->data[i] > '9')
			return -1;
		v = v * 10 + (cl->data[i] - '0');
	}
	return v;
}

static bool read_warc_record(struct reader *r)
{
	r->keys_closed = true;
	grow_fields(r, r->nkeys ? r->nkeys : 1);
	for (;;) {
		const char *p;
		size_t avail;
		/* Blank lines between records are no record (some writers leave them). */
		for (;;) {
			if (!warc_window(r, 1, &p, &avail))
				return false;
			size_t blank = 0;
			while (blank < avail && (p[blank] == '\r' || p[blank] == '\n'))
				blank++;
			r->line += bytes_count(p, blank, '\n');
			warc_consume(r, blank);
			if (blank < avail)
				break;
		}
		uint64_t line = r->line;
		r->warc_in_file++;
		r->head.n = 0;
		size_t head = 0, want = 4096;
		for (;;) {
			bool all = warc_window(r, want, &p, &avail);
			head = warc_head_end(p, avail);
			if (head)
				break;
			if (!all)
				warc_die(r, line, avail >= 5 && memcmp(p, "WARC/", 5) == 0
					 ? "truncated: the input ends in its head" : "not a WARC record (no WARC/1.0 or WARC/1.1 line)");
			if (avail > WARC_HEAD_MAX)
				warc_die(r, line, "no blank line ends its head in 64 MiB: not a WARC record");
			want = avail * 2;
		}
		const char *error = warc_parse_head(p, head, &r->head);
		if (error)
			warc_die(r, line, error);
		int64_t clen = warc_content_length(&r->head);
		if (clen < 0)
			warc_die(r, line, "no Content-Length that is a number");
		size_t block = (size_t)clen;
		const char *head_at = p;
		bool all = warc_window(r, head + block + 4, &p, &avail);
		/* The head's pointers moved with the window: parsed again where it now lies. */
		if (p != head_at)
			warc_parse_head(p, head, &r->head);
		if (avail < head + block) {
			char what[160];
			snprintf(what, sizeof what, "truncated: Content-Length says %zu bytes, the input ends after %zu",
				 block, avail - head);
			warc_die(r, line, what);
		}
		size_t total = head + block;
		const char *end = p + total;
		size_t rest = avail - total;
		if (rest >= 4 && memcmp(end, "\r\n\r\n", 4) == 0)
			total += 4;
		else if (rest >= 2 && memcmp(end, "\n\n", 2) == 0)
			total += 2;
		else if (!all && rest == 0)
			warc_die(r, line, "truncated: the input ends without the CR LF CR LF that ends a record");
		else
			warc_die(r, line, "the Content-Length is wrong: the block is not followed by CR LF CR LF");
		r->line += bytes_count(p, total, '\n');
		warc_consume(r, total);
		unsigned type = warc_type_bit(warc_header(&r->head, "WARC-Type", 9));
		if (!(type & r->warc_types))
			continue;
		/* The window stays until the next call: the record's text points into it. */
		if (!warc_fields(r, type, p, head, block, line)) {
			r->st.invalid_skipped++;
			continue;
		}
		r->nfields = r->nkeys;
		r->fields_ready = true;
		r->rec.text = p;
		r->rec.len = total;
		r->rec.line = line;
		return true;
	}
}

/* ---- CSV through libcsv -------------------------------------------------- */

static unsigned count_newlines(const char *p, size_t n)
{
	unsigned c = 0;
	const char *end = p + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		c++;
		p++;
	}
	return c;
}

static void csv_field_cb(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	struct csv_queue *q = &r->csv;
	const char *p = data ? data : "";
	if (!q->in_record) {
		q->in_record = true;
		q->rec_line = q->line;
		q->partial_first = q->nspans;
		q->partial_bad = false;
		q->partial_repaired = false;
	}
	ALLOC_GROW(q->spans, q->nspans + 1, q->aspans);
	struct csv_field *s = &q->spans[q->nspans++];
	s->off = q->arena.len;
	size_t good = r->o.invalid == INVALID_KEEP ? len : utf8_valid_prefix(p, len);
	if (good == len) {
		buf_add(&q->arena, p, len);
	} else if (r->o.invalid == INVALID_FAIL) {
		die_at(source_name(r->src), q->line, "invalid UTF-8");
	} else if (r->o.invalid == INVALID_SKIP) {
		q->partial_bad = true;
		buf_add(&q->arena, p, len);
	} else {
		buf_add(&q->arena, p, good);
		r->st.invalid_replaced += utf8_repair(&q->arena, p + good, len - good);
	}
	if (r->o.repair_mojibake && !r->o.html &&
	    mojibake_repair(&r->moji, q->arena.data + s->off, q->arena.len - s->off, &r->fixed)) {
		q->arena.len = s->off;
		buf_add(&q->arena, r->fixed.data, r->fixed.len);
		q->partial_repaired = true;
	}
	s->len = q->arena.len - s->off;
	q->line += count_newlines(p, len);
}

static void csv_record_cb(int c, void *ctx)
{
	struct reader *r = ctx;
	struct csv_queue *q = &r->csv;
	if (q->in_record) {
		q->in_record = false;
		if (q->partial_bad) {
			r->st.invalid_skipped++;
			if (r->on_skip) {
				/* The fields as read, joined by the delimiter (the quoting is gone). */
				struct buf text = BUF_INIT;
				for (size_t i = q->partial_first; i < q->nspans; i++) {
					if (i > q->partial_first)
						buf_addc(&text, r->delim);
					buf_add(&text, q->arena.data + q->spans[i].off, q->spans[i].len);
				}
				report_skip(r, "invalid-utf8", q->rec_line, text.data ? text.data : "",
					    text.len, "invalid UTF-8");
				buf_release(&text);
			}
			q->nspans = q->partial_first;
		} else {
			r->st.repaired += q->partial_repaired;
			ALLOC_GROW(q->recs, q->nrecs + 1, q->arecs);
			struct csv_rec *rec = &q->recs[q->nrecs++];
			rec->first = q->partial_first;
			rec->nfields = q->nspans - q->partial_first;
			rec->line = q->rec_line;
			rec->bad = false;
		}
	}
	if (c == '\n')
		q->line++;
}

static int csv_no_space(unsigned char c)
{
	(void)c;
	return 0;	/* RFC 4180: spaces belong to the field */
}

static void csv_start(struct reader *r)
{
	struct csv_queue *q = &r->csv;
	if (csv_init(&q->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		die("out of memory");
	csv_set_delim(&q->parser, (unsigned char)r->delim);
	csv_set_space_func(&q->parser, csv_no_space);
	q->active = true;
	q->line = 1;
	q->lines_before_block = 0;
	q->in_record = false;
	q->nrecs = q->head = 0;
	q->nspans = 0;
	buf_reset(&q->arena);
}

/* Drop consumed records, keeping the fields of a record still being parsed. */
static void csv_compact(struct csv_queue *q)
{
	size_t keep_first = q->in_record ? q->partial_first : q->nspans;
	size_t base = keep_first < q->nspans ? q->spans[keep_first].off : q->arena.len;
	size_t tail = q->arena.len - base;
	if (base && tail)
		memmove(q->arena.data, q->arena.data + base, tail);
	q->arena.len = tail;
	if (q->arena.data)
		q->arena.data[tail] = '\0';
	size_t kept = q->nspans - keep_first;
	for (size_t i = 0; i < kept; i++) {
		q->spans[i] = q->spans[keep_first + i];
		q->spans[i].off -= base;
	}
	q->nspans = kept;
	q->partial_first = 0;
	q->nrecs = q->head = 0;
}

static noreturn void csv_parse_error(struct reader *r, const char *blk, size_t upto)
{
	uint64_t line = r->csv.lines_before_block + 1 + count_newlines(blk, upto);
	die_at(source_name(r->src), line, "malformed CSV: %s",
	       "a quote inside an unquoted field, or text after a closing quote");
}

static bool read_csv_record(struct reader *r)
{
	struct csv_queue *q = &r->csv;
	if (!q->active)
		csv_start(r);
	while (q->head == q->nrecs) {
		if (!q->active)
			return false;
		csv_compact(q);
		if (fetch_block(r)) {
			size_t done = csv_parse(&q->parser, r->blk, r->blen, csv_field_cb,
						csv_record_cb, r);
			if (done != r->blen)
				csv_parse_error(r, r->blk, done);
			q->lines_before_block += count_newlines(r->blk, r->blen);
			continue;
		}
		uint64_t field_line = q->line;
		if (csv_fini(&q->parser, csv_field_cb, csv_record_cb, r) != 0)
			die_at(source_name(r->src), field_line,
			       "malformed CSV: unterminated quoted field");
		csv_free(&q->parser);
		q->active = false;
	}
	struct csv_rec *cr = &q->recs[q->head++];
	grow_fields(r, cr->nfields);
	for (size_t i = 0; i < cr->nfields; i++) {
		struct csv_field *s = &q->spans[cr->first + i];
		r->fields[i].data = q->arena.data + s->off;
		r->fields[i].len = s->len;
	}
	r->nfields = cr->nfields;
	r->fields_ready = true;
	r->rec.text = NULL;
	r->rec.len = 0;
	r->rec.line = cr->line;
	return true;
}

/* ---- fields -------------------------------------------------------------- */

/* Decodes \t \n \r \\; any other backslash is kept as it is.  Runs between
 * backslashes are copied whole. */
static size_t tsv_unescape(char *out, const char *p, size_t n)
{
	size_t o = 0;
	const char *end = p + n;
	for (;;) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		size_t run = (size_t)((bs ? bs : end) - p);
		memcpy(out + o, p, run);
		o += run;
		if (!bs)
			return o;
		p = bs + 1;
		char d = 0;
		if (p < end)
			d = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == '\\' ? '\\' : 0;
		if (d) {
			out[o++] = d;
			p++;
		} else {
			out[o++] = '\\';
		}
	}
}


/*
 * A short record in one byte loop: its delimiters found and its escapes
 * noticed together, where a memchr() per field and one for a backslash
 * would cost more in calls than in bytes.  False if it holds an escape.
 */
static bool tsv_split_short(const char *p, size_t len, char delim, struct field_array *out)
{
	const char *end = p + len, *start = p;
	for (; p < end; p++) {
		if (*p == '\\')
			return false;
		if (*p == delim) {
			field_array_add(out, start, (size_t)(p - start));
			start = p + 1;
		}
	}
	field_array_add(out, start, (size_t)(end - start));
	return true;
}

/*
 * Decodes the escapes of a record's fields (split from text of length
 * len) into `decoded`.  With `known`, bit i says whether field i < 64
 * holds a backslash; other fields, or all without it, are looked at.
 */
static void unescape_fields(struct field_array *out, struct buf *decoded, size_t len,
			    const uint64_t *known)
{
	/* Decoding never lengthens a field, so one reservation suffices. */
	buf_reset(decoded);
	buf_grow(decoded, len);
	for (size_t i = 0; i < out->n; i++) {
		struct field *f = &out->f[i];
		if (known && i < 64 ? !(*known >> i & 1) : !memchr(f->data, '\\', f->len))
			continue;
		char *o = decoded->data + decoded->len;
		f->len = tsv_unescape(o, f->data, f->len);
		decoded->len += f->len;
		f->data = o;
	}
}

size_t tsv_split(const char *text, size_t len, char delim, struct field_array *out,
		 struct buf *decoded)
{
	out->n = 0;
	if (len <= 128 && tsv_split_short(text, len, delim, out))
		return out->n;
	out->n = 0;
	const char *p = text, *end = p + len;
	for (;;) {
		const char *tab = memchr(p, delim, (size_t)(end - p));
		const char *fend = tab ? tab : end;
		field_array_add(out, p, (size_t)(fend - p));
		if (!tab)
			break;
		p = tab + 1;
	}
	if (memchr(text, '\\', len))
		unescape_fields(out, decoded, len, NULL);
	return out->n;
}

/*
 * The bytes a TSV line's cutting stops at, as a bit mask of the 64 (or
 * fewer, at the end) from p: delimiters, the terminator, backslashes, CRs.
 */
#if defined(__x86_64__)
#include <immintrin.h>
__attribute__((target("avx2"))) static uint64_t tsv_stops64(const char *p, char delim, char term)
{
	__m256i d = _mm256_set1_epi8(delim), t = _mm256_set1_epi8(term);
	__m256i b = _mm256_set1_epi8('\\'), r = _mm256_set1_epi8('\r');
	uint64_t m = 0;
	for (int half = 0; half < 2; half++) {
		__m256i in = _mm256_loadu_si256((const __m256i *)(p + 32 * half));
		__m256i hit = _mm256_or_si256(_mm256_cmpeq_epi8(in, d), _mm256_cmpeq_epi8(in, t));
		hit = _mm256_or_si256(hit, _mm256_or_si256(_mm256_cmpeq_epi8(in, b),
							   _mm256_cmpeq_epi8(in, r)));
		m |= (uint64_t)(uint32_t)_mm256_movemask_epi8(hit) << (32 * half);
	}
	return m;
}
#endif

static uint64_t tsv_stops(const char *p, size_t avail, char delim, char term, bool simd)
{
#if defined(__x86_64__)
	if (simd && avail >= 64)
		return tsv_stops64(p, delim, term);
#endif
	(void)simd;
	uint64_t m = 0;
	size_t n = avail < 64 ? avail : 64;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == delim || c == term || c == '\\' || c == '\r')
			m |= (uint64_t)1 << i;
	}
	return m;
}

const char *tsv_cut_line(const char *p, const char *end, char delim, char term, bool strip_cr,
			 struct field_array *out, struct buf *decoded, size_t *len, bool *clean)
{
	bool simd = cpu_has_avx2();
	out->n = 0;
	const char *field = p, *q = p, *text_end = NULL;
	bool canonical = true, raw_cr = false;
	/* Fields holding a backslash: a bit each for the first 64, then all past them. */
	uint64_t escaped = 0;
	bool escaped_far = false;
	while (!text_end) {
		size_t avail = (size_t)(end - q), span = avail < 64 ? avail : 64;
		uint64_t m = tsv_stops(q, avail, delim, term, simd);
		const char *resume = q + span;
		while (m) {
			const char *at = q + __builtin_ctzll(m);
			m &= m - 1;
			char c = *at;
			if (c == term) {
				text_end = at;
				break;
			}
			if (c == delim) {
				field_array_add(out, field, (size_t)(at - field));
				field = at + 1;
			} else if (c == '\\') {
				if (out->n < 64)
					escaped |= (uint64_t)1 << out->n;
				else
					escaped_far = true;
				char next = at[1];	/* the terminator comes later: at + 1 < end */
				if (next == '\\') {
					/* An escaped backslash: the second is not an escape of its own. */
					if (at + 1 < q + span) {
						m &= ~((uint64_t)1 << (at + 1 - q));
					} else {
						resume = at + 2;	/* it starts the next 64: skipped there */
						break;
					}
				} else if (next != 't' && next != 'n' && next != 'r') {
					canonical = false;
				}
			} else if (!(strip_cr && term == '\n' && at[1] == term)) {
				raw_cr = true;	/* a CR that is not the end of a CR LF */
			}
		}
		q = resume;
	}
	*len = (size_t)(text_end - p);
	if (strip_cr && term == '\n' && *len && p[*len - 1] == '\r')
		(*len)--;
	field_array_add(out, field, (size_t)(p + *len - field));
	*clean = delim == '\t' && canonical && !raw_cr;
	if (escaped || escaped_far)
		unescape_fields(out, decoded, *len, &escaped);
	return text_end + 1;
}

static void split_tsv(struct reader *r)
{
	struct field_array fa = { r->fields, 0, r->afields };
	r->nfields = tsv_split(r->rec.text, r->rec.len, (char)r->delim, &fa, &r->decoded);
	r->fields = fa.f;
	r->afields = fa.alloc;
}

size_t reader_fields(struct reader *r, const struct field **fields)
{
	if (!r->fields_ready) {
		if (r->format == FMT_TSV) {
			split_tsv(r);
		} else {
			grow_fields(r, 1);
			r->fields[0].data = r->rec.text;
			r->fields[0].len = r->rec.len;
			r->nfields = 1;
		}
		r->fields_ready = true;
	}
	*fields = r->fields;
	return r->nfields;
}

/* ---- the public loop ----------------------------------------------------- */

static bool read_raw_record(struct reader *r)
{
	r->fields_ready = false;
	switch (r->format) {
	case FMT_TSV:
	case FMT_LINES: return read_line_record(r);
	case FMT_PARA: return read_para_record(r);
	case FMT_DOC: return read_doc_record(r);
	case FMT_CSV: return read_csv_record(r);
	case FMT_JSONL: return read_jsonl_record(r);
	case FMT_WARC: return read_warc_record(r);
	default: bug("unknown format %d", (int)r->format);
	}
}

static void keep_header(struct reader *r)
{
	const struct field *f;
	size_t n = reader_fields(r, &f);
	buf_reset(&r->header_arena);
	for (size_t i = 0; i < n; i++)
		buf_add(&r->header_arena, f[i].data, f[i].len);
	r->header = xreallocarray(r->header, n ? n : 1, sizeof *r->header);
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		r->header[i].data = r->header_arena.data + off;
		r->header[i].len = f[i].len;
		off += f[i].len;
	}
	r->nheader = n;
}

static bool same_as_header(struct reader *r)
{
	const struct field *f;
	size_t n = reader_fields(r, &f);
	if (n != r->nheader)
		return false;
	for (size_t i = 0; i < n; i++)
		if (f[i].len != r->header[i].len || memcmp(f[i].data, r->header[i].data, f[i].len))
			return false;
	return true;
}

/* Reads the header of the first input, once, before the first record. */
static void prime_header(struct reader *r)
{
	if (!r->o.header || r->header_primed)
		return;
	r->header_primed = true;
	if (!open_next_source(r))
		return;
	if (!read_raw_record(r)) {
		close_source(r);
		return;
	}
	r->header_seen_in_file = true;
	keep_header(r);
}

void reader_html_fields(struct reader *r, const struct fieldlist *fl)
{
	html_fields_free(r->html);
	r->html = NULL;
	if (!r->o.html)
		return;
	if (r->format != FMT_WARC) {
		r->html = html_fields_new((enum html_mode)r->o.html, fl);
		return;
	}
	/* In a WARC record only the payload is a page; its headers are text. */
	struct fieldlist pages = { 0 };
	size_t alloc = 0;
	for (size_t i = 0; i < r->nkeys; i++)
		if (r->keys[i].kind == KEY_PAYLOAD) {
			ALLOC_GROW(pages.ranges, pages.n + 1, alloc);
			pages.ranges[pages.n++] = (struct field_range){ i, i };
		}
	if (pages.n)
		r->html = html_fields_new((enum html_mode)r->o.html, &pages);
	r->html_none = !pages.n;
	fieldlist_release(&pages);
}

bool reader_rewrites(const struct reader *r)
{
	return r->o.html != 0;
}

bool reader_page(struct reader *r, const char **content_type)
{
	if (!r->html && !r->html_none)
		reader_html_fields(r, NULL);
	if (r->html_none || (r->format == FMT_WARC && !r->payload_page))
		return false;
	/*
	 * A doc record is the file's bytes, a WARC payload the body as it came
	 * with its Content-Type; text formats were read (and checked) as UTF-8.
	 */
	*content_type = r->format == FMT_DOC ? NULL
		      : r->format == FMT_WARC ? (r->payload_type[0] ? r->payload_type : NULL)
		      : "text/html; charset=utf-8";
	return true;
}

bool reader_defer_html(struct reader *r)
{
	/* --repair works on the pages' text, here, and counts what it repairs. */
	if (!r->o.html || r->o.repair_mojibake)
		return false;
	if (!r->html && !r->html_none)
		reader_html_fields(r, NULL);
	r->html_deferred = true;
	return true;
}

struct html_fields *reader_html_converter(const struct reader *r)
{
	return r->html ? html_fields_copy(r->html) : NULL;
}

/* --html: the named fields' pages become their text. */
static void rewrite_html(struct reader *r)
{
	const char *type;
	if (!reader_page(r, &type))
		return;
	const struct field *f;
	size_t n = reader_fields(r, &f);
	html_fields_apply(r->html, r->fields, n, type);
	if (format_is_keyed(r->format))
		return;	/* the record's text is the object or record as it came */
	if (r->format == FMT_TSV || r->format == FMT_CSV) {
		r->rec.text = NULL;
		r->rec.len = 0;
	} else {
		r->rec.text = r->fields[0].data;
		r->rec.len = r->fields[0].len;
	}
}

/* --repair with --html: the pages' text is what is repaired, field by field. */
static void repair_fields(struct reader *r)
{
	const struct field *f;
	size_t n = reader_fields(r, &f);
	ALLOC_GROW(r->fixed_lens, n, r->afixed_lens);
	buf_reset(&r->fixed_fields);
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		bool changed = mojibake_repair(&r->moji, f[i].data, f[i].len, &r->fixed);
		buf_add(&r->fixed_fields, changed ? r->fixed.data : f[i].data,
			changed ? r->fixed.len : f[i].len);
		r->fixed_lens[i] = changed ? r->fixed.len : f[i].len;
		any |= changed;
	}
	if (!any)
		return;
	r->st.repaired += !(r->format == FMT_JSONL && r->line_repaired);
	/* Pointers only now: the buffer moved while it grew. */
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		r->fields[i].data = r->fixed_fields.data + off;
		r->fields[i].len = r->fixed_lens[i];
		off += r->fixed_lens[i];
	}
	if (r->format != FMT_TSV && r->format != FMT_CSV) {
		r->rec.text = r->fields[0].data;
		r->rec.len = r->fields[0].len;
	}
}

const struct record *reader_next(struct reader *r)
{
	prime_header(r);
	for (;;) {
		if (!r->src && !open_next_source(r))
			return NULL;
		if (!read_raw_record(r)) {
			close_source(r);
			continue;
		}
		r->rec.file = r->file_name;
		if (r->o.header && !r->header_seen_in_file) {
			r->header_seen_in_file = true;
			if (r->next_file == 1) {
				keep_header(r);
				continue;
			}
			if (!same_as_header(r))
				die_at(r->rec.file, r->rec.line,
				       "header differs from the header of the first input");
			continue;
		}
		r->rec.number = ++r->st.records;
		if (r->o.html && !r->html_deferred)
			rewrite_html(r);
		/* The text of pages, and values a JSON line spelled in \u escapes. */
		if (r->o.repair_mojibake && (r->o.html || r->format == FMT_JSONL))
			repair_fields(r);
		return &r->rec;
	}
}

enum { STABLE_MIN_FILE = 1 << 20 };

void reader_stable_runs(struct reader *r, size_t keep, void (*release)(void *ctx), void *ctx)
{
	r->stable_keep = release ? keep : 0;
	r->release = release;
	r->release_ctx = ctx;
	if (r->src)
		source_keep_behind(r->src, r->stable_keep);
}

bool reader_gives_runs(const struct reader *r)
{
	switch (r->format) {
	case FMT_LINES:
	case FMT_TSV: return !r->o.html;
	/* --repair reads the object's text before the JSON: it stays with reader_next(). */
	case FMT_JSONL: return !r->o.html && !r->o.repair_mojibake;
	default: return false;
	}
}

/* The stable runs rule of reader_next_run(), for the current block. */
static bool run_is_stable(struct reader *r)
{
	/*
	 * A small file's runs are copied all the same: each file given stable
	 * runs costs the taker a wait for all of them before it is closed.
	 */
	bool stable = r->release && source_is_mapped(r->src) &&
		      source_raw_size(r->src) >= (int64_t)STABLE_MIN_FILE;
	r->stable_given |= stable;
	return stable;
}

/*
 * JSON Lines: every line goes out in a run, nothing is parsed here (the
 * taker parses, see jsonl_cut()), so runs end only at the end of the
 * input.  A line across blocks, or the last one without a terminator, is
 * a run of its own, copied, its terminator added.  Nor are the lines
 * counted here: the taker goes through them all anyway, and this thread
 * then touches only each block's last line (counting them here cost the
 * reading thread 0.56 instructions a byte, 15% of all the work).
 */
static bool next_jsonl_run(struct reader *r, struct record_run *out)
{
	r->keys_closed = true;
	for (;;) {
		if (!r->src && !open_next_source(r))
			return false;
		if (r->pos >= r->blen && !fetch_block(r)) {
			close_source(r);
			continue;
		}
		const char *start = r->blk + r->pos;
		const char *last = memrchr(start, r->term, r->blen - r->pos);
		if (last) {
			out->text = start;
			out->len = (size_t)(last + 1 - start);
			out->stable = run_is_stable(r);
			r->pos += out->len;
		} else {
			const char *p;
			size_t n;
			if (!next_line(r, &p, &n)) {
				close_source(r);
				continue;
			}
			/* In the carry, with the CR of a CR LF next_line() left out: both go with it. */
			buf_addc(&r->carry, r->term);
			out->text = r->carry.data;
			out->len = r->carry.len;
			out->stable = false;
		}
		out->count = 0;
		out->number = 0;
		out->line = r->line_known ? r->line : 0;
		r->line_known = false;
		out->file = r->file_name;
		return true;
	}
}

bool reader_next_run(struct reader *r, struct record_run *out)
{
	if (!reader_gives_runs(r))
		bug("reader_next_run: lines, tsv and jsonl only, not rewritten");
	if (r->format == FMT_JSONL)
		return next_jsonl_run(r, out);
	prime_header(r);
	if (!r->src && !open_next_source(r))
		return false;
	if (r->o.header && !r->header_seen_in_file)
		return false;
	if (r->pos >= r->blen && !fetch_block(r))
		return false;
	/* Whole records of the checked part of the block: up to its last terminator. */
	size_t end = r->valid_end < r->blen ? r->valid_end : r->blen;
	if (end <= r->pos)
		return false;	/* past a bad byte, or the block ends inside a character */
	const char *start = r->blk + r->pos;
	/* Under --repair, the run ends before the line that may need it. */
	bool cut = r->o.repair_mojibake && r->suspect < end;
	if (cut)
		end = r->suspect;
	const char *last = end > r->pos ? memrchr(start, r->term, end - r->pos) : NULL;
	if (!last)
		return false;
	out->text = start;
	out->len = (size_t)(last + 1 - start);
	/* Every terminator before valid_end is in a whole run: counted when the block was checked. */
	out->count = cut ? bytes_count(start, out->len, (unsigned char)r->term) : r->lines_ahead;
	r->lines_ahead -= out->count;
	out->number = r->st.records + 1;
	out->line = r->line;
	out->file = r->file_name;
	out->stable = run_is_stable(r);
	r->pos += out->len;
	r->line += out->count;
	r->st.records += out->count;
	r->fields_ready = false;
	return true;
}

static struct reader *reader_new(const struct input_opts *o)
{
	struct reader *r = xcalloc(1, sizeof *r);
	r->o = *o;
	r->format = o->format ? o->format : FMT_LINES;
	r->delim = o->delim ? o->delim : r->format == FMT_CSV ? ',' : '\t';
	r->term = o->zero ? '\0' : '\n';
	r->st.raw_total = 0;
	if (format_is_keyed(r->format)) {
		/* Keys name the fields: -H asks only for a header on output (the tools'). */
		r->o.header = false;
		r->json_keys = json_keys_new();
	}
	if (r->format == FMT_WARC) {
		r->warc_types = o->warc_types ? o->warc_types : WARC_TYPES_DEFAULT;
		r->payloads = warc_payloads_new();
	}
	return r;
}

struct reader *reader_open(const struct input_opts *o, char *const *files, size_t nfiles)
{
	static char *const stdin_only[] = { "-" };
	struct reader *r = reader_new(o);
	r->files = nfiles ? files : stdin_only;
	r->nfiles = nfiles ? nfiles : 1;
	r->st.raw_total = 0;
	for (size_t i = 0; i < r->nfiles && r->st.raw_total >= 0; i++) {
		struct stat sb;
		if (strcmp(r->files[i], "-") == 0 || stat(r->files[i], &sb) != 0 ||
		    !S_ISREG(sb.st_mode))
			r->st.raw_total = -1;
		else
			r->st.raw_total += sb.st_size;
	}
	return r;
}

struct reader *reader_open_mem(const struct input_opts *o, const void *data, size_t len,
			       const char *name)
{
	struct reader *r = reader_new(o);
	r->mem = data;
	r->mem_len = len;
	r->mem_name = name;
	r->st.raw_total = (int64_t)len;
	return r;
}

size_t reader_header(struct reader *r, const struct field **names)
{
	prime_header(r);
	*names = r->header;
	return r->nheader;
}

enum rec_format reader_format(const struct reader *r)
{
	return r->format;
}

char reader_terminator(const struct reader *r)
{
	return r->term;
}

char reader_delim(const struct reader *r)
{
	return r->delim;
}

void reader_get_stats(const struct reader *r, struct reader_stats *st)
{
	fill_stats(r, st);
}

void reader_on_skip(struct reader *r, reader_skip_fn fn, void *ctx)
{
	r->on_skip = fn;
	r->on_skip_ctx = ctx;
}

void reader_on_block(struct reader *r, void (*fn)(const struct reader_stats *, void *),
		     void *ctx)
{
	r->on_block = fn;
	r->on_block_ctx = ctx;
}

void reader_close(struct reader *r)
{
	if (!r)
		return;
	if (r->src)
		close_source(r);
	if (r->csv.active)
		csv_free(&r->csv.parser);
	if (r->cutter) {
		r->tally.records = 0;	/* reader_next() counted them */
		reader_add_tally(r, &r->tally);
		jsonl_tally_reset(&r->tally);
	}
	if (r->st.invalid_replaced)
		warn("%llu invalid UTF-8 sequence%s replaced with U+FFFD",
		     (unsigned long long)r->st.invalid_replaced,
		     r->st.invalid_replaced == 1 ? "" : "s");
	if (r->st.invalid_skipped)
		warn("%llu record%s with invalid UTF-8 skipped",
		     (unsigned long long)r->st.invalid_skipped,
		     r->st.invalid_skipped == 1 ? "" : "s");
	if (r->st.malformed_skipped)
		warn("%llu line%s that %s not one JSON object skipped",
		     (unsigned long long)r->st.malformed_skipped,
		     r->st.malformed_skipped == 1 ? "" : "s", r->st.malformed_skipped == 1 ? "is" : "are");
	if (r->st.payloads_not_text)
		warn("%llu WARC payload%s not text (an image, a PDF, ...) read as empty",
		     (unsigned long long)r->st.payloads_not_text, r->st.payloads_not_text == 1 ? "" : "s");
	if (r->st.payloads_undecodable)
		warn("%llu WARC payload%s whose Content-Encoding could not be undone read as empty",
		     (unsigned long long)r->st.payloads_undecodable,
		     r->st.payloads_undecodable == 1 ? "" : "s");
	/* A key no record had is most likely mistyped: say so rather than count empty values. */
	for (size_t i = 0; i < r->nkeys && r->st.records; i++)
		if (!r->keys[i].seen)
			warn("no record had the key '%s' (-F %s fields are keys: -f %s)", r->keys[i].name,
			     format_name(r->format),
			     r->format == FMT_WARC ? "WARC-Target-URI,http:Content-Type,payload"
						   : "text,metadata.url");
	for (size_t i = 0; i < r->nkeys; i++)
		free(r->keys[i].name);
	free(r->keys);
	free(r->present);
	json_keys_free(r->json_keys);
	jsonl_cutter_free(r->cutter);
	jsonl_tally_release(&r->tally);
	free(r->whole);
	buf_release(&r->warc);
	warc_headers_release(&r->head);
	warc_headers_release(&r->http);
	warc_payloads_free(r->payloads);
	buf_release(&r->values);
	buf_release(&r->payload);
	buf_release(&r->carry);
	buf_release(&r->text);
	buf_release(&r->fixed);
	buf_release(&r->fixed_fields);
	free(r->fixed_lens);
	mojibake_release(&r->moji);
	buf_release(&r->decoded);
	buf_release(&r->header_arena);
	buf_release(&r->csv.arena);
	free(r->csv.spans);
	free(r->csv.recs);
	free(r->fields);
	free(r->header);
	html_fields_free(r->html);
	free(r);
}
