/*
 * rill-dedupe: drop records whose key was seen before, in input order,
 * within one run or, with --state, across runs.
 *
 * Keys are normalized (common/key) and kept as 128-bit hashes in a
 * hashmap: tens of bytes per distinct key whatever its length.  The first
 * record of each key is written as it is read; the modes that need the
 * whole input (--keep=last|longest, --count, --repeated, --unique) keep
 * the records they may write in an arena and write them, in input order,
 * at the end.
 */
#include "../common/diag.h"
#include "../common/fieldpack.h"
#include "../common/hashmap.h"
#include "../common/key.h"
#include "../common/segment.h"
#include "../common/sketch/bloom.h"
#include "../common/sketch/minhash.h"
#include "../common/keyset.h"
#include "../common/lookahead.h"
#include "../common/parallel.h"
#include "../common/state.h"
#include "../common/tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

enum {
	OPT_KEEP = 1, OPT_COUNT, OPT_REPEATED, OPT_UNIQUE, OPT_MARK, OPT_STATE,
	OPT_STATE_READONLY, OPT_MERGE_STATE, OPT_MEMORY, OPT_UNIT, OPT_MIN_LEN, OPT_NEAR,
	OPT_SHINGLE, OPT_HASHES, OPT_BANDS, OPT_SIMILARITY, OPT_CONTAINMENT, OPT_THREADS,
};

static const struct tool_option options[] = {
	{ OPT_KEEP, 0, "keep", ARG_REQUIRED, "WHICH", "the record kept of a group: first, last, longest" },
	{ OPT_COUNT, 'c', "count", ARG_NONE, NULL, "prefix each kept record with its group's size" },
	{ OPT_REPEATED, 0, "repeated", ARG_NONE, NULL, "only records whose key occurs more than once" },
	{ OPT_UNIQUE, 'u', "unique", ARG_NONE, NULL, "only records whose key occurs once" },
	{ OPT_MARK, 0, "mark", ARG_NONE, NULL, "drop nothing: add the number of the group's first record" },
	{ OPT_STATE, 0, "state", ARG_REQUIRED, "FILE", "keys seen in earlier runs, updated at the end" },
	{ OPT_STATE_READONLY, 0, "state-readonly", ARG_NONE, NULL, "compare with --state, do not update it" },
	{ OPT_MERGE_STATE, 0, "merge-state", ARG_NONE, NULL, "union the state FILEs into -o FILE" },
	{ OPT_MEMORY, 0, "memory", ARG_REQUIRED, "SIZE", "past SIZE, a Bloom filter (false positives reported)" },
	{ OPT_UNIT, 0, "unit", ARG_REQUIRED, "UNIT", "remove repeated paragraphs, sentences or lines inside records" },
	{ OPT_MIN_LEN, 0, "min-len", ARG_REQUIRED, "N", "--unit: leave units shorter than N characters alone" },
	{ OPT_NEAR, 0, "near", ARG_OPTIONAL, "T", "drop near duplicates: Jaccard similarity >= T (0.8)" },
	{ OPT_SHINGLE, 0, "shingle", ARG_REQUIRED, "N", "--near: shingles of N words (5)" },
	{ OPT_HASHES, 0, "hashes", ARG_REQUIRED, "H", "--near: MinHash functions (256)" },
	{ OPT_BANDS, 0, "bands", ARG_REQUIRED, "B", "--near: LSH bands, dividing H (32)" },
	{ OPT_SIMILARITY, 0, "similarity", ARG_NONE, NULL, "--near --mark: add the similarity estimate" },
	{ OPT_CONTAINMENT, 0, "containment", ARG_REQUIRED, "T", "drop records with >= T of their shingles seen before" },
	{ OPT_THREADS, 0, "threads", ARG_REQUIRED, "N", "key records on N threads (default: one per core less one;\n0: every core)" },
	{ 0 },
};

enum keep { KEEP_FIRST, KEEP_LAST, KEEP_LONGEST };
/* --unit: what is deduped inside records (UNIT_NONE: whole records). */
enum unit { UNIT_NONE, UNIT_PARAGRAPHS, UNIT_SENTENCES, UNIT_LINES };

static const struct choice keeps[] = {
	{ "first", KEEP_FIRST }, { "last", KEEP_LAST }, { "longest", KEEP_LONGEST }, { NULL, 0 },
};

/* The names are stored in states too (key_params). */
static const struct choice unit_names[] = {
	{ "paragraphs", UNIT_PARAGRAPHS }, { "sentences", UNIT_SENTENCES }, { "lines", UNIT_LINES },
	{ NULL, 0 },
};

struct settings {
	enum keep keep;
	bool count, repeated, unique, mark, readonly, merge_state;
	const char *state;
	uint64_t memory;
	enum unit unit;
	uint64_t min_len;
	double near;		/* 0: exact */
	double containment;	/* 0: off */
	uint64_t shingle, hashes, bands;
	bool similarity;
	uint64_t threads;	/* 0: one per core */
};

