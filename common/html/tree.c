/*
 * tree: Gumbo's document to the flat tree of internal.h, in one walk.
 *
 * The walk keeps its own stack (Gumbo's tree is as deep as the page, and
 * a recursive walk of a hostile page would overflow the C stack).  It
 * drops what a reader never sees: script, style, template, the head (but
 * its title), embedded objects, media, form controls, and elements hidden
 * by the `hidden` attribute, aria-hidden="true", an inline display:none
 * or visibility:hidden, or a closed dialog.  Text is set as a browser
 * sets it: runs of white space become one space, except in <pre>, and
 * block elements start and end blocks.
 */
#include "internal.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool eq_ci(const char *a, const char *b)
{
	while (*a && *b && lower(*a) == *b) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* Does value hold "prop" ":" "want" (CSS, white space and case ignored)? */
static bool style_has(const char *value, const char *prop, const char *want)
{
	size_t plen = strlen(prop), wlen = strlen(want);
	for (const char *p = value; *p; p++) {
		size_t i = 0;
		while (i < plen && lower(p[i]) == prop[i])
			i++;
		if (i < plen)
			continue;
		const char *q = p + plen;
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		if (*q != ':')
			continue;
		q++;
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		size_t k = 0;
		while (k < wlen && lower(q[k]) == want[k])
			k++;
		if (k == wlen)
			return true;
	}
	return false;
}

/* Is el an element Gumbo has no tag for (dialog, picture, ...) of this name? */
static bool named(const GumboElement *el, const char *name)
{
	if (el->tag != GUMBO_TAG_UNKNOWN)
		return false;
	size_t n = strlen(name);
	const char *t = el->original_tag.data;
	if (el->original_tag.length < n + 2 || !t)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(t[1 + i]) != name[i])
			return false;
	char c = t[1 + n];
	return c == '>' || c == ' ' || c == '/' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The attributes the walk reads, found in one pass over the element's. */
struct attrs {
	const char *style, *aria_hidden;
	uint32_t flags;		/* HTML_FLAGS_ATTRIBUTE: what the skim read in class, id, role */
	bool hidden, href, open;
};

static void read_attributes(const GumboElement *el, struct attrs *a)
{
	memset(a, 0, sizeof *a);
	const GumboVector *v = &el->attributes;
	for (unsigned i = 0; i < v->length; i++) {
		const GumboAttribute *at = v->data[i];
		const char *n = at->name;
		switch (n[0]) {
		case 'a':
			if (strcmp(n, "aria-hidden") == 0)
				a->aria_hidden = at->value;
			break;
		case 'f':
			if (strcmp(n, HTML_FLAGS_ATTRIBUTE) == 0)
				a->flags = (uint32_t)strtoul(at->value, NULL, 16);
			break;
		case 'h':
			if (strcmp(n, "hidden") == 0)
				a->hidden = true;
			else if (strcmp(n, "href") == 0)
				a->href = true;
			break;
		case 'o':
			if (strcmp(n, "open") == 0)
				a->open = true;
			break;
		case 's':
			if (strcmp(n, "style") == 0)
				a->style = at->value;
			break;
		default:
			break;
		}
	}
}

static bool is_hidden(const GumboElement *el, const struct attrs *a)
{
	if (a->hidden)
		return true;
	if (a->aria_hidden && eq_ci(a->aria_hidden, "true"))
		return true;
	if (a->style && (style_has(a->style, "display", "none") ||
			 style_has(a->style, "visibility", "hidden")))
		return true;
	return !a->open && named(el, "dialog");
}

/* Elements whose contents are never text a reader sees. */
static bool is_dropped(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
	case GUMBO_TAG_APPLET: case GUMBO_TAG_SVG: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_AUDIO: case GUMBO_TAG_MAP: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
	case GUMBO_TAG_INPUT: case GUMBO_TAG_DATALIST: case GUMBO_TAG_OPTION:
	case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME:
	case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_PARAM:
	case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_BASE:
	case GUMBO_TAG_LINK: case GUMBO_TAG_META:
		return true;
	default:
		return false;
	}
}

