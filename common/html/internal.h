/*
 * The parts of the html module (common/html.h) and what they share:
 *
 *   skim.c   the page without what holds no text, before the parser;
 *   tree.c   Gumbo's tree to a flat one of elements and text blocks;
 *   main.c   the article among the blocks (--html=main);
 *   words.c  what class, id and role values say about an element.
 *
 * The flat tree: elements in document order (a parent before its
 * children), and the text between block boundaries as blocks, each in the
 * innermost block element that holds it, their text in one buffer.  Both
 * are arrays grown and reused from page to page.
 */
#ifndef RILL_HTML_INTERNAL_H
#define RILL_HTML_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"
#include "../diag.h"

/* Open elements past this depth are not nested further (as in Blink and WebKit). */
#define HTML_MAX_DEPTH 512

/*
 * The text the skim takes out of the page and hands the parser as markers
 * (see skim.c): run i is page[at[i].start .. + at[i].len), and stands in
 * the parser's input, and so in its text nodes, as html_marker(i).  `page`
 * NULL: no marker in this page.  Grown and reused from page to page.
 */
struct html_runs {
	const char *page;
	struct html_run {
		uint32_t start, len;
	} *at;
	size_t n, alloc;
};

/* A marker is one character of U+F0000..U+F7FFF, or one of U+F8000..U+FFFFD before one. */
#define HTML_MARKER_BYTE 0xF3
enum { HTML_MARKER_LOW = 1 << 15, HTML_MARKER_MAX = (0x7FFE << 15) };

/*
 * The page without what holds no text (see skim.c); `words`: read the
 * words of class, id, role and itemprop, and put their flags in the tag
 * (HTML_FLAGS_ATTRIBUTE) instead of them; `drop_nav`: leave out the
 * contents of <nav> elements where that changes nothing else in the tree
 * (no text of theirs is ever the article); `runs` (or NULL): its text
 * goes there, markers in its place.
 */
void html_skim(const char *page, size_t n, bool words, bool drop_nav, struct buf *out,
	       struct html_runs *runs);

/* What comes between two pieces of text: the strongest boundary between them wins. */
enum sep { SEP_NONE, SEP_SPACE, SEP_LINE, SEP_PARA };

/* How a block's text is set. */
enum block_kind {
	KIND_TEXT,		/* a paragraph, a div's text, a table cell */
	KIND_HEADING,		/* h1..h6 (level in the node) */
	KIND_ITEM,		/* a list item, dt, dd */
	KIND_QUOTE,		/* inside a blockquote */
	KIND_PRE,		/* preformatted: line breaks kept */
	KIND_CAPTION,		/* figcaption, caption */
};

/*
 * Element flags.  The first group is the element's own; `ctx` of a block
 * is the OR of the flags of all its ancestors.
 */
enum {
	NODE_BLOCK = 1 << 0,	/* starts and ends a block */
	NODE_LINK = 1 << 1,	/* an <a> with an href */
	NODE_HEADING = 1 << 2,
	NODE_LIST = 1 << 3,	/* ul, ol, dl, menu */
	NODE_TABLE = 1 << 4,
	NODE_FORM = 1 << 5,	/* form, button, label, fieldset: interface, not prose */
	NODE_FIGURE = 1 << 6,	/* figure, figcaption, caption, picture */
	/* From tag, role and class/id words (words.c): */
	NODE_CHROME = 1 << 7,	/* nav, menus, footers, cookie and share bars, comments, ... */
	NODE_ASIDE = 1 << 8,	/* related and recommended stories, sidebars, promos */
	NODE_META = 1 << 9,	/* bylines, dates, tags, captions' credits: weak chrome */
	NODE_CONTENT = 1 << 10,	/* article, main, articleBody, "story-body", ... */
	NODE_COMMENTS = 1 << 11,	/* readers' comments */
	NODE_HIDDEN_CLASS = 1 << 12,	/* sr-only, visually-hidden: text for screen readers */
	NODE_ARTICLE = 1 << 13,	/* <article> or itemprop=articleBody (strong content) */
	NODE_HEADER = 1 << 14,	/* <header> */
	NODE_FOOTER = 1 << 15,	/* <footer> */
	NODE_DIALOG = 1 << 16,	/* dialog, alert, modal, overlay, popup */
	NODE_LEAD = 1 << 17,	/* the standfirst or subtitle: the article's summary */
};

struct hnode {
	uint32_t parent;	/* UINT32_MAX for the root */
	uint32_t flags;
	uint32_t first_block, end_block;	/* its blocks are [first_block, end_block) */
	uint32_t depth;
	uint16_t tag;		/* a GumboTag */
	uint8_t heading;	/* 1..6 for h1..h6 */
	uint8_t pad;
	uint32_t children;	/* element children kept */
	uint32_t block_children;	/* of them, block elements */
};

struct hblock {
	uint32_t node;		/* the innermost block element holding it */
	uint32_t start, len;	/* its text: bytes in the tree's text buffer */
	uint32_t chars;		/* characters other than white space */
	uint32_t link_chars;	/* of them, inside links */
	uint32_t words;
	uint32_t commas;	/* commas of any script (, ، 、 ，) */
	uint32_t stops;		/* sentence ends: . ! ? and their CJK forms, … */
	uint32_t ctx;		/* OR of its ancestors' flags */
	uint8_t sep;		/* enum sep: the boundary before it */
	uint8_t kind;		/* enum block_kind */
	uint8_t heading;	/* 1..6 in a heading */
	uint8_t pad;
};

struct htree {
	struct hnode *nodes;
	size_t nnodes, anodes;
	struct hblock *blocks;
	size_t nblocks, ablocks;
	struct buf text;	/* blocks' text, back to back */
	struct buf title;	/* the <title>, white space collapsed */
	struct buf decoded;	/* a text node with its markers replaced by their runs */
	bool classify;		/* set flags from class, id and role (main mode) */
};

struct GumboInternalNode;

/* Fills t from a parsed document (t's arrays reset first), its markers read from runs (or none). */
void htree_build(struct htree *t, const struct GumboInternalNode *root, const struct html_runs *runs);
void htree_release(struct htree *t);

/*
 * The arrays html_main_select works in, per element and per block, grown
 * to the largest page and kept, so a page allocates nothing once they
 * have grown.  Zero-initialized; main_scratch_release frees them.
 */
struct main_scratch {
	uint32_t *u32;		/* six arrays of nnodes */
	double *score;
	unsigned char *bytes;	/* nnodes, then two arrays of nblocks */
	uint32_t *at;		/* per block: where its text starts in article, or UINT32_MAX */
	uint32_t *covered;	/* per block: its bytes the line model took for chrome there */
	struct buf article;	/* the blocks kept, a line each, for the line model */
	size_t anodes, au32, ascore, abytes, aat;
};
void main_scratch_release(struct main_scratch *m);

/* The article's blocks, for --html=main: keep[i] set (non-zero) for those kept. */
void html_main_select(const struct htree *t, struct main_scratch *m, unsigned char *keep);

/* Flags from an element's class and id values, and a role's (words.c). */
uint32_t words_classify(const char *value, size_t n);
uint32_t words_role(const char *value, size_t n);
/* Flags from one attribute: class, id, role, itemprop (0 for any other). */
uint32_t words_attribute(const char *name, size_t nlen, const char *value, size_t vlen);

/*
 * The attribute the skim puts in place of class, id, role and itemprop
 * when it reads their words (main mode): the flags, in hexadecimal.
 */
#define HTML_FLAGS_ATTRIBUTE "f"

#endif
