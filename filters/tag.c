/*
 * rill-tag: annotate records with tags from lexicons, regular expressions
 * and built-in detectors, and filter records by tag, grep-like.
 *
 * Lexicon phrases are matched by common/lexicon (a token trie: word
 * boundaries, white space, possessives); regular expressions and the
 * pattern-like detectors (url, email, ...) go through PCRE2 with Unicode
 * properties and JIT; quote, boilerplate, mojibake and script are
 * common/detect.  Offsets are byte offsets into the tagged text as it came
 * in.  Records are independent, so they are tagged on every core
 * (common/runner), each worker with a tagger of its own.
 */
#include "../common/detect.h"
#include "../common/diag.h"
#include "../common/direct.h"
#include "../common/lexicon.h"
#include "../common/runner.h"
#include "../common/pattern.h"
#include "../common/tool.h"
#include "../common/unicode/break_tables.h"
#include "../common/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum {
	OPT_LEXICON = 1, OPT_CASE, OPT_REGEX, OPT_TAGGER, OPT_SPANS, OPT_ID, OPT_OFFSETS, OPT_ONLY, OPT_DROP,
	OPT_INVERT, OPT_ALWAYS_ZERO, OPT_THREADS, OPT_STRIP,
};

static void on_option(int id, const char *arg, void *settings);

static const struct tool_option options[] = {
	{ OPT_LEXICON, 'l', "lexicon", ARG_REQUIRED, "FILE", "phrases to tag: PHRASE<TAB>TAG lines" },
	{ OPT_CASE, 0, "case", ARG_NONE, NULL, "lexicons match case and compatibility forms exactly" },
	{ OPT_REGEX, 'e', "regex", ARG_REQUIRED, "TAG=PATTERN", "tag matches of a PCRE2 pattern" },
	{ OPT_TAGGER, 't', "tagger", ARG_REQUIRED, "LIST", "built-in detectors: url, email, hashtag, mention, number,\n"
	  "quote, boilerplate, mojibake, script" },
	{ OPT_SPANS, 0, "spans", ARG_NONE, NULL, "one record per match: ID START END TAG TEXT" },
	{ OPT_ID, 0, "id", ARG_REQUIRED, "FIELD", "with --spans: the ID is this field's value" },
	{ OPT_OFFSETS, 0, "offsets", ARG_REQUIRED, "UNIT", "with --spans: START and END count bytes (default)\n"
	  "or chars (code points, as Python and dolma count)" },
	{ OPT_ONLY, 0, "only", ARG_REQUIRED, "TAGS", "keep records with any of these tags" },
	{ OPT_DROP, 0, "drop", ARG_REQUIRED, "TAGS", "drop records with any of these tags" },
	{ OPT_INVERT, 'v', "invert", ARG_NONE, NULL, "keep the records the filter would drop (grep -v)" },
	{ OPT_ALWAYS_ZERO, 0, "always-zero", ARG_NONE, NULL, "exit 0 even when --only kept nothing" },
	{ OPT_STRIP, 0, "strip", ARG_REQUIRED, "TAGS", "remove what these tags cover from the -f field;\n"
	  "lines left empty go" },
	{ OPT_THREADS, 0, "threads", ARG_REQUIRED, "N", "tag on N threads (default: one per core; 0: every core)" },
	{ 0 },
};

static const struct tool tool = {
	.name = "rill-tag",
	.synopsis = "[OPTIONS] [FILE...]",
	.summary = "Tag records with lexicon phrases, regular expressions and detectors; filter\n"
		   "records by tag.",
	.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_OUTPUT,
	.options = options,
	.on_option = on_option,
};

/*
 * The built-in detectors that are not patterns (common/pattern has
 * those): functions of common/detect.  The tag is the detector's name,
 * except for script: script:NAME.
 */
#define SCRIPT_DETECTOR "script"

static const struct detector {
	const char *name;
	void (*find)(const char *text, size_t len, detect_emit emit, void *ctx);
} detectors[] = {
	{ "quote", detect_quotes },
	{ "boilerplate", detect_boilerplate },
	{ "mojibake", detect_mojibake },
	{ SCRIPT_DETECTOR, NULL },
};
#define NDETECTORS (sizeof detectors / sizeof detectors[0])

/* Options given more than once, in order. */
struct arg_list {
	const char **v;
	size_t n, alloc;
};

struct settings {
	struct arg_list lexicons, regexes, taggers;
	bool exact_case, spans, invert, always_zero, char_offsets;
	const char *id_field, *only, *drop, *strip;
	uint64_t threads;	/* 0: one per core */
};

static void push_arg(struct arg_list *l, const char *arg)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = arg;
}

static const struct choice offset_units[] = { { "bytes", 0 }, { "chars", 1 }, { NULL, 0 } };

static void on_option(int id, const char *arg, void *ctx)
{
	struct settings *s = ctx;
	switch (id) {
	case OPT_LEXICON: push_arg(&s->lexicons, arg); break;
	case OPT_CASE: s->exact_case = true; break;
	case OPT_REGEX: push_arg(&s->regexes, arg); break;
	case OPT_TAGGER: push_arg(&s->taggers, arg); break;
	case OPT_SPANS: s->spans = true; break;
	case OPT_ID: s->id_field = arg; break;
	case OPT_OFFSETS: s->char_offsets = choice_parse(offset_units, arg, "--offsets", "unit"); break;
	case OPT_ONLY: s->only = arg; break;
	case OPT_DROP: s->drop = arg; break;
	case OPT_INVERT: s->invert = true; break;
	case OPT_ALWAYS_ZERO: s->always_zero = true; break;
	case OPT_THREADS: s->threads = parse_threads(arg); break;
	case OPT_STRIP: s->strip = arg; break;
	default: bug("rill-tag: option %d", id);
	}
}

static void compile(struct pattern *p, struct lexicon *lx, const char *tag, size_t taglen,
		    const char *pattern, pattern_start_fn start, bool raw, const char *option)
{
	char msg[256];
	size_t at;
	if (!pattern_compile(p, pattern, start, raw, msg, sizeof msg, &at))
		die_usage("%s: bad pattern '%s' at offset %zu: %s", option, pattern, at, msg);
	p->tag = lexicon_tag(lx, tag, taglen);
}

struct tag_span {
	size_t start, end;
	uint32_t tag;
};

struct tagger;

/* --strip: the blank lines and the lines cut to nothing since the last line of text. */
struct strip_run {
	size_t blanks;		/* blank lines */
	size_t blank_at, blank_len;	/* in a text: the first, its line end too */
	bool cut;		/* a line cut to nothing is among them */
	bool wrote;		/* a line of text came before them */
};

struct finder {
	struct tagger *t;
	const struct detector *d;
	uint32_t tag;
};

