/*
 * segment: units of text by Unicode rules; see segment.h.
 *
 * Each iterator walks the text once, character by character, deciding at
 * every character boundary from a little carried state (the previous
 * character's property, the one before it, counts for regional indicators
 * and for the "terminator, closers, spaces" run of sentences).  Look-ahead
 * is needed by three word rules (WB6, WB7b, WB12), which only skip
 * Extend/Format/ZWJ, and by sentence rule SB8, whose scan result is
 * remembered for every position it covered, so no byte is scanned twice.
 */
#include "segment.h"
#include "byteset.h"
#include "diag.h"
#include "linefile.h"
#include "unicode/break_tables.h"
#include "utf8.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define NONE (-1)

static inline uint32_t char_at(const struct segmenter *s, size_t i, size_t *len)
{
	return utf8_decode(s->text + i, s->len - i, len);
}

/* ---- words (UAX #29 section 4) --------------------------------------------- */

static inline bool is_ahletter(int wb)
{
	return wb == WB_ALETTER || wb == WB_HEBREW_LETTER;
}

static inline bool is_midnumletq(int wb)
{
	return wb == WB_MIDNUMLET || wb == WB_SINGLE_QUOTE;
}

static inline bool is_newline(int wb)
{
	return wb == WB_CR || wb == WB_LF || wb == WB_NEWLINE;
}

static inline bool is_ignorable(int wb)
{
	return wb == WB_EXTEND || wb == WB_FORMAT || wb == WB_ZWJ;
}

/* The Word_Break value of the first character at or after i that WB4 does not fold away. */
static int next_effective_wb(const struct segmenter *s, size_t i)
{
	while (i < s->len) {
		size_t n;
		int wb = word_break_of(break_props(char_at(s, i, &n)));
		if (!is_ignorable(wb))
			return wb;
		i += n;
	}
	return NONE;
}

static bool word_break_before(struct segmenter *s, size_t i, size_t rlen, uint16_t rprops)
{
	int l = s->raw_prev, r = word_break_of(rprops);
	if (l == WB_CR && r == WB_LF)
		return false;				/* WB3 */
	if (is_newline(l) || is_newline(r))
		return true;				/* WB3a, WB3b */
	if (l == WB_ZWJ && (rprops & BREAK_EXT_PICT))
		return false;				/* WB3c */
	if (l == WB_WSEGSPACE && r == WB_WSEGSPACE)
		return false;				/* WB3d */
	if (is_ignorable(r))
		return false;				/* WB4 */
	int el = s->eff_prev, el2 = s->eff_prev2;
	if (is_ahletter(el) && is_ahletter(r))
		return false;				/* WB5 */
	if (is_ahletter(el) && (r == WB_MIDLETTER || is_midnumletq(r)) &&
	    is_ahletter(next_effective_wb(s, i + rlen)))
		return false;				/* WB6 */
	if (is_ahletter(el2) && (el == WB_MIDLETTER || is_midnumletq(el)) && is_ahletter(r))
		return false;				/* WB7 */
	if (el == WB_HEBREW_LETTER && r == WB_SINGLE_QUOTE)
		return false;				/* WB7a */
	if (el == WB_HEBREW_LETTER && r == WB_DOUBLE_QUOTE &&
	    next_effective_wb(s, i + rlen) == WB_HEBREW_LETTER)
		return false;				/* WB7b */
	if (el2 == WB_HEBREW_LETTER && el == WB_DOUBLE_QUOTE && r == WB_HEBREW_LETTER)
		return false;				/* WB7c */
	if ((el == WB_NUMERIC || is_ahletter(el)) && r == WB_NUMERIC)
		return false;				/* WB8, WB9 */
	if (el == WB_NUMERIC && is_ahletter(r))
		return false;				/* WB10 */
	if (el2 == WB_NUMERIC && (el == WB_MIDNUM || is_midnumletq(el)) && r == WB_NUMERIC)
		return false;				/* WB11 */
	if (el == WB_NUMERIC && (r == WB_MIDNUM || is_midnumletq(r)) &&
	    next_effective_wb(s, i + rlen) == WB_NUMERIC)
		return false;				/* WB12 */
	if (el == WB_KATAKANA && r == WB_KATAKANA)
		return false;				/* WB13 */
	if ((is_ahletter(el) || el == WB_NUMERIC || el == WB_KATAKANA || el == WB_EXTENDNUMLET) &&
	    r == WB_EXTENDNUMLET)
		return false;				/* WB13a */
	if (el == WB_EXTENDNUMLET && (is_ahletter(r) || r == WB_NUMERIC || r == WB_KATAKANA))
		return false;				/* WB13b */
	if (el == WB_REGIONAL_INDICATOR && r == WB_REGIONAL_INDICATOR && (s->ri_count & 1))
		return false;				/* WB15, WB16 */
	return true;					/* WB999 */
}

