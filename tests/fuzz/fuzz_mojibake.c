/*
 * libFuzzer target: common/mojibake.  On any bytes: the repair of valid
 * UTF-8 is valid UTF-8 and never longer than four times the text (C1
 * controls grow from two bytes to three at most); spans are in order and
 * inside the text; the check in the UTF-8 pass finds what the quick check
 * finds.
 */
#include "../../common/mojibake.h"
#include "../../common/utf8.h"

#include <stdint.h>
#include <stdlib.h>

struct order {
	size_t len, last_end;
};

static void on_span(size_t start, size_t end, void *ctx)
{
	struct order *o = ctx;
	if (start >= end || end > o->len || start < o->last_end)
		abort();
	o->last_end = end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mojibake m = MOJIBAKE_INIT;
	static struct buf out = BUF_INIT;
	const char *text = (const char *)data;
	struct order o = { size, 0 };
	mojibake_find(text, size, on_span, &o);
	if (mojibake_repair(&m, text, size, &out)) {
		if (utf8_valid(text, size) && !utf8_valid(out.data, out.len))
			abort();
		if (out.len > 4 * size)
			abort();
	}
	size_t count;
	struct utf8_watch w = { mojibake_suspect_in, 0 };
	size_t valid = utf8_valid_prefix_watch(text, size, '\n', &count, &w);
	size_t quick = mojibake_suspect_at(text, valid);
	if ((w.found == SIZE_MAX ? valid : w.found) != quick)
		abort();
	return 0;
}