static void on_option(int id, const char *arg, void *ctx)
{
	struct settings *s = ctx;
	switch (id) {
	case OPT_KEEP: s->keep = choice_parse(keeps, arg, "--keep", "value"); break;
	case OPT_COUNT: s->count = true; break;
	case OPT_THREADS: s->threads = parse_threads(arg); break;
	case OPT_REPEATED: s->repeated = true; break;
	case OPT_UNIQUE: s->unique = true; break;
	case OPT_MARK: s->mark = true; break;
	case OPT_STATE: s->state = arg; break;
	case OPT_STATE_READONLY: s->readonly = true; break;
	case OPT_MERGE_STATE: s->merge_state = true; break;
	case OPT_MEMORY: s->memory = parse_size(arg, "--memory"); break;
	case OPT_UNIT: s->unit = choice_parse(unit_names, arg, "--unit", "unit"); break;
	case OPT_MIN_LEN: s->min_len = parse_uint(arg, 0, UINT32_MAX, "--min-len"); break;
	case OPT_NEAR: s->near = arg ? parse_double(arg, 0.01, 1, "--near") : 0.8; break;
	case OPT_SHINGLE: s->shingle = parse_uint(arg, 1, 100, "--shingle"); break;
	case OPT_HASHES: s->hashes = parse_uint(arg, 8, 1024, "--hashes"); break;
	case OPT_BANDS: s->bands = parse_uint(arg, 1, 1024, "--bands"); break;
	case OPT_SIMILARITY: s->similarity = true; break;
	case OPT_CONTAINMENT: s->containment = parse_double(arg, 0.01, 1, "--containment"); break;
	default: bug("rill-dedupe: option %d", id);
	}
}

/* The settings that shape keys, stored in a state so runs cannot mix them. */
static void key_params(struct buf *b, const struct common_opts *c, const struct settings *s)
{
	if (s->unit)
		buf_addf(b, "unit=%s;min_len=%llu;", choice_name(unit_names, s->unit),
			 (unsigned long long)s->min_len);
	if (s->containment)
		buf_addf(b, "containment=%g;shingle=%llu;", s->containment,
			 (unsigned long long)s->shingle);
	else if (s->near)
		buf_addf(b, "near=%g;shingle=%llu;hashes=%llu;bands=%llu;", s->near,
			 (unsigned long long)s->shingle, (unsigned long long)s->hashes,
			 (unsigned long long)s->bands);
	else if (!s->unit)
		buf_adds(b, "exact;");
	buf_addf(b, "fields=%s;", c->fields ? c->fields : "*");
	key_settings(b, &c->key);
}

/* ---- --near: MinHash over word shingles --------------------------------------- */

struct near_dedupe {
	const struct settings *s;
	struct minhash_index ix;
	uint64_t *hashes, *shingles;	/* of the words; of runs of them */
	size_t ahashes, ashingles;
	uint32_t *sig;
};

/* The shingle hashes of a normalized text: N consecutive words, hashed. */
static size_t shingles_of(struct near_dedupe *nd, const char *text, size_t len)
{
	/* The words are hashed as they are found: only their hashes are kept. */
	struct segmenter seg;
	seg_init(&seg, SEG_WORDS, text, len, NULL);
	size_t a, b, nw = 0;
	while (seg_next_word(&seg, &a, &b)) {
		ALLOC_GROW(nd->hashes, nw + 1, nd->ahashes);
		nd->hashes[nw++] = XXH3_64bits(text + a, b - a);
	}
	size_t n = nd->s->shingle, count = nw >= n ? nw - n + 1 : (nw ? 1 : 0);
	ALLOC_GROW(nd->shingles, count, nd->ashingles);
	for (size_t i = 0; i < count; i++)
		nd->shingles[i] = XXH3_64bits(nd->hashes + i, (nw < n ? nw : n) * sizeof *nd->hashes);
	return count;
}

/*
 * --containment: are at least T of the text's shingles in `seen` (this
 * run) or `earlier` (a state)?  Its shingles are added to `seen` either way.
 */
static bool shingles_seen(struct near_dedupe *nd, const char *text, size_t len, struct keyset *seen,
			  const struct keyset *earlier)
{
	size_t ns = shingles_of(nd, text, len), found = 0;
	for (size_t i = 0; i < ns; i++) {
		/* A second word of the key keeps shingles apart from whole-record keys. */
		struct key128 sh = { nd->shingles[i], 0x5348494E47ULL };
		bool added = keyset_add(seen, sh);
		found += !added || (earlier && keyset_has(earlier, sh));
	}
	return ns && (double)found >= nd->s->containment * (double)ns;
}

/* ---- --unit: repeated units removed from records (CCNet-style) ---------------- */

struct unit_span {
	size_t start, end;
	bool drop;
};

