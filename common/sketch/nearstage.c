/* nearstage: rill-dedupe --near in stages; see nearstage.h for the argument. */
#include "nearstage.h"
#include "minhash.h"
#include "../diag.h"
#include "../direct.h"
#include "../keyset.h"
#include "../tool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* ---- hex, ranks, lines ----------------------------------------------------------- */

/* Each byte's two hex digits: a shingle set is written a byte, not a digit, at a time. */
static const char hex_pairs[513] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/* digits: 8 or 16. */
static char *put_hex(char *p, uint64_t v, unsigned digits)
{
	for (unsigned i = digits; i > 0; i -= 2, v >>= 8)
		memcpy(p + i - 2, hex_pairs + 2 * (v & 0xFF), 2);
	return p + digits;
}

/* 0x10 | a lower-case hex digit's value; 0 for any other byte (upper case would sort elsewhere). */
static const unsigned char hex_value[256] = {
	['0'] = 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
	['a'] = 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,
};

static bool get_hex(const char *s, unsigned digits, uint64_t *v)
{
	uint64_t x = 0;
	unsigned all = 0x10;
	for (unsigned i = 0; i < digits; i++) {
		unsigned d = hex_value[(unsigned char)s[i]];
		all &= d;
		x = x << 4 | (d & 15);
	}
	*v = x;
	return all;
}

/* A band key: 16 hex digits of its 64 bits (minhash_band_keys). */
static char *put_band(char *p, struct key128 k)
{
	return put_hex(p, k.lo, 16);
}

static bool get_band(const char *s, size_t len, struct key128 *k)
{
	k->hi = MINHASH_BAND_KEY_HI;
	return len == 16 && get_hex(s, 16, &k->lo);
}

/* A group: 32 hex digits. */
static char *put_key(char *p, struct key128 k)
{
	return put_hex(put_hex(p, k.hi, 16), k.lo, 16);
}

static bool get_key(const char *s, size_t len, struct key128 *k)
{
	return len == 32 && get_hex(s, 16, &k->hi) && get_hex(s + 16, 16, &k->lo);
}

size_t near_rank_width(bool longest)
{
	return longest ? 33 : 17;
}

char *near_rank_put(char *p, const struct near_rank *r, bool longest)
{
	*p++ = r->earlier ? '0' : '1';
	if (longest)
		p = put_hex(p, r->priority, 16);
	return put_hex(p, r->position, 16);
}

bool near_rank_parse(const char *s, size_t len, bool longest, struct near_rank *r)
{
	if (len != near_rank_width(longest) || (s[0] != '0' && s[0] != '1'))
		return false;
	r->earlier = s[0] == '0';
	r->priority = 0;
	if (longest && !get_hex(s + 1, 16, &r->priority))
		return false;
	return get_hex(s + len - 16, 16, &r->position);
}

/* A rank as a table key. */
static struct key128 rank_key(const struct near_rank *r)
{
	unsigned char b[17];
	memcpy(b, &r->priority, 8);
	memcpy(b + 8, &r->position, 8);
	b[16] = r->earlier;
	return key_hash(b, sizeof b);
}

static int by_rank(const void *a, const void *b)
{
	return near_rank_cmp(a, b);
}

/* Splits a line at TABs into at most max fields: the count, or max + 1 if there are more. */
static size_t split_line(const struct record *rec, struct field *f, size_t max)
{
	const char *s = rec->text, *end = rec->text + rec->len;
	for (size_t n = 0;; n++) {
		if (n == max)
			return max + 1;
		const char *tab = memchr(s, '\t', (size_t)(end - s));
		f[n].data = s;
		f[n].len = (size_t)((tab ? tab : end) - s);
		if (!tab)
			return n + 1;
		s = tab + 1;
	}
}

static bool field_is(const struct field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->data, s, f->len) == 0;
}

static void need_rank(const struct record *rec, const struct field *f, bool longest,
		      struct near_rank *r, const char *what)
{
	if (!near_rank_parse(f->data, f->len, longest, r))
		die_at(rec->file, rec->line, "%s is not a rank of %zu hex digits%s (a stage given "
		       "another --keep than the bands, or not a stage's output?)", what,
		       near_rank_width(longest) - 1, longest ? " (--keep=longest)" : "");
}

/* ---- shingle sets: 8 hex digits each, one space between, strictly increasing ----------- */

struct u32s {
	uint32_t *v;
	size_t n, alloc;
};

static bool parse_set(const char *s, size_t len, struct u32s *out)
{
	if (len == 0)
		return true;
	if ((len + 1) % 9)
		return false;
	size_t count = (len + 1) / 9;
	ALLOC_GROW(out->v, out->n + count, out->alloc);
	uint32_t *dst = out->v + out->n;
	for (size_t i = 0; i < count; i++) {
		const char *p = s + 9 * i;
		uint64_t x;
		if (!get_hex(p, 8, &x) || (i + 1 < count && p[8] != ' ') || (i && (uint32_t)x <= dst[i - 1]))
			return false;
		dst[i] = (uint32_t)x;
	}
	out->n += count;
	return true;
}

