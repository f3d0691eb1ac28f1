/*
 * html: a web page's HTML to its text, for --html (see rill(7)).
 *
 *   HTML_TEXT  all the text a reader of the page sees;
 *   HTML_MAIN  the article alone: its title, paragraphs, headings, lists
 *              and quotes, without navigation, related links, comments,
 *              share bars, cookie notices and footers.
 *
 * The page's bytes are decoded from their charset (charset.h: byte order
 * mark, UTF-8, the transport's Content-Type, <meta>), parsed by Gumbo, an
 * implementation of the HTML standard's parsing algorithm (so entities,
 * unclosed and misnested tags and stray table text come out as in a
 * browser), after a pass that removes what holds no text (skim.c: the
 * parser's time goes with the bytes it reads).  The text keeps the page's
 * structure: a paragraph, heading, list, quote or table is a block
 * separated from the next by a blank line, other block elements (div, li,
 * tr, br) end a line, table cells are separated by a space.  White space
 * runs become one space, except in <pre>.  script, style, template,
 * noscript, the head, embedded objects, media, form controls and hidden
 * elements (the hidden attribute, aria-hidden="true", an inline
 * display:none or visibility:hidden) have no text.
 *
 * Memory: Gumbo's tree lives in an arena that is reused from page to page,
 * so a page costs no allocation once the arena has grown to the largest
 * page; its size is about ten times the page's markup (scripts and styles
 * not counted).  Time and memory are linear in the page: nesting deeper
 * than 512 elements is flattened, as browsers do.
 *
 * A converter is not shared between threads: give each its own.
 */
#ifndef RILL_HTML_H
#define RILL_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum html_mode { HTML_OFF = 0, HTML_TEXT, HTML_MAIN };

struct html;

struct html *html_new(void);
void html_free(struct html *h);

/*
 * The text of the page p[0..n) into out (reset first): valid UTF-8, no
 * NUL byte, blocks separated by "\n" or "\n\n", no white space at either
 * end.  content_type is the transport's Content-Type value (or a bare
 * charset label), or NULL when the bytes are all there is.
 */
void html_to_text(struct html *h, enum html_mode mode, const char *p, size_t n,
		  const char *content_type, struct buf *out);

/*
 * --html for the record reader: which fields of a record are pages, and
 * their text.  A field list (fields.h) resolved against the header names
 * them; NULL names every field.
 */
struct html_fields;
struct fieldlist;
struct field;

struct html_fields *html_fields_new(enum html_mode mode, const struct fieldlist *fl);
/* A converter of the same fields in the same mode, for another thread. */
struct html_fields *html_fields_copy(const struct html_fields *hf);
void html_fields_free(struct html_fields *hf);

/*
 * Replaces each named field of f[0..n) by its text, which stays valid
 * until the next call.  content_type as for html_to_text().
 */
void html_fields_apply(struct html_fields *hf, struct field *f, size_t n,
		       const char *content_type);

#endif
