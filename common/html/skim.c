/*
 * skim: a page copied without the bytes no text can come from, before the
 * HTML parser sees it.
 *
 * Gumbo follows the HTML standard's parsing algorithm, character by
 * character, at about 18 MB/s; on a news page most bytes are inline
 * scripts, style sheets, SVG icons, comments and attributes such as
 * srcset and data-*, which hold no text.  This pass, a scan for '<' with
 * memchr and a copy of the runs between, removes them:
 *
 *   - comments;
 *   - the contents of script, style, noscript, iframe, noembed, noframes,
 *     textarea and svg elements (their start and end tags stay, so the
 *     tree is built as from the whole page);
 *   - every attribute of a start tag but those the extractor reads;
 *   - under drop_nav (--html=main), the contents of nav elements, and of
 *     boxes the page's words call chrome that hold too little text outside
 *     links for a paragraph of prose, where that leaves the tree around
 *     them as it is (see nav_tag).
 *
 * and the text it keeps goes to the parser as markers, a character for a
 * run of text, which the walk replaces by the run (see add_text).
 *
 * To stay in step with the parser it follows the standard's tokenizer
 * states that decide where those things end: tags and their quoted
 * attribute values, comments (with their abrupt forms), bogus comments,
 * RCDATA and RAWTEXT end tags, the escaped states of script data, a
 * CDATA section in SVG, plaintext.  It is not a parser: where the tree
 * builder would decide otherwise (a <style> start tag it ignores inside
 * <select>), the difference is in contents that hold no visible text.
 *
 * It also bounds the tree's depth, as browsers do (Blink and WebKit stop
 * nesting at 512): past HTML_MAX_DEPTH open elements, further start tags
 * and their end tags are left out (a space in their place, so words do not
 * run together), and their text joins the element at the limit.  Without
 * this, 100,000 nested elements take Gumbo minutes: each start tag looks
 * through the whole stack of open elements.  The depth is tracked with a
 * small stack of tag names, each end tag closing up to its match, void
 * elements and those whose end tags are implied (p, li, td, ...) left
 * out.
 */
#include "internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = HTML_MAX_DEPTH, END_SEARCH = 64 };

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Where the tokenizer's tag states end a name or a value: one look-up a byte. */
enum { C_SPACE = 1, C_NAME_END = 2, C_ATTR_END = 4, C_VALUE_END = 8 };
#define SPACE_CLASS (C_SPACE | C_NAME_END | C_ATTR_END | C_VALUE_END)
static const unsigned char tag_byte[256] = {
	[' '] = SPACE_CLASS, ['\t'] = SPACE_CLASS, ['\n'] = SPACE_CLASS, ['\r'] = SPACE_CLASS,
	['\f'] = SPACE_CLASS, ['/'] = C_NAME_END | C_ATTR_END, ['='] = C_ATTR_END,
	['>'] = C_NAME_END | C_ATTR_END | C_VALUE_END,
};

/* Tag names up to this long are compared; longer ones are no tag we treat specially. */
enum { NAME_MAX_LEN = 15 };

struct tag {
	char name[NAME_MAX_LEN + 1];	/* lower case, NUL-terminated; "" if too long */
	size_t len;
	bool end, self_closing;
	bool href;		/* an href attribute: a link, if it is an a */
	uint32_t hash;		/* name_hash of its name */
	uint32_t flags;		/* a start tag's class, id, role and itemprop words (under words) */
	unsigned kind;		/* T_ bits of its name */
	const char *start, *after;	/* the tag's bytes: '<' and just past '>' */
};

struct skim {
	const char *p, *end;
	struct buf *out;
	/* Open elements for the depth bound: a hash of each name. */
	uint32_t *stack;
	size_t depth, alloc;
	size_t dropped;	/* start tags left out past the bound, still open */
	bool words;	/* keep class, id, role and itemprop */
	/*
	 * drop_nav: the contents of a <nav> being left out.  nav_after is just
	 * past its start tag (NULL: none), nav_mark the output's length there;
	 * inner the elements open inside it.  A nav that starts before
	 * nav_from is kept whole (one that could not be left out, and those
	 * inside it).
	 */
	bool drop_nav;
	const char *nav_after, *nav_from;
	size_t nav_mark;
	struct inner {
		uint32_t hash;
		unsigned kind;
		bool link;
	} *inner;
	size_t ninner, ainner;
	uint32_t nav_hash;	/* the name of the element left out */
	size_t links_open;	/* links among inner */
	bool box;		/* not a nav: a box of chrome, left out if it holds little text */
	size_t text;		/* characters of its text outside links, at least */
	size_t forms_open;	/* form start tags less end tags: the form element pointer may be set */
	size_t rescan;		/* bytes keep_nav may still scan again */
	struct html_runs *runs;	/* NULL: text copied as it is */
	const char *verbatim_to;	/* text before here is copied (a CDATA section's) */
	size_t nav_runs;	/* runs->n at nav_after */
};

static uint32_t name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)lower(s[i])) * 16777619u;
	return h;
}

