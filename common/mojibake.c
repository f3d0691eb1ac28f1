/*
 * mojibake: UTF-8 misread through a single-byte code page, found by
 * re-encoding and judged by a badness measure (see mojibake.h).
 */
#include "mojibake.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "codepages.h"
#include "cpu.h"
#include "unicode/break_tables.h"
#include "utf8.h"

/* ---- code pages backwards: character -> byte ------------------------------- */

/*
 * Every character any code page gives for a byte 0x80-0xFF, with its byte
 * in each (0: none).  An undefined byte 0x80-0x9F reads as the C1 control
 * of the same number (as browsers read Windows-1252), and Windows-1252
 * takes every C1 control back to its byte, which makes it Latin-1 too.
 */
enum { REVERSE_SIZE = 2048 };	/* a power of two, over twice the characters */

static struct reverse_entry {
	uint32_t c;
	uint8_t byte[CODEPAGE_COUNT];
} reverse[REVERSE_SIZE];

/*
 * For the quick check, per character: bit cp of `lead` if some code page
 * cp gives it for a lead byte (0xC2-0xF4), of `cont` for a continuation
 * byte (0x80-0xBF).  Characters below U+0800 and the U+2000-U+25FF block
 * (punctuation, letterlike, mathematical, box drawing) by direct index;
 * the few others are found in `reverse`.
 */
struct masks {
	uint8_t lead, cont;
};
enum { PUNCT_BLOCK = 0x2000, PUNCT_BLOCK_END = 0x2600 };
static struct masks masks_low[0x800], masks_punct[PUNCT_BLOCK_END - PUNCT_BLOCK];

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static uint32_t reverse_slot(uint32_t c)
{
	uint32_t i = (c * 2654435761u) >> 21;	/* 11 bits: REVERSE_SIZE */
	while (reverse[i].c && reverse[i].c != c)
		i = (i + 1) & (REVERSE_SIZE - 1);
	return i;
}

/*
 * Characters below U+0800 and those of U+2000-U+25FF have their bytes
 * and their class (below) in tables by direct index: nearly all the
 * characters mojibake is made of and undone into.
 */
enum { DIRECT = 0x800 + (PUNCT_BLOCK_END - PUNCT_BLOCK) };
static uint8_t bytes_direct[DIRECT][CODEPAGE_COUNT];

static int direct_index(uint32_t c)
{
	if (c < 0x800)
		return (int)c;
	if (c >= PUNCT_BLOCK && c < PUNCT_BLOCK_END)
		return (int)(0x800 + c - PUNCT_BLOCK);
	return -1;
}

static struct masks *masks_slot(uint32_t c)
{
	if (c < 0x800)
		return &masks_low[c];
	if (c >= PUNCT_BLOCK && c < PUNCT_BLOCK_END)
		return &masks_punct[c - PUNCT_BLOCK];
	return NULL;
}

static void add_reverse(uint32_t c, int cp, unsigned byte)
{
	uint32_t i = reverse_slot(c);
	reverse[i].c = c;
	if (!reverse[i].byte[cp])
		reverse[i].byte[cp] = (uint8_t)byte;
	int d = direct_index(c);
	if (d >= 0 && !bytes_direct[d][cp])
		bytes_direct[d][cp] = (uint8_t)byte;
	struct masks *m = masks_slot(c);
	if (!m)
		return;
	if (byte >= 0xC2 && byte <= 0xF4)
		m->lead |= (uint8_t)(1u << cp);
	if (byte >= 0x80 && byte <= 0xBF)
		m->cont |= (uint8_t)(1u << cp);
}

static void build_classes(void);

static void build_tables(void)
{
	build_classes();
	for (int cp = 0; cp < CODEPAGE_COUNT; cp++)
		for (unsigned b = 0x80; b < 0x100; b++) {
			uint32_t c = codepage_high[cp][b - 0x80];
			if (!c && b < 0xA0)
				c = b;
			if (c)
				add_reverse(c, cp, b);
		}
	for (unsigned b = 0x80; b < 0xA0; b++)
		add_reverse(b, CP_WINDOWS_1252, b);
	/* Apple reads MacRoman 0xF0 as its logo, U+F8FF; glibc as U+E01E.  Both go back. */
	for (unsigned b = 0x80; b < 0x100; b++)
		if (codepage_high[CP_MACROMAN][b - 0x80] == 0xE01E)
			add_reverse(0xF8FF, CP_MACROMAN, b);
}

static inline void tables(void)
{
	pthread_once(&tables_once, build_tables);
}

/* The byte code page cp gives c, c itself for ASCII, -1 for none. */
static int byte_of(int cp, uint32_t c)
{
	if (c < 0x80)
		return (int)c;
	int d = direct_index(c);
	if (d >= 0)
		return bytes_direct[d][cp] ? bytes_direct[d][cp] : -1;
	uint32_t i = reverse_slot(c);
	return reverse[i].c && reverse[i].byte[cp] ? reverse[i].byte[cp] : -1;
}

static struct masks masks_of(uint32_t c)
{
	const struct masks *m = masks_slot(c);
	if (m)
		return *m;
	struct masks none = { 0, 0 };
	if (c < 0x80)
		return none;
	uint32_t i = reverse_slot(c);
	if (!reverse[i].c)
		return none;
	struct masks got = { 0, 0 };
	for (int cp = 0; cp < CODEPAGE_COUNT; cp++) {
		unsigned b = reverse[i].byte[cp];
		if (b >= 0xC2 && b <= 0xF4)
			got.lead |= (uint8_t)(1u << cp);
		if (b >= 0x80 && b <= 0xBF)
			got.cont |= (uint8_t)(1u << cp);
	}
	return got;
}

/* ---- the badness measure ----------------------------------------------------- */

/*
 * What a character is, for the measure.  Costs are in points: a point is
 * roughly a doubling of how unusual a sequence is in real text.
 */
