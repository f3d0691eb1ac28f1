/*
 * libFuzzer target: the JSON Lines reader (common/records over
 * common/json).  The first byte chooses the --invalid policy and a block
 * size, the second a set of keys (top-level, dotted paths, a path that is
 * both a value and a prefix, the whole object); the rest is the input.
 * Bad lines are expected and recovered from (they end the run, or are
 * skipped and counted); a crash, a sanitizer report or a hang is a bug.
 * Every value must lie inside what the reader gave, the whole object
 * must be the record's text, and unless --invalid=keep every value must
 * be valid UTF-8.
 */
#include "../../common/diag.h"
#include "../../common/fields.h"
#include "../../common/records.h"
#include "../../common/utf8.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf recover;

static noreturn void on_exit_status(int status)
{
	longjmp(recover, status ? status : 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	static const char *const key_sets[] = {
		"a", "a,b", "text,id", "a.b,a", "a.b.c,a.b,x", ".", ".,a", "m.url,m.n,m,text",
	};
	struct input_opts o = { .format = FMT_JSONL };
	o.invalid = (enum invalid_policy)(data[0] & 3);
	o.block_size = 1 + (data[0] >> 2) * 3;
	const char *keys = key_sets[data[1] % (sizeof key_sets / sizeof key_sets[0])];
	data += 2;
	size -= 2;

	diag_set_exit(on_exit_status);
	static struct reader *volatile r;
	static struct fieldlist fl;
	if (setjmp(recover)) {
		reader_close(r);
		r = NULL;
		fieldlist_release(&fl);
		return 0;
	}
	r = reader_open_mem(&o, data, size, "fuzz");
	fieldlist_resolve(&fl, keys, r, "-f");
	size_t whole = strchr(keys, '.') == keys ? 0 : SIZE_MAX;
	size_t total = 0;
	const struct record *rec;
	while ((rec = reader_next(r)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(r, &f);
		for (size_t i = 0; i < n; i++) {
			if (f[i].len)
				total += (unsigned char)f[i].data[0] + (unsigned char)f[i].data[f[i].len - 1];
			if (o.invalid != INVALID_KEEP && !utf8_valid(f[i].data, f[i].len))
				abort();
		}
		if (whole == 0 && (n < 1 || f[0].len != rec->len || memcmp(f[0].data, rec->text, rec->len)))
			abort();
	}
	reader_close(r);
	r = NULL;
	fieldlist_release(&fl);
	return total == (size_t)-1;
}
