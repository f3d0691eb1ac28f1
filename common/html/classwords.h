/*
 * classwords: the words sites use in class and id values for the parts of
 * a page, as data (common/html/classwords/NAME.txt: one file for the page
 * builders and forum software, one a language), compiled in at build time
 * by tools/gen-classwords.sh, as the stop words are, so an installed tool
 * needs no file.  words.c builds its hash table from them.
 *
 * A file's line is "WORD KIND[,KIND...]": WORD in lower case ASCII (class
 * names are transliterated), ending in '*' when it names the word's
 * continuations too ("comment*": "comments", "commentlist"); KIND one of
 * the names below, lower case.
 */
#ifndef RILL_HTML_CLASSWORDS_H
#define RILL_HTML_CLASSWORDS_H

#include <stddef.h>

enum class_kind {
	CW_PART = 1 << 0,	/* a part of the article ("title", "image"): "article__title" is not its body */
	CW_MODIFIER = 1 << 1,	/* "has", "with": the next word is a feature of the page */
	CW_STATE = 1 << 2,	/* "open", "count": the word before is a state, not a part */
	CW_CHROME = 1 << 3,	/* navigation, footers, sharing, paywall offers */
	CW_DIALOG = 1 << 4,	/* cookie notices, modals, pop-ups */
	CW_ASIDE = 1 << 5,	/* ads, related stories, sidebars, promos */
	CW_COMMENTS = 1 << 6,	/* readers' comments */
	CW_META = 1 << 7,	/* bylines, dates, tags, captions, credits, a poster's profile */
	CW_LEAD = 1 << 8,	/* the standfirst */
	CW_HIDDEN = 1 << 9,	/* text for screen readers */
	CW_CONTENT = 1 << 10,	/* the article's body */
	CW_ALONE = 1 << 11,	/* says so only as a value's one word ("hidden", not "overflow-hidden") */
};

struct class_word {
	const char *word;
	unsigned kinds;		/* enum class_kind */
	unsigned char prefix;	/* the word may go on */
};

extern const struct class_word class_words[];
extern const size_t class_word_count;

#endif