struct tagger {
	struct settings *s;
	const struct run *run;		/* read only while workers tag */
	bool doc;			/* -F doc: the file name is the ID and goes first */
	bool para;			/* -F para: a paragraph --strip empties goes */
	bool filtering;			/* --only or --drop */
	bool passes;			/* records go out as they came (jsonl to jsonl, warc to warc) */
	bool json;			/* the output is JSON Lines: tags an array */
	struct lexicon lx;
	struct pattern *patterns;
	size_t npatterns, apatterns;
	struct finder finders[NDETECTORS];
	size_t nfinders;
	bool script;
	uint32_t *script_tags;		/* per script, its tag id + 1 (made before any matching) */
	/*
	 * With --spans, the spans of patterns and detectors (at most a few
	 * per byte of the record: each finds matches in order, without
	 * overlap), sorted, then merged with the lexicon's as the lexicon
	 * finds them: nested phrases can give a record millions of spans,
	 * which are written as they come, never held.
	 */
	struct tag_span *spans;
	size_t nspans, aspans, next_span;
	struct span_out {		/* the record whose spans are being written */
		struct writer *out;
		struct field id;
		const char *text;
		size_t len;
		bool direct;		/* encoded here, straight into the writer's buffer */
		bool lines, id_as_is, short_id;
		const bool *escaped;
		char term;
		char head[64];		/* ID TAB, copied whole for lines */
		char *base, *d, *limit;	/* the room reserved in the writer */
		uint64_t records;	/* written there, not yet committed */
		uint64_t written;	/* spans written, for the fields path's output ahead */
		size_t byte_at, char_at;	/* --offsets=chars: code points before byte_at */
		bool lexicon_spans;	/* the lexicon found some */
	} so;
	bool *only, *drop;		/* per tag id */
	bool *strip;			/* per tag id: --strip removes its spans */
	size_t strip_field;		/* the field --strip works on */
	size_t lexicon_from;		/* --strip: the lexicon's spans start here in spans */
	struct buf stripped;
	/*
	 * -F lines: the boilerplate detector judges the lines of a page
	 * together, so the page's verdict on each line is given here before
	 * the line is tagged (page_verdict 1: [page_start, page_end) of it is
	 * chrome; 0: none is; -1: no page, the detector runs on the line).
	 */
	int page_verdict;
	size_t page_start, page_end;
	bool lines;			/* -F lines: pages of lines, on one thread */
	record_fn line_fn;		/* then: what each line of a page goes through */
	struct strip_run lines_run;	/* --strip of -F lines: the lines since the last of text */
	struct buf held;		/* and the blank lines among them, held back */
	uint64_t stripped_records;	/* --strip cut something from them */
	size_t nfilter_tags;		/* tags known to the filters; later ones (script:NAME) are in neither */
	struct field_array id_value;
	struct field_text scratch;	/* the -f fields joined */
	struct fieldlist id;
	struct buf tags;
	uint32_t *ids;			/* a record's tag ids, each once (by the stamps) */
	size_t nids;
	uint64_t *stamps, stamp;	/* per tag id: the last record that had it */
	size_t nstamps;
	uint64_t tagged, kept;		/* records with a tag; records written */
};

/* A tag the record has: each once, found by a stamp per tag id rather than a sort. */
static inline void note_tag(struct tagger *t, uint32_t tag)
{
	if (t->stamps[tag] != t->stamp) {
		t->stamps[tag] = t->stamp;
		t->ids[t->nids++] = tag;
	}
}

/* A pattern's or detector's span: its tag, and with --spans the span, to merge. */
static void add_span(struct tagger *t, size_t start, size_t end, uint32_t tag)
{
	note_tag(t, tag);
	if (!t->s->spans && !(t->strip && tag < t->nfilter_tags && t->strip[tag]))
		return;
	ALLOC_GROW(t->spans, t->nspans + 1, t->aspans);
	t->spans[t->nspans++] = (struct tag_span){ start, end, tag };
}

/*
 * --strip needs the lexicon's spans too, not only its tags.  They come in
 * order of start, so one that overlaps the last one kept widens it:
 * nested phrases (a lexicon of a, a a, ... over a a a ...) take no more
 * memory than the text has words.
 */
static void on_lexicon_strip(const struct lexicon_match *m, void *ctx)
{
	struct tagger *t = ctx;
	if (t->nspans > t->lexicon_from && m->tag < t->nfilter_tags && t->strip[m->tag]) {
		struct tag_span *last = &t->spans[t->nspans - 1];
		if (m->start <= last->end) {
			note_tag(t, m->tag);
			if (m->end > last->end)
				last->end = m->end;
			return;
		}
	}
	add_span(t, m->start, m->end, m->tag);
}

struct pattern_hit {
	struct tagger *t;
	uint32_t tag;
};

/* Without --spans only the tags count, however many phrases nest. */
static void on_lexicon_tag(const struct lexicon_match *m, void *ctx)
{
	note_tag(ctx, m->tag);
}

static void on_pattern_match(size_t start, size_t end, void *ctx)
{
	struct pattern_hit *hit = ctx;
	add_span(hit->t, start, end, hit->tag);
}

/* A search PCRE2 gave up (a match limit) is an error, never a silent miss. */
static void match_patterns(struct tagger *t, const struct record *rec, const char *text, size_t len)
{
	for (size_t i = 0; i < t->npatterns; i++) {
		struct pattern *p = &t->patterns[i];
		struct pattern_hit hit = { t, p->tag };
		int rc = pattern_find(p, text, len, on_pattern_match, &hit);
		if (rc) {
			char msg[300];
			pattern_error(rc, msg, sizeof msg);
			die_at(rec->file, rec->line, "pattern '%s' %s", t->lx.tags[p->tag], msg);
		}
	}
}

static void on_detected(size_t start, size_t end, void *ctx)
{
	struct finder *fd = ctx;
	add_span(fd->t, start, end, fd->tag);
}

static void run_detectors(struct tagger *t, const char *text, size_t len)
{
	for (size_t i = 0; i < t->nfinders; i++) {
		struct finder *fd = &t->finders[i];
		/* A line of a page: the page judged it. */
		if (t->page_verdict >= 0 && fd->d->find == detect_boilerplate) {
			if (t->page_verdict)
				add_span(t, t->page_start, t->page_end, fd->tag);
			continue;
		}
		fd->d->find(text, len, on_detected, fd);
	}
	if (t->script) {
		int script = detect_script(text, len);
		if (script > SCRIPT_COMMON)
			add_span(t, 0, len, t->script_tags[script] - 1);
	}
}

/* Spans by offsets, then by tag name (lx: the lexicon naming the tags). */
static int span_order(const void *pa, const void *pb, void *lx)
{
	const struct tag_span *a = pa, *b = pb;
	const struct lexicon *names = lx;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return strcmp(names->tags[a->tag], names->tags[b->tag]);
}

static int tag_order(const void *pa, const void *pb, void *lx)
{
	const struct lexicon *names = lx;
	return strcmp(names->tags[*(const uint32_t *)pa], names->tags[*(const uint32_t *)pb]);
}

