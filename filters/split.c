/*
 * rill-split: cut records into units (paragraphs, sentences, words,
 * graphemes, word n-grams, chunks), or shard a stream into files.
 *
 * Segmentation is common/segment's and sharding common/shard's; this file
 * turns options into calls and shapes each output record:
 * [ID INDEX] [START END] [kept fields...] UNIT.  Each unit kind is a mode
 * of common/runner: without --into, records are cut on every core and
 * written in input order.
 */
#include "../common/diag.h"
#include "../common/runner.h"
#include "../common/segment.h"
#include "../common/shard.h"
#include "../common/textspans.h"
#include "../common/tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_BY = 1, OPT_ALL, OPT_NUMBER, OPT_ID, OPT_OFFSETS, OPT_KEEP, OPT_ABBREV, OPT_INTO,
	OPT_LINES, OPT_BYTES, OPT_KEY, OPT_HASH, OPT_THREADS,
};

static void on_option(int id, const char *arg, void *settings);

static const struct tool_option options[] = {
	{ OPT_BY, 'b', "by", ARG_REQUIRED, "UNIT",
	  "paragraphs (a text's lines, not -F para's blocks), sentences,\n"
	  "words, graphemes, ngrams=N or chunks=N" },
	{ OPT_ALL, 0, "all", ARG_NONE, NULL, "words: also segments without a letter or digit" },
	{ OPT_NUMBER, 'n', "number", ARG_NONE, NULL, "prefix each unit with ID<TAB>INDEX<TAB>" },
	{ OPT_ID, 0, "id", ARG_REQUIRED, "FIELD", "the ID of -n is this field's value" },
	{ OPT_OFFSETS, 0, "offsets", ARG_NONE, NULL, "add START<TAB>END<TAB>: the unit's byte offsets" },
	{ OPT_KEEP, 0, "keep", ARG_REQUIRED, "LIST", "carry these fields onto every unit" },
	{ OPT_ABBREV, 0, "abbrev", ARG_REQUIRED, "FILE", "sentences: more abbreviations, one a line" },
	{ OPT_INTO, 0, "into", ARG_REQUIRED, "PATTERN", "write to files named by PATTERN" },
	{ OPT_LINES, 0, "lines", ARG_REQUIRED, "N", "with --into: N records per file (%d)" },
	{ OPT_BYTES, 0, "bytes", ARG_REQUIRED, "SIZE", "with --into: at most SIZE bytes per file (%d)" },
	{ OPT_KEY, 0, "key", ARG_REQUIRED, "FIELD", "with --into: one file per key value (%k)" },
	{ OPT_HASH, 0, "hash", ARG_REQUIRED, "N", "with --into: N files by key hash (%n)" },
	{ OPT_THREADS, 0, "threads", ARG_REQUIRED, "N", "split on N threads (default: one per core; 0: every core)" },
	{ 0 },
};

static const struct tool tool = {
	.name = "rill-split",
	.synopsis = "[OPTIONS] [FILE...]",
	.summary = "Cut records into paragraphs, sentences, words, graphemes, n-grams or chunks,\n"
		   "or shard a stream into files.",
	.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_KEY | OPTS_OUTPUT,
	.options = options,
	.on_option = on_option,
};

enum by { BY_RECORDS, BY_UNIT, BY_NGRAMS, BY_CHUNKS };

struct settings {
	enum by by;
	enum seg_unit unit;
	size_t n;		/* of ngrams=N and chunks=N */
	bool all, number, offsets;
	uint64_t threads;	/* 0: one per core */
	const char *id_field, *keep_list, *abbrev_file;
	struct shard_opts shard;
};

static const struct choice units[] = {
	{ "paragraphs", SEG_PARAGRAPHS }, { "sentences", SEG_SENTENCES }, { "words", SEG_WORDS },
	{ "graphemes", SEG_GRAPHEMES }, { NULL, 0 },
};

