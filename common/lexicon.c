/* lexicon: phrases in a token trie over two hashmaps (the root's edges, the rest); see lexicon.h. */
#include "lexicon.h"
#include "diag.h"
#include "linefile.h"
#include "segment.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

void lexicon_init(struct lexicon *lx, const struct key_opts *o)
{
	memset(lx, 0, sizeof *lx);
	keyer_init(&lx->keyer, o);
	hashmap_init(&lx->roots, 1024);
	hashmap_init(&lx->trie, 1024);
	lx->nodes = 1;	/* the root */
}

void lexicon_release(struct lexicon *lx)
{
	keyer_release(&lx->keyer);
	hashmap_release(&lx->roots);
	hashmap_release(&lx->trie);
	free(lx->tag_next);
	free(lx->tag_id);
	for (size_t i = 0; i < lx->ntags; i++)
		free(lx->tags[i]);
	free(lx->tags);
	free(lx->tag_lens);
	free(lx->tok);
	buf_release(&lx->norm);
}

void lexicon_share(struct lexicon *copy, const struct lexicon *lx)
{
	*copy = *lx;
	copy->tok = NULL;
	copy->ntok = copy->atok = 0;
	copy->norm = (struct buf)BUF_INIT;
	keyer_init(&copy->keyer, &lx->keyer.o);
}

void lexicon_unshare(struct lexicon *copy)
{
	keyer_release(&copy->keyer);
	free(copy->tok);
	buf_release(&copy->norm);
}

uint32_t lexicon_tag(struct lexicon *lx, const char *name, size_t len)
{
	for (size_t i = 0; i < lx->ntags; i++)
		if (lx->tag_lens[i] == len && memcmp(lx->tags[i], name, len) == 0)
			return (uint32_t)i;
	if (lx->ntags == lx->atags) {
		lx->atags = alloc_grow_to(lx->atags, lx->ntags + 1);
		lx->tags = xreallocarray(lx->tags, lx->atags, sizeof *lx->tags);
		lx->tag_lens = xreallocarray(lx->tag_lens, lx->atags, sizeof *lx->tag_lens);
	}
	char *t = xmalloc(len + 1);
	memcpy(t, name, len);
	t[len] = '\0';
	lx->tags[lx->ntags] = t;
	lx->tag_lens[lx->ntags] = len;
	return (uint32_t)lx->ntags++;
}

/*
 * The trie's edge from a node by a token.  The token's key is uniform
 * already: mixing the parent in (a different odd-multiplier mix for each
 * half) keeps edges of one parent distinct and spreads those of different
 * parents, without a second hash of the token.
 */
static struct key128 edge(uint64_t parent, struct key128 token)
{
	uint64_t m = (parent + 1) * 0x9E3779B97F4A7C15ULL;
	m ^= m >> 29;
	return (struct key128){ token.lo ^ m, token.hi ^ (m * 0xBF58476D1CE4E5B9ULL) };
}

static bool only_space(const char *p, size_t n)
{
	/* Mostly one ASCII space between words. */
	if (n == 1 && (unsigned char)*p < 0x80)
		return utf8_is_space((unsigned char)*p);
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t c = utf8_decode((const unsigned char *)p + i, n - i, &len);
		if (!utf8_is_space(c))
			return false;
		i += len;
	}
	return true;
}

/* A word without a possessive 's or ’s at its end. */
static size_t without_possessive(const char *p, size_t n)
{
	if (n > 2 && (p[n - 1] == 's' || p[n - 1] == 'S') && p[n - 2] == '\'')
		return n - 2;
	if (n > 4 && (p[n - 1] == 's' || p[n - 1] == 'S') && memcmp(p + n - 4, "\xE2\x80\x99", 3) == 0)
		return n - 4;
	return n;
}

/* The two halves of a 128-bit product folded together (wyhash's mixer); it need not be a bijection. */
static inline uint64_t fold_mul(uint64_t x, uint64_t k)
{
	unsigned __int128 m = (unsigned __int128)x * k;
	return (uint64_t)m ^ (uint64_t)(m >> 64);
}

/*
 * A token of at most 15 bytes is its own key: its bytes and its length
 * packed into 128 bits (no two tokens share one) and spread by two
 * Feistel rounds, a bijection whatever the round function: one multiply
 * each.  Most words are that short, and this costs two multiplications
 * where a hash costs a call.  Longer tokens are hashed.
 */
static inline struct key128 packed_key(uint64_t lo, uint64_t hi, size_t n)
{
	hi |= (uint64_t)n << 56;
	hi ^= fold_mul(lo, 0x9E3779B97F4A7C15ULL);
	lo ^= fold_mul(hi, 0xD6E8FEB86659FD93ULL);
	return (struct key128){ lo, hi };
}