/*
 * The filter's verdict on a record with these tags: NULL to keep it, or
 * why it is dropped (the reason --rejects writes): a --drop tag, none of
 * --only's, or --invert dropping what the filter would keep.
 */
static const char *drop_reason(const struct tagger *t)
{
	bool any_only = false, any_drop = false;
	for (size_t i = 0; i < t->nids; i++) {
		uint32_t tag = t->ids[i];
		any_only = any_only || (t->only && tag < t->nfilter_tags && t->only[tag]);
		any_drop = any_drop || (t->drop && tag < t->nfilter_tags && t->drop[tag]);
	}
	bool keep = (!t->only || any_only) && !any_drop;
	if (t->s->invert)
		return keep ? "tag-invert" : NULL;
	return keep ? NULL : any_drop ? "tag-drop" : "tag-only";
}

static bool *tag_set(struct lexicon *lx, const char *list)
{
	if (!list)
		return NULL;
	/*
	 * Tags named only in the filter get ids too: they simply never match.
	 * The first pass names them all, the second (the ids known) marks them.
	 */
	bool *set = NULL;
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			set = xcalloc(lx->ntags, sizeof *set);
		for (const char *p = list; *p;) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			if (len) {
				uint32_t id = lexicon_tag(lx, p, len);
				if (pass)
					set[id] = true;
			}
			p += len + (comma != NULL);
		}
	}
	return set;
}

static bool goes_as_is(const bool *escaped, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (escaped[(unsigned char)s[i]])
			return false;
	return true;
}

/* Copies a short piece, noting in *bad whether a byte needs escaping: one loop, no call. */
static char *copy_checked(char *d, const char *s, size_t n, const bool *escaped, bool *bad)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		any |= escaped[(unsigned char)s[i]];
		d[i] = s[i];
	}
	*bad |= any;
	return d + n;
}

/* Code points in p[0, n): the bytes that start one. */
static size_t count_chars(const char *p, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xc0) != 0x80;
	return c;
}

/*
 * A span's START and END: byte offsets, or with --offsets=chars code
 * points, counted on from the last span's start (spans come in order of
 * start, so a record's text is counted once).
 */
static void span_offsets(struct tagger *t, const struct tag_span *sp, uint64_t *start, uint64_t *end)
{
	if (!t->s->char_offsets) {
		*start = sp->start;
		*end = sp->end;
		return;
	}
	struct span_out *so = &t->so;
	if (sp->start < so->byte_at) {
		so->byte_at = 0;
		so->char_at = 0;
	}
	so->char_at += count_chars(so->text + so->byte_at, sp->start - so->byte_at);
	so->byte_at = sp->start;
	*start = so->char_at;
	*end = so->char_at + count_chars(so->text + sp->start, sp->end - sp->start);
}

/* One span as a record of its five fields, encoded by the writer (in JSON, offsets as numbers). */
static void write_span_fields(struct tagger *t, struct writer *out, struct field id,
			      const struct tag_span *sp, struct field tag, const char *text)
{
	uint64_t start, end;
	span_offsets(t, sp, &start, &end);
	writer_field(out, id.data, id.len);
	writer_field_u64(out, start);
	writer_field_u64(out, end);
	writer_field(out, tag.data, tag.len);
	writer_field(out, text + sp->start, sp->end - sp->start);
	writer_end_record(out);
}

/*
 * A record's spans go out one by one as they are merged.  As lines of
 * TAB-separated fields (lines or TAB TSV output) they are encoded here
 * straight into the writer's buffer: the offsets and the words need no
 * call per field, and room is made 64 KiB at a time.  A span whose ID, tag
 * or text needs escaping, and every span of other formats, goes through
 * the writer's encoder.  On a worker, output past parallel's bound goes
 * ahead to the real output (runner_output_ahead), so a record with
 * millions of spans needs no memory for them.
 */
enum { SPAN_FIXED = 16, SPAN_SLACK = 64, SPAN_ROOM = 64 << 10 };

static void span_out_begin(struct tagger *t, struct writer *out, struct field id, const char *text,
			   size_t len)
{
	struct span_out *so = &t->so;
	so->out = out;
	so->id = id;
	so->text = text;
	so->len = len;
	so->records = 0;
	so->lexicon_spans = false;
	so->byte_at = so->char_at = 0;
	so->direct = writer_format(out) == FMT_LINES || writer_takes_clean(out, FMT_TSV);
	if (!so->direct)
		return;
	so->escaped = writer_escaped_bytes(out);
	so->term = writer_terminator(out);
	so->id_as_is = goes_as_is(so->escaped, id.data, id.len);
	/* Lines escape nothing: the pieces are copied in fixed sizes where there is room, unchecked. */
	so->lines = writer_format(out) == FMT_LINES;
	so->short_id = id.len + 1 <= SPAN_SLACK;
	memset(so->head, 0, sizeof so->head);
	if (so->short_id) {
		memcpy(so->head, id.data, id.len);
		so->head[id.len] = '\t';
	}
	so->base = so->d = writer_reserve(out, SPAN_ROOM);
	so->limit = so->base + SPAN_ROOM;
}

/* What is in the room goes into the writer; room for `need` more is made. */
static void span_out_room(struct span_out *so, size_t need)
{
	writer_commit(so->out, (size_t)(so->d - so->base), so->records);
	so->records = 0;
	runner_output_ahead(so->out);
	size_t room = need > SPAN_ROOM ? need : SPAN_ROOM;
	so->base = so->d = writer_reserve(so->out, room);
	so->limit = so->base + room;
}

static inline __attribute__((always_inline)) void span_out_put(struct tagger *t, const struct tag_span *sp)
{
	struct span_out *so = &t->so;
	struct field tag = { t->lx.tags[sp->tag], t->lx.tag_lens[sp->tag] };
	if (!so->direct) {
		write_span_fields(t, so->out, so->id, sp, tag, so->text);
		if (++so->written % 256 == 0)
			runner_output_ahead(so->out);
		return;
	}
	struct field id = so->id, word = { so->text + sp->start, sp->end - sp->start };
	size_t need = id.len + 2 * FIELD_U64_SIZE + 5 + tag.len + word.len + SPAN_SLACK;
	if ((size_t)(so->limit - so->d) < need)
		span_out_room(so, need);
	char *d = so->d;
	bool bad = false;
	if (so->lines && so->short_id) {
		memcpy(d, so->head, SPAN_SLACK);
		d += id.len + 1;
	} else {
		bad = !so->id_as_is;
		d = copy_checked(d, id.data, id.len, so->escaped, &bad);
		*d++ = '\t';
	}
	uint64_t start, end;
	span_offsets(t, sp, &start, &end);
	d += field_u64(d, start).len;
	*d++ = '\t';
	d += field_u64(d, end).len;
	*d++ = '\t';
	if (so->lines) {
		for (size_t k = 0; k < tag.len; k++)
			*d++ = tag.data[k];
		*d++ = '\t';
		if (word.len <= SPAN_FIXED && so->len - sp->start >= SPAN_FIXED)
			memcpy(d, word.data, SPAN_FIXED);	/* a few moves, not a call */
		else
			memcpy(d, word.data, word.len);
		d += word.len;
	} else {
		d = copy_checked(d, tag.data, tag.len, so->escaped, &bad);
		*d++ = '\t';
		d = copy_checked(d, word.data, word.len, so->escaped, &bad);
	}
	*d++ = so->term;
	if (!bad) {
		so->d = d;
		so->records++;
		return;
	}
	/* Undone: what came before is committed, then this span goes the usual way. */
	writer_commit(so->out, (size_t)(so->d - so->base), so->records);
	/* Its offsets are counted again, from the start: the count moved past them. */
	so->byte_at = so->char_at = 0;
	write_span_fields(t, so->out, id, sp, tag, so->text);
	so->base = so->d = writer_reserve(so->out, SPAN_ROOM);
	so->limit = so->base + SPAN_ROOM;
	so->records = 0;
}

