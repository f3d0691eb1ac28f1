/*
 * rill-join: join two record streams on key fields, without sorting first.
 *
 * Hash join (default): RIGHT is loaded into a hashmap of key hashes whose
 * slots chain its records in input order, within --memory; LEFT streams
 * through, so output follows LEFT and neither side is sorted.  Merge join
 * (--sorted): both sides sorted by normalized key in byte order are read
 * in step, in memory bounded by the largest group of equal RIGHT keys; a
 * record out of order is an error, never a silently wrong join.
 */
#include "../common/diag.h"
#include "../common/fieldpack.h"
#include "../common/hashmap.h"
#include "../common/key.h"
#include "../common/runner.h"
#include "../common/tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_LEFT_KEY = 1, OPT_RIGHT_KEY, OPT_KEY, OPT_TYPE, OPT_EMPTY, OPT_SORTED, OPT_MEMORY,
	OPT_FORMAT2, OPT_DELIMITER2, OPT_THREADS,
};

static void on_option(int id, const char *arg, void *settings);

static const struct tool_option options[] = {
	{ OPT_LEFT_KEY, '1', "left-key", ARG_REQUIRED, "FIELDS", "LEFT's key fields (default 1)" },
	{ OPT_RIGHT_KEY, '2', "right-key", ARG_REQUIRED, "FIELDS", "RIGHT's key fields (default 1)" },
	{ OPT_KEY, 'j', "key", ARG_REQUIRED, "FIELDS", "the key fields of both sides" },
	{ OPT_TYPE, 0, "type", ARG_REQUIRED, "TYPE", "inner (default), left, right, full, semi, anti" },
	{ OPT_EMPTY, 0, "empty", ARG_REQUIRED, "S", "fill the missing side of outer joins with S" },
	{ OPT_SORTED, 0, "sorted", ARG_NONE, NULL, "both sides are sorted by key: merge join" },
	{ OPT_MEMORY, 0, "memory", ARG_REQUIRED, "SIZE", "most memory for RIGHT in a hash join" },
	{ OPT_FORMAT2, 0, "format2", ARG_REQUIRED, "FMT", "RIGHT's format, if not LEFT's" },
	{ OPT_DELIMITER2, 0, "delimiter2", ARG_REQUIRED, "C", "RIGHT's delimiter, if not LEFT's" },
	{ OPT_THREADS, 0, "threads", ARG_REQUIRED, "N", "join LEFT on N threads (default: one per core; 0: every core)" },
	{ 0 },
};

static const struct tool tool = {
	.name = "rill-join",
	.synopsis = "[OPTIONS] LEFT RIGHT",
	.summary = "Join two record streams on key fields, without sorting first: RIGHT is held\n"
		   "in a hash table and LEFT streams through (or, with --sorted, a merge join).",
	.groups = OPTS_INPUT | OPTS_KEY | OPTS_OUTPUT,
	.options = options,
	.on_option = on_option,
};

enum join_type { JOIN_INNER, JOIN_LEFT, JOIN_RIGHT, JOIN_FULL, JOIN_SEMI, JOIN_ANTI };

/* What each join writes, by type: decided once, never per record. */
static const struct join_kind {
	bool unmatched_left;	/* a LEFT record without a match, filled */
	bool unmatched_right;	/* a RIGHT record without a match, filled (matches are marked) */
	bool pairs;		/* a LEFT record with each of its matches; else once, unchanged */
	bool matched_left;	/* a LEFT record with a match (semi: once) */
} join_kinds[] = {
	[JOIN_INNER] = { false, false, true, true },
	[JOIN_LEFT] = { true, false, true, true },
	[JOIN_RIGHT] = { false, true, true, true },
	[JOIN_FULL] = { true, true, true, true },
	[JOIN_SEMI] = { false, false, false, true },
	[JOIN_ANTI] = { true, false, false, false },
};

struct settings {
	const char *left_key, *right_key;
	enum join_type type;
	const char *empty;
	bool sorted;
	uint64_t memory;
	enum rec_format format2;
	char delim2;
	uint64_t threads;	/* 0: one per core */
};

static const struct choice join_types[] = {
	{ "inner", JOIN_INNER }, { "left", JOIN_LEFT }, { "right", JOIN_RIGHT }, { "full", JOIN_FULL },
	{ "semi", JOIN_SEMI }, { "anti", JOIN_ANTI }, { NULL, 0 },
};

