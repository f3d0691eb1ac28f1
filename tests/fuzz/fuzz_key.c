/*
 * libFuzzer target: key normalization.  On valid UTF-8, each of NFC and
 * NFKC, with and without case folding, must give what utf8proc gives
 * (default ignorables left out, space separators as U+0020),
 * whichever of the quick check's paths (the 32-byte vector test, the
 * tables, decoding) decides that text needs no change; and several fields
 * hashed where they lie must hash like their joined key.
 */
#include "../../common/fields.h"
#include "../../common/key.h"
#include "../../common/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keys under NFC and NFKC: default ignorables left out, every Zs is U+0020 (see key.h). */
static utf8proc_int32_t space_separator_as_u0020(utf8proc_int32_t c, void *data)
{
	(void)data;
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS ? 0x20 : c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	if (!utf8_valid(s, size) || memchr(s, '\0', size))
		return 0;	/* the tools repair text first; utf8proc stops at NUL */
	static const struct {
		enum normalize_form form;
		bool icase;
		utf8proc_option_t opts;
	} modes[] = {
		{ NORM_NFC, false, UTF8PROC_COMPOSE },
		{ NORM_NFC, true, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD },
		{ NORM_NFKC, false, UTF8PROC_COMPOSE | UTF8PROC_COMPAT },
		{ NORM_NFKC, true, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD },
	};
	struct buf got = BUF_INIT;
	for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		struct key_opts o = { .normalize = modes[m].form, .icase = modes[m].icase,
				      .valid_utf8 = true };
		struct keyer k;
		keyer_init(&k, &o);
		buf_reset(&got);
		key_normalize(&k, s, size, &got);
		utf8proc_uint8_t *want = NULL;
		utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)size, &want,
				    modes[m].opts | UTF8PROC_STABLE | UTF8PROC_IGNORE,
				    space_separator_as_u0020, NULL);
		size_t want_len = want ? strlen((char *)want) : 0;
		if (got.len != want_len || (want_len && memcmp(got.data, want, want_len)))
			abort();
		free(want);
		/* The text cut in two fields: hashed in place as joined. */
		struct field f[2] = { { s, size / 2 }, { s + size / 2, size - size / 2 } };
		while (f[1].len && ((unsigned char)f[1].data[0] & 0xC0) == 0x80) {
			f[0].len++;	/* not inside a character */
			f[1].data++;
			f[1].len--;
		}
		struct fieldlist fl = { 0 };
		fieldlist_parse(&fl, "1,2", NULL, 0, "-f");
		struct field joined = key_of_fields(&k, &fl, f, 2);
		struct key128 a = key_hash(joined.data, joined.len);
		struct key128 b = key_hash_of_fields(&k, &fl, f, 2);
		if (!key_equal(a, b))
			abort();
		fieldlist_release(&fl);
		keyer_release(&k);
	}
	buf_release(&got);
	return 0;
}
