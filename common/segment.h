/*
 * segment: iterators over the units of a text: paragraphs (lines),
 * sentences, words and graphemes.  Used by rill-split, and by any tool
 * that works on units (dedupe --unit, count --words, tag's word
 * boundaries), so there is one definition of a word in rill.
 *
 * - Graphemes: extended grapheme clusters through utf8proc.
 * - Words: UAX #29 word boundaries, with the Word_Break table generated
 *   from the UCD (common/unicode/).  Every segment is returned; `wordlike`
 *   tells whether it holds a letter or a digit.
 * - Sentences: UAX #29 sentence boundaries, then a news layer (when
 *   seg_init() is given abbreviations; man rill-split, SENTENCES) that
 *   keeps together what UAX #29 cuts in running text: titles and
 *   abbreviations (`Mr. Khan`, `U.S. election`, `e.g. this`, `No. 10`,
 *   `N°. 3`, initials `J. K. Rowling`), a time that opens its sentence
 *   (`By 6 p.m. Mrs. Ortiz`), names with `!` (`Yahoo! in`), attributions
 *   and citations after a quotation (`“Stop!” she said`, `.” (Jones 12).`),
 *   the pronoun I's capital after an ellipsis; and that cuts what UAX #29
 *   keeps: an acronym or time before a courtesy title (`6 P.M. Dr. Lee`),
 *   the pronoun `you and I. Did`, the items of a list inside a paragraph
 *   (`1) a 2) b`, `• 9. a • 10. b`; a bare `1.` is never a unit), the
 *   ellipsis … (tailored to ATerm) and `word. . . . The`, whose period is
 *   the first dot; and for other languages, Spanish, French and German
 *   abbreviations, ¿ and ¡ opening a sentence, » after French spacing,
 *   CJK terminators inside 《》 or before the quotative と, and German
 *   ordinals known by their neighbours (`am 3. Oktober`).  Decimals,
 *   money, URLs and e-mail addresses are kept together by UAX #29
 *   itself.  Units are trimmed of surrounding white space.
 * - Paragraphs: the lines of a text; blank lines are skipped.
 *
 * An iterator does not allocate and never looks at a byte more than a
 * bounded number of times, so time is linear in the text's length (the
 * news layer may return a boundary behind the byte it is at: a list item,
 * an ellipsis; it then goes on from there, reading those few bytes again).
 * Offsets are byte offsets into the text given to seg_init().
 */
#ifndef RILL_SEGMENT_H
#define RILL_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "records.h"

enum seg_unit { SEG_PARAGRAPHS, SEG_SENTENCES, SEG_WORDS, SEG_GRAPHEMES };

/* Abbreviations that do not end a sentence (built in, plus --abbrev files). */
struct abbrevs;
struct abbrevs *abbrevs_default(void);
/* Adds the entries of a file (one per line, trailing dot optional, '#' comments). */
void abbrevs_load(struct abbrevs *a, const char *path);
bool abbrevs_has(const struct abbrevs *a, const char *word, size_t len);
void abbrevs_free(struct abbrevs *a);

struct segmenter {
	const unsigned char *text;
	size_t len, pos;
	enum seg_unit unit;
	const struct abbrevs *abbrevs;	/* sentences: NULL for plain UAX #29 */
	bool wordlike;			/* words: the last unit has a letter or digit */
	bool ascii_word;		/* seg_next_word: the last word is ASCII letters and digits */

	/* State carried from one boundary to the next. */
	bool at_start;
	bool at_boundary;		/* the boundary before pos was returned already */
	int raw_prev, eff_prev, eff_prev2;
	unsigned ri_count;
	int32_t grapheme_state;
	uint32_t prev_cp;
	int term;			/* sentences: 0, or the SB value of the terminator */
	bool term_spaces;
	unsigned term_closes;
	bool term_quote;		/* a quotation mark among the closes */
	int before_term;
	size_t term_pos;
	size_t sb8_until;		/* memo of the SB8 look-ahead */
	bool sb8_lower;
	/* Sentences, the news layer: the last boundary returned, and the list being read. */
	size_t last_boundary;
	size_t unit_content;		/* the first character after it but white space and bullets */
	size_t marker_dot;		/* the dot of a list marker that opens a sentence */
	int list_kind;
	unsigned list_value;
	size_t list_item;		/* where its last item's marker is */
	size_t list_probed;		/* a look for a second item read up to here */
	/* Words: the state after the ASCII word [lazy_from, lazy_to), set only if the rules need it. */
	bool lazy_state;
	size_t lazy_from, lazy_to;
	/*
	 * Words: bit k of mask_word is set if byte mask_base + k is an ASCII
	 * letter, digit or '_', of mask_high if it is from 0x80, for
	 * mask_base <= k < mask_limit (none while mask_limit is 0).
	 */
	size_t mask_base, mask_limit;
	uint64_t mask_word, mask_high;
};

void seg_init(struct segmenter *s, enum seg_unit unit, const char *text, size_t len,
	      const struct abbrevs *abbrevs);

/* Spans of one text, grown as needed and reused from text to text. */
struct span_array {
	struct span *s;
	size_t n, alloc;
};
void span_array_release(struct span_array *a);

/*
 * The text's words as seg_next_word() finds them (a letter or digit in
 * each), into *words (emptied first): what n-grams and shingles are made
 * of.  Returns their number.
 */
size_t seg_words(const char *text, size_t len, struct span_array *words);

/* A word n-gram: the n words from w, joined by one space, into out (emptied first). */
void seg_join_words(const char *text, const struct span *w, size_t n, struct buf *out);

/* The number of units seg_next() finds in the text (no abbreviations). */
size_t seg_count(enum seg_unit unit, const char *text, size_t len);

/* The next unit as [*start, *end); false at the end of the text. */
bool seg_next(struct segmenter *s, size_t *start, size_t *end);

/*
 * Words only (SEG_WORDS): the next segment with a letter or digit, as
 * seg_next() would give it, without stopping at the segments between.
 */
bool seg_next_word(struct segmenter *s, size_t *start, size_t *end);

/* Raw UAX #29 boundary iteration, for the conformance tests: the next
 * boundary after the current position, or false at the end. */
bool seg_next_boundary(struct segmenter *s, size_t *boundary);

/* Tests only: off, every character goes through the full rules. */
void seg_set_fast_paths(bool on);

#endif
