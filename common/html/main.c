/*
 * main: the article among a page's blocks (--html=main).
 *
 * The decision is made on the tree, as the extractors that do it best
 * make it, in three steps; the code is ours, the ideas are theirs:
 *
 *   1. Where the article is (readability's content score).  Each block of
 *      prose (long enough, few links, not in chrome) adds a score, from its
 *      length and commas, to the elements above it: its parent in full,
 *      its grandparent half, further ancestors less.  An element's score is
 *      that sum, plus a weight for its tag and for what its class and id
 *      words say (article-body, story: more; comments, sidebar: less),
 *      times one minus its link density.  The best element, and those of
 *      its siblings that score well enough or are paragraphs of their own,
 *      hold the article.
 *   2. What in it is the article (trafilatura's pruning, boilerpipe's and
 *      jusText's block classes).  Within those elements, blocks go that are
 *      chrome by their elements' words or tags (share bars, related boxes,
 *      ads, newsletter forms), mostly links, bylines and dates, figure
 *      captions; a short block stays only between two kept paragraphs, a
 *      heading only before kept text; a paragraph goes that the line
 *      model of detect.h takes for chrome among the article's lines and
 *      alone (a newsletter prompt set into the body).
 *   3. The title: the article's first-level heading, or the nearest one
 *      before it.
 *
 * When the article found holds much less prose than the page has outside
 * chrome (an article cut into pieces by wrappers), every prose block that
 * is not chrome is kept instead, jusText's answer.
 *
 * Words on a large element (one holding most of the page's prose) are not
 * believed: pages name their wrappers after their features ("main
 * has-comments", "content-with-sidebar").
 */
#include "internal.h"
#include "../detect.h"

#include <gumbo.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* Flags that put a block out of the article whatever it says. */
#define HARD (NODE_CHROME | NODE_COMMENTS | NODE_DIALOG | NODE_FORM)
#define NEGATIVE (HARD | NODE_ASIDE | NODE_META | NODE_FOOTER)

enum quality { Q_SHORT, Q_MEDIUM, Q_GOOD };

struct state {
	const struct htree *t;
	uint32_t *own;		/* per node: its own flags, as believed */
	uint32_t *eff;		/* per node: its flags and its ancestors', as believed */
	double *score;		/* per node: the content score gathered */
	uint32_t *chars, *links;	/* per node: characters, link characters in its subtree */
	uint32_t *good;		/* per node: characters of prose outside chrome in its subtree */
	unsigned char *prose_child;	/* per node: a paragraph of prose is one of its children */
	unsigned char *q;	/* per block: enum quality */
	uint32_t prose_total;	/* characters of prose blocks outside chrome */
};

static double link_density(uint32_t links, uint32_t chars)
{
	return chars ? (double)links / chars : 0;
}

static void note_span(size_t start, size_t end, void *ctx)
{
	*(size_t *)ctx += end - start;
}

/*
 * Does the line-level model of chrome (detect.h: bylines, credits,
 * newsletter and share prompts, labels) take most of a short block for
 * chrome?  Asked only of the short blocks set between paragraphs, which
 * the tree cannot judge ("Photo: Reuters", "Advertisement").
 */
static bool chrome_line(const struct htree *t, const struct hblock *b)
{
	size_t covered = 0;
	detect_boilerplate(t->text.data + b->start, b->len, note_span, &covered);
	return covered * 2 > b->len;
}

/* Has the text a letter of any script?  ("1/6", "2024", "|" have none.) */
static bool has_letter(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return true;
		/* A lead byte past Latin-1's symbols, other than that of the punctuation block U+2000. */
		if (c >= 0xC3 && c != 0xE2)
			return true;
	}
	return false;
}

static enum quality quality(const struct hblock *b)
{
	double ld = link_density(b->link_chars, b->chars);
	unsigned marks = b->stops + b->commas;
	if (ld < 0.3 && (b->chars >= 200 || (b->chars >= 80 && marks >= 1)))
		return Q_GOOD;
	if (ld < 0.4 && b->chars >= 30 && marks >= 1)
		return Q_MEDIUM;
	return Q_SHORT;
}

