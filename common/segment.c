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
#define NO_POS SIZE_MAX	/* no position (sentences: the news layer) */

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

/* Bullets that start list items: • ‣ ⁃ ◦ ▪ ●. */
static inline bool is_bullet(uint32_t cp)
{
	/* One compare for every character that cannot be one (letters, quotes: most). */
	if (cp - 0x2022 > 0x25CF - 0x2022)
		return false;
	return cp <= 0x2023 || cp == 0x2043 || cp == 0x25E6 || cp == 0x25AA || cp == 0x25CF;
}

/*
 * A character's Sentence_Break value, tailored by the news layer: the
 * horizontal ellipsis … is ATerm, as the three dots it stands for.
 */
static inline int sentence_of(const struct segmenter *s, uint32_t cp, uint16_t props)
{
	if (cp == 0x2026 && s->abbrevs)
		return SB_ATERM;
	return sentence_break_of(props);
}

static void sentence_advance(struct segmenter *s, size_t i, int r, uint32_t cp)
{
	if ((r == SB_EXTEND || r == SB_FORMAT) && !s->at_start && !is_parasep(s->raw_prev)) {
		s->raw_prev = r;
		return;
	}
	if (is_saterm(r)) {
		s->term = r;
		s->term_spaces = false;
		s->term_closes = 0;
		s->term_quote = false;
		s->before_term = s->eff_prev;
		s->term_pos = i;
	} else if (s->term && r == SB_CLOSE && !s->term_spaces) {
		s->term_closes++;
		/* Closing punctuation but brackets: quotation marks. */
		s->term_quote = s->term_quote || (cp != ')' && cp != ']' && cp != '}');
	} else if (s->term && r == SB_CLOSE && s->abbrevs && (cp == 0xBB || cp == 0x203A)) {
		/* The news layer: « Non ! » closes its quotation after a space, as French sets it. */
		s->term_spaces = false;
		s->term_closes++;
		s->term_quote = true;
	} else if (s->term && r == SB_SP) {
		s->term_spaces = true;
	} else {
		s->term = 0;
	}
	if (s->unit_content == NO_POS && r != SB_SP && !is_parasep(r) && !is_bullet(cp))
		s->unit_content = i;
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
	W("Mr"), W("Mrs"), W("Ms"), W("Mx"), W("Dr"), W("Prof"), W("Sen"), W("Rep"),
	W("Gov"), W("Gen"), W("Lt"), W("Col"), W("Capt"), W("Cpt"), W("Sgt"), W("Maj"), W("Adm"),
	W("Cmdr"), W("Rev"), W("Hon"), W("Pres"), W("Supt"), W("Insp"), W("Mt"), W("Messrs"),
	W("Mme"), W("Mlle"), W("Fr"), W("e.g"), W("i.e"), W("cf"), W("vs"),
	W("viz"), W("approx"), W("Univ"), W("Dept"),
	/* Spanish, French and German titles and abbreviations that never end a sentence. */
	W("Sra"), W("Srta"), W("Dra"), W("D\xC3\xB1" "a"), W("Ud"), W("Uds"), W("Excmo"),
	W("Excma"), W("Ilmo"), W("Ilma"), W("Gral"), W("Lic"), W("Profa"), W("Sto"), W("Sta"),
	W("MM"), W("Mgr"), W("Pr"), W("Hr"), W("Hrn"), W("vgl"), W("ggf"), W("evtl"), W("inkl"),
};
/* Abbreviations that continue a sentence only before a number. */
static const struct word before_number[] = {
	W("No"), W("Nos"), W("no"), W("Art"), W("Fig"), W("fig"), W("Vol"), W("vol"), W("pp"), W("p"),
	W("para"), W("Sec"), W("sec"), W("Ch"), W("ch"), W("Jan"), W("Feb"), W("Mar"), W("Apr"),
	W("Jun"), W("Jul"), W("Aug"), W("Sep"), W("Sept"), W("Oct"), W("Nov"), W("Dec"), W("op"),
	W("Nr"), W("tel"), W("Tel"), W("ca"),
	/* The numero sign written with a degree sign or an ordinal indicator. */
	W("N\xC2\xB0"), W("N\xC2\xBA"), W("n\xC2\xB0"), W("n\xC2\xBA"),
	/* Spanish, French, German. */
	W("n\xC3\xBA" "m"), W("p\xC3\xA1g"), W("p\xC3\xA1gs"), W("art"), W("cap"), W("chap"),
	W("Abs"), W("Bd"), W("Kap"),
};
/* Ambiguous: continue unless the next word usually starts a sentence. */
static const struct word ambiguous[] = {
	W("Inc"), W("Ltd"), W("Co"), W("Corp"), W("Bros"), W("etc"), W("al"), W("Plc"), W("plc"),
	W("LLC"), W("Pty"), W("Assn"), W("Jr"), W("Sr"), W("St"), W("Ave"), W("Blvd"), W("Rd"),
	W("Est"), W("EE"), W("UU"), W("Av"), W("Avda"), W("usw"), W("bzw"), W("Jh"),
};
/* German words before an ordinal number: am 3. Oktober, der 2. Weltkrieg. */
static const struct word before_ordinal[] = {
	W("am"), W("im"), W("vom"), W("zum"), W("zur"), W("beim"), W("bis"), W("seit"), W("ab"),
	W("der"), W("die"), W("das"), W("den"), W("dem"), W("des"), W("dieses"), W("diesem"),
	W("jeden"), W("jedem"), W("ihrem"), W("ihren"), W("seinem"), W("seinen"), W("Am"),
	W("Im"), W("Vom"), W("Zum"), W("Zur"), W("Bis"), W("Seit"), W("Ab"), W("Der"), W("Die"),
	W("Das"), W("Den"), W("Dem"), W("Des"),
};
/* Months only German spells so: after a number with a dot, a date. */
static const struct word german_months[] = {
	W("Januar"), W("J\xC3\xA4nner"), W("Februar"), W("M\xC3\xA4rz"), W("Mai"), W("Juni"),
	W("Juli"), W("Oktober"), W("Dezember"),
};
/* The times of day: they end a clause more often than any other abbreviation. */
static const struct word times[] = {
	W("a.m"), W("p.m"), W("A.M"), W("P.M"),
};
/* Names written with an exclamation mark, which does not end a sentence in them. */
static const struct word exclaimed[] = {
	W("Yahoo"), W("Jeopardy"), W("Wham"),
};
/* Courtesy titles: after an abbreviation they start the next sentence's subject. */
static const struct word courtesy[] = {
	W("Mr"), W("Mrs"), W("Ms"), W("Mx"), W("Dr"), W("Messrs"), W("Mme"), W("Mlle"),
};
/* What follows a time of day in the same sentence: days, months, time zones. */
static const struct word calendar[] = {
	W("Monday"), W("Tuesday"), W("Wednesday"), W("Thursday"), W("Friday"), W("Saturday"),
	W("Sunday"), W("Mon"), W("Tue"), W("Tues"), W("Wed"), W("Thu"), W("Thur"), W("Thurs"),
	W("Fri"), W("Sat"), W("Sun"), W("January"), W("February"), W("March"), W("April"), W("May"),
	W("June"), W("July"), W("August"), W("September"), W("October"), W("November"),
	W("December"), W("Jan"), W("Feb"), W("Mar"), W("Apr"), W("Jun"), W("Jul"), W("Aug"),
	W("Sep"), W("Sept"), W("Oct"), W("Nov"), W("Dec"), W("GMT"), W("UTC"), W("BST"), W("CET"),
	W("CEST"), W("EET"), W("EEST"), W("ET"), W("EST"), W("EDT"), W("CT"), W("CST"), W("CDT"),
	W("MT"), W("MST"), W("MDT"), W("PT"), W("PST"), W("PDT"), W("AEST"), W("AEDT"), W("IST"),
	W("JST"), W("HKT"), W("SGT"), W("Eastern"), W("Pacific"), W("Central"), W("Mountain"),
	W("Greenwich"),
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
	/* Auxiliaries, which open questions, and other words that open clauses. */
	W("Did"), W("Do"), W("Does"), W("Is"), W("Are"), W("Was"), W("Were"), W("Will"), W("Would"),
	W("Can"), W("Could"), W("Should"), W("Has"), W("Have"), W("Had"), W("Each"), W("Every"),
	W("Both"), W("Such"), W("Only"), W("Even"), W("Instead"), W("Despite"), W("During"),
	W("Until"), W("Unless"), W("Whether"), W("Neither"), W("Nor"), W("Nobody"), W("Nothing"),
	W("Everyone"), W("Someone"), W("Others"), W("Another"), W("Several"), W("Thus"),
	W("Therefore"), W("Indeed"), W("Moreover"), W("Later"), W("Earlier"), W("Once"), W("Which"),
	W("Let"), W("Please"), W("Yes"), W("Few"), W("Asked"),
	/* Spanish, French and German pronouns, conjunctions and adverbs (not articles: Le Pen). */
	W("Pero"), W("Seg\xC3\xBAn"), W("Tambi\xC3\xA9n"), W("Adem\xC3\xA1s"), W("Hoy"),
	W("Ayer"), W("\xC3\x89l"), W("Ella"), W("Ellos"), W("Nosotros"), W("Mais"),
	W("Cependant"), W("Ainsi"), W("Alors"), W("Aujourd'hui"), W("Aujourd\xE2\x80\x99hui"),
	W("Il"), W("Elle"), W("Ils"), W("Elles"), W("Nous"), W("Aber"), W("Doch"), W("Jedoch"),
	W("Dann"), W("Heute"), W("Gestern"), W("Wir"),
};