/* What the skim needs to know of a tag name, in one lookup (tag_kind). */
enum {
	T_UNCOUNTED = 1,	/* no contents, or an end tag the parser implies (p, li, td): not in the depth */
	T_SPECIAL = 2,		/* contents this pass treats apart: never left out by the depth bound */
	T_RAW = 4,		/* raw text no reader sees: script, style, noscript, iframe, textarea, ... */
	T_TEXTLESS = 8,		/* void, holds no text, changes no tree building around it: left out */
	T_BREAKOUT = 16,	/* an HTML start tag that ends foreign (SVG) content */
	T_NAV = 32,		/* nav: its contents left out under drop_nav */
	T_IMPLIED = 64,		/* closed by the end tag of an element around it (p, li, dd, option) */
	T_TABLE = 128,		/* a table's part: its end tags close cells and rows */
	T_BOX = 256,		/* a block that holds blocks: left out under drop_nav when it is chrome */
};

#define K(name, kind) { name, sizeof name - 1, kind }
static const struct { const char *name; size_t len; unsigned kind; } tag_kinds[] = {
	K("b", T_BREAKOUT),
	K("i", T_BREAKOUT),
	K("p", T_UNCOUNTED | T_BREAKOUT | T_IMPLIED),
	K("s", T_BREAKOUT),
	K("u", T_BREAKOUT),
	K("br", T_UNCOUNTED | T_BREAKOUT),
	K("dd", T_UNCOUNTED | T_BREAKOUT | T_IMPLIED),
	K("dl", T_BREAKOUT),
	K("dt", T_UNCOUNTED | T_BREAKOUT | T_IMPLIED),
	K("em", T_BREAKOUT),
	K("h1", T_BREAKOUT),
	K("h2", T_BREAKOUT),
	K("h3", T_BREAKOUT),
	K("h4", T_BREAKOUT),
	K("h5", T_BREAKOUT),
	K("h6", T_BREAKOUT),
	K("hr", T_UNCOUNTED | T_BREAKOUT),
	K("li", T_UNCOUNTED | T_BREAKOUT | T_IMPLIED),
	K("ol", T_BREAKOUT | T_BOX),
	K("rb", T_UNCOUNTED | T_IMPLIED),
	K("rp", T_UNCOUNTED | T_IMPLIED),
	K("rt", T_UNCOUNTED | T_IMPLIED),
	K("td", T_UNCOUNTED | T_TABLE),
	K("th", T_UNCOUNTED | T_TABLE),
	K("tr", T_UNCOUNTED | T_TABLE),
	K("tt", T_BREAKOUT),
	K("ul", T_BREAKOUT | T_BOX),
	K("big", T_BREAKOUT),
	K("col", T_UNCOUNTED | T_TABLE),
	K("div", T_BREAKOUT | T_BOX),
	K("nav", T_NAV),
	K("img", T_UNCOUNTED | T_TEXTLESS | T_BREAKOUT),
	K("pre", T_BREAKOUT),
	K("rtc", T_UNCOUNTED | T_IMPLIED),
	K("sub", T_BREAKOUT),
	K("sup", T_BREAKOUT),
	K("svg", T_SPECIAL),
	K("var", T_BREAKOUT),
	K("wbr", T_UNCOUNTED | T_TEXTLESS),
	K("xmp", T_SPECIAL),
	K("area", T_UNCOUNTED | T_TEXTLESS),
	K("base", T_UNCOUNTED | T_TEXTLESS),
	K("body", T_UNCOUNTED | T_BREAKOUT),
	K("code", T_BREAKOUT),
	K("font", T_BREAKOUT),
	K("head", T_UNCOUNTED | T_BREAKOUT),
	K("html", T_UNCOUNTED),
	K("link", T_UNCOUNTED | T_TEXTLESS),
	K("menu", T_BREAKOUT | T_BOX),
	K("meta", T_UNCOUNTED | T_TEXTLESS | T_BREAKOUT),
	K("nobr", T_BREAKOUT),
	K("ruby", T_BREAKOUT),
	K("span", T_BREAKOUT),
	K("aside", T_BOX),
	K("embed", T_UNCOUNTED | T_BREAKOUT),
	K("frame", T_UNCOUNTED),
	K("image", T_UNCOUNTED | T_TEXTLESS),
	K("input", T_UNCOUNTED),
	K("param", T_UNCOUNTED | T_TEXTLESS),
	K("small", T_BREAKOUT),
	K("style", T_SPECIAL | T_RAW),
	K("table", T_BREAKOUT),
	K("tbody", T_UNCOUNTED | T_TABLE),
	K("tfoot", T_UNCOUNTED | T_TABLE),
	K("thead", T_UNCOUNTED | T_TABLE),
	K("title", T_SPECIAL),
	K("track", T_UNCOUNTED | T_TEXTLESS),
	K("center", T_BREAKOUT),
	K("footer", T_BOX),
	K("header", T_BOX),
	K("iframe", T_SPECIAL | T_RAW),
	K("keygen", T_UNCOUNTED),
	K("option", T_UNCOUNTED | T_IMPLIED),
	K("script", T_SPECIAL | T_RAW),
	K("source", T_UNCOUNTED | T_TEXTLESS),
	K("strike", T_BREAKOUT),
	K("strong", T_BREAKOUT),
	K("section", T_BOX),
	K("bgsound", T_UNCOUNTED),
	K("caption", T_UNCOUNTED | T_TABLE),
	K("listing", T_BREAKOUT),
	K("noembed", T_SPECIAL | T_RAW),
	K("basefont", T_UNCOUNTED),
	K("colgroup", T_UNCOUNTED | T_TABLE),
	K("noframes", T_SPECIAL | T_RAW),
	K("noscript", T_SPECIAL | T_RAW),
	K("optgroup", T_UNCOUNTED | T_IMPLIED),
	K("textarea", T_SPECIAL | T_RAW),
	K("plaintext", T_SPECIAL),
	K("blockquote", T_BREAKOUT),
};
#undef K