enum kind {
	K_SPACE,	/* white space, and the ends of the text */
	K_LETTER,
	K_DIGIT,
	K_MARK,		/* combining */
	K_FORMAT,	/* soft hyphen, joiners: invisible */
	K_ASCII_PUNCT,	/* ASCII punctuation and symbols */
	K_PUNCT,	/* typographic punctuation: dashes, ellipsis, middle dot */
	K_OPEN,		/* quotes and marks that open: “ ‘ „ ‚ « ‹ ¡ ¿ */
	K_CLOSE,	/* quotes that close: ” » › (’ is K_APOSTROPHE) */
	K_APOSTROPHE,	/* ’: also inside words */
	K_BULLET,
	K_CURRENCY,
	K_SYMBOL,	/* symbols real text uses: © ® ™ ° ± × § µ ½ ² */
	K_ODD,		/* symbols it hardly uses, mojibake often: ¤ ¦ ¨ ¯ ¸ ¬ ˆ ˜ † ‡ ‰ √ ≈ */
	K_BOX,		/* box drawing and blocks: tables and bars, beside each other */
	K_CONTROL,	/* C1 controls, private use, unassigned */
};

enum {
	F_UPPER = 1, F_LOWER = 2, F_ASCII = 4,
	F_RARE = 8,	/* a letter hardly any language's running text holds (IPA, Latin Extended-B) */
};

/* Scripts that share text: the CJK ones are one group. */
enum { GROUP_NONE = 0, GROUP_LATIN = 1, GROUP_CJK = 2 };

/* A unit's characters: four spelled by up to four characters each. */
enum { UNIT_CHARS = 16 };

struct cinfo {
	uint8_t kind, flags;
	uint16_t group;		/* letters: GROUP_LATIN, GROUP_CJK or 16 + script */
};

static bool is_rare_latin(uint32_t c)
{
	if (c >= 0x0180 && c <= 0x024F) {
		/* Latin Extended-B that languages do write: Vietnamese, Romanian, pinyin, Azerbaijani, Pan-Nigerian. */
		return !((c >= 0x01A0 && c <= 0x01B0) || (c >= 0x01CD && c <= 0x01DC) ||
			 (c >= 0x0218 && c <= 0x021B) || c == 0x018F || c == 0x0186 || c == 0x0190 ||
			 c == 0x01DD);
	}
	if (c >= 0x0250 && c <= 0x02AF)	/* IPA: ə ɛ ɔ are written in some languages */
		return !(c == 0x0259 || c == 0x025B || c == 0x0254);
	return false;
}