/*
 * The lists above are looked up at every candidate sentence end, so they
 * are put once into a small open-addressing table of word -> classes.
 */
enum {
	WORD_TITLE = 1, WORD_BEFORE_NUMBER = 2, WORD_AMBIGUOUS = 4, WORD_STARTER = 8, WORD_TIME = 16,
	WORD_EXCLAIMED = 32, WORD_COURTESY = 64, WORD_CALENDAR = 128, WORD_BEFORE_ORDINAL = 256,
	WORD_GERMAN_MONTH = 512,
};
#define WORD_TABLE_SIZE 1024

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

#define ADD_WORDS(list, cls) add_words(list, sizeof list / sizeof list[0], cls)

static void build_word_table(void)
{
	ADD_WORDS(titles, WORD_TITLE);
	ADD_WORDS(before_number, WORD_BEFORE_NUMBER);
	ADD_WORDS(ambiguous, WORD_AMBIGUOUS);
	ADD_WORDS(starters, WORD_STARTER);
	ADD_WORDS(times, WORD_TIME);
	ADD_WORDS(exclaimed, WORD_EXCLAIMED);
	ADD_WORDS(courtesy, WORD_COURTESY);
	ADD_WORDS(calendar, WORD_CALENDAR);
	ADD_WORDS(before_ordinal, WORD_BEFORE_ORDINAL);
	ADD_WORDS(german_months, WORD_GERMAN_MONTH);
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

/* ASCII classes without a call into the C library (these run at every candidate end). */
static inline bool ascii_upper(unsigned char c)
{
	return (unsigned)(c - 'A') < 26;
}

static inline bool ascii_lower(unsigned char c)
{
	return (unsigned)(c - 'a') < 26;
}

static inline bool ascii_alpha(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26;
}

static inline bool ascii_digit(unsigned char c)
{
	return (unsigned)(c - '0') < 10;
}

static inline bool ascii_alnum(unsigned char c)
{
	return ascii_alpha(c) || ascii_digit(c);
}

static inline bool is_word_byte(unsigned char c)
{
	return ascii_alnum(c) || c >= 0x80;
}

static bool is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* The start of the character that ends just before i (i > 0). */
static size_t char_before(const struct segmenter *s, size_t i)
{
	size_t k = i - 1;
	while (k > 0 && (s->text[k] & 0xC0) == 0x80 && i - k < 4)
		k--;
	return k;
}

/* A text-opening character the next word may stand behind: a quote or a bracket. */
static bool is_opening(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C || cp == 0x2018 ||
	       cp == 0x00AB || cp == 0x201E || cp == 0x2039;
}

/* The word that starts at i, past opening quotes and brackets: [*ws, *we). */
static void next_word(const struct segmenter *s, size_t i, size_t *ws, size_t *we)
{
	const unsigned char *t = s->text;
	size_t ns = i, n;
	while (ns < s->len && !ascii_alnum(t[ns]) && is_opening(char_at(s, ns, &n)))
		ns += n;
	size_t ne = ns;
	while (ne < s->len && (t[ne] < 0x80 ? ascii_alnum(t[ne]) : !is_opening(char_at(s, ne, &n))))
		ne += t[ne] < 0x80 ? 1 : n;
	*ws = ns;
	*we = ne;
}

/* The pronoun I, which is written with a capital anywhere: I, I'm, I’ve... */
static bool is_pronoun_i(const unsigned char *w, size_t len)
{
	return len >= 1 && w[0] == 'I' &&
	       (len == 1 || w[1] == '\'' || (len >= 4 && w[1] == 0xE2 && w[2] == 0x80 && w[3] == 0x99));
}

/* Letters only, split by single dots into pieces of one to three: U.S, a.m, Ph.D, H.R. */
static bool is_acronym(const char *w, size_t len)
{
	size_t piece = 0, pieces = 1;
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)w[k];
		if (c == '.') {
			if (piece == 0)
				return false;
			piece = 0;
			pieces++;
		} else if (ascii_alpha(c) && ++piece <= 3) {
			continue;
		} else {
			return false;
		}
	}
	return pieces >= 2 && piece > 0;
}

