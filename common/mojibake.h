/*
 * mojibake: text that was UTF-8 but was decoded with a single-byte code
 * page (common/codepages.h: Windows-1252 and Latin-1, Windows-1250,
 * Windows-1251, MacRoman, code page 437), found and undone,
 * also when it was done twice (cafÃƒÂ©), and C1 controls (Windows-1252
 * read as Latin-1).
 *
 * A UTF-8 character of two to four bytes turns, through a code page, into
 * as many characters: the image of its lead byte followed by images of
 * continuation bytes (é: C3 A9, Ã©).  Such a run, encoded back in that
 * code page, is valid UTF-8 again; but so, by chance, are some runs of
 * legitimate text (É… is C9 85, the letter Ʌ).  So a run is undone only
 * when the text gets better: each run is weighed by a badness measure
 * over the classes of neighbouring characters (a lower-case letter before
 * a capital inside a word, a symbol between letters, letters of two
 * scripts side by side, characters real text rarely holds), before and
 * after, and a code page is taken for the text only when some run of it
 * clearly improves (or several do a little).  Then its runs are undone
 * unless that makes them worse, and the text is looked at again for a
 * second layer.  Two damages whose bytes were lost are undone where the
 * rest of the text proves the code page: a no-break space turned into a
 * space (Ã followed by a space for à) and the undefined third byte of
 * Windows-1252's ” (â€ followed by anything else).
 *
 * Text is UTF-8; invalid bytes (--invalid=keep) are left as they are.
 * Nothing here allocates but the output buffer and one scratch buffer a
 * struct mojibake owns; the code page tables are built once, on first
 * use, and shared by every thread.
 */
#ifndef RILL_MOJIBAKE_H
#define RILL_MOJIBAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * Could the text hold mojibake at all: a C1 control, or a character some
 * code page gives for a UTF-8 lead byte right before one it gives for a
 * continuation byte?  Fast (ASCII is skipped 16 bytes at a time); false
 * for nearly all clean text, so callers use it to skip the real check.
 */
bool mojibake_suspect(const char *text, size_t len);

/*
 * The first suspect place in [from, to) of s[0, len), or SIZE_MAX: the
 * check utf8_valid_prefix_watch() calls, so a reader finds suspects in
 * the pass that validates its block.
 */
size_t mojibake_suspect_in(const unsigned char *s, size_t len, size_t from, size_t to);

/* The first position from which a suspect pair or C1 control starts, or len. */
size_t mojibake_suspect_at(const char *text, size_t len);

/*
 * Calls emit(start, end, ctx) for each damaged span of the text, in
 * order: the characters the repair would change in its first layer, C1
 * controls, and U+FFFD (a character lost before the text came here).
 */
void mojibake_find(const char *text, size_t len, void (*emit)(size_t start, size_t end, void *ctx),
		   void *ctx);

/* Scratch for repairs, reused from record to record. */
struct mojibake {
	struct buf pool[3];	/* the text of a layer, and the next one judged two ways */
};

#define MOJIBAKE_INIT { { BUF_INIT, BUF_INIT, BUF_INIT } }

/*
 * Repairs the text into `out` (reset first) and returns true, or returns
 * false, leaving `out` alone, when there is nothing to repair.
 */
bool mojibake_repair(struct mojibake *m, const char *text, size_t len, struct buf *out);

void mojibake_release(struct mojibake *m);

#endif