static void parse_by(struct settings *s, const char *arg)
{
	int unit;
	if (choice_find(units, arg, strlen(arg), &unit)) {
		s->by = BY_UNIT;
		s->unit = (enum seg_unit)unit;
	} else if (strncmp(arg, "ngrams=", 7) == 0) {
		s->by = BY_NGRAMS;
		s->n = parse_uint(arg + 7, 1, 1000, "--by=ngrams");
	} else if (strncmp(arg, "chunks=", 7) == 0) {
		s->by = BY_CHUNKS;
		s->n = parse_uint(arg + 7, 1, (uint64_t)1 << 40, "--by=chunks");
	} else {
		choice_die(units, arg, strlen(arg), "--by", "unit", "ngrams=N, chunks=N");
	}
}

static void on_option(int id, const char *arg, void *ctx)
{
	struct settings *s = ctx;
	switch (id) {
	case OPT_BY: parse_by(s, arg); break;
	case OPT_ALL: s->all = true; break;
	case OPT_NUMBER: s->number = true; break;
	case OPT_ID: s->id_field = arg; break;
	case OPT_OFFSETS: s->offsets = true; break;
	case OPT_KEEP: s->keep_list = arg; break;
	case OPT_ABBREV: s->abbrev_file = arg; break;
	case OPT_THREADS: s->threads = parse_threads(arg); break;
	case OPT_INTO: s->shard.pattern = arg; break;
	case OPT_LINES: s->shard.lines = parse_uint(arg, 1, UINT64_MAX, "--lines"); break;
	case OPT_BYTES: s->shard.bytes = parse_size(arg, "--bytes"); break;
	case OPT_KEY: s->shard.key_field = arg; break;
	case OPT_HASH: s->shard.hash = parse_uint(arg, 1, 100000, "--hash"); break;
	default: bug("rill-split: option %d", id);
	}
}

/*
 * A thread's splitter: the settings and field lists (shared, read only)
 * and the buffers every record and unit reuses.
 */
struct splitter {
	const struct settings *s;
	struct run *run;
	struct shards *shards;		/* --into, or NULL */
	struct abbrevs *abbrevs;
	struct fieldlist keep, id;
	bool doc;			/* -F doc: the ID of -n is the file name */
	bool flatten;			/* a line break in a unit becomes a space (lines output) */
	/* The record being cut. */
	const struct record *rec;
	const struct field *fields;
	size_t nfields;
	struct writer *dest;		/* where units go without --into */
	const char *text;		/* the field being cut */
	size_t len;
	/* Reused. */
	struct field_array kept, id_value, out;
	struct field_text scratch;	/* the -f fields joined */
	struct buf joined, flat;
	char numbers[4][FIELD_U64_SIZE];
	struct span_array words;
};

static void push(struct field_array *a, struct field f)
{
	field_array_add(a, f.data, f.len);
}

/* One unit: its text (unit, ulen) and its offsets in the cut field. */
static void emit(struct splitter *sp, uint64_t index, size_t start, size_t end,
		 const char *unit, size_t ulen)
{
	const struct settings *s = sp->s;
	sp->out.n = 0;
	if (s->number) {
		if (sp->id.n)
			push(&sp->out, sp->id_value.f[0]);
		else if (sp->doc)
			push(&sp->out, (struct field){ sp->rec->file, strlen(sp->rec->file) });
		else
			push(&sp->out, field_u64(sp->numbers[0], sp->rec->number));
		push(&sp->out, field_u64(sp->numbers[1], index));
	}
	if (s->offsets) {
		push(&sp->out, field_u64(sp->numbers[2], start));
		push(&sp->out, field_u64(sp->numbers[3], end));
	}
	for (size_t i = 0; i < sp->kept.n; i++)
		push(&sp->out, sp->kept.f[i]);
	if (sp->flatten && (memchr(unit, '\n', ulen) || memchr(unit, '\r', ulen))) {
		buf_reset(&sp->flat);
		buf_add(&sp->flat, unit, ulen);
		for (size_t i = 0; i < ulen; i++)
			if (sp->flat.data[i] == '\n' || sp->flat.data[i] == '\r')
				sp->flat.data[i] = ' ';
		unit = sp->flat.data;
	}
	if (sp->out.n == 0 && !sp->shards) {
		writer_text(sp->dest, unit, ulen);	/* the common case: a unit alone */
		return;
	}
	push(&sp->out, (struct field){ unit, ulen });
	struct writer *w = sp->dest;
	if (sp->shards) {
		w = shards_writer_for(sp->shards, sp->fields, sp->nfields, sp->out.f, sp->out.n);
		sp->run->extra_written++;
	}
	writer_fields(w, sp->out.f, sp->out.n);
}