static void need_set(const struct record *rec, const struct field *f, struct u32s *out)
{
	if (!parse_set(f->data, f->len, out))
		die_at(rec->file, rec->line, "the shingle set is not increasing 8-digit hex numbers "
		       "separated by spaces");
}

static char *put_set(char *p, const uint32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ' ';
		p = put_hex(p, set[i], 8);
	}
	return p;
}

/* A similarity in as few digits as give the same double back. */
static size_t put_similarity(char *p, double s)
{
	int n = 0;
	for (int digits = 15; digits <= 17; digits++) {
		n = snprintf(p, 32, "%.*g", digits, s);
		if (strtod(p, NULL) == s)
			break;
	}
	return (size_t)n;
}

static double need_similarity(const struct record *rec, const struct field *f)
{
	char num[40];
	char *end;
	double s = -1;
	if (f->len && f->len < sizeof num) {
		memcpy(num, f->data, f->len);
		num[f->len] = '\0';
		s = strtod(num, &end);
		if (*end)
			s = -1;
	}
	if (!(s >= 0 && s <= 1))
		die_at(rec->file, rec->line, "the similarity is not a number from 0 to 1");
	return s;
}

/* Writes a line's bytes and the writer's terminator as one record. */
static void put_line(struct writer *out, const char *text, size_t len)
{
	char *p = writer_reserve(out, len + 1);
	memcpy(p, text, len);
	p[len] = writer_terminator(out);
	writer_commit(out, len + 1, 1);
}

/* ---- one bit per record: a sparse bitmap of positions, in pages of 32,768 ----------- */

enum { PAGE_BITS = 32768 };

struct bits {
	struct hashmap pages;	/* page number -> index in page[] */
	uint64_t **page;
	size_t n, alloc;
	uint64_t count;		/* bits set */
};

static struct key128 page_key(uint64_t number)
{
	/* hi alone tells pages apart; lo, a mix of it, spreads them over the table. */
	uint64_t x = number * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	return (struct key128){ x ^ (x >> 31), number };
}

static void bits_init(struct bits *b)
{
	memset(b, 0, sizeof *b);
	hashmap_init(&b->pages, 64);
}

static bool bits_has(const struct bits *b, uint64_t pos)
{
	const struct hashmap_slot *s = hashmap_get(&b->pages, page_key(pos / PAGE_BITS));
	if (!s)
		return false;
	uint64_t bit = pos % PAGE_BITS;
	return b->page[s->value.u][bit / 64] >> (bit % 64) & 1;
}

static void bits_set(struct bits *b, uint64_t pos)
{
	bool added;
	struct hashmap_slot *s = hashmap_put(&b->pages, page_key(pos / PAGE_BITS), &added);
	if (added) {
		ALLOC_GROW(b->page, b->n + 1, b->alloc);
		b->page[b->n] = xcalloc(PAGE_BITS / 64, sizeof **b->page);
		s->value.u = b->n++;
	}
	uint64_t bit = pos % PAGE_BITS, *w = &b->page[s->value.u][bit / 64];
	b->count += !(*w >> (bit % 64) & 1);
	*w |= (uint64_t)1 << (bit % 64);
}

static void bits_release(struct bits *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->page[i]);
	free(b->page);
	hashmap_release(&b->pages);
}

/* ---- drop lines: RANK TAB WITNESS [TAB SIMILARITY] ---------------------------------- */

/* decide's last line: whether its drops are final (one run's), or how many records to recheck. */
#define FINAL_LINE "# final"
#define AGAIN_LINE "# not final: "

static void write_status(struct writer *out, uint64_t recheck)
{
	char line[160];
	int n = recheck ? snprintf(line, sizeof line, AGAIN_LINE "%llu records to recheck: run "
				   "--stage=pairs --drops=THIS FILE, then --stage=decide",
				   (unsigned long long)recheck)
			: snprintf(line, sizeof line, FINAL_LINE);
	put_line(out, line, (size_t)n);
}

/*
 * Calls fn for each drop line of a decide or clusters output; the last
 * line must say the drops are final (pairs, for its second round, takes
 * any), so a truncated file or a first round's is never taken as the
 * answer.
 */
static void read_drops(const char *path, bool longest, bool final,
		       void (*fn)(void *ctx, const struct near_rank *r, const struct near_rank *w,
				  double similarity),
		       void *ctx)
{
	/* The reader keeps both while it reads: they live as long as it does. */
	struct input_opts lines = { .format = FMT_LINES };
	char *files[] = { (char *)path };
	struct reader *in = reader_open(&lines, files, 1);
	const struct record *rec;
	bool status = false;
	while ((rec = reader_next(in)) != NULL) {
		if (status)
			die_at(rec->file, rec->line, "a line after the last line of --stage=decide's output");
		if (rec->len && rec->text[0] == '#') {
			/* Hadoop's output adds a TAB to a line that has none. */
			size_t len = rec->len - (rec->text[rec->len - 1] == '\t');
			status = true;
			bool is_final = len == strlen(FINAL_LINE) && memcmp(rec->text, FINAL_LINE, len) == 0;
			if (final && !is_final)
				die_at(rec->file, rec->line, "these drops are not final: run --stage=pairs "
				       "--drops=%s, then --stage=decide, again (rill-dedupe(1), STAGES)", path);
			continue;
		}
		struct field f[4];
		size_t n = split_line(rec, f, 3);
		if (n < 2 || n > 3)
			die_at(rec->file, rec->line, "not a drop line (RANK, WITNESS, SIMILARITY): "
			       "give --drops the output of --stage=decide");
		struct near_rank r, w;
		need_rank(rec, &f[0], longest, &r, "the record");
		need_rank(rec, &f[1], longest, &w, "the witness");
		if (r.earlier || near_rank_cmp(&w, &r) >= 0)
			die_at(rec->file, rec->line, "the witness does not come before the record it drops");
		fn(ctx, &r, &w, n == 3 ? need_similarity(rec, &f[2]) : NAN);
	}
	if (!status)
		die("%s: no last line saying whether the drops are final: not a whole output of "
		    "--stage=decide (cut short?)", path);
	reader_close(in);
}