static void on_option(int id, const char *arg, void *ctx)
{
	struct settings *s = ctx;
	switch (id) {
	case OPT_LEFT_KEY: s->left_key = arg; break;
	case OPT_RIGHT_KEY: s->right_key = arg; break;
	case OPT_KEY: s->left_key = s->right_key = arg; break;
	case OPT_TYPE: s->type = choice_parse(join_types, arg, "--type", "join"); break;
	case OPT_EMPTY: s->empty = arg; break;
	case OPT_SORTED: s->sorted = true; break;
	case OPT_MEMORY: s->memory = parse_memory(arg, "--memory"); break;
	case OPT_FORMAT2: s->format2 = choice_parse(input_formats, arg, "--format2", "format"); break;
	case OPT_DELIMITER2: s->delim2 = parse_delimiter(arg, "--delimiter2"); break;
	case OPT_THREADS: s->threads = parse_threads(arg); break;
	default: bug("rill-join: option %d", id);
	}
}

/* ---- records held in memory (RIGHT of a hash join, a group of a merge join) ---- */

struct held {
	size_t off;		/* the record, packed in the arena */
	uint32_t next;		/* the next RIGHT record with the same key, +1; 0 ends */
	bool matched;
};

struct holding {
	struct buf arena;
	struct held *recs;
	size_t n, alloc;
	struct field_array fields;	/* a held record's fields, on demand */
};

static size_t hold(struct holding *h, const struct field *f, size_t n)
{
	ALLOC_GROW(h->recs, h->n + 1, h->alloc);
	struct held *r = &h->recs[h->n];
	r->off = fieldpack_add(&h->arena, NULL, f, n, NULL);
	r->next = 0;
	r->matched = false;
	return h->n++;
}

static const struct field_array *held_fields(struct holding *h, size_t i)
{
	fieldpack_get(&h->arena, h->recs[i].off, &h->fields);
	return &h->fields;
}

static void holding_clear(struct holding *h)
{
	buf_reset(&h->arena);
	h->n = 0;
}

/* ---- output ------------------------------------------------------------------- */

struct joiner {
	const struct settings *s;
	const struct join_kind *kind;
	struct run *run;
	struct reader *right;
	struct fieldlist lkey, rkey;
	struct keyer lkeyer, rkeyer;
	bool *right_is_key;	/* per RIGHT field index: part of the key? */
	size_t nright_is_key;
	size_t left_width, right_width;	/* fields, for filling missing sides */
	struct field empty;
	struct field_array sel;
	struct writer *out;	/* the output, or a worker's batch */
	bool clean_out;		/* a clean LEFT record goes out as it came */
	/*
	 * JSON Lines to JSON Lines: LEFT's object goes out as it came, RIGHT's
	 * appended: its members when it is JSON Lines too (right_whole: the
	 * field of its object), else its fields under their header names.
	 */
	bool passes;
	size_t right_whole;
	struct field *right_names;	/* per RIGHT field, its name in the output */
	size_t nright_names;
	struct buf right_names_text;
};

static bool is_right_key(struct joiner *j, size_t i)
{
	return i < j->nright_is_key && j->right_is_key[i];
}

static void mark_right_keys(struct joiner *j, size_t width)
{
	if (width <= j->nright_is_key)
		return;
	j->right_is_key = xreallocarray(j->right_is_key, width, sizeof *j->right_is_key);
	for (size_t i = j->nright_is_key; i < width; i++) {
		bool key = false;
		for (size_t r = 0; r < j->rkey.n; r++)
			if (i >= j->rkey.ranges[r].lo && i <= j->rkey.ranges[r].hi)
				key = true;
		if (!j->rkey.n)
			key = i == 0;
		j->right_is_key[i] = key;
	}
	j->nright_is_key = width;
}