/* A record about to be cut: its text, kept fields and ID found once. */
static inline struct splitter *begin_record(void *state, const struct record *rec, const struct field *f,
				     size_t n, struct writer *out)
{
	struct splitter *sp = state;
	sp->rec = rec;
	sp->fields = f;
	sp->nfields = n;
	sp->dest = out;
	if (sp->keep.n)
		fieldlist_select(&sp->keep, f, n, &sp->kept);
	struct field text = fieldlist_text(&sp->run->fields, f, n, &sp->scratch);
	sp->text = text.data;
	sp->len = text.len;
	if (sp->id.n)
		fieldlist_select(&sp->id, f, n, &sp->id_value);
	return sp;
}

/* ---- the modes: what a record is cut into --------------------------------- */

/* --by=paragraphs, sentences, graphemes, or words with --all: every segment. */
static void split_segments(void *state, const struct record *rec, const struct field *f, size_t n,
			   struct writer *out, struct buf *side)
{
	struct splitter *sp = begin_record(state, rec, f, n, out);
	struct segmenter seg;
	seg_init(&seg, sp->s->unit, sp->text, sp->len, sp->abbrevs);
	size_t a, b;
	uint64_t index = 0;
	while (seg_next(&seg, &a, &b))
		emit(sp, ++index, a, b, sp->text + a, b - a);
}

/* --by=words: the segments with a letter or digit, numbered or with fields. */
static void split_words(void *state, const struct record *rec, const struct field *f, size_t n,
			struct writer *out, struct buf *side)
{
	struct splitter *sp = begin_record(state, rec, f, n, out);
	struct segmenter seg;
	seg_init(&seg, SEG_WORDS, sp->text, sp->len, NULL);
	size_t a, b;
	uint64_t index = 0;
	while (seg_next_word(&seg, &a, &b))
		emit(sp, ++index, a, b, sp->text + a, b - a);
}

/* --by=words alone, the usual case: a record's words written together. */
static void split_word_list(void *state, const struct record *rec, const struct field *f, size_t n,
			    struct writer *out, struct buf *side)
{
	struct splitter *sp = begin_record(state, rec, f, n, out);
	seg_words(sp->text, sp->len, &sp->words);
	write_text_spans(out, sp->text, sp->len, sp->words.s, sp->words.n);
}

/* Word n-grams, space-joined; offsets span from the first word to the last. */
static void split_ngrams(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	struct splitter *sp = begin_record(state, rec, f, n, out);
	size_t g = sp->s->n, nw = seg_words(sp->text, sp->len, &sp->words);
	const struct span *w = sp->words.s;
	for (size_t i = 0; i + g <= nw; i++) {
		seg_join_words(sp->text, w + i, g, &sp->joined);
		emit(sp, i + 1, w[i].start, w[i + g - 1].end, sp->joined.data, sp->joined.len);
	}
}

static bool is_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			return false;
	return true;
}

/*
 * Pieces of at most N graphemes, cut at the last word boundary that fits;
 * a single word longer than N is cut at grapheme boundaries.  White space
 * at the ends of a piece is not part of it.
 */