/*
 * Whether the text from the last boundary to i holds at most `words`
 * words (looking back no further than a short phrase): a time at the
 * start of a sentence (`At 5 a.m.`) is an adverbial, not its end.
 */
static bool near_sentence_start(const struct segmenter *s, size_t i, unsigned words)
{
	const unsigned char *t = s->text;
	size_t k = i, limit = i > 64 ? i - 64 : 0;
	if (limit < s->last_boundary)
		limit = s->last_boundary;
	unsigned seen = 0;
	bool in_word = false;
	while (k > limit) {
		k--;
		if (is_ascii_space(t[k])) {
			in_word = false;
		} else if (!in_word) {
			in_word = true;
			if (++seen > words)
				return false;
		}
	}
	return k == s->last_boundary;
}

/* Whether the token around t[end - 1] (up to white space) is a URL or an e-mail address. */
static bool in_url_or_address(const struct segmenter *s, size_t end)
{
	const unsigned char *t = s->text;
	size_t k = end;
	while (k > s->last_boundary && t[k - 1] > ' ')
		k--;
	const char *tok = (const char *)t + k;
	size_t n = end - k;
	return memchr(tok, '@', n) || memmem(tok, n, "://", 3) || (n > 4 && memcmp(tok, "www.", 4) == 0);
}