/* tag_kinds by name_hash, open addressing: an index + 1, 0 for none. */
enum { KIND_SLOTS = 512 };
static unsigned char kind_slot[KIND_SLOTS];
static pthread_once_t kind_once = PTHREAD_ONCE_INIT;

static void index_kinds(void)
{
	for (size_t i = 0; i < sizeof tag_kinds / sizeof tag_kinds[0]; i++) {
		uint32_t h = name_hash(tag_kinds[i].name, tag_kinds[i].len);
		while (kind_slot[h % KIND_SLOTS])
			h++;
		kind_slot[h % KIND_SLOTS] = (unsigned char)(i + 1);
	}
}

/* The T_ bits of a lower-case tag name (index_kinds has run). */
static unsigned tag_kind(const struct tag *t)
{
	for (uint32_t h = t->hash;; h++) {
		unsigned i = kind_slot[h % KIND_SLOTS];
		if (!i)
			return 0;
		i--;
		if (tag_kinds[i].len != t->len)
			continue;
		size_t k = 0;
		while (k < t->len && tag_kinds[i].name[k] == t->name[k])
			k++;
		if (k == t->len)
			return tag_kinds[i].kind;
	}
}

/*
 * What becomes of an attribute: left out, kept whole, or kept without its
 * value (a link's href: that there is one is all the walk asks).  An
 * inline style matters only where it hides.  Class, id, role and itemprop
 * matter only to the article's extractor (`words`), and only through what
 * their words say: the skim reads them and writes their flags in one
 * short attribute instead (a class list of utility names can be longer
 * than the text of the element).
 */
enum keep { DROP, KEEP, KEEP_NAME };

static bool name_is(const char *name, size_t n, const char *w)
{
	if (strlen(w) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(name[i]) != w[i])
			return false;
	return true;
}

static bool contains_ci(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;
		while (j < k && lower(p[i + j]) == w[j])
			j++;
		if (j == k)
			return true;
	}
	return false;
}

static enum keep attribute_kept(const struct skim *s, const char *name, size_t n,
				const char *value, size_t vlen)
{
	switch (n) {
	case 4:
		if (name_is(name, n, "href"))
			return KEEP_NAME;
		return name_is(name, n, "open") ? KEEP : DROP;
	case 5:
		if (name_is(name, n, "style"))
			return contains_ci(value, vlen, "none") || contains_ci(value, vlen, "hidden")
			       ? KEEP : DROP;
		return DROP;
	case 6:
		return name_is(name, n, "hidden") ? KEEP : DROP;
	case 11:
		return name_is(name, n, "aria-hidden") ? KEEP : DROP;
	default:
		return DROP;
	}
}

/*
 * The tag at s->p ('<' then a letter, or "</" then a letter), parsed by
 * the tokenizer's tag states.  With `out` (a start tag), the tag is
 * written there with only the kept attributes.  False if the input ends
 * inside the tag (the tokenizer then drops it).
 */