static void add_drop_bit(void *ctx, const struct near_rank *r, const struct near_rank *w, double s)
{
	bits_set(ctx, r->position);
}

static struct key128 position_key(uint64_t position)
{
	return key_hash(&position, sizeof position);
}

static void add_drop(void *ctx, const struct near_rank *r, const struct near_rank *w, double s)
{
	struct near_drops *d = ctx;
	bool added;
	struct hashmap_slot *slot = hashmap_put(&d->map, position_key(r->position), &added);
	if (!added)
		die("%s: record %llu is dropped twice: two decide outputs together?", "--drops",
		    (unsigned long long)r->position);
	slot->value.u = w->earlier ? 0 : w->position;
	memcpy(&slot->aux, &s, sizeof s);
	d->similarities &= !isnan(s);
}

void near_drops_load(struct near_drops *d, const char *path, bool longest)
{
	hashmap_init(&d->map, 1024);
	d->similarities = true;
	read_drops(path, longest, true, add_drop, d);
}

bool near_drops_find(const struct near_drops *d, uint64_t position, uint64_t *witness,
		     double *similarity)
{
	const struct hashmap_slot *slot = hashmap_get(&d->map, position_key(position));
	if (!slot)
		return false;
	*witness = slot->value.u;
	memcpy(similarity, &slot->aux, sizeof *similarity);
	return true;
}

void near_drops_release(struct near_drops *d)
{
	hashmap_release(&d->map);
}

/* ---- bands ------------------------------------------------------------------------- */

void near_write_bands(struct writer *out, const struct near_rank *r, bool longest,
		      const struct key128 *keys, uint32_t nbands, const uint32_t *set, size_t n,
		      uint32_t digest)
{
	char term = writer_terminator(out), rank[40];
	size_t rw = (size_t)(near_rank_put(rank, r, longest) - rank);
	size_t need = (size_t)nbands * (16 + 1 + rw + 1) + rw + 3 + 8 + 1 + 9 * n + 1;
	char *start = writer_reserve(out, need), *p = start;
	for (uint32_t b = 0; b < nbands; b++) {
		p = put_band(p, keys[b]);
		*p++ = '\t';
		memcpy(p, rank, rw);
		p += rw;
		*p++ = term;
	}
	memcpy(p, rank, rw);
	p += rw;
	memcpy(p, "\ts\t", 3);
	p = put_hex(p + 3, digest, 8);
	*p++ = '\t';
	p = put_set(p, set, n);
	*p++ = term;
	writer_commit(out, (size_t)(p - start), nbands + 1);
}

/* ---- buckets: band lines grouped by key, groups named by their members ------------- */

struct member {
	struct near_rank rank;
	uint32_t next;		/* the bucket's next member, + 1 */
};

static void need_index(size_t n, const struct record *rec)
{
	if (n >= UINT32_MAX)
		die_at(rec->file, rec->line, "more than 4 billion lines for one stage process: "
		       "partition the input further (rill-split --hash)");
}

/* The group of a bucket's members, sorted: a hash of their ranks. */
static struct key128 group_of(const struct near_rank *m, size_t n)
{
	XXH3_state_t *st = XXH3_createState();
	XXH3_128bits_reset(st);
	for (size_t i = 0; i < n; i++) {
		unsigned char b[17];
		memcpy(b, &m[i].priority, 8);
		memcpy(b + 8, &m[i].position, 8);
		b[16] = m[i].earlier;
		XXH3_128bits_update(st, b, sizeof b);
	}
	XXH128_hash_t h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	return (struct key128){ h.low64, h.high64 };
}