struct unit_dedupe {
	const struct settings *s;
	struct keyer *keyer;
	struct near_dedupe *near;	/* --near, --containment: shingles, the LSH index */
	uint64_t record;		/* the record number, for the LSH index */
	struct keyset *seen;		/* units of this run */
	const struct keyset *earlier;	/* units of earlier runs (--state) */
	struct unit_span *spans;
	size_t nspans, aspans;
	struct buf text;		/* the field with its repeated units taken out */
	struct buf key;
	struct field_array out;
	uint64_t units_removed, records_dropped;
};

/* The lines of a text, blank ones too: each [start, end) without its newline. */
static bool next_line_unit(const char *t, size_t len, size_t *pos, size_t *a, size_t *b)
{
	if (*pos >= len)
		return false;
	const char *nl = memchr(t + *pos, '\n', len - *pos);
	*a = *pos;
	*b = nl ? (size_t)(nl - t) : len;
	*pos = nl ? *b + 1 : len;
	if (*b > *a && t[*b - 1] == '\r')
		(*b)--;
	return true;
}

static size_t count_chars(const char *p, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xC0) != 0x80;
	return c;
}

/*
 * Was a unit (its normalized key) seen before: the same key, a near
 * duplicate (--near), or most of its shingles (--containment)?  A unit not
 * seen is remembered.
 */
static bool unit_seen(struct unit_dedupe *u, const char *key, size_t len)
{
	const struct settings *s = u->s;
	if (s->near) {
		struct near_dedupe *nd = u->near;
		size_t ns = shingles_of(nd, key, len);
		minhash_signature(&nd->ix, nd->shingles, ns, nd->sig);
		uint64_t first;
		double sim;
		if (minhash_find(&nd->ix, nd->sig, &first, &sim))
			return true;
		minhash_add(&nd->ix, nd->sig, u->record);
		return false;
	}
	if (s->containment)
		return shingles_seen(u->near, key, len, u->seen, u->earlier);
	struct key128 h = key_hash(key, len);
	if (u->earlier && keyset_has(u->earlier, h))
		return true;
	return !keyset_add(u->seen, h);
}

/*
 * Marks the units of the field seen before (in this run or a state) and
 * rebuilds the field without them: from each kept unit up to the next
 * unit, so separators go with the unit before them.  Returns false when
 * every unit went (the record is dropped).
 */
static bool dedupe_units(struct unit_dedupe *u, const char *t, size_t len)
{
	u->nspans = 0;
	struct segmenter seg;
	size_t a, b, pos = 0;
	bool lines = u->s->unit == UNIT_LINES;
	if (!lines)
		seg_init(&seg, u->s->unit == UNIT_SENTENCES ? SEG_SENTENCES : SEG_PARAGRAPHS, t, len, NULL);
	while (lines ? next_line_unit(t, len, &pos, &a, &b) : seg_next(&seg, &a, &b)) {
		ALLOC_GROW(u->spans, u->nspans + 1, u->aspans);
		struct unit_span *sp = &u->spans[u->nspans++];
		sp->start = a;
		sp->end = b;
		sp->drop = false;
		if (b == a || count_chars(t + a, b - a) < u->s->min_len)
			continue;
		buf_reset(&u->key);
		key_normalize(u->keyer, t + a, b - a, &u->key);
		sp->drop = unit_seen(u, u->key.data ? u->key.data : "", u->key.len);
		u->units_removed += sp->drop;
	}
	buf_reset(&u->text);
	size_t kept = 0;
	buf_add(&u->text, t, u->nspans ? u->spans[0].start : len);
	for (size_t i = 0; i < u->nspans; i++) {
		size_t next = i + 1 < u->nspans ? u->spans[i + 1].start : len;
		if (u->spans[i].drop)
			continue;
		buf_add(&u->text, t + u->spans[i].start, next - u->spans[i].start);
		kept++;
	}
	/* A separator left dangling by a dropped last unit goes too. */
	if (u->nspans && u->spans[u->nspans - 1].drop)
		while (u->text.len && (u->text.data[u->text.len - 1] == '\n' ||
				       u->text.data[u->text.len - 1] == ' ' ||
				       u->text.data[u->text.len - 1] == '\t' ||
				       u->text.data[u->text.len - 1] == '\r'))
			u->text.len--;
	return kept > 0 || u->nspans == 0;
}

/* ---- records kept for the end ---------------------------------------------- */

struct kept {
	size_t off;		/* the record, packed in the arena */
	size_t length;		/* bytes of the record's fields, for --keep=longest */
	uint64_t number;	/* record number of the kept record: output order */
};

struct store {
	struct buf arena;
	struct kept *kept;
	size_t n, alloc;
};