/* The boundary a block element puts around itself; SEP_NONE for inline ones. */
static enum sep block_sep(const GumboElement *el)
{
	switch (el->tag) {
	case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
	case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_PRE: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
	case GUMBO_TAG_TABLE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS:
	case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP: case GUMBO_TAG_PLAINTEXT:
	case GUMBO_TAG_DETAILS: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_HGROUP:
		return SEP_PARA;
	case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
	case GUMBO_TAG_TR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_SUMMARY: case GUMBO_TAG_LEGEND: case GUMBO_TAG_CENTER:
	case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM:
	case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_MENU:
	case GUMBO_TAG_DIR: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
	case GUMBO_TAG_BUTTON: case GUMBO_TAG_MARQUEE:
		return SEP_LINE;
	case GUMBO_TAG_TD: case GUMBO_TAG_TH:
		return SEP_SPACE;
	case GUMBO_TAG_UNKNOWN:
		/* Custom elements (amp-img, app-article-body) are laid out as blocks. */
		if (named(el, "dialog") || named(el, "search"))
			return SEP_LINE;
		return el->original_tag.data &&
		       memchr(el->original_tag.data, '-', el->original_tag.length) ? SEP_LINE : SEP_NONE;
	default:
		return SEP_NONE;
	}
}

static uint32_t tag_flags(const GumboElement *el)
{
	switch (el->tag) {
	case GUMBO_TAG_NAV: return NODE_CHROME;
	case GUMBO_TAG_ASIDE: return NODE_ASIDE;
	case GUMBO_TAG_HEADER: return NODE_HEADER;
	case GUMBO_TAG_FOOTER: return NODE_FOOTER;
	case GUMBO_TAG_ARTICLE: return NODE_ARTICLE | NODE_CONTENT;
	case GUMBO_TAG_MAIN: return NODE_CONTENT;
	case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON: case GUMBO_TAG_LABEL: case GUMBO_TAG_FIELDSET:
	case GUMBO_TAG_LEGEND:
		return NODE_FORM;
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CAPTION:
		return NODE_FIGURE;
	case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_MENU:
	case GUMBO_TAG_DIR:
		return NODE_LIST;
	case GUMBO_TAG_TABLE: return NODE_TABLE;
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6:
		return NODE_HEADING;
	case GUMBO_TAG_ADDRESS: return NODE_META;
	case GUMBO_TAG_UNKNOWN:
		return named(el, "dialog") ? NODE_DIALOG | NODE_CHROME
		       : named(el, "search") ? NODE_CHROME
		       : named(el, "picture") ? NODE_FIGURE : 0;
	default: return 0;
	}
}

/* Flags from the words of class, id, role and itemprop (read by the skim), and a custom element's name. */
static uint32_t attribute_flags(const GumboElement *el, const struct attrs *a)
{
	uint32_t f = a->flags;
	if (el->tag == GUMBO_TAG_UNKNOWN && el->original_tag.length > 1) {
		/* A custom element's name: <app-comments>, <amp-ad>. */
		const char *name = el->original_tag.data + 1;
		size_t n = 0;
		while (n + 1 < el->original_tag.length && name[n] != ' ' && name[n] != '>' &&
		       name[n] != '/' && name[n] != '\t' && name[n] != '\n')
			n++;
		f |= words_classify(name, n);
	}
	return f;
}

static unsigned heading_level(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_H1: return 1;
	case GUMBO_TAG_H2: return 2;
	case GUMBO_TAG_H3: return 3;
	case GUMBO_TAG_H4: return 4;
	case GUMBO_TAG_H5: return 5;
	case GUMBO_TAG_H6: return 6;
	default: return 0;
	}
}

static enum block_kind tag_kind(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6:
		return KIND_HEADING;
	case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
		return KIND_ITEM;
	case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP: case GUMBO_TAG_PLAINTEXT:
		return KIND_PRE;
	case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CAPTION:
		return KIND_CAPTION;
	default:
		return KIND_TEXT;
	}
}

/* ---- the walk ------------------------------------------------------------- */

struct frame {
	const GumboNode *node;
	unsigned next;		/* the next child to visit */
	uint32_t hnode;		/* its element in the flat tree, or UINT32_MAX if inline */
	uint32_t ctx;		/* flags of it and its ancestors */
	enum sep sep;		/* its boundary (block elements) */
	bool link, pre, quote, skipped_text;
};

struct walk {
	struct htree *t;
	struct frame *stack;
	size_t depth, alloc;
	/* The block being filled. */
	bool open;
	enum sep pending;
	bool space;		/* white space seen since the last character */
	unsigned links, pres, quotes;
	unsigned breaks;	/* <br> in a row with no text between */
	size_t pre_spaces;	/* in <pre>, spaces not yet followed by a character on the line */
	uint32_t block_node;	/* the innermost block element */
	uint32_t block_ctx;
	struct hblock cur;
};