void nearstage_buckets(struct run *run, const struct near_stage_opts *o)
{
	struct hashmap buckets;	/* band key -> first member + 1 (value), members (aux) */
	hashmap_init(&buckets, 1 << 16);
	struct member *members = NULL;
	size_t nmembers = 0, amembers = 0;
	const struct record *rec;
	while ((rec = reader_next(run->in)) != NULL) {
		/* A shingle line goes through for the candidates stage, which reads it. */
		size_t rw = near_rank_width(o->longest);
		if (rec->len > rw + 3 && memcmp(rec->text + rw, "\ts\t", 3) == 0) {
			put_line(run->out, rec->text, rec->len);
			continue;
		}
		struct field f[3];
		size_t n = split_line(rec, f, 2);
		struct key128 key;
		if (n != 2 || !get_band(f[0].data, f[0].len, &key))
			die_at(rec->file, rec->line, "not a band line (16 hex digits, TAB, rank) nor a "
			       "shingle line: give --stage=buckets the output of --stage=bands");
		need_index(nmembers, rec);
		ALLOC_GROW(members, nmembers + 1, amembers);
		need_rank(rec, &f[1], o->longest, &members[nmembers].rank, "the record");
		bool added;
		struct hashmap_slot *slot = hashmap_put(&buckets, key, &added);
		members[nmembers].next = (uint32_t)slot->value.u;
		slot->value.u = ++nmembers;
		slot->aux++;
	}
	/* Buckets with the same members are one group: written once here, once per rank later. */
	struct keyset written;
	keyset_init(&written);
	struct near_rank *m = NULL;
	size_t am = 0;
	uint64_t shared = 0, groups = 0;
	char line[33 + 1 + 33 + 3 + 32 + 2];
	for (size_t i = 0; i <= buckets.mask; i++) {
		const struct hashmap_slot *slot = &buckets.slots[i];
		if ((!slot->key.lo && !slot->key.hi) || slot->aux < 2)
			continue;
		shared++;
		size_t n = 0;
		bool now = false;
		ALLOC_GROW(m, slot->aux, am);
		for (uint32_t k = (uint32_t)slot->value.u; k; k = members[k - 1].next) {
			m[n] = members[k - 1].rank;
			now |= !m[n++].earlier;
		}
		qsort(m, n, sizeof *m, by_rank);
		for (size_t j = 1; j < n; j++)
			if (near_rank_cmp(&m[j - 1], &m[j]) == 0)
				die("record %llu is twice in one bucket: a bands output given twice, or "
				    "shards that overlap (--shard)", (unsigned long long)m[j].position);
		/* Earlier runs' records are not compared with each other: only with this run's. */
		struct key128 g = group_of(m, n);
		if (!now || !keyset_add(&written, g))
			continue;
		groups++;
		for (size_t j = 0; j < n; j++) {
			char *p = near_rank_put(line, &m[j], o->longest);
			memcpy(p, "\tm\t", 3);
			p = put_key(p + 3, g);
			put_line(run->out, line, (size_t)(p - line));
		}
	}
	run_figure(run, "buckets_shared", shared);
	run_figure(run, "groups", groups);
	free(m);
	keyset_release(&written);
	free(members);
	hashmap_release(&buckets);
}

/* ---- candidates: each member's set, once per group ---------------------------------- */

struct cand_record {
	struct near_rank rank;
	size_t set_at, set_len;
	bool has_set;
	uint32_t groups;	/* first link + 1 */
};

struct group_link {
	struct key128 group;
	uint32_t next;
};

static int by_key(const void *a, const void *b)
{
	const struct key128 *x = a, *y = b;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return (x->lo > y->lo) - (x->lo < y->lo);
}

void nearstage_candidates(struct run *run, const struct near_stage_opts *o)
{
	struct hashmap index;	/* rank -> record + 1 */
	hashmap_init(&index, 1 << 12);
	struct cand_record *recs = NULL;
	struct group_link *links = NULL;
	struct u32s sets = { 0 };
	size_t nrecs = 0, arecs = 0, nlinks = 0, alinks = 0;
	const struct record *rec;
	while ((rec = reader_next(run->in)) != NULL) {
		struct field f[5];
		size_t n = split_line(rec, f, 4);
		bool shingles = n == 4 && field_is(&f[1], "s"), member = n == 3 && field_is(&f[1], "m");
		if (!shingles && !member)
			die_at(rec->file, rec->line, "neither a shingle line nor a member line: give "
			       "--stage=candidates the output of --stage=buckets");
		struct near_rank r;
		need_rank(rec, &f[0], o->longest, &r, "the record");
		bool added;
		struct hashmap_slot *slot = hashmap_put(&index, rank_key(&r), &added);
		if (added) {
			need_index(nrecs, rec);
			ALLOC_GROW(recs, nrecs + 1, arecs);
			recs[nrecs] = (struct cand_record){ .rank = r };
			slot->value.u = ++nrecs;
		}
		struct cand_record *c = &recs[slot->value.u - 1];
		if (shingles) {
			uint64_t digest;
			if (f[2].len != 8 || !get_hex(f[2].data, 8, &digest))
				die_at(rec->file, rec->line, "the settings digest is not 8 hex digits");
			if (digest != o->digest)
				die_at(rec->file, rec->line, "a shingle line made with other settings (-f, "
				       "the normalization options, --shingle, --hashes, --bands or --keep): "
				       "give every stage the same options");
			if (c->has_set)
				die_at(rec->file, rec->line, "a second shingle line for record %llu: a bands "
				       "output given twice, or shards that overlap (--shard)",
				       (unsigned long long)r.position);
			c->has_set = true;
			c->set_at = sets.n;
			need_set(rec, &f[3], &sets);
			c->set_len = sets.n - c->set_at;
		} else {
			need_index(nlinks, rec);
			ALLOC_GROW(links, nlinks + 1, alinks);
			if (!get_key(f[2].data, f[2].len, &links[nlinks].group))
				die_at(rec->file, rec->line, "the group is not 32 hex digits");
			links[nlinks].next = c->groups;
			c->groups = (uint32_t)++nlinks;
		}
	}
	struct key128 *groups = NULL;
	size_t agroups = 0;
	struct buf line = BUF_INIT;
	uint64_t candidates = 0;
	for (size_t i = 0; i < nrecs; i++) {
		struct cand_record *c = &recs[i];
		if (!c->groups)
			continue;
		if (!c->has_set)
			die("record %llu is in a bucket but has no shingle line: give this stage every "
			    "shingle line of the bands", (unsigned long long)c->rank.position);
		size_t n = 0;
		for (uint32_t k = c->groups; k; k = links[k - 1].next) {
			ALLOC_GROW(groups, n + 1, agroups);
			groups[n++] = links[k - 1].group;
		}
		qsort(groups, n, sizeof *groups, by_key);
		candidates++;
		for (size_t j = 0; j < n; j++) {
			if (j && key_equal(groups[j], groups[j - 1]))
				continue;
			buf_reset(&line);
			buf_grow(&line, 32 + 1 + 33 + 1 + 9 * c->set_len + 1);
			char *p = put_key(line.data, groups[j]);
			*p++ = '\t';
			p = near_rank_put(p, &c->rank, o->longest);
			*p++ = '\t';
			p = put_set(p, sets.v + c->set_at, c->set_len);
			put_line(run->out, line.data, (size_t)(p - line.data));
		}
	}
	run_figure(run, "candidate_records", candidates);
	buf_release(&line);
	free(groups);
	free(sets.v);
	free(links);
	free(recs);
	hashmap_release(&index);
}