static bool parse_tag(struct skim *s, struct tag *t, struct buf *out)
{
	const char *p = s->p + 1, *end = s->end;
	t->start = s->p;
	t->end = *p == '/';
	t->self_closing = false;
	if (t->end)
		p++;
	const char *name = p;
	while (p < end && !(tag_byte[(unsigned char)*p] & C_NAME_END))
		p++;
	t->len = (size_t)(p - name);
	t->hash = name_hash(name, t->len);
	if (t->len <= NAME_MAX_LEN) {
		for (size_t i = 0; i < t->len; i++)
			t->name[i] = lower(name[i]);
		t->name[t->len] = '\0';
		t->kind = tag_kind(t);
	} else {
		t->name[0] = '\0';
		t->kind = 0;
	}
	t->href = false;
	if (out) {
		buf_addc(out, '<');
		buf_add(out, name, (size_t)(p - name));
	}
	uint32_t flags = 0;
	/* Attributes: before name, name, after name, before value, value. */
	for (;;) {
		while (p < end && (tag_byte[(unsigned char)*p] & C_SPACE))
			p++;
		if (p >= end)
			return false;
		if (*p == '>')
			break;
		if (*p == '/') {
			p++;
			if (p < end && *p == '>') {
				t->self_closing = true;
				break;
			}
			continue;
		}
		const char *an = p++;	/* a first '=' belongs to the name */
		while (p < end && !(tag_byte[(unsigned char)*p] & C_ATTR_END))
			p++;
		size_t anlen = (size_t)(p - an);
		while (p < end && is_space(*p))
			p++;
		const char *value = NULL, *vend = NULL;
		if (p < end && *p == '=') {
			p++;
			while (p < end && is_space(*p))
				p++;
			if (p >= end)
				return false;
			if (*p == '"' || *p == '\'') {
				const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
				if (!q)
					return false;
				value = p;
				vend = q + 1;
				p = q + 1;
			} else if (*p != '>') {
				value = p;
				while (p < end && !(tag_byte[(unsigned char)*p] & C_VALUE_END))
					p++;
				vend = p;
			}
		}
		size_t vlen = value ? (size_t)(vend - value) : 0;
		if (anlen == 4 && name_is(an, anlen, "href"))
			t->href = true;
		if (out && s->words && value) {
			bool quoted = *value == '"' || *value == '\'';
			flags |= words_attribute(an, anlen, value + quoted, vlen - 2 * quoted);
		}
		enum keep k = out ? attribute_kept(s, an, anlen, value, vlen) : DROP;
		if (k != DROP) {
			buf_addc(out, ' ');
			buf_add(out, an, anlen);
			if (value && k == KEEP) {
				buf_addc(out, '=');
				buf_add(out, value, (size_t)(vend - value));
			}
		}
	}
	t->after = p + 1;
	t->flags = flags;
	if (out) {
		if (flags) {
			/* In hex, by hand: vsnprintf per tag was 3% of a page's conversion. */
			char hex[2 + sizeof HTML_FLAGS_ATTRIBUTE + 8], *e = hex + sizeof hex, *d = e;
			for (uint32_t v = flags; v; v >>= 4)
				*--d = "0123456789abcdef"[v & 15];
			*--d = '=';
			d -= sizeof HTML_FLAGS_ATTRIBUTE - 1;
			memcpy(d, HTML_FLAGS_ATTRIBUTE, sizeof HTML_FLAGS_ATTRIBUTE - 1);
			*--d = ' ';
			buf_add(out, d, (size_t)(e - d));
		}
		if (t->self_closing)
			buf_addc(out, '/');
		buf_addc(out, '>');
	}
	return true;
}

/* Is there "</name" followed by white space, '/' or '>' at p (the "appropriate end tag")? */
static bool end_tag_at(const char *p, const char *end, const char *name, size_t n)
{
	if ((size_t)(end - p) < n + 3 || p[0] != '<' || p[1] != '/')
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(p[2 + i]) != name[i])
			return false;
	char c = p[2 + n];
	return is_space(c) || c == '/' || c == '>';
}

/* Where RCDATA or RAWTEXT of element `name` ends: its end tag, or the end of the input. */
static const char *find_end_tag(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end_tag_at(p, end, name, n))
			return p;
		p++;
	}
	return end;
}

static bool starts_ci(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(end - p) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(p[i]) != w[i])
			return false;
	return true;
}

/*
 * Where script data ends, by the tokenizer's script states: "<!--" enters
 * the escaped state, where "<script" enters the double-escaped state, in
 * which "</script" only returns to the escaped one; "-->" leaves both.
 */
static const char *find_script_end(const char *p, const char *end)
{
	enum { DATA, ESCAPED, DOUBLE } st = DATA;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		const char *dash = st == DATA ? NULL : memchr(p, '-', (size_t)(end - p));
		if (dash && (!lt || dash < lt)) {
			if (end - dash >= 3 && dash[1] == '-' && dash[2] == '>') {
				st = DATA;
				p = dash + 3;
			} else {
				p = dash + 1;
			}
			continue;
		}
		if (!lt)
			return end;
		if (st != DOUBLE && end_tag_at(lt, end, "script", 6))
			return lt;
		if (st == DATA && end - lt >= 4 && lt[1] == '!' && lt[2] == '-' && lt[3] == '-') {
			st = ESCAPED;
			/* "<!--" then "->" (as in "<!-->"): the dashes close at once. */
			p = lt + 2;
			continue;
		}
		if (st == ESCAPED && lt + 7 < end && starts_ci(lt + 1, end, "script") &&
		    (is_space(lt[7]) || lt[7] == '/' || lt[7] == '>')) {
			st = DOUBLE;
			p = lt + 7;
			continue;
		}
		if (st == DOUBLE && end_tag_at(lt, end, "script", 6)) {
			st = ESCAPED;
			p = lt + 8;
			continue;
		}
		p = lt + 1;
	}
	return end;
}

/* Where a comment that starts at p ("<!--") ends, just past it. */
static const char *comment_end(const char *p, const char *end)
{
	p += 4;
	if (p < end && *p == '>')
		return p + 1;
	if (end - p >= 2 && p[0] == '-' && p[1] == '>')
		return p + 2;
	while ((p = memchr(p, '-', (size_t)(end - p))) != NULL) {
		if (end - p < 2 || p[1] != '-') {
			p++;
			continue;
		}
		const char *q = p + 2;
		while (q < end && *q == '-')
			q++;
		if (q < end && *q == '>')
			return q + 1;
		if (end - q >= 2 && q[0] == '!' && q[1] == '>')
			return q + 2;
		p = q;
	}
	return end;
}

static const char *bogus_comment_end(const char *p, const char *end)
{
	const char *gt = memchr(p, '>', (size_t)(end - p));
	return gt ? gt + 1 : end;
}

/* ---- text as markers ---------------------------------------------------------- */

