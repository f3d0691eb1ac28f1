/* Unit tests of common/utf8: validation and maximal-subpart repair. */
#include "../../common/utf8.h"
#include "check.h"

static void valid_sequences(void)
{
	CHECK(utf8_valid("", 0));
	CHECK(utf8_valid("plain ascii text, long enough for the fast path", 47));
	CHECK(utf8_valid("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80", 14));
	CHECK(utf8_valid("\xF4\x8F\xBF\xBF", 4));	/* U+10FFFF */
	CHECK(utf8_valid("\xED\x9F\xBF", 3));		/* U+D7FF */
}

static void invalid_sequences(void)
{
	CHECK(!utf8_valid("\xC0\xAF", 2));		/* overlong '/' */
	CHECK(!utf8_valid("\xE0\x80\xAF", 3));		/* overlong */
	CHECK(!utf8_valid("\xED\xA0\x80", 3));		/* surrogate D800 */
	CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));	/* above U+10FFFF */
	CHECK(!utf8_valid("\xF5\x80\x80\x80", 4));
	CHECK(!utf8_valid("\x80", 1));			/* lone continuation */
	CHECK(!utf8_valid("abc\xC3", 4));		/* truncated at the end */
	CHECK(utf8_valid_prefix("abcdefghij\xFFk", 12) == 10);
	CHECK(utf8_valid_prefix("abcdefgh\xC3\xA9\xFF", 11) == 10);
}

static void repair_maximal_subparts(void)
{
	/* The example of Unicode 15 section 3.9, table 3-8. */
	const char in[] = "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64";
	const char want[] = "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c"
			    "\xEF\xBF\xBD\xEF\xBF\xBD" "d";
	struct buf b = BUF_INIT;
	size_t n = utf8_repair(&b, in, sizeof in - 1);
	CHECK(n == 6);
	CHECK_MEM(b.data, b.len, want, sizeof want - 1);
	CHECK(utf8_valid(b.data, b.len));
	buf_release(&b);
}

static void repair_keeps_valid_text(void)
{
	struct buf b = BUF_INIT;
	CHECK(utf8_repair(&b, "na\xC3\xAFve", 7) == 0);
	CHECK_STR(b.data, "na\xC3\xAFve");
	buf_release(&b);
}

static void ascii_check(void)
{
	CHECK(utf8_is_ascii("0123456789abcdef", 16));
	CHECK(!utf8_is_ascii("0123456789abcde\xC3\xA9", 17));
	CHECK(!utf8_is_ascii("\xC3\xA9", 2));
}

int main(void)
{
	RUN_TEST(valid_sequences);
	RUN_TEST(invalid_sequences);
	RUN_TEST(repair_maximal_subparts);
	RUN_TEST(repair_keeps_valid_text);
	RUN_TEST(ascii_check);
	CHECK_DONE();
}