static void word_advance(struct segmenter *s, uint16_t rprops)
{
	int r = word_break_of(rprops);
	if (is_ignorable(r) && !s->at_start && !is_newline(s->raw_prev)) {
		s->raw_prev = r;			/* folded into the previous character */
		return;
	}
	s->eff_prev2 = s->eff_prev;
	s->eff_prev = r;
	s->ri_count = r == WB_REGIONAL_INDICATOR ? s->ri_count + 1 : 0;
	s->raw_prev = r;
}

/* ---- sentences (UAX #29 section 5) ----------------------------------------- */

static inline bool is_parasep(int sb)
{
	return sb == SB_SEP || sb == SB_CR || sb == SB_LF;
}

static inline bool is_saterm(int sb)
{
	return sb == SB_ATERM || sb == SB_STERM;
}

/* SB8: after ATerm Close* Sp*, is the next letter-like character lower case? */
static bool sb8_lower_follows(struct segmenter *s, size_t i)
{
	if (i < s->sb8_until)
		return s->sb8_lower;
	size_t j = i;
	bool lower = false;
	while (j < s->len) {
		size_t n;
		int sb = sentence_break_of(break_props(char_at(s, j, &n)));
		if (sb == SB_OLETTER || sb == SB_UPPER || sb == SB_LOWER || is_parasep(sb) ||
		    is_saterm(sb)) {
			lower = sb == SB_LOWER;
			break;
		}
		j += n;
	}
	s->sb8_until = j;
	s->sb8_lower = lower;
	return lower;
}

static bool uax_sentence_break_before(struct segmenter *s, size_t i, int r)
{
	int l = s->raw_prev;
	if (l == SB_CR && r == SB_LF)
		return false;				/* SB3 */
	if (is_parasep(l))
		return true;				/* SB4 */
	if (r == SB_EXTEND || r == SB_FORMAT)
		return false;				/* SB5 */
	if (!s->term)
		return false;				/* SB998 */
	bool adjacent = !s->term_spaces && s->term_closes == 0;
	if (s->term == SB_ATERM && adjacent && r == SB_NUMERIC)
		return false;				/* SB6 */
	if (s->term == SB_ATERM && adjacent &&
	    (s->before_term == SB_UPPER || s->before_term == SB_LOWER) && r == SB_UPPER)
		return false;				/* SB7 */
	if (s->term == SB_ATERM && sb8_lower_follows(s, i))
		return false;				/* SB8 */
	if (r == SB_SCONTINUE || is_saterm(r))
		return false;				/* SB8a */
	if (!s->term_spaces && (r == SB_CLOSE || r == SB_SP || is_parasep(r)))
		return false;				/* SB9 */
	if (r == SB_SP || is_parasep(r))
		return false;				/* SB10 */
	return true;					/* SB11 */
}

static void sentence_advance(struct segmenter *s, size_t i, int r)
{
	if ((r == SB_EXTEND || r == SB_FORMAT) && !s->at_start && !is_parasep(s->raw_prev)) {
		s->raw_prev = r;
		return;
	}
	if (is_saterm(r)) {
		s->term = r;
		s->term_spaces = false;
		s->term_closes = 0;
		s->before_term = s->eff_prev;
		s->term_pos = i;
	} else if (s->term && r == SB_CLOSE && !s->term_spaces) {
		s->term_closes++;
	} else if (s->term && r == SB_SP) {
		s->term_spaces = true;
	} else {
		s->term = 0;
	}
	s->eff_prev = r;
	s->raw_prev = r;
}

/* ---- the news layer over sentence boundaries ---------------------------- */

struct abbrevs {
	char **words;
	size_t n, alloc;
};

/* Words with their lengths, so list look-ups compare lengths first. */
struct word {
	const char *text;
	size_t len;
};
#define W(s) { s, sizeof s - 1 }

/* Titles and abbreviations that never end a sentence. */
static const struct word titles[] = {
	W("Mr"), W("Mrs"), W("Ms"), W("Mx"), W("Dr"), W("Prof"), W("St"), W("Sen"), W("Rep"),
	W("Gov"), W("Gen"), W("Lt"), W("Col"), W("Capt"), W("Cpt"), W("Sgt"), W("Maj"), W("Adm"),
	W("Cmdr"), W("Rev"), W("Hon"), W("Pres"), W("Supt"), W("Insp"), W("Mt"), W("Messrs"),
	W("Mme"), W("Mlle"), W("Fr"), W("Sr"), W("Jr"), W("e.g"), W("i.e"), W("cf"), W("vs"),
	W("viz"), W("approx"), W("Ave"), W("Blvd"), W("Rd"), W("Univ"), W("Dept"), W("Est"),
};
/* Abbreviations that continue a sentence only before a number. */
static const struct word before_number[] = {
	W("No"), W("Nos"), W("no"), W("Art"), W("Fig"), W("fig"), W("Vol"), W("vol"), W("pp"), W("p"),
	W("para"), W("Sec"), W("sec"), W("Ch"), W("ch"), W("Jan"), W("Feb"), W("Mar"), W("Apr"),
	W("Jun"), W("Jul"), W("Aug"), W("Sep"), W("Sept"), W("Oct"), W("Nov"), W("Dec"), W("op"),
	W("Nr"), W("tel"), W("Tel"), W("ca"),
};
/* Ambiguous: continue unless the next word usually starts a sentence. */
static const struct word ambiguous[] = {
	W("Inc"), W("Ltd"), W("Co"), W("Corp"), W("Bros"), W("etc"), W("al"), W("Plc"), W("plc"),
	W("LLC"), W("Pty"), W("Assn"),
};
/* Words that usually start a sentence, so an ambiguous abbreviation before them ends one. */
static const struct word starters[] = {
	W("The"), W("A"), W("An"), W("He"), W("She"), W("It"), W("They"), W("We"), W("I"), W("You"),
	W("His"), W("Her"), W("Its"), W("Their"), W("Our"), W("My"), W("This"), W("That"), W("These"),
	W("Those"), W("There"), W("Here"), W("But"), W("And"), W("Or"), W("So"), W("Yet"), W("In"),
	W("On"), W("At"), W("By"), W("For"), W("From"), W("With"), W("As"), W("After"), W("Before"),
	W("When"), W("While"), W("If"), W("Although"), W("Though"), W("Since"), W("Because"),
	W("However"), W("Meanwhile"), W("Now"), W("Then"), W("Today"), W("Yesterday"), W("Last"),
	W("Next"), W("What"), W("Why"), W("How"), W("Who"), W("Where"), W("Some"), W("Many"),
	W("Most"), W("One"), W("Two"), W("No"), W("Not"), W("Still"), W("Also"),
};