/* The weight of an element for holding the article, from its tag and words. */
static double node_weight(const struct hnode *n, uint32_t flags)
{
	double w = 0;
	switch (n->tag) {
	case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: w = 5; break;
	case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: w = 10; break;
	case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: w = 3; break;
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL:
	case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
		w = -3; break;
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH:
		w = -5; break;
	default: break;
	}
	if (flags & (NODE_CONTENT | NODE_ARTICLE))
		w += 25;
	if (flags & NEGATIVE)
		w -= 25;
	return w;
}

/*
 * Per node, bottom-up: characters and link characters of its subtree.
 * Nodes come parent first, so a walk backwards adds each to its parent
 * after all its children were added to it.
 */
static void subtree_sums(struct state *s)
{
	const struct htree *t = s->t;
	for (size_t i = 0; i < t->nnodes; i++)
		s->chars[i] = s->links[i] = 0;
	for (size_t i = 0; i < t->nblocks; i++) {
		s->chars[t->blocks[i].node] += t->blocks[i].chars;
		s->links[t->blocks[i].node] += t->blocks[i].link_chars;
	}
	for (size_t i = t->nnodes; i-- > 1;) {
		uint32_t p = t->nodes[i].parent;
		if (p != UINT32_MAX) {
			s->chars[p] += s->chars[i];
			s->links[p] += s->links[i];
		}
	}
}

/*
 * Which elements' words to believe: all but those holding most of the
 * page's prose.  Computed top-down, parents before children.
 */
static void believed_flags(struct state *s, const uint32_t *prose)
{
	const struct htree *t = s->t;
	uint32_t total = t->nnodes ? prose[0] : 0;
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct hnode *n = &t->nodes[i];
		uint32_t own = n->flags;
		/* The page's own wrappers: their words describe the page, not a part. */
		if (total && prose[i] * 2 > total && n->tag != GUMBO_TAG_NAV)
			own &= ~(uint32_t)(NEGATIVE | NODE_HEADER);
		s->own[i] = own;
		s->eff[i] = own | (n->parent != UINT32_MAX ? s->eff[n->parent] : 0);
	}
}

static bool in_chrome(const struct state *s, const struct hblock *b)
{
	return (s->eff[b->node] & HARD) != 0;
}

/* Readability's propagation: parent 1, grandparent 1/2, then 1/(3 level), five levels up. */
static void gather_scores(struct state *s)
{
	const struct htree *t = s->t;
	for (size_t i = 0; i < t->nnodes; i++)
		s->score[i] = 0;
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct hblock *b = &t->blocks[i];
		if (s->q[i] == Q_SHORT || in_chrome(s, b) || b->kind == KIND_HEADING ||
		    b->kind == KIND_CAPTION)
			continue;
		double add = 1 + b->commas + (b->chars >= 300 ? 3 : b->chars / 100);
		uint32_t n = b->node;
		/* A div holding text itself is a paragraph: its parent gets the score. */
		uint32_t up = t->nodes[n].parent;
		for (unsigned level = 0; up != UINT32_MAX && level < 5; level++) {
			double div = level == 0 ? 1 : level == 1 ? 2 : 3.0 * level;
			s->score[up] += add / div;
			up = t->nodes[up].parent;
		}
	}
}

static double candidate_score(const struct state *s, uint32_t i)
{
	const struct hnode *n = &s->t->nodes[i];
	double sc = s->score[i] + node_weight(n, s->own[i]);
	return sc * (1 - link_density(s->links[i], s->chars[i]));
}

static uint32_t best_candidate(const struct state *s)
{
	const struct htree *t = s->t;
	uint32_t best = UINT32_MAX;
	double best_score = 0;
	for (size_t i = 0; i < t->nnodes; i++) {
		if (s->score[i] <= 0 || (s->eff[i] & HARD))
			continue;
		double sc = candidate_score(s, (uint32_t)i);
		if (sc > best_score) {
			best_score = sc;
			best = (uint32_t)i;
		}
	}
	return best;
}

/* Marks the blocks of node n's subtree as in the region. */
static void mark_subtree(const struct htree *t, uint32_t n, unsigned char *region)
{
	for (uint32_t i = t->nodes[n].first_block; i < t->nodes[n].end_block; i++)
		region[i] = 1;
}