static void put_right_rest(struct joiner *j, const struct field *rf, size_t rn)
{
	if (j->passes && j->right_whole != SIZE_MAX) {
		if (rf && j->right_whole < rn)
			writer_object_members(j->out, rf[j->right_whole].data, rf[j->right_whole].len);
		return;
	}
	mark_right_keys(j, rn > j->right_width ? rn : j->right_width);
	size_t width = rn > j->right_width ? rn : j->right_width;
	for (size_t i = 0; i < width; i++) {
		if (is_right_key(j, i))
			continue;
		char unnamed[FIELD_U64_SIZE + 2];
		if (j->passes && i < j->nright_names && j->right_names[i].len) {
			writer_key(j->out, j->right_names[i].data, j->right_names[i].len);
		} else if (j->passes) {
			int len = snprintf(unnamed, sizeof unnamed, "f%zu", i + 1);
			writer_key(j->out, unnamed, (size_t)len);
		}
		if (rf && i < rn)
			writer_field(j->out, rf[i].data, rf[i].len);
		else
			writer_field(j->out, j->empty.data, j->empty.len);
	}
}

static void write_pair(struct joiner *j, const struct record *lrec, const struct field *lf, size_t ln,
		       const struct field *rf, size_t rn)
{
	if (j->passes && lrec) {
		if (!j->kind->pairs) {
			writer_passthrough(j->out, lrec->text, lrec->len);
			return;
		}
		writer_begin_object(j->out, lrec->text, lrec->len);
		put_right_rest(j, rf, rn);
		writer_end_record(j->out);
		return;
	}
	if (lrec && lrec->clean && j->clean_out) {
		/* LEFT's text is already what the writer would make of its fields. */
		writer_encoded_fields(j->out, lrec->text, lrec->len, ln);
	} else {
		for (size_t i = 0; i < ln; i++)
			writer_field(j->out, lf[i].data, lf[i].len);
	}
	for (size_t i = ln; i < j->left_width; i++)
		writer_field(j->out, j->empty.data, j->empty.len);
	if (j->kind->pairs)
		put_right_rest(j, rf, rn);
	writer_end_record(j->out);
}

/* A RIGHT record with no LEFT match: LEFT filled, its key from RIGHT (join -o auto). */
static void write_right_only(struct joiner *j, const struct field *rf, size_t rn)
{
	if (j->passes && j->right_whole != SIZE_MAX && j->right_whole < rn) {
		writer_passthrough(j->out, rf[j->right_whole].data, rf[j->right_whole].len);
		return;
	}
	fieldlist_select(&j->rkey, rf, rn, &j->sel);
	struct field_array rkeyvals = j->sel;
	size_t nkey = 0;
	for (size_t i = 0; i < j->left_width; i++) {
		bool is_key = false;
		for (size_t r = 0; r < j->lkey.n; r++)
			if (i >= j->lkey.ranges[r].lo && i <= j->lkey.ranges[r].hi)
				is_key = true;
		if (is_key && nkey < rkeyvals.n) {
			writer_field(j->out, rkeyvals.f[nkey].data, rkeyvals.f[nkey].len);
			nkey++;
		} else {
			writer_field(j->out, j->empty.data, j->empty.len);
		}
	}
	put_right_rest(j, rf, rn);
	writer_end_record(j->out);
}

/* ---- hash join ------------------------------------------------------------- */

static uint64_t default_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	if (pages <= 0 || size <= 0)
		return (uint64_t)4 << 30;
	return (uint64_t)pages * (uint64_t)size / 2;
}

/* RIGHT, held: its records, and their chains by key hash. */
struct right_table {
	struct holding held;
	struct hashmap map;
};

/* One LEFT record against RIGHT: its output records (unpacking RIGHT's into rf). */
static void join_left(struct joiner *j, struct right_table *rt, struct field_array *rf,
		      const struct record *lrec, const struct field *f, size_t n)
{
	const struct join_kind *k = j->kind;
	if (n > j->left_width)
		j->left_width = n;
	struct field key = key_of_fields(&j->lkeyer, &j->lkey, f, n);
	const struct hashmap_slot *slot = hashmap_get(&rt->map, key_hash(key.data, key.len));
	if (!slot || !k->pairs) {
		if (slot ? k->matched_left : k->unmatched_left)
			write_pair(j, lrec, f, n, NULL, 0);
		return;
	}
	for (uint32_t i = (uint32_t)slot->value.u; i; i = rt->held.recs[i - 1].next) {
		/* Only the right and full joins read it, and they run on one thread. */
		if (k->unmatched_right)
			rt->held.recs[i - 1].matched = true;
		fieldpack_get(&rt->held.arena, rt->held.recs[i - 1].off, rf);
		write_pair(j, lrec, f, n, rf->f, rf->n);
	}
}