static void span_out_end(struct tagger *t)
{
	struct span_out *so = &t->so;
	if (so->direct)
		writer_commit(so->out, (size_t)(so->d - so->base), so->records);
}

/* The patterns' and detectors' spans that sort before sp (NULL: all that are left). */
static void put_spans_before(struct tagger *t, const struct tag_span *sp)
{
	while (t->next_span < t->nspans && (!sp || span_order(&t->spans[t->next_span], sp, &t->lx) < 0))
		span_out_put(t, &t->spans[t->next_span++]);
}

/*
 * The lexicon's matches come in order of start, end and tag name
 * (common/lexicon): each is written after the other spans that sort
 * before it.
 */
static void on_lexicon_span(const struct lexicon_match *m, void *ctx)
{
	struct tagger *t = ctx;
	struct tag_span sp = { m->start, m->end, m->tag };
	if (t->next_span < t->nspans)
		put_spans_before(t, &sp);
	span_out_put(t, &sp);
	t->so.lexicon_spans = true;
}

/* Every span of the record, in order: start, end, tag name. */
static void write_spans(struct tagger *t, struct writer *out, struct field id, const char *text,
			size_t len)
{
	/* Patterns' and detectors' spans come in order each; together they may need the sort. */
	bool sorted = true;
	for (size_t i = 1; i < t->nspans && sorted; i++) {
		const struct tag_span *a = &t->spans[i - 1], *b = &t->spans[i];
		/* The comparison inline; the tag names only for equal offsets. */
		sorted = a->start < b->start || (a->start == b->start && a->end < b->end) ||
			 (a->start == b->start && a->end == b->end && span_order(a, b, &t->lx) <= 0);
	}
	if (!sorted)
		qsort_r(t->spans, t->nspans, sizeof *t->spans, span_order, &t->lx);
	t->next_span = 0;
	span_out_begin(t, out, id, text, len);
	lexicon_match(&t->lx, text, len, on_lexicon_span, t);
	put_spans_before(t, NULL);
	span_out_end(t);
}

/* What explains a record the filter dropped: its tags, and each boilerplate line's features. */
struct why {
	struct tagger *t;
	const char *text;
	struct buf *b;
	unsigned lines;
};

static void on_boilerplate_line(size_t start, size_t end, void *ctx)
{
	enum { LINES = 3, SHOWN = 40 };
	struct why *w = ctx;
	if (++w->lines > LINES) {
		if (w->lines == LINES + 1)
			buf_adds(w->b, "; ...");
		return;
	}
	size_t n = end - start, cut = n > SHOWN ? SHOWN : n;
	while (cut < n && cut > 0 && ((unsigned char)w->text[start + cut] & 0xC0) == 0x80)
		cut--;
	buf_addf(w->b, "; boilerplate '%.*s%s' (", (int)cut, w->text + start, cut < n ? "..." : "");
	detect_boilerplate_why(w->text, start, end, w->b);
	buf_addc(w->b, ')');
}

/* --rejects: the record the filter dropped, with its tags and, for boilerplate, why. */
static void reject_record(struct tagger *t, struct writer *out, const struct record *rec,
			  const struct field *f, size_t n, const struct field *text, const char *reason)
{
	struct buf detail = BUF_INIT;
	if (t->nids > 1)
		qsort_r(t->ids, t->nids, sizeof *t->ids, tag_order, &t->lx);
	buf_adds(&detail, t->nids ? "tags " : "no tags");
	bool boilerplate = false;
	for (size_t i = 0; i < t->nids; i++) {
		const char *name = t->lx.tags[t->ids[i]];
		buf_addf(&detail, "%s%s", i ? "," : "", name);
		boilerplate = boilerplate || strcmp(name, "boilerplate") == 0;
	}
	if (boilerplate) {
		struct why w = { t, text->data, &detail, 0 };
		if (t->page_verdict > 0)	/* the page's verdict on this line */
			on_boilerplate_line(t->page_start, t->page_end, &w);
		else
			detect_boilerplate(text->data, text->len, on_boilerplate_line, &w);
	}
	run_reject(t->run, out, rec, reason, 0, detail.data, f, n);
	buf_release(&detail);
}

/*
 * Finds a record's tags (and, for --spans, the patterns' and detectors'
 * spans) in its -f text, into *text.  False if the filter drops it (and
 * --rejects was told, through out).
 */
static bool find_tags(struct tagger *t, const struct record *rec, const struct field *f, size_t n,
		      struct field *text, struct writer *out)
{
	*text = fieldlist_text(&t->run->fields, f, n, &t->scratch);
	if (t->nstamps < t->lx.ntags) {
		t->stamps = xreallocarray(t->stamps, t->lx.ntags, sizeof *t->stamps);
		memset(t->stamps + t->nstamps, 0, (t->lx.ntags - t->nstamps) * sizeof *t->stamps);
		t->nstamps = t->lx.ntags;
		t->ids = xreallocarray(t->ids, t->lx.ntags, sizeof *t->ids);
	}
	t->stamp++;
	t->nids = 0;
	t->nspans = 0;
	match_patterns(t, rec, text->data, text->len);
	run_detectors(t, text->data, text->len);
	/* With --spans the lexicon's matches are written as found; a filter needs its tags first. */
	if (t->strip) {
		t->lexicon_from = t->nspans;
		lexicon_match(&t->lx, text->data, text->len, on_lexicon_strip, t);
	}
	else if (!t->s->spans || t->filtering)
		lexicon_match(&t->lx, text->data, text->len, on_lexicon_tag, t);
	const char *reason = t->filtering ? drop_reason(t) : NULL;
	if (reason) {
		t->tagged += t->nids > 0;
		if (run_rejecting(t->run))
			reject_record(t, out, rec, f, n, text, reason);
		return false;
	}
	t->kept++;
	return true;
}

/* ---- the modes: what a tagged record becomes ------------------------------- */