/*
 * The lists above are looked up at every candidate sentence end, so they
 * are put once into a small open-addressing table of word -> classes.
 */
enum { WORD_TITLE = 1, WORD_BEFORE_NUMBER = 2, WORD_AMBIGUOUS = 4, WORD_STARTER = 8 };
#define WORD_TABLE_SIZE 512

struct word_slot {
	const struct word *word;
	unsigned classes;
};

static struct word_slot word_table[WORD_TABLE_SIZE];

static uint32_t word_hash(const char *w, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static void add_words(const struct word *list, size_t n, unsigned cls)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t j = word_hash(list[i].text, list[i].len) & (WORD_TABLE_SIZE - 1);
		while (word_table[j].word && (word_table[j].word->len != list[i].len ||
					      memcmp(word_table[j].word->text, list[i].text, list[i].len)))
			j = (j + 1) & (WORD_TABLE_SIZE - 1);
		word_table[j].word = &list[i];
		word_table[j].classes |= cls;
	}
}

static void build_word_table(void)
{
	add_words(titles, sizeof titles / sizeof titles[0], WORD_TITLE);
	add_words(before_number, sizeof before_number / sizeof before_number[0], WORD_BEFORE_NUMBER);
	add_words(ambiguous, sizeof ambiguous / sizeof ambiguous[0], WORD_AMBIGUOUS);
	add_words(starters, sizeof starters / sizeof starters[0], WORD_STARTER);
}

static unsigned word_classes(const char *w, size_t len)
{
	/* Segmenters may run on several threads (rill-tag's workers). */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, build_word_table);
	if (len == 0)
		return 0;
	uint32_t j = word_hash(w, len) & (WORD_TABLE_SIZE - 1);
	while (word_table[j].word) {
		if (word_table[j].word->len == len && memcmp(word_table[j].word->text, w, len) == 0)
			return word_table[j].classes;
		j = (j + 1) & (WORD_TABLE_SIZE - 1);
	}
	return 0;
}

struct abbrevs *abbrevs_default(void)
{
	return xcalloc(1, sizeof(struct abbrevs));
}

static void add_abbrev(char *line, size_t n, uint64_t number, void *ctx)
{
	struct abbrevs *a = ctx;
	(void)number;
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '.'))
		line[--n] = '\0';
	if (n == 0)
		return;
	ALLOC_GROW(a->words, a->n + 1, a->alloc);
	a->words[a->n++] = xstrdup(line);
}

void abbrevs_load(struct abbrevs *a, const char *path)
{
	linefile_read(path, "--abbrev", add_abbrev, a);
}

bool abbrevs_has(const struct abbrevs *a, const char *word, size_t len)
{
	for (size_t i = 0; a && i < a->n; i++)
		if (strlen(a->words[i]) == len && memcmp(a->words[i], word, len) == 0)
			return true;
	return false;
}

void abbrevs_free(struct abbrevs *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->words[i]);
	free(a->words);
	free(a);
}

static bool is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/*
 * Should the UAX #29 boundary at i, after "WORD." and spaces, be kept?
 * Not after a title, nor after an abbreviation of a number before a
 * number, nor after an initial or acronym unless a usual sentence starter
 * follows.
 */