static bool is_heading_tag(uint16_t tag)
{
	return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 ||
	       tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

/*
 * Does the element at `from` hold a copy of the path chain[1..len) (each
 * step a child of the same tag and words as the chain's), and what prose
 * does its end hold?  0 when the path is not there.
 */
static uint32_t path_prose(const struct state *s, uint32_t from, const uint32_t *chain, unsigned len)
{
	const struct htree *t = s->t;
	uint32_t cur = from;
	for (unsigned k = 1; k < len; k++) {
		uint32_t want = chain[k], found = UINT32_MAX;
		for (uint32_t i = cur + 1; i < t->nnodes && t->nodes[i].depth > t->nodes[cur].depth; i++)
			if (t->nodes[i].parent == cur && t->nodes[i].tag == t->nodes[want].tag &&
			    t->nodes[i].flags == t->nodes[want].flags) {
				found = i;
				break;
			}
		if (found == UINT32_MAX)
			return 0;
		cur = found;
	}
	return s->good[cur];
}

/*
 * Is node i a sibling of the unit chain[0] that repeats it: same tag and
 * words, not chrome or an aside, the chain's path in it down to 80
 * characters of prose or more?  That prose, or 0.
 */
static uint32_t repeat_prose(const struct state *s, uint32_t i, const uint32_t *chain, unsigned len)
{
	const struct hnode *n = &s->t->nodes[i], *unit = &s->t->nodes[chain[0]];
	if (n->parent != unit->parent || n->tag != unit->tag || n->flags != unit->flags ||
	    (s->eff[i] & (HARD | NODE_ASIDE)))
		return 0;
	uint32_t prose = path_prose(s, i, chain, len);
	return prose >= 80 ? prose : 0;
}

/*
 * The article as a set of units of equal standing: a forum thread's
 * posts, a Q&A page's answers, a blog's posts on its front page.  Each
 * unit is a wrapper of the same tag and words as its siblings, holding
 * the same path of elements down to its text (as forum extractors find
 * posts: from the best match, up through the ancestors while the
 * siblings repeat it).  The best element is the text of one unit; going
 * up from it through ancestors that hold no other prose, the first whose
 * siblings repeat it, with prose at the path's end, is the unit.  Two
 * repeats at least, or one with half the unit's prose: an article with
 * its comments' wrapper beside it is not a thread.  Marks the units and
 * returns their parent, or UINT32_MAX.
 */
static uint32_t choose_units(const struct state *s, uint32_t top, unsigned char *region)
{
	const struct htree *t = s->t;
	enum { LEVELS = 5 };
	uint32_t chain[LEVELS + 1];
	unsigned len = 1;
	chain[0] = top;
	uint32_t unit = top;
	for (unsigned level = 1; level <= LEVELS; level++) {
		uint32_t up = t->nodes[unit].parent;
		if (up == UINT32_MAX || t->nodes[up].parent == UINT32_MAX || (s->eff[up] & HARD))
			return UINT32_MAX;
		/* An ancestor holding prose of its own beside the unit is the article's wrapper. */
		if (s->good[up] > s->good[top] + s->good[top] / 4)
			return UINT32_MAX;
		unit = up;
		memmove(chain + 1, chain, len * sizeof *chain);
		chain[0] = unit;
		len++;
		uint32_t parent = t->nodes[unit].parent, repeats = 0, best_repeat = 0;
		for (uint32_t i = parent + 1; i < t->nnodes && t->nodes[i].depth > t->nodes[parent].depth; i++) {
			uint32_t prose = i == unit ? 0 : repeat_prose(s, i, chain, len);
			repeats += prose > 0;
			if (prose > best_repeat)
				best_repeat = prose;
		}
		if (repeats >= 2 || (repeats == 1 && best_repeat * 2 >= s->good[top])) {
			for (uint32_t i = parent + 1; i < t->nnodes && t->nodes[i].depth > t->nodes[parent].depth; i++)
				if (i == unit || repeat_prose(s, i, chain, len))
					mark_subtree(t, i, region);
			return parent;
		}
	}
	return UINT32_MAX;
}

/*
 * The best element and, from its parent's children, readability's
 * siblings: an element that scores at least a fifth of the best (ten at
 * least) and holds a paragraph of prose, or, after the best, a paragraph
 * of prose of its own; then the headings between siblings taken.  A
 * paragraph before the best element is the standfirst, not the body.
 * Returns the parent (the region's root), or top if it has none.
 */
static uint32_t choose_region(const struct state *s, uint32_t top, unsigned char *region)
{
	const struct htree *t = s->t;
	uint32_t units = choose_units(s, top, region);
	if (units != UINT32_MAX)
		return units;
	mark_subtree(t, top, region);
	uint32_t parent = t->nodes[top].parent;
	if (parent == UINT32_MAX)
		return top;
	double top_score = candidate_score(s, top);
	double threshold = top_score * 0.2 > 10 ? top_score * 0.2 : 10;
	uint32_t first = top, last = top;
	for (uint32_t i = parent + 1; i < t->nnodes && t->nodes[i].depth > t->nodes[parent].depth; i++) {
		/* Children of the parent only: skip deeper descendants. */
		if (t->nodes[i].parent != parent || i == top || (s->eff[i] & HARD))
			continue;
		bool take = s->good[i] >= 80 && t->nodes[i].tag != GUMBO_TAG_P &&
			    candidate_score(s, i) >= threshold;
		if (!take && i > top && t->nodes[i].tag == GUMBO_TAG_P) {
			double ld = link_density(s->links[i], s->chars[i]);
			uint32_t b = t->nodes[i].first_block;
			bool ends = b < t->nodes[i].end_block && t->blocks[b].stops > 0;
			take = (s->chars[i] > 80 && ld < 0.25) || (s->chars[i] > 0 && ld == 0 && ends);
		}
		if (take) {
			mark_subtree(t, i, region);
			if (i < first)
				first = i;
			if (i > last)
				last = i;
		}
	}
	/* Headings between the siblings taken, and prose the parent holds itself there. */
	for (uint32_t i = first + 1; i < last; i++)
		if (t->nodes[i].parent == parent && is_heading_tag(t->nodes[i].tag) && !(s->eff[i] & HARD))
			mark_subtree(t, i, region);
	for (uint32_t i = t->nodes[first].first_block; i < t->nodes[last].end_block; i++)
		if (t->blocks[i].node == parent && s->q[i] == Q_GOOD)
			region[i] = 1;
	return parent;
}

/* Flags of the elements from a block's element up to the region's root (exclusive) and top's own. */
static uint32_t flags_within(const struct state *s, uint32_t node, uint32_t root, uint32_t top)
{
	uint32_t f = 0;
	const struct htree *t = s->t;
	for (uint32_t n = node; n != UINT32_MAX && n != root; n = t->nodes[n].parent)
		if (n != top)
			f |= s->own[n];
	return f;
}

/* Elements that are part of a unit of the text (a list, a quote, a table's cells), not a box. */
static bool is_unit_part(const struct state *s, uint32_t n)
{
	switch (s->t->nodes[n].tag) {
	case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_LI:
	case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_MENU:
		return link_density(s->links[n], s->chars[n]) < 0.5;
	case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
	case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_CENTER:
		return true;
	case GUMBO_TAG_TABLE:
		return link_density(s->links[n], s->chars[n]) <= 0.2;
	default:
		return false;
	}
}

/*
 * Is the block in a box set into the article (a newsletter form, a
 * product, a contact, an ad label): the innermost element holding it
 * below the region's root, lists, quotes and table cells aside, holds no
 * paragraph of prose?
 */
static bool in_box(const struct state *s, const struct hblock *b, uint32_t root, uint32_t top)
{
	const struct htree *t = s->t;
	/* Text a container holds beside its elements (a label over a list of links) is the box's. */
	const struct hnode *own = &t->nodes[b->node];
	bool container = own->children && own->tag != GUMBO_TAG_P && !is_heading_tag(own->tag);
	uint32_t from = container ? b->node : own->parent;
	for (uint32_t n = from; n != UINT32_MAX && n != root && n != top; n = t->nodes[n].parent) {
		if (is_unit_part(s, n))
			continue;
		return s->good[n] == 0;
	}
	return false;
}

/*
 * Is the block in a teaser set into the article (an inline "related
 * story" card): a small element, a few blocks, one of which is a
 * headline that is all link?  Its summary reads as prose, but the
 * headline link gives it away.
 */
static bool in_teaser(const struct state *s, const struct hblock *b, uint32_t root, uint32_t top)
{
	const struct htree *t = s->t;
	const struct hnode *own = &t->nodes[b->node];
	/* A paragraph's own text is the paragraph, whatever is set inside it. */
	bool container = own->children && own->tag != GUMBO_TAG_P && !is_heading_tag(own->tag);
	uint32_t n = container ? b->node : own->parent;
	while (n != UINT32_MAX && n != root && n != top && is_unit_part(s, n))
		n = t->nodes[n].parent;
	if (n == UINT32_MAX || n == root || n == top)
		return false;
	const struct hnode *c = &t->nodes[n];
	if (c->end_block - c->first_block > 4 || s->chars[n] > 500)
		return false;
	/* Set among paragraphs, not one of a run of such elements (a live blog's posts). */
	if (c->parent == UINT32_MAX || !s->prose_child[c->parent])
		return false;
	for (uint32_t i = c->first_block; i < c->end_block; i++) {
		const struct hblock *h = &t->blocks[i];
		if (h->words >= 3 && h->link_chars * 10 >= h->chars * 9)
			return true;
	}
	return false;
}

/* Step 2: the region's blocks that are the article. */
static void prune(const struct state *s, uint32_t root, uint32_t top, const unsigned char *region,
		  unsigned char *keep)
{
	const struct htree *t = s->t;
	/* A page of pictures: its captions, if they hold more text than the rest, are its text. */
	uint32_t captions = 0, others = 0;
	for (size_t i = 0; i < t->nblocks; i++) {
		if (!region[i] || s->q[i] == Q_SHORT)
			continue;
		if (t->blocks[i].kind == KIND_CAPTION || (s->eff[t->blocks[i].node] & NODE_FIGURE))
			captions += t->blocks[i].chars;
		else
			others += t->blocks[i].chars;
	}
	bool gallery = captions > others, body_started = false;
	for (size_t i = 0; i < t->nblocks; i++) {
		keep[i] = 0;
		if (!region[i])
			continue;
		const struct hblock *b = &t->blocks[i];
		uint32_t f = flags_within(s, b->node, root, top);
		if (f & (HARD | NODE_ASIDE | NODE_FOOTER))
			continue;
		double ld = link_density(b->link_chars, b->chars);
		if (ld > 0.5 || (ld > 0.33 && b->chars < 100))
			continue;
		bool caption = b->kind == KIND_CAPTION || (f & NODE_FIGURE);
		if (caption && !gallery)
			continue;
		if (caption && gallery && s->q[i] != Q_SHORT) {
			keep[i] = 1;	/* a gallery's caption: the words of its box mean nothing here */
			continue;
		}
		if ((f & NODE_META) && b->chars < 200)
			continue;
		/* A summary before the body is the standfirst; after it, a sub-heading. */
		if ((f & NODE_LEAD) && b->chars < 400 && !body_started)
			continue;
		if ((in_box(s, b, root, top) || in_teaser(s, b, root, top)) && b->heading != 1)
			continue;
		if (!has_letter(t->text.data + b->start, b->len))
			continue;	/* counters, dates, separators */
		/* Before the body, a heading but the title is a section label or, long, the standfirst. */
		if (b->kind == KIND_HEADING && b->heading != 1 && !body_started &&
		    (b->words >= 10 || b->chars >= 80))
			continue;
		keep[i] = 1;
		body_started |= s->q[i] == Q_GOOD && b->kind != KIND_HEADING;
	}
	/*
	 * A short block stays between two kept paragraphs of prose (jusText's
	 * context): after the first and before the last.
	 */
	size_t first = SIZE_MAX, last = 0;
	for (size_t i = 0; i < t->nblocks; i++)
		if (keep[i] && s->q[i] != Q_SHORT && t->blocks[i].kind != KIND_HEADING) {
			if (first == SIZE_MAX)
				first = i;
			last = i;
		}
	for (size_t i = 0; i < t->nblocks; i++) {
		if (!keep[i] || s->q[i] != Q_SHORT || t->blocks[i].kind == KIND_HEADING ||
		    t->blocks[i].kind == KIND_ITEM)
			continue;
		if (first == SIZE_MAX || i < first || i > last || chrome_line(t, &t->blocks[i]))
			keep[i] = 0;
	}
	/*
	 * A heading stays if kept text follows it before the next heading as
	 * high (or the region's end): one pass from the end, keeping where the
	 * nearest kept text and the nearest heading of each level are.
	 */
	size_t next_text = SIZE_MAX, next_head[7];
	for (size_t l = 0; l < 7; l++)
		next_head[l] = SIZE_MAX;
	for (size_t i = t->nblocks; i-- > 0;) {
		const struct hblock *b = &t->blocks[i];
		if (!region[i]) {
			next_text = SIZE_MAX;
			for (size_t l = 0; l < 7; l++)
				next_head[l] = i;
			continue;
		}
		if (b->kind != KIND_HEADING) {
			if (keep[i])
				next_text = i;
			continue;
		}
		unsigned level = b->heading >= 1 && b->heading <= 6 ? b->heading : 6;
		if (keep[i] && !(next_text != SIZE_MAX && (next_head[level] == SIZE_MAX ||
							   next_text < next_head[level])))
			keep[i] = 0;
		for (size_t l = level; l < 7; l++)
			next_head[l] = i;
	}
}

struct article_spans {
	const uint32_t *at;	/* per block: its start in the article text, UINT32_MAX if not in it */
	const struct htree *t;
	uint32_t *covered;
	size_t cursor;		/* spans come in order: the first block that may hold the next */
};

static void note_article_span(size_t start, size_t end, void *ctx)
{
	struct article_spans *a = ctx;
	const struct htree *t = a->t;
	for (size_t i = a->cursor; i < t->nblocks; i++) {
		if (a->at[i] == UINT32_MAX)
			continue;
		size_t from = a->at[i], to = from + t->blocks[i].len;
		if (to <= start) {
			a->cursor = i + 1;
			continue;
		}
		if (from >= end)
			break;
		a->covered[i] += (uint32_t)((to < end ? to : end) - (from > start ? from : start));
	}
}

/*
 * The line model (detect.h) on the article as kept, judged as a page (as
 * jusText judges a block by its neighbours): a paragraph it takes for
 * chrome there and on its own is a prompt or notice the site set into the
 * body with no class to say so ("Sign up for our newsletter ...",
 * "Copyright 2024 ...").  Headings, list items and questions stay: how-to
 * pieces and interviews speak to the reader too.
 */
static void drop_notices(const struct state *s, struct main_scratch *m, unsigned char *keep)
{
	const struct htree *t = s->t;
	buf_reset(&m->article);
	for (size_t i = 0; i < t->nblocks; i++) {
		m->covered[i] = 0;
		m->at[i] = UINT32_MAX;
		if (!keep[i])
			continue;
		m->at[i] = (uint32_t)m->article.len;
		buf_add(&m->article, t->text.data + t->blocks[i].start, t->blocks[i].len);
		buf_addc(&m->article, '\n');
	}
	if (!m->article.len)
		return;
	struct article_spans a = { m->at, t, m->covered, 0 };
	detect_boilerplate(m->article.data, m->article.len, note_article_span, &a);
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct hblock *b = &t->blocks[i];
		if (!keep[i] || m->covered[i] * 2 <= b->len || b->kind == KIND_HEADING ||
		    b->kind == KIND_ITEM || memchr(t->text.data + b->start, '?', b->len))
			continue;
		if (chrome_line(t, b))
			keep[i] = 0;
	}
}