/* --spans: one record per match, ID START END TAG TEXT. */
static void tag_spans(void *state, const struct record *rec, const struct field *f, size_t n,
		      struct writer *out, struct buf *side)
{
	struct tagger *t = state;
	struct field text;
	if (!find_tags(t, rec, f, n, &text, out))
		return;
	char num[FIELD_U64_SIZE];
	struct field id;
	if (t->id.n) {
		fieldlist_select(&t->id, f, n, &t->id_value);
		id = t->id_value.f[0];
	} else if (t->doc) {
		id = (struct field){ rec->file, strlen(rec->file) };
	} else {
		id = field_u64(num, rec->number);
	}
	write_spans(t, out, id, text.data, text.len);
	t->tagged += t->nids > 0 || t->so.lexicon_spans;
}

/*
 * The record as it came in (the doc's file name first): from JSON Lines to
 * JSON Lines, its object, which the tags are appended to.
 */
static void write_input_record(struct tagger *t, struct writer *out, const struct record *rec,
			       const struct field *f, size_t n)
{
	if (t->passes) {
		writer_begin_object(out, rec->text, rec->len);
		return;
	}
	if (t->doc)
		writer_field(out, rec->file, strlen(rec->file));
	for (size_t i = 0; i < n; i++)
		writer_field(out, f[i].data, f[i].len);
}

/* The record, then its tags: sorted by name, unique, comma-separated. */
static void tag_columns(void *state, const struct record *rec, const struct field *f, size_t n,
			struct writer *out, struct buf *side)
{
	struct tagger *t = state;
	struct field text;
	find_tags(t, rec, f, n, &text, out);
	t->tagged += t->nids > 0;
	write_input_record(t, out, rec, f, n);
	if (t->nids > 1)
		qsort_r(t->ids, t->nids, sizeof *t->ids, tag_order, &t->lx);
	buf_reset(&t->tags);
	if (t->json) {
		/* In JSON an array of the names: "tags": ["ORG", "url"]. */
		buf_addc(&t->tags, '[');
		for (size_t i = 0; i < t->nids; i++) {
			if (i)
				buf_addc(&t->tags, ',');
			json_quote(&t->tags, t->lx.tags[t->ids[i]], t->lx.tag_lens[t->ids[i]]);
		}
		buf_addc(&t->tags, ']');
		writer_key(out, "tags", 4);
		writer_json_field(out, t->tags.data, t->tags.len);
		writer_end_record(out);
		return;
	}
	for (size_t i = 0; i < t->nids; i++) {
		if (t->tags.len)
			buf_addc(&t->tags, ',');
		buf_add(&t->tags, t->lx.tags[t->ids[i]], t->lx.tag_lens[t->ids[i]]);
	}
	writer_field(out, t->tags.data ? t->tags.data : "", t->tags.len);
	writer_end_record(out);
}

/* --only, --drop: the records the filter keeps, as they came in, grep-like. */
static void tag_filter(void *state, const struct record *rec, const struct field *f, size_t n,
		       struct writer *out, struct buf *side)
{
	struct tagger *t = state;
	struct field text;
	if (!find_tags(t, rec, f, n, &text, out))
		return;
	t->tagged += t->nids > 0;
	if (t->passes) {
		writer_passthrough(out, rec->text, rec->len);	/* byte for byte, JSON or WARC */
		return;
	}
	write_input_record(t, out, rec, f, n);
	writer_end_record(out);
}

/*
 * --strip: the field without what the tags cover.  Spans are cut out; a
 * line a cut leaves blank goes with its line end.  A run of blank lines
 * among lines that went becomes one blank line (none at either end of the
 * text, none where the run held no blank line), so the paragraphs left
 * stay apart as they were; blank lines with no cut line beside them stay
 * as they are.  Within a line a cut takes the spaces it leaves at the
 * line's start or end or before punctuation, and one of two spaces it
 * leaves side by side ("see URL for more" becomes "see for more").
 */
static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool closes_phrase(char c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')';
}

/* The spans of --strip's tags, in order, overlaps merged (they come sorted by start); how many. */
static size_t strip_spans(struct tagger *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->nspans; i++) {
		const struct tag_span *sp = &t->spans[i];
		if (!(sp->tag < t->nfilter_tags && t->strip[sp->tag]) || sp->end <= sp->start)
			continue;
		if (n && sp->start <= t->spans[n - 1].end) {
			if (sp->end > t->spans[n - 1].end)
				t->spans[n - 1].end = sp->end;
		} else {
			t->spans[n++] = *sp;
		}
	}
	return n;
}

/* The line text[ls, le) with the spans from *next on cut out, appended to out; whether any was. */
static bool strip_line_spans(const struct tag_span *spans, size_t n, size_t *next, const char *text,
			     size_t ls, size_t le, struct buf *out)
{
	size_t before = out->len, content_end = le;
	while (content_end > ls && text[content_end - 1] == '\r')
		content_end--;
	bool cut = false;
	for (size_t pos = ls; pos < le;) {
		while (*next < n && spans[*next].end <= pos)
			(*next)++;
		size_t cs = *next < n && spans[*next].start < le ? spans[*next].start : le;
		if (cs < pos)
			cs = pos;
		buf_add(out, text + pos, cs - pos);
		if (cs >= le)
			break;
		size_t ce = spans[*next].end < le ? spans[*next].end : le;
		cut = true;
		bool at_start = blank(out->data + before, out->len - before);
		bool space_before = out->len > before && is_space(out->data[out->len - 1]);
		if (ce >= content_end || closes_phrase(text[ce])) {
			/* At the line's end or before punctuation: the spaces before the cut go. */
			while (out->len > before && is_space(out->data[out->len - 1]))
				out->len--;
		} else if (at_start || (space_before && is_space(text[ce]))) {
			/* At the line's start, or two spaces side by side: those after the cut go. */
			while (ce < content_end && is_space(text[ce]))
				ce++;
		}
		pos = ce;
	}
	return cut;
}

/*
 * A run of blank lines and cut lines since the last line of text: what
 * --strip writes of it before the next line of text, or at the end.
 */
static void strip_run_line(struct strip_run *r, bool cut, bool empty, size_t at, size_t len)
{
	if (cut && empty) {
		r->cut = true;
	} else if (empty) {
		if (!r->blanks++) {
			r->blank_at = at;
			r->blank_len = len;
		}
	} else {
		*r = (struct strip_run){ .wrote = true };
	}
}

/* With a cut line in the run: one blank line for them all, if any, and not at the start. */
static bool strip_run_one_blank(const struct strip_run *r)
{
	return r->cut && r->blanks && r->wrote;
}

