/*
 * icu-split: the comparison for rill-split in `make bench`.  Reads lines,
 * cuts each with ICU's BreakIterator (what a C programmer would use) into
 * sentences or words and writes one unit per line, trimmed, words only if
 * they hold a letter or digit, like rill-split.  Built only when ICU's
 * development files are installed (libicu-dev); not part of rill.
 *
 *   icu-split sentences|words < lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

static void write_unit(const UChar *u, int32_t a, int32_t b, int words, char *out, int32_t cap)
{
	while (a < b && u_isWhitespace(u[a]))
		a++;
	while (b > a && u_isWhitespace(u[b - 1]))
		b--;
	if (a == b)
		return;
	if (words) {
		int alnum = 0;
		for (int32_t i = a; i < b && !alnum;) {
			UChar32 c;
			U16_NEXT(u, i, b, c);
			alnum = u_isalnum(c);
		}
		if (!alnum)
			return;
	}
	int32_t n;
	UErrorCode err = U_ZERO_ERROR;
	u_strToUTF8(out, cap, &n, u + a, b - a, &err);
	if (U_SUCCESS(err)) {
		fwrite(out, 1, (size_t)n, stdout);
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	int words = argc > 1 && strcmp(argv[1], "words") == 0;
	UErrorCode err = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(words ? UBRK_WORD : UBRK_SENTENCE, "en_US", NULL, 0, &err);
	if (U_FAILURE(err)) {
		fprintf(stderr, "icu-split: %s\n", u_errorName(err));
		return 1;
	}
	char *line = NULL, *out = NULL;
	size_t cap = 0;
	UChar *u = NULL;
	int32_t ucap = 0, ocap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (ucap < len + 1) {
			ucap = (int32_t)len + 1;
			u = realloc(u, (size_t)ucap * sizeof *u);
			ocap = ucap * 4;
			out = realloc(out, (size_t)ocap);
		}
		int32_t ulen;
		err = U_ZERO_ERROR;
		u_strFromUTF8(u, ucap, &ulen, line, (int32_t)len, &err);
		if (U_FAILURE(err))
			continue;
		err = U_ZERO_ERROR;
		ubrk_setText(bi, u, ulen, &err);
		int32_t a = ubrk_first(bi), b;
		while ((b = ubrk_next(bi)) != UBRK_DONE) {
			write_unit(u, a, b, words, out, ocap);
			a = b;
		}
	}
	ubrk_close(bi);
	free(line);
	free(u);
	free(out);
	return fflush(stdout) != 0;
}