/*
 * LEFT on several threads, RIGHT's table shared (read only).  A short LEFT
 * record is padded to the widest LEFT record before it.  A worker starts a
 * batch from the widest width the main thread has confirmed so far, which
 * is right unless a batch still in flight before it was wider: then (the
 * batch's first record being narrower than the true width too) the batch
 * is joined again on the main thread.  With ragged rows (a wide row early,
 * narrow ones after) that happens for the first batches only.
 */
struct join_worker {
	struct joiner j;
	struct right_table *rt;
	struct field_array rf;
	const size_t *confirmed_width;	/* the main thread's, read atomically */
};

/* The hash join: RIGHT held, the main thread's joiner, and what the reduce keeps. */
struct hash_join {
	struct right_table rt;
	struct join_worker main;	/* the main thread's: the output's widths, batches joined again */
	struct buf scratch;
	size_t confirmed_width;		/* the widest LEFT record of the batches written */
};

struct batch_widths {
	size_t start, first, widest;	/* the width assumed at the start, the first record's, the most */
	uint64_t records;		/* written into the batch's output */
};

static void join_on_worker(void *state, const struct record *rec, const struct field *f, size_t n,
			   struct writer *out, struct buf *side)
{
	struct join_worker *w = state;
	if (!side->len) {
		/* A new batch. */
		w->j.left_width = __atomic_load_n(w->confirmed_width, __ATOMIC_ACQUIRE);
		struct batch_widths bw = { w->j.left_width, n, 0, 0 };
		buf_add(side, &bw, sizeof bw);
	}
	w->j.out = out;
	join_left(&w->j, w->rt, &w->rf, rec, f, n);
	struct batch_widths *bw = (struct batch_widths *)(void *)side->data;
	if (n > bw->widest)
		bw->widest = n;
	bw->records = writer_records(out);
}

/* On the main thread, in LEFT's order: the records alone, or a batch joined again. */
static void join_on_main(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	struct join_worker *w = state;
	w->j.out = out;
	join_left(&w->j, w->rt, &w->rf, rec, f, n);
}

static void join_reduce(void *ctx, const struct batch *b, const char *out, size_t len,
			const struct buf *side)
{
	struct hash_join *h = ctx;
	struct joiner *j = &h->main.j;
	if (!side->len)
		return;
	const struct batch_widths *bw = (const struct batch_widths *)(const void *)side->data;
	/*
	 * The worker padded to max(start, widest so far in the batch); the
	 * truth is max(left_width, ...), and start <= left_width: the same if
	 * start is left_width or the first record is as wide.
	 */
	if (bw->start >= j->left_width || bw->first >= j->left_width) {
		writer_append_records(j->out, out, len, bw->records);
		if (bw->widest > j->left_width)
			j->left_width = bw->widest;
	} else {
		/* The main thread's joiner carries the width of everything before. */
		buf_reset(&h->scratch);
		runner_replay(b, join_on_main, &h->main, j->out, &h->scratch);
	}
	__atomic_store_n(&h->confirmed_width, j->left_width, __ATOMIC_RELEASE);
}

/* A worker's joiner: RIGHT's table and the settings shared, a keyer of its own. */
static void *join_worker_new(void *ctx, bool alone)
{
	struct hash_join *h = ctx;
	if (alone)
		return &h->main;
	struct join_worker *w = xcalloc(1, sizeof *w);
	w->j = h->main.j;
	w->j.sel = (struct field_array){ 0 };
	keyer_init(&w->j.lkeyer, &h->main.j.run->c.key);
	w->rt = &h->rt;
	w->confirmed_width = &h->confirmed_width;
	return w;
}

static void join_worker_free(void *state, void *ctx)
{
	struct hash_join *h = ctx;
	struct join_worker *w = state;
	if (w == &h->main)
		return;
	keyer_release(&w->j.lkeyer);
	field_array_release(&w->j.sel);
	field_array_release(&w->rf);
	free(w);
}

