/*
 * libFuzzer target: --html (common/html, common/charset).  On any bytes,
 * as a page of unknown charset and as UTF-8 text, in both modes, the text
 * must be valid UTF-8 without a NUL byte, with no white space at either
 * end (but the indentation of a <pre> line it starts with) and no more
 * than one blank line between blocks, and nothing may
 * crash, leak or take long (depth and size are bounded by the skim).
 * The first byte, when it is a digit, picks a transport charset.
 */
#include "../../common/html.h"
#include "../../common/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Does the page hold a preformatted element, whose first line may begin
 * with its indentation?  Read past NUL bytes (UTF-16) and case.
 */
static bool has_pre(const uint8_t *data, size_t size)
{
	static const char *const tags[] = { "<pre", "<xmp", "<listing", "<plaintext" };
	char *folded = malloc(size + 1);
	size_t n = 0;
	bool found = false;
	if (!folded)
		abort();
	for (size_t i = 0; i < size; i++)
		if (data[i])
			folded[n++] = (char)(data[i] >= 'A' && data[i] <= 'Z' ? data[i] + 32 : data[i]);
	for (size_t t = 0; t < sizeof tags / sizeof tags[0] && !found; t++)
		found = memmem(folded, n, tags[t], strlen(tags[t])) != NULL;
	free(folded);
	return found;
}

static void check(const struct buf *b, bool pre)
{
	if (!b->len)
		return;
	if (!utf8_valid(b->data, b->len) || memchr(b->data, '\0', b->len))
		abort();
	char first = b->data[0], last = b->data[b->len - 1];
	if ((first == ' ' && !pre) || first == '\n' || last == ' ' || last == '\n')
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
	bool pre = has_pre(data, size);
	enum html_mode modes[] = { HTML_TEXT, HTML_MAIN };
	for (size_t m = 0; m < 2; m++) {
		html_to_text(h, modes[m], page, size, type, &out);
		check(&out, pre);
		html_to_text(h, modes[m], page, size, "text/html; charset=utf-8", &out);
		check(&out, pre);
	}
	return 0;
}