/*
 * Gumbo takes each character of text through its tokenizer and tree
 * builder, one token each: on a news page that is two thirds of its time,
 * for bytes it hands back unchanged.  So the runs of text go to the
 * parser as markers, one character each (a private-use character of
 * plane 15, which a page almost never holds: a page that does, or a
 * character reference to one, is skimmed without them), and the walk puts
 * the runs back in the text nodes (tree.c).  A marker is a character that
 * is not white space, as every run it replaces begins with one: the tree
 * is built as from the run, wherever the run would go (a table's text
 * fostered out, the head closed by text).  What the parser would change
 * in a run stays for it to read: character references, NUL and the
 * characters it turns into U+FFFD (controls, noncharacters), and the
 * white space before a run (dropped after <pre>, kept in the head).  The
 * walk turns CR and CRLF into LF, as the parser does.
 */
enum { SPECIAL = 1, SPACE = 2 };
static const unsigned char text_byte[256] = {
	[0] = SPECIAL, [1] = SPECIAL, [2] = SPECIAL, [3] = SPECIAL, [4] = SPECIAL, [5] = SPECIAL,
	[6] = SPECIAL, [7] = SPECIAL, [8] = SPECIAL, ['\t'] = SPACE, ['\n'] = SPACE, [11] = SPECIAL,
	['\f'] = SPACE, ['\r'] = SPACE, [14] = SPECIAL, [15] = SPECIAL, [16] = SPECIAL,
	[17] = SPECIAL, [18] = SPECIAL, [19] = SPECIAL, [20] = SPECIAL, [21] = SPECIAL,
	[22] = SPECIAL, [23] = SPECIAL, [24] = SPECIAL, [25] = SPECIAL, [26] = SPECIAL,
	[27] = SPECIAL, [28] = SPECIAL, [29] = SPECIAL, [30] = SPECIAL, [31] = SPECIAL,
	[' '] = SPACE, ['&'] = SPECIAL, [0x7F] = SPECIAL, [0xC2] = SPECIAL, [0xEF] = SPECIAL,
	[0xF0] = SPECIAL, [0xF1] = SPECIAL, [0xF2] = SPECIAL, [0xF3] = SPECIAL, [0xF4] = SPECIAL,
};

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/*
 * How many bytes at p (a SPECIAL byte) the parser reads otherwise than as
 * they are, to be left to it; 0 if none.  The page is valid UTF-8.
 */
static size_t parser_reads(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t rest = (size_t)(end - p);
	if (*u == '&') {
		/* A reference reads no further than letters, digits, '#' and one ';'. */
		const char *q = p + 1;
		while (q < end && (is_alnum(*q) || *q == '#'))
			q++;
		if (q < end && *q == ';')
			q++;
		return (size_t)(q - p);
	}
	if (*u < 0x80)
		return 1;	/* NUL, a control */
	if (*u == 0xC2)
		return rest >= 2 && u[1] < 0xA0 ? 2 : 0;	/* C1 controls */
	if (*u == 0xEF)	/* U+FDD0..U+FDEF, U+FFFE, U+FFFF */
		return rest >= 3 && ((u[1] == 0xB7 && u[2] >= 0x90 && u[2] <= 0xAF) ||
				     (u[1] == 0xBF && u[2] >= 0xBE)) ? 3 : 0;
	/* U+nFFFE and U+nFFFF */
	return rest >= 4 && (u[1] & 0x0F) == 0x0F && u[2] == 0xBF && u[3] >= 0xBE ? 4 : 0;
}

static void add_marker_char(struct buf *out, uint32_t x)
{
	char m[4] = { (char)HTML_MARKER_BYTE, (char)(0xB0 | (x >> 12)), (char)(0x80 | ((x >> 6) & 63)),
		      (char)(0x80 | (x & 63)) };
	buf_add(out, m, 4);
}

/* A marker for page[from, to) in out: false if the runs are full (it is then copied). */
static bool add_run(struct skim *s, const char *from, const char *to)
{
	struct html_runs *r = s->runs;
	if (r->n >= HTML_MARKER_MAX)
		return false;
	ALLOC_GROW(r->at, r->n + 1, r->alloc);
	r->at[r->n] = (struct html_run){ (uint32_t)(from - r->page), (uint32_t)(to - from) };
	size_t i = r->n++;
	if (i >= HTML_MARKER_LOW)
		add_marker_char(s->out, (uint32_t)(HTML_MARKER_LOW + (i >> 15)));
	add_marker_char(s->out, (uint32_t)(i & (HTML_MARKER_LOW - 1)));
	return true;
}

/* Text of the page, [p, end), in the data state: copied, or as markers. */
static void add_text(struct skim *s, const char *p, const char *end)
{
	struct buf *out = s->out;
	if (!s->runs || end <= s->verbatim_to) {
		buf_add(out, p, (size_t)(end - p));
		return;
	}
	if (p < s->verbatim_to) {
		buf_add(out, p, (size_t)(s->verbatim_to - p));
		p = s->verbatim_to;
	}
	while (p < end) {
		/* White space as it is, then a run up to what the parser must read itself. */
		const char *q = p;
		while (q < end && text_byte[(unsigned char)*q] == SPACE)
			q++;
		buf_add(out, p, (size_t)(q - p));
		const char *run = q;
		size_t raw = 0;
		for (; q < end; q++)
			if ((text_byte[(unsigned char)*q] & SPECIAL) && (raw = parser_reads(q, end)) > 0)
				break;
		if (q > run && !add_run(s, run, q))
			buf_add(out, run, (size_t)(q - run));
		buf_add(out, q, raw);
		p = q + raw;
	}
}