static void grow_blocks(struct htree *t)
{
	ALLOC_GROW(t->blocks, t->nblocks + 1, t->ablocks);
}

static void close_block(struct walk *w)
{
	if (!w->open)
		return;
	w->open = false;
	struct htree *t = w->t;
	if (w->cur.chars == 0) {
		t->text.len = w->cur.start;
		if (t->text.data)
			t->text.data[t->text.len] = '\0';
		return;
	}
	w->cur.len = (uint32_t)(t->text.len - w->cur.start);
	grow_blocks(t);
	t->blocks[t->nblocks++] = w->cur;
	w->pending = SEP_NONE;
}

static void boundary(struct walk *w, enum sep s)
{
	close_block(w);
	w->pre_spaces = 0;
	if (s > w->pending)
		w->pending = s;
}

static void open_block(struct walk *w)
{
	struct htree *t = w->t;
	const struct hnode *n = &t->nodes[w->block_node];
	w->open = true;
	w->space = false;
	memset(&w->cur, 0, sizeof w->cur);
	w->cur.node = w->block_node;
	w->cur.start = (uint32_t)t->text.len;
	w->cur.sep = (uint8_t)(t->nblocks ? w->pending : SEP_NONE);
	w->cur.ctx = w->block_ctx;
	w->cur.heading = n->heading;
	enum block_kind k = tag_kind((GumboTag)n->tag);
	if (w->pres)
		k = KIND_PRE;
	else if (k == KIND_TEXT && w->quotes)
		k = KIND_QUOTE;
	w->cur.kind = (uint8_t)k;
}

static bool is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Appends a text node's characters to the open block (opening one when needed). */
static void add_text(struct walk *w, const char *s)
{
	struct htree *t = w->t;
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++) {
		unsigned char c = *p;
		if (is_ascii_space(c)) {
			if (w->pres) {
				/*
				 * Preformatted: a line break ends a line, spaces stay (indentation
				 * too) when a character follows them on the line; those at its end
				 * are dropped, as at the end of any other line.
				 */
				if (c == '\n')
					boundary(w, SEP_LINE);
				else if (c != '\r')
					w->pre_spaces++;
				continue;
			}
			w->space = true;
			continue;
		}
		/* A no-break space is text, but not a character that makes a block. */
		bool nbsp = c == 0xC2 && p[1] == 0xA0;
		if (!w->open) {
			if (nbsp) {
				p++;
				continue;
			}
			open_block(w);
		} else if (w->space) {
			buf_addc(&t->text, ' ');
		}
		for (; w->pre_spaces; w->pre_spaces--)
			buf_addc(&t->text, ' ');
		if (w->space || w->cur.chars == 0)
			w->cur.words += !nbsp;
		w->space = false;
		w->breaks = 0;
		if (nbsp) {
			buf_add(&t->text, p, 2);
			p++;
			w->space = false;
			continue;
		}
		buf_addc(&t->text, (char)c);
		if ((c & 0xC0) == 0x80)
			continue;	/* a continuation byte: its character is counted */
		w->cur.chars++;
		if (w->links)
			w->cur.link_chars++;
		if (c == ',' || c == '.' || c == '!' || c == '?') {
			/* Inside a number or a name (4,000; 2.5; example.com) punctuation ends nothing. */
			unsigned char next = p[1];
			unsigned char prev = t->text.len >= 2 ? (unsigned char)t->text.data[t->text.len - 2] : ' ';
			bool alnum_next = (next >= '0' && next <= '9') || ((next | 0x20) >= 'a' && (next | 0x20) <= 'z');
			if (c == ',' && !(alnum_next && prev >= '0' && prev <= '9'))
				w->cur.commas++;
			else if (c != ',' && !alnum_next)
				w->cur.stops++;
		} else if (c >= 0xD8) {
			/* ، (D8 8C), 、。 (E3 80 81/82), ，！？ (EF BC 8C/81/9F), … (E2 80 A6) */
			if ((c == 0xD8 && p[1] == 0x8C) ||
			    (c == 0xE3 && p[1] == 0x80 && p[2] == 0x81) ||
			    (c == 0xEF && p[1] == 0xBC && p[2] == 0x8C))
				w->cur.commas++;
			else if ((c == 0xE3 && p[1] == 0x80 && p[2] == 0x82) ||
				 (c == 0xEF && p[1] == 0xBC && (p[2] == 0x81 || p[2] == 0x9F)) ||
				 (c == 0xE2 && p[1] == 0x80 && p[2] == 0xA6))
				w->cur.stops++;
		}
	}
}