/* ---- pairs: the walk of each group ---------------------------------------------------- */

struct cand {
	struct near_rank rank;	/* first: sorted by rank */
	size_t set_at, set_len;
	uint32_t next;		/* the group's next candidate + 1 */
};

struct pairs {
	struct run *run;
	const struct near_stage_opts *o;
	struct bits believed_dropped;	/* the previous round's drops */
	struct u32s sets;
	struct cand **reps, **near_rep;	/* the walk's representatives; those a member is near */
	double *near_sim;
	size_t areps;
	uint32_t *comp_first, *comp_next;	/* --clusters: the components' lists of members */
	size_t acomp;
	/*
	 * Pairs met in an earlier group: a near copy is in several groups
	 * (buckets whose members differ), and is measured and written once.
	 */
	struct hashmap met;	/* (later, earlier) -> similarity or -1 (value), written flags (aux) */
	uint64_t comparisons, pairs;
	char line[33 + 1 + 33 + 1 + 32 + 2];
};

enum { WRITTEN = 1, WRITTEN_PASSED = 2 };

static int by_cand_rank(const void *a, const void *b)
{
	const struct cand *x = *(const struct cand *const *)a, *y = *(const struct cand *const *)b;
	return near_rank_cmp(&x->rank, &y->rank);
}

static bool believed_kept(const struct pairs *ps, const struct cand *x)
{
	return x->rank.earlier || (ps->o->drops && !bits_has(&ps->believed_dropped, x->rank.position));
}

/* The pair's entry in ps->met: later first. */
static struct hashmap_slot *met_slot(struct pairs *ps, const struct cand *later,
				     const struct cand *earlier, bool *added)
{
	unsigned char b[34];
	memcpy(b, &later->rank.priority, 8);
	memcpy(b + 8, &later->rank.position, 8);
	memcpy(b + 16, &earlier->rank.priority, 8);
	memcpy(b + 24, &earlier->rank.position, 8);
	b[32] = later->rank.earlier;
	b[33] = earlier->rank.earlier;
	return hashmap_put(&ps->met, key_hash(b, sizeof b), added);
}

static bool near_pair(struct pairs *ps, const struct cand *later, const struct cand *earlier, double *s)
{
	bool added;
	struct hashmap_slot *slot = met_slot(ps, later, earlier, &added);
	if (added) {
		ps->comparisons++;
		if (!minhash_near(ps->sets.v + later->set_at, later->set_len, ps->sets.v + earlier->set_at,
				  earlier->set_len, ps->o->threshold, s))
			*s = -1;
		slot->value.d = *s;
	}
	*s = slot->value.d;
	return *s >= 0;
}

/*
 * A pair line; `passed`: the later record was passed over as a
 * representative of a group with members after it, which were not
 * compared with it (decide checks that it was not kept).
 */
static void emit_pair(struct pairs *ps, const struct cand *later, const struct cand *earlier, double s,
		      bool passed)
{
	/* Once, or again only to add that it was passed over. */
	bool added;
	struct hashmap_slot *slot = met_slot(ps, later, earlier, &added);
	if (slot->aux & (passed ? WRITTEN_PASSED : WRITTEN))
		return;
	slot->aux |= WRITTEN | (passed ? WRITTEN_PASSED : 0);
	/* --clusters' pairs say so: decide and decide --clusters each refuse the other's. */
	char *p = near_rank_put(ps->line, &later->rank, ps->o->longest);
	*p++ = '\t';
	p = near_rank_put(p, &earlier->rank, ps->o->longest);
	*p++ = '\t';
	p += put_similarity(p, s);
	if (passed || ps->o->clusters) {
		memcpy(p, ps->o->clusters ? "\tc" : "\tp", 2);
		p += 2;
	}
	put_line(ps->run->out, ps->line, (size_t)(p - ps->line));
	ps->pairs++;
}