static void split_chunks(void *state, const struct record *rec, const struct field *f, size_t nf,
			 struct writer *out, struct buf *side)
{
	struct splitter *sp = begin_record(state, rec, f, nf, out);
	size_t limit = sp->s->n;
	struct segmenter words;
	seg_init(&words, SEG_WORDS, sp->text, sp->len, NULL);
	size_t a, b, start = 0, end = 0, count = 0;
	bool open = false;
	uint64_t index = 0;
	while (seg_next(&words, &a, &b)) {
		bool blank = is_blank(sp->text + a, b - a);
		size_t g = seg_count(SEG_GRAPHEMES, sp->text + a, b - a);
		if (open && count + g > limit) {
			emit(sp, ++index, start, end, sp->text + start, end - start);
			open = false;
		}
		if (!open) {
			if (blank)
				continue;
			start = a;
			count = 0;
			open = true;
		}
		if (g > limit) {
			/* A word longer than a chunk: cut it at grapheme boundaries. */
			struct segmenter gs;
			seg_init(&gs, SEG_GRAPHEMES, sp->text + a, b - a, NULL);
			size_t ga, gb, piece = a, n = 0;
			while (seg_next(&gs, &ga, &gb)) {
				if (n == limit) {
					emit(sp, ++index, piece, a + ga, sp->text + piece, a + ga - piece);
					piece = a + ga;
					n = 0;
				}
				n++;
			}
			start = piece;
			count = n;
			end = b;
			continue;
		}
		count += g;
		if (!blank)
			end = b;
	}
	if (open)
		emit(sp, ++index, start, end, sp->text + start, end - start);
}

/* --into without --by: each record, whole, to its shard. */
static void shard_record(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	struct splitter *sp = state;
	struct writer *w = shards_writer_for(sp->shards, f, n, f, n);
	sp->run->extra_written++;
	if (sp->doc)
		writer_field(w, rec->file, strlen(rec->file));
	for (size_t i = 0; i < n; i++)
		writer_field(w, f[i].data, f[i].len);
	writer_end_record(w);
}

static void splitter_release(struct splitter *sp)
{
	field_array_release(&sp->kept);
	field_array_release(&sp->id_value);
	field_array_release(&sp->out);
	buf_release(&sp->joined);
	buf_release(&sp->flat);
	field_text_release(&sp->scratch);
	span_array_release(&sp->words);
}

/* A worker's splitter: the settings, field lists and abbreviations shared, buffers its own. */
static void *splitter_new(void *ctx, bool alone)
{
	const struct splitter *main_sp = ctx;
	if (alone)
		return ctx;
	struct splitter *w = xcalloc(1, sizeof *w);
	w->s = main_sp->s;
	w->run = main_sp->run;
	w->abbrevs = main_sp->abbrevs;
	w->keep = main_sp->keep;
	w->id = main_sp->id;
	w->doc = main_sp->doc;
	w->flatten = main_sp->flatten;
	return w;
}

static void splitter_free(void *state, void *ctx)
{
	if (state == ctx)
		return;
	splitter_release(state);
	free(state);
}

enum split_mode { MODE_SEGMENTS, MODE_WORDS, MODE_WORD_LIST, MODE_NGRAMS, MODE_CHUNKS, MODE_SHARD };

#define CUT(fn) { .state_new = splitter_new, .state_free = splitter_free, .record = fn, .worker = fn }
static const struct mode modes[] = {
	[MODE_SEGMENTS] = CUT(split_segments),
	[MODE_WORDS] = CUT(split_words),
	[MODE_WORD_LIST] = CUT(split_word_list),
	[MODE_NGRAMS] = CUT(split_ngrams),
	[MODE_CHUNKS] = CUT(split_chunks),
	[MODE_SHARD] = { .record = shard_record },
};

static enum split_mode pick_mode(const struct settings *s, const struct splitter *sp)
{
	switch (s->by) {
	case BY_RECORDS: return MODE_SHARD;
	case BY_NGRAMS: return MODE_NGRAMS;
	case BY_CHUNKS: return MODE_CHUNKS;
	case BY_UNIT: break;
	}
	if (s->unit != SEG_WORDS || s->all)
		return MODE_SEGMENTS;
	bool alone = !s->number && !s->offsets && !sp->keep.n && !sp->shards;
	return alone ? MODE_WORD_LIST : MODE_WORDS;
}

/* ---- setting up ------------------------------------------------------------ */

static void check_settings(const struct settings *s)
{
	if (s->by == BY_RECORDS && !s->shard.pattern)
		die_usage("nothing to do: give --by=UNIT, or --into=PATTERN to shard");
	if (s->all && !(s->by == BY_UNIT && s->unit == SEG_WORDS))
		die_usage("--all goes with --by=words");
	if (s->id_field && !s->number)
		die_usage("--id goes with -n/--number");
	if (s->abbrev_file && !(s->by == BY_UNIT && s->unit == SEG_SENTENCES))
		die_usage("--abbrev goes with --by=sentences");
	if ((s->keep_list || s->number || s->offsets) && s->by == BY_RECORDS)
		die_usage("-n, --offsets and --keep go with --by");
}