static void store_record(struct store *st, size_t index, uint64_t number, const char *docname,
			 const struct field *f, size_t n)
{
	struct kept *k = &st->kept[index];
	struct field name = { docname, docname ? strlen(docname) : 0 };
	k->off = fieldpack_add(&st->arena, docname ? &name : NULL, f, n, NULL);
	k->number = number;
	k->length = 0;
	for (size_t i = 0; i < n; i++)
		k->length += f[i].len;
}

static size_t new_kept(struct store *st)
{
	ALLOC_GROW(st->kept, st->n + 1, st->alloc);
	return st->n++;
}

static int by_number(const void *a, const void *b)
{
	const struct kept *x = *(const struct kept *const *)a, *y = *(const struct kept *const *)b;
	return x->number < y->number ? -1 : x->number > y->number;
}

static void write_kept(struct run *run, struct store *st, const struct hashmap *groups,
		       const struct settings *s)
{
	/* Each group's size, found through its slot, goes with its kept record. */
	uint64_t *sizes = xcalloc(st->n ? st->n : 1, sizeof *sizes);
	for (size_t i = 0; i <= groups->mask; i++) {
		const struct hashmap_slot *slot = &groups->slots[i];
		if ((slot->key.lo || slot->key.hi) && slot->value.u)
			sizes[slot->aux] = slot->value.u;
	}
	const struct kept **order = xmalloc((st->n ? st->n : 1) * sizeof *order);
	for (size_t i = 0; i < st->n; i++)
		order[i] = &st->kept[i];
	qsort(order, st->n, sizeof *order, by_number);
	struct field_array fields = { 0 };
	for (size_t i = 0; i < st->n; i++) {
		uint64_t size = sizes[order[i] - st->kept];
		if (size == 0 || (s->repeated && size < 2) || (s->unique && size != 1))
			continue;
		if (s->count)
			writer_field_u64(run->out, size);
		fieldpack_get(&st->arena, order[i]->off, &fields);
		for (size_t k = 0; k < fields.n; k++)
			writer_field(run->out, fields.f[k].data, fields.f[k].len);
		writer_end_record(run->out);
	}
	field_array_release(&fields);
	free(order);
	free(sizes);
}

/* ---- the plain dedupe: a key is looked up a few records after it is read ---- */

struct plain_dedupe {
	struct run *run;
	struct keyset *seen;
	struct bloom *bloom;
	bool *approximate;
	uint64_t memory, *dropped_earlier;
	uint64_t budget;		/* --memory less what is left to the buffers */
	struct lookahead queue;		/* records whose slots are being fetched */
};

/* Whether the record of key h is new, its key now seen; in input order. */
static bool plain_keep(struct plain_dedupe *pd, struct key128 h, bool seen_earlier)
{
	if (*pd->approximate)
		return !bloom_test_and_add(pd->bloom, h);
	bool added = keyset_add(pd->seen, h);
	if (seen_earlier) {
		(*pd->dropped_earlier)++;
		return false;
	}
	/*
	 * Past half the budget, the exact keys move into a Bloom filter of the
	 * memory left (the key set grows a 256th at a time, so its peak is its
	 * size).
	 */
	size_t bytes = pd->memory ? keyset_bytes(pd->seen) : 0;
	if (pd->memory && 2 * bytes > pd->budget) {
		bloom_init(pd->bloom, pd->budget > bytes ? pd->budget - bytes : 8);
		size_t cursor = 0;
		struct key128 k;
		while (keyset_next(pd->seen, &cursor, &k))
			bloom_test_and_add(pd->bloom, k);
		keyset_release(pd->seen);
		*pd->approximate = true;
	}
	return added;
}

static void plain_decide(struct plain_dedupe *pd, struct key128 h, bool seen_earlier,
			 const struct record *rec, const struct field *f, size_t n)
{
	if (plain_keep(pd, h, seen_earlier))
		run_write_record(pd->run, rec, f, n);
}

/* Decides the queued records: the oldest when the queue is full, or all. */
static void plain_resolve(struct plain_dedupe *pd, bool all)
{
	struct lookahead_entry *e;
	while ((e = lookahead_pop(&pd->queue, all)) != NULL)
		plain_decide(pd, e->hash, e->flag, &e->rec, e->fields.f, e->fields.n);
}

static void plain_add(struct plain_dedupe *pd, struct key128 h, bool seen_earlier,
		      const struct record *rec, const struct field *f, size_t n)
{
	/*
	 * A doc's records keep their file names only while they are read; a
	 * --line-buffered record is decided before the next is read.
	 */
	if (!lookahead_fits(f, n) || reader_format(pd->run->in) == FMT_DOC ||
	    pd->run->c.out.line_buffered) {
		plain_resolve(pd, true);
		plain_decide(pd, h, seen_earlier, rec, f, n);
		return;
	}
	if (!*pd->approximate)
		keyset_prefetch(pd->seen, h);
	plain_resolve(pd, false);
	lookahead_push(&pd->queue, h, rec, f, n)->flag = seen_earlier;
}

