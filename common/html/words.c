/*
 * words: what the words of a class or id value say about an element.
 *
 * Sites name their parts: "comments", "share-bar", "related-stories",
 * "article-body", "byline".  The vocabulary is data
 * (common/html/classwords/, compiled in: classwords.h): that of the page
 * builders and forum software and of the extractors that read them
 * (readability's candidate patterns, trafilatura's discard and body
 * expressions, boilerpipe's and jusText's notes), with the words sites use
 * in the languages of Europe and beyond (transliterated, as class names
 * are).  It names kinds of page part, never a site.
 *
 * A value is cut into words at anything that is not a letter or digit and
 * where a lower-case letter meets a capital ("articleBody"); each word is
 * looked up whole, by its prefix (a stem such as "comment" also names
 * "comments" and "commentlist"), and joined with the next word
 * ("most-read" is "mostread").  A word after "has", "with", "no" or
 * "without" names a feature of the page, not the element ("has-sidebar"),
 * and is skipped.
 */
#include "internal.h"
#include "classwords.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

#define COMMENTS (NODE_COMMENTS | NODE_CHROME)
#define DIALOG (NODE_DIALOG | NODE_CHROME)
/* Kinds of word, not flags of elements (the high bits, never returned). */
#define W_PART (1u << 31)	/* names a part of the article: "article__title" is not its body */
#define W_MODIFIER (1u << 30)	/* "has-sidebar": the next word is a feature of the page */
#define W_STATE (1u << 29)	/* "comments-open": the word before is a state, not a part */
#define W_ALONE (1u << 28)	/* "hidden": only as the value's one word */
#define W_KINDS (W_PART | W_MODIFIER | W_STATE | W_ALONE)

/* What a word's kinds (classwords.h) make of an element. */
static uint32_t kind_flags(unsigned kinds)
{
	static const struct { unsigned kind; uint32_t flags; } map[] = {
		{ CW_PART, W_PART }, { CW_MODIFIER, W_MODIFIER }, { CW_STATE, W_STATE }, { CW_ALONE, W_ALONE },
		{ CW_CHROME, NODE_CHROME }, { CW_DIALOG, DIALOG }, { CW_ASIDE, NODE_ASIDE },
		{ CW_COMMENTS, COMMENTS }, { CW_META, NODE_META }, { CW_LEAD, NODE_LEAD },
		{ CW_HIDDEN, NODE_HIDDEN_CLASS }, { CW_CONTENT, NODE_CONTENT },
	};
	uint32_t f = 0;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (kinds & map[i].kind)
			f |= map[i].flags;
	return f;
}

/*
 * The vocabulary in a hash table built once: a word is looked up at each
 * of its prefixes in one pass, the hash carried from one length to the
 * next, so a class of a few words costs a few dozen probes.
 */
enum { TABLE = 2048 };	/* a power of two, over three times the words */

static struct {
	uint32_t hash;
	uint32_t flags, prefix_flags;	/* for the word whole; for it as a prefix */
	uint8_t len;
	const char *w;
} table[TABLE];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static uint32_t step(uint32_t h, char c)
{
	return (h ^ (unsigned char)c) * 16777619u;
}

static void build_table(void)
{
	if (class_word_count * 3 > TABLE)
		bug("words: %zu class words for a table of %d", class_word_count, TABLE);
	for (size_t i = 0; i < class_word_count; i++) {
		const struct class_word *v = &class_words[i];
		uint32_t h = 2166136261u, flags = kind_flags(v->kinds);
		size_t n = strlen(v->word);
		for (size_t k = 0; k < n; k++)
			h = step(h, v->word[k]);
		size_t slot = h & (TABLE - 1);
		while (table[slot].w && strcmp(table[slot].w, v->word) != 0)
			slot = (slot + 1) & (TABLE - 1);
		table[slot].w = v->word;
		table[slot].hash = h;
		table[slot].len = (uint8_t)n;
		table[slot].flags |= flags;
		if (v->prefix)
			table[slot].prefix_flags |= flags;
	}
}

static uint32_t lookup(const char *w, size_t n)
{
	pthread_once(&table_once, build_table);
	uint32_t f = 0, h = 2166136261u;
	for (size_t k = 0; k < n; k++) {
		h = step(h, w[k]);
		if (k + 1 < 2)
			continue;
		for (size_t slot = h & (TABLE - 1); table[slot].w; slot = (slot + 1) & (TABLE - 1))
			if (table[slot].hash == h && table[slot].len == k + 1 &&
			    memcmp(table[slot].w, w, k + 1) == 0) {
				f |= k + 1 == n ? table[slot].flags : table[slot].prefix_flags;
				break;
			}
	}
	/* "commentary" is an opinion piece, not readers' comments. */
	if (n >= 10 && memcmp(w, "commentary", 10) == 0)
		f &= ~(uint32_t)COMMENTS;
	return f;
}

