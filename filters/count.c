/*
 * rill-count: wc-like totals, frequency tables, top-k and distinct counts,
 * and the merge of tables counted on shards.
 *
 * Keys are normalized (common/key) and held as 128-bit hashes in a
 * hashmap whose value indexes an entry: the count (or sum) and the first
 * spelling seen, kept in one arena.  Memory grows with distinct keys,
 * never with records.  The table is ordered only at the end, and --top
 * selects with a bounded heap before sorting.  Units (words and the like)
 * are counted on every core into a table per worker, merged at the end.
 */
#include "../common/diag.h"
#include "../common/fieldpack.h"
#include "../common/lookahead.h"
#include "../common/runner.h"
#include "../common/hashmap.h"
#include "../common/key.h"
#include "../common/segment.h"
#include "../common/sketch/hll.h"
#include "../common/sketch/spacesaving.h"
#include "../common/tool.h"
#include "../common/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_WORDS = 1, OPT_SENTENCES, OPT_NGRAMS, OPT_GRAPHEMES, OPT_TOP, OPT_MIN, OPT_PERCENT,
	OPT_DISTINCT, OPT_APPROX, OPT_MERGE, OPT_SUM, OPT_SKIP_BAD, OPT_LABELS, OPT_MEMORY, OPT_THREADS,
};

static void on_option(int id, const char *arg, void *settings);

static const struct tool_option options[] = {
	{ OPT_WORDS, 0, "words", ARG_NONE, NULL, "count words (UAX #29 words with a letter or digit)" },
	{ OPT_SENTENCES, 0, "sentences", ARG_NONE, NULL, "count sentences" },
	{ OPT_NGRAMS, 0, "ngrams", ARG_REQUIRED, "N", "count word n-grams" },
	{ OPT_GRAPHEMES, 0, "graphemes", ARG_NONE, NULL, "count graphemes" },
	{ OPT_TOP, 0, "top", ARG_REQUIRED, "N", "only the N most frequent keys" },
	{ OPT_MIN, 0, "min", ARG_REQUIRED, "N", "only keys counted at least N times" },
	{ OPT_PERCENT, 0, "percent", ARG_NONE, NULL, "add each key's share of the total, in %" },
	{ OPT_DISTINCT, 0, "distinct", ARG_NONE, NULL, "write only the number of distinct keys" },
	{ OPT_APPROX, 0, "approx", ARG_NONE, NULL, "--distinct in fixed memory (HyperLogLog)" },
	{ OPT_MERGE, 0, "merge", ARG_NONE, NULL, "input is rill-count tables: sum equal keys" },
	{ OPT_SUM, 0, "sum", ARG_REQUIRED, "FIELD", "per key, the sum of FIELD instead of a count" },
	{ OPT_SKIP_BAD, 0, "skip-bad", ARG_NONE, NULL, "--sum: skip records whose FIELD is no number" },
	{ OPT_LABELS, 0, "labels", ARG_NONE, NULL, "totals: first write a line naming the columns" },
	{ OPT_MEMORY, 0, "memory", ARG_REQUIRED, "SIZE", "a table in SIZE bytes: approximate counts" },
	{ OPT_THREADS, 0, "threads", ARG_REQUIRED, "N", "count on N threads (default: one per core; 0: every core)" },
	{ 0 },
};

static const struct tool tool = {
	.name = "rill-count",
	.synopsis = "[OPTIONS] [FILE...]",
	.summary = "Count records, words, graphemes and bytes like wc, or count keys: frequency\n"
		   "tables, top-k, distinct counts, sums; merge tables counted on shards.",
	.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_KEY | OPTS_OUTPUT,
	.default_output = FMT_TSV,
	.options = options,
	.on_option = on_option,
};

enum unit_mode { KEYS_FIELDS, KEYS_WORDS, KEYS_SENTENCES, KEYS_NGRAMS, KEYS_GRAPHEMES };

struct settings {
	enum unit_mode units;
	bool units_given;
	uint64_t ngrams, top, min;
	bool percent, distinct, approx, merge, skip_bad, labels;
	const char *sum_field;
	uint64_t memory;
	uint64_t threads;	/* 0: one per core */
};

static void set_units(struct settings *s, enum unit_mode u)
{
	if (s->units_given && s->units != u)
		die_usage("--words, --sentences, --ngrams and --graphemes exclude each other");
	s->units = u;
	s->units_given = true;
}