static struct cinfo classify_slow(uint32_t c)
{
	struct cinfo r = { K_SPACE, 0, GROUP_NONE };
	if (c < 0x80) {
		r.flags = F_ASCII;
		if ((c | 0x20) - 'a' < 26) {
			r.kind = K_LETTER;
			r.flags |= c >= 'a' ? F_LOWER : F_UPPER;
			r.group = GROUP_LATIN;
		} else if (c - '0' < 10) {
			r.kind = K_DIGIT;
		} else if (c > 0x20 && c < 0x7F) {
			r.kind = K_ASCII_PUNCT;
		}
		return r;
	}
	if (c < 0xA0) {
		r.kind = K_CONTROL;
		return r;
	}
	switch (c) {
	case 0xA0: return r;
	case 0xAD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
		r.kind = K_FORMAT;
		return r;
	case 0x2019: case 0x02BC:
		r.kind = K_APOSTROPHE;
		return r;
	case 0x201C: case 0x2018: case 0x201E: case 0x201A: case 0xAB: case 0x2039: case 0xA1:
	case 0xBF:
		r.kind = K_OPEN;
		return r;
	case 0x201D: case 0xBB: case 0x203A:
		r.kind = K_CLOSE;
		return r;
	case 0x2022: case 0x2219: case 0x25CF: case 0x25AA:
		r.kind = K_BULLET;
		return r;
	/* Symbols text uses, of those the code pages hold. */
	case 0xA9: case 0xAE: case 0x2122: case 0xB0: case 0xB1: case 0xD7: case 0xF7: case 0xA7:
	case 0xB6: case 0xB5: case 0xB2: case 0xB3: case 0xBC: case 0xBD: case 0xBE: case 0xAA:
	case 0xBA: case 0x2116: case 0x2030: case 0x2032: case 0x2033: case 0xB7: case 0x2026:
		r.kind = c == 0xB7 || c == 0x2026 ? K_PUNCT : K_SYMBOL;
		return r;
	/* Symbols it hardly uses, which the code pages give for continuation bytes. */
	case 0xA4: case 0xA6: case 0xA8: case 0xAF: case 0xB8: case 0xAC: case 0xB4: case 0xB9:
	case 0x02C6: case 0x02DC: case 0x02C7: case 0x02D8: case 0x02DB: case 0x02DD: case 0x02D9:
	case 0x2020: case 0x2021: case 0x25CA: case 0x2310: case 0x2320: case 0x2321: case 0x207F:
	case 0x20A7: case 0x2261: case 0x221A: case 0x2202: case 0x2206: case 0x220F: case 0x2211:
	case 0x222B: case 0x2248: case 0x2260: case 0x2264: case 0x2265: case 0x221E: case 0x2229:
	case 0xF8FF: case 0xFB01: case 0xFB02: case 0x0192: case 0x2044: case 0x2126:
		r.kind = K_ODD;
		return r;
	default:
		break;
	}
	if (c >= 0x2500 && c <= 0x259F) {
		r.kind = K_BOX;
		return r;
	}
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	switch (cat) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
		r.flags = F_UPPER;
		/* fall through */
	case UTF8PROC_CATEGORY_LL:
		if (cat == UTF8PROC_CATEGORY_LL)
			r.flags = F_LOWER;
		/* fall through */
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_LM: {
		r.kind = K_LETTER;
		unsigned sc = script_of(c);
		if (sc == SCRIPT_LATIN || sc == SCRIPT_COMMON)
			r.group = GROUP_LATIN;
		else if ((c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
			 (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x20000)
			r.group = GROUP_CJK;
		else
			r.group = (uint16_t)(16 + sc);
		if (is_rare_latin(c) || cat == UTF8PROC_CATEGORY_LM ||
		    (c >= 0x0370 && c <= 0x0385) || (c >= 0x03CF && c <= 0x03FF) ||
		    (c >= 0x0460 && c <= 0x048F) || (c >= 0x0500 && c <= 0x052F) ||
		    (c >= 0x0700 && c <= 0x08FF))
			r.flags |= F_RARE;
		return r;
	}
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		r.kind = K_MARK;
		return r;
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		r.kind = K_DIGIT;
		return r;
	case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PO:
		r.kind = K_PUNCT;
		return r;
	case UTF8PROC_CATEGORY_PI:
		r.kind = K_OPEN;
		return r;
	case UTF8PROC_CATEGORY_PF:
		r.kind = K_CLOSE;
		return r;
	case UTF8PROC_CATEGORY_SC:
		r.kind = K_CURRENCY;
		return r;
	case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SO:
		r.kind = K_SYMBOL;
		return r;
	case UTF8PROC_CATEGORY_SK:
		r.kind = K_ODD;
		return r;
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
		return r;
	case UTF8PROC_CATEGORY_CF:
		r.kind = K_FORMAT;
		return r;
	default:	/* unassigned, private use, controls, surrogates */
		r.kind = K_CONTROL;
		return r;
	}
}

static struct cinfo classes_direct[DIRECT];

static void build_pair_table(void);

static void build_classes(void)
{
	build_pair_table();
	for (uint32_t c = 0; c < 0x800; c++)
		classes_direct[c] = classify_slow(c);
	for (uint32_t c = PUNCT_BLOCK; c < PUNCT_BLOCK_END; c++)
		classes_direct[direct_index(c)] = classify_slow(c);
}

static struct cinfo classify(uint32_t c)
{
	int d = direct_index(c);
	return d >= 0 ? classes_direct[d] : classify_slow(c);
}

static bool letter(struct cinfo a)
{
	return a.kind == K_LETTER;
}

static bool non_ascii(struct cinfo a)
{
	return !(a.flags & F_ASCII) && a.kind != K_SPACE;
}

/* The cost of a character on its own. */
static int single_cost(struct cinfo a)
{
	switch (a.kind) {
	case K_CONTROL: return 8;
	case K_ODD: return 3;
	case K_BOX: return 1;
	case K_LETTER: return a.flags & F_RARE ? 3 : 0;
	default: return 0;
	}
}

static bool symbolic(struct cinfo a)
{
	return a.kind == K_SYMBOL || a.kind == K_CURRENCY || a.kind == K_ODD || a.kind == K_CONTROL ||
	       a.kind == K_BOX;
}

static bool punctuation(struct cinfo a)
{
	return a.kind == K_PUNCT || a.kind == K_OPEN || a.kind == K_CLOSE || a.kind == K_APOSTROPHE ||
	       a.kind == K_BULLET;
}

/* The cost of b right after a, but for letters of two scripts (pair_cost adds that). */
static int pair_cost_of_kinds(struct cinfo a, struct cinfo b)
{
	if ((a.flags & F_ASCII || a.kind == K_SPACE) && (b.flags & F_ASCII || b.kind == K_SPACE))
		return 0;
	int cost = 0;
	if (letter(a) && letter(b)) {
		/* Case changes inside a word: iPhone is ASCII; cafÃ, ÃœB are not. */
		if ((a.flags & F_LOWER) && (b.flags & F_UPPER))
			cost += b.flags & F_ASCII ? 2 : 4;
	}
	/* A capital with an accent before a character no word goes on with (Ã©, Ã„, Ã‘). */
	if (letter(a) && (a.flags & F_UPPER) && non_ascii(a) && non_ascii(b) && !letter(b) &&
	    b.kind != K_MARK)
		cost += 2;
	if ((letter(a) && (b.kind == K_ODD || b.kind == K_BOX)) ||
	    ((a.kind == K_ODD || a.kind == K_BOX) && letter(b)))
		cost += 3;
	if ((letter(a) && b.kind == K_CURRENCY) || (a.kind == K_CURRENCY && letter(b)))
		cost += 2;
	if ((letter(a) && b.kind == K_SYMBOL) || (a.kind == K_SYMBOL && letter(b)))
		cost += 1;
	if (non_ascii(a) && non_ascii(b) && !(a.kind == K_BOX && b.kind == K_BOX) &&
	    (symbolic(a) || symbolic(b)) && (symbolic(a) || punctuation(a)) &&
	    (symbolic(b) || punctuation(b)))
		cost += 2;
	if ((letter(a) && b.kind == K_OPEN) || (a.kind == K_CLOSE && letter(b)))
		cost += 2;
	if ((letter(a) && b.kind == K_BULLET) || (a.kind == K_BULLET && letter(b)))
		cost += 2;
	/* Text is precomposed: a mark goes on a letter of a script without precomposed forms. */
	if (b.kind == K_MARK && a.kind != K_MARK)
		cost += !letter(a) ? 4 : a.flags & (F_UPPER | F_LOWER) ? 3 : 0;
	return cost;
}

/* pair_cost_of_kinds() depends on a character's kind and case flags only: a table of them. */
enum { KINDS = K_CONTROL + 1, CASES = 8 };
static int8_t pair_table[KINDS * CASES][KINDS * CASES];

static unsigned kind_index(struct cinfo a)
{
	return a.kind * CASES + (a.flags & (F_UPPER | F_LOWER | F_ASCII));
}

static void build_pair_table(void)
{
	for (unsigned i = 0; i < KINDS * CASES; i++)
		for (unsigned j = 0; j < KINDS * CASES; j++) {
			struct cinfo a = { (uint8_t)(i / CASES), (uint8_t)(i % CASES), GROUP_LATIN };
			struct cinfo b = { (uint8_t)(j / CASES), (uint8_t)(j % CASES), GROUP_LATIN };
			pair_table[i][j] = (int8_t)pair_cost_of_kinds(a, b);
		}
}

static int pair_cost(struct cinfo a, struct cinfo b)
{
	return pair_table[kind_index(a)][kind_index(b)] +
	       (letter(a) && letter(b) && a.group != b.group ? 4 : 0);
}

/*
 * The cost of the characters w[2..n-2] between their neighbours (two
 * before, w[0] and w[1], one after, w[n-1]): each on its own, each pair,
 * a letter of a script other than Latin that stands between a letter of
 * another script or a digit and no letter of its own (ף in 2ף5), a small
 * letter that ends a word in capitals (CAFə), punctuation inside a word,
 * and a capital that starts a word before a symbol (Â£, Ã©).
 */
static int window_cost(const uint32_t *w, size_t n)
{
	struct cinfo info[UNIT_CHARS + 3];
	for (size_t k = 0; k < n; k++)
		info[k] = classify(w[k]);
	int cost = 0;
	for (size_t k = 2; k + 1 < n; k++) {
		cost += single_cost(info[k]);
		if (letter(info[k]) && (info[k].flags & F_LOWER) && non_ascii(info[k]) &&
		    letter(info[k - 1]) && (info[k - 1].flags & F_UPPER) && letter(info[k - 2]) &&
		    (info[k - 2].flags & F_UPPER))
			cost += 3;
		if (letter(info[k]) && info[k].group != GROUP_LATIN) {
			struct cinfo p = info[k - 1], q = info[k + 1];
			bool kin = (letter(p) && p.group == info[k].group) ||
				   (letter(q) && q.group == info[k].group);
			bool strange = p.kind == K_DIGIT || q.kind == K_DIGIT || letter(p) || letter(q) ||
				       symbolic(p) || symbolic(q);
			if (!kin && strange)
				cost += 2;
		}
	}
	for (size_t k = 1; k + 1 < n; k++)
		cost += pair_cost(info[k], info[k + 1]);
	/* Punctuation or symbols inside a word of a cased script (á»…n, â€™t; not don’t, l·l, A–Z). */
	for (size_t k = 1; k + 2 < n; k++) {
		if (!letter(info[k]) || !(info[k].flags & (F_UPPER | F_LOWER)))
			continue;
		size_t j = k + 1;
		bool odd = false;
		while (j < n && !letter(info[j]) && info[j].kind != K_SPACE && info[j].kind != K_DIGIT) {
			uint32_t c = w[j];
			odd |= !(c == 0x2019 || c == '\'' || c == '-' || c == 0x2010 || c == 0x2011 ||
				 c == 0xB7 || c == '.' || c == 0x2013 || c == 0x2014 || c == 0xAD);
			j++;
		}
		if (j > k + 1 && j < n && letter(info[j]) && (info[j].flags & (F_UPPER | F_LOWER)) && odd)
			cost += 2;
		k = j - 1;
	}
	if (n >= 5 && info[1].kind == K_SPACE && letter(info[2]) && (info[2].flags & F_UPPER) &&
	    non_ascii(info[2]) && symbolic(info[3]))
		cost += 2;
	return cost;
}

/* ---- runs that re-encode to UTF-8 ------------------------------------------------ */

/*
 * A run of characters that one code page turns back into one character:
 * once (Ã© for é) or twice (ÃƒÂ© for é: each character of Ã© spelled
 * again).
 */
struct unit {
	size_t start, end;	/* bytes of the text */
	uint32_t fixed;		/* the character they were */
	uint32_t chars[UNIT_CHARS];	/* the characters they are */
	unsigned nchars;
	bool weak;		/* a byte was lost: taken only where the text proves the code page */
	bool nbsp_space;	/* a space stands for byte 0xA0 (Ã  for à) */
};

/* How text was damaged: through a code page, once or twice. */
struct decoder {
	int cp;
	bool twice;
};

static uint32_t char_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	if (i >= len) {
		*n = 0;
		return ' ';
	}
	return utf8_decode(s + i, len - i, n);
}

