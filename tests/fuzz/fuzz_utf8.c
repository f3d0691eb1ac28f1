/*
 * libFuzzer target: UTF-8 validation and repair.  The SIMD validator must
 * agree with the repair routine, repaired text must be valid, and valid
 * text must come back unchanged; the validator that counts lines too must
 * find the same prefix and the newlines in it.
 */
#include "../../common/buf.h"
#include "../../common/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t good = utf8_valid_prefix(s, size);
	size_t lines, want_lines = 0;
	if (utf8_valid_prefix_count(s, size, '\n', &lines) != good)
		abort();
	for (size_t i = 0; i < good; i++)
		want_lines += s[i] == '\n';
	if (lines != want_lines)
		abort();
	struct buf out = BUF_INIT;
	size_t replaced = utf8_repair(&out, s, size);
	if (!utf8_valid(out.data ? out.data : "", out.len))
		abort();
	if ((good == size) != (replaced == 0))
		abort();
	if (good == size && (out.len != size || memcmp(out.data ? out.data : "", s, size)))
		abort();
	/* The valid prefix is copied unchanged. */
	if (out.len < good || memcmp(out.data ? out.data : "", s, good))
		abort();
	buf_release(&out);
	return 0;
}