static void on_option(int id, const char *arg, void *ctx)
{
	struct settings *s = ctx;
	switch (id) {
	case OPT_WORDS: set_units(s, KEYS_WORDS); break;
	case OPT_SENTENCES: set_units(s, KEYS_SENTENCES); break;
	case OPT_NGRAMS:
		set_units(s, KEYS_NGRAMS);
		s->ngrams = parse_uint(arg, 1, 1000, "--ngrams");
		break;
	case OPT_GRAPHEMES: set_units(s, KEYS_GRAPHEMES); break;
	case OPT_TOP: s->top = parse_uint(arg, 1, UINT64_MAX, "--top"); break;
	case OPT_MIN: s->min = parse_uint(arg, 1, UINT64_MAX, "--min"); break;
	case OPT_PERCENT: s->percent = true; break;
	case OPT_DISTINCT: s->distinct = true; break;
	case OPT_APPROX: s->approx = true; break;
	case OPT_MERGE: s->merge = true; break;
	case OPT_SUM: s->sum_field = arg; break;
	case OPT_SKIP_BAD: s->skip_bad = true; break;
	case OPT_LABELS: s->labels = true; break;
	case OPT_MEMORY: s->memory = parse_memory(arg, "--memory"); break;
	case OPT_THREADS: s->threads = parse_threads(arg); break;
	default: bug("rill-count: option %d", id);
	}
}

/* ---- the table ------------------------------------------------------------ */

struct entry {
	double value;		/* the count, or the sum with --sum: filled at the end */
	size_t spelling;	/* offset in the arena: fields as (uint32 length, bytes) */
	uint64_t error;		/* --memory: the count may be this much too high */
	uint64_t first_record, first_unit;	/* where the spelling was seen first */
};

struct table {
	struct hashmap map;
	struct entry *entries;
	size_t n, alloc;
	struct buf arena;
	double total;
};

/* The entry of a key new to the table, its slot's aux pointing to it. */
static void new_entry(struct table *t, struct hashmap_slot *slot, const struct field *spelling,
		      size_t nspelling, uint64_t record, uint64_t unit)
{
	slot->aux = t->n;
	ALLOC_GROW(t->entries, t->n + 1, t->alloc);
	struct entry *e = &t->entries[t->n++];
	e->spelling = fieldpack_add(&t->arena, NULL, spelling, nspelling, NULL);
	e->error = 0;
	e->first_record = record;
	e->first_unit = unit;
}

/*
 * The running count lives in the hash slot, so counting a seen key touches
 * one cache line; the entry (the first spelling) only when a key is new.
 */
static void table_add(struct table *t, struct key128 h, const struct field *spelling,
		      size_t nspelling, double amount, uint64_t record, uint64_t unit)
{
	bool added;
	struct hashmap_slot *slot = hashmap_put(&t->map, h, &added);
	t->total += amount;
	if (!added) {
		slot->value.d += amount;
		return;
	}
	slot->value.d = amount;
	new_entry(t, slot, spelling, nspelling, record, unit);
}

/* The spelling of an entry as fields pointing into the arena. */
static void spelling_fields(const struct table *t, const struct entry *e, struct field_array *out);

/*
 * Adds a table counted on another thread: counts add up, and each key
 * keeps the spelling seen first in the input, wherever it was counted.
 */
static void table_merge(struct table *t, const struct table *part)
{
	struct field_array spelling = { 0 };
	hashmap_reserve(&t->map, part->map.count);
	for (size_t i = 0; i <= part->map.mask; i++) {
		const struct hashmap_slot *ps = &part->map.slots[i];
		if (!ps->key.lo && !ps->key.hi)
			continue;
		const struct entry *pe = &part->entries[ps->aux];
		spelling_fields(part, pe, &spelling);
		bool added;
		struct hashmap_slot *slot = hashmap_put(&t->map, ps->key, &added);
		if (added) {
			slot->value.d = 0;
			new_entry(t, slot, spelling.f, spelling.n, pe->first_record, pe->first_unit);
		} else {
			struct entry *e = &t->entries[slot->aux];
			if (pe->first_record < e->first_record ||
			    (pe->first_record == e->first_record && pe->first_unit < e->first_unit)) {
				e->spelling = fieldpack_add(&t->arena, NULL, spelling.f, spelling.n, NULL);
				e->first_record = pe->first_record;
				e->first_unit = pe->first_unit;
			}
		}
		slot->value.d += ps->value.d;
	}
	t->total += part->total;
	field_array_release(&spelling);
}

/* The spelling of an entry as fields pointing into the arena. */
static void spelling_fields(const struct table *t, const struct entry *e, struct field_array *out)
{
	fieldpack_get(&t->arena, e->spelling, out);
}

