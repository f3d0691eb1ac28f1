/*
 * codepages: the single-byte code pages that UTF-8 text is most often
 * misread as, and their upper halves (bytes 0x80-0xFF) as Unicode.
 *
 * The tables are not typed by hand: tools/gen-codepages.c asks the
 * system's iconv (glibc) at build time and writes codepages.c into the
 * build directory.  A byte a code page leaves undefined is 0 there.
 * Latin-1 is not a table of its own: it differs from Windows-1252 only in
 * 0x80-0x9F, which it reads as the C1 controls, and common/mojibake takes
 * those as the same bytes (as browsers read Windows-1252 too).  ISO-8859-2
 * is left out on purpose: where it differs from Windows-1250 the two give
 * different letters for the same damage (Ăž: Þ or þ, Ăą: ù or ñ), and
 * Windows-1250 is by far the more common; the letters they share come
 * back through Windows-1250.
 */
#ifndef RILL_CODEPAGES_H
#define RILL_CODEPAGES_H

#include <stdint.h>

/* X(id, name used in messages and tests, iconv name) */
#define CODEPAGE_LIST(X) \
	X(CP_WINDOWS_1252, "windows-1252", "CP1252") \
	X(CP_WINDOWS_1250, "windows-1250", "CP1250") \
	X(CP_WINDOWS_1251, "windows-1251", "CP1251") \
	X(CP_MACROMAN, "macroman", "MACINTOSH") \
	X(CP_437, "cp437", "IBM437")

#define CODEPAGE_ENUM(id, name, iconv_name) id,
enum codepage { CODEPAGE_LIST(CODEPAGE_ENUM) CODEPAGE_COUNT };
#undef CODEPAGE_ENUM

extern const char *const codepage_names[CODEPAGE_COUNT];
/* codepage_high[cp][b - 0x80]: the character byte b stands for, 0 if none. */
extern const uint16_t codepage_high[CODEPAGE_COUNT][128];

#endif