static struct key128 token_key(const char *p, size_t n)
{
	if (n > 15)
		return key_hash(p, n);
	unsigned char b[16] = { 0 };
	memcpy(b, p, n);
	uint64_t lo, hi;
	memcpy(&lo, b, 8);
	memcpy(&hi, b + 8, 8);
	return packed_key(lo, hi, n);
}

/* Eight ASCII bytes with A-Z made a-z, no branch (no byte reaches 0x80, so no carry between bytes). */
static inline uint64_t ascii_lower8(uint64_t x)
{
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t above_z = x + 0x2525252525252525ULL;	/* high bit: byte > 'Z' */
	uint64_t from_a = x + 0x3F3F3F3F3F3F3F3FULL;	/* high bit: byte >= 'A' */
	return x | ((from_a & ~above_z & high) >> 2);
}

/*
 * token_key of an ASCII word's normalized form, straight from the text:
 * only case folding can change ASCII (the caller checked no other option
 * is on), done on eight bytes at a time.  `room` bytes can be read from p.
 */
static inline struct key128 ascii_token_key(const char *p, size_t n, size_t room, bool fold)
{
	uint64_t lo = 0, hi = 0;
	if (room >= 16) {
		memcpy(&lo, p, 8);
		memcpy(&hi, p + 8, 8);
		/* Only the word's own bytes. */
		if (n < 8) {
			lo &= n ? ~0ULL >> (64 - 8 * n) : 0;
			hi = 0;
		} else if (n < 16) {
			hi &= n > 8 ? ~0ULL >> (128 - 8 * n) : 0;
		}
	} else {
		unsigned char b[16] = { 0 };
		memcpy(b, p, n);
		memcpy(&lo, b, 8);
		memcpy(&hi, b + 8, 8);
	}
	if (fold) {
		lo = ascii_lower8(lo);
		hi = ascii_lower8(hi);
	}
	return packed_key(lo, hi, n);
}

/* The key of the word text[a..end) (b: where the segmenter ended it, its possessive after end). */
static inline struct key128 word_key(struct lexicon *lx, const char *text, size_t len, size_t a,
				     size_t end, bool ascii)
{
	const struct key_opts *o = &lx->keyer.o;
	size_t n = end - a;
	/* ASCII words change only by case folding, if at all: keyed from the text itself. */
	if (ascii && n <= 15 && !o->squeeze && !o->strip_punct)
		return ascii_token_key(text + a, n, len - a, o->icase);
	buf_reset(&lx->norm);
	if (ascii)
		key_normalize_ascii(&lx->keyer, text + a, n, &lx->norm);
	else
		key_normalize(&lx->keyer, text + a, n, &lx->norm);
	return token_key(lx->norm.data ? lx->norm.data : "", lx->norm.len);
}

/* Cuts text into normalized word tokens, in lx->tok. */
static void tokenize(struct lexicon *lx, const char *text, size_t len)
{
	struct segmenter seg;
	seg_init(&seg, SEG_WORDS, text, len, NULL);
	size_t a, b, prev_end = 0;
	lx->ntok = 0;
	while (seg_next_word(&seg, &a, &b)) {
		ALLOC_GROW(lx->tok, lx->ntok + 1, lx->atok);
		struct token *t = &lx->tok[lx->ntok];
		t->start = a;
		t->end = a + without_possessive(text + a, b - a);
		t->space_before = lx->ntok > 0 && only_space(text + prev_end, a - prev_end);
		t->key = word_key(lx, text, len, a, t->end, seg.ascii_word);
		prev_end = b;
		lx->ntok++;
	}
}

static void add_phrase(struct lexicon *lx, const char *phrase, size_t plen, uint32_t tag,
		       const char *file, uint64_t line)
{
	tokenize(lx, phrase, plen);
	if (lx->ntok == 0) {
		warn_at(file, line, "phrase '%.*s' has no word: ignored", (int)plen, phrase);
		return;
	}
	uint64_t node = 0;
	for (size_t i = 0; i < lx->ntok; i++) {
		bool added;
		struct hashmap_slot *s =
			hashmap_put(i ? &lx->trie : &lx->roots, edge(node, lx->tok[i].key), &added);
		if (added)
			s->value.u = lx->nodes++;
		node = s->value.u;
		if (i + 1 == lx->ntok) {
			/*
			 * The tags of a node hang on its own slot's aux: a list in two
			 * arrays, in order of name, the order rill-tag writes a
			 * phrase's spans in (so it need not sort them).
			 */
			uint32_t *link = NULL;	/* NULL: the slot's aux */
			for (uint32_t e = (uint32_t)s->aux; e; e = lx->tag_next[e - 1]) {
				int order = strcmp(lx->tags[lx->tag_id[e - 1]], lx->tags[tag]);
				if (order == 0)
					return;
				if (order > 0)
					break;
				link = &lx->tag_next[e - 1];
			}
			if (lx->ntags_entries == lx->atags_entries) {
				size_t at = link ? (size_t)(link - lx->tag_next) : 0;
				lx->atags_entries = alloc_grow_to(lx->atags_entries, lx->ntags_entries + 1);
				lx->tag_next = xreallocarray(lx->tag_next, lx->atags_entries, sizeof *lx->tag_next);
				lx->tag_id = xreallocarray(lx->tag_id, lx->atags_entries, sizeof *lx->tag_id);
				if (link)
					link = &lx->tag_next[at];
			}
			lx->tag_id[lx->ntags_entries] = tag;
			lx->tag_next[lx->ntags_entries] = link ? *link : (uint32_t)s->aux;
			if (link)
				*link = ++lx->ntags_entries;
			else
				s->aux = ++lx->ntags_entries;
		}
	}
	if (lx->ntok > lx->longest)
		lx->longest = lx->ntok;
}