/* What ordering the table's entries needs: the table, and fields reused by every comparison. */
struct order {
	const struct table *t;
	struct field_array a, b;
};

static int compare_spellings(struct order *o, const struct entry *a, const struct entry *b)
{
	/* Packed fields compare field by field in byte order. */
	spelling_fields(o->t, a, &o->a);
	spelling_fields(o->t, b, &o->b);
	int c = 0;
	for (size_t i = 0; !c && i < o->a.n && i < o->b.n; i++) {
		size_t n = o->a.f[i].len < o->b.f[i].len ? o->a.f[i].len : o->b.f[i].len;
		c = memcmp(o->a.f[i].data, o->b.f[i].data, n);
		if (!c && o->a.f[i].len != o->b.f[i].len)
			c = o->a.f[i].len < o->b.f[i].len ? -1 : 1;
	}
	if (!c && o->a.n != o->b.n)
		c = o->a.n < o->b.n ? -1 : 1;
	return c;
}

/* Most frequent first, ties by key in byte order. */
static int entry_order(const void *pa, const void *pb, void *ctx)
{
	const struct entry *a = *(const struct entry *const *)pa, *b = *(const struct entry *const *)pb;
	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	return compare_spellings(ctx, a, b);
}

/* Does a come after b in the output order?  (The heap keeps the worst on top.) */
static bool worse(struct order *o, const struct entry *a, const struct entry *b)
{
	return entry_order(&a, &b, o) > 0;
}

static void sift_down(struct order *o, const struct entry **heap, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && worse(o, heap[l], heap[m]))
			m = l;
		if (r < n && worse(o, heap[r], heap[m]))
			m = r;
		if (m == i)
			return;
		const struct entry *tmp = heap[i];
		heap[i] = heap[m];
		heap[m] = tmp;
		i = m;
	}
}

/* Copies the running counts from the hash slots into the entries. */
static void settle_counts(struct table *t)
{
	for (size_t i = 0; i <= t->map.mask; i++) {
		const struct hashmap_slot *slot = &t->map.slots[i];
		if (slot->key.lo || slot->key.hi)
			t->entries[slot->aux].value = slot->value.d;
	}
}

/* The entries to write, in order: --min filters, --top keeps N with a heap. */
static size_t ordered_entries(const struct table *t, const struct settings *s,
			      const struct entry ***out)
{
	struct order o = { .t = t };
	size_t cap = s->top && s->top < t->n ? s->top : t->n;
	const struct entry **sel = xmalloc((cap ? cap : 1) * sizeof *sel);
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct entry *e = &t->entries[i];
		if (s->min && e->value < (double)s->min)
			continue;
		if (n < cap) {
			sel[n++] = e;
			if (n == cap && s->top)
				for (size_t k = n / 2; k-- > 0;)
					sift_down(&o, sel, n, k);
		} else if (worse(&o, sel[0], e)) {
			sel[0] = e;
			sift_down(&o, sel, n, 0);
		}
	}
	qsort_r(sel, n, sizeof *sel, entry_order, &o);
	field_array_release(&o.a);
	field_array_release(&o.b);
	*out = sel;
	return n;
}

static void format_value(char *buf, size_t cap, double v, bool sum)
{
	if (!sum || (v == floor(v) && fabs(v) < 9e15))
		snprintf(buf, cap, "%.0f", v);
	else
		snprintf(buf, cap, "%.15g", v);
}