/*
 * One run's rule, group by group: each member against the representatives
 * so far; it becomes one when near none, or believed kept (nearstage.h).
 * Records of earlier runs are kept: representatives, never compared with
 * each other.
 */
static void walk_greedy(struct pairs *ps, struct cand **m, size_t n)
{
	size_t nreps = 0;
	for (size_t i = 0; i < n; i++) {
		struct cand *x = m[i];
		size_t nnear = 0;
		for (size_t r = 0; r < nreps && !x->rank.earlier; r++)
			if (near_pair(ps, x, ps->reps[r], &ps->near_sim[nnear]))
				ps->near_rep[nnear++] = ps->reps[r];
		/*
		 * One run's bucket takes its first MINHASH_BUCKET_RECORDS records
		 * (minhash.h): a member after them is found through them, never a
		 * representative itself, so never passed over either.
		 */
		bool takes = i < MINHASH_BUCKET_RECORDS;
		bool joins = takes && (!nnear || believed_kept(ps, x));
		for (size_t k = 0; k < nnear; k++)
			emit_pair(ps, x, ps->near_rep[k], ps->near_sim[k], takes && !joins && i + 1 < n);
		if (joins)
			ps->reps[nreps++] = x;
	}
}

/*
 * --clusters: the group's components so far, each a list of members; a
 * member is compared with each component's members until one is near,
 * and joins (merges) the components it is near.  As in the greedy walk,
 * only a group's first MINHASH_BUCKET_RECORDS members are in the lists,
 * so the work stays linear: the components are those of every near pair
 * whose earlier record is among the first of a bucket both fall in.
 */
static void walk_components(struct pairs *ps, struct cand **m, size_t n)
{
	if (n > ps->acomp) {
		ps->acomp = alloc_grow_to(ps->acomp, n);
		ps->comp_first = xreallocarray(ps->comp_first, ps->acomp, sizeof *ps->comp_first);
		ps->comp_next = xreallocarray(ps->comp_next, ps->acomp, sizeof *ps->comp_next);
	}
	uint32_t *first = ps->comp_first, *next = ps->comp_next;
	/* first[c]: component c's first member + 1, 0 once merged away; next[i]: i's next + 1. */
	size_t ncomps = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t into = UINT32_MAX, last_of_into = 0;
		for (size_t c = 0; c < ncomps; c++) {
			uint32_t last = 0;
			bool joined = false;
			for (uint32_t k = first[c]; k && !joined; last = k, k = next[k - 1]) {
				double s;
				if (near_pair(ps, m[i], m[k - 1], &s)) {
					emit_pair(ps, m[i], m[k - 1], s, false);
					joined = true;
				}
			}
			if (!joined)
				continue;
			while (next[last - 1])
				last = next[last - 1];
			if (into == UINT32_MAX) {
				into = (uint32_t)c;
				last_of_into = last;
				continue;
			}
			/* c joins `into`: its list goes on the end of into's. */
			next[last_of_into - 1] = first[c];
			last_of_into = last;
			first[c] = 0;
		}
		next[i] = 0;
		if (i >= MINHASH_BUCKET_RECORDS)
			continue;
		if (into == UINT32_MAX) {
			into = (uint32_t)ncomps++;
			first[into] = (uint32_t)i + 1;
		} else {
			next[last_of_into - 1] = (uint32_t)i + 1;
		}
	}
}