/*
 * A German ordinal, known by the record's own words, before a capitalised
 * word: `am 3. Oktober`, `der 2. Weltkrieg`, `zum 100. Geburtstag`: the
 * number of at most three digits at `start`, after a word that takes an
 * ordinal or before a month only German spells so.  English `in 2019.
 * Next` and `place 3. Her` still break.
 */
static bool german_ordinal(const struct segmenter *s, size_t start, unsigned next_cls)
{
	if (next_cls & WORD_GERMAN_MONTH)
		return true;
	const unsigned char *t = s->text;
	size_t k = start;
	while (k > s->last_boundary && is_ascii_space(t[k - 1]))
		k--;
	if (k == start)
		return false;
	size_t p = k;
	while (p > s->last_boundary && is_word_byte(t[p - 1]))
		p--;
	return word_classes((const char *)t + p, k - p) & WORD_BEFORE_ORDINAL;
}

/*
 * Should the UAX #29 boundary at i, after "WORD." and spaces, be kept?
 * Not after a title, nor after an abbreviation of a number before a
 * number, nor after an initial or acronym unless a usual sentence starter
 * or a courtesy title follows; a time of day ends its sentence before a
 * capital unless a day, month or time zone follows or the time opens the
 * sentence; a URL or an e-mail address ends it as any word does.
 */
static bool abbreviation_joins(const struct segmenter *s, size_t i)
{
	const unsigned char *t = s->text;
	size_t end = s->term_pos, start = end;
	while (start > 0 && (is_word_byte(t[start - 1]) || t[start - 1] == '.'))
		start--;
	if (start == end)
		return false;
	const char *w = (const char *)t + start;
	size_t wlen = end - start;
	/* Most sentences end in a longer plain word after a space: no list can hold it. */
	bool plain = !memchr(w, '.', wlen) && (start == 0 || t[start - 1] == ' ');
	if (wlen > 8 && plain && !s->abbrevs->n)
		return false;
	if (!plain && in_url_or_address(s, end))
		return false;
	size_t ns, ne;
	next_word(s, i, &ns, &ne);
	const char *next = (const char *)t + ns;
	size_t nlen = ne - ns;
	bool next_digit = nlen && ascii_digit((unsigned char)next[0]);
	unsigned next_cls = word_classes(next, nlen);
	/*
	 * A new sentence's subject: a usual first word, a courtesy title, the
	 * pronoun I; not an initial (A. I. Smith, and the I or A of one).
	 */
	bool next_initial = nlen == 1 && ascii_upper((unsigned char)next[0]) && ne < s->len &&
			    t[ne] == '.';
	bool next_starts = !next_initial && ((next_cls & (WORD_STARTER | WORD_COURTESY)) ||
					     is_pronoun_i((const unsigned char *)next, nlen));
	unsigned cls = word_classes(w, wlen);

	if ((cls & WORD_TITLE) || abbrevs_has(s->abbrevs, w, wlen))
		return true;
	if (cls & WORD_BEFORE_NUMBER)
		return next_digit;
	if (cls & WORD_TIME) {
		if (next_cls & WORD_CALENDAR)
			return true;
		if (next_cls & WORD_STARTER)
			return false;
		/* The number before the time, and at most three words before that. */
		size_t k = start;
		while (k > 0 && is_ascii_space(t[k - 1]))
			k--;
		while (k > 0 && !is_ascii_space(t[k - 1]))
			k--;
		return near_sentence_start(s, k, 3);
	}
	if (cls & WORD_AMBIGUOUS)
		return !next_starts;
	if (wlen == 1 && ascii_upper((unsigned char)w[0])) {
		/*
		 * An initial, unless it is the pronoun I after a word in lower
		 * case (`you and I. Did`): Ulysses S. Grant, Albert I. Jones.
		 */
		if (w[0] == 'I') {
			size_t k = start;
			while (k > 0 && is_ascii_space(t[k - 1]))
				k--;
			size_t p = k;
			while (p > 0 && is_word_byte(t[p - 1]))
				p--;
			if (p < k && ascii_lower(t[p]))
				return false;
		}
		return !next_starts;
	}
	if (is_acronym(w, wlen))
		return !next_starts;
	if (wlen <= 3 && ascii_digit((unsigned char)w[0]) && ascii_digit((unsigned char)w[wlen - 1]) &&
	    (wlen < 3 || ascii_digit((unsigned char)w[1])) && ns < ne && !next_starts)
		return german_ordinal(s, start, next_cls);
	return false;
}