static void write_table(struct run *run, struct table *t, const struct settings *s,
			const struct field *key_names, size_t nkey_names)
{
	if (!s->memory)
		settle_counts(t);
	bool json = writer_format(run->out) == FMT_JSONL;
	if (run->c.in.header || json) {
		/* In JSON a row is an object of these keys, with -H or without. */
		struct field_array h = { 0 };
		field_array_add(&h, s->sum_field ? "sum" : "count", s->sum_field ? 3 : 5);
		if (s->memory)
			field_array_add(&h, "error", 5);
		if (s->percent)
			field_array_add(&h, "percent", 7);
		/* A key without a name (no -H) is key, or key1, key2, ... in JSON. */
		char (*unnamed)[FIELD_U64_SIZE + 4] = xcalloc(nkey_names + 1, sizeof *unnamed);
		for (size_t i = 0; i < nkey_names; i++) {
			if (key_names[i].len || !json) {
				field_array_add(&h, key_names[i].data, key_names[i].len);
				continue;
			}
			int len = nkey_names == 1 ? snprintf(unnamed[i], sizeof *unnamed, "key")
						  : snprintf(unnamed[i], sizeof *unnamed, "key%zu", i + 1);
			field_array_add(&h, unnamed[i], (size_t)len);
		}
		if (run->c.in.header)
			writer_header(run->out, h.f, h.n);
		else
			writer_names(run->out, h.f, h.n);
		field_array_release(&h);
		free(unnamed);
	}
	const struct entry **sel;
	size_t n = ordered_entries(t, s, &sel);
	struct field_array spelling = { 0 };
	char value[64], percent[32];
	/* Counts are JSON numbers in JSON (an infinite sum is no number: a string). */
	void (*number)(struct writer *, const char *, size_t) = json ? writer_json_field : writer_field;
	for (size_t i = 0; i < n; i++) {
		format_value(value, sizeof value, sel[i]->value, s->sum_field != NULL);
		(isfinite(sel[i]->value) ? number : writer_field)(run->out, value, strlen(value));
		if (s->memory) {
			format_value(value, sizeof value, (double)sel[i]->error, false);
			number(run->out, value, strlen(value));
		}
		if (s->percent) {
			snprintf(percent, sizeof percent, "%.2f",
				 t->total ? 100.0 * sel[i]->value / t->total : 0.0);
			number(run->out, percent, strlen(percent));
		}
		spelling_fields(t, sel[i], &spelling);
		for (size_t k = 0; k < spelling.n; k++)
			writer_field(run->out, spelling.f[k].data, spelling.f[k].len);
		writer_end_record(run->out);
	}
	field_array_release(&spelling);
	free(sel);
}

/* The sketch's counters as table entries; the table borrows its arena. */
static void table_from_sketch(struct table *t, struct spacesaving *ss)
{
	t->n = t->alloc = ss->n;
	t->entries = xreallocarray(t->entries, ss->n ? ss->n : 1, sizeof *t->entries);
	for (size_t i = 0; i < ss->n; i++) {
		t->entries[i].value = (double)ss->c[i].count;
		t->entries[i].error = ss->c[i].error;
		t->entries[i].spelling = ss->c[i].spelling;
		t->entries[i].first_record = t->entries[i].first_unit = 0;
	}
	buf_release(&t->arena);
	t->arena = ss->arena;
	ss->arena = (struct buf)BUF_INIT;
	t->total = (double)ss->total;
}

/* ---- counting ----------------------------------------------------------- */

enum { UNIT_QUEUE = 8 };

/* A thread's counter: the settings (shared), its own table or sketch and scratch. */
struct counter {
	const struct settings *s;
	struct run *run;
	struct keyer keyer;
	/* Where a key goes: the exact table, the Space-Saving sketch or the HyperLogLog. */
	void (*add)(struct counter *c, struct key128 h, const struct field *spelling, size_t n,
		    double amount);
	struct table table;
	struct hll hll;
	struct spacesaving ss;
	struct fieldlist sum_field;
	enum seg_unit unit;		/* of --words, --sentences, --graphemes */
	struct field_array sel;
	struct field text;		/* the text units are cut from */
	struct field_text scratch;	/* the -f fields joined */
	struct buf gram;
	struct abbrevs *abbrevs;
	struct span_array words;
	uint64_t skipped;
	struct lookahead queue;		/* -f keys whose table slots are being fetched */
	struct queued_unit {
		struct key128 hash;
		struct field spelling;
		double amount;
		uint64_t unit;
	} units[UNIT_QUEUE];		/* --words and the like: the same, within a text */
	unsigned unit_head, nunits;
	uint64_t record, unit_index;	/* where the key being counted is: record number, unit in it */
};

static void add_to_table(struct counter *c, struct key128 h, const struct field *spelling, size_t n,
			 double amount)
{
	table_add(&c->table, h, spelling, n, amount, c->record, c->unit_index++);
}

static void add_to_sketch(struct counter *c, struct key128 h, const struct field *spelling, size_t n,
			  double amount)
{
	ss_add(&c->ss, h, spelling, n, (uint64_t)amount);
}

static void add_to_hll(struct counter *c, struct key128 h, const struct field *spelling, size_t n,
		       double amount)
{
	hll_add(&c->hll, h);
}

static void add_key(struct counter *c, const struct field *spelling, size_t n, double amount)
{
	struct field key = key_of_fields(&c->keyer, &(struct fieldlist){ 0 }, spelling, n);
	c->add(c, key_hash(key.data, key.len), spelling, n, amount);
}

/* Counts the queued keys: the oldest when the queue is full, or all. */
static void count_queued(struct counter *c, bool all)
{
	struct lookahead_entry *e;
	while ((e = lookahead_pop(&c->queue, all)) != NULL)
		table_add(&c->table, e->hash, e->fields.f, e->fields.n, e->amount, e->rec.number, 0);
}