/* Returns whether anything was cut; out is then the text without it. */
static bool strip_text(struct tagger *t, const char *text, size_t len, struct buf *out)
{
	size_t n = strip_spans(t);
	if (!n)
		return false;
	buf_reset(out);
	size_t next = 0, run_from = 0;	/* run_from: where the run of blank lines began */
	struct strip_run run = { 0 };
	for (size_t ls = 0; ls < len;) {
		const char *nl = memchr(text + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - text) : len;
		size_t before = out->len;
		bool cut = strip_line_spans(t->spans, n, &next, text, ls, le, out);
		bool empty = blank(out->data + before, out->len - before);
		if (empty) {
			out->len = before;
		} else {
			/* The run of blank lines before this one's text: as it was, or its first. */
			const char *held = text + (run.cut ? run.blank_at : run_from);
			size_t k = run.cut ? strip_run_one_blank(&run) ? run.blank_len : 0 : ls - run_from;
			if (k) {
				buf_grow(out, k);
				memmove(out->data + before + k, out->data + before, out->len - before);
				memcpy(out->data + before, held, k);
				out->len += k;
			}
			if (nl)
				buf_addc(out, '\n');
			run_from = le + 1;
		}
		strip_run_line(&run, cut, empty, ls, le + (nl != NULL) - ls);
		ls = le + 1;
	}
	if (!run.cut && run_from < len)
		buf_add(out, text + run_from, len - run_from);
	/* The text's last line end, as it was: a cut last line leaves none, or takes none. */
	if (len && text[len - 1] == '\n' && out->len && out->data[out->len - 1] != '\n') {
		buf_addc(out, '\n');
	} else if (len && text[len - 1] != '\n' && out->len && out->data[out->len - 1] == '\n') {
		out->len--;
		if (out->len && out->data[out->len - 1] == '\r')
			out->len--;
	}
	if (out->data)
		out->data[out->len] = '\0';	/* a buf's text ends in NUL (common/buf.h) */
	return true;
}

/* The blank lines held back, written as they came. */
static void strip_lines_held(struct tagger *t, struct writer *out)
{
	const char *p = t->held.data, *end = p + t->held.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		writer_field(out, p, (size_t)(nl - p));
		writer_end_record(out);
		p = nl + 1;
	}
}

/* The end of a file of lines: the blank lines held back go out unless lines were cut among them. */
static void strip_lines_end(struct tagger *t, struct writer *out)
{
	if (!t->lines_run.cut)
		strip_lines_held(t, out);
	buf_reset(&t->held);
	t->lines_run = (struct strip_run){ 0 };
}

/*
 * --strip of -F lines, each line a record (on one thread, in order): a
 * line cut to nothing goes, and the blank lines around it are held back
 * and written as within a text (t->held: each held line and a '\n').
 */
static void strip_line(struct tagger *t, const char *line, size_t len, bool cut, struct writer *out)
{
	bool empty = blank(line, len);
	struct strip_run *r = &t->lines_run;
	if (!empty) {
		if (strip_run_one_blank(r)) {
			writer_field(out, "", 0);
			writer_end_record(out);
		} else if (!r->cut) {
			strip_lines_held(t, out);
		}
		buf_reset(&t->held);
		writer_field(out, line, len);
		writer_end_record(out);
	} else if (!cut) {
		buf_add(&t->held, line, len);
		buf_addc(&t->held, '\n');
	}
	strip_run_line(r, cut, empty, 0, 0);
}

/* Patterns' and detectors' spans come in order each; together they may need the sort. */
static bool spans_sorted(const struct tagger *t)
{
	for (size_t i = 1; i < t->nspans; i++)
		if (t->spans[i].start < t->spans[i - 1].start)
			return false;
	return true;
}

/*
 * --strip: the record as it came in, its field without what the tags
 * cover.  A line (-F lines) or a paragraph (-F para) cut to nothing goes;
 * a record of other formats stays, its field empty.
 */
static void tag_strip(void *state, const struct record *rec, const struct field *f, size_t n,
		      struct writer *out, struct buf *side)
{
	struct tagger *t = state;
	struct field text;
	if (!find_tags(t, rec, f, n, &text, out))
		return;
	t->tagged += t->nids > 0;
	if (!spans_sorted(t))
		qsort_r(t->spans, t->nspans, sizeof *t->spans, span_order, &t->lx);
	bool cut = strip_text(t, text.data, text.len, &t->stripped);
	t->stripped_records += cut;
	if (cut)
		text = (struct field){ t->stripped.data ? t->stripped.data : "", t->stripped.len };
	if (t->lines) {
		strip_line(t, text.data, text.len, cut, out);
		return;
	}
	if (cut && t->para && blank(text.data, text.len))
		return;
	if (t->doc)
		writer_field(out, rec->file, strlen(rec->file));
	/* A field the record lacks reads as empty, and stays so. */
	for (size_t i = 0; i < n; i++)
		writer_field(out, i == t->strip_field ? text.data : f[i].data,
			     i == t->strip_field ? text.len : f[i].len);
	writer_end_record(out);
}

/* ---- a tagger per thread ------------------------------------------------------ */

/* A tagger for another thread: shared settings, phrases and patterns; scratch of its own. */
static void tagger_clone(struct tagger *w, const struct tagger *t)
{
	*w = *t;
	lexicon_share(&w->lx, &t->lx);
	w->patterns = xmalloc((t->npatterns ? t->npatterns : 1) * sizeof *w->patterns);
	w->apatterns = t->npatterns;
	for (size_t i = 0; i < t->npatterns; i++)
		pattern_share(&w->patterns[i], &t->patterns[i]);
	for (size_t i = 0; i < t->nfinders; i++)
		w->finders[i].t = w;
	w->spans = NULL;
	w->nspans = w->aspans = 0;
	w->id_value = (struct field_array){ 0 };
	w->scratch = (struct field_text){ 0 };
	w->tags = (struct buf)BUF_INIT;
	w->stripped = (struct buf)BUF_INIT;
	w->held = (struct buf)BUF_INIT;
	w->stripped_records = 0;
	w->ids = NULL;
	w->stamps = NULL;
	w->nstamps = 0;
	w->stamp = 0;
	w->nids = 0;
	w->tagged = w->kept = 0;
}

static void tagger_unclone(struct tagger *w)
{
	lexicon_unshare(&w->lx);
	for (size_t i = 0; i < w->npatterns; i++)
		pattern_unshare(&w->patterns[i]);
	free(w->patterns);
	free(w->spans);
	free(w->ids);
	free(w->stamps);
	field_array_release(&w->id_value);
	field_text_release(&w->scratch);
	buf_release(&w->tags);
	buf_release(&w->stripped);
	buf_release(&w->held);
}

static void *tagger_new(void *ctx, bool alone)
{
	if (alone)
		return ctx;
	struct tagger *w = xmalloc(sizeof *w);
	tagger_clone(w, ctx);
	return w;
}

/* A worker's counts added to ctx's; its scratch freed. */
static void tagger_free(void *state, void *ctx)
{
	struct tagger *w = state, *t = ctx;
	if (w == t)
		return;
	t->tagged += w->tagged;
	t->kept += w->kept;
	t->stripped_records += w->stripped_records;
	tagger_unclone(w);
	free(w);
}