static void output_header(struct splitter *sp, struct field_array *h)
{
	const struct field *names;
	size_t n = reader_header(sp->run->in, &names);
	h->n = 0;
	if (sp->s->by == BY_RECORDS) {
		for (size_t i = 0; i < n; i++)
			push(h, names[i]);
		return;
	}
	if (sp->s->number) {
		push(h, (struct field){ "id", 2 });
		push(h, (struct field){ "index", 5 });
	}
	if (sp->s->offsets) {
		push(h, (struct field){ "start", 5 });
		push(h, (struct field){ "end", 3 });
	}
	struct field_array kept = { 0 };
	if (sp->keep.n)
		fieldlist_select(&sp->keep, names, n, &kept);
	for (size_t i = 0; i < kept.n; i++)
		push(h, kept.f[i]);
	field_array_release(&kept);
	size_t idx;
	if (fieldlist_single(&sp->run->fields, &idx) && idx < n)
		push(h, names[idx]);
	else
		push(h, (struct field){ "unit", 4 });
}

/* The main splitter: field lists, abbreviations, the header, the shards of --into. */
static void splitter_setup(struct splitter *sp, enum rec_format asked)
{
	const struct settings *s = sp->s;
	struct run *run = sp->run;
	fieldlist_resolve(&sp->keep, s->keep_list, run->in, "--keep");
	fieldlist_resolve(&sp->id, s->id_field, run->in, "--id");
	struct fieldlist key_check;	/* shards_open reads --key itself; checked here against the format */
	fieldlist_resolve(&key_check, s->shard.key_field, run->in, "--key");
	fieldlist_release(&key_check);
	if (s->by == BY_UNIT && s->unit == SEG_SENTENCES) {
		sp->abbrevs = abbrevs_default();
		if (s->abbrev_file)
			abbrevs_load(sp->abbrevs, s->abbrev_file);
	}
	sp->doc = reader_format(run->in) == FMT_DOC;
	/*
	 * A line break inside a unit would end a `lines` record: it becomes a
	 * space.  Words never hold one (UAX #29 breaks around line breaks; --all
	 * adds the segments between words, the line breaks among them).
	 */
	bool words = s->by == BY_UNIT && s->unit == SEG_WORDS && !s->all;
	sp->flatten = !words && writer_format(run->out) == FMT_LINES;
	struct field_array header = { 0 };
	output_header(sp, &header);
	/*
	 * Units alone (one column, no -n, --offsets or --keep) are a list, for
	 * sort | uniq -c: no header line, unless --to=tsv or csv asks for a table.
	 */
	bool list = s->by != BY_RECORDS && header.n == 1 && asked != FMT_TSV && asked != FMT_CSV;
	bool with_header = run->c.in.header && !list;
	const struct field *names;
	size_t nnames = reader_header(run->in, &names);
	sp->shards = shards_open(&s->shard, &run->c.out, &run->c.key, names, nnames, header.f,
				 with_header ? header.n : 0);
	if (!sp->shards && with_header)
		writer_header(run->out, header.f, header.n);
	field_array_release(&header);
}

int main(int argc, char **argv)
{
	struct settings s = { 0 };
	struct run run;
	run_parse(&run, &tool, &s, argc, argv);
	enum rec_format asked = run.c.out.format;	/* --to, or FMT_NONE */
	run_open(&run, &tool);
	check_settings(&s);
	struct splitter sp = { .s = &s, .run = &run };
	splitter_setup(&sp, asked);
	/* Shards are files of the main thread's: with --into, one thread. */
	runner_run(&run, &modes[pick_mode(&s, &sp)], &sp, sp.shards ? 1 : s.threads);
	shards_close(sp.shards);
	run_finish(&run);
	abbrevs_free(sp.abbrevs);
	fieldlist_release(&sp.keep);
	fieldlist_release(&sp.id);
	splitter_release(&sp);
	return 0;
}