/* What a record adds: 1, or with --sum its field's number (false: skipped). */
static inline bool record_amount(struct counter *c, const struct record *rec, const struct field *f,
			  size_t n, double *amount)
{
	c->record = rec->number;
	c->unit_index = 0;
	*amount = 1;
	if (!c->s->sum_field)
		return true;
	fieldlist_select(&c->sum_field, f, n, &c->sel);
	const struct field *v = &c->sel.f[0];
	if (field_number(v, amount))
		return true;
	if (!c->s->skip_bad)
		die_at(rec->file, rec->line, "--sum: '%.*s' is not a number (--skip-bad skips such records)",
		       (int)(v->len > 40 ? 40 : v->len), v->data);
	c->skipped++;
	return false;
}

/*
 * Units of one text, hashed but not yet counted, their slots prefetched
 * meanwhile (a vocabulary outgrows the cache; see common/lookahead).  They
 * point into the text, so the queue is emptied before the text changes.
 */
static void count_queued_units(struct counter *c, bool all)
{
	while (c->nunits && (all || c->nunits == UNIT_QUEUE)) {
		struct queued_unit *q = &c->units[c->unit_head];
		table_add(&c->table, q->hash, &q->spelling, 1, q->amount, c->record, q->unit);
		c->unit_head = (c->unit_head + 1) % UNIT_QUEUE;
		c->nunits--;
	}
}

static void queue_unit(struct counter *c, const struct field *u, double amount, bool ascii)
{
	/*
	 * An ASCII word is its own NFC and NFKC: unless case, space or
	 * punctuation options change it, it is its key as it stands.
	 */
	const struct key_opts *o = &c->keyer.o;
	struct field key = ascii && !o->icase && !o->squeeze && !o->strip_punct
				   ? *u : key_of_fields(&c->keyer, &(struct fieldlist){ 0 }, u, 1);
	struct key128 h = key_hash(key.data, key.len);
	hashmap_prefetch(&c->table.map, h);
	count_queued_units(c, false);
	c->units[(c->unit_head + c->nunits++) % UNIT_QUEUE] =
		(struct queued_unit){ h, *u, amount, c->unit_index++ };
}

/* ---- the modes: what is counted in a record ----------------------------------- */

/*
 * -f: the key is the fields.  Into the exact table (queued) a key is
 * hashed now and counted a few records later, its slot fetched meanwhile;
 * into a sketch each key as it comes.  Made inline for each mode.
 */
static inline __attribute__((always_inline)) void
each_key(struct counter *c, const struct record *rec, const struct field *f, size_t n, bool queued)
{
	double amount;
	if (!record_amount(c, rec, f, n, &amount))
		return;
	fieldlist_select(&c->run->fields, f, n, &c->sel);
	/* sel is reused by record_amount only before this point. */
	struct field_array key = c->sel;
	if (!queued || !lookahead_fits(key.f, key.n)) {
		if (queued)
			count_queued(c, true);	/* first spellings stay first */
		add_key(c, key.f, key.n, amount);
		return;
	}
	struct field norm = key_of_fields(&c->keyer, &(struct fieldlist){ 0 }, key.f, key.n);
	struct key128 h = key_hash(norm.data, norm.len);
	hashmap_prefetch(&c->table.map, h);
	count_queued(c, false);
	lookahead_push(&c->queue, h, rec, key.f, key.n)->amount = amount;
}

static void count_keys(void *state, const struct record *rec, const struct field *f, size_t n,
		       struct writer *out, struct buf *side)
{
	each_key(state, rec, f, n, true);
}

static void count_keys_sketched(void *state, const struct record *rec, const struct field *f,
				size_t n, struct writer *out, struct buf *side)
{
	each_key(state, rec, f, n, false);
}

/* --words, --sentences, --graphemes: the units of the -f text, queued for the exact table. */
static inline __attribute__((always_inline)) void
each_unit(struct counter *c, const struct record *rec, const struct field *f, size_t n, bool queued)
{
	double amount;
	if (!record_amount(c, rec, f, n, &amount))
		return;
	c->text = fieldlist_text(&c->run->fields, f, n, &c->scratch);
	const char *text = c->text.data;
	bool words = c->unit == SEG_WORDS;
	struct segmenter seg;
	seg_init(&seg, c->unit, text, c->text.len, c->abbrevs);
	size_t a, b;
	while (words ? seg_next_word(&seg, &a, &b) : seg_next(&seg, &a, &b)) {
		struct field u = { text + a, b - a };
		if (queued)
			queue_unit(c, &u, amount, words && seg.ascii_word);
		else
			add_key(c, &u, 1, amount);
	}
	if (queued)
		count_queued_units(c, true);	/* the units point into this record's text */
}