/* ---- lists and ellipses: boundaries the news layer adds ---------------------- */

/* List markers: 1. 1.) 1) (1), the same with a letter; kinds of number times kinds of mark. */
enum { MARK_DOT = 1, MARK_DOT_PAREN, MARK_PAREN, MARK_PARENS };
enum { COUNT_DIGITS = 0, COUNT_LOWER = 8, COUNT_UPPER = 16 };


/*
 * The list marker whose last mark is the '.' or ')' at t[i], followed by a
 * space: its kind (COUNT_* | MARK_*, 0 if none), value (1 for 1 or a) and
 * start (its opening parenthesis or first digit).  A marker stands at the
 * text's start, after white space or right after a bullet.
 */
static int list_marker(const struct segmenter *s, size_t i, unsigned *value, size_t *start)
{
	const unsigned char *t = s->text;
	size_t n = s->len, after = i + 1;
	/*
	 * Most dots end words: a marker has one letter or one or two digits
	 * after white space, a bullet, '(' or the text's start.
	 */
	if (i > 1 && ascii_alpha(t[i - 1]) && t[i - 2] < 0x80 && t[i - 2] != '(' &&
	    !is_ascii_space(t[i - 2]))
		return 0;
	int mark;
	if (t[i] == '.') {
		mark = MARK_DOT;
		if (after < n && t[after] == ')') {
			mark = MARK_DOT_PAREN;
			after++;
		}
	} else {
		mark = MARK_PAREN;
		if (i > 0 && t[i - 1] == '.')
			return 0;	/* 1.) is judged at its dot */
	}
	if (after < n && t[after] != ' ')
		return 0;
	size_t k = i;
	while (k > 0 && k + 2 > i && ascii_digit(t[k - 1]))
		k--;
	int count;
	if (k < i) {
		if (k > 0 && ascii_digit(t[k - 1]))
			return 0;	/* three digits or more: a number */
		unsigned v = 0;
		for (size_t d = k; d < i; d++)
			v = v * 10 + (unsigned)(t[d] - '0');
		if (v == 0)
			return 0;
		*value = v;
		count = COUNT_DIGITS;
	} else if (i > 0 && ascii_alpha(t[i - 1])) {
		k = i - 1;
		*value = (unsigned)((t[k] | 0x20) - 'a' + 1);
		count = ascii_lower(t[k]) ? COUNT_LOWER : COUNT_UPPER;
	} else {
		return 0;
	}
	if (mark == MARK_PAREN && k > 0 && t[k - 1] == '(') {
		mark = MARK_PARENS;
		k--;
	}
	if (k > 0 && !is_ascii_space(t[k - 1])) {
		size_t b = char_before(s, k), len;
		if (!is_bullet(char_at(s, b, &len)))
			return 0;
	}
	*start = k;
	return count | mark;
}

/*
 * Whether the '.' or ')' at t[i] may end a list marker, before the full
 * look: most end a word or sit inside a number (3.5, U.S.).
 */
static inline bool may_end_marker(const unsigned char *t, size_t i, size_t n)
{
	if (i == 0 || (i + 1 < n && t[i + 1] != ' ' && t[i + 1] != ')'))
		return false;
	unsigned char c = t[i - 1];
	if (ascii_digit(c))
		return true;
	if (!ascii_alpha(c))
		return false;
	return i < 2 || is_ascii_space(t[i - 2]) || t[i - 2] == '(' || t[i - 2] >= 0x80;
}

/* The start of the list item a marker at k opens: a bullet just before it. */
static size_t item_start(const struct segmenter *s, size_t k)
{
	size_t j = k;
	while (j > s->last_boundary && is_ascii_space(s->text[j - 1]))
		j--;
	if (j > s->last_boundary) {
		size_t b = char_before(s, j), len;
		if (is_bullet(char_at(s, b, &len)))
			return b;
	}
	return k;
}

/* Whether only white space and bullets lie between the last boundary and k. */
static inline bool at_unit_start(const struct segmenter *s, size_t k)
{
	return s->unit_content == NO_POS || s->unit_content >= k;
}

