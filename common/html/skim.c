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
 *   - every attribute of a start tag but those the extractor reads.
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

/* Tag names up to this long are compared; longer ones are no tag we treat specially. */
enum { NAME_MAX_LEN = 15 };

struct tag {
	char name[NAME_MAX_LEN + 1];	/* lower case, NUL-terminated; "" if too long */
	size_t len;
	bool end, self_closing;
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
};

#define K(name, kind) { name, sizeof name - 1, kind }
static const struct { const char *name; size_t len; unsigned kind; } tag_kinds[] = {
	K("b", T_BREAKOUT),
	K("i", T_BREAKOUT),
	K("p", T_UNCOUNTED | T_BREAKOUT),
	K("s", T_BREAKOUT),
	K("u", T_BREAKOUT),
	K("br", T_UNCOUNTED | T_BREAKOUT),
	K("dd", T_UNCOUNTED | T_BREAKOUT),
	K("dl", T_BREAKOUT),
	K("dt", T_UNCOUNTED | T_BREAKOUT),
	K("em", T_BREAKOUT),
	K("h1", T_BREAKOUT),
	K("h2", T_BREAKOUT),
	K("h3", T_BREAKOUT),
	K("h4", T_BREAKOUT),
	K("h5", T_BREAKOUT),
	K("h6", T_BREAKOUT),
	K("hr", T_UNCOUNTED | T_BREAKOUT),
	K("li", T_UNCOUNTED | T_BREAKOUT),
	K("ol", T_BREAKOUT),
	K("rb", T_UNCOUNTED),
	K("rp", T_UNCOUNTED),
	K("rt", T_UNCOUNTED),
	K("td", T_UNCOUNTED),
	K("th", T_UNCOUNTED),
	K("tr", T_UNCOUNTED),
	K("tt", T_BREAKOUT),
	K("ul", T_BREAKOUT),
	K("big", T_BREAKOUT),
	K("col", T_UNCOUNTED),
	K("div", T_BREAKOUT),
	K("img", T_UNCOUNTED | T_TEXTLESS | T_BREAKOUT),
	K("pre", T_BREAKOUT),
	K("rtc", T_UNCOUNTED),
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
	K("menu", T_BREAKOUT),
	K("meta", T_UNCOUNTED | T_TEXTLESS | T_BREAKOUT),
	K("nobr", T_BREAKOUT),
	K("ruby", T_BREAKOUT),
	K("span", T_BREAKOUT),
	K("embed", T_UNCOUNTED | T_BREAKOUT),
	K("frame", T_UNCOUNTED),
	K("image", T_UNCOUNTED | T_TEXTLESS),
	K("input", T_UNCOUNTED),
	K("param", T_UNCOUNTED | T_TEXTLESS),
	K("small", T_BREAKOUT),
	K("style", T_SPECIAL | T_RAW),
	K("table", T_BREAKOUT),
	K("tbody", T_UNCOUNTED),
	K("tfoot", T_UNCOUNTED),
	K("thead", T_UNCOUNTED),
	K("title", T_SPECIAL),
	K("track", T_UNCOUNTED | T_TEXTLESS),
	K("center", T_BREAKOUT),
	K("iframe", T_SPECIAL | T_RAW),
	K("keygen", T_UNCOUNTED),
	K("option", T_UNCOUNTED),
	K("script", T_SPECIAL | T_RAW),
	K("source", T_UNCOUNTED | T_TEXTLESS),
	K("strike", T_BREAKOUT),
	K("strong", T_BREAKOUT),
	K("bgsound", T_UNCOUNTED),
	K("caption", T_UNCOUNTED),
	K("listing", T_BREAKOUT),
	K("noembed", T_SPECIAL | T_RAW),
	K("basefont", T_UNCOUNTED),
	K("colgroup", T_UNCOUNTED),
	K("noframes", T_SPECIAL | T_RAW),
	K("noscript", T_SPECIAL | T_RAW),
	K("optgroup", T_UNCOUNTED),
	K("textarea", T_SPECIAL | T_RAW),
	K("plaintext", T_SPECIAL),
	K("blockquote", T_BREAKOUT),
};
#undef K