/*
 * The plain dedupe on every core: workers cut the records, hash their keys
 * and encode those that are not clean; the decisions, from the hashes
 * alone, are shared out by key among the threads (shards, below); the
 * main thread writes the kept records in input order.
 */
struct plain_worker {
	struct keyer keyer;
	const struct fieldlist *fields;
	bool in_place;		/* a clean record goes out as it lies in the input */
	char term;
};

/*
 * What a worker tells of each record: its key hash, and its output: the
 * record's own bytes in the batch's input (text, with its terminator), or
 * len bytes of what the worker wrote (text NULL).  keep is decided later,
 * by the thread of the key's shard.
 */
struct keyed_record {
	struct key128 hash;
	const char *text;
	size_t len;
	bool keep;
};

static void plain_on_worker(void *state, const struct record *rec, const struct field *f, size_t n,
			    struct writer *out, struct buf *side)
{
	struct plain_worker *w = state;
	struct keyed_record k = { .hash = key_hash_of_fields(&w->keyer, w->fields, f, n) };
	if (w->in_place && rec->clean && rec->text[rec->len] == w->term) {
		/* The record's text and terminator are what the writer would write. */
		k.text = rec->text;
		k.len = rec->len + 1;
	} else {
		size_t before;
		writer_memory_text(out, &before);
		writer_fields(out, f, n);
		writer_memory_text(out, &k.len);
		k.len -= before;
	}
	buf_add(side, &k, sizeof k);
}

/*
 * The keys fall into shards by hash, one a thread (the seen-set's parts
 * shared out among the threads): each shard's records are decided in
 * input order by one thread at a time, so a key's first occurrence is
 * kept, as on one thread.
 */
enum { MAX_SHARDS = 65 };
#define MAIN_WEIGHT 1.5		/* measured: the two threads of two cores equally busy */

struct plain_reduce {
	struct plain_dedupe *pd;
	const struct keyset *earlier;	/* NULL without --state */
	unsigned char shard_of_part[KEYSET_PARTS];
	struct {
		uint64_t dropped_earlier;
		char pad[56];		/* each shard's counter in its own cache line */
	} shard[MAX_SHARDS];
};

static void plain_decide_shard(void *ctx, const struct parallel_batch *b, struct buf *side,
			       unsigned shard)
{
	enum { AHEAD = 16 };
	struct plain_reduce *r = ctx;
	struct keyset *seen = r->pd->seen;
	struct keyed_record *k = (struct keyed_record *)(void *)side->data;
	size_t n = side->len / sizeof *k;
	/* All the batch's keys are known: their slots are fetched well ahead. */
	const unsigned char *shard_of = r->shard_of_part;
	for (size_t i = 0; i < n && i < AHEAD; i++)
		if (shard_of[keyset_part(k[i].hash)] == shard)
			keyset_prefetch(seen, k[i].hash);
	for (size_t i = 0; i < n; i++) {
		if (i + AHEAD < n && shard_of[keyset_part(k[i + AHEAD].hash)] == shard)
			keyset_prefetch(seen, k[i + AHEAD].hash);
		if (shard_of[keyset_part(k[i].hash)] != shard)
			continue;
		bool earlier = r->earlier && keyset_has(r->earlier, k[i].hash);
		k[i].keep = keyset_add(seen, k[i].hash) && !earlier;
		r->shard[shard].dropped_earlier += earlier;
	}
	(void)b;
}

static void plain_reduce(void *ctx, const struct parallel_batch *b, const char *out, size_t len,
			 const struct buf *side)
{
	struct plain_reduce *r = ctx;
	struct plain_dedupe *pd = r->pd;
	const struct keyed_record *k = (const struct keyed_record *)(const void *)side->data;
	size_t n = side->len / sizeof *k, at = 0;
	/* Kept records next to each other (in the input or the output) are written together. */
	const char *pending = NULL;
	size_t pending_len = 0;
	uint64_t pending_records = 0;
	for (size_t i = 0; i < n; i++) {
		const char *bytes = k[i].text ? k[i].text : out + at;
		at += k[i].text ? 0 : k[i].len;
		if (!k[i].keep)
			continue;
		if (pending_records && pending + pending_len == bytes) {
			pending_len += k[i].len;
			pending_records++;
			continue;
		}
		if (pending_records)
			writer_append_records(pd->run->out, pending, pending_len, pending_records);
		pending = bytes;
		pending_len = k[i].len;
		pending_records = 1;
	}
	if (pending_records)
		writer_append_records(pd->run->out, pending, pending_len, pending_records);
	(void)b;
	(void)len;
}