static uint32_t decode_bytes(const unsigned char *b, size_t n)
{
	switch (n) {
	case 2: return ((uint32_t)(b[0] & 0x1F) << 6) | (b[1] & 0x3F);
	case 3: return ((uint32_t)(b[0] & 0x0F) << 12) | ((uint32_t)(b[1] & 0x3F) << 6) | (b[2] & 0x3F);
	default:
		return ((uint32_t)(b[0] & 0x07) << 18) | ((uint32_t)(b[1] & 0x3F) << 12) |
		       ((uint32_t)(b[2] & 0x3F) << 6) | (b[3] & 0x3F);
	}
}

static size_t continuation_bytes(int lead)
{
	return lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
}

/*
 * Is there a unit of code page cp, spelled once, at s[i]?  Fills u.
 * With `strict`, no byte may have been lost.
 */
static bool unit_once(const unsigned char *s, size_t len, size_t i, int cp, bool strict,
		      struct unit *u)
{
	if (s[i] < 0x80)
		return false;
	size_t n;
	uint32_t c = utf8_decode(s + i, len - i, &n);
	int lead = byte_of(cp, c);
	if (lead < 0xC2 || lead > 0xF4)
		return false;
	size_t need = continuation_bytes(lead);
	unsigned char bytes[4] = { (unsigned char)lead };
	u->start = i;
	u->chars[0] = c;
	u->nchars = 1;
	u->weak = u->nbsp_space = false;
	size_t pos = i + n;
	for (size_t k = 1; k <= need; k++) {
		size_t nn;
		uint32_t d = char_at(s, len, pos, &nn);
		int b = nn ? byte_of(cp, d) : -1;
		if (b >= 0x80 && b <= 0xBF) {
			bytes[k] = (unsigned char)b;
			u->chars[u->nchars++] = d;
			pos += nn;
			continue;
		}
		if (strict)
			return false;
		/* A no-break space (byte 0xA0) that became a space: à, Š, Π, Р, or itself. */
		if (k == 1 && need == 1 && d == ' ') {
			bytes[1] = 0xA0;
			u->chars[u->nchars++] = d;
			pos += nn;
			u->weak = true;
			u->nbsp_space = true;
			continue;
		}
		/* Windows-1252 has no character for 0x9D, so ” (E2 80 9D) lost its last byte. */
		if (k == 2 && lead == 0xE2 && bytes[1] == 0x80 &&
		    (cp == CP_WINDOWS_1252 || cp == CP_WINDOWS_1250)) {
			if (d == 0xFFFD) {
				u->chars[u->nchars++] = d;
				pos += nn;
			}
			u->end = pos;
			u->fixed = 0x201D;
			u->weak = true;
			return true;
		}
		return false;
	}
	if (utf8_seq_len(bytes, need + 1) != need + 1)
		return false;
	u->end = pos;
	u->fixed = decode_bytes(bytes, need + 1);
	return true;
}