static bool abbreviation_joins(const struct segmenter *s, size_t i)
{
	const unsigned char *t = s->text;
	size_t end = s->term_pos, start = end;
	while (start > 0 && (is_word_byte(t[start - 1]) || t[start - 1] == '.'))
		start--;
	/* Skip a leading "(" or quote-like byte run is not needed: they stop the scan. */
	if (start == end)
		return false;
	const char *w = (const char *)t + start;
	size_t wlen = end - start;
	/* Most sentences end in a longer plain word: no list can hold it. */
	if (wlen > 8 && !memchr(w, '.', wlen) && !s->abbrevs->n)
		return false;
	size_t ns = i;
	while (ns < s->len && !is_word_byte(t[ns]) && t[ns] != ' ')
		ns++;				/* an opening quote or bracket */
	size_t ne = ns;
	while (ne < s->len && is_word_byte(t[ne]))
		ne++;
	const char *next = (const char *)t + ns;
	size_t nlen = ne - ns;
	bool next_digit = nlen && isdigit((unsigned char)next[0]);
	bool next_starter = word_classes(next, nlen) & WORD_STARTER;
	unsigned cls = word_classes(w, wlen);

	if ((cls & WORD_TITLE) || abbrevs_has(s->abbrevs, w, wlen))
		return true;
	if (cls & WORD_BEFORE_NUMBER)
		return next_digit;
	if (cls & WORD_AMBIGUOUS)
		return !next_starter;
	bool initial = wlen == 1 && isupper((unsigned char)w[0]);
	bool acronym = memchr(w, '.', wlen) != NULL;
	if (initial || acronym)
		return !next_starter;
	return false;
}

static bool sentence_break_before(struct segmenter *s, size_t i, int r)
{
	if (!uax_sentence_break_before(s, i, r))
		return false;
	if (!s->abbrevs || !s->term)
		return true;
	/* “Stop!” she said: an attribution after a quoted exclamation. */
	if (s->term_closes && s->term_spaces && r == SB_LOWER)
		return false;
	if (s->term == SB_ATERM && s->term_closes == 0 && abbreviation_joins(s, i))
		return false;
	return true;
}

/* ---- the iterators ---------------------------------------------------------- */

void seg_init(struct segmenter *s, enum seg_unit unit, const char *text, size_t len,
	      const struct abbrevs *abbrevs)
{
	memset(s, 0, sizeof *s);
	s->text = (const unsigned char *)(text ? text : "");
	s->len = len;
	s->unit = unit;
	s->abbrevs = abbrevs;
	s->at_start = true;
	s->raw_prev = s->eff_prev = s->eff_prev2 = NONE;
}

static bool char_is_wordlike(uint32_t cp, uint16_t props)
{
	int wb = word_break_of(props);
	if (is_ahletter(wb) || wb == WB_NUMERIC || wb == WB_KATAKANA)
		return true;
	if (cp < 0x80)
		return false;
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static bool fast_paths = true;

void seg_set_fast_paths(bool on)
{
	fast_paths = on;
}

/* ASCII character classes for the fast paths. */
enum { FAST_LETTER = 1, FAST_DIGIT, FAST_SPACE, FAST_UNDERSCORE };

static const unsigned char fast_word_class[128] = {
	[' '] = FAST_SPACE,
	['0'] = FAST_DIGIT, ['1'] = FAST_DIGIT, ['2'] = FAST_DIGIT, ['3'] = FAST_DIGIT,
	['4'] = FAST_DIGIT, ['5'] = FAST_DIGIT, ['6'] = FAST_DIGIT, ['7'] = FAST_DIGIT,
	['8'] = FAST_DIGIT, ['9'] = FAST_DIGIT,
#define L(c) [c] = FAST_LETTER
	L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'), L('k'),
	L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'), L('u'), L('v'),
	L('w'), L('x'), L('y'), L('z'), L('A'), L('B'), L('C'), L('D'), L('E'), L('F'), L('G'),
	L('H'), L('I'), L('J'), L('K'), L('L'), L('M'), L('N'), L('O'), L('P'), L('Q'), L('R'),
	L('S'), L('T'), L('U'), L('V'), L('W'), L('X'), L('Y'), L('Z'),
#undef L
	['_'] = FAST_UNDERSCORE,
};

/* Bytes of an ASCII word: letters, digits, '_' (every other byte, and any byte from 0x80, 0). */
static const unsigned char ascii_word_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['_'] = 1,
#define AW(c) [c] = 1, [c - 'a' + 'A'] = 1
	AW('a'), AW('b'), AW('c'), AW('d'), AW('e'), AW('f'), AW('g'), AW('h'), AW('i'),
	AW('j'), AW('k'), AW('l'), AW('m'), AW('n'), AW('o'), AW('p'), AW('q'), AW('r'),
	AW('s'), AW('t'), AW('u'), AW('v'), AW('w'), AW('x'), AW('y'), AW('z'),
#undef AW
};

/*
 * Words: inside a run of ASCII letters, of digits or of spaces no rule can
 * break (WB5, WB8, WB3d), and the state after the run is known, so the
 * run is skipped without looking anything up.
 */
static inline int ascii_wb(unsigned char c)
{
	return word_break_of(break_stage2[c]);
}

/* The Word_Break class of the character ending at t[k]: a byte from 0x80 ends a Latin-1 letter. */
#define ALETTER_OR_ASCII(t, k) ((t)[k] >= 0x80 ? WB_ALETTER : ascii_wb((t)[k]))