static void plain_parallel(struct plain_dedupe *pd, const struct keyset *earlier, unsigned threads)
{
	struct plain_worker *workers = xcalloc(threads, sizeof *workers);
	for (unsigned i = 0; i < threads; i++) {
		keyer_init(&workers[i].keyer, &pd->run->c.key);
		workers[i].fields = &pd->run->fields;
		workers[i].in_place = writer_takes_clean(pd->run->out, reader_format(pd->run->in));
		workers[i].term = reader_terminator(pd->run->in);
	}
	struct plain_reduce *r = xcalloc(1, sizeof *r);
	r->pd = pd;
	r->earlier = earlier;
	/*
	 * A shard for the main thread and one a worker.  The workers also cut
	 * and hash every record, so the main thread takes a larger share of
	 * the keys: MAIN_WEIGHT workers' worth.
	 */
	unsigned nshards = threads + 1 < MAX_SHARDS ? threads + 1 : MAX_SHARDS;
	double main_share = MAIN_WEIGHT / (MAIN_WEIGHT + nshards - 1);
	for (unsigned part = 0; part < KEYSET_PARTS; part++) {
		double at = (part + 0.5) / KEYSET_PARTS;
		unsigned s = at < main_share ? 0 : 1 + (unsigned)((at - main_share) / (1 - main_share) * (nshards - 1));
		r->shard_of_part[part] = (unsigned char)(s < nshards ? s : nshards - 1);
	}
	parallel_records_sharded(pd->run, workers, sizeof *workers, threads, plain_on_worker,
				 plain_decide_shard, nshards, plain_reduce, r);
	for (unsigned i = 0; i < nshards; i++)
		*pd->dropped_earlier += r->shard[i].dropped_earlier;
	free(r);
	for (unsigned i = 0; i < threads; i++)
		keyer_release(&workers[i].keyer);
	free(workers);
}

/* ---- --merge-state ---------------------------------------------------------- */

static int merge_states(struct run *run)
{
	if (!run->c.out.path || strcmp(run->c.out.path, "-") == 0)
		die_usage("--merge-state writes a state file: give it with -o FILE");
	if (run->c.nfiles == 0)
		die_usage("--merge-state needs the state files to merge");
	char *params = state_params(run->c.files[0]);
	struct state_lock *lock = state_lock(run->c.out.path);
	struct keyset all;
	keyset_init(&all);
	/* --near states: their LSH indexes, one after another, are the union. */
	struct buf payload = BUF_INIT, merged = BUF_INIT;
	for (size_t i = 0; i < run->c.nfiles; i++) {
		buf_reset(&payload);
		state_load(run->c.files[i], params, &all, false, &payload);
		if (payload.len && !minhash_append_saved(&merged, payload.data, payload.len))
			die("%s: the state's LSH index is damaged", run->c.files[i]);
	}
	state_save(run->c.out.path, params, &all, merged.data, merged.len);
	buf_release(&payload);
	buf_release(&merged);
	state_unlock(lock);
	keyset_release(&all);
	free(params);
	return 0;
}