/*
 * Would the parser read a character reference in out as a marker?  Only
 * a numeric one can be (no named one is in plane 15), its value computed
 * as Gumbo does, in 32 bits.
 */
static bool forges_marker(const struct buf *out)
{
	const char *p = out->data, *end = out->data + out->len;
	while ((p = memchr(p, '&', (size_t)(end - p))) != NULL) {
		p++;
		if (p >= end || *p != '#')
			continue;
		p++;
		bool hex = p < end && (*p == 'x' || *p == 'X');
		p += hex;
		uint32_t v = 0;
		for (; p < end; p++) {
			char c = lower(*p);
			if (c >= '0' && c <= '9')
				v = v * (hex ? 16 : 10) + (uint32_t)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				v = v * 16 + (uint32_t)(c - 'a' + 10);
			else
				break;
		}
		if (v >= 0xF0000 && v <= 0xFFFFF)
			return true;
	}
	return false;
}

/* ---- the depth bound -------------------------------------------------------- */

static void push_open(struct skim *s, uint32_t h)
{
	ALLOC_GROW(s->stack, s->depth + 1, s->alloc);
	s->stack[s->depth++] = h;
}

/* Closes up to the nearest open element of this name, as an end tag does (nearby only). */
static void pop_to(struct skim *s, uint32_t h)
{
	for (size_t k = 0; k < END_SEARCH && k < s->depth; k++)
		if (s->stack[s->depth - 1 - k] == h) {
			s->depth -= k + 1;
			return;
		}
}

/*
 * Whether a tag goes out, as the depth bound decides: a counted start tag
 * past the bound is left out, and so is one end tag for each of those
 * still open.
 */
static bool depth_allows(struct skim *s, const struct tag *t)
{
	if (t->kind & (T_UNCOUNTED | T_SPECIAL))
		return true;
	uint32_t h = t->hash;
	if (t->end) {
		if (s->dropped) {
			s->dropped--;
			return false;
		}
		pop_to(s, h);
		return true;
	}
	if (s->depth >= MAX_DEPTH) {
		s->dropped++;
		return false;
	}
	push_open(s, h);
	return true;
}

/* ---- the contents of nav ------------------------------------------------------ */

/*
 * Under --html=main a <nav> is navigation whatever the page says around
 * it (main.c believes the tag on any element), so its text can never be
 * the article; on a news page its mega-menu is the largest part of what
 * the parser would read.  Its contents are left out, the element stays
 * (empty), when that cannot change the tree around it: every element
 * opened inside is closed inside, in order, but those whose end tags the
 * parser implies (p, li, dd, option), and no end tag inside closes an
 * element opened before the nav.  Otherwise a formatting element left
 * open would be reopened after the nav (an unclosed <a> makes the rest
 * of the page a link), a stray end tag would close the nav's ancestors,
 * a table cell would keep </nav> from closing it: the nav is then kept
 * whole, as the parser reads it.
 */
enum nav_step { NAV_INSIDE, NAV_CLOSED, NAV_KEEP };

/*
 * A box the page's words call chrome (share bars, menus, cookie notices,
 * comment threads, forms: main.c's HARD flags, believed on any element
 * that does not hold most of the page's prose) is left out the same way
 * when it holds under BOX_TEXT_MAX characters outside links: too few for
 * a block of prose (80 characters, under 30% links), so it holds none and
 * its words are believed; its text can never be the article's.
 */
#define BOX_CHROME (NODE_CHROME | NODE_COMMENTS | NODE_DIALOG | NODE_FORM)
enum { BOX_TEXT_MAX = 40 };

/* The characters of text between tags, white space collapsed, none for white space alone. */
static size_t text_chars(const char *p, const char *end)
{
	size_t n = 0;
	bool space = false;
	for (; p < end; p++) {
		if (is_space(*p)) {
			space = true;
			continue;
		}
		n += 1 + (space && n);
		space = false;
	}
	return n;
}

