/*
 * rill-dedupe: drop records whose key was seen before, in input order,
 * within one run or, with --state, across runs.
 *
 * Keys are normalized (common/key) and kept as 128-bit hashes in a
 * hashmap: tens of bytes per distinct key whatever its length.  Each way
 * of deduping is a mode of common/runner, chosen once from the options:
 * the first record of each key is written as it is read (on every core,
 * the decisions shared out by key); --mark writes every record with its
 * group; the modes that need the whole input (--keep=last|longest,
 * --count, --repeated, --unique) keep the records they may write in an
 * arena and write them, in input order, at the end; --near, --containment
 * and --unit have a mode each.
 */
#include "../common/diag.h"
#include "../common/fieldpack.h"
#include "../common/hashmap.h"
#include "../common/key.h"
#include "../common/segment.h"
#include "../common/sketch/bloom.h"
#include "../common/sketch/minhash.h"
#include "../common/sketch/nearstage.h"
#include "../common/keyset.h"
#include "../common/lookahead.h"
#include "../common/runner.h"
#include "../common/state.h"
#include "../common/tool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

enum {
	OPT_KEEP = 1, OPT_COUNT, OPT_REPEATED, OPT_UNIQUE, OPT_MARK, OPT_STATE,
	OPT_STATE_READONLY, OPT_MERGE_STATE, OPT_MEMORY, OPT_UNIT, OPT_MIN_LEN, OPT_NEAR,
	OPT_SHINGLE, OPT_HASHES, OPT_BANDS, OPT_SIMILARITY, OPT_CONTAINMENT, OPT_THREADS, OPT_WAIT,
	OPT_KEEP_EMPTY,
	OPT_STAGE, OPT_SHARD, OPT_ID, OPT_DROPS, OPT_CLUSTERS, OPT_EXPLAIN, OPT_RUN,
};

static void on_option(int id, const char *arg, void *settings);

static const struct tool_option options[] = {
	{ OPT_KEEP, 0, "keep", ARG_REQUIRED, "WHICH", "the record kept of a group: first, last, longest" },
	{ OPT_COUNT, 'c', "count", ARG_NONE, NULL, "prefix each kept record with its group's size" },
	{ OPT_REPEATED, 0, "repeated", ARG_NONE, NULL, "only records whose key occurs more than once" },
	{ OPT_UNIQUE, 'u', "unique", ARG_NONE, NULL, "only records whose key occurs once" },
	{ OPT_MARK, 0, "mark", ARG_NONE, NULL, "drop nothing: add the number of the group's first record" },
	{ OPT_STATE, 0, "state", ARG_REQUIRED, "FILE", "keys seen in earlier runs, updated at the end" },
	{ OPT_STATE_READONLY, 0, "state-readonly", ARG_NONE, NULL, "compare with --state, do not update it" },
	{ OPT_WAIT, 0, "wait", ARG_REQUIRED, "SECONDS", "wait at most SECONDS for another run's lock on the state" },
	{ OPT_MERGE_STATE, 0, "merge-state", ARG_NONE, NULL, "union the state FILEs into -o FILE" },
	{ OPT_MEMORY, 0, "memory", ARG_REQUIRED, "SIZE", "past SIZE, a Bloom filter (false positives reported)" },
	{ OPT_UNIT, 0, "unit", ARG_REQUIRED, "UNIT", "remove repeated paragraphs, sentences or lines inside records" },
	{ OPT_MIN_LEN, 0, "min-len", ARG_REQUIRED, "N", "--unit: leave units shorter than N characters alone" },
	{ OPT_KEEP_EMPTY, 0, "keep-empty", ARG_NONE, NULL, "--unit: write a record all of whose units were repeats,\n"
	  "its field empty (by default it is dropped)" },
	{ OPT_NEAR, 0, "near", ARG_OPTIONAL, "T", "drop near duplicates: Jaccard similarity >= T (0.8)" },
	{ OPT_SHINGLE, 0, "shingle", ARG_REQUIRED, "N", "--near: shingles of N words (5)" },
	{ OPT_HASHES, 0, "hashes", ARG_REQUIRED, "H", "--near: MinHash functions (256)" },
	{ OPT_BANDS, 0, "bands", ARG_REQUIRED, "B", "--near: LSH bands, dividing H (32)" },
	{ OPT_SIMILARITY, 0, "similarity", ARG_NONE, NULL, "--mark: add the similarity (--near) or the fraction shared (--containment)" },
	{ OPT_CONTAINMENT, 0, "containment", ARG_REQUIRED, "T", "drop records with >= T of their shingles seen before" },
	{ OPT_THREADS, 0, "threads", ARG_REQUIRED, "N", "key records on N threads (default: one per core; 0: every core)" },
	{ OPT_EXPLAIN, 0, "explain", ARG_NONE, NULL, "--near: print the bands, rows and chance of comparing a pair" },
	{ OPT_STAGE, 0, "stage", ARG_REQUIRED, "STAGE", "--near across machines: bands, buckets, candidates,\npairs, decide, filter or index" },
	{ OPT_SHARD, 0, "shard", ARG_REQUIRED, "K/N", "--stage=bands: the K-th of every N records" },
	{ OPT_ID, 0, "id", ARG_REQUIRED, "FIELD", "--stage=bands, filter: the record's number is this field" },
	{ OPT_DROPS, 0, "drops", ARG_REQUIRED, "FILE", "--stage=pairs, filter, index: a --stage=decide output" },
	{ OPT_RUN, 0, "run", ARG_REQUIRED, "NAME", "--stage=index: this run's name among the index's (the date)" },
	{ OPT_CLUSTERS, 0, "clusters", ARG_NONE, NULL, "--stage=pairs, decide: connected components instead" },
	{ 0 },
};

static const struct tool tool = {
	.name = "rill-dedupe",
	.synopsis = "[OPTIONS] [FILE...]",
	.summary = "Drop records whose key was seen before, keeping input order, within one run\n"
		   "or across runs (--state).",
	.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_KEY | OPTS_OUTPUT,
	.options = options,
	.on_option = on_option,
};

enum keep { KEEP_FIRST, KEEP_LAST, KEEP_LONGEST };
/* --unit: what is deduped inside records (UNIT_NONE: whole records). */
enum unit { UNIT_NONE, UNIT_PARAGRAPHS, UNIT_SENTENCES, UNIT_LINES };

/* The stages of --near across machines (rill-dedupe(1), STAGES). */
enum stage { STAGE_NONE, STAGE_BANDS, STAGE_BUCKETS, STAGE_CANDIDATES, STAGE_PAIRS, STAGE_DECIDE,
	     STAGE_FILTER, STAGE_INDEX };

static const struct choice stages[] = {
	{ "bands", STAGE_BANDS }, { "buckets", STAGE_BUCKETS }, { "candidates", STAGE_CANDIDATES },
	{ "pairs", STAGE_PAIRS }, { "decide", STAGE_DECIDE }, { "filter", STAGE_FILTER },
	{ "index", STAGE_INDEX }, { NULL, 0 },
};

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
	double wait;		/* --wait; < 0: as long as it takes */
	uint64_t memory;
	enum unit unit;
	uint64_t min_len;
	double near;		/* 0: exact */
	double containment;	/* 0: off */
	uint64_t shingle, hashes, bands;
	bool similarity;
	bool keep_empty;	/* --unit: a record left with no unit is written, its field empty */
	uint64_t threads;	/* 0: one per core */
	bool explain;
	enum stage stage;
	uint64_t shard_k, shard_n;	/* --shard=K/N; 0: none */
	const char *id_field, *drops, *run_name;
	bool clusters;
};

/* --shard=K/N: 1 <= K <= N. */
static void parse_shard(struct settings *s, const char *arg)
{
	const char *slash = strchr(arg, '/');
	if (!slash || slash == arg)
		die_usage("--shard=%s: give K/N, the K-th of every N records (1 <= K <= N)", arg);
	char *k = xstrdup(arg);
	k[slash - arg] = '\0';
	s->shard_n = parse_uint(slash + 1, 1, UINT32_MAX, "--shard");
	s->shard_k = parse_uint(k, 1, s->shard_n, "--shard");
	free(k);
}

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
	case OPT_WAIT: s->wait = parse_double(arg, 0, 1e9, "--wait"); break;
	case OPT_MERGE_STATE: s->merge_state = true; break;
	case OPT_MEMORY: s->memory = parse_memory(arg, "--memory"); break;
	case OPT_UNIT: s->unit = choice_parse(unit_names, arg, "--unit", "unit"); break;
	case OPT_KEEP_EMPTY: s->keep_empty = true; break;
	case OPT_MIN_LEN: s->min_len = parse_uint(arg, 0, UINT32_MAX, "--min-len"); break;
	case OPT_NEAR: s->near = arg ? parse_double(arg, 0.01, 1, "--near") : 0.8; break;
	case OPT_SHINGLE: s->shingle = parse_uint(arg, 1, 100, "--shingle"); break;
	case OPT_HASHES: s->hashes = parse_uint(arg, 8, 1024, "--hashes"); break;
	case OPT_BANDS: s->bands = parse_uint(arg, 1, 1024, "--bands"); break;
	case OPT_SIMILARITY: s->similarity = true; break;
	case OPT_CONTAINMENT: s->containment = parse_double(arg, 0.01, 1, "--containment"); break;
	case OPT_EXPLAIN: s->explain = true; break;
	case OPT_STAGE: s->stage = choice_parse(stages, arg, "--stage", "stage"); break;
	case OPT_SHARD: parse_shard(s, arg); break;
	case OPT_ID: s->id_field = arg; break;
	case OPT_DROPS: s->drops = arg; break;
	case OPT_RUN: s->run_name = arg; break;
	case OPT_CLUSTERS: s->clusters = true; break;
	default: bug("rill-dedupe: option %d", id);
	}
}