/*
 * The state after the characters [from, to) were taken, to >= from + 1:
 * ASCII, and in a word Latin-1 letters (two bytes, ALetter) too.
 */
static void set_word_state(struct segmenter *s, size_t from, size_t to)
{
	const unsigned char *t = s->text;
	size_t k = to - 1;
	int last = ALETTER_OR_ASCII(t, k);
	if (t[k] >= 0x80)
		k--;	/* to the letter's first byte */
	s->eff_prev2 = k > from ? ALETTER_OR_ASCII(t, k - 1) : s->eff_prev;
	s->eff_prev = s->raw_prev = last;
	s->ri_count = 0;
	s->at_start = false;
}

/*
 * The word state after seg_next_word's last ASCII word, which only the
 * full rules read: set when they are about to (and at_start kept, which
 * tells whether the text is done).
 */
static inline void apply_lazy_state(struct segmenter *s)
{
	if (!s->lazy_state)
		return;
	bool at_start = s->at_start;
	set_word_state(s, s->lazy_from, s->lazy_to);
	s->at_start = at_start;
	s->lazy_state = false;
}

/*
 * A whole word segment that starts at pos with an ASCII character, when
 * every character up to its end is ASCII: letters, digits and '_' join
 * (WB5, WB8-WB10, WB13a/b), a ' . : between letters and , ; . ' between
 * digits join (WB6/7, WB11/12), a run of spaces joins (WB3d), CR joins LF,
 * and an ASCII character that ends a segment cannot be joined to what
 * follows it.  Returns true with the boundary, or false having taken
 * what it safely could, leaving the rest to the full rules.
 */
/*
 * Whether the ASCII character at t[j], after a word byte, joins it to the
 * next character into one word: ' . : between letters, ' . , ; between
 * digits (WB6/7, WB11/12), both neighbours ASCII.
 */
static inline bool ascii_joins(const unsigned char *t, size_t j, size_t n)
{
	if (j + 1 >= n || t[j] >= 0x80 || t[j + 1] >= 0x80)
		return false;
	/* A byte from 0x80 before: the end of a Latin-1 letter (the only kind a fast word has). */
	int last = t[j - 1] >= 0x80 ? FAST_LETTER : fast_word_class[t[j - 1]];
	unsigned char mid = t[j];
	int next = fast_word_class[t[j + 1]];
	return (last == FAST_LETTER && next == FAST_LETTER &&
		(mid == '.' || mid == ':' || mid == '\'')) ||
	       (last == FAST_DIGIT && next == FAST_DIGIT &&
		(mid == '.' || mid == ',' || mid == ';' || mid == '\''));
}

/*
 * The end of the ASCII word (letters, digits, '_') starting at t[i], with
 * the middle characters that join letters or digits; *alnum if it has a
 * letter or digit.
 */
static inline size_t scan_ascii_word(const unsigned char *t, size_t i, size_t n, bool *alnum)
{
	size_t j = i + 1;
	for (;;) {
		while (j < n && ascii_word_byte[t[j]])
			j++;
		if (!ascii_joins(t, j, n))
			break;
		j += 2;
	}
	/* Only a word that starts with '_' can lack a letter or digit. */
	bool any = t[i] != '_';
	for (size_t k = i + 1; !any && k < j; k++)
		any = t[k] != '_' && fast_word_class[t[k]] != 0;
	*alnum = any;
	return j;
}

static bool word_fast_segment(struct segmenter *s, size_t *boundary, bool *wordlike)
{
	const unsigned char *t = s->text;
	size_t i = s->pos, n = s->len;
	unsigned char c = t[i];
	int cls = fast_word_class[c];
	size_t j = i + 1;
	if (cls == FAST_LETTER || cls == FAST_DIGIT || cls == FAST_UNDERSCORE) {
		bool alnum;
		j = scan_ascii_word(t, i, n, &alnum);
		*wordlike = *wordlike || alnum;
	} else if (cls == FAST_SPACE) {
		while (j < n && t[j] == ' ')
			j++;
	} else if (c == '\r' && j < n && t[j] == '\n') {
		j++;
	}
	if (j < n && (t[j] >= 0x80 || (j + 1 < n && t[j + 1] >= 0x80 &&
				       fast_word_class[c] != 0 && fast_word_class[c] != FAST_SPACE))) {
		/*
		 * A non-ASCII character next, or just after a possible middle
		 * character: take what is certain and let the rules decide.
		 */
		if (j - 1 > i) {
			set_word_state(s, i, j - 1);
			s->pos = j - 1;
		}
		return false;
	}
	set_word_state(s, i, j);
	s->pos = j;
	*boundary = j;
	return true;
}

static void word_fast_run(struct segmenter *s, bool *wordlike)
{
	int cls;
	switch (s->raw_prev) {
	case WB_ALETTER: cls = FAST_LETTER; break;
	case WB_NUMERIC: cls = FAST_DIGIT; break;
	case WB_WSEGSPACE: cls = FAST_SPACE; break;
	default: return;
	}
	if (s->eff_prev != s->raw_prev)
		return;
	size_t i = s->pos;
	while (i < s->len && s->text[i] < 0x80 && fast_word_class[s->text[i]] == cls)
		i++;
	if (i == s->pos)
		return;
	s->eff_prev2 = s->eff_prev;
	s->ri_count = 0;
	s->pos = i;
	if (cls != FAST_SPACE)
		*wordlike = true;
}