/*
 * -F lines with the boilerplate detector or --strip: the lines of a page
 * are judged together, so they are gathered as they are read, on one
 * thread.  A page is the lines of one file up to a line that is only a
 * form feed (which goes through as a line of its own) or to 512 lines
 * that are not blank (the detector's window: so a file read as -F doc
 * is judged the same).  Each line then goes through the mode's function
 * with the page's verdict on it.
 */
enum { PAGE_LINES = 512 };

/* The lines of a page the detector finds chrome, in order. */
struct page_spans {
	struct span *v;
	size_t n, alloc;
};

struct page_line {
	size_t start, len;
	uint64_t number, line;
};

struct page_lines {
	struct buf text;		/* the page's lines, each ended by '\n' */
	struct page_line *v;
	size_t n, alloc, nonblank;
	char *file;			/* the page's file, copied: the reader frees its name */
	uint64_t last_line;
	struct page_spans chrome;	/* the detector's verdicts on the page */
};

static void on_page_span(size_t start, size_t end, void *ctx)
{
	struct page_spans *ps = ctx;
	ALLOC_GROW(ps->v, ps->n + 1, ps->alloc);
	ps->v[ps->n++] = (struct span){ start, end };
}

static void page_flush(struct tagger *t, struct page_lines *pg, struct writer *out)
{
	if (!pg->n)
		return;
	bool judge = false;
	for (size_t i = 0; i < t->nfinders; i++)
		judge = judge || t->finders[i].d->find == detect_boilerplate;
	struct page_spans *ps = &pg->chrome;
	ps->n = 0;
	if (judge)
		detect_boilerplate(pg->text.data, pg->text.len, on_page_span, ps);
	size_t next = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const struct page_line *l = &pg->v[i];
		struct record rec = { .text = pg->text.data + l->start, .len = l->len, .number = l->number,
				      .line = l->line, .file = pg->file };
		t->page_verdict = judge ? 0 : -1;
		while (next < ps->n && ps->v[next].end <= l->start)
			next++;
		if (judge && next < ps->n && ps->v[next].start < l->start + l->len) {
			t->page_verdict = 1;
			t->page_start = ps->v[next].start - l->start;
			t->page_end = (ps->v[next].end < l->start + l->len ? ps->v[next].end : l->start + l->len) -
				      l->start;
		}
		struct field f = { rec.text, rec.len };
		t->line_fn(t, &rec, &f, 1, out, NULL);
	}
	t->page_verdict = -1;
	buf_reset(&pg->text);
	pg->n = pg->nonblank = 0;
}

static void tag_pages(struct run *run, void *ctx)
{
	struct tagger *t = ctx;
	struct page_lines pg = { .text = BUF_INIT };
	const struct record *rec;
	while ((rec = reader_next(run->in)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(run->in, &f);
		struct field line = n ? f[0] : (struct field){ "", 0 };
		bool new_file = !pg.file || rec->line <= pg.last_line || strcmp(rec->file, pg.file) != 0;
		if (new_file) {
			page_flush(t, &pg, run->out);
			if (t->s->strip)
				strip_lines_end(t, run->out);
			free(pg.file);
			pg.file = xstrdup(rec->file);
		}
		pg.last_line = rec->line;
		bool form_feed = line.len == 1 && line.data[0] == '\f';
		if (form_feed || pg.nonblank == PAGE_LINES)
			page_flush(t, &pg, run->out);
		ALLOC_GROW(pg.v, pg.n + 1, pg.alloc);
		pg.v[pg.n++] = (struct page_line){ pg.text.len, line.len, rec->number, rec->line };
		buf_add(&pg.text, line.data, line.len);
		buf_addc(&pg.text, '\n');
		pg.nonblank += !blank(line.data, line.len);
		if (form_feed)
			page_flush(t, &pg, run->out);
	}
	page_flush(t, &pg, run->out);
	if (t->s->strip)
		strip_lines_end(t, run->out);
	buf_release(&pg.text);
	free(pg.v);
	free(pg.file);
	free(pg.chrome.v);
}

enum tag_mode { MODE_SPANS, MODE_COLUMNS, MODE_FILTER, MODE_STRIP, MODE_PAGES, MODES };

#define TAG(fn) { .state_new = tagger_new, .state_free = tagger_free, .record = fn, .worker = fn }
static const struct mode modes[] = {
	[MODE_SPANS] = TAG(tag_spans),
	[MODE_COLUMNS] = TAG(tag_columns),
	[MODE_FILTER] = TAG(tag_filter),
	[MODE_STRIP] = TAG(tag_strip),
	[MODE_PAGES] = { .whole = tag_pages },
};

static struct pattern *new_pattern(struct tagger *t)
{
	ALLOC_GROW(t->patterns, t->npatterns + 1, t->apatterns);
	return &t->patterns[t->npatterns++];
}

/* -e TAG=PATTERN, each a pattern of its own. */
static void add_regexes(struct tagger *t, const struct arg_list *regexes, bool raw)
{
	for (size_t i = 0; i < regexes->n; i++) {
		const char *re = regexes->v[i], *eq = strchr(re, '=');
		if (!eq || eq == re || !eq[1])
			die_usage("--regex: '%s' is not TAG=PATTERN", re);
		compile(new_pattern(t), &t->lx, re, (size_t)(eq - re), eq + 1, NULL, raw, "--regex");
	}
}

/*
 * -t LIST: the pattern detectors (common/pattern) and the others, named in
 * one table for the lookup and its error; a detector named twice runs once.
 */
static void add_detectors(struct tagger *t, const struct arg_list *taggers, bool raw)
{
	size_t nnames = npattern_detectors + NDETECTORS;
	struct choice *names = xcalloc(nnames + 1, sizeof *names);
	for (size_t d = 0; d < nnames; d++)
		names[d] = (struct choice){ d < npattern_detectors ? pattern_detectors[d].name
								  : detectors[d - npattern_detectors].name, (int)d };
	bool *used = xcalloc(nnames, sizeof *used);
	for (size_t i = 0; i < taggers->n; i++) {
		for (const char *p = taggers->v[i]; *p;) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			int d;
			if (!choice_find(names, p, len, &d))
				choice_die(names, p, len, "--tagger", "detector", NULL);
			p += len + (comma != NULL);
			if (used[d])
				continue;
			used[d] = true;
			if ((size_t)d < npattern_detectors) {
				const struct pattern_detector *pd = &pattern_detectors[d];
				compile(new_pattern(t), &t->lx, pd->name, len, pd->source, pd->start, raw,
					"--tagger");
				continue;
			}
			const struct detector *det = &detectors[(size_t)d - npattern_detectors];
			if (det->find) {
				t->finders[t->nfinders++] = (struct finder){
					t, det, lexicon_tag(&t->lx, det->name, len) };
			} else {
				t->script = true;
				t->script_tags = xcalloc(script_count, sizeof *t->script_tags);
			}
		}
	}
	free(used);
	free(names);
}