static void count_units(void *state, const struct record *rec, const struct field *f, size_t n,
			struct writer *out, struct buf *side)
{
	each_unit(state, rec, f, n, true);
}

static void count_units_sketched(void *state, const struct record *rec, const struct field *f,
				 size_t n, struct writer *out, struct buf *side)
{
	each_unit(state, rec, f, n, false);
}

/* A key into the exact table, called directly (add_key goes through c->add). */
static inline void add_exact(struct counter *c, const struct field *spelling, size_t n, double amount)
{
	struct field key = key_of_fields(&c->keyer, &(struct fieldlist){ 0 }, spelling, n);
	table_add(&c->table, key_hash(key.data, key.len), spelling, n, amount, c->record, c->unit_index++);
}

/* --ngrams=N: word n-grams, space-joined, each through add (made inline for each mode). */
static inline __attribute__((always_inline)) void
each_ngram(struct counter *c, const struct record *rec, const struct field *f, size_t n,
	   void (*add)(struct counter *, const struct field *, size_t, double))
{
	double amount;
	if (!record_amount(c, rec, f, n, &amount))
		return;
	c->text = fieldlist_text(&c->run->fields, f, n, &c->scratch);
	size_t g = c->s->ngrams, nw = seg_words(c->text.data, c->text.len, &c->words);
	for (size_t i = 0; i + g <= nw; i++) {
		seg_join_words(c->text.data, c->words.s + i, g, &c->gram);
		add(c, &(struct field){ c->gram.data, c->gram.len }, 1, amount);
	}
}

static void count_ngrams(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	each_ngram(state, rec, f, n, add_exact);
}

static void count_ngrams_sketched(void *state, const struct record *rec, const struct field *f,
				  size_t n, struct writer *out, struct buf *side)
{
	each_ngram(state, rec, f, n, add_key);
}

/* --merge: a table row, COUNT then the key's fields. */
static void merge_row(void *state, const struct record *rec, const struct field *f, size_t n,
		      struct writer *out, struct buf *side)
{
	struct counter *c = state;
	double x;
	c->record = rec->number;
	c->unit_index = 0;
	if (n < 2 || !field_number(&f[0], &x))
		die_at(rec->file, rec->line, "--merge: not a rill-count table row (COUNT<TAB>KEY...)");
	add_key(c, f + 1, n - 1, x);
}

static void counter_release(struct counter *c)
{
	keyer_release(&c->keyer);
	hashmap_release(&c->table.map);
	free(c->table.entries);
	buf_release(&c->table.arena);
	field_array_release(&c->sel);
	field_text_release(&c->scratch);
	buf_release(&c->gram);
	span_array_release(&c->words);
	lookahead_release(&c->queue);
}

/* A worker's counter: a table of its own, merged at the end (abbreviations shared). */
static void *counter_new(void *ctx, bool alone)
{
	struct counter *c = ctx;
	if (alone)
		return c;
	struct counter *w = xcalloc(1, sizeof *w);
	w->s = c->s;
	w->run = c->run;
	w->add = c->add;
	w->unit = c->unit;
	w->abbrevs = c->abbrevs;
	keyer_init(&w->keyer, &c->run->c.key);
	hashmap_init(&w->table.map, 1024);
	return w;
}

/* Its keys counted, its table added to ctx's: counts add up, first spellings by input position. */
static void counter_free(void *state, void *ctx)
{
	struct counter *w = state, *c = ctx;
	count_queued(w, true);
	if (w == c)
		return;
	table_merge(&c->table, &w->table);
	c->skipped += w->skipped;
	counter_release(w);
	free(w);
}