static enum nav_step nav_tag(struct skim *s, const struct tag *t)
{
	uint32_t h = t->hash;
	if (!t->end) {
		if (strcmp(t->name, "math") == 0 || strcmp(t->name, "plaintext") == 0)
			return NAV_KEEP;	/* content this pass does not follow */
		/* Inside a form, the parser ignores a form start tag, and its end tag ends the outer form. */
		if (s->forms_open && strcmp(t->name, "form") == 0)
			return NAV_KEEP;
		if ((t->kind & (T_UNCOUNTED | T_TABLE)) && !(t->kind & T_IMPLIED))
			return NAV_INSIDE;	/* void, or a table's part */
		if (t->self_closing && strcmp(t->name, "svg") == 0)
			return NAV_INSIDE;
		if (s->ninner >= MAX_DEPTH)
			return NAV_KEEP;
		ALLOC_GROW(s->inner, s->ninner + 1, s->ainner);
		bool link = t->href && t->len == 1 && t->name[0] == 'a';
		s->inner[s->ninner++] = (struct inner){ h, t->kind, link };
		s->links_open += link;
		return NAV_INSIDE;
	}
	size_t k = s->ninner;
	while (k > 0 && s->inner[k - 1].hash != h)
		k--;
	bool closes_nav = k == 0 && h == s->nav_hash;
	if (k > 0 || closes_nav) {
		/* The elements it closes on its way: only those with implied end tags. */
		for (size_t i = closes_nav ? 0 : k; i < s->ninner; i++)
			if (!(s->inner[i].kind & T_IMPLIED))
				return NAV_KEEP;
		if (k > 0)
			s->links_open -= s->inner[k - 1].link;
		s->ninner = closes_nav ? 0 : k - 1;
		return closes_nav ? NAV_CLOSED : NAV_INSIDE;
	}
	if (strcmp(t->name, "p") == 0 || strcmp(t->name, "br") == 0)
		return NAV_INSIDE;	/* an empty p, a br: inside */
	if (t->kind & T_TABLE)
		for (size_t i = 0; i < s->ninner; i++)
			if (s->inner[i].hash == name_hash("table", 5))
				return NAV_INSIDE;	/* a cell's or row's end in a table of the nav */
	return NAV_KEEP;
}

/*
 * The nav could not be left out: the scan goes back to just past its
 * start tag.  Boxes inside it, before `at`, may still be left out, as
 * long as the bytes scanned again stay under the page's size (so the
 * skim stays linear); then only those after `at`.
 */
static const char *keep_nav(struct skim *s, const char *at)
{
	s->out->len = s->nav_mark;
	s->out->data[s->nav_mark] = '\0';
	if (s->runs)
		s->runs->n = s->nav_runs;
	size_t again = (size_t)(at - s->nav_after);
	if (again <= s->rescan) {
		s->rescan -= again;
		s->nav_from = s->nav_after;
	} else {
		s->nav_from = at;
	}
	const char *back = s->nav_after;
	s->nav_after = NULL;
	s->ninner = 0;
	s->links_open = 0;
	return back;
}

/* ---- the scan ------------------------------------------------------------------ */

/*
 * Skips the contents of an svg element from s->p (just past its start
 * tag): nested svg elements counted, comments and CDATA sections passed
 * over, up to the matching end tag, which is left at s->p.  Stops early,
 * before an HTML start tag that would end the foreign content.
 */
static void skip_svg(struct skim *s)
{
	size_t nested = 0;
	const char *p = s->p, *end = s->end;
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (starts_ci(p, end, "<!--")) {
			p = comment_end(p, end);
			continue;
		}
		if (starts_ci(p, end, "<![cdata[")) {
			const char *q = memmem(p, (size_t)(end - p), "]]>", 3);
			p = q ? q + 3 : end;
			continue;
		}
		bool end_tag = end - p > 2 && p[1] == '/' && is_alpha(p[2]);
		if (!end_tag && !(end - p > 1 && is_alpha(p[1]))) {
			p++;
			continue;
		}
		struct tag t;
		s->p = p;
		if (!parse_tag(s, &t, NULL)) {
			s->p = end;
			return;
		}
		if (strcmp(t.name, "svg") == 0) {
			if (end_tag) {
				if (nested == 0)
					return;	/* s->p is at the end tag */
				nested--;
			} else if (!t.self_closing) {
				nested++;
			}
		} else if (!end_tag && (t.kind & T_BREAKOUT)) {
			return;
		}
		p = t.after;
	}
	s->p = end;
}