/* ---- the quick check -------------------------------------------------------- */

/*
 * Is the pair of characters around a boundary at s[i] | s[i + 1] (a
 * non-ASCII character ending at i, another starting at i + 1) a lead
 * image before a continuation image in some code page, or is s[i] the
 * start of a C1 control?  Returns where the first character starts, or
 * SIZE_MAX.
 */
static size_t suspect_pair(const unsigned char *s, size_t len, size_t i)
{
	if (s[i] == 0xC2 && s[i + 1] >= 0x80 && s[i + 1] < 0xA0)
		return i;
	size_t start = i;
	while (start > 0 && i - start < 3 && (s[start] & 0xC0) == 0x80)
		start--;
	size_t n, nn;
	uint32_t a = utf8_decode(s + start, len - start, &n);
	if (start + n != i + 1)
		return SIZE_MAX;
	struct masks ma = masks_of(a);
	if (!ma.lead)
		return SIZE_MAX;
	uint32_t b = utf8_decode(s + i + 1, len - i - 1, &nn);
	unsigned both = ma.lead & masks_of(b).cont;
	/* A lead of three or four bytes needs its other continuations too (not café’s). */
	for (int cp = 0; both; cp++, both >>= 1) {
		struct unit u;
		if ((both & 1) && unit_once(s, len, start, cp, true, &u))
			return start;
	}
	return SIZE_MAX;
}

/* Boundaries worth suspect_pair(): a continuation byte before a lead byte, or C2 before 80-9F. */
static inline bool boundary(unsigned char a, unsigned char b)
{
	return ((a & 0xC0) == 0x80 && b >= 0xC0) || (a == 0xC2 && b >= 0x80 && b < 0xA0);
}

/* The first suspect boundary at a position in [i, to), or SIZE_MAX. */
static size_t suspect_scalar(const unsigned char *s, size_t len, size_t i, size_t to)
{
	for (; i < to && i + 1 < len; i++) {
		if (s[i] < 0x80) {
			i = utf8_skip_ascii(s, i, to);
			if (i >= to || i + 1 >= len)
				break;
		}
		if (boundary(s[i], s[i + 1])) {
			size_t at = suspect_pair(s, len, i);
			if (at != SIZE_MAX)
				return at;
		}
	}
	return SIZE_MAX;
}

#if defined(__x86_64__)
#include <immintrin.h>
/*
 * 64 bytes at a time.  Two characters beyond ASCII side by side are a
 * run of at least four bytes with the high bit set, and a C1 control
 * starts with C2: chunks with neither (most, even of accented text) cost
 * two loads and a few bit operations; the rest are looked at byte by byte.
 */
__attribute__((target("avx2"))) static size_t suspect_avx2(const unsigned char *s, size_t len,
							    size_t from, size_t to)
{
	const __m256i c2 = _mm256_set1_epi8((char)0xC2);
	uint64_t before = 0;	/* the previous chunk's high bits */
	size_t i = from;
	for (; i + 64 <= to; i += 64) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		__m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 32));
		uint64_t high = (uint32_t)_mm256_movemask_epi8(x) |
				(uint64_t)(uint32_t)_mm256_movemask_epi8(y) << 32;
		if (!high) {
			before = 0;
			continue;
		}
		uint64_t runs = high & (high << 1 | before >> 63) & (high << 2 | before >> 62) &
				(high << 3 | before >> 61);
		uint64_t lead_c2 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, c2)) |
				   (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(y, c2)) << 32;
		before = high;
		if (runs | lead_c2) {
			size_t at = suspect_scalar(s, len, i > from + 3 ? i - 3 : from, i + 64);
			if (at != SIZE_MAX)
				return at;
		}
	}
	return suspect_scalar(s, len, i > from + 3 ? i - 3 : from, to);
}
#endif

size_t mojibake_suspect_in(const unsigned char *s, size_t len, size_t from, size_t to)
{
	tables();
#if defined(__x86_64__)
	if (to - from >= 128 && cpu_has_avx2())
		return suspect_avx2(s, len, from, to);
#endif
	return suspect_scalar(s, len, from, to);
}

size_t mojibake_suspect_at(const char *text, size_t len)
{
	size_t at = mojibake_suspect_in((const unsigned char *)text, len, 0, len);
	return at == SIZE_MAX ? len : at;
}

bool mojibake_suspect(const char *text, size_t len)
{
	return mojibake_suspect_at(text, len) < len;
}

/* Is there a unit of decoder d at s[i]?  Fills u. */
static bool unit_at(const unsigned char *s, size_t len, size_t i, struct decoder d, struct unit *u)
{
	if (!d.twice)
		return unit_once(s, len, i, d.cp, false, u);
	/* Twice: units spelled once, whose characters' bytes spell one character. */
	struct unit part;
	if (!unit_once(s, len, i, d.cp, true, &part))
		return false;
	int lead = byte_of(d.cp, part.fixed);
	if (lead < 0xC2 || lead > 0xF4)
		return false;
	size_t need = continuation_bytes(lead);
	unsigned char bytes[4] = { (unsigned char)lead };
	*u = part;
	for (size_t k = 1; k <= need; k++) {
		if (u->end >= len || !unit_once(s, len, u->end, d.cp, true, &part))
			return false;
		int b = byte_of(d.cp, part.fixed);
		if (b < 0x80 || b > 0xBF)
			return false;
		bytes[k] = (unsigned char)b;
		memcpy(u->chars + u->nchars, part.chars, part.nchars * sizeof *part.chars);
		u->nchars += part.nchars;
		u->end = part.end;
	}
	if (utf8_seq_len(bytes, need + 1) != need + 1)
		return false;
	u->fixed = decode_bytes(bytes, need + 1);
	return true;
}