void nearstage_pairs(struct run *run, const struct near_stage_opts *o)
{
	struct pairs ps = { .run = run, .o = o };
	bits_init(&ps.believed_dropped);
	hashmap_init(&ps.met, 1 << 12);
	if (o->drops)
		read_drops(o->drops, o->longest, false, add_drop_bit, &ps.believed_dropped);
	struct hashmap groups;	/* group -> first candidate + 1 (value), candidates (aux) */
	hashmap_init(&groups, 1 << 12);
	struct cand *cands = NULL;
	size_t ncands = 0, acands = 0;
	const struct record *rec;
	while ((rec = reader_next(run->in)) != NULL) {
		struct field f[4];
		struct key128 g;
		if (split_line(rec, f, 3) != 3 || !get_key(f[0].data, f[0].len, &g))
			die_at(rec->file, rec->line, "not a candidate line (group, rank, shingles): give "
			       "--stage=pairs the output of --stage=candidates");
		need_index(ncands, rec);
		ALLOC_GROW(cands, ncands + 1, acands);
		struct cand *c = &cands[ncands];
		need_rank(rec, &f[1], o->longest, &c->rank, "the record");
		c->set_at = ps.sets.n;
		need_set(rec, &f[2], &ps.sets);
		c->set_len = ps.sets.n - c->set_at;
		bool added;
		struct hashmap_slot *slot = hashmap_put(&groups, g, &added);
		c->next = (uint32_t)slot->value.u;
		slot->value.u = ++ncands;
		slot->aux++;
	}
	struct cand **m = NULL;
	size_t am = 0;
	uint64_t walked = 0;
	for (size_t i = 0; i <= groups.mask; i++) {
		const struct hashmap_slot *slot = &groups.slots[i];
		if ((!slot->key.lo && !slot->key.hi) || slot->aux < 2)
			continue;
		size_t n = 0;
		ALLOC_GROW(m, slot->aux, am);
		if (slot->aux > ps.areps) {
			ps.areps = alloc_grow_to(ps.areps, slot->aux);
			ps.reps = xreallocarray(ps.reps, ps.areps, sizeof *ps.reps);
			ps.near_rep = xreallocarray(ps.near_rep, ps.areps, sizeof *ps.near_rep);
			ps.near_sim = xreallocarray(ps.near_sim, ps.areps, sizeof *ps.near_sim);
		}
		for (uint32_t k = (uint32_t)slot->value.u; k; k = cands[k - 1].next)
			m[n++] = &cands[k - 1];
		qsort(m, n, sizeof *m, by_cand_rank);
		for (size_t j = 1; j < n; j++)
			if (near_rank_cmp(&m[j - 1]->rank, &m[j]->rank) == 0)
				die("record %llu is twice in one group: a candidates output given twice?",
				    (unsigned long long)m[j]->rank.position);
		walked++;
		(o->clusters ? walk_components : walk_greedy)(&ps, m, n);
	}
	run_figure(run, "groups", walked);
	run_figure(run, "comparisons", ps.comparisons);
	run_figure(run, "pairs", ps.pairs);
	free(m);
	free(ps.reps);
	free(ps.near_rep);
	free(ps.near_sim);
	free(ps.comp_first);
	free(ps.comp_next);
	free(ps.sets.v);
	free(cands);
	hashmap_release(&groups);
	bits_release(&ps.believed_dropped);
	hashmap_release(&ps.met);
}

/* ---- decide: the pairs in the later record's order, one bit per record ------------- */

uint64_t nearstage_decide(struct run *run, const struct near_stage_opts *o)
{
	struct bits dropped;
	bits_init(&dropped);
	struct near_rank later = { 0 }, best = { 0 };
	bool have_later = false, have_best = false, passed = false;
	double best_similarity = 0;
	uint64_t recheck = 0;
	char line[33 + 1 + 33 + 1 + 32 + 2];
	const struct record *rec;
	for (;;) {
		rec = reader_next(run->in);
		struct field f[5];
		struct near_rank l = { 0 }, e = { 0 };
		size_t n = 0;
		if (rec) {
			n = split_line(rec, f, 4);
			if (n < 3 || n > 4 || (n == 4 && !field_is(&f[3], "p")))
				die_at(rec->file, rec->line, "not a pair line (later, earlier, similarity[, p]): "
				       "give --stage=decide the sorted output of --stage=pairs (without "
				       "--clusters)");
			need_rank(rec, &f[0], o->longest, &l, "the later record");
			need_rank(rec, &f[1], o->longest, &e, "the earlier record");
			if (l.earlier || near_rank_cmp(&e, &l) >= 0)
				die_at(rec->file, rec->line, "the earlier record of a pair does not come "
				       "before the later");
		}
		/* The later record's pairs are all read: it is dropped if one names a kept record. */
		if (have_later && (!rec || near_rank_cmp(&l, &later) != 0)) {
			if (have_best) {
				bits_set(&dropped, later.position);
				char *p = near_rank_put(line, &later, o->longest);
				*p++ = '\t';
				p = near_rank_put(p, &best, o->longest);
				*p++ = '\t';
				p += put_similarity(p, best_similarity);
				put_line(run->out, line, (size_t)(p - line));
			} else if (passed) {
				recheck++;	/* kept, yet later members of a group were not compared with it */
			}
			if (rec && near_rank_cmp(&l, &later) < 0)
				die_at(rec->file, rec->line, "the pairs are not sorted by their first field: "
				       "sort them (LC_ALL=C sort) before --stage=decide");
			have_best = passed = false;
		}
		if (!rec)
			break;
		later = l;
		have_later = true;
		passed |= n == 4;
		double s = need_similarity(rec, &f[2]);
		bool kept = e.earlier || !bits_has(&dropped, e.position);
		/* One run's witness: the most similar kept record, the first of equals. */
		if (kept && (!have_best || s > best_similarity ||
			     (s == best_similarity && near_rank_cmp(&e, &best) < 0))) {
			best = e;
			best_similarity = s;
			have_best = true;
		}
	}
	write_status(run->out, recheck);
	run_figure(run, "near_duplicates", dropped.count);
	run_figure(run, "records_to_recheck", recheck);
	bits_release(&dropped);
	return recheck;
}

/* ---- clusters: connected components of the pairs --------------------------------------- */

struct node {
	struct near_rank rank;
	uint32_t parent;
};

static uint32_t find_root(struct node *nodes, uint32_t x)
{
	while (nodes[x].parent != x) {
		nodes[x].parent = nodes[nodes[x].parent].parent;	/* path halving */
		x = nodes[x].parent;
	}
	return x;
}