void html_skim(const char *page, size_t n, bool words, bool drop_nav, struct buf *out,
	       struct html_runs *runs)
{
	struct skim s = { .p = page, .end = page + n, .out = out, .words = words,
			  .drop_nav = drop_nav, .nav_from = page, .rescan = n, .runs = runs };
	if (runs) {
		runs->n = 0;
		runs->page = page;
		/* Markers are told from the page's own text by their first byte. */
		if (n > UINT32_MAX || memchr(page, HTML_MARKER_BYTE, n)) {
			runs->page = NULL;
			s.runs = NULL;
		}
	}
	pthread_once(&kind_once, index_kinds);
	buf_reset(out);
	buf_grow(out, n / 2 + 64);
	const char *copied = page;	/* bytes before here are written (or left out) */
	for (;;) {
		while (s.p < s.end) {
			const char *lt = memchr(s.p, '<', (size_t)(s.end - s.p));
			if (!lt)
				break;
			if (s.nav_after) {
				/* Text enough for a paragraph of prose: it may be the article's. */
				if (s.box && !s.links_open && (s.text += text_chars(copied, lt)) >= BOX_TEXT_MAX) {
					copied = s.p = keep_nav(&s, lt);
					continue;
				}
				copied = lt;	/* the box's text is left out */
			}
			const char *p = lt, *end = s.end;
			size_t rest = (size_t)(end - p);
			s.p = p;
			if (rest >= 4 && p[1] == '!' && p[2] == '-' && p[3] == '-') {
				add_text(&s, copied, p);
				s.p = copied = comment_end(p, end);
				continue;
			}
			if (rest >= 2 && (p[1] == '!' || p[1] == '?' ||
					  (p[1] == '/' && rest >= 3 && !is_alpha(p[2]) && p[2] != '>'))) {
				/* A doctype or a bogus comment: passed to the parser as it is. */
				s.p = bogus_comment_end(p + 1, end);
				if (p >= s.verbatim_to && starts_ci(p, end, "<![cdata[")) {
					/*
					 * In MathML, a CDATA section up to "]]>", where the text
					 * after its first '>' must stay as it is.
					 */
					const char *q = memmem(p, rest, "]]>", 3);
					s.verbatim_to = q ? q + 3 : end;
				}
				if (!s.nav_after) {
					add_text(&s, copied, p);
					buf_add(out, p, (size_t)(s.p - p));
					copied = s.p;
				}
				continue;
			}
			bool end_tag = rest >= 3 && p[1] == '/' && is_alpha(p[2]);
			if (!end_tag && !(rest >= 2 && is_alpha(p[1]))) {
				if (rest >= 3 && p[1] == '/' && p[2] == '>' && !s.nav_after) {
					/* "</>", which the tokenizer drops: not text. */
					add_text(&s, copied, p);
					buf_add(out, p, 3);
					copied = s.p = p + 3;
					continue;
				}
				s.p = p + 1;
				continue;
			}
			add_text(&s, copied, p);
			struct tag t;
			size_t mark = out->len;
			if (!parse_tag(&s, &t, end_tag || s.nav_after ? NULL : out)) {
				/* The input ends inside a tag, which the tokenizer drops. */
				out->len = mark;
				out->data[mark] = '\0';
				copied = s.p = end;
				break;
			}
			if (s.nav_after) {
				enum nav_step step = nav_tag(&s, &t);
				if (step == NAV_KEEP) {
					copied = s.p = keep_nav(&s, t.after);
					continue;
				}
				if (step == NAV_INSIDE) {
					/* Passed over, by the same rules as the rest of the page. */
					copied = s.p = t.after;
					if (end_tag || t.name[0] == '\0')
						continue;
					if (t.kind & T_RAW)
						s.p = strcmp(t.name, "script") == 0 ? find_script_end(s.p, end)
						      : find_end_tag(s.p, end, t.name);
					else if (strcmp(t.name, "title") == 0 || strcmp(t.name, "xmp") == 0)
						s.p = find_end_tag(s.p, end, t.name);
					else if (strcmp(t.name, "svg") == 0 && !t.self_closing)
						skip_svg(&s);
					copied = s.p;
					continue;
				}
				s.nav_after = NULL;	/* its end tag, written as any other */
			}
			if (!depth_allows(&s, &t)) {
				out->len = mark;
				buf_addc(out, ' ');
				copied = s.p = t.after;
				continue;
			}
			if (!end_tag && (t.kind & T_TEXTLESS)) {
				out->len = mark;
				out->data[mark] = '\0';
				copied = s.p = t.after;
				continue;
			}
			if (end_tag)
				buf_add(out, t.start, (size_t)(t.after - t.start));
			if (t.len == 4 && strcmp(t.name, "form") == 0)
				s.forms_open = end_tag ? s.forms_open - (s.forms_open > 0) : s.forms_open + 1;
			copied = s.p = t.after;
			if (end_tag || t.name[0] == '\0')
				continue;
			if (t.kind & T_RAW) {
				const char *close = strcmp(t.name, "script") == 0 ? find_script_end(s.p, end)
						    : find_end_tag(s.p, end, t.name);
				copied = s.p = close;
			} else if (strcmp(t.name, "title") == 0 || strcmp(t.name, "xmp") == 0) {
				/* Read as it is (the title by find_title, which reads no marker). */
				s.p = find_end_tag(s.p, end, t.name);
				buf_add(out, copied, (size_t)(s.p - copied));
				copied = s.p;
			} else if (strcmp(t.name, "plaintext") == 0) {
				buf_add(out, copied, (size_t)(end - copied));
				copied = s.p = end;
			} else if (strcmp(t.name, "svg") == 0 && !t.self_closing) {
				skip_svg(&s);
				copied = s.p;
			} else if (s.drop_nav && t.start >= s.nav_from &&
				   ((t.kind & T_NAV) || ((t.kind & T_BOX) && (t.flags & BOX_CHROME)))) {
				s.nav_after = t.after;
				s.nav_mark = out->len;
				s.nav_runs = s.runs ? s.runs->n : 0;
				s.nav_hash = t.hash;
				s.ninner = 0;
				s.links_open = 0;
				/* A nav is never the article's, however much text it holds. */
				s.box = !(t.kind & T_NAV);
				s.text = 0;
			}
		}
		if (!s.nav_after)
			break;
		/* The page ended inside the nav: it is kept whole. */
		copied = s.p = keep_nav(&s, s.end);
	}
	if (s.nav_after)
		bug("html_skim: a nav still open");
	add_text(&s, copied, s.end);
	free(s.stack);
	free(s.inner);
	if (s.runs && forges_marker(out)) {
		runs->page = NULL;
		runs->n = 0;
		html_skim(page, n, words, drop_nav, out, NULL);
	}
}