/*
 * The gain of undoing u: the cost of its characters between their
 * neighbours now, less the cost of the character they were between
 * their neighbours after repair (prev_fixed, and next_fixed: the next
 * unit's character when one follows).
 */
static int unit_gain(const struct unit *u, uint32_t prev2, uint32_t prev2_fixed, uint32_t prev,
		     uint32_t prev_fixed, uint32_t next, uint32_t next_fixed)
{
	uint32_t before[UNIT_CHARS + 3];
	size_t n = 0;
	before[n++] = prev2;
	before[n++] = prev;
	for (unsigned k = 0; k < u->nchars; k++)
		before[n++] = u->chars[k];
	before[n++] = next;
	uint32_t after[4] = { prev2_fixed, prev_fixed, u->fixed, next_fixed };
	/* All else equal, fewer characters: real text does not spell one character with three. */
	return window_cost(before, n) - window_cost(after, 4) + (int)u->nchars - 1;
}

/*
 * Walks the units of a decoder in the text, left to right, with the gain
 * of each; walker_passed() says which are undone, so the next unit's
 * neighbour is what the repair leaves.
 */
struct walker {
	const unsigned char *s;
	size_t len;
	struct decoder d;
	size_t pos;
	uint32_t prev, prev_fixed;	/* the character before pos, as it is and as repaired */
	uint32_t prev2, prev2_fixed;	/* and the one before that */
	struct unit next;		/* a unit found ahead, when has_next */
	bool has_next;
};

static void walker_init(struct walker *w, const char *text, size_t len, struct decoder d)
{
	w->s = (const unsigned char *)text;
	w->len = len;
	w->d = d;
	w->pos = 0;
	w->prev = w->prev_fixed = w->prev2 = w->prev2_fixed = ' ';
	w->has_next = false;
}

/* The next unit from w->pos, or false.  Characters passed become the neighbours. */
static bool walker_next(struct walker *w, struct unit *u, int *gain)
{
	const unsigned char *s = w->s;
	size_t len = w->len;
	if (w->has_next) {
		*u = w->next;
		w->has_next = false;
	} else {
		for (;;) {
			if (w->pos >= len)
				return false;
			if (s[w->pos] < 0x80) {
				size_t skip = utf8_skip_ascii(s, w->pos, len);
				if (skip - w->pos >= 2) {
					w->prev2 = w->prev2_fixed = s[skip - 2];
				} else {
					w->prev2 = w->prev;
					w->prev2_fixed = w->prev_fixed;
				}
				w->prev = w->prev_fixed = s[skip - 1];
				w->pos = skip;
				continue;
			}
			if (unit_at(s, len, w->pos, w->d, u))
				break;
			size_t n;
			uint32_t c = utf8_decode(s + w->pos, len - w->pos, &n);
			w->prev2 = w->prev;
			w->prev2_fixed = w->prev_fixed;
			w->prev = w->prev_fixed = c;
			w->pos += n;
		}
	}
	size_t nn;
	uint32_t next = char_at(s, len, u->end, &nn);
	uint32_t next_fixed = next;
	if (nn && unit_at(s, len, u->end, w->d, &w->next)) {
		w->has_next = true;
		next_fixed = w->next.fixed;
	}
	*gain = unit_gain(u, w->prev2, w->prev2_fixed, w->prev, w->prev_fixed, next, next_fixed);
	return true;
}

/* After a unit: whether it was undone decides its neighbour for the next. */
static void walker_passed(struct walker *w, const struct unit *u, bool undone)
{
	w->prev2 = u->nchars >= 2 ? u->chars[u->nchars - 2] : w->prev;
	w->prev2_fixed = undone ? w->prev_fixed : w->prev2;
	w->prev = u->chars[u->nchars - 1];
	w->prev_fixed = undone ? u->fixed : w->prev;
	w->pos = u->end;
}

/*
 * A decoder is taken for the text when one of its units gains this much,
 * or its units gain this much together; then its units are undone unless
 * they lose more than UNDO_LOSS.
 */
enum { STRONG_GAIN = 4, TOTAL_GAIN = 6, UNDO_LOSS = 2 };

static bool undone(const struct unit *u, int gain)
{
	return gain >= -UNDO_LOSS && (!u->weak || gain >= 0);
}

/* Vietnamese writes à inside words (Thành): there a space that stood for 0xA0 goes too. */
static bool vietnamese(uint32_t c)
{
	return (c >= 0x1EA0 && c <= 0x1EF9) || c == 0x01A1 || c == 0x01B0 || c == 0x01A0 || c == 0x01AF;
}

struct verdict {
	int evidence;		/* the units' gains, if the decoder is taken; 0 if not */
	bool twice;		/* two units side by side spell a lead and a continuation byte */
	bool consume_spaces;	/* a space after Ã stands for 0xA0 (Vietnamese) */
	bool redo;		/* judge()'s text is not the layer's: walk again */
};

static void add_char(struct buf *out, uint32_t c)
{
	unsigned char b[4];
	size_t n = (size_t)utf8proc_encode_char((utf8proc_int32_t)c, b);
	buf_add(out, b, n);
}

/*
 * Writes unit u, undone, to out (text[*copied, u.start) before it).  The
 * space that stood for 0xA0: where white space was squeezed, it also
 * ended a word (voilÃ tout), unless the character is a capital (Ð Ðµ for
 * Ре) or the language writes à inside words; where it was not, another
 * follows.
 */