/* How far ahead a first item looks for its second (items are short). */
#define LIST_LOOKAHEAD 400

/*
 * Whether a marker of `kind` and value 2 follows i on the same line
 * within LIST_LOOKAHEAD bytes.  Each byte is looked at by one probe only
 * (a probe from inside the last one's range gives up), so a text of
 * "1) 1) 1)" stays linear.
 */
static bool second_item_follows(struct segmenter *s, size_t i, int kind)
{
	if (i < s->list_probed)
		return false;
	const unsigned char *t = s->text;
	size_t end = i + LIST_LOOKAHEAD < s->len ? i + LIST_LOOKAHEAD : s->len, j;
	for (j = i + 1; j < end && t[j] != '\n' && t[j] != '\r'; j++) {
		if (t[j] != '.' && t[j] != ')')
			continue;
		unsigned v;
		size_t k;
		if (list_marker(s, j, &v, &k) == kind && v == 2)
			return true;
	}
	s->list_probed = j;
	return false;
}

/*
 * At the '.' or ')' at i that ends a list marker: record a marker that
 * opens a sentence (a list's first item, or one after a sentence that
 * ended), or find where a later item starts inside a sentence (1. first
 * 2. second).  Returns that position, or NO_POS.
 */
static size_t list_item_break(struct segmenter *s, size_t i)
{
	unsigned value;
	size_t k;
	int kind = list_marker(s, i, &value, &k);
	if (!kind)
		return NO_POS;
	if (at_unit_start(s, k)) {
		s->marker_dot = s->text[i] == '.' ? i : NO_POS;
		/* A list starts at 1 or a, or goes on; J. K. Rowling is no list. */
		if (value == 1 || (kind == s->list_kind && value == s->list_value + 1)) {
			s->list_kind = kind;
			s->list_value = value;
			s->list_item = k;
		}
		return NO_POS;
	}
	/* After an abbreviation's dot (No. 2.) a number is not an item. */
	size_t j = k;
	while (j > 0 && is_ascii_space(s->text[j - 1]))
		j--;
	if (j > 0 && s->text[j - 1] == '.')
		return NO_POS;
	/* An item holds something: A. B. Smith has initials, not items. */
	bool next = kind == s->list_kind && value == s->list_value + 1 &&
		    k >= s->list_item + ((kind & ~7) == COUNT_DIGITS ? 4 : 8);
	if (next || (value == 1 && second_item_follows(s, i, kind))) {
		size_t b = item_start(s, k);
		if (b > s->last_boundary)
			return b;
	}
	return NO_POS;
}

/* The closing guillemets, which French sets after a space: » ›. */
static inline bool is_closing_guillemet(uint32_t cp)
{
	return cp == 0xBB || cp == 0x203A;
}

/*
 * Whether a closing CJK bracket (》〉」』) comes within a short stretch
 * after i, before any terminator, opening bracket or line end: the
 * terminator before i was inside brackets.
 */
static bool inside_cjk_brackets(const struct segmenter *s, size_t i)
{
	size_t end = i + 60 < s->len ? i + 60 : s->len, n;
	for (size_t j = i; j < end; j += n) {
		uint32_t cp = char_at(s, j, &n);
		if (cp == 0x300B || cp == 0x3009 || cp == 0x300D || cp == 0x300F)
			return true;
		if (cp == 0x300A || cp == 0x3008 || cp == 0x300C || cp == 0x300E || cp == '\n' ||
		    cp == '\r' || is_saterm(sentence_break_of(break_props(cp))))
			return false;
	}
	return false;
}

/* An ellipsis ending at term_pos: its dots, whether spaced, where it starts. */
struct ellipsis {
	unsigned dots;
	bool spaced;
	size_t first;	/* the first dot */
};

static void ellipsis_before(const struct segmenter *s, struct ellipsis *e)
{
	const unsigned char *t = s->text;
	size_t j = s->term_pos;
	unsigned dots = 0;
	bool spaced = false;
	for (;;) {
		if (t[j] == '.') {
			dots++;
		} else if (j + 2 < s->len && t[j] == 0xE2 && t[j + 1] == 0x80 && t[j + 2] == 0xA6) {
			dots += 3;	/* … */
		}
		if (dots > 16 || j == 0)
			break;
		size_t prev = char_before(s, j);
		if (t[prev] == '.' || (t[prev] == 0xA6 && j >= 3 && t[j - 3] == 0xE2)) {
			j = t[prev] == '.' ? prev : j - 3;
		} else if (t[prev] == ' ' && prev > 0 && (t[prev - 1] == '.' || t[prev - 1] == 0xA6)) {
			spaced = true;
			j = prev - 1;
			if (t[j] == 0xA6)
				j -= 2;
		} else {
			break;
		}
	}
	e->dots = dots;
	e->spaced = spaced;
	e->first = j;
}