/*
 * The settings that shape keys, stored in a state so runs cannot mix them.
 * Sentences are rill-split's, with the news layer ("sentences=news"): a
 * state written when they were plain UAX #29 ones is refused by name.
 */
static void key_params(struct buf *b, const struct common_opts *c, const struct settings *s)
{
	if (s->unit)
		buf_addf(b, "unit=%s;%smin_len=%llu;", choice_name(unit_names, s->unit),
			 s->unit == UNIT_SENTENCES ? "sentences=news;" : "",
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
	uint64_t *distinct;		/* --containment: a text's shingles, to find its repeats */
	size_t adistinct;
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

static int by_hash(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * --containment: the text's distinct shingles (a phrase it repeats is not
 * one it saw before), in nd->shingles, in their order.  A small table of
 * its own, twice the shingles and in cache, finds the repeats: a sort
 * would cost more than the look-ups in the seen-set that follow.
 */
static size_t distinct_shingles_of(struct near_dedupe *nd, const char *text, size_t len)
{
	size_t ns = shingles_of(nd, text, len), n = 0, cap = 16;
	while (cap < 2 * ns)
		cap *= 2;
	if (cap > nd->adistinct) {
		free(nd->distinct);
		nd->distinct = xmalloc(cap * sizeof *nd->distinct);
		nd->adistinct = cap;
	}
	memset(nd->distinct, 0, cap * sizeof *nd->distinct);
	bool zero = false;	/* 0 marks a free slot: a shingle hashed to 0 is noted apart */
	for (size_t i = 0; i < ns; i++) {
		uint64_t h = nd->shingles[i];
		bool repeat;
		if (h == 0) {
			repeat = zero;
			zero = true;
		} else {
			size_t j = (size_t)(h >> 32) & (cap - 1);
			while (nd->distinct[j] && nd->distinct[j] != h)
				j = (j + 1) & (cap - 1);
			repeat = nd->distinct[j] == h;
			nd->distinct[j] = h;
		}
		if (!repeat)
			nd->shingles[n++] = h;
	}
	return n;
}

/* A second word of the key keeps shingles apart from whole-record keys. */
static inline struct key128 shingle_key(uint64_t h)
{
	return (struct key128){ h, 0x5348494E47ULL };
}

/*
 * --containment: are at least T of the text's shingles in `seen` (earlier
 * records of this run) or `earlier` (a state)?  The fraction seen goes to
 * *fraction; the shingles are added to `seen` either way.
 */
static bool shingles_seen(struct near_dedupe *nd, const char *text, size_t len, struct keyset *seen,
			  const struct keyset *earlier, double *fraction)
{
	size_t ns = distinct_shingles_of(nd, text, len), found = 0;
	for (size_t i = 0; i < ns; i++) {
		struct key128 sh = shingle_key(nd->shingles[i]);
		bool added = keyset_add(seen, sh);
		found += !added || (earlier && keyset_has(earlier, sh));
	}
	*fraction = ns ? (double)found / (double)ns : 0;
	return ns && (double)found >= nd->s->containment * (double)ns;
}

/*
 * --containment --mark: which earlier record the text copies.  `owners`
 * maps each shingle to the number of the record it was first seen in (0:
 * an earlier run's, known from the state); the text is a copy when at
 * least T of its shingles were seen before (as --containment decides),
 * and it copies the record most of them were first seen in (the earliest
 * of a tie), sharing *shared of its shingles with it.  Otherwise it is
 * its own source, shared 1.  Its new shingles are recorded as its own.
 */
static bool shingle_source(struct near_dedupe *nd, const char *text, size_t len, uint64_t number,
			   struct hashmap *owners, const struct keyset *earlier, uint64_t *source,
			   double *shared)
{
	size_t ns = distinct_shingles_of(nd, text, len), found = 0;
	/* The owners of the shingles seen before go where the hashes of the words were. */
	ALLOC_GROW(nd->hashes, ns, nd->ahashes);
	for (size_t i = 0; i < ns; i++) {
		struct key128 sh = shingle_key(nd->shingles[i]);
		bool added;
		struct hashmap_slot *slot = hashmap_put(owners, sh, &added);
		if (added && !(earlier && keyset_has(earlier, sh))) {
			slot->value.u = number;
			continue;
		}
		nd->hashes[found++] = added ? 0 : slot->value.u;	/* 0 stays: its first record is in the state */
	}
	*source = number;
	*shared = 1;
	if (!ns || (double)found < nd->s->containment * (double)ns)
		return false;
	qsort(nd->hashes, found, sizeof *nd->hashes, by_hash);
	size_t best = 0;
	for (size_t i = 0, run; i < found; i += run) {
		for (run = 1; i + run < found && nd->hashes[i + run] == nd->hashes[i]; run++)
			;
		if (run > best) {	/* in increasing order: a tie keeps the earlier */
			best = run;
			*source = nd->hashes[i];
		}
	}
	*shared = (double)best / (double)ns;
	return true;
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

/* `first`: a field packed before the record's (a doc's file name, a JSON object's text), or NULL. */
static void store_record(struct store *st, size_t index, uint64_t number, const struct field *first,
			 const struct field *f, size_t n)
{
	struct kept *k = &st->kept[index];
	k->off = fieldpack_add(&st->arena, first, f, n, NULL);
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

/* ---- one run's dedupe: what the modes share -------------------------------- */

struct unit_span {
	size_t start, end;
	bool drop;
	uint64_t of;		/* --rejects: the record the unit was seen in */
	double sim;		/* and how alike (1: the same key) */
};

/*
 * The keys fall into shards by hash, one a thread (the seen-set's parts
 * shared out among the threads): each shard's records are decided in
 * input order by one thread at a time, so a key's first occurrence is
 * kept, as on one thread.
 */
enum { MAX_SHARDS = 65 };
#define MAIN_WEIGHT 1.5		/* measured: the two threads of two cores equally busy */

struct dedupe {
	const struct settings *s;
	struct run *run;
	struct keyer keyer;
	bool doc;			/* -F doc: records keep their file names */
	bool passes;			/* records go out as they came (jsonl to jsonl, warc to warc) */
	struct keyset earlier;		/* keys (units, shingles) of earlier runs: --state */
	const struct keyset *before;	/* &earlier with --state, else NULL */
	struct keyset seen;		/* this run's keys (units, shingles) */
	struct hashmap groups;		/* --mark and the whole-input modes: key -> group */
	struct store store;		/* the whole-input modes: the records kept for the end */
	struct near_dedupe near;	/* --near, --containment: shingles, the LSH index */
	/* The first of each key. */
	struct lookahead queue;		/* records whose slots are being fetched */
	struct bloom bloom;
	bool approximate;		/* --memory: the seen-set is the Bloom filter now */
	uint64_t budget;		/* --memory less what is left to the buffers */
	unsigned char shard_of_part[KEYSET_PARTS];
	struct {
		uint64_t dropped_earlier;
		char pad[56];		/* each shard's counter in its own cache line */
	} shard[MAX_SHARDS];
	/* --unit */
	size_t unit_field;
	/* Was the unit seen?  *of: the record it was seen in (0: not known, or an earlier run). */
	bool (*unit_seen)(struct dedupe *d, const char *key, size_t len, uint64_t *of, double *sim);
	struct unit_span *spans;
	size_t nspans, aspans;
	struct buf text;		/* the field with its repeated units taken out */
	struct buf key;
	struct field_array out;
	struct abbrevs *abbrevs;	/* --unit=sentences: rill-split's sentences, the news layer on */
	uint64_t record;		/* the record number, for the LSH index of units */
	/* --near --keep=longest: every record held, with its shingle set, for the end. */
	struct near_held *held;
	size_t nheld, aheld;
	uint32_t *sets;
	size_t nsets, asets;
	/* The stages. */
	struct near_stage_opts stage;
	struct key128 *band_keys;	/* bands: a record's, one a band */
	bool has_id;			/* --id: the record's number is its field id_index */
	size_t id_index;
	struct near_drops drops;	/* filter: the decisions */
	uint64_t banded, recheck;
	struct buf lsh;			/* --stats: the chance of comparing a pair, as JSON */
	/* Figures. */
	uint64_t dropped_earlier, near_dropped, units_removed, records_dropped, records_emptied;
};

/* The record's key hash, and whether a state saw it in an earlier run. */
static inline struct key128 record_key(struct dedupe *d, const struct field *f, size_t n, bool *earlier)
{
	struct field key = key_of_fields(&d->keyer, &d->run->fields, f, n);
	struct key128 h = key_hash(key.data, key.len);
	*earlier = d->before && keyset_has(d->before, h);
	return h;
}

/* The record as it came in, then its group's first record (--mark). */
static inline void write_marked(struct dedupe *d, const struct record *rec, const struct field *f, size_t n,
			 uint64_t first)
{
	run_begin_record(d->run, rec);
	/* From JSON Lines to JSON Lines the object came whole: the number is a key appended. */
	if (d->passes)
		writer_key(d->run->out, "first", 5);
	else
		for (size_t i = 0; i < n; i++)
			writer_field(d->run->out, f[i].data, f[i].len);
	writer_field_u64(d->run->out, first);
}

/* ---- the first of each key, on one thread: looked up a few records after it is read ---- */

/* Whether the record of key h is new, its key now seen; in input order. */
static bool first_keep(struct dedupe *d, struct key128 h, bool seen_earlier)
{
	if (d->approximate)
		return !bloom_test_and_add(&d->bloom, h);
	bool added = keyset_add(&d->seen, h);
	if (seen_earlier) {
		d->dropped_earlier++;
		return false;
	}
	/*
	 * Past half the budget, the exact keys move into a Bloom filter of the
	 * memory left (the key set grows a 256th at a time, so its peak is its
	 * size).
	 */
	size_t bytes = d->s->memory ? keyset_bytes(&d->seen) : 0;
	if (d->s->memory && 2 * bytes > d->budget) {
		bloom_init(&d->bloom, d->budget > bytes ? d->budget - bytes : 8);
		size_t cursor = 0;
		struct key128 k;
		while (keyset_next(&d->seen, &cursor, &k))
			bloom_test_and_add(&d->bloom, k);
		keyset_release(&d->seen);
		d->approximate = true;
	}
	return added;
}

/* --rejects: a record whose key an earlier run saw (--state): no record of this run to name. */
static void reject_earlier(struct dedupe *d, struct writer *out, const struct record *rec,
			   const struct field *f, size_t n)
{
	run_reject(d->run, out, rec, "seen-earlier", 0, "its key is in --state", f, n);
}

/*
 * A record first_keep() dropped, under --rejects with --memory (which keeps
 * no record numbers: the mode below does, without it).
 */
static void first_reject(struct dedupe *d, const struct record *rec, const struct field *f, size_t n,
			 bool seen_earlier)
{
	if (seen_earlier)
		reject_earlier(d, d->run->out, rec, f, n);
	else
		run_reject(d->run, d->run->out, rec, "duplicate", 0, d->approximate
			   ? "its key was seen (Bloom filter past --memory: maybe a false positive)"
			   : "its key was seen", f, n);
}

static void first_decide(struct dedupe *d, struct key128 h, bool seen_earlier,
			 const struct record *rec, const struct field *f, size_t n)
{
	if (first_keep(d, h, seen_earlier))
		run_write_record(d->run, rec, f, n);
	else if (run_rejecting(d->run))
		first_reject(d, rec, f, n, seen_earlier);
}

/* Decides the queued records: the oldest when the queue is full, or all. */
static void first_resolve(struct dedupe *d, bool all)
{
	struct lookahead_entry *e;
	while ((e = lookahead_pop(&d->queue, all)) != NULL)
		first_decide(d, e->hash, e->flag, &e->rec, e->fields.f, e->fields.n);
}

static void first_record(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	bool seen_earlier;
	struct key128 h = record_key(d, f, n, &seen_earlier);
	/*
	 * A doc's records keep their file names only while they are read; a
	 * --line-buffered record is decided before the next is read.
	 */
	if (!lookahead_fits(f, n) || d->doc || d->run->c.out.line_buffered) {
		first_resolve(d, true);
		first_decide(d, h, seen_earlier, rec, f, n);
		return;
	}
	if (!d->approximate)
		keyset_prefetch(&d->seen, h);
	first_resolve(d, false);
	lookahead_push(&d->queue, h, rec, f, n)->flag = seen_earlier;
}

/* The queue decided; the shards' counts (on every core) added up. */
static void first_finish(void *ctx)
{
	struct dedupe *d = ctx;
	first_resolve(d, true);
	for (unsigned i = 0; i < MAX_SHARDS; i++)
		d->dropped_earlier += d->shard[i].dropped_earlier;
}

/*
 * ---- the first of each key, on every core ----
 * Workers cut the records, hash their keys and encode those that are not
 * clean; the decisions, from the hashes alone, are shared out by key among
 * the threads (shards); the main thread writes the kept records in input
 * order.
 */
struct first_worker {
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

static void first_on_worker(void *state, const struct record *rec, const struct field *f, size_t n,
			    struct writer *out, struct buf *side)
{
	struct first_worker *w = state;
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

static void *first_worker_new(void *ctx, bool alone)
{
	struct dedupe *d = ctx;
	if (alone)
		return d;
	struct first_worker *w = xcalloc(1, sizeof *w);
	keyer_init(&w->keyer, &d->run->c.key);
	w->fields = &d->run->fields;
	w->in_place = writer_takes_clean(d->run->out, reader_format(d->run->in));
	w->term = reader_terminator(d->run->in);
	return w;
}

static void first_worker_free(void *state, void *ctx)
{
	struct first_worker *w = state;
	if (state == ctx)
		return;
	keyer_release(&w->keyer);
	free(w);
}

/*
 * A shard for the main thread and one a worker.  The workers also cut and
 * hash every record, so the main thread takes a larger share of the keys:
 * MAIN_WEIGHT workers' worth.
 */
static unsigned first_shards(void *ctx, unsigned workers)
{
	struct dedupe *d = ctx;
	unsigned nshards = workers + 1 < MAX_SHARDS ? workers + 1 : MAX_SHARDS;
	double main_share = MAIN_WEIGHT / (MAIN_WEIGHT + nshards - 1);
	for (unsigned part = 0; part < KEYSET_PARTS; part++) {
		double at = (part + 0.5) / KEYSET_PARTS;
		unsigned s = at < main_share ? 0 : 1 + (unsigned)((at - main_share) / (1 - main_share) * (nshards - 1));
		d->shard_of_part[part] = (unsigned char)(s < nshards ? s : nshards - 1);
	}
	return nshards;
}

static void first_decide_shard(void *ctx, const struct batch *b, struct buf *side, unsigned shard)
{
	enum { AHEAD = 16 };
	struct dedupe *d = ctx;
	struct keyset *seen = &d->seen;
	struct keyed_record *k = (struct keyed_record *)(void *)side->data;
	size_t n = side->len / sizeof *k;
	/* All the batch's keys are known: their slots are fetched well ahead. */
	const unsigned char *shard_of = d->shard_of_part;
	for (size_t i = 0; i < n && i < AHEAD; i++)
		if (shard_of[keyset_part(k[i].hash)] == shard)
			keyset_prefetch(seen, k[i].hash);
	for (size_t i = 0; i < n; i++) {
		if (i + AHEAD < n && shard_of[keyset_part(k[i + AHEAD].hash)] == shard)
			keyset_prefetch(seen, k[i + AHEAD].hash);
		if (shard_of[keyset_part(k[i].hash)] != shard)
			continue;
		bool earlier = d->before && keyset_has(d->before, k[i].hash);
		k[i].keep = keyset_add(seen, k[i].hash) && !earlier;
		d->shard[shard].dropped_earlier += earlier;
	}
}

static void first_reduce(void *ctx, const struct batch *b, const char *out, size_t len,
			 const struct buf *side)
{
	struct dedupe *d = ctx;
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
			writer_append_records(d->run->out, pending, pending_len, pending_records);
		pending = bytes;
		pending_len = k[i].len;
		pending_records = 1;
	}
	if (pending_records)
		writer_append_records(d->run->out, pending, pending_len, pending_records);
}

/* ---- --mark and the modes that need the whole input ------------------------- */

/* The record's group (its slot in d->groups, *added if new), and whether a state saw its key. */
static inline struct hashmap_slot *group_of(struct dedupe *d, const struct field *f, size_t n,
					    bool *seen_earlier, bool *added)
{
	return hashmap_put(&d->groups, record_key(d, f, n, seen_earlier), added);
}

/* The group of a key no earlier run saw; NULL when a state saw it (the record rejected, counted). */
static inline struct hashmap_slot *group_of_new(struct dedupe *d, const struct record *rec,
						 const struct field *f, size_t n, bool *added)
{
	bool seen_earlier;
	struct hashmap_slot *slot = group_of(d, f, n, &seen_earlier, added);
	if (!seen_earlier)
		return slot;
	d->dropped_earlier++;
	reject_earlier(d, d->run->out, rec, f, n);
	return NULL;
}

/* --mark: every record, with the number of its key's first record (0: an earlier run's). */
static void mark_record(void *state, const struct record *rec, const struct field *f, size_t n,
			struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	bool seen_earlier, added;
	struct hashmap_slot *slot = group_of(d, f, n, &seen_earlier, &added);
	if (added)
		slot->value.u = seen_earlier ? 0 : rec->number;
	write_marked(d, rec, f, n, slot->value.u);
	writer_end_record(out);
}

/*
 * --rejects: the first of each key, each key's first record number kept
 * (a group slot a key, on one thread), so a reject names the record it
 * repeats.
 */
static void first_numbered_record(void *state, const struct record *rec, const struct field *f,
				  size_t n, struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	bool added;
	struct hashmap_slot *slot = group_of_new(d, rec, f, n, &added);
	if (!slot)
		return;
	if (added) {
		slot->value.u = rec->number;
		run_write_record(d->run, rec, f, n);
		return;
	}
	run_reject(d->run, out, rec, "duplicate", slot->value.u, "the same key", f, n);
}

/* A record kept for the end that another displaced (--keep=last|longest), or the end dropped. */
static void reject_stored(struct dedupe *d, const struct kept *k, const char *reason, uint64_t of,
			  const char *detail)
{
	struct field_array fields = { 0 };
	fieldpack_get(&d->store.arena, k->off, &fields);
	struct record rec = { .number = k->number };
	struct buf name = BUF_INIT;
	size_t skip = 0;
	if (d->doc && fields.n) {
		/* A doc's file name was packed first; run_reject writes it from rec. */
		buf_add(&name, fields.f[0].data, fields.f[0].len);
		rec.file = name.data ? name.data : "";
		skip = 1;
	} else if (d->passes && fields.n) {
		/* A JSON object's text was packed first: the record's text. */
		rec.text = fields.f[0].data;
		rec.len = fields.f[0].len;
		skip = 1;
	}
	run_reject(d->run, d->run->out, &rec, reason, of, detail, fields.f + skip, fields.n - skip);
	buf_release(&name);
	field_array_release(&fields);
}

/* --keep=last|longest, -c, --repeated, -u: each group's record kept until the end. */
static void group_record(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	bool added;
	struct hashmap_slot *slot = group_of_new(d, rec, f, n, &added);
	if (!slot)
		return;
	/* value: the group's size so far; aux: its kept record. */
	slot->value.u++;
	/* A doc's file name goes out first; a JSON object (or WARC record) goes out as it came. */
	struct field name = { d->doc ? rec->file : "", d->doc ? strlen(rec->file) : 0 };
	if (d->passes)
		name = (struct field){ rec->text, rec->len };
	const struct field *first = d->doc || d->passes ? &name : NULL;
	if (added) {
		slot->aux = new_kept(&d->store);
		store_record(&d->store, slot->aux, rec->number, first, f, n);
		return;
	}
	size_t length = 0;
	for (size_t i = 0; i < n; i++)
		length += f[i].len;
	enum keep keep = d->s->keep;
	struct kept *k = &d->store.kept[slot->aux];
	if (keep == KEEP_LAST || (keep == KEEP_LONGEST && length > k->length)) {
		if (run_rejecting(d->run))
			reject_stored(d, k, "duplicate", rec->number,
				      keep == KEEP_LAST ? "the same key; --keep=last keeps a later record"
							: "the same key; --keep=longest keeps a longer record");
		store_record(&d->store, slot->aux, rec->number, first, f, n);
	} else {
		run_reject(d->run, out, rec, "duplicate", k->number, "the same key", f, n);
	}
}

/* At the end: the kept record of each group, in input order, with its size (-c). */
static void write_groups(void *ctx)
{
	struct dedupe *d = ctx;
	const struct settings *s = d->s;
	struct store *st = &d->store;
	/* Each group's size, found through its slot, goes with its kept record. */
	uint64_t *sizes = xcalloc(st->n ? st->n : 1, sizeof *sizes);
	for (size_t i = 0; i <= d->groups.mask; i++) {
		const struct hashmap_slot *slot = &d->groups.slots[i];
		if ((slot->key.lo || slot->key.hi) && slot->value.u)
			sizes[slot->aux] = slot->value.u;
	}
	const struct kept **order = xmalloc((st->n ? st->n : 1) * sizeof *order);
	for (size_t i = 0; i < st->n; i++)
		order[i] = &st->kept[i];
	qsort(order, st->n, sizeof *order, by_number);
	struct field_array fields = { 0 };
	struct writer *out = d->run->out;
	for (size_t i = 0; i < st->n; i++) {
		uint64_t size = sizes[order[i] - st->kept];
		if (size == 0)
			continue;
		if ((s->repeated && size < 2) || (s->unique && size != 1)) {
			if (run_rejecting(d->run)) {
				char detail[64];
				snprintf(detail, sizeof detail, "its key occurs %llu time%s", (unsigned long long)size,
					 size == 1 ? "" : "s");
				reject_stored(d, order[i], s->repeated ? "unique" : "repeated", 0, detail);
			}
			continue;
		}
		fieldpack_get(&st->arena, order[i]->off, &fields);
		if (d->passes) {
			/* The object as it came, its group's size appended (-c), or itself. */
			if (!s->count) {
				writer_passthrough(out, fields.f[0].data, fields.f[0].len);
				continue;
			}
			writer_begin_object(out, fields.f[0].data, fields.f[0].len);
			writer_key(out, "count", 5);
			writer_field_u64(out, size);
			writer_end_record(out);
			continue;
		}
		if (s->count)
			writer_field_u64(out, size);
		for (size_t k = 0; k < fields.n; k++)
			writer_field(out, fields.f[k].data, fields.f[k].len);
		writer_end_record(out);
	}
	field_array_release(&fields);
	free(order);
	free(sizes);
}

/* ---- --near and --containment --------------------------------------------------- */

/*
 * Whether the text is a near copy of a kept one: *first is the kept one's
 * number (0: an earlier run's) and *sim the similarity; a new text is added
 * to the index under `number`, its own first.
 */
static bool near_copy(struct near_dedupe *nd, const char *text, size_t len, uint64_t number,
		      uint64_t *first, double *sim)
{
	size_t ns = shingles_of(nd, text, len);
	minhash_signature(&nd->ix, nd->shingles, ns, nd->sig);
	if (minhash_find(&nd->ix, nd->sig, first, sim)) {
		minhash_count(&nd->ix, nd->sig);
		return true;
	}
	minhash_add(&nd->ix, nd->sig, number);
	*first = number;
	*sim = 1;
	return false;
}

/* --similarity's field: to a thousandth (a key of a JSON object that came whole). */
static void write_similarity(struct dedupe *d, double sim)
{
	char num[16];
	int len = snprintf(num, sizeof num, "%.3f", sim);
	if (d->passes)
		writer_key(d->run->out, "similarity", 10);
	writer_json_field(d->run->out, num, (size_t)len);	/* a number in JSON, a field elsewhere */
}

/* --mark of --near and --containment: the record, its first or source, with --similarity how alike. */
static void write_similar(struct dedupe *d, const struct record *rec, const struct field *f, size_t n,
			  uint64_t first, double similarity)
{
	write_marked(d, rec, f, n, first);
	if (d->s->similarity)
		write_similarity(d, similarity);
	writer_end_record(d->run->out);
}

/* near_copy of the record's key; a copy counted. */
static inline bool near_record_copy(struct dedupe *d, const struct record *rec, const struct field *f,
				    size_t n, uint64_t *first, double *sim)
{
	struct field key = key_of_fields(&d->keyer, &d->run->fields, f, n);
	bool copy = near_copy(&d->near, key.data, key.len, rec->number, first, sim);
	d->near_dropped += copy;
	return copy;
}

/* --near: a record that is a near copy of a kept one is dropped. */
static void near_record(void *state, const struct record *rec, const struct field *f, size_t n,
			struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	uint64_t first;
	double sim;
	if (!near_record_copy(d, rec, f, n, &first, &sim)) {
		run_write_record(d->run, rec, f, n);
		return;
	}
	if (run_rejecting(d->run)) {
		char detail[64];
		snprintf(detail, sizeof detail, "similarity %.3f%s", sim, first ? "" : " (an earlier run's)");
		run_reject(d->run, out, rec, "near-duplicate", first, detail, f, n);
	}
}

/* --near --mark: every record, with its group's first record (and --similarity). */
static void near_mark_record(void *state, const struct record *rec, const struct field *f, size_t n,
			     struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	uint64_t first;
	double sim;
	near_record_copy(d, rec, f, n, &first, &sim);
	write_similar(d, rec, f, n, first, sim);
}

/* A record's bytes, as --keep=longest weighs it: its fields. */
static uint64_t record_length(const struct field *f, size_t n)
{
	uint64_t length = 0;
	for (size_t i = 0; i < n; i++)
		length += f[i].len;
	return length;
}

/*
 * ---- --near --keep=longest ----
 * One run's rule with the longest record first: records are decided in
 * the order of their bytes (most first, then input order), each dropped
 * when it is near an earlier-decided kept one, and written in input
 * order.  So every record is held until the end, with its shingle set.
 */
struct near_held {
	size_t off;		/* the record, packed in the store's arena */
	uint64_t number, length;
	size_t set_at, set_len;
	uint64_t first;		/* decided: the kept record it is near, or its own number */
	double similarity;
	bool dropped;
};

static void near_hold_record(void *state, const struct record *rec, const struct field *f, size_t n,
			     struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	struct near_dedupe *nd = &d->near;
	struct field key = key_of_fields(&d->keyer, &d->run->fields, f, n);
	size_t ns = shingles_of(nd, key.data, key.len);	/* first: it may move nd->shingles */
	minhash_query(&nd->ix, nd->shingles, ns);
	ALLOC_GROW(d->held, d->nheld + 1, d->aheld);
	struct near_held *h = &d->held[d->nheld++];
	/* As the groups keep theirs: a doc's file name first, or a JSON object (WARC record) whole. */
	struct field name = { d->doc ? rec->file : "", d->doc ? strlen(rec->file) : 0 };
	if (d->passes)
		name = (struct field){ rec->text, rec->len };
	h->off = fieldpack_add(&d->store.arena, d->doc || d->passes ? &name : NULL, f, n, NULL);
	h->number = rec->number;
	h->length = record_length(f, n);
	h->set_at = d->nsets;
	h->set_len = nd->ix.nquery;
	ALLOC_GROW(d->sets, d->nsets + h->set_len, d->asets);
	if (h->set_len)
		memcpy(d->sets + d->nsets, nd->ix.query, h->set_len * sizeof *d->sets);
	d->nsets += h->set_len;
}

static int by_length_then_number(const void *a, const void *b)
{
	const struct near_held *x = *(const struct near_held *const *)a;
	const struct near_held *y = *(const struct near_held *const *)b;
	if (x->length != y->length)
		return x->length > y->length ? -1 : 1;
	return (x->number > y->number) - (x->number < y->number);
}

static void near_longest_finish(void *ctx)
{
	struct dedupe *d = ctx;
	struct near_dedupe *nd = &d->near;
	struct near_held **order = xmalloc((d->nheld ? d->nheld : 1) * sizeof *order);
	for (size_t i = 0; i < d->nheld; i++)
		order[i] = &d->held[i];
	qsort(order, d->nheld, sizeof *order, by_length_then_number);
	for (size_t i = 0; i < d->nheld; i++) {
		struct near_held *h = order[i];
		minhash_set_query(&nd->ix, d->sets + h->set_at, h->set_len);
		minhash_query_signature(&nd->ix, nd->sig);
		h->dropped = minhash_find(&nd->ix, nd->sig, &h->first, &h->similarity);
		if (h->dropped) {
			minhash_count(&nd->ix, nd->sig);
			d->near_dropped++;
		} else {
			minhash_add(&nd->ix, nd->sig, h->number);
			h->first = h->number;
			h->similarity = 1;
		}
	}
	free(order);
	struct field_array fields = { 0 };
	struct writer *out = d->run->out;
	for (size_t i = 0; i < d->nheld; i++) {
		const struct near_held *h = &d->held[i];
		if (h->dropped && !d->s->mark) {
			if (run_rejecting(d->run)) {
				char detail[64];
				snprintf(detail, sizeof detail, "similarity %.3f%s", h->similarity,
					 h->first ? "" : " (an earlier run's)");
				reject_stored(d, &(struct kept){ .off = h->off, .number = h->number },
					      "near-duplicate", h->first, detail);
			}
			continue;
		}
		fieldpack_get(&d->store.arena, h->off, &fields);
		if (d->passes && !d->s->mark) {
			writer_passthrough(out, fields.f[0].data, fields.f[0].len);
			continue;
		}
		if (d->passes) {
			writer_begin_object(out, fields.f[0].data, fields.f[0].len);
			writer_key(out, "first", 5);
		} else {
			for (size_t k = 0; k < fields.n; k++)
				writer_field(out, fields.f[k].data, fields.f[k].len);
		}
		if (d->s->mark)
			writer_field_u64(out, h->first);
		if (d->s->similarity)
			write_similarity(d, h->similarity);
		writer_end_record(out);
	}
	field_array_release(&fields);
}

/* ---- the stages of --near across machines (common/sketch/nearstage.h) ----------- */

/* The record's number: its place in the whole input, or its --id field. */
static uint64_t record_position(const struct dedupe *d, const struct record *rec, const struct field *f,
				size_t n)
{
	if (!d->has_id)
		return rec->number;
	const struct field id = d->id_index < n ? f[d->id_index] : (struct field){ "", 0 };
	uint64_t v = 0;
	bool ok = id.len > 0 && id.len <= 20;
	for (size_t i = 0; ok && i < id.len; i++) {
		unsigned digit = (unsigned)(unsigned char)id.data[i] - '0';
		ok = digit <= 9 && v <= (UINT64_MAX - digit) / 10;
		v = v * 10 + digit;
	}
	if (!ok || v == 0)
		die_at(rec->file, rec->line, "--id: the record's number is not a whole number from 1 "
		       "to %llu", (unsigned long long)UINT64_MAX);
	return v;
}

/* bands: a record's band lines and shingle line (those of its --shard only). */
static void bands_record(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	const struct settings *s = d->s;
	if (s->shard_n && (rec->number - 1) % s->shard_n != s->shard_k - 1)
		return;
	struct near_dedupe *nd = &d->near;
	struct near_rank r = { .position = record_position(d, rec, f, n) };
	if (d->stage.longest)
		r.priority = UINT64_MAX - record_length(f, n);
	struct field key = key_of_fields(&d->keyer, &d->run->fields, f, n);
	size_t ns = shingles_of(nd, key.data, key.len);	/* first: it may move nd->shingles */
	minhash_signature(&nd->ix, nd->shingles, ns, nd->sig);
	minhash_band_keys(&nd->ix, nd->sig, d->band_keys);
	near_write_bands(out, &r, d->stage.longest, d->band_keys, nd->ix.bands, nd->ix.query,
			 nd->ix.nquery, d->stage.digest);
	d->banded++;
}

/* filter: the records decide did not drop, or (--mark) every record with the one it duplicates. */
static void filter_record(void *state, const struct record *rec, const struct field *f, size_t n,
			  struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	uint64_t position = record_position(d, rec, f, n), witness;
	double sim;
	bool dropped = near_drops_find(&d->drops, position, &witness, &sim);
	d->near_dropped += dropped;
	if (d->s->mark) {
		write_similar(d, rec, f, n, dropped ? witness : position, dropped ? sim : 1);
	} else if (!dropped) {
		run_write_record(d->run, rec, f, n);
	} else if (run_rejecting(d->run)) {
		char detail[64];
		const char *earlier = witness ? "" : " (an earlier run's)";
		if (isnan(sim))
			snprintf(detail, sizeof detail, "in its cluster%s", earlier);
		else
			snprintf(detail, sizeof detail, "similarity %.3f%s", sim, earlier);
		run_reject(d->run, out, rec, "near-duplicate", witness, detail, f, n);
	}
}

static void buckets_run(struct run *run, void *ctx)
{
	nearstage_buckets(run, &((struct dedupe *)ctx)->stage);
}

static void candidates_run(struct run *run, void *ctx)
{
	nearstage_candidates(run, &((struct dedupe *)ctx)->stage);
}

static void pairs_run(struct run *run, void *ctx)
{
	nearstage_pairs(run, &((struct dedupe *)ctx)->stage);
}

static void decide_run(struct run *run, void *ctx)
{
	struct dedupe *d = ctx;
	d->recheck = nearstage_decide(run, &d->stage);
}

static void clusters_run(struct run *run, void *ctx)
{
	nearstage_clusters(run, &((struct dedupe *)ctx)->stage);
}

static void index_run(struct run *run, void *ctx)
{
	nearstage_index(run, &((struct dedupe *)ctx)->stage);
}

/* --containment: a record most of whose shingles were seen before is dropped. */
static void containment_record(void *state, const struct record *rec, const struct field *f,
			       size_t n, struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	struct field key = key_of_fields(&d->keyer, &d->run->fields, f, n);
	double fraction;
	if (!shingles_seen(&d->near, key.data, key.len, &d->seen, d->before, &fraction)) {
		run_write_record(d->run, rec, f, n);
		return;
	}
	d->near_dropped++;
	if (run_rejecting(d->run)) {
		char detail[64];
		snprintf(detail, sizeof detail, "%.3f of its shingles seen before", fraction);
		run_reject(d->run, out, rec, "contained", 0, detail, f, n);
	}
}

/*
 * --containment --mark: every record, with the record it copies (its own
 * number if none) and, with --similarity, the fraction of its shingles it
 * shares with that one: which stories were syndicated, and how much.
 */
static void containment_mark_record(void *state, const struct record *rec, const struct field *f,
				    size_t n, struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	struct field key = key_of_fields(&d->keyer, &d->run->fields, f, n);
	uint64_t source;
	double shared;
	d->near_dropped += shingle_source(&d->near, key.data, key.len, rec->number, &d->groups,
					  d->before, &source, &shared);
	write_similar(d, rec, f, n, source, shared);
}

/* ---- --unit: repeated units removed from records (CCNet-style) ---------------- */

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

/* Was a unit (its normalized key) seen before?  One of these, chosen once; a unit not seen is remembered. */
static bool unit_seen_exact(struct dedupe *d, const char *key, size_t len, uint64_t *of, double *sim)
{
	struct key128 h = key_hash(key, len);
	*of = 0;
	*sim = 1;
	if (d->before && keyset_has(d->before, h))
		return true;
	return !keyset_add(&d->seen, h);
}

/* --rejects: the same, each unit's first record kept (in d->groups) to name it. */
static bool unit_seen_numbered(struct dedupe *d, const char *key, size_t len, uint64_t *of,
			       double *sim)
{
	struct key128 h = key_hash(key, len);
	*of = 0;
	*sim = 1;
	if (d->before && keyset_has(d->before, h))
		return true;
	bool added;
	struct hashmap_slot *slot = hashmap_put(&d->groups, h, &added);
	if (added) {
		slot->value.u = d->record;
		return false;
	}
	*of = slot->value.u;
	return true;
}

static bool unit_seen_near(struct dedupe *d, const char *key, size_t len, uint64_t *of, double *sim)
{
	return near_copy(&d->near, key, len, d->record, of, sim);
}

static bool unit_seen_contained(struct dedupe *d, const char *key, size_t len, uint64_t *of,
				double *sim)
{
	*of = 0;
	return shingles_seen(&d->near, key, len, &d->seen, d->before, sim);
}

/*
 * Marks the units of the field seen before (in this run or a state) and
 * rebuilds the field without them: from each kept unit up to the next
 * unit, so separators go with the unit before them.  Returns false when
 * every unit went (the record is dropped).
 */
static bool dedupe_units(struct dedupe *d, const char *t, size_t len)
{
	d->nspans = 0;
	struct segmenter seg;
	size_t a, b, pos = 0;
	bool lines = d->s->unit == UNIT_LINES;
	if (!lines)
		seg_init(&seg, d->s->unit == UNIT_SENTENCES ? SEG_SENTENCES : SEG_PARAGRAPHS, t, len,
			 d->abbrevs);
	while (lines ? next_line_unit(t, len, &pos, &a, &b) : seg_next(&seg, &a, &b)) {
		ALLOC_GROW(d->spans, d->nspans + 1, d->aspans);
		struct unit_span *sp = &d->spans[d->nspans++];
		sp->start = a;
		sp->end = b;
		sp->drop = false;
		if (b == a || count_chars(t + a, b - a) < d->s->min_len)
			continue;
		buf_reset(&d->key);
		key_normalize(&d->keyer, t + a, b - a, &d->key);
		sp->drop = d->unit_seen(d, d->key.data ? d->key.data : "", d->key.len, &sp->of, &sp->sim);
		d->units_removed += sp->drop;
	}
	buf_reset(&d->text);
	size_t kept = 0;
	buf_add(&d->text, t, d->nspans ? d->spans[0].start : len);
	for (size_t i = 0; i < d->nspans; i++) {
		size_t next = i + 1 < d->nspans ? d->spans[i + 1].start : len;
		if (d->spans[i].drop)
			continue;
		buf_add(&d->text, t + d->spans[i].start, next - d->spans[i].start);
		kept++;
	}
	/* A separator left dangling by a dropped last unit goes too. */
	if (d->nspans && d->spans[d->nspans - 1].drop)
		while (d->text.len && (d->text.data[d->text.len - 1] == '\n' ||
				       d->text.data[d->text.len - 1] == ' ' ||
				       d->text.data[d->text.len - 1] == '\t' ||
				       d->text.data[d->text.len - 1] == '\r'))
			d->text.len--;
	return kept > 0 || d->nspans == 0;
}

/*
 * --rejects: each unit taken out, as its record with the unit in place of
 * the field, the record it was seen in (when known) and how alike.
 */
static void reject_units(struct dedupe *d, const struct record *rec, const struct field *f, size_t n,
			 const char *t)
{
	static const char *const unit_words[] = { [UNIT_PARAGRAPHS] = "paragraph",
						  [UNIT_SENTENCES] = "sentence", [UNIT_LINES] = "line" };
	fieldlist_select(&(struct fieldlist){ 0 }, f, n, &d->out);
	char detail[96];
	for (size_t i = 0; i < d->nspans; i++) {
		const struct unit_span *sp = &d->spans[i];
		if (!sp->drop)
			continue;
		int at = snprintf(detail, sizeof detail, "%s %zu", unit_words[d->s->unit], i + 1);
		if (d->s->containment)
			snprintf(detail + at, sizeof detail - (size_t)at, ", %.3f of its shingles seen before",
				 sp->sim);
		else if (d->s->near)
			snprintf(detail + at, sizeof detail - (size_t)at, ", similarity %.3f%s", sp->sim,
				 sp->of ? "" : " (an earlier run's)");
		else if (!sp->of)
			snprintf(detail + at, sizeof detail - (size_t)at, ", seen in an earlier run (--state)");
		d->out.f[d->unit_field] = (struct field){ t + sp->start, sp->end - sp->start };
		run_reject(d->run, d->run->out, rec, d->s->near ? "near-duplicate-unit"
				   : d->s->containment ? "contained-unit" : "repeated-unit",
			   sp->of, detail, d->out.f, d->out.n);
	}
}

/*
 * --unit: the record with its field's repeated units taken out; dropped if
 * none is left, unless --keep-empty.  A record without the field has no
 * unit to take out: it is written as it is.
 */
static void unit_record(void *state, const struct record *rec, const struct field *f, size_t n,
			struct writer *out, struct buf *side)
{
	struct dedupe *d = state;
	size_t uf = d->unit_field;
	if (uf >= n) {
		run_write_record(d->run, rec, f, n);
		return;
	}
	d->record = rec->number;
	bool left = dedupe_units(d, f[uf].data, f[uf].len);
	if (run_rejecting(d->run))
		reject_units(d, rec, f, n, f[uf].data);
	if (!left && !d->s->keep_empty) {
		d->records_dropped++;
		run_reject(d->run, out, rec, "empty", 0, "every unit was a repeat", f, n);
		return;
	}
	d->records_emptied += !left;
	fieldlist_select(&(struct fieldlist){ 0 }, f, n, &d->out);
	d->out.f[uf].data = d->text.data ? d->text.data : "";
	d->out.f[uf].len = left ? d->text.len : 0;
	run_write_record(d->run, rec, d->out.f, d->out.n);
}

/* ---- --merge-state ---------------------------------------------------------- */

/* The state files given as inputs, their union into -o (a mode of its own: no records). */
static void merge_states(struct run *run, void *ctx)
{
	if (!run->c.out.path || strcmp(run->c.out.path, "-") == 0)
		die_usage("--merge-state writes a state file: give it with -o FILE");
	if (run->c.nfiles == 0)
		die_usage("--merge-state needs the state files to merge");
	const struct settings *s = ctx;
	char *params = state_params(run->c.files[0]);
	struct state_lock *lock = state_lock(run->c.out.path, s->wait);
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
}

/* ---- the modes, and setting up ----------------------------------------------- */

enum dedupe_mode {
	MODE_FIRST, MODE_FIRST_NUMBERED, MODE_MARK, MODE_GROUPS, MODE_NEAR, MODE_NEAR_MARK,
	MODE_NEAR_LONGEST, MODE_CONTAINMENT, MODE_CONTAINMENT_MARK, MODE_UNITS, MODE_MERGE_STATE,
	MODE_BANDS, MODE_BUCKETS, MODE_CANDIDATES, MODE_PAIRS, MODE_DECIDE, MODE_CLUSTERS, MODE_FILTER,
	MODE_INDEX,
};

static const struct mode modes[] = {
	[MODE_FIRST] = { .state_new = first_worker_new, .state_free = first_worker_free,
			 .record = first_record, .worker = first_on_worker, .reduce = first_reduce,
			 .decide = first_decide_shard, .shards = first_shards, .finish = first_finish },
	[MODE_FIRST_NUMBERED] = { .record = first_numbered_record },
	[MODE_MARK] = { .record = mark_record },
	[MODE_GROUPS] = { .record = group_record, .finish = write_groups },
	[MODE_NEAR] = { .record = near_record },
	[MODE_NEAR_MARK] = { .record = near_mark_record },
	[MODE_NEAR_LONGEST] = { .record = near_hold_record, .finish = near_longest_finish },
	[MODE_CONTAINMENT] = { .record = containment_record },
	[MODE_CONTAINMENT_MARK] = { .record = containment_mark_record },
	[MODE_UNITS] = { .record = unit_record },
	[MODE_MERGE_STATE] = { .whole = merge_states },
	[MODE_BANDS] = { .record = bands_record },
	[MODE_BUCKETS] = { .whole = buckets_run },
	[MODE_CANDIDATES] = { .whole = candidates_run },
	[MODE_PAIRS] = { .whole = pairs_run },
	[MODE_DECIDE] = { .whole = decide_run },
	[MODE_CLUSTERS] = { .whole = clusters_run },
	[MODE_FILTER] = { .record = filter_record },
	[MODE_INDEX] = { .whole = index_run },
};

/* Exact dedupe's modes that read the whole input first (--near keeps its own --keep=longest). */
static bool whole_input(const struct settings *s)
{
	return s->keep != KEEP_FIRST || s->count || s->repeated || s->unique;
}

/* The stages that read other stages' lines rather than records. */
static bool reads_lines(enum stage stage)
{
	return stage != STAGE_NONE && stage != STAGE_BANDS && stage != STAGE_FILTER;
}

static void check_stages(const struct settings *s)
{
	enum stage st = s->stage;
	if (st && (!s->near || s->unit))
		die_usage("--stage goes with --near, for whole records (no --unit)");
	if (st && s->state)
		die_usage("the stages keep no --state: give the earlier runs' lines instead (rill-dedupe(1), STAGES)");
	if (s->shard_n && st != STAGE_BANDS)
		die_usage("--shard goes with --stage=bands");
	if (s->id_field && st != STAGE_BANDS && st != STAGE_FILTER)
		die_usage("--id goes with --stage=bands and --stage=filter");
	if (s->drops && st != STAGE_PAIRS && st != STAGE_FILTER && st != STAGE_INDEX)
		die_usage("--drops goes with --stage=pairs (a second round), filter and index");
	if ((st == STAGE_FILTER || st == STAGE_INDEX) && !s->drops)
		die_usage("--stage=%s needs --drops=FILE, the output of --stage=decide",
			  choice_name(stages, st));
	if ((st == STAGE_INDEX) != !!s->run_name)
		die_usage("--stage=index and --run=NAME go together");
	if (s->clusters && st != STAGE_PAIRS && st != STAGE_DECIDE)
		die_usage("--clusters goes with --stage=pairs and --stage=decide");
	if (s->clusters && s->drops)
		die_usage("--clusters takes no --drops: components need no second round");
	if (s->mark && st && st != STAGE_FILTER)
		die_usage("--mark goes with one run or --stage=filter");
	if (s->explain && !s->near)
		die_usage("--explain goes with --near");
}

/* Options that exclude each other; the defaults of the near-duplicate settings. */
static void check_settings(struct settings *s)
{
	bool whole = whole_input(s);
	if (s->unit && (whole || s->mark || s->memory))
		die_usage("--unit takes no --keep, -c, --repeated, -u, --mark or --memory");
	if (s->near && (s->keep == KEEP_LAST || s->count || s->repeated || s->unique || s->memory))
		die_usage("--near takes no --keep=last, -c, --repeated, -u or --memory");
	check_stages(s);
	if (s->containment && (s->near || whole || s->memory))
		die_usage("--containment takes no --near, --keep, -c, --repeated, -u or --memory");
	if ((s->hashes || s->bands) && !s->near)
		die_usage("--hashes and --bands go with --near");
	if (s->similarity && !s->near && !s->containment)
		die_usage("--similarity goes with --near or --containment");
	if (s->shingle && !s->near && !s->containment)
		die_usage("--shingle goes with --near or --containment");
	if (s->similarity && !s->mark)
		die_usage("--similarity goes with --mark");
	if (!s->shingle)
		s->shingle = 5;
	if (!s->hashes)
		s->hashes = 256;
	if (!s->bands)
		s->bands = 32;
	if (s->near && (s->hashes % s->bands || s->hashes / s->bands > 256))
		die_usage("--bands=%llu must divide --hashes=%llu (at most 256 rows a band)",
			  (unsigned long long)s->bands, (unsigned long long)s->hashes);
	if (s->min_len && !s->unit)
		die_usage("--min-len goes with --unit");
	if (s->keep_empty && !s->unit)
		die_usage("--keep-empty goes with --unit");
	if (s->repeated && s->unique)
		die_usage("--repeated and --unique exclude each other");
	if (s->mark && whole && !s->near)
		die_usage("--mark writes every record: it takes no --keep, -c, --repeated or -u");
	if (s->readonly && !s->state)
		die_usage("--state-readonly goes with --state");
	if (s->wait >= 0 && (!s->state || s->readonly))
		die_usage("--wait goes with --state (a read-only run takes no lock)");
	if (s->memory && (whole || s->mark || s->state))
		die_usage("--memory bounds the plain dedupe: it takes no --keep, -c, --repeated, -u, "
			  "--mark or --state, which need every key exactly");
}

static enum dedupe_mode pick_mode(const struct settings *s, bool rejecting)
{
	if (s->merge_state)
		return MODE_MERGE_STATE;
	if (s->unit)
		return MODE_UNITS;
	if (s->containment)
		return s->mark ? MODE_CONTAINMENT_MARK : MODE_CONTAINMENT;
	static const enum dedupe_mode stage_modes[] = {
		[STAGE_BANDS] = MODE_BANDS, [STAGE_BUCKETS] = MODE_BUCKETS,
		[STAGE_CANDIDATES] = MODE_CANDIDATES, [STAGE_PAIRS] = MODE_PAIRS,
		[STAGE_DECIDE] = MODE_DECIDE, [STAGE_FILTER] = MODE_FILTER, [STAGE_INDEX] = MODE_INDEX,
	};
	if (s->stage == STAGE_DECIDE && s->clusters)
		return MODE_CLUSTERS;
	if (s->stage)
		return stage_modes[s->stage];
	if (s->near && s->keep == KEEP_LONGEST)
		return MODE_NEAR_LONGEST;
	if (s->near)
		return s->mark ? MODE_NEAR_MARK : MODE_NEAR;
	if (s->mark)
		return MODE_MARK;
	if (whole_input(s))
		return MODE_GROUPS;
	/* Under --memory no record numbers are kept: the rejects name none. */
	return rejecting && !s->memory ? MODE_FIRST_NUMBERED : MODE_FIRST;
}

/*
 * The first of each key spreads over the cores for lines or TSV: not into
 * a paragraph output, whose records carry their separators, nor under
 * --memory, which the workers' buffers would pass.  The other modes run on
 * one thread (the runner: their modes have no worker).
 */
static uint64_t threads_for(const struct dedupe *d)
{
	enum rec_format in = reader_format(d->run->in);
	bool spread = !d->s->memory && !run_rejecting(d->run) && (in == FMT_LINES || in == FMT_TSV) &&
		      writer_format(d->run->out) != FMT_PARA;
	return spread ? d->s->threads : 1;
}

/* The output's header: the input's, with what the mode adds. */
static void write_header(struct dedupe *d)
{
	const struct settings *s = d->s;
	const struct field *names;
	size_t n = reader_header(d->run->in, &names);
	struct field_array h = { 0 };
	if (s->count)
		field_array_add(&h, "count", 5);
	for (size_t i = 0; i < n; i++)
		field_array_add(&h, names[i].data, names[i].len);
	if (s->mark)
		field_array_add(&h, "first", 5);
	if (s->similarity && s->containment)
		field_array_add(&h, "shared", 6);
	else if (s->similarity)
		field_array_add(&h, "similarity", 10);
	writer_header(d->run->out, h.f, h.n);
	field_array_release(&h);
}

/* The run's sets and tables, and (the input open) what the mode needs of it. */
static void dedupe_setup(struct dedupe *d, const struct buf *payload)
{
	const struct settings *s = d->s;
	struct run *run = d->run;
	keyer_init(&d->keyer, &run->c.key);
	hashmap_init(&d->groups, 1024);
	keyset_init(&d->seen);
	d->before = s->state ? &d->earlier : NULL;
	d->doc = reader_format(run->in) == FMT_DOC;
	d->passes = run_passes_through(run);
	/* jsonl to jsonl writes each kept object as it came: the queue keeps its text. */
	d->queue.keep_text = run_passes_through(run);
	/* The --memory bound covers the input and output buffers too: up to 1 MiB of it is theirs. */
	uint64_t reserve = s->memory / 8 < ((uint64_t)1 << 20) ? s->memory / 8 : (uint64_t)1 << 20;
	d->budget = s->memory - reserve;
	d->near.s = s;
	if (s->near) {
		minhash_init(&d->near.ix, (uint32_t)s->hashes, (uint32_t)s->bands, s->near);
		d->near.sig = xmalloc(s->hashes * sizeof *d->near.sig);
		if (payload->len && !minhash_load(&d->near.ix, payload->data, payload->len))
			die("%s: the state's LSH index is damaged", s->state);
	}
	d->unit_seen = s->near ? unit_seen_near : s->containment ? unit_seen_contained
		     : run_rejecting(run) ? unit_seen_numbered : unit_seen_exact;
	if (s->unit)
		run_refuse_passing_through(run, "--unit");
	if (s->unit && !fieldlist_whole(&run->fields) && !fieldlist_single(&run->fields, &d->unit_field))
		die_usage("--unit works on one field: give -f a single field");
	if (s->unit == UNIT_SENTENCES)
		d->abbrevs = abbrevs_default();
	if (s->stage == STAGE_BANDS)
		d->band_keys = xmalloc(s->bands * sizeof *d->band_keys);
	if (s->id_field) {
		struct fieldlist id = { 0 };
		fieldlist_resolve(&id, s->id_field, run->in, "--id");
		d->has_id = fieldlist_single(&id, &d->id_index);
		fieldlist_release(&id);
		if (!d->has_id)
			die_usage("--id takes one field, whose value is the record's number");
	}
	if (s->stage == STAGE_FILTER) {
		near_drops_load(&d->drops, s->drops, d->stage.longest);
		if (s->similarity && !d->drops.similarities)
			die_usage("--similarity: the drops are --clusters', which measure none");
	}
	if (run->c.in.header && s->stage != STAGE_BANDS)
		write_header(d);
}

/*
 * The settings that shape the stages' shingle sets and bands, as a
 * digest in every shingle line, so lines made under other options are
 * refused rather than silently never matched.
 */
static uint32_t stage_digest(const struct common_opts *c, const struct settings *s)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "shingle=%llu;hashes=%llu;bands=%llu;keep=%s;format=%d;html=%d;fields=%s;",
		 (unsigned long long)s->shingle, (unsigned long long)s->hashes,
		 (unsigned long long)s->bands, choice_name(keeps, s->keep), (int)c->in.format,
		 c->in.html, c->fields ? c->fields : "*");
	key_settings(&b, &c->key);
	uint32_t digest = (uint32_t)XXH3_64bits(b.data, b.len);
	buf_release(&b);
	return digest;
}

/* The chance that a pair of similarity 0.50, 0.55, ... 1.00 shares a band: compared, then measured. */
static void lsh_table(const struct settings *s, struct buf *json, FILE *text)
{
	uint32_t rows = (uint32_t)(s->hashes / s->bands), bands = (uint32_t)s->bands;
	if (text)
		fprintf(text, "--near=%g: %llu hashes in %u bands of %u rows.\n"
			"A pair of records is compared when its signatures agree on every row of a band,\n"
			"with probability 1 - (1 - s^%u)^%u at similarity s; a pair compared is dropped\n"
			"when its exact Jaccard similarity is at least %g.\n"
			"similarity  compared\n", s->near, (unsigned long long)s->hashes, bands, rows,
			rows, bands, s->near);
	buf_addf(json, "{\"bands\": %u, \"rows\": %u, \"compared\": {", bands, rows);
	for (int i = 0; i <= 10; i++) {
		double sim = 0.5 + 0.05 * i, p = near_catch_probability(sim, rows, bands);
		if (text)
			fprintf(text, "%.2f        %.6f\n", sim, p);
		buf_addf(json, "%s\"%.2f\": %.6f", i ? ", " : "", sim, p);
	}
	buf_adds(json, "}}");
	if (text)
		fprintf(text, "The curve is steepest near (1/%u)^(1/%u) = %.2f: more bands (fewer rows) "
			"compare more pairs below --near, fewer miss pairs above it.\n", bands, rows,
			pow(1.0 / bands, 1.0 / rows));
}

/* The figures for --stats and standard error. */
static void report(struct dedupe *d)
{
	const struct settings *s = d->s;
	struct run *run = d->run;
	if (s->near && s->stage != STAGE_FILTER && !reads_lines(s->stage))
		run_figure_json(run, "lsh", d->lsh.data);
	if (s->stage == STAGE_BANDS)
		run_figure(run, "records_banded", d->banded);
	if (s->stage == STAGE_FILTER)
		run_figure(run, "near_duplicates", d->near_dropped);
	if (s->stage)
		return;
	uint64_t distinct = d->approximate ? d->bloom.added : d->groups.count + keyset_count(&d->seen);
	if (s->near || s->containment)
		run_figure(run, "near_duplicates", d->near_dropped);
	if (s->near)
		distinct = d->near.ix.nsigs;
	if (s->near && s->state)
		run_figure(run, "state_kept_signatures", d->near.ix.nsigs);
	if (s->unit) {
		run_figure(run, "units_removed", d->units_removed);
		run_figure(run, "records_dropped_empty", d->records_dropped);
		if (s->keep_empty)
			run_figure(run, "records_kept_empty", d->records_emptied);
	}
	if (d->approximate) {
		warn("the seen-set passed --memory=%llu bytes and became a Bloom filter: %llu keys; "
		     "estimated false-positive rate %.4f%% (records dropped as duplicates that were not)",
		     (unsigned long long)s->memory, (unsigned long long)d->bloom.added,
		     100 * bloom_fp_rate(&d->bloom));
		run_figure(run, "bloom_false_positive_ppm", (uint64_t)(1e6 * bloom_fp_rate(&d->bloom)));
	}
	run_figure(run, "distinct_keys", distinct);
	run_figure(run, "records_seen_in_earlier_runs", d->dropped_earlier);
	if (s->state)
		run_figure(run, "state_keys", keyset_count(&d->earlier));
}

/* The state after the run: this run's keys (or units, or shingles) added to the earlier ones. */
static void add_to_state(struct dedupe *d)
{
	for (size_t i = 0; i <= d->groups.mask; i++) {
		const struct hashmap_slot *slot = &d->groups.slots[i];
		if (slot->key.lo || slot->key.hi)
			keyset_add(&d->earlier, slot->key);
	}
	size_t cursor = 0;
	struct key128 k;
	while (keyset_next(&d->seen, &cursor, &k))
		keyset_add(&d->earlier, k);
}

/* Written, with --near the LSH index, only once the output is complete and checked. */
static void save_state(struct dedupe *d, const char *params)
{
	struct buf payload = BUF_INIT;
	if (d->s->near)
		minhash_save(&d->near.ix, &payload);
	state_save(d->s->state, params, &d->earlier, payload.data, payload.len);
	buf_release(&payload);
}

static void dedupe_release(struct dedupe *d)
{
	keyer_release(&d->keyer);
	hashmap_release(&d->groups);
	keyset_release(&d->seen);
	keyset_release(&d->earlier);
	lookahead_release(&d->queue);
	bloom_release(&d->bloom);
	buf_release(&d->store.arena);
	free(d->store.kept);
	if (d->s->near) {
		minhash_release(&d->near.ix);
		free(d->near.sig);
	}
	free(d->near.hashes);
	free(d->near.shingles);
	free(d->near.distinct);
	free(d->held);
	free(d->sets);
	free(d->band_keys);
	if (d->s->stage == STAGE_FILTER)
		near_drops_release(&d->drops);
	buf_release(&d->lsh);
	free(d->spans);
	abbrevs_free(d->abbrevs);
	buf_release(&d->text);
	buf_release(&d->key);
	field_array_release(&d->out);
}

int main(int argc, char **argv)
{
	struct settings s = { .wait = -1 };
	struct run run;
	run_parse(&run, &tool, &s, argc, argv);
	enum dedupe_mode mode = pick_mode(&s, run.c.rejects != NULL);
	if (mode == MODE_MERGE_STATE) {
		runner_run(&run, &modes[mode], &s, 1);
		return 0;
	}
	check_settings(&s);
	struct dedupe d = { .s = &s, .run = &run };
	if (s.near)
		lsh_table(&s, &d.lsh, s.explain ? stdout : NULL);
	if (s.explain) {
		buf_release(&d.lsh);
		if (fflush(stdout) || ferror(stdout))
			die("standard output: write error");
		return 0;
	}
	d.stage = (struct near_stage_opts){ .threshold = s.near, .longest = s.keep == KEEP_LONGEST,
					    .clusters = s.clusters, .digest = stage_digest(&run.c, &s),
					    .drops = s.drops, .run_name = s.run_name };
	if (reads_lines(s.stage)) {
		/* Other stages' lines, whatever -F, -H and -f say of the records. */
		run.c.in = (struct input_opts){ .format = FMT_LINES, .block_size = run.c.in.block_size };
		run.c.fields = NULL;
	}
	if (s.stage && s.stage != STAGE_FILTER) {
		run.c.out.format = FMT_LINES;
		run.c.out.zero = false;
		run.c.out.delim = 0;
	}
	struct buf params = BUF_INIT, payload = BUF_INIT;	/* --near: the LSH index of earlier runs */
	key_params(&params, &run.c, &s);
	struct state_lock *lock = s.state && !s.readonly ? state_lock(s.state, s.wait) : NULL;
	keyset_init(&d.earlier);
	if (s.state)
		state_load(s.state, params.data, &d.earlier, !s.readonly, &payload);
	run_open(&run, &tool);
	dedupe_setup(&d, &payload);
	buf_release(&payload);
	runner_run(&run, &modes[mode], &d, threads_for(&d));
	if (s.state && !s.readonly)
		add_to_state(&d);
	report(&d);
	/* The output is complete and checked before the state records its keys as seen. */
	run_finish(&run);
	if (s.state && !s.readonly)
		save_state(&d, params.data);
	state_unlock(lock);
	dedupe_release(&d);
	buf_release(&params);
	if (d.recheck)
		warn("%llu records kept had been passed over as representatives: these drops are not "
		     "final; run --stage=pairs --drops=THIS OUTPUT and --stage=decide again "
		     "(rill-dedupe(1), STAGES)", (unsigned long long)d.recheck);
	return 0;
}