static void write_unit(struct buf *out, const char *text, size_t len, size_t *copied,
		       const struct unit *u, bool consume_spaces)
{
	buf_add(out, text + *copied, u->start - *copied);
	add_char(out, u->fixed);
	*copied = u->end;
	if (u->nbsp_space && !consume_spaces && !(u->end < len && text[u->end] == ' ') &&
	    utf8proc_category((utf8proc_int32_t)u->fixed) == UTF8PROC_CATEGORY_LL)
		buf_addc(out, ' ');
}

/*
 * The evidence for decoder d in the text; with `out`, also the text with
 * its units undone as they would be if no other decoder competed (which
 * spares the layer a second walk), unless v.redo.
 */
static struct verdict judge(const char *text, size_t len, struct decoder d, struct buf *out)
{
	struct walker w;
	walker_init(&w, text, len, d);
	struct unit u;
	int gain, total = 0, best = 0, taken = 0;
	struct verdict v = { 0, false, false, false };
	size_t lead_end = SIZE_MAX;	/* the end of the last unit that gave a lead image */
	size_t copied = 0;
	if (out)
		buf_reset(out);
	while (walker_next(&w, &u, &gain)) {
		if (!v.twice && !d.twice) {
			v.twice = lead_end == u.start && (masks_of(u.fixed).cont >> d.cp & 1);
			lead_end = masks_of(u.fixed).lead >> d.cp & 1 ? u.end : SIZE_MAX;
		}
		bool undo = undone(&u, gain);
		if (!u.weak && gain > 0) {
			total += gain;
			if (gain > best)
				best = gain;
		}
		taken += undo;
		v.consume_spaces |= undo && vietnamese(u.fixed);
		if (undo && out) {
			/* How an à's space goes is known only at the end: such texts are walked again. */
			v.redo |= u.nbsp_space;
			write_unit(out, text, len, &copied, &u, false);
		}
		walker_passed(&w, &u, undo);
	}
	if (out)
		buf_add(out, text + copied, len - copied);
	/* Ties go to the decoder that explains more of the text (cp1250 beside cp1252). */
	if (best >= STRONG_GAIN || total >= TOTAL_GAIN)
		v.evidence = total * 64 + (taken < 63 ? taken : 63);
	return v;
}

/* The code pages that have a lead image right before a continuation image in the text. */
static unsigned pair_codepages(const unsigned char *s, size_t len)
{
	unsigned pages = 0;
	for (size_t i = utf8_skip_ascii(s, 0, len); i < len;) {
		size_t n;
		uint32_t a = utf8_decode(s + i, len - i, &n);
		size_t j = i + n;
		if (j < len && s[j] >= 0x80) {
			size_t nn;
			struct masks ma = masks_of(a);
			if (ma.lead)
				pages |= ma.lead & masks_of(utf8_decode(s + j, len - j, &nn)).cont;
			i = j;
		} else {
			i = utf8_skip_ascii(s, j, len);
		}
	}
	return pages;
}

/* The decoders a text is judged for, once then twice: bit k of a set is decoders[k]. */
enum { DECODERS = 2 * CODEPAGE_COUNT };

static struct decoder decoder_of(int k)
{
	struct decoder d = { k % CODEPAGE_COUNT, k >= CODEPAGE_COUNT };
	return d;
}

/*
 * The decoder whose damage the text shows most, false if none; *taken is
 * the set of all decoders the text shows.  Each is judged into the
 * buffer `pool[spare]`; the best one's text ends in `pool[*best_buf]`.
 */
static bool best_decoder(const char *text, size_t len, struct decoder *best, struct verdict *bv,
			 unsigned *taken, struct buf *pool, int spare, int other, int *best_buf)
{
	int most = 0;
	*taken = 0;
	*best_buf = -1;
	/* Only code pages with a lead image beside a continuation image; twice only where once shows it. */
	unsigned pages = pair_codepages((const unsigned char *)text, len), once = 0;
	for (int k = 0; k < DECODERS; k++) {
		struct decoder d = decoder_of(k);
		if (!(pages >> d.cp & 1) || (d.twice && !(once >> d.cp & 1)))
			continue;
		struct verdict v = judge(text, len, d, pool ? &pool[spare] : NULL);
		if (!d.twice && v.twice)
			once |= 1u << d.cp;
		if (v.evidence > 0)
			*taken |= 1u << k;
		if (v.evidence > most) {
			most = v.evidence;
			*best = decoder_of(k);
			*bv = v;
			/* This one's text is kept; the next is judged into the other buffer. */
			*best_buf = spare;
			int t = spare;
			spare = other;
			other = t;
		}
	}
	return most > 0;
}

/*
 * Is u, of the walker's decoder, undone in this layer?  Not if it loses
 * too much, nor if another decoder the text shows reads the characters
 * there better (Ã© is é through Windows-1252 and a combining mark
 * through MacRoman): that one's layer undoes them.
 */
static bool take_unit(const struct walker *w, const struct unit *u, int gain, unsigned taken)
{
	if (!undone(u, gain))
		return false;
	for (int k = 0; k < DECODERS; k++) {
		struct decoder d = decoder_of(k);
		struct unit r;
		if (!(taken >> k & 1) || (d.cp == w->d.cp && d.twice == w->d.twice) ||
		    !unit_at(w->s, w->len, u->start, d, &r))
			continue;
		size_t n;
		uint32_t next = char_at(w->s, w->len, r.end, &n);
		if (unit_gain(&r, w->prev2, w->prev2_fixed, w->prev, w->prev_fixed, next, next) > gain)
			return false;
	}
	return true;
}

/* Undoes a decoder's units into out; returns how many were undone. */
static size_t undo_layer(const char *text, size_t len, struct decoder d, struct verdict v,
			 unsigned taken, struct buf *out)
{
	struct walker w;
	walker_init(&w, text, len, d);
	struct unit u;
	int gain;
	size_t copied = 0, count = 0;
	while (walker_next(&w, &u, &gain)) {
		bool undo = take_unit(&w, &u, gain, taken);
		if (undo) {
			write_unit(out, text, len, &copied, &u, v.consume_spaces);
			count++;
		}
		walker_passed(&w, &u, undo);
	}
	buf_add(out, text + copied, len - copied);
	return count;
}