/*
 * A text node's text with its markers replaced by the runs they stand for
 * (skim.c), CR and CRLF read as LF, as the parser reads them.
 */
static const char *node_text(struct htree *t, const struct html_runs *runs, const char *s)
{
	if (!runs || !runs->page)
		return s;
	const char *m = strchr(s, (char)HTML_MARKER_BYTE);
	if (!m)
		return s;
	struct buf *d = &t->decoded;
	buf_reset(d);
	for (;;) {
		buf_add(d, s, (size_t)(m - s));
		const unsigned char *u = (const unsigned char *)m;
		size_t i = 0;
		for (;;) {
			/* Gumbo's text is valid UTF-8 and holds no other character of plane 15. */
			if ((u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 || (u[3] & 0xC0) != 0x80)
				bug("html: a marker cut short");
			uint32_t x = ((uint32_t)(u[1] & 0x0F) << 12) | ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3Fu);
			u += 4;
			if (x < HTML_MARKER_LOW) {
				i |= x;
				break;
			}
			i = (size_t)(x - HTML_MARKER_LOW) << 15;
			if (*u != HTML_MARKER_BYTE)
				bug("html: a marker cut short");
		}
		if (i >= runs->n)
			bug("html: a marker for no run");
		const char *r = runs->page + runs->at[i].start, *rend = r + runs->at[i].len;
		while (r < rend) {
			const char *cr = memchr(r, '\r', (size_t)(rend - r));
			if (!cr) {
				buf_add(d, r, (size_t)(rend - r));
				break;
			}
			buf_add(d, r, (size_t)(cr - r));
			buf_addc(d, '\n');
			r = cr + 1 + (cr + 1 < rend && cr[1] == '\n');
		}
		s = (const char *)u;
		m = strchr(s, (char)HTML_MARKER_BYTE);
		if (!m)
			break;
	}
	buf_adds(d, s);
	return d->data;
}

static void push(struct walk *w, struct frame f)
{
	ALLOC_GROW(w->stack, w->depth + 1, w->alloc);
	w->stack[w->depth++] = f;
}

static uint32_t add_node(struct walk *w, const GumboElement *el, uint32_t flags, uint32_t parent)
{
	struct htree *t = w->t;
	ALLOC_GROW(t->nodes, t->nnodes + 1, t->anodes);
	struct hnode *n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof *n);
	n->parent = parent;
	n->flags = flags;
	n->tag = (uint16_t)el->tag;
	n->heading = (uint8_t)heading_level(el->tag);
	n->first_block = n->end_block = (uint32_t)t->nblocks;
	if (parent != UINT32_MAX) {
		n->depth = t->nodes[parent].depth + 1;
		t->nodes[parent].children++;
		t->nodes[parent].block_children++;
	}
	return (uint32_t)t->nnodes++;
}

/* The nearest enclosing frame that is a block element. */
static const struct frame *block_frame(const struct walk *w)
{
	for (size_t i = w->depth; i-- > 0;)
		if (w->stack[i].hnode != UINT32_MAX)
			return &w->stack[i];
	return NULL;
}

static void enter(struct walk *w, const GumboNode *node)
{
	const GumboElement *el = &node->v.element;
	if (el->tag == GUMBO_TAG_BR) {
		w->breaks++;
		boundary(w, w->breaks > 1 ? SEP_PARA : SEP_LINE);
		return;
	}
	if (el->tag == GUMBO_TAG_HR) {
		boundary(w, SEP_PARA);
		return;
	}
	if (is_dropped(el->tag))
		return;
	struct attrs a;
	read_attributes(el, &a);
	if (is_hidden(el, &a))
		return;
	const struct frame *up = block_frame(w);
	uint32_t ctx = w->depth ? w->stack[w->depth - 1].ctx : 0;
	uint32_t flags = 0;
	if (w->t->classify) {
		flags = tag_flags(el);
		/* The page's own classes ("single-post has-sidebar") say nothing of a part. */
		if (el->tag != GUMBO_TAG_BODY && el->tag != GUMBO_TAG_HTML)
			flags |= attribute_flags(el, &a);
		/* Text for screen readers alone ("opens in a new window"). */
		if (flags & NODE_HIDDEN_CLASS)
			return;
	}
	struct frame f = { node, 0, UINT32_MAX, ctx | flags, SEP_NONE, false, false, false, false };
	enum sep s = block_sep(el);
	if (s != SEP_NONE || !up) {
		boundary(w, s);
		f.sep = s;
		flags |= NODE_BLOCK;
		f.hnode = add_node(w, el, flags, up ? up->hnode : UINT32_MAX);
		w->block_node = f.hnode;
		w->block_ctx = f.ctx;
	}
	if (el->tag == GUMBO_TAG_A && a.href) {
		f.link = true;
		w->links++;
	}
	if (tag_kind(el->tag) == KIND_PRE) {
		f.pre = true;
		w->pres++;
	}
	if (el->tag == GUMBO_TAG_BLOCKQUOTE || el->tag == GUMBO_TAG_Q) {
		f.quote = el->tag == GUMBO_TAG_BLOCKQUOTE;
		w->quotes += f.quote;
	}
	push(w, f);
}