/*
 * How a block's text matches the page's <title> (which sites make
 * "Headline | Section | Site"): *own is the share of its words found in
 * the title; the result, the number of them, is how much of the title it
 * covers (the headline more than the site's name).
 */
static unsigned title_match(const struct htree *t, const struct hblock *b, double *own)
{
	const char *title = t->title.data, *p = t->text.data + b->start, *end = p + b->len;
	*own = 0;
	if (!title || !t->title.len)
		return 0;
	unsigned words = 0, found = 0;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		if (p == w)
			break;
		words++;
		found += memmem(title, t->title.len, w, (size_t)(p - w)) != NULL;
	}
	*own = words ? (double)found / words : 0;
	return found;
}

/*
 * Step 3: the article's title, if not kept already.  Among the headings
 * before the article (and an h1 anywhere before it), the one that covers
 * most of the page's <title> with most of its own words there; else the
 * nearest h1; else a short line before the article the <title> repeats
 * (pages without headings).  A heading that is a link is a title too
 * (blogs link their post titles).
 */
static void keep_title(const struct state *s, unsigned char *keep)
{
	const struct htree *t = s->t;
	size_t first = t->nblocks;
	for (size_t i = 0; i < t->nblocks; i++)
		if (keep[i]) {
			first = i;
			break;
		}
	if (first == t->nblocks)
		return;
	for (size_t i = first; i < t->nblocks; i++)
		if (keep[i] && t->blocks[i].heading == 1)
			return;
	size_t best = SIZE_MAX, nearest_h1 = SIZE_MAX;
	unsigned best_cover = 0;
	for (size_t i = first; i-- > 0;) {
		const struct hblock *b = &t->blocks[i];
		bool near = first - i <= 8;
		if (in_chrome(s, b) || !(b->heading == 1 || (near && b->heading)))
			continue;
		if (b->heading == 1 && nearest_h1 == SIZE_MAX && b->link_chars * 2 < b->chars)
			nearest_h1 = i;
		double own;
		unsigned cover = title_match(t, b, &own);
		if (own >= 0.5 && cover > best_cover) {
			best_cover = cover;
			best = i;
		}
	}
	if (best == SIZE_MAX)
		best = nearest_h1;
	if (best == SIZE_MAX) {
		for (size_t i = first; i-- > 0 && first - i <= 8;) {
			const struct hblock *b = &t->blocks[i];
			double own;
			title_match(t, b, &own);
			if (!in_chrome(s, b) && b->words >= 3 && b->chars < 200 && b->link_chars == 0 &&
			    own >= 0.8) {
				best = i;
				break;
			}
		}
	}
	if (best != SIZE_MAX)
		keep[best] = 1;
}