/*
 * Sentences: with no terminator pending and no paragraph separator just
 * before, only a terminator, a line end or a non-ASCII character can
 * start to change anything, so ASCII text up to one is skipped and the
 * state set from its last character.
 */
static void sentence_fast_run(struct segmenter *s)
{
	static const struct byteset stops = {
		.member = { ['.'] = true, ['!'] = true, ['?'] = true, ['\n'] = true, ['\r'] = true,
			    ['\v'] = true, ['\f'] = true, [0x80 ... 0xFF] = true },
		.bytes = ".!?\n\r\v\f", .n = 7, .high = true,
	};
	if (s->term || is_parasep(s->raw_prev) || s->at_start)
		return;
	size_t i = s->pos + byteset_scan(&stops, s->text + s->pos, s->len - s->pos);
	if (i == s->pos)
		return;
	int sb = sentence_break_of(break_stage2[s->text[i - 1]]);
	s->eff_prev = s->raw_prev = sb;
	s->pos = i;
}

bool seg_next_boundary(struct segmenter *s, size_t *boundary)
{
	apply_lazy_state(s);
	bool wordlike = false;
	while (s->pos < s->len) {
		if (fast_paths && s->unit == SEG_WORDS && (s->at_boundary || s->at_start) &&
		    s->text[s->pos] < 0x80) {
			size_t b, before = s->pos;
			bool was_boundary = s->at_boundary;
			s->at_boundary = false;
			if (word_fast_segment(s, &b, &wordlike)) {
				*boundary = b;
				s->wordlike = wordlike;
				if (b < s->len) {
					s->at_boundary = true;
				} else {
					s->at_start = true;
				}
				return true;
			}
			/* Nothing taken: the boundary before pos still stands as returned. */
			if (s->pos == before)
				s->at_boundary = was_boundary;
		}
		if (!s->at_boundary && fast_paths) {
			if (s->unit == SEG_WORDS)
				word_fast_run(s, &wordlike);
			else if (s->unit == SEG_SENTENCES)
				sentence_fast_run(s);
			if (s->pos >= s->len)
				break;
		}
		size_t i = s->pos, n;
		uint32_t cp = char_at(s, i, &n);
		uint16_t props = break_props(cp);
		bool brk = false;
		if (!s->at_start && !s->at_boundary) {
			switch (s->unit) {
			case SEG_WORDS:
				brk = word_break_before(s, i, n, props);
				break;
			case SEG_SENTENCES:
				brk = sentence_break_before(s, i, sentence_break_of(props));
				break;
			case SEG_GRAPHEMES:
				brk = utf8proc_grapheme_break_stateful((utf8proc_int32_t)s->prev_cp,
								       (utf8proc_int32_t)cp,
								       &s->grapheme_state);
				break;
			case SEG_PARAGRAPHS:
				brk = s->raw_prev == '\n';
				break;
			}
		}
		if (brk) {
			*boundary = i;
			s->wordlike = wordlike;
			/* The state stays: the next call goes on with the character at i. */
			s->at_boundary = true;
			return true;
		}
		s->at_boundary = false;
		switch (s->unit) {
		case SEG_WORDS:
			word_advance(s, props);
			wordlike = wordlike || char_is_wordlike(cp, props);
			break;
		case SEG_SENTENCES:
			sentence_advance(s, i, sentence_break_of(props));
			break;
		case SEG_GRAPHEMES:
			s->prev_cp = cp;
			break;
		case SEG_PARAGRAPHS:
			s->raw_prev = (int)cp;
			break;
		}
		s->at_start = false;
		s->pos += n;
	}
	if (s->at_start)
		return false;
	/* The end of text is the last boundary (WB2, SB2). */
	*boundary = s->len;
	s->wordlike = wordlike;
	s->at_start = true;
	return true;
}

static bool is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Trims ASCII and Unicode white space from both ends of [*a, *b). */
/*
 * Words only: between two words of ASCII text, the spaces and punctuation
 * (not '_', which joins words) can only form segments without a letter or
 * digit, and none of them can join the letter or digit that follows, as the
 * word before them was cut with the character after it in view.  So they
 * are passed over without deciding their own boundaries.  Before a
 * non-ASCII character the last of them is left to the full rules, which may
 * attach a combining mark to it.
 */
static void skip_ascii_gap(struct segmenter *s)
{
	const unsigned char *t = s->text;
	size_t i = s->pos, n = s->len;
	while (i < n && t[i] < 0x80 && (fast_word_class[t[i]] == 0 ||
					fast_word_class[t[i]] == FAST_SPACE))
		i++;
	if (i < n && t[i] >= 0x80)
		i--;
	if (i <= s->pos)
		return;
	set_word_state(s, s->pos, i);
	s->pos = i;
	s->at_boundary = true;
}

