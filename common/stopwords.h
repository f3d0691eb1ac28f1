/*
 * stopwords: the function words of the main languages of news, one list
 * a language, written as data files (common/stopwords/LANG.txt: one word
 * a line, lower case, '#' comments) and compiled in at build time by
 * tools/gen-wordlists.sh, so an installed tool has them without a file to
 * find.  common/detect chooses a page's list by its script and by which
 * list its words hit most.
 */
#ifndef RILL_STOPWORDS_H
#define RILL_STOPWORDS_H

struct stopword_list {
	const char *lang;		/* the file's name: en, de, ... */
	const char *const *words;	/* ended by NULL */
};

extern const struct stopword_list stopword_lists[];
extern const unsigned stopword_list_count;

#endif