/* After LEFT: the RIGHT records no LEFT record matched (right and full joins). */
static void write_unmatched_right(void *ctx)
{
	struct hash_join *h = ctx;
	struct holding *right = &h->rt.held;
	for (size_t i = 0; h->main.j.kind->unmatched_right && i < right->n; i++)
		if (!right->recs[i].matched) {
			const struct field_array *rf = held_fields(right, i);
			write_right_only(&h->main.j, rf->f, rf->n);
		}
}

/* RIGHT read into its table, within --memory; RIGHT's key fields settled before threads read them. */
static void hash_join_setup(struct hash_join *h, struct joiner *j)
{
	const struct settings *s = j->s;
	struct holding *right = &h->rt.held;
	hashmap_init(&h->rt.map, 1024);
	uint64_t limit = s->memory ? s->memory : default_memory();
	const struct record *rec;
	while ((rec = reader_next(j->right)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(j->right, &f);
		if (n > j->right_width)
			j->right_width = n;
		struct field key = key_of_fields(&j->rkeyer, &j->rkey, f, n);
		struct key128 hash = key_hash(key.data, key.len);
		size_t idx = hold(right, f, n);
		bool added;
		struct hashmap_slot *slot = hashmap_put(&h->rt.map, hash, &added);
		/* value: first record + 1; aux: last record + 1, to chain in input order. */
		if (added)
			slot->value.u = idx + 1;
		else
			right->recs[slot->aux - 1].next = (uint32_t)(idx + 1);
		slot->aux = idx + 1;
		if (right->arena.len + right->alloc * sizeof *right->recs + hashmap_bytes(&h->rt.map) > limit)
			die_at(rec->file, rec->line, "RIGHT does not fit in --memory=%llu bytes: use "
			       "--sorted (sort both sides by key) or swap LEFT and RIGHT",
			       (unsigned long long)limit);
	}
	mark_right_keys(j, j->right_width);
	j->clean_out = reader_format(j->run->in) == FMT_TSV && writer_takes_clean(j->out, FMT_TSV);
	h->main = (struct join_worker){ .j = *j, .rt = &h->rt };
	h->confirmed_width = j->left_width;
}

/* The main thread's joiner back into j (its key buffers and widths, grown on the main thread). */
static void hash_join_release(struct hash_join *h, struct joiner *j)
{
	*j = h->main.j;
	hashmap_release(&h->rt.map);
	buf_release(&h->rt.held.arena);
	free(h->rt.held.recs);
	field_array_release(&h->rt.held.fields);
	field_array_release(&h->main.rf);
	buf_release(&h->scratch);
}

/* ---- merge join ------------------------------------------------------------ */

struct side {
	struct reader *r;
	struct keyer *keyer;
	struct fieldlist *fl;
	const struct record *rec;
	const struct field *f;
	size_t n;
	struct buf key, prev;	/* this record's key, and the previous one's */
	bool have_prev;
	const char *name;
};

static bool side_next(struct side *sd)
{
	sd->rec = reader_next(sd->r);
	if (!sd->rec)
		return false;
	sd->n = reader_fields(sd->r, &sd->f);
	struct field k = key_of_fields(sd->keyer, sd->fl, sd->f, sd->n);
	buf_reset(&sd->key);
	buf_add(&sd->key, k.data, k.len);
	if (sd->have_prev) {
		size_t m = sd->prev.len < sd->key.len ? sd->prev.len : sd->key.len;
		int c = memcmp(sd->prev.data, sd->key.data, m);
		if (c > 0 || (c == 0 && sd->prev.len > sd->key.len))
			die_at(sd->rec->file, sd->rec->line, "%s is not sorted by key (byte order of "
			       "the normalized key, as LC_ALL=C sort): this key comes after a larger "
			       "one; sort it or leave out --sorted", sd->name);
	}
	buf_reset(&sd->prev);
	buf_add(&sd->prev, sd->key.data, sd->key.len);
	sd->have_prev = true;
	return true;
}

static int compare_keys(const struct buf *a, const struct buf *b)
{
	size_t m = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->data ? a->data : "", b->data ? b->data : "", m);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* --sorted: both sides read in step (a mode of its own: two readers, not record by record). */
static void merge_join(struct run *run, void *ctx)
{
	struct joiner *j = ctx;
	const struct join_kind *k = j->kind;
	struct side left = { .r = j->run->in, .keyer = &j->lkeyer, .fl = &j->lkey, .name = "LEFT" };
	struct side right = { .r = j->right, .keyer = &j->rkeyer, .fl = &j->rkey, .name = "RIGHT" };
	struct holding group = { 0 };
	struct buf group_key = BUF_INIT;
	bool lmore = side_next(&left), rmore = side_next(&right);
	/* As join -o auto: the widths of the missing sides come from the first records. */
	if (!j->left_width && lmore)
		j->left_width = left.n;
	if (!j->right_width && rmore)
		j->right_width = right.n;
	while (lmore) {
		if (left.n > j->left_width)
			j->left_width = left.n;
		/* Pass the RIGHT records with smaller keys. */
		while (rmore && compare_keys(&right.key, &left.key) < 0) {
			if (right.n > j->right_width)
				j->right_width = right.n;
			if (k->unmatched_right)
				write_right_only(j, right.f, right.n);
			rmore = side_next(&right);
		}
		/* Hold the group of RIGHT records equal to this LEFT key. */
		if (rmore && compare_keys(&right.key, &left.key) == 0) {
			holding_clear(&group);
			buf_reset(&group_key);
			buf_add(&group_key, right.key.data, right.key.len);
			while (rmore && compare_keys(&right.key, &group_key) == 0) {
				if (right.n > j->right_width)
					j->right_width = right.n;
				hold(&group, right.f, right.n);
				rmore = side_next(&right);
			}
		} else if (!group_key.data || compare_keys(&group_key, &left.key) != 0) {
			holding_clear(&group);
		}
		bool match = group.n && compare_keys(&group_key, &left.key) == 0;
		if (!match || !k->pairs) {
			if (match ? k->matched_left : k->unmatched_left)
				write_pair(j, NULL, left.f, left.n, NULL, 0);
		} else {
			for (size_t i = 0; i < group.n; i++) {
				const struct field_array *rf = held_fields(&group, i);
				write_pair(j, NULL, left.f, left.n, rf->f, rf->n);
			}
		}
		lmore = side_next(&left);
	}
	while (rmore) {
		if (k->unmatched_right)
			write_right_only(j, right.f, right.n);
		rmore = side_next(&right);
	}
	buf_release(&group.arena);
	free(group.recs);
	field_array_release(&group.fields);
	buf_release(&group_key);
	buf_release(&left.key);
	buf_release(&left.prev);
	buf_release(&right.key);
	buf_release(&right.prev);
}

/* ---- header -------------------------------------------------------------- */

/*
 * Whether s is one of the output's names so far: LEFT's (the first nl of
 * all) or a RIGHT name already given (an offset into `right`, whose text
 * may still move).
 */
static bool name_taken(const struct field_array *all, size_t nl, const struct buf *right,
		       const char *s, size_t len)
{
	for (size_t i = 0; i < all->n; i++) {
		const char *name = i < nl ? all->f[i].data : right->data + (uintptr_t)all->f[i].data;
		if (all->f[i].len == len && memcmp(name, s, len) == 0)
			return true;
	}
	return false;
}

/*
 * LEFT's names as they came, then RIGHT's non-key names; a RIGHT name
 * that LEFT or an earlier RIGHT field already has gets "_2" (then "_3",
 * ..., the first not taken), so each output column's name is its own
 * (rill-join(1)).
 */
static void write_header(struct joiner *j)
{
	const struct field *ln, *rn;
	size_t nl = reader_header(j->run->in, &ln), nr = reader_header(j->right, &rn);
	j->left_width = nl;
	j->right_width = nr;
	mark_right_keys(j, nr);
	struct field_array all = { 0 };
	struct buf names = BUF_INIT;	/* RIGHT's names as written, one after another */
	fieldlist_select(&(struct fieldlist){ 0 }, ln, nl, &all);
	for (size_t i = 0; i < nr && j->kind->pairs; i++) {
		if (is_right_key(j, i))
			continue;
		size_t at = names.len;
		/* A RIGHT without a header names its fields f1, f2, ... where a name is wanted. */
		struct field name = rn[i];
		char unnamed[FIELD_U64_SIZE + 2];
		if (!name.len && j->passes) {
			int len = snprintf(unnamed, sizeof unnamed, "f%zu", i + 1);
			name = (struct field){ unnamed, (size_t)len };
		}
		buf_add(&names, name.data, name.len);
		for (int k = 2; name_taken(&all, nl, &names, names.data + at, names.len - at); k++) {
			names.len = at;
			buf_add(&names, name.data, name.len);
			buf_addf(&names, "_%d", k);
		}
		/* An offset until the names stop moving. */
		field_array_add(&all, (const char *)(uintptr_t)at, names.len - at);
	}
	for (size_t i = nl; i < all.n; i++)
		all.f[i].data = names.data + (uintptr_t)all.f[i].data;
	if (j->passes && j->right_whole == SIZE_MAX) {
		/* RIGHT's fields are appended to LEFT's objects under these names. */
		j->right_names = xcalloc(nr ? nr : 1, sizeof *j->right_names);
		j->nright_names = nr;
		j->right_names_text = names;
		for (size_t i = 0, k = nl; i < nr && j->kind->pairs; i++)
			if (!is_right_key(j, i))
				j->right_names[i] = all.f[k++];
		names = (struct buf)BUF_INIT;
	}
	writer_header(j->out, all.f, all.n);
	field_array_release(&all);
	buf_release(&names);
}

enum join_mode { MODE_HASH, MODE_MERGE };

static const struct mode modes[] = {
	[MODE_HASH] = { .state_new = join_worker_new, .state_free = join_worker_free,
			.record = join_on_main, .worker = join_on_worker, .reduce = join_reduce,
			.finish = write_unmatched_right },
	[MODE_MERGE] = { .whole = merge_join },
};

int main(int argc, char **argv)
{
	struct settings s = { .empty = "" };
	struct run run;
	run_parse(&run, &tool, &s, argc, argv);
	if (run.c.nfiles != 2)
		die_usage("give two inputs, LEFT and RIGHT (one of them may be -)");
	if (strcmp(run.c.files[0], "-") == 0 && strcmp(run.c.files[1], "-") == 0)
		die_usage("only one of LEFT and RIGHT can be standard input");
	char *right_file = run.c.files[1];
	run.c.nfiles = 1;
	/* JSON output from JSON input implies -H for the output (run_open): not for RIGHT's input. */
	bool right_header = run.c.in.header;
	run_open(&run, &tool);

	struct joiner j = { .s = &s, .kind = &join_kinds[s.type], .run = &run,
			    .empty = { s.empty, strlen(s.empty) }, .out = run.out };
	struct input_opts rin = run.c.in;
	rin.header = right_header;
	if (s.format2)
		rin.format = s.format2;
	if (s.delim2)
		rin.delim = s.delim2;
	j.right = reader_open(&rin, &right_file, 1);
	run_watch_skips(&run, j.right);
	fieldlist_resolve(&j.lkey, s.left_key ? s.left_key : "1", run.in, "-1");
	fieldlist_resolve(&j.rkey, s.right_key ? s.right_key : "1", j.right, "-2");
	j.passes = run_passes_through(&run);
	j.right_whole = SIZE_MAX;
	if (j.passes && reader_format(j.right) == FMT_JSONL)
		j.right_whole = reader_key(j.right, ".", 1, "-2");
	keyer_init(&j.lkeyer, &run.c.key);
	keyer_init(&j.rkeyer, &run.c.key);
	if (run.c.in.header)
		write_header(&j);

	if (s.sorted) {
		runner_run(&run, &modes[MODE_MERGE], &j, 1);
	} else {
		struct hash_join h = { 0 };
		hash_join_setup(&h, &j);
		/* Right and full joins mark matched RIGHT records: they stay on one thread. */
		bool spread = !j.kind->unmatched_right && writer_format(run.out) != FMT_PARA;
		runner_run(&run, &modes[MODE_HASH], &h, spread ? s.threads : 1);
		hash_join_release(&h, &j);
	}

	run_count_reader(&run, j.right);
	reader_close(j.right);
	run_finish(&run);
	keyer_release(&j.lkeyer);
	keyer_release(&j.rkeyer);
	fieldlist_release(&j.lkey);
	fieldlist_release(&j.rkey);
	field_array_release(&j.sel);
	free(j.right_is_key);
	free(j.right_names);
	buf_release(&j.right_names_text);
	return 0;
}