/* After the last record: the figures, then the table (or the distinct count). */
static void write_result(void *ctx)
{
	struct counter *c = ctx;
	const struct settings *s = c->s;
	struct run *run = c->run;
	if (!s->memory)
		run_figure(run, "distinct_keys", c->table.n);
	if (s->sum_field)
		run_figure(run, "records_skipped_bad_number", c->skipped);
	if (c->skipped)
		warn("%llu record%s without a number in the --sum field skipped",
		     (unsigned long long)c->skipped, c->skipped == 1 ? "" : "s");
	if (s->distinct) {
		char num[32];
		double d = s->approx ? round(hll_estimate(&c->hll)) : (double)c->table.n;
		snprintf(num, sizeof num, "%.0f", d);
		writer_text(run->out, num, strlen(num));
		if (s->approx)
			warn("approximate distinct count: relative standard error %.2f%%",
			     100 * hll_error());
		return;
	}
	const struct field *names;
	size_t nnames = reader_header(run->in, &names);
	struct field_array key_names = { 0 };
	if (run->c.fields)
		fieldlist_select(&run->fields, names, nnames, &key_names);
	static const char *const unit_names[] = { "key", "word", "sentence", "ngram", "grapheme" };
	struct field unit_name = { unit_names[s->units], strlen(unit_names[s->units]) };
	if (s->memory)
		table_from_sketch(&c->table, &c->ss);
	write_table(run, &c->table, s, run->c.fields ? key_names.f : &unit_name,
		    run->c.fields ? key_names.n : 1);
	field_array_release(&key_names);
}

/* ---- totals, like wc ------------------------------------------------------- */

struct totals {
	uint64_t records, words, graphemes, bytes;
};

static void add_text_totals(struct totals *t, const char *p, size_t n)
{
	struct segmenter seg;
	size_t a, b;
	seg_init(&seg, SEG_WORDS, p, n, NULL);
	while (seg_next_word(&seg, &a, &b))
		t->words++;
	if (utf8_is_ascii(p, n)) {
		/* Every ASCII byte is a grapheme but CR LF, which is one. */
		t->graphemes += n;
		for (const char *q = p; (q = memchr(q, '\r', (size_t)(p + n - q))) != NULL; q++)
			if (q + 1 < p + n && q[1] == '\n')
				t->graphemes--;
		return;
	}
	t->graphemes += seg_count(SEG_GRAPHEMES, p, n);
}

static void write_totals_row(struct writer *w, const struct totals *t, const char *name)
{
	writer_field_u64(w, t->records);
	writer_field_u64(w, t->words);
	writer_field_u64(w, t->graphemes);
	writer_field_u64(w, t->bytes);
	writer_field(w, name, strlen(name));
	writer_end_record(w);
}

/* The totals of one input, read to its end. */
static void read_totals(struct reader *r, struct totals *t)
{
	const struct record *rec;
	while ((rec = reader_next(r)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(r, &f);
		t->records++;
		for (size_t k = 0; k < n; k++)
			add_text_totals(t, f[k].data, f[k].len);
	}
	struct reader_stats st;
	reader_get_stats(r, &st);
	t->bytes = st.bytes;
}

/* No key: a row of totals per file, as wc (a mode of its own: reader by reader). */
static void count_totals(struct run *run, void *ctx)
{
	const struct settings *s = ctx;
	static char *const stdin_only[] = { "-" };
	char *const *files = run->c.nfiles ? run->c.files : stdin_only;
	size_t nfiles = run->c.nfiles ? run->c.nfiles : 1;
	if (s->labels) {
		static const struct field labels[] = { { "records", 7 }, { "words", 5 },
						       { "graphemes", 9 }, { "bytes", 5 }, { "file", 4 } };
		writer_header(run->out, labels, 5);
	}
	if (nfiles == 1) {
		struct totals t = { 0 };
		read_totals(run->in, &t);
		write_totals_row(run->out, &t, files[0]);
		return;
	}
	/* One reader per file, so an empty file gets its row too, as in wc. */
	progress_abandon(run->progress, run->in);
	run->progress = NULL;
	reader_close(run->in);
	run->in = NULL;
	struct totals all = { 0 };
	for (size_t i = 0; i < nfiles; i++) {
		struct reader *r = reader_open(&run->c.in, files + i, 1);
		struct progress *p = progress_start(run->c.progress, r);
		struct totals t = { 0 };
		read_totals(r, &t);
		progress_finish(p, r);
		run_count_reader(run, r);
		reader_close(r);
		write_totals_row(run->out, &t, files[i]);
		all.records += t.records;
		all.words += t.words;
		all.graphemes += t.graphemes;
		all.bytes += t.bytes;
	}
	write_totals_row(run->out, &all, "total");
}

/* ---- modes, and setting up ------------------------------------------------- */

enum count_mode {
	MODE_TOTALS, MODE_KEYS, MODE_KEYS_SKETCHED, MODE_UNITS, MODE_UNITS_SKETCHED, MODE_NGRAMS,
	MODE_NGRAMS_SKETCHED, MODE_MERGE,
};

#define COUNT(fn) { .state_new = counter_new, .state_free = counter_free, .record = fn, \
		    .worker = fn, .finish = write_result }