/* A word's own entry, whole (not as a prefix of it): its flags and kind bits. */
static uint32_t lookup_exact(const char *w, size_t n)
{
	pthread_once(&table_once, build_table);
	uint32_t h = 2166136261u;
	for (size_t k = 0; k < n; k++)
		h = step(h, w[k]);
	for (size_t slot = h & (TABLE - 1); table[slot].w; slot = (slot + 1) & (TABLE - 1))
		if (table[slot].hash == h && table[slot].len == n && memcmp(table[slot].w, w, n) == 0)
			return table[slot].flags;
	return 0;
}

enum { WORD_MAX = 24, WORDS_MAX = 12 };

uint32_t words_classify(const char *value, size_t n)
{
	char words[WORDS_MAX][WORD_MAX];
	size_t lens[WORDS_MAX], count = 0;
	size_t i = 0;
	while (i < n && count < WORDS_MAX) {
		while (i < n && !((value[i] >= 'a' && value[i] <= 'z') ||
				  (value[i] >= 'A' && value[i] <= 'Z') || (value[i] >= '0' && value[i] <= '9')))
			i++;
		size_t len = 0;
		while (i < n && ((value[i] >= 'a' && value[i] <= 'z') ||
				 (value[i] >= 'A' && value[i] <= 'Z') || (value[i] >= '0' && value[i] <= '9'))) {
			char c = value[i];
			bool upper = c >= 'A' && c <= 'Z';
			/* camelCase: a capital after a lower-case letter starts a new word */
			if (upper && len && words[count][len - 1] >= 'a' && words[count][len - 1] <= 'z' &&
			    i > 0 && value[i - 1] >= 'a' && value[i - 1] <= 'z')
				break;
			if (len < WORD_MAX - 1)
				words[count][len++] = upper ? (char)(c + 32) : c;
			i++;
		}
		if (len) {
			words[count][len] = '\0';
			lens[count++] = len;
		}
	}
	/* Each word's own entry, once: its flags and what kind of word it is. */
	uint32_t own[WORDS_MAX];
	bool part = false;	/* a word naming a part of the article: "article__title" is not its body */
	for (size_t k = 0; k < count; k++) {
		own[k] = lookup_exact(words[k], lens[k]);
		part |= (own[k] & W_PART) != 0;
	}
	uint32_t f = 0;
	for (size_t k = 0; k < count; k++) {
		if (k > 0 && (own[k - 1] & W_MODIFIER))
			continue;
		if (k + 1 < count && (own[k + 1] & W_STATE))
			continue;
		if (!(count > 1 && (own[k] & W_ALONE)))
			f |= lookup(words[k], lens[k]);
		if (k + 1 < count && lens[k] + lens[k + 1] < WORD_MAX) {
			char pair[2 * WORD_MAX];
			memcpy(pair, words[k], lens[k]);
			memcpy(pair + lens[k], words[k + 1], lens[k + 1]);
			f |= lookup(pair, lens[k] + lens[k + 1]);
		}
	}
	f &= ~(uint32_t)W_KINDS;
	if (part || (f & ~(uint32_t)NODE_CONTENT))
		f &= ~(uint32_t)NODE_CONTENT;
	return f;
}

uint32_t words_role(const char *value, size_t n)
{
	static const struct { const char *role; uint32_t flags; } roles[] = {
		{ "navigation", NODE_CHROME }, { "banner", NODE_CHROME }, { "contentinfo", NODE_CHROME },
		{ "search", NODE_CHROME }, { "menu", NODE_CHROME }, { "menubar", NODE_CHROME },
		{ "toolbar", NODE_CHROME }, { "complementary", NODE_ASIDE },
		{ "dialog", NODE_DIALOG | NODE_CHROME }, { "alertdialog", NODE_DIALOG | NODE_CHROME },
		{ "alert", NODE_CHROME }, { "main", NODE_CONTENT },
		{ "article", NODE_CONTENT },
	};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		size_t k = strlen(roles[i].role);
		if (k == n && strncasecmp(value, roles[i].role, n) == 0)
			return roles[i].flags;
	}
	return 0;
}

static bool name_eq(const char *name, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(name, w, n) == 0;
}

uint32_t words_attribute(const char *name, size_t nlen, const char *value, size_t vlen)
{
	if (name_eq(name, nlen, "class") || name_eq(name, nlen, "id"))
		return words_classify(value, vlen);
	if (name_eq(name, nlen, "role"))
		return words_role(value, vlen);
	if (name_eq(name, nlen, "itemprop")) {
		if (name_eq(value, vlen, "articlebody") || name_eq(value, vlen, "text"))
			return NODE_ARTICLE | NODE_CONTENT;
		return words_classify(value, vlen) & (NODE_COMMENTS | NODE_META);
	}
	return 0;
}