/*
 * The masks of the 64 bytes from base (see struct segmenter), so that the
 * ends of ASCII words and gaps are found with a bit scan instead of a loop
 * whose exit branch depends on each word's length.  Bytes past the text
 * count as neither word nor high.
 */
static void classify64(const unsigned char *p, uint64_t *word, uint64_t *high)
{
#if defined(__SSE2__)
	uint64_t w = 0, h = 0;
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
		/* Signed compares: bytes from 0x80 are negative and fail every range. */
		__m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
		__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
					       _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
					      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
		__m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
		__m128i any = _mm_or_si128(_mm_or_si128(letter, digit), under);
		w |= (uint64_t)(uint16_t)_mm_movemask_epi8(any) << (16 * k);
		h |= (uint64_t)(uint16_t)_mm_movemask_epi8(v) << (16 * k);
	}
	*word = w;
	*high = h;
#else
	uint64_t w = 0, h = 0;
	for (int k = 0; k < 64; k++) {
		w |= (uint64_t)ascii_word_byte[p[k]] << k;
		h |= (uint64_t)(p[k] >> 7) << k;
	}
	*word = w;
	*high = h;
#endif
}

static void load_masks(struct segmenter *s, size_t base)
{
	if (s->len - base >= 64) {
		classify64(s->text + base, &s->mask_word, &s->mask_high);
	} else {
		unsigned char tail[64] = { 0 };
		memcpy(tail, s->text + base, s->len - base);
		classify64(tail, &s->mask_word, &s->mask_high);
	}
	s->mask_base = base;
	s->mask_limit = base + 64;
}

/* The masks from byte i on (at most 64 bits, fewer at the block's end). */
static inline unsigned mask_offset(struct segmenter *s, size_t i)
{
	if (i < s->mask_base || i >= s->mask_limit)
		load_masks(s, i);
	return (unsigned)(i - s->mask_base);
}

/* The first byte from i on that is an ASCII word byte or non-ASCII; n if none. */
static size_t next_word_or_high(struct segmenter *s, size_t i)
{
	while (i < s->len) {
		unsigned off = mask_offset(s, i);
		uint64_t m = (s->mask_word | s->mask_high) >> off;
		if (m)
			return i + (size_t)__builtin_ctzll(m);
		i = s->mask_limit;
	}
	return s->len;
}

/* The first byte from i on that is not an ASCII word byte; n if none. */
static size_t next_non_word(struct segmenter *s, size_t i)
{
	while (i < s->len) {
		unsigned off = mask_offset(s, i);
		/* The shift brings in zeros at the top: bytes beyond the block, looked at next. */
		uint64_t m = ~s->mask_word >> off;
		if (m)
			return i + (size_t)__builtin_ctzll(m);
		i = s->mask_limit;
	}
	return s->len;
}

/*
 * Words only, at a boundary in ASCII text: the gap before the next word
 * and the word itself, decided in one pass when every character that
 * could matter is ASCII (the cases word_fast_segment and skip_ascii_gap
 * decide, without their separate calls and state updates).  False, with
 * nothing changed, when the full rules must look.
 */
/*
 * Whether t[i] starts a curly double quote or an en or em dash (U+201C,
 * U+201D, U+2013, U+2014: Word_Break Other) followed by an ASCII byte or
 * the end, so nothing can attach to it (Extend, Format and ZWJ are not
 * ASCII): a boundary on both sides (WB999), as for ASCII punctuation.
 * News text has one every few words.
 */
static inline bool gap_mark(const unsigned char *t, size_t i, size_t n)
{
	return i + 2 < n && t[i] == 0xE2 && t[i + 1] == 0x80 &&
	       (t[i + 2] == 0x9C || t[i + 2] == 0x9D || t[i + 2] == 0x93 || t[i + 2] == 0x94) &&
	       (i + 3 == n || t[i + 3] < 0x80);
}

/*
 * Whether t[i] starts a Latin-1 letter, U+00C0..U+00FF but for the signs
 * × and ÷: Word_Break ALetter, two bytes, in every accented Western name.
 */
static inline bool latin1_letter(const unsigned char *t, size_t i, size_t n)
{
	return t[i] == 0xC3 && i + 1 < n && t[i + 1] >= 0x80 && t[i + 1] <= 0xBF && t[i + 1] != 0x97 &&
	       t[i + 1] != 0xB7;
}