/*
 * The news layer's decision at i, where UAX #29 breaks after a
 * terminator: NO_POS to keep the sentence going, i to break, or an
 * earlier position to break there instead (after the period of
 * `word. . . . The`, whose ellipsis opens the next sentence).
 */
static size_t news_after_terminator(struct segmenter *s, size_t i, int r, uint32_t cp)
{
	const unsigned char *t = s->text;
	/* French spacing: « Non ! » closes after a space (no-break or not). */
	if (r == SB_CLOSE && s->term_spaces && is_closing_guillemet(cp))
		return NO_POS;
	/* ¿ and ¡ open a sentence, whatever stands before them. */
	if (cp == 0xBF || cp == 0xA1)
		return i;
	if (t[s->term_pos] >= 0x80 && !s->term_spaces && r == SB_OLETTER) {
		/*
		 * 「本当に来るの？」と聞いた: the quotative particle と or って
		 * goes on with the quotation's sentence (“你去吗？”我说去 is two).
		 */
		if (s->term_closes && (cp == 0x3068 || (cp == 0x3063 && i + 5 < s->len &&
						      t[i + 3] == 0xE3 && t[i + 4] == 0x81 &&
						      t[i + 5] == 0xA6)))
			return NO_POS;
		/* 《你好！北京》: a mark inside a title or a quotation. */
		if (inside_cjk_brackets(s, i))
			return NO_POS;
	}
	if (s->term == SB_STERM) {
		/* Yahoo! in, the Jeopardy! host, “Stop!” she said. */
		if (s->term_spaces && r == SB_LOWER)
			return NO_POS;
		/* ?q= in a URL, or no space after: not an end a reader would see. */
		if (!s->term_spaces && !s->term_closes && t[s->term_pos] < 0x80 && t[i] < 0x80 &&
		    ascii_alnum(t[i]))
			return NO_POS;
		if (s->term_closes == 0 && t[s->term_pos] == '!') {
			size_t st = s->term_pos;
			while (st > 0 && is_word_byte(t[st - 1]))
				st--;
			if (word_classes((const char *)t + st, s->term_pos - st) & WORD_EXCLAIMED) {
				size_t ns, ne;
				next_word(s, i, &ns, &ne);
				unsigned nc = word_classes((const char *)t + ns, ne - ns);
				if (!(nc & (WORD_STARTER | WORD_COURTESY)))
					return NO_POS;
			}
		}
	} else if (s->term == SB_ATERM) {
		struct ellipsis e;
		ellipsis_before(s, &e);
		if (e.dots >= 3) {
			/* An ellipsis that opens a sentence is part of it. */
			if (at_unit_start(s, e.first))
				return NO_POS;
			/* The pronoun's capital says nothing: `the thing is . . . I didn't`. */
			size_t ns, ne;
			next_word(s, i, &ns, &ne);
			if (is_pronoun_i(t + ns, ne - ns))
				return NO_POS;
			/* word. . . . The: the first dot is the period. */
			if (e.dots >= 4 && e.spaced && s->term_closes == 0 && e.first > 0 &&
			    is_word_byte(t[e.first - 1]) && t[e.first + 1] == ' ')
				return e.first + 1;
		} else if (s->term_pos == s->marker_dot) {
			/* A bare list marker is not a sentence: 1. The first item, 1.) The first. */
			return NO_POS;
		} else if (s->term_closes == 0 && abbreviation_joins(s, i)) {
			return NO_POS;
		}
	}
	/* A citation after a quotation: “... as he put it.” (Jones 12). */
	if (s->term_quote && s->term_spaces && (t[i] == '(' || t[i] == '[')) {
		unsigned char close = t[i] == '(' ? ')' : ']';
		size_t end = i + 100 < s->len ? i + 100 : s->len;
		for (size_t j = i + 1; j < end; j++) {
			/* A sentence of its own inside (He later withdrew it.) is no citation; p. 7 is. */
			if (t[j] == '!' || t[j] == '?' || t[j] == '\n' || t[j] == '(' || t[j] == '[' ||
			    (t[j] == '.' && (j + 1 >= end || t[j + 1] == close ||
					     (t[j + 1] == ' ' && j + 2 < end && ascii_upper(t[j + 2])))))
				break;
			if (t[j] != close)
				continue;
			size_t k = j + 1;
			while (k < s->len && is_ascii_space(t[k]))
				k++;
			if (k >= s->len || t[k] == '.' || t[k] == ',' || t[k] == ';' || t[k] == ':' ||
			    ascii_lower(t[k]))
				return NO_POS;
			break;
		}
	}
	return i;
}

/*
 * Where the sentence boundary nearest before i lies, if any: NO_POS, i,
 * or an earlier position (a list item inside a sentence, an ellipsis
 * that opens the next one).  cp is the character at i.
 */