static const struct mode modes[] = {
	[MODE_TOTALS] = { .whole = count_totals },
	[MODE_KEYS] = COUNT(count_keys),
	[MODE_KEYS_SKETCHED] = COUNT(count_keys_sketched),
	[MODE_UNITS] = COUNT(count_units),
	[MODE_UNITS_SKETCHED] = COUNT(count_units_sketched),
	[MODE_NGRAMS] = COUNT(count_ngrams),
	[MODE_NGRAMS_SKETCHED] = COUNT(count_ngrams_sketched),
	[MODE_MERGE] = { .state_free = counter_free, .record = merge_row, .finish = write_result },
};

static bool table_mode(const struct settings *s, const struct run *run)
{
	return run->c.fields || s->units_given || s->merge;
}

static void check_settings(const struct settings *s, const struct run *run)
{
	bool table = table_mode(s, run);
	if (!table && (s->top || s->min || s->percent || s->distinct || s->sum_field))
		die_usage("--top, --min, --percent, --distinct and --sum need -f, --words, "
			  "--sentences, --ngrams, --graphemes or --merge");
	if (s->approx && !s->distinct)
		die_usage("--approx goes with --distinct");
	if (s->skip_bad && !s->sum_field)
		die_usage("--skip-bad goes with --sum");
	if (s->labels && table)
		die_usage("--labels goes with the totals (no -f or unit option)");
	if (s->merge && (s->units_given || run->c.fields || s->sum_field))
		die_usage("--merge reads tables: it takes no -f, unit option or --sum");
	if (s->merge && run->c.in.header)
		die_usage("--merge reads tables without a header; count without -H to merge");
	if (s->memory && (!table || s->merge || s->sum_field || s->distinct))
		die_usage("--memory bounds a frequency table: it needs -f or a unit option, and takes "
			  "no --merge, --sum or --distinct (--distinct --approx is bounded already)");
}

static enum count_mode pick_mode(const struct settings *s, const struct run *run)
{
	bool exact = !s->memory && !(s->distinct && s->approx);
	if (!table_mode(s, run))
		return MODE_TOTALS;
	if (s->merge)
		return MODE_MERGE;
	switch (s->units) {
	case KEYS_FIELDS: return exact ? MODE_KEYS : MODE_KEYS_SKETCHED;
	case KEYS_NGRAMS: return exact ? MODE_NGRAMS : MODE_NGRAMS_SKETCHED;
	default: return exact ? MODE_UNITS : MODE_UNITS_SKETCHED;
	}
}

/* The main counter: where keys go, the --sum field, the abbreviations of sentences. */
static void counter_setup(struct counter *c)
{
	const struct settings *s = c->s;
	keyer_init(&c->keyer, &c->run->c.key);
	hashmap_init(&c->table.map, 1024);
	hll_init(&c->hll);
	c->add = add_to_table;
	if (s->distinct && s->approx)
		c->add = add_to_hll;
	if (s->memory) {
		ss_init(&c->ss, s->memory);
		c->add = add_to_sketch;
	}
	fieldlist_resolve(&c->sum_field, s->sum_field, c->run->in, "--sum");
	c->unit = s->units == KEYS_SENTENCES ? SEG_SENTENCES
		: s->units == KEYS_GRAPHEMES ? SEG_GRAPHEMES : SEG_WORDS;
	if (s->units == KEYS_SENTENCES)
		c->abbrevs = abbrevs_default();
}

int main(int argc, char **argv)
{
	struct settings s = { 0 };
	struct run run;
	run_parse(&run, &tool, &s, argc, argv);
	/* Tables written by rill-count are TSV, so that is what --merge reads by default. */
	if (s.merge && run.c.in.format == FMT_NONE)
		run.c.in.format = FMT_TSV;
	run_open(&run, &tool);
	check_settings(&s, &run);
	enum count_mode mode = pick_mode(&s, &run);
	if (mode == MODE_TOTALS) {
		runner_run(&run, &modes[mode], &s, 1);
		run_finish(&run);
		return 0;
	}
	struct counter c = { .s = &s, .run = &run };
	counter_setup(&c);
	/*
	 * Exact tables spread over the cores: a table per worker, merged at
	 * the end.  Not sums, as floating-point sums would depend on the order.
	 */
	bool spread = mode != MODE_MERGE && !s.sum_field && c.add == add_to_table;
	runner_run(&run, &modes[mode], &c, spread ? s.threads : 1);
	run_finish(&run);
	if (s.memory)
		ss_release(&c.ss);
	fieldlist_release(&c.sum_field);
	abbrevs_free(c.abbrevs);
	counter_release(&c);
	return 0;
}