/*
 * The key points at the head of an article or live blog ("In short", "What
 * we know"): a list of statements between the title and the body, set
 * apart from both, in a box of its own that holds no paragraph (so the
 * best element's siblings do not take it, and a box of short lines in the
 * article is taken for chrome).  Kept, with the heading over it, when its items are sentences (four words
 * at least, no link) outside chrome, asides and bylines and an h1 comes
 * before it: menus and tag lists are links, bylines are short.
 */
static void keep_key_points(const struct state *s, unsigned char *keep)
{
	const struct htree *t = s->t;
	/* The body's first paragraph: the title, headings and a box's list may be kept before it. */
	size_t first = 0;
	while (first < t->nblocks && !(keep[first] && s->q[first] == Q_GOOD &&
				       t->blocks[first].kind == KIND_TEXT))
		first++;
	if (first == t->nblocks)
		return;
	size_t end = first, start;
	/* The nearest list before the body, maybe with chrome between (a share bar). */
	while (end > 0 && t->blocks[end - 1].kind != KIND_ITEM && first - end < 8 &&
	       t->blocks[end - 1].heading != 1)
		end--;
	if (end == 0 || t->blocks[end - 1].kind != KIND_ITEM)
		return;
	uint32_t list = t->nodes[t->blocks[end - 1].node].parent;
	for (start = end; start > 0 && t->blocks[start - 1].kind == KIND_ITEM; start--) {
		const struct hblock *b = &t->blocks[start - 1];
		if (t->nodes[b->node].parent != list || b->link_chars || b->words < 4 ||
		    (s->eff[b->node] & (NEGATIVE & ~NODE_LEAD)))
			return;
	}
	if (end - start < 2 || end - start > 12)
		return;
	/* The heading over the list, and the title before them. */
	size_t head = start;
	if (head > 0 && t->blocks[head - 1].kind == KIND_HEADING && t->blocks[head - 1].heading != 1 &&
	    !t->blocks[head - 1].link_chars && t->blocks[head - 1].words <= 6)
		head--;
	bool title = false;
	for (size_t i = head; i-- > 0 && head - i <= 8;)
		if (t->blocks[i].heading == 1) {
			title = true;
			break;
		}
	if (!title)
		return;
	for (size_t i = head; i < end; i++)
		keep[i] = 1;
}