struct load {
	struct lexicon *lx;
	const char *path;
};

static void load_line(char *line, size_t n, uint64_t number, void *ctx)
{
	struct load *ld = ctx;
	char *tab = memchr(line, '\t', n);
	if (!tab || tab == line || tab + 1 == line + n)
		die_usage("%s:%llu: a lexicon line is PHRASE<TAB>TAG", ld->path,
			  (unsigned long long)number);
	if (!utf8_valid(line, n))
		die_usage("%s:%llu: invalid UTF-8", ld->path, (unsigned long long)number);
	uint32_t tag = lexicon_tag(ld->lx, tab + 1, (size_t)(line + n - tab - 1));
	add_phrase(ld->lx, line, (size_t)(tab - line), tag, ld->path, number);
}

void lexicon_load(struct lexicon *lx, const char *path)
{
	struct load ld = { lx, path };
	linefile_read(path, "--lexicon", load_line, &ld);
}

/* Slots of a table small enough to stay in the L2 cache (32 bytes each). */
enum { SMALL_TRIE = 1 << 14 };

void lexicon_match(struct lexicon *lx, const char *text, size_t len,
		   void (*fn)(const struct lexicon_match *m, void *ctx), void *ctx)
{
	if (!lx->roots.count)
		return;
	if (lx->longest == 1 && lx->roots.mask < SMALL_TRIE) {
		/*
		 * Single words in a table near the cache: each word looked up
		 * as the segmenter finds the next, its slot fetched meanwhile,
		 * with no token array.
		 */
		struct segmenter seg;
		seg_init(&seg, SEG_WORDS, text, len, NULL);
		size_t a, b, pending_start = 0, pending_end = 0;
		struct key128 pending = { 0, 0 };
		bool any = false;
		for (;;) {
			bool more = seg_next_word(&seg, &a, &b);
			struct key128 key = { 0, 0 };
			size_t end = 0;
			if (more) {
				end = a + without_possessive(text + a, b - a);
				key = edge(0, word_key(lx, text, len, a, end, seg.ascii_word));
				hashmap_prefetch(&lx->roots, key);
			}
			if (any) {
				const struct hashmap_slot *s = hashmap_get(&lx->roots, pending);
				for (uint32_t e = s ? (uint32_t)s->aux : 0; e; e = lx->tag_next[e - 1]) {
					struct lexicon_match m = { pending_start, pending_end, lx->tag_id[e - 1] };
					fn(&m, ctx);
				}
			}
			if (!more)
				break;
			pending = key;
			pending_start = a;
			pending_end = end;
			any = true;
		}
		return;
	}
	tokenize(lx, text, len);
	/*
	 * Every token starts a lookup at the root: those slots are fetched a
	 * few tokens ahead, so a large lexicon's cache misses overlap.
	 */
	enum { AHEAD = 8 };
	for (size_t i = 0; i < lx->ntok && i < AHEAD; i++)
		hashmap_prefetch(&lx->roots, edge(0, lx->tok[i].key));
	for (size_t i = 0; i < lx->ntok; i++) {
		if (i + AHEAD < lx->ntok)
			hashmap_prefetch(&lx->roots, edge(0, lx->tok[i + AHEAD].key));
		uint64_t node = 0;
		for (size_t j = i; j < lx->ntok && j - i < lx->longest; j++) {
			if (j > i && !lx->tok[j].space_before)
				break;
			struct hashmap_slot *s =
				hashmap_get(j > i ? &lx->trie : &lx->roots, edge(node, lx->tok[j].key));
			if (!s)
				break;
			node = s->value.u;
			for (uint32_t e = (uint32_t)s->aux; e; e = lx->tag_next[e - 1]) {
				struct lexicon_match m = { lx->tok[i].start, lx->tok[j].end,
							   lx->tag_id[e - 1] };
				fn(&m, ctx);
			}
		}
	}
}
