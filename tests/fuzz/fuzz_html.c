/*
 * libFuzzer target: --html (common/html, common/charset).  On any bytes,
 * as a page of unknown charset and as UTF-8 text, in both modes, the text
 * must be valid UTF-8 without a NUL byte, with no white space at either
 * end (but the indentation of a <pre> line it starts with) and no more
 * than one blank line between blocks, and nothing may
 * crash, leak or take long (depth and size are bounded by the skim).
 * The first byte, when it is a digit, picks a transport charset.  And the
 * skim's markers change nothing: the blocks of the page (made valid UTF-8,
 * without the markers' first byte) are the same with its text handed to
 * the parser as markers and as it is.
 */
#include "../../common/html.h"
#include "../../common/html/internal.h"
#include "../../common/utf8.h"

#include <gumbo.h>

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

static void blocks(const struct buf *skimmed, const struct html_runs *runs, bool main, struct buf *b)
{
	static struct htree tree;
	GumboOptions o = kGumboDefaultOptions;
	o.max_errors = 0;
	GumboOutput *doc = gumbo_parse_with_options(&o, skimmed->data ? skimmed->data : "", skimmed->len);
	tree.classify = main;
	htree_build(&tree, doc->document, runs);
	gumbo_destroy_output(&o, doc);
	buf_reset(b);
	for (size_t i = 0; i < tree.nblocks; i++) {
		const struct hblock *k = &tree.blocks[i];
		buf_addf(b, "%u %u %u %u %u %u %u %u|", k->sep, k->kind, k->ctx, k->chars, k->link_chars,
			 k->words, k->commas, k->stops);
		buf_add(b, tree.text.data + k->start, k->len);
		buf_addc(b, '\n');
	}
}

static void markers_change_nothing(const uint8_t *data, size_t size)
{
	static struct buf page = BUF_INIT, fixed = BUF_INIT, skimmed = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	static struct html_runs runs;
	buf_reset(&page);
	buf_add(&page, data, size);
	for (size_t i = 0; i < page.len; i++)
		if ((unsigned char)page.data[i] == HTML_MARKER_BYTE)
			page.data[i] = 'x';
	buf_reset(&fixed);
	utf8_repair(&fixed, page.data ? page.data : "", page.len);
	const char *p = fixed.data ? fixed.data : "";
	for (int main = 0; main < 2; main++) {
		html_skim(p, fixed.len, main, main, &skimmed, NULL);
		blocks(&skimmed, NULL, main, &a);
		html_skim(p, fixed.len, main, main, &skimmed, &runs);
		blocks(&skimmed, &runs, main, &b);
		if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0))
			abort();
	}
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
	markers_change_nothing(data, size);
	return 0;
}
