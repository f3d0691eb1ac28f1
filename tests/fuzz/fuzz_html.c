/*
 * libFuzzer target: --html (common/html, common/charset).  On any bytes,
 * as a page of unknown charset and as UTF-8 text, in both modes, the text
 * must be valid UTF-8 without a NUL byte, with no white space at either
 * end and no more than one blank line between blocks, and nothing may
 * crash, leak or take long (depth and size are bounded by the skim).
 * The first byte, when it is a digit, picks a transport charset.
 */
#include "../../common/html.h"
#include "../../common/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(const struct buf *b)
{
	if (!b->len)
		return;
	if (!utf8_valid(b->data, b->len) || memchr(b->data, '\0', b->len))
		abort();
	char first = b->data[0], last = b->data[b->len - 1];
	if (first == ' ' || first == '\n' || last == ' ' || last == '\n')
		abort();
	if (memmem(b->data, b->len, "\n\n\n", 3))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct html *h;
	static struct buf out = BUF_INIT;
	static const char *const types[] = {
		"text/html; charset=windows-1251", "text/html; charset=\"shift_jis\"", "koi8-r",
		"text/html; charset=utf-16", "text/html; charset=iso-2022-jp", "text/html; charset=gb18030",
		"text/html; charset=nonsense", "text/html", "utf-8", "text/html; charset=big5",
	};
	if (!h)
		h = html_new();
	const char *type = NULL;
	if (size && data[0] >= '0' && data[0] <= '9')
		type = types[data[0] - '0'];
	const char *page = (const char *)data;
	enum html_mode modes[] = { HTML_TEXT, HTML_MAIN };
	for (size_t m = 0; m < 2; m++) {
		html_to_text(h, modes[m], page, size, type, &out);
		check(&out);
		html_to_text(h, modes[m], page, size, "text/html; charset=utf-8", &out);
		check(&out);
	}
	return 0;
}