static uint32_t node_of(struct hashmap *index, struct node **nodes, size_t *n, size_t *alloc,
			const struct near_rank *r, const struct record *rec)
{
	bool added;
	struct hashmap_slot *slot = hashmap_put(index, rank_key(r), &added);
	if (added) {
		need_index(*n, rec);
		ALLOC_GROW(*nodes, *n + 1, *alloc);
		(*nodes)[*n] = (struct node){ *r, (uint32_t)*n };
		slot->value.u = (*n)++;
	}
	return (uint32_t)slot->value.u;
}

static int by_node_rank(const void *a, const void *b)
{
	return near_rank_cmp(&((const struct node *)a)->rank, &((const struct node *)b)->rank);
}

void nearstage_clusters(struct run *run, const struct near_stage_opts *o)
{
	struct hashmap index;
	hashmap_init(&index, 1 << 12);
	struct node *nodes = NULL;
	size_t n = 0, alloc = 0;
	const struct record *rec;
	while ((rec = reader_next(run->in)) != NULL) {
		struct field f[4];
		struct near_rank l, e;
		if (split_line(rec, f, 4) != 4 || !field_is(&f[3], "c"))
			die_at(rec->file, rec->line, "not a pair line of --clusters (later, earlier, "
			       "similarity, c): give --stage=decide --clusters the output of "
			       "--stage=pairs --clusters");
		need_rank(rec, &f[0], o->longest, &l, "the later record");
		need_rank(rec, &f[1], o->longest, &e, "the earlier record");
		need_similarity(rec, &f[2]);
		/* Both nodes first: node_of may move nodes. */
		uint32_t a = node_of(&index, &nodes, &n, &alloc, &l, rec);
		uint32_t b = node_of(&index, &nodes, &n, &alloc, &e, rec);
		a = find_root(nodes, a);
		b = find_root(nodes, b);
		/* The root is the component's first record in rank order: the one kept. */
		if (a != b) {
			if (near_rank_cmp(&nodes[a].rank, &nodes[b].rank) < 0)
				nodes[b].parent = a;
			else
				nodes[a].parent = b;
		}
	}
	/* Each record's root, then the records in rank order (the drop lines decide writes). */
	struct node *out = xmalloc((n ? n : 1) * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = (struct node){ nodes[i].rank, find_root(nodes, (uint32_t)i) };
	qsort(out, n, sizeof *out, by_node_rank);
	char line[33 + 1 + 33 + 2];
	uint64_t dropped = 0;
	for (size_t i = 0; i < n; i++) {
		const struct near_rank *root = &nodes[out[i].parent].rank;
		if (out[i].rank.earlier || near_rank_cmp(root, &out[i].rank) == 0)
			continue;
		char *p = near_rank_put(line, &out[i].rank, o->longest);
		*p++ = '\t';
		p = near_rank_put(p, root, o->longest);
		put_line(run->out, line, (size_t)(p - line));
		dropped++;
	}
	write_status(run->out, 0);
	run_figure(run, "near_duplicates", dropped);
	free(out);
	free(nodes);
	hashmap_release(&index);
}

/* ---- index: the kept records' lines, as an earlier run's --------------------------- */

/* A rank of this run as an earlier run's in the index. */
static void as_earlier(struct near_rank *r, const char *run_name)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s%c%llu", run_name, 0, (unsigned long long)r->position);
	r->position = XXH3_64bits(b.data, b.len);
	r->earlier = true;
	buf_release(&b);
}

void nearstage_index(struct run *run, const struct near_stage_opts *o)
{
	struct bits dropped;
	bits_init(&dropped);
	read_drops(o->drops, o->longest, true, add_drop_bit, &dropped);
	struct buf line = BUF_INIT;
	uint64_t kept = 0;
	const struct record *rec;
	while ((rec = reader_next(run->in)) != NULL) {
		struct field f[5];
		size_t n = split_line(rec, f, 4);
		bool shingles = n == 4 && field_is(&f[1], "s");
		struct key128 key;
		if (!shingles && (n != 2 || !get_band(f[0].data, f[0].len, &key)))
			die_at(rec->file, rec->line, "not a band line nor a shingle line: give "
			       "--stage=index the output of --stage=bands (and the index before)");
		const struct field *rank = shingles ? &f[0] : &f[1];
		struct near_rank r;
		need_rank(rec, rank, o->longest, &r, "the record");
		if (!r.earlier && bits_has(&dropped, r.position))
			continue;
		if (!r.earlier) {
			as_earlier(&r, o->run_name);
			kept += shingles;
		}
		/* The line again, its rank rewritten where it lies. */
		buf_reset(&line);
		buf_add(&line, rec->text, rec->len);
		near_rank_put(line.data + (rank->data - rec->text), &r, o->longest);
		put_line(run->out, line.data, line.len);
	}
	run_figure(run, "records_indexed", kept);
	buf_release(&line);
	bits_release(&dropped);
}

double near_catch_probability(double s, uint32_t rows, uint32_t bands)
{
	return 1 - pow(1 - pow(s, rows), bands);
}
