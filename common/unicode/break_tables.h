/*
 * break_tables: Unicode properties utf8proc lacks: the UAX #29 Word_Break
 * and Sentence_Break properties, Extended_Pictographic, and the
 * normalization quick checks, Changes_When_Casefolded and the characters
 * keys fold (spaces, default ignorables) that let key normalization skip
 * text that would not change, and the Script property.  The data are generated
 * by tools/gen-break-tables.py (`make tables`) into break_tables.c.
 */
#ifndef RILL_BREAK_TABLES_H
#define RILL_BREAK_TABLES_H

#include <stdint.h>

enum word_break {
	WB_OTHER, WB_CR, WB_LF, WB_NEWLINE, WB_EXTEND, WB_ZWJ, WB_REGIONAL_INDICATOR, WB_FORMAT,
	WB_KATAKANA, WB_HEBREW_LETTER, WB_ALETTER, WB_SINGLE_QUOTE, WB_DOUBLE_QUOTE,
	WB_MIDNUMLET, WB_MIDLETTER, WB_MIDNUM, WB_NUMERIC, WB_EXTENDNUMLET, WB_WSEGSPACE,
};

enum sentence_break {
	SB_OTHER, SB_CR, SB_LF, SB_EXTEND, SB_SEP, SB_FORMAT, SB_SP, SB_LOWER, SB_UPPER,
	SB_OLETTER, SB_NUMERIC, SB_ATERM, SB_SCONTINUE, SB_STERM, SB_CLOSE,
};

#define BREAK_BLOCK_SHIFT 7
#define BREAK_EXT_PICT 0x20
#define PROP_NFC_MAYBE_CHANGES 0x1000	/* NFC_Quick_Check is No or Maybe */
#define PROP_NFKC_MAYBE_CHANGES 0x2000	/* NFKC_Quick_Check is No or Maybe */
#define PROP_CHANGES_WHEN_CASEFOLDED 0x4000
#define PROP_COMBINING 0x40		/* canonical combining class is not 0 */
/* A space separator (Zs) other than U+0020, or a Default_Ignorable_Code_Point: keys fold it. */
#define PROP_KEY_FOLDS 0x8000

extern const char break_tables_unicode_version[];
extern const uint16_t break_stage1[];
extern const uint16_t break_stage2[];

static inline uint16_t break_props(uint32_t cp)
{
	if (cp >= 0x110000)
		return 0;
	return break_stage2[((uint32_t)break_stage1[cp >> BREAK_BLOCK_SHIFT] << BREAK_BLOCK_SHIFT) |
			    (cp & ((1u << BREAK_BLOCK_SHIFT) - 1))];
}

/* Script property: an index into script_names ("Unknown", "Common", "Latin", ...). */
enum { SCRIPT_UNKNOWN, SCRIPT_COMMON, SCRIPT_LATIN };	/* checked by the generator */
extern const char *const script_names[];
extern const unsigned script_count;
extern const uint16_t script_stage1[];
extern const uint8_t script_stage2[];

static inline unsigned script_of(uint32_t cp)
{
	if (cp >= 0x110000)
		return SCRIPT_UNKNOWN;
	return script_stage2[((uint32_t)script_stage1[cp >> BREAK_BLOCK_SHIFT] << BREAK_BLOCK_SHIFT) |
			     (cp & ((1u << BREAK_BLOCK_SHIFT) - 1))];
}

static inline enum word_break word_break_of(uint16_t props)
{
	return (enum word_break)(props & 0x1F);
}

static inline enum sentence_break sentence_break_of(uint16_t props)
{
	return (enum sentence_break)((props >> 8) & 0x0F);
}

#endif