static size_t sentence_break_at(struct segmenter *s, size_t i, int r, uint32_t cp)
{
	/* One test for the characters the lists below cannot concern: most. */
	if (s->abbrevs && (cp == '.' || cp == ')' || cp >= 0x2022)) {
		if (cp >= 0x2022) {
			/* A bullet after white space starts an item: • 9. first • 10. second. */
			if (is_bullet(cp) && i > 0 && is_ascii_space(s->text[i - 1]) &&
			    !at_unit_start(s, i) && !is_parasep(s->raw_prev))
				return i;
		} else if ((!s->term || s->term_spaces) && may_end_marker(s->text, i, s->len)) {
			size_t b = list_item_break(s, i);
			if (b != NO_POS)
				return b;
		}
	}
	if (!uax_sentence_break_before(s, i, r))
		return NO_POS;
	if (!s->abbrevs || !s->term)
		return i;
	return news_after_terminator(s, i, r, cp);
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
	s->marker_dot = NO_POS;
	s->unit_content = NO_POS;
}

/*
 * Sentences: go on from p, before pos, as just after a boundary returned
 * there (a list item or an ellipsis the news layer found behind it).
 */
static void sentence_restart(struct segmenter *s, size_t p)
{
	s->pos = p;
	s->term = 0;
	s->term_spaces = false;
	s->term_closes = 0;
	s->term_quote = false;
	s->sb8_until = 0;	/* its memo holds for positions after where it looked from */
	int prev = NONE;
	if (p > 0) {
		size_t n;
		prev = sentence_break_of(break_props(char_at(s, char_before(s, p), &n)));
	}
	s->raw_prev = s->eff_prev = prev;
	s->last_boundary = p;
	s->unit_content = NO_POS;
	s->at_boundary = true;
	s->at_start = false;
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
	/* \v and \f are Sp, which changes nothing with no terminator pending. */
	static const struct byteset stops = {
		.member = { ['.'] = true, ['!'] = true, ['?'] = true, ['\n'] = true, ['\r'] = true,
			    [0x80 ... 0xFF] = true },
		.bytes = ".!?\n\r", .n = 5, .high = true,
	};
	/* The news layer also looks at ')', which ends list markers: 1) first 2) second. */
	static const struct byteset news_stops = {
		.member = { ['.'] = true, ['!'] = true, ['?'] = true, ['\n'] = true, ['\r'] = true,
			    [')'] = true, [0x80 ... 0xFF] = true },
		.bytes = ".!?\n\r)", .n = 6, .high = true,
	};
	if (s->term || is_parasep(s->raw_prev) || s->at_start)
		return;
	const struct byteset *set = s->abbrevs ? &news_stops : &stops;
	size_t i = s->pos;
	int sb = NONE;
	for (;;) {
		size_t j = i + byteset_scan(set, s->text + i, s->len - i);
		if (j > i) {
			sb = sentence_break_of(break_stage2[s->text[j - 1]]);
			/* The first of these that is not white space is the sentence's first content. */
			for (size_t c = i; s->unit_content == NO_POS && c < j; c++)
				if (sentence_break_of(break_stage2[s->text[c]]) != SB_SP)
					s->unit_content = c;
		}
		i = j;
		if (i >= s->len || s->text[i] < 0x80)
			break;
		/*
		 * A letter, a quote, a dash: nothing but a terminator, a
		 * paragraph separator (and Extend or Format, which fold into
		 * the character before) or a bullet changes the state then.
		 */
		size_t n;
		uint32_t cp = char_at(s, i, &n);
		uint16_t props = break_props(cp);
		int r = sentence_of(s, cp, props);
		if (is_saterm(r) || is_parasep(r) || r == SB_EXTEND || r == SB_FORMAT ||
		    (s->abbrevs && is_bullet(cp)))
			break;
		sb = r;
		if (s->unit_content == NO_POS && r != SB_SP)
			s->unit_content = i;
		i += n;
	}
	if (i == s->pos)
		return;
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
		int sb = s->unit == SEG_SENTENCES ? sentence_of(s, cp, props) : 0;
		bool brk = false;
		if (!s->at_start && !s->at_boundary) {
			switch (s->unit) {
			case SEG_WORDS:
				brk = word_break_before(s, i, n, props);
				break;
			case SEG_SENTENCES: {
				size_t at = sentence_break_at(s, i, sb, cp);
				if (at != NO_POS && at < i) {
					sentence_restart(s, at);
					*boundary = at;
					return true;
				}
				brk = at == i;
				break;
			}
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
			s->last_boundary = i;
			s->unit_content = NO_POS;
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
			sentence_advance(s, i, sb, cp);
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