static uint32_t kept_prose(const struct state *s, const unsigned char *keep)
{
	uint32_t n = 0;
	for (size_t i = 0; i < s->t->nblocks; i++)
		if (keep[i] && s->q[i] != Q_SHORT)
			n += s->t->blocks[i].chars;
	return n;
}

/* The fallback: every prose block outside chrome, asides and footers. */
static void keep_all_prose(const struct state *s, unsigned char *keep)
{
	const struct htree *t = s->t;
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct hblock *b = &t->blocks[i];
		keep[i] = s->q[i] != Q_SHORT && !(s->eff[b->node] & (HARD | NODE_ASIDE | NODE_FOOTER)) &&
			  b->kind != KIND_CAPTION;
	}
}

void main_scratch_release(struct main_scratch *m)
{
	free(m->u32);
	free(m->score);
	free(m->bytes);
	free(m->at);
	buf_release(&m->article);
	memset(m, 0, sizeof *m);
}

void html_main_select(const struct htree *t, struct main_scratch *m, unsigned char *keep)
{
	if (t->nblocks == 0)
		return;
	memset(keep, 0, t->nblocks);
	if (t->nnodes == 0)
		return;
	size_t nn = t->nnodes, nb = t->nblocks;
	ALLOC_GROW(m->u32, 6 * nn, m->au32);
	ALLOC_GROW(m->score, nn, m->ascore);
	ALLOC_GROW(m->bytes, nn + 2 * nb, m->abytes);
	ALLOC_GROW(m->at, 2 * nb, m->aat);
	m->covered = m->at + nb;
	struct state s = { .t = t };
	s.own = m->u32;
	s.eff = m->u32 + nn;
	s.chars = m->u32 + 2 * nn;
	s.links = m->u32 + 3 * nn;
	s.good = m->u32 + 4 * nn;
	uint32_t *prose = m->u32 + 5 * nn;
	s.score = m->score;
	s.prose_child = m->bytes;
	s.q = m->bytes + nn;
	unsigned char *region = m->bytes + nn + nb;
	memset(prose, 0, nn * sizeof *prose);
	memset(s.prose_child, 0, nn);
	memset(region, 0, nb);

	for (size_t i = 0; i < t->nblocks; i++) {
		s.q[i] = (unsigned char)quality(&t->blocks[i]);
		if (s.q[i] == Q_GOOD)
			prose[t->blocks[i].node] += t->blocks[i].chars;
	}
	for (size_t i = t->nnodes; i-- > 1;)
		if (t->nodes[i].parent != UINT32_MAX)
			prose[t->nodes[i].parent] += prose[i];
	subtree_sums(&s);
	believed_flags(&s, prose);
	for (size_t i = 0; i < t->nblocks; i++)
		if (s.q[i] == Q_GOOD && !in_chrome(&s, &t->blocks[i]))
			s.prose_total += t->blocks[i].chars;

	for (size_t i = 0; i < t->nnodes; i++)
		s.good[i] = 0;
	for (size_t i = 0; i < t->nblocks; i++)
		if (s.q[i] == Q_GOOD && !in_chrome(&s, &t->blocks[i])) {
			uint32_t n = t->blocks[i].node;
			s.good[n] += t->blocks[i].chars;
			if (t->nodes[n].parent != UINT32_MAX && !t->nodes[n].children)
				s.prose_child[t->nodes[n].parent] = 1;
		}
	for (size_t i = t->nnodes; i-- > 1;)
		if (t->nodes[i].parent != UINT32_MAX)
			s.good[t->nodes[i].parent] += s.good[i];

	gather_scores(&s);
	uint32_t top = best_candidate(&s);
	if (top != UINT32_MAX) {
		uint32_t root = choose_region(&s, top, region);
		prune(&s, root, top, region, keep);
		drop_notices(&s, m, keep);
	}
	/* Readability's retry: when what was found is a fraction of the page's prose. */
	uint32_t kept = top == UINT32_MAX ? 0 : kept_prose(&s, keep);
	if (kept < 200 || kept * 5 < s.prose_total)
		keep_all_prose(&s, keep);
	else
		keep_key_points(&s, keep);
	keep_title(&s, keep);
	/* A fragment with no prose at all (a snippet, a short notice): its text outside chrome. */
	if (!memchr(keep, 1, t->nblocks))
		for (size_t i = 0; i < t->nblocks; i++)
			keep[i] = !in_chrome(&s, &t->blocks[i]);

}
