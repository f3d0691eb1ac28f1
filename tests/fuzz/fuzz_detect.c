/*
 * libFuzzer target: rill-tag's detectors (common/detect).  On any bytes,
 * valid UTF-8 or not, every span must lie inside the text, be non-empty
 * and come after the one before it, and nothing may crash.
 */
#include "../../common/detect.h"
#include "../../common/unicode/break_tables.h"

#include <stdint.h>
#include <stdlib.h>

struct check {
	size_t len, last_end;
};

static void on_span(size_t start, size_t end, void *ctx)
{
	struct check *c = ctx;
	if (start >= end || end > c->len || start < c->last_end)
		abort();
	c->last_end = end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	void (*const detectors[])(const char *, size_t, detect_emit, void *) = {
		detect_quotes, detect_boilerplate, detect_mojibake,
	};
	for (size_t i = 0; i < sizeof detectors / sizeof detectors[0]; i++) {
		struct check c = { size, 0 };
		detectors[i](text, size, on_span, &c);
	}
	int script = detect_script(text, size);
	if (script != -1 && (script <= SCRIPT_COMMON || (unsigned)script >= script_count))
		abort();
	return 0;
}