static bool ascii_word(struct segmenter *s, size_t *start, size_t *end)
{
	const unsigned char *t = s->text;
	size_t n = s->len;
	size_t i = next_word_or_high(s, s->pos);
	while (i < n && gap_mark(t, i, n))
		i = next_word_or_high(s, i + 3);
	if (i >= n || (t[i] >= 0x80 && !latin1_letter(t, i, n)))
		return false;
	/*
	 * As scan_ascii_word, with the runs of word bytes found from the
	 * masks, and Latin-1 letters taken as letters (they join what ASCII
	 * letters join: WB5-WB10, WB6/7 around a middle character).
	 */
	bool latin = t[i] >= 0x80;
	size_t j = i + (latin ? 2 : 1);
	for (;;) {
		j = next_non_word(s, j);
		if (j < n && latin1_letter(t, j, n)) {
			latin = true;
			j += 2;
			continue;
		}
		if (!ascii_joins(t, j, n))
			break;
		j += 2;
	}
	/*
	 * What follows must be ASCII, and not a middle character before a
	 * non-ASCII one, but for a quote or dash that ends the word.
	 */
	if (j < n && t[j] >= 0x80 && !gap_mark(t, j, n))
		return false;
	if (j + 1 < n && t[j] < 0x80 && t[j + 1] >= 0x80 && !gap_mark(t, j + 1, n))
		return false;
	/* Only a word that starts with '_' can lack a letter or digit: rare, the rules handle it. */
	if (t[i] == '_') {
		bool alnum = false;
		for (size_t k = i + 1; !alnum && k < j; k++)
			alnum = t[k] >= 0x80 || (t[k] != '_' && fast_word_class[t[k]] != 0);
		if (!alnum)
			return false;
	}
	s->lazy_state = true;
	s->lazy_from = i;
	s->lazy_to = j;
	/* ASCII letters, digits, '_' and the joining marks, unless a Latin-1 letter came in. */
	s->ascii_word = !latin;
	s->pos = j;
	s->wordlike = true;
	s->at_boundary = j < n;
	s->at_start = j >= n;
	*start = i;
	*end = j;
	return true;
}

bool seg_next_word(struct segmenter *s, size_t *start, size_t *end)
{
	/* From a boundary at ASCII, a Latin-1 letter (0xC3) or a curly quote or dash (0xE2). */
	if (fast_paths && (s->at_boundary || s->at_start) && s->pos < s->len &&
	    (s->text[s->pos] < 0x80 || s->text[s->pos] == 0xC3 || s->text[s->pos] == 0xE2) &&
	    ascii_word(s, start, end))
		return true;
	apply_lazy_state(s);
	s->ascii_word = false;
	for (;;) {
		if (fast_paths && (s->at_boundary || s->at_start) && s->pos < s->len &&
		    s->text[s->pos] < 0x80)
			skip_ascii_gap(s);
		size_t from = s->pos;
		if (from >= s->len)
			return false;
		size_t to;
		if (!seg_next_boundary(s, &to))
			return false;
		if (s->wordlike) {
			*start = from;
			*end = to;
			return true;
		}
	}
}

static bool is_trim_space(uint32_t cp)
{
	if (cp < 0x80)
		return is_space_byte((unsigned char)cp);
	int sb = sentence_break_of(break_props(cp));
	return sb == SB_SP || is_parasep(sb);
}

static void trim(const struct segmenter *s, size_t *a, size_t *b)
{
	while (*a < *b) {
		size_t n;
		if (!is_trim_space(char_at(s, *a, &n)))
			break;
		*a += n;
	}
	while (*b > *a) {
		size_t k = *b - 1;
		while (k > *a && (s->text[k] & 0xC0) == 0x80)
			k--;
		size_t n;
		if (!is_trim_space(char_at(s, k, &n)))
			break;
		*b = k;
	}
}

bool seg_next(struct segmenter *s, size_t *start, size_t *end)
{
	for (;;) {
		size_t from = s->pos;
		/* A boundary returned last time leaves pos at it; the end resets at_start. */
		if (from >= s->len)
			return false;
		size_t to;
		if (!seg_next_boundary(s, &to))
			return false;
		size_t a = from, b = to;
		if (s->unit == SEG_SENTENCES || s->unit == SEG_PARAGRAPHS) {
			trim(s, &a, &b);
			if (a == b)
				continue;
		}
		*start = a;
		*end = b;
		return true;
	}
}

/* ---- helpers over whole texts ---------------------------------------------- */

void span_array_release(struct span_array *a)
{
	free(a->s);
	a->s = NULL;
	a->n = a->alloc = 0;
}

size_t seg_words(const char *text, size_t len, struct span_array *words)
{
	struct segmenter seg;
	seg_init(&seg, SEG_WORDS, text, len, NULL);
	size_t a, b, n = 0;
	struct span *w = words->s;
	while (seg_next_word(&seg, &a, &b)) {
		if (n == words->alloc) {
			ALLOC_GROW(words->s, n + 1, words->alloc);
			w = words->s;
		}
		w[n++] = (struct span){ a, b };
	}
	words->n = n;
	return n;
}

void seg_join_words(const char *text, const struct span *w, size_t n, struct buf *out)
{
	buf_reset(out);
	for (size_t k = 0; k < n; k++) {
		if (k)
			buf_addc(out, ' ');
		buf_add(out, text + w[k].start, w[k].end - w[k].start);
	}
}

size_t seg_count(enum seg_unit unit, const char *text, size_t len)
{
	struct segmenter seg;
	seg_init(&seg, unit, text, len, NULL);
	size_t a, b, n = 0;
	while (seg_next(&seg, &a, &b))
		n++;
	return n;
}