static void leave(struct walk *w)
{
	struct frame f = w->stack[--w->depth];
	if (f.link)
		w->links--;
	if (f.pre)
		w->pres--;
	if (f.quote)
		w->quotes--;
	if (f.hnode == UINT32_MAX)
		return;
	boundary(w, f.sep);
	w->t->nodes[f.hnode].end_block = (uint32_t)w->t->nblocks;
	const struct frame *up = block_frame(w);
	if (up) {
		w->block_node = up->hnode;
		w->block_ctx = up->ctx;
	}
}

static const GumboVector *children_of(const GumboNode *n)
{
	if (n->type == GUMBO_NODE_DOCUMENT)
		return &n->v.document.children;
	return &n->v.element.children;
}

/* The text of the head's <title>, white space collapsed. */
static void find_title(struct htree *t, const GumboNode *root)
{
	buf_reset(&t->title);
	const GumboVector *top = children_of(root);
	for (unsigned i = 0; i < top->length; i++) {
		const GumboNode *html = top->data[i];
		if (html->type != GUMBO_NODE_ELEMENT || html->v.element.tag != GUMBO_TAG_HTML)
			continue;
		const GumboVector *hc = &html->v.element.children;
		for (unsigned j = 0; j < hc->length; j++) {
			const GumboNode *head = hc->data[j];
			if (head->type != GUMBO_NODE_ELEMENT || head->v.element.tag != GUMBO_TAG_HEAD)
				continue;
			const GumboVector *c = &head->v.element.children;
			for (unsigned k = 0; k < c->length; k++) {
				const GumboNode *ti = c->data[k];
				if (ti->type != GUMBO_NODE_ELEMENT || ti->v.element.tag != GUMBO_TAG_TITLE)
					continue;
				const GumboVector *tc = &ti->v.element.children;
				bool space = false;
				for (unsigned m = 0; m < tc->length; m++) {
					const GumboNode *x = tc->data[m];
					if (x->type != GUMBO_NODE_TEXT && x->type != GUMBO_NODE_WHITESPACE)
						continue;
					for (const char *s = x->v.text.text; *s; s++) {
						if (is_ascii_space((unsigned char)*s)) {
							space = t->title.len > 0;
							continue;
						}
						if (space)
							buf_addc(&t->title, ' ');
						space = false;
						buf_addc(&t->title, *s);
					}
				}
				return;
			}
		}
	}
}

void htree_build(struct htree *t, const GumboNode *root, const struct html_runs *runs)
{
	t->nnodes = t->nblocks = 0;
	buf_reset(&t->text);
	find_title(t, root);
	struct walk w = { .t = t, .block_node = UINT32_MAX };
	push(&w, (struct frame){ root, 0, UINT32_MAX, 0, SEP_NONE, false, false, false, false });
	while (w.depth) {
		struct frame *f = &w.stack[w.depth - 1];
		const GumboVector *c = children_of(f->node);
		if (f->next >= c->length) {
			if (w.depth == 1) {
				w.depth = 0;
				break;
			}
			leave(&w);
			continue;
		}
		const GumboNode *child = c->data[f->next++];
		switch (child->type) {
		case GUMBO_NODE_ELEMENT:
			enter(&w, child);
			break;
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_CDATA:
		case GUMBO_NODE_WHITESPACE:
			if (w.block_node != UINT32_MAX)
				add_text(&w, node_text(t, runs, child->v.text.text));
			break;
		default:
			break;	/* comments; templates' contents are never shown */
		}
	}
	close_block(&w);
	free(w.stack);
}

void htree_release(struct htree *t)
{
	free(t->nodes);
	free(t->blocks);
	buf_release(&t->text);
	buf_release(&t->title);
	buf_release(&t->decoded);
	memset(t, 0, sizeof *t);
}