static void widen_set(bool **set, size_t size, size_t want)
{
	if (*set && size < want) {
		*set = xreallocarray(*set, want, sizeof **set);
		memset(*set + size, 0, (want - size) * sizeof **set);
	}
}

/* Tags of --only, --drop and --strip; tags named only there get ids too, and simply never match. */
/*
 * A tag --strip names that no lexicon, pattern or detector gives would
 * leave every record as it was, silently: a usage error, as is an empty
 * list.  known: the tags there were before the filters named theirs.
 */
static void check_strip_tags(const struct tagger *t, size_t known)
{
	bool any = false;
	for (size_t id = 0; id < t->nfilter_tags; id++) {
		if (!t->strip[id])
			continue;
		if (id >= known)
			die_usage("--strip=%s: nothing tags '%s' (give -t, -l or -e for it)", t->s->strip,
				  t->lx.tags[id]);
		any = true;
	}
	if (!any)
		die_usage("--strip: no tags given");
}

static void filter_setup(struct tagger *t)
{
	size_t known = t->lx.ntags;
	t->only = tag_set(&t->lx, t->s->only);
	size_t only_size = t->lx.ntags;
	t->drop = tag_set(&t->lx, t->s->drop);
	size_t drop_size = t->lx.ntags;
	t->strip = tag_set(&t->lx, t->s->strip);
	t->nfilter_tags = t->lx.ntags;
	if (t->strip)
		check_strip_tags(t, known);
	/* Tags named by a later option than a set was made for are not in it. */
	widen_set(&t->only, only_size, t->nfilter_tags);
	widen_set(&t->drop, drop_size, t->nfilter_tags);
	t->filtering = t->s->only || t->s->drop;
	t->page_verdict = -1;
}

/* The main tagger: lexicons, patterns, detectors, filters; then, the input open, the rest. */
static void tagger_setup(struct tagger *t, struct run *run)
{
	const struct settings *s = t->s;
	/* Bytes kept invalid reach the patterns: they must be compiled to expect them. */
	bool raw = run->c.in.invalid == INVALID_KEEP;
	/* Lexicons compare NFKC and case-folded unless --case. */
	struct key_opts lexkey = { .normalize = s->exact_case ? NORM_NFC : NORM_NFKC,
				   .icase = !s->exact_case };
	lexicon_init(&t->lx, &lexkey);
	for (size_t i = 0; i < s->lexicons.n; i++)
		lexicon_load(&t->lx, s->lexicons.v[i]);
	add_regexes(t, &s->regexes, raw);
	add_detectors(t, &s->taggers, raw);
	filter_setup(t);
}

/*
 * --strip's field: the one -f names, or the record of a format that is one
 * text (lines, para, doc).  Records that go out as they came (JSON Lines
 * to JSON Lines, WARC) have no field to write back.
 */
static void strip_setup(struct tagger *t, struct run *run)
{
	if (t->s->spans)
		die_usage("--strip writes the records back, --spans writes the matches: give one");
	run_refuse_passing_through(run, "--strip");
	enum rec_format f = reader_format(run->in);
	bool one_text = f == FMT_LINES || f == FMT_PARA || f == FMT_DOC;
	if (fieldlist_whole(&run->fields) && one_text)
		t->strip_field = 0;
	else if (!fieldlist_single(&run->fields, &t->strip_field))
		die_usage("--strip works on one field: give -f FIELD");
}

static void tagger_open(struct tagger *t, struct run *run)
{
	const struct settings *s = t->s;
	fieldlist_resolve(&t->id, s->id_field, run->in, "--id");
	t->doc = reader_format(run->in) == FMT_DOC;
	t->para = reader_format(run->in) == FMT_PARA;
	t->passes = run_passes_through(run);
	t->json = writer_format(run->out) == FMT_JSONL;
	static const struct field span_names[] = { { "id", 2 }, { "start", 5 }, { "end", 3 },
						   { "tag", 3 }, { "text", 4 } };
	/* A span is an object of these keys in JSON, with -H or without. */
	if (s->spans && t->json)
		writer_names(run->out, span_names, 5);
	if (s->strip)
		strip_setup(t, run);
	bool boilerplate = false;
	for (size_t i = 0; i < t->nfinders; i++)
		boilerplate = boilerplate || t->finders[i].d->find == detect_boilerplate;
	t->lines = reader_format(run->in) == FMT_LINES && (boilerplate || s->strip);
	if (run->c.in.header) {
		if (s->spans) {
			writer_header(run->out, span_names, 5);
		} else {
			run_write_header(run, (const char *const[]){ "tags" },
					 t->filtering || s->strip ? 0 : 1);
		}
	}
	if (t->script)
		for (unsigned k = SCRIPT_COMMON + 1; k < script_count; k++) {
			char tag[64];
			int len = snprintf(tag, sizeof tag, SCRIPT_DETECTOR ":%s", script_names[k]);
			t->script_tags[k] = lexicon_tag(&t->lx, tag, (size_t)len) + 1;
		}
}

static void tagger_release(struct tagger *t)
{
	for (size_t i = 0; i < t->npatterns; i++)
		pattern_free(&t->patterns[i]);
	free(t->patterns);
	free(t->script_tags);
	free(t->spans);
	free(t->only);
	free(t->drop);
	free(t->strip);
	buf_release(&t->stripped);
	buf_release(&t->held);
	free(t->ids);
	free(t->stamps);
	buf_release(&t->tags);
	field_array_release(&t->id_value);
	field_text_release(&t->scratch);
	fieldlist_release(&t->id);
	lexicon_release(&t->lx);
}

int main(int argc, char **argv)
{
	struct settings s = { 0 };
	struct run run;
	run_parse(&run, &tool, &s, argc, argv);
	if (!s.lexicons.n && !s.regexes.n && !s.taggers.n)
		die_usage("nothing to tag with: give -l FILE, -e TAG=PATTERN or -t LIST");
	if (s.id_field && !s.spans)
		die_usage("--id goes with --spans");
	if (s.invert && !s.only && !s.drop)
		die_usage("-v/--invert goes with --only or --drop (it inverts the filter)");
	struct tagger t = { .s = &s, .run = &run };
	tagger_setup(&t, &run);
	run_open(&run, &tool);
	tagger_open(&t, &run);
	enum tag_mode mode = s.spans ? MODE_SPANS : s.strip ? MODE_STRIP
			   : t.filtering ? MODE_FILTER : MODE_COLUMNS;
	if (t.lines) {
		t.line_fn = modes[mode].record;
		mode = MODE_PAGES;
	}
	runner_run(&run, &modes[mode], &t, s.threads);
	run_figure(&run, "records_tagged", t.tagged);
	run_figure(&run, "records_kept", t.kept);
	if (s.strip)
		run_figure(&run, "records_stripped", t.stripped_records);
	run_finish(&run);
	tagger_release(&t);
	free(s.lexicons.v);
	free(s.regexes.v);
	free(s.taggers.v);
	return s.only && t.kept == 0 && !s.always_zero ? 1 : 0;
}
