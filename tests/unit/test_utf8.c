/* Unit tests of common/utf8: validation and maximal-subpart repair. */
#include "../../common/utf8.h"
#include "../../common/byteset.h"
#include "check.h"

#include <stdint.h>

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

/* A reference decoder written from RFC 3629 directly, independent of utf8.c. */
static size_t reference_valid_prefix(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i], need, min;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			need = 1, min = 0x80, cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			need = 2, min = 0x800, cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			need = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return i;
		}
		if (i + need >= len)
			return i;
		for (unsigned k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += need + 1;
	}
	return len;
}

static uint64_t rng = 12345;

static unsigned next_random(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng >> 33);
}

static void simd_matches_reference_random(void)
{
	static const char *const pieces[] = { "a", "b\nc", "\xC3\xA9", "\xE2\x80\x9C", "\xF0\x9F\x98\x80",
					      "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF", "0123456789abcdef" };
	unsigned char buf[400];
	for (int round = 0; round < 100000; round++) {
		size_t len = 0, target = next_random() % 300;
		while (len < target) {
			const char *p = pieces[next_random() % 8];
			size_t n = strlen(p);
			if (len + n > sizeof buf)
				break;
			memcpy(buf + len, p, n);
			len += n;
		}
		/* Damage a few bytes, or none. */
		unsigned damage = next_random() % 4;
		for (unsigned d = 0; d < damage && len; d++)
			buf[next_random() % len] = (unsigned char)next_random();
		if (len && next_random() % 4 == 0)
			len -= next_random() % (len < 4 ? len : 4);
		size_t want = reference_valid_prefix(buf, len);
		size_t got = utf8_valid_prefix((const char *)buf, len);
		/* The counting variant: the same prefix, and the newlines in it. */
		size_t lines, want_lines = 0;
		size_t got2 = utf8_valid_prefix_count((const char *)buf, len, '\n', &lines);
		for (size_t i = 0; i < want; i++)
			want_lines += buf[i] == '\n';
		if (got != want || got2 != want || lines != want_lines) {
			printf("  round %d: len %zu, got %zu and %zu, want %zu; %zu lines, want %zu\n",
			       round, len, got, got2, want, lines, want_lines);
			CHECK(false);
			return;
		}
	}
}

static void simd_matches_reference_exhaustive(void)
{
	/* Every 1-, 2- and 3-byte sequence, placed across a 32-byte chunk border. */
	unsigned char buf[128];
	for (uint32_t v = 0; v < (1u << 24); v++) {
		memset(buf, 'x', sizeof buf);
		size_t at = 30 + (v & 3);
		buf[at] = (unsigned char)(v >> 16);
		buf[at + 1] = (unsigned char)(v >> 8);
		buf[at + 2] = (unsigned char)v;
		size_t want = reference_valid_prefix(buf, sizeof buf);
		size_t got = utf8_valid_prefix((const char *)buf, sizeof buf);
		if (got != want) {
			printf("  bytes %06x: got %zu, want %zu\n", v, got, want);
			CHECK(got == want);
			return;
		}
	}
}

/* The ASCII skip and the byte-set scan at every start, length and position of the byte found. */
static void skip_and_scan_every_position(void)
{
	static const struct byteset non_ascii = BYTESET_NON_ASCII;
	struct byteset tab_nl;
	byteset_init(&tab_nl, "\t\n", 2, false);
	unsigned char buf[100];
	for (size_t len = 0; len <= sizeof buf; len++)
		for (size_t hit = 0; hit <= len; hit++) {
			memset(buf, 'a', sizeof buf);
			if (hit < len)
				buf[hit] = 0xC3;	/* hit == len: none in range (one just past, if room) */
			else if (len < sizeof buf)
				buf[len] = 0x80;
			for (size_t from = 0; from <= hit; from++)
				if (utf8_skip_ascii(buf, from, len) != hit) {
					printf("  skip: len %zu, hit %zu, from %zu\n", len, hit, from);
					CHECK(false);
					return;
				}
			CHECK(byteset_scan(&non_ascii, buf, len) == hit);
			memset(buf, 'a', sizeof buf);
			if (hit < len)
				buf[hit] = '\n';
			else if (len < sizeof buf)
				buf[len] = '\t';
			if (byteset_scan(&tab_nl, buf, len) != hit) {
				printf("  scan: len %zu, hit %zu\n", len, hit);
				CHECK(false);
				return;
			}
		}
}

int main(void)
{
	RUN_TEST(skip_and_scan_every_position);
	RUN_TEST(valid_sequences);
	RUN_TEST(invalid_sequences);
	RUN_TEST(repair_maximal_subparts);
	RUN_TEST(repair_keeps_valid_text);
	RUN_TEST(ascii_check);
	RUN_TEST(simd_matches_reference_random);
	RUN_TEST(simd_matches_reference_exhaustive);
	CHECK_DONE();
}