/* The T_ bits of a lower-case tag name ("" for one too long to be any of these). */
static unsigned tag_kind(const struct tag *t)
{
	for (size_t i = 0; i < sizeof tag_kinds / sizeof tag_kinds[0]; i++) {
		if (tag_kinds[i].len > t->len)
			break;	/* sorted by length */
		if (tag_kinds[i].len == t->len && tag_kinds[i].name[0] == t->name[0] &&
		    memcmp(tag_kinds[i].name, t->name, t->len) == 0)
			return tag_kinds[i].kind;
	}
	return 0;
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
	while (p < end && !is_space(*p) && *p != '/' && *p != '>')
		p++;
	t->len = (size_t)(p - name);
	if (t->len <= NAME_MAX_LEN) {
		for (size_t i = 0; i < t->len; i++)
			t->name[i] = lower(name[i]);
		t->name[t->len] = '\0';
	} else {
		t->name[0] = '\0';
	}
	t->kind = tag_kind(t);
	if (out) {
		buf_addc(out, '<');
		buf_add(out, name, (size_t)(p - name));
	}
	uint32_t flags = 0;
	/* Attributes: before name, name, after name, before value, value. */
	for (;;) {
		while (p < end && is_space(*p))
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
		while (p < end && !is_space(*p) && *p != '/' && *p != '>' && *p != '=')
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
				while (p < end && !is_space(*p) && *p != '>')
					p++;
				vend = p;
			}
		}
		size_t vlen = value ? (size_t)(vend - value) : 0;
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
static bool depth_allows(struct skim *s, const struct tag *t, const char *name, size_t len)
{
	if (t->kind & (T_UNCOUNTED | T_SPECIAL))
		return true;
	uint32_t h = name_hash(t->name[0] ? t->name : name, t->name[0] ? t->len : len);
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

void html_skim(const char *page, size_t n, bool words, struct buf *out)
{
	struct skim s = { page, page + n, out, NULL, 0, 0, 0, words };
	buf_reset(out);
	buf_grow(out, n / 2 + 64);
	const char *copied = page;	/* bytes before here are written (or left out) */
	while (s.p < s.end) {
		const char *lt = memchr(s.p, '<', (size_t)(s.end - s.p));
		if (!lt)
			break;
		const char *p = lt, *end = s.end;
		size_t rest = (size_t)(end - p);
		s.p = p;
		if (rest >= 4 && p[1] == '!' && p[2] == '-' && p[3] == '-') {
			buf_add(out, copied, (size_t)(p - copied));
			s.p = copied = comment_end(p, end);
			continue;
		}
		if (rest >= 2 && (p[1] == '!' || p[1] == '?' ||
				  (p[1] == '/' && rest >= 3 && !is_alpha(p[2]) && p[2] != '>'))) {
			/* A doctype or a bogus comment: passed to the parser as it is. */
			s.p = bogus_comment_end(p + 1, end);
			continue;
		}
		bool end_tag = rest >= 3 && p[1] == '/' && is_alpha(p[2]);
		if (!end_tag && !(rest >= 2 && is_alpha(p[1]))) {
			s.p = p + 1;
			continue;
		}
		buf_add(out, copied, (size_t)(p - copied));
		struct tag t;
		size_t mark = out->len;
		if (!parse_tag(&s, &t, end_tag ? NULL : out)) {
			/* The input ends inside a tag, which the tokenizer drops. */
			out->len = mark;
			out->data[mark] = '\0';
			copied = s.p = end;
			break;
		}
		const char *name = p + (end_tag ? 2 : 1);
		size_t name_len = t.len;
		if (!depth_allows(&s, &t, name, name_len)) {
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
		copied = s.p = t.after;
		if (end_tag || t.name[0] == '\0')
			continue;
		if (t.kind & T_RAW) {
			const char *close = strcmp(t.name, "script") == 0 ? find_script_end(s.p, end)
					    : find_end_tag(s.p, end, t.name);
			copied = s.p = close;
		} else if (strcmp(t.name, "title") == 0 || strcmp(t.name, "xmp") == 0) {
			s.p = find_end_tag(s.p, end, t.name);
		} else if (strcmp(t.name, "plaintext") == 0) {
			s.p = end;
		} else if (strcmp(t.name, "svg") == 0 && !t.self_closing) {
			skip_svg(&s);
			copied = s.p;
		}
	}
	buf_add(out, copied, (size_t)(s.end - copied));
	free(s.stack);
}