/* C1 controls left over: Windows-1252 text read as Latin-1. */
static bool undo_c1(const char *text, size_t len, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)text;
	bool any = false;
	size_t copied = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] != 0xC2 || s[i + 1] < 0x80 || s[i + 1] > 0x9F)
			continue;
		uint32_t c = codepage_high[CP_WINDOWS_1252][s[i + 1] - 0x80];
		if (!c)
			continue;
		if (!any)
			buf_reset(out);
		any = true;
		buf_add(out, text + copied, i - copied);
		add_char(out, c);
		copied = i + 2;
		i++;
	}
	if (any)
		buf_add(out, text + copied, len - copied);
	return any;
}

/*
 * Each layer undoes one decoder's damage: a second layer of the same
 * code page, or records of several code pages in one text.  Every unit
 * undone shortens the text, so this always ends; the bound is for texts
 * built to make it work hard.
 */
enum { MAX_LAYERS = 2 * CODEPAGE_COUNT + 2 };

/*
 * A text is judged a stretch at a time: a line, a TSV field or a
 * paragraph of one (the TSV escape \n ends one too).  Damage in one part
 * of a page or a record proves nothing about another: the clean title
 * beside a damaged body keeps its NESTLÉ®.
 */
static size_t stretch_end(const unsigned char *s, size_t i, size_t len)
{
	for (; i < len; i++)
		if (s[i] == '\n' || s[i] == '\t' || (s[i] == '\\' && i + 1 < len && s[i + 1] == 'n'))
			return i;
	return len;
}

/*
 * The layers of damage of one stretch undone: the buffer of m->pool that
 * holds the text, or NULL if nothing changed.
 */
static const struct buf *repair_stretch(struct mojibake *m, const char *text, size_t len)
{
	const char *cur = text;
	size_t cur_len = len;
	int at = -1;		/* the buffer that holds cur, -1 for the text itself */
	for (int layer = 0; layer < MAX_LAYERS; layer++) {
		struct decoder d;
		struct verdict v;
		unsigned taken;
		int spare = at == 0 ? 1 : 0, other = at == 2 ? 1 : 2, best;
		if ((layer && !mojibake_suspect(cur, cur_len)) ||
		    !best_decoder(cur, cur_len, &d, &v, &taken, m->pool, spare, other, &best))
			break;
		int k = d.twice * CODEPAGE_COUNT + d.cp;
		if (taken != 1u << k || v.redo) {
			/* Other decoders compete for some characters, or an à's space was undecided. */
			best = best == spare ? other : spare;
			buf_reset(&m->pool[best]);
			if (!undo_layer(cur, cur_len, d, v, taken, &m->pool[best]))
				break;
		}
		at = best;
		cur = m->pool[at].data;
		cur_len = m->pool[at].len;
	}
	int dst = at == 0 ? 1 : 0;
	buf_reset(&m->pool[dst]);
	if (undo_c1(cur, cur_len, &m->pool[dst]))
		at = dst;
	return at >= 0 ? &m->pool[at] : NULL;
}

bool mojibake_repair(struct mojibake *m, const char *text, size_t len, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t at = mojibake_suspect_at(text, len), copied = 0;
	bool changed = false;
	while (at < len) {
		size_t start = at;
		while (start > 0 && s[start - 1] != '\n' && s[start - 1] != '\t' &&
		       !(s[start - 1] == 'n' && start >= 2 && s[start - 2] == '\\'))
			start--;
		size_t end = stretch_end(s, at, len);
		const struct buf *fixed = repair_stretch(m, text + start, end - start);
		if (fixed) {
			if (!changed)
				buf_reset(out);
			changed = true;
			buf_add(out, text + copied, start - copied);
			buf_add(out, fixed->data, fixed->len);
			copied = end;
		}
		at = end < len ? end + mojibake_suspect_at(text + end, len - end) : len;
	}
	if (changed)
		buf_add(out, text + copied, len - copied);
	return changed;
}

/* Emits the C1 controls and replacement characters in text[from, to). */
static void find_lost(const unsigned char *s, size_t from, size_t to,
		      void (*emit)(size_t start, size_t end, void *ctx), void *ctx)
{
	for (size_t i = from; i + 1 < to; i++) {
		i = utf8_skip_ascii(s, i, to);
		if (i + 1 >= to)
			break;
		if (s[i] == 0xC2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) {
			emit(i, i + 2, ctx);
			i++;
		} else if (s[i] == 0xEF && i + 2 < to && s[i + 1] == 0xBF && s[i + 2] == 0xBD) {
			emit(i, i + 3, ctx);
			i += 2;
		}
	}
}

void mojibake_find(const char *text, size_t len, void (*emit)(size_t start, size_t end, void *ctx),
		   void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t from = 0, at = mojibake_suspect_at(text, len);
	while (at < len) {
		size_t start = at;
		while (start > 0 && s[start - 1] != '\n' && s[start - 1] != '\t' &&
		       !(s[start - 1] == 'n' && start >= 2 && s[start - 2] == '\\'))
			start--;
		size_t end = stretch_end(s, at, len);
		struct decoder d;
		struct verdict v;
		unsigned taken;
		int best;
		if (best_decoder(text + start, end - start, &d, &v, &taken, NULL, 0, 0, &best)) {
			struct walker w;
			struct unit u;
			int gain;
			walker_init(&w, text + start, end - start, d);
			while (walker_next(&w, &u, &gain)) {
				bool undo = take_unit(&w, &u, gain, taken);
				if (undo) {
					find_lost(s, from, start + u.start, emit, ctx);
					emit(start + u.start, start + u.end, ctx);
					from = start + u.end;
				}
				walker_passed(&w, &u, undo);
			}
		}
		at = end < len ? end + mojibake_suspect_at(text + end, len - end) : len;
	}
	find_lost(s, from, len, emit, ctx);
}

void mojibake_release(struct mojibake *m)
{
	for (int k = 0; k < 3; k++)
		buf_release(&m->pool[k]);
}