int main(int argc, char **argv)
{
	struct settings s = { 0 };
	const struct tool tool = {
		.name = "rill-dedupe",
		.synopsis = "[OPTIONS] [FILE...]",
		.summary = "Drop records whose key was seen before, keeping input order, within one run\n"
			   "or across runs (--state).",
		.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_KEY | OPTS_OUTPUT,
		.options = options,
		.on_option = on_option,
		.ctx = &s,
	};
	struct run run;
	run_parse(&run, &tool, argc, argv);
	if (s.merge_state)
		return merge_states(&run);

	bool whole = s.keep != KEEP_FIRST || s.count || s.repeated || s.unique;
	if (s.unit && (whole || s.mark || s.memory))
		die_usage("--unit takes no --keep, -c, --repeated, -u, --mark or --memory");
	if (s.near && (whole || s.memory))
		die_usage("--near takes no --keep, -c, --repeated, -u or --memory");
	if (s.containment && (s.near || whole || s.memory || s.mark))
		die_usage("--containment takes no --near, --keep, -c, --repeated, -u, --memory or --mark");
	if ((s.hashes || s.bands || s.similarity) && !s.near)
		die_usage("--hashes, --bands and --similarity go with --near");
	if (s.shingle && !s.near && !s.containment)
		die_usage("--shingle goes with --near or --containment");
	if (s.similarity && !s.mark)
		die_usage("--similarity goes with --mark");
	if (!s.shingle)
		s.shingle = 5;
	if (!s.hashes)
		s.hashes = 256;
	if (!s.bands)
		s.bands = 32;
	if (s.near && (s.hashes % s.bands || s.hashes / s.bands > 256))
		die_usage("--bands=%llu must divide --hashes=%llu (at most 256 rows a band)",
			  (unsigned long long)s.bands, (unsigned long long)s.hashes);
	if (s.min_len && !s.unit)
		die_usage("--min-len goes with --unit");
	if (s.repeated && s.unique)
		die_usage("--repeated and --unique exclude each other");
	if (s.mark && whole)
		die_usage("--mark writes every record: it takes no --keep, -c, --repeated or -u");
	if (s.readonly && !s.state)
		die_usage("--state-readonly goes with --state");
	if (s.memory && (whole || s.mark || s.state))
		die_usage("--memory bounds the plain dedupe: it takes no --keep, -c, --repeated, -u, "
			  "--mark or --state, which need every key exactly");

	struct buf params = BUF_INIT;
	key_params(&params, &run.c, &s);
	struct state_lock *lock = s.state && !s.readonly ? state_lock(s.state) : NULL;
	struct keyset earlier;	/* keys of earlier runs */
	keyset_init(&earlier);
	struct buf payload = BUF_INIT;	/* --near: the LSH index of earlier runs */
	if (s.state)
		state_load(s.state, params.data, &earlier, !s.readonly, &payload);

	run_open(&run, &tool);
	struct keyer keyer;
	keyer_init(&keyer, &run.c.key);
	struct hashmap groups;	/* --mark and the whole-input modes: key -> group */
	hashmap_init(&groups, 1024);
	struct keyset seen;	/* the others: keys (or units, or shingles) of this run */
	keyset_init(&seen);
	struct store store = { 0 };
	bool doc = reader_format(run.in) == FMT_DOC;
	struct bloom bloom = { 0 };
	bool approximate = false;	/* the seen-set is the Bloom filter now */
	uint64_t dropped_earlier = 0, distinct = 0;
	/* The --memory bound covers the input and output buffers too: up to 1 MiB of it is theirs. */
	uint64_t reserve = s.memory / 8 < ((uint64_t)1 << 20) ? s.memory / 8 : (uint64_t)1 << 20;
	struct plain_dedupe plain = { .run = &run, .seen = &seen, .bloom = &bloom,
				       .approximate = &approximate, .memory = s.memory,
				       .dropped_earlier = &dropped_earlier, .budget = s.memory - reserve };

	if (run.c.in.header) {
		const struct field *names;
		size_t n = reader_header(run.in, &names);
		struct field_array h = { 0 };
		if (s.count)
			field_array_add(&h, "count", 5);
		for (size_t i = 0; i < n; i++)
			field_array_add(&h, names[i].data, names[i].len);
		if (s.mark)
			field_array_add(&h, "first", 5);
		if (s.similarity)
			field_array_add(&h, "similarity", 10);
		writer_header(run.out, h.f, h.n);
		field_array_release(&h);
	}
	struct near_dedupe nd = { .s = &s };
	if (s.near) {
		minhash_init(&nd.ix, (uint32_t)s.hashes, (uint32_t)s.bands, s.near);
		nd.sig = xmalloc(s.hashes * sizeof *nd.sig);
		if (payload.len && !minhash_load(&nd.ix, payload.data, payload.len))
			die("%s: the state's LSH index is damaged", s.state);
	}
	buf_release(&payload);
	uint64_t near_dropped = 0;

	struct unit_dedupe units = { .s = &s, .keyer = &keyer, .near = &nd, .seen = &seen,
				     .earlier = s.state ? &earlier : NULL };
	size_t unit_field = 0;
	if (s.unit && !fieldlist_whole(&run.fields) && !fieldlist_single(&run.fields, &unit_field))
		die_usage("--unit works on one field: give -f a single field");
	/*
	 * The plain dedupe of lines or TSV spreads over the cores.  Not into a
	 * paragraph output, whose records carry their separators, nor under
	 * --memory, which the workers' buffers would pass.
	 */
	unsigned threads = parallel_reduce_workers(s.threads);
	enum rec_format in_format = reader_format(run.in);
	if (threads && !s.unit && !s.containment && !s.near && !s.mark && !whole && !s.memory &&
	    (in_format == FMT_LINES || in_format == FMT_TSV) && writer_format(run.out) != FMT_PARA)
		plain_parallel(&plain, s.state ? &earlier : NULL, threads);
	const struct record *rec;
	while ((rec = reader_next(run.in)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(run.in, &f);
		if (s.unit) {
			if (unit_field >= n)
				continue;
			units.record = rec->number;
			if (!dedupe_units(&units, f[unit_field].data, f[unit_field].len)) {
				units.records_dropped++;
				continue;
			}
			fieldlist_select(&(struct fieldlist){ 0 }, f, n, &units.out);
			units.out.f[unit_field].data = units.text.data ? units.text.data : "";
			units.out.f[unit_field].len = units.text.len;
			run_write_record(&run, rec, units.out.f, units.out.n);
			continue;
		}
		struct field key = key_of_fields(&keyer, &run.fields, f, n);
		if (s.containment) {
			if (shingles_seen(&nd, key.data, key.len, &seen, s.state ? &earlier : NULL))
				near_dropped++;
			else
				run_write_record(&run, rec, f, n);
			continue;
		}
		if (s.near) {
			size_t ns = shingles_of(&nd, key.data, key.len);
			minhash_signature(&nd.ix, nd.shingles, ns, nd.sig);
			uint64_t first;
			double sim;
			bool dup = minhash_find(&nd.ix, nd.sig, &first, &sim);
			if (!dup) {
				minhash_add(&nd.ix, nd.sig, rec->number);
				first = rec->number;
				sim = 1;
			}
			if (s.mark) {
				run_begin_record(&run, rec);
				for (size_t i = 0; i < n; i++)
					writer_field(run.out, f[i].data, f[i].len);
				writer_field_u64(run.out, first);
				if (s.similarity) {
					char num[16];
					int len = snprintf(num, sizeof num, "%.3f", sim);
					writer_field(run.out, num, (size_t)len);
				}
				writer_end_record(run.out);
			} else if (!dup) {
				run_write_record(&run, rec, f, n);
			}
			near_dropped += dup;
			continue;
		}
		struct key128 h = key_hash(key.data, key.len);
		bool seen_earlier = s.state && keyset_has(&earlier, h);
		if (!s.mark && !whole) {
			plain_add(&plain, h, seen_earlier, rec, f, n);
			continue;
		}
		bool added;
		struct hashmap_slot *slot = hashmap_put(&groups, h, &added);
		if (s.mark) {
			if (added)
				slot->value.u = seen_earlier ? 0 : rec->number;
			run_begin_record(&run, rec);
			for (size_t i = 0; i < n; i++)
				writer_field(run.out, f[i].data, f[i].len);
			writer_field_u64(run.out, slot->value.u);
			writer_end_record(run.out);
			continue;
		}
		if (seen_earlier) {
			dropped_earlier++;
			continue;
		}
		/* value: the group's size so far; aux: its kept record. */
		slot->value.u++;
		if (added) {
			slot->aux = new_kept(&store);
			store_record(&store, slot->aux, rec->number, doc ? rec->file : NULL, f, n);
			continue;
		}
		size_t length = 0;
		for (size_t i = 0; i < n; i++)
			length += f[i].len;
		if (s.keep == KEEP_LAST ||
		    (s.keep == KEEP_LONGEST && length > store.kept[slot->aux].length))
			store_record(&store, slot->aux, rec->number, doc ? rec->file : NULL, f, n);
	}
	plain_resolve(&plain, true);
	if (whole)
		write_kept(&run, &store, &groups, &s);

	if (s.state && !s.readonly) {
		for (size_t i = 0; i <= groups.mask; i++) {
			const struct hashmap_slot *slot = &groups.slots[i];
			if (slot->key.lo || slot->key.hi)
				keyset_add(&earlier, slot->key);
		}
		size_t cursor = 0;
		struct key128 k;
		while (keyset_next(&seen, &cursor, &k))
			keyset_add(&earlier, k);
	}
	distinct = approximate ? bloom.added : groups.count + keyset_count(&seen);
	if (s.near || s.containment)
		run_figure(&run, "near_duplicates", near_dropped);
	if (s.near)
		distinct = nd.ix.nsigs;
	if (s.near && s.state)
		run_figure(&run, "state_kept_signatures", nd.ix.nsigs);
	if (s.unit) {
		run_figure(&run, "units_removed", units.units_removed);
		run_figure(&run, "records_dropped_empty", units.records_dropped);
	}
	if (approximate) {
		warn("the seen-set passed --memory=%llu bytes and became a Bloom filter: %llu keys; "
		     "estimated false-positive rate %.4f%% (records dropped as duplicates that were not)",
		     (unsigned long long)s.memory, (unsigned long long)bloom.added,
		     100 * bloom_fp_rate(&bloom));
		run_figure(&run, "bloom_false_positive_ppm", (uint64_t)(1e6 * bloom_fp_rate(&bloom)));
		bloom_release(&bloom);
	}
	run_figure(&run, "distinct_keys", distinct);
	run_figure(&run, "records_seen_in_earlier_runs", dropped_earlier);
	if (s.state)
		run_figure(&run, "state_keys", keyset_count(&earlier));
	/* The output is complete and checked before the state records its keys as seen. */
	run_finish(&run);
	if (s.state && !s.readonly) {
		if (s.near)
			minhash_save(&nd.ix, &payload);
		state_save(s.state, params.data, &earlier, payload.data, payload.len);
		buf_release(&payload);
	}
	state_unlock(lock);
	keyer_release(&keyer);
	hashmap_release(&groups);
	keyset_release(&seen);
	keyset_release(&earlier);
	lookahead_release(&plain.queue);
	buf_release(&store.arena);
	free(store.kept);
	buf_release(&params);
	if (s.near) {
		minhash_release(&nd.ix);
		free(nd.sig);
	}
	free(nd.hashes);
	free(nd.shingles);
	free(units.spans);
	buf_release(&units.text);
	buf_release(&units.key);
	field_array_release(&units.out);
	return 0;
}
