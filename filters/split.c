/*
 * rill-split: cut records into units (paragraphs, sentences, words,
 * graphemes, word n-grams, chunks), or shard a stream into files.
 *
 * Segmentation is common/segment's and sharding common/shard's; this file
 * turns options into calls and shapes each output record:
 * [ID INDEX] [START END] [kept fields...] UNIT.  Without --into, records
 * are cut on every core (common/parallel) and written in input order.
 */
#include "../common/diag.h"
#include "../common/parallel.h"
#include "../common/segment.h"
#include "../common/shard.h"
#include "../common/tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_BY = 1, OPT_ALL, OPT_NUMBER, OPT_ID, OPT_OFFSETS, OPT_KEEP, OPT_ABBREV, OPT_INTO,
	OPT_LINES, OPT_BYTES, OPT_KEY, OPT_HASH, OPT_THREADS,
};

static const struct tool_option options[] = {
	{ OPT_BY, 'b', "by", ARG_REQUIRED, "UNIT",
	  "paragraphs, sentences, words, graphemes, ngrams=N or chunks=N" },
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

/* One record's context and the buffers every unit reuses. */
struct splitter {
	const struct settings *s;
	struct run *run;
	struct shards *shards;
	struct abbrevs *abbrevs;
	struct fieldlist keep, id;
	struct field_array kept, id_value, out;
	const struct record *rec;
	const struct field *fields;
	size_t nfields;
	struct writer *dest;		/* where units go without --into */
	const char *text;		/* the field being cut */
	size_t len;
	struct field_text scratch;	/* the -f fields joined */
	struct buf joined, flat;
	char numbers[4][FIELD_U64_SIZE];
	struct span_array words;
};

static void push(struct field_array *a, struct field f)
{
	field_array_add(a, f.data, f.len);
}

static void write_out(struct splitter *sp, const struct field *f, size_t n)
{
	struct writer *w = sp->dest;
	if (sp->shards) {
		w = shards_writer_for(sp->shards, sp->fields, sp->nfields, f, n);
		sp->run->extra_written++;
	}
	writer_fields(w, f, n);
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
		else if (reader_format(sp->run->in) == FMT_DOC)
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
	/*
	 * A line break inside a unit would end a `lines` record: it becomes a
	 * space.  Words never hold one (UAX #29 breaks around line breaks; --all
	 * adds the segments between words, the line breaks among them).
	 */
	bool word = s->by == BY_UNIT && s->unit == SEG_WORDS && !s->all;
	if (!word && writer_format(sp->dest) == FMT_LINES &&
	    (memchr(unit, '\n', ulen) || memchr(unit, '\r', ulen))) {
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
	write_out(sp, sp->out.f, sp->out.n);
}

static void split_units(struct splitter *sp)
{
	struct segmenter seg;
	seg_init(&seg, sp->s->unit, sp->text, sp->len, sp->abbrevs);
	size_t a, b;
	uint64_t index = 0;
	if (sp->s->unit == SEG_WORDS && !sp->s->all) {
		if (!sp->s->number && !sp->s->offsets && !sp->kept.n && !sp->shards) {
			/* Words alone, the usual case: written together. */
			seg_words(sp->text, sp->len, &sp->words);
			writer_spans(sp->dest, sp->text, sp->len, sp->words.s, sp->words.n);
			return;
		}
		while (seg_next_word(&seg, &a, &b))
			emit(sp, ++index, a, b, sp->text + a, b - a);
		return;
	}
	while (seg_next(&seg, &a, &b))
		emit(sp, ++index, a, b, sp->text + a, b - a);
}

/* Word n-grams, space-joined; offsets span from the first word to the last. */
static void split_ngrams(struct splitter *sp)
{
	size_t n = sp->s->n, nw = seg_words(sp->text, sp->len, &sp->words);
	const struct span *w = sp->words.s;
	for (size_t i = 0; i + n <= nw; i++) {
		seg_join_words(sp->text, w + i, n, &sp->joined);
		emit(sp, i + 1, w[i].start, w[i + n - 1].end, sp->joined.data, sp->joined.len);
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
static void split_chunks(struct splitter *sp)
{
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

/* Cuts the record in sp->rec, sp->fields into units, written to sp->out or the shards. */
static void split_record(struct splitter *sp)
{
	if (sp->keep.n)
		fieldlist_select(&sp->keep, sp->fields, sp->nfields, &sp->kept);
	struct field text = fieldlist_text(&sp->run->fields, sp->fields, sp->nfields, &sp->scratch);
	sp->text = text.data;
	sp->len = text.len;
	if (sp->id.n)
		fieldlist_select(&sp->id, sp->fields, sp->nfields, &sp->id_value);
	if (sp->s->by == BY_UNIT)
		split_units(sp);
	else if (sp->s->by == BY_NGRAMS)
		split_ngrams(sp);
	else
		split_chunks(sp);
}

/* ---- on several cores (common/parallel) ----------------------------------- */

static void split_on_worker(void *state, const struct record *rec, const struct field *f, size_t n,
			    struct writer *out, struct buf *side)
{
	struct splitter *sp = state;
	sp->rec = rec;
	sp->fields = f;
	sp->nfields = n;
	sp->dest = out;
	split_record(sp);
}

/* Workers each with a splitter of their own (its settings, field lists and abbreviations shared). */
static void split_parallel(const struct splitter *main_sp, unsigned threads)
{
	struct splitter *workers = xcalloc(threads, sizeof *workers);
	for (unsigned i = 0; i < threads; i++) {
		struct splitter *w = &workers[i];
		w->s = main_sp->s;
		w->run = main_sp->run;
		w->abbrevs = main_sp->abbrevs;
		w->keep = main_sp->keep;
		w->id = main_sp->id;
	}
	parallel_records(main_sp->run, workers, sizeof *workers, threads, split_on_worker);
	for (unsigned i = 0; i < threads; i++) {
		struct splitter *w = &workers[i];
		field_array_release(&w->kept);
		field_array_release(&w->id_value);
		field_array_release(&w->out);
		buf_release(&w->joined);
		buf_release(&w->flat);
		field_text_release(&w->scratch);
		span_array_release(&w->words);
	}
	free(workers);
}

int main(int argc, char **argv)
{
	struct settings s = { 0 };
	const struct tool tool = {
		.name = "rill-split",
		.synopsis = "[OPTIONS] [FILE...]",
		.summary = "Cut records into paragraphs, sentences, words, graphemes, n-grams or chunks,\n"
			   "or shard a stream into files.",
		.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_KEY | OPTS_OUTPUT,
		.options = options,
		.on_option = on_option,
		.ctx = &s,
	};
	struct run run;
	run_parse(&run, &tool, argc, argv);
	enum rec_format asked = run.c.out.format;	/* --to, or FMT_NONE */
	run_open(&run, &tool);
	if (s.by == BY_RECORDS && !s.shard.pattern)
		die_usage("nothing to do: give --by=UNIT, or --into=PATTERN to shard");
	if (s.all && !(s.by == BY_UNIT && s.unit == SEG_WORDS))
		die_usage("--all goes with --by=words");
	if (s.id_field && !s.number)
		die_usage("--id goes with -n/--number");
	if (s.abbrev_file && !(s.by == BY_UNIT && s.unit == SEG_SENTENCES))
		die_usage("--abbrev goes with --by=sentences");
	if ((s.keep_list || s.number || s.offsets) && s.by == BY_RECORDS)
		die_usage("-n, --offsets and --keep go with --by");

	struct splitter sp = { .s = &s, .run = &run };
	const struct field *names;
	size_t nnames = reader_header(run.in, &names);
	fieldlist_resolve(&sp.keep, s.keep_list, run.in, "--keep");
	fieldlist_resolve(&sp.id, s.id_field, run.in, "--id");
	struct fieldlist key_check;	/* shards_open reads --key itself; checked here against the format */
	fieldlist_resolve(&key_check, s.shard.key_field, run.in, "--key");
	fieldlist_release(&key_check);
	if (s.by == BY_UNIT && s.unit == SEG_SENTENCES) {
		sp.abbrevs = abbrevs_default();
		if (s.abbrev_file)
			abbrevs_load(sp.abbrevs, s.abbrev_file);
	}
	struct field_array header = { 0 };
	output_header(&sp, &header);
	/*
	 * Units alone (one column, no -n, --offsets or --keep) are a list, for
	 * sort | uniq -c: no header line, unless --to=tsv or csv asks for a table.
	 */
	bool list = s.by != BY_RECORDS && header.n == 1 && asked != FMT_TSV && asked != FMT_CSV;
	bool with_header = run.c.in.header && !list;
	sp.shards = shards_open(&s.shard, &run.c.out, &run.c.key, names, nnames, header.f,
				with_header ? header.n : 0);
	if (!sp.shards && with_header)
		writer_header(run.out, header.f, header.n);

	sp.dest = run.out;
	unsigned threads = parallel_threads(s.threads);
	if (threads > 1 && !sp.shards && s.by != BY_RECORDS) {
		split_parallel(&sp, threads);
	} else {
		while ((sp.rec = reader_next(run.in)) != NULL) {
			sp.nfields = reader_fields(run.in, &sp.fields);
			if (s.by == BY_RECORDS) {
				struct writer *w = shards_writer_for(sp.shards, sp.fields, sp.nfields, sp.fields,
								     sp.nfields);
				run.extra_written++;
				if (reader_format(run.in) == FMT_DOC)
					writer_field(w, sp.rec->file, strlen(sp.rec->file));
				for (size_t i = 0; i < sp.nfields; i++)
					writer_field(w, sp.fields[i].data, sp.fields[i].len);
				writer_end_record(w);
				continue;
			}
			split_record(&sp);
		}
	}
	shards_close(sp.shards);
	run_finish(&run);
	abbrevs_free(sp.abbrevs);
	fieldlist_release(&sp.keep);
	fieldlist_release(&sp.id);
	field_array_release(&sp.kept);
	field_array_release(&sp.id_value);
	field_array_release(&sp.out);
	field_array_release(&header);
	buf_release(&sp.joined);
	buf_release(&sp.flat);
	field_text_release(&sp.scratch);
	span_array_release(&sp.words);
	return 0;
}
