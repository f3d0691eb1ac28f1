/* Unit tests of common/charset: labels, the order of the clues, decoding. */
#include "../../common/charset.h"
#include "../../common/utf8.h"
#include "check.h"

static const char *detect(const char *page, const char *content_type)
{
	static char name[CHARSET_NAME_MAX];
	size_t skip;
	charset_detect(page, strlen(page), content_type, name, &skip);
	return name;
}

static void labels(void)
{
	char name[CHARSET_NAME_MAX];
	CHECK(charset_from_label("windows-1251", 12, false, name) && strcmp(name, "WINDOWS-1251") == 0);
	/* The WHATWG table: Latin-1 and ASCII mean windows-1252; GBK means GB18030. */
	CHECK(charset_from_label(" ISO-8859-1 ", 12, false, name) && strcmp(name, "CP1252") == 0);
	CHECK(charset_from_label("us-ascii", 8, false, name) && strcmp(name, "CP1252") == 0);
	CHECK(charset_from_label("GBK", 3, false, name) && strcmp(name, "GB18030") == 0);
	CHECK(charset_from_label("shift_jis", 9, false, name) && strcmp(name, "CP932") == 0);
	CHECK(charset_from_label("koi8-r", 6, false, name) && strcmp(name, "KOI8-R") == 0);
	CHECK(charset_from_label("utf8", 4, false, name) && strcmp(name, "UTF-8") == 0);
	/* A page cannot be UTF-16 by its own declaration; the transport can say so. */
	CHECK(charset_from_label("utf-16", 6, true, name) && strcmp(name, "UTF-8") == 0);
	CHECK(charset_from_label("utf-16", 6, false, name) && strcmp(name, "UTF-16LE") == 0);
	/* Not labels: unknown names, names with bytes no label has, the empty one. */
	CHECK(!charset_from_label("no-such-charset", 15, false, name));
	CHECK(!charset_from_label("utf-8\"x", 7, false, name));
	CHECK(!charset_from_label("//TRANSLIT", 10, false, name));
	CHECK(!charset_from_label("", 0, false, name));
	CHECK(!charset_from_label("a-label-much-too-long-to-be-any-charset-at-all", 46, false, name));
}

static void content_types(void)
{
	size_t len;
	const char *c = charset_of_content_type("text/html; charset=KOI8-R", 25, &len);
	CHECK(c && len == 6 && memcmp(c, "KOI8-R", 6) == 0);
	c = charset_of_content_type("text/html;charset=\"utf-8\"; q=1", 30, &len);
	CHECK(c && len == 5 && memcmp(c, "utf-8", 5) == 0);
	c = charset_of_content_type("text/html", 9, &len);
	CHECK(!c);
	c = charset_of_content_type("text/html; charset=\"unterminated", 31, &len);
	CHECK(!c);
}

static void order_of_clues(void)
{
	/* A byte order mark comes first, and is skipped. */
	char name[CHARSET_NAME_MAX];
	size_t skip;
	charset_detect("\xEF\xBB\xBF<p>x", 7, "text/html; charset=windows-1251", name, &skip);
	CHECK(strcmp(name, "UTF-8") == 0 && skip == 3);
	charset_detect("\xFF\xFE<\0p\0", 6, NULL, name, &skip);
	CHECK(strcmp(name, "UTF-16LE") == 0 && skip == 2);
	/* Valid UTF-8 with a multi-byte sequence is UTF-8 whatever is declared. */
	CHECK_STR(detect("<meta charset=windows-1251><p>caf\xC3\xA9", NULL), "UTF-8");
	CHECK_STR(detect("<p>caf\xC3\xA9", "text/html; charset=iso-8859-1"), "UTF-8");
	/* Otherwise the transport, then the page's meta, then windows-1252. */
	CHECK_STR(detect("<meta charset=utf-8><p>\xE9t\xE9", "text/html; charset=windows-1251"),
		  "WINDOWS-1251");
	CHECK_STR(detect("<meta charset=utf-8><p>\xE9t\xE9", "koi8-r"), "KOI8-R");
	CHECK_STR(detect("<html><head><meta charset=\"windows-1251\"><p>\xCF\xF0", NULL),
		  "WINDOWS-1251");
	CHECK_STR(detect("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-5\">"
			 "\xBF", NULL), "ISO-8859-5");
	CHECK_STR(detect("<meta content='text/html; charset=koi8-r' http-equiv=content-type>\xC1",
			 NULL), "KOI8-R");
	CHECK_STR(detect("<p>\xE9t\xE9", NULL), "CP1252");
	CHECK_STR(detect("<p>plain ascii", NULL), "UTF-8");
	/* An unknown transport label is no clue; the page's meta is. */
	CHECK_STR(detect("<meta charset=koi8-r>\xC1", "text/html; charset=x-nonsense"), "KOI8-R");
}

static void meta_prescan(void)
{
	/* A meta inside a comment or a script is not the page's. */
	CHECK_STR(detect("<!-- <meta charset=koi8-r> --><meta charset=windows-1251>\xC1", NULL),
		  "WINDOWS-1251");
	CHECK_STR(detect("<script>var s='<meta charset=koi8-r>';</script><meta charset=iso-8859-5>"
			 "\xC1", NULL), "ISO-8859-5");
	/* Attribute values with '>' in them do not end the tag early. */
	CHECK_STR(detect("<div title='a>b <meta charset=koi8-r>'><meta charset=cp1251>\xC1", NULL),
		  "CP1251");
	/* A pragma without http-equiv is no declaration. */
	CHECK_STR(detect("<meta content='text/html; charset=koi8-r'>\xE9", NULL), "CP1252");
	/* A meta past the first 64 KiB is not looked at. */
	static char big[70000];
	memset(big, ' ', sizeof big);
	memcpy(big + 66000, "<meta charset=koi8-r>\xC1", 22);
	big[sizeof big - 1] = '\0';
	CHECK_STR(detect(big, NULL), "CP1252");
}

static void decoding(void)
{
	struct charset_decoder *d = charset_decoder_new();
	struct buf b = BUF_INIT;
	/* "Привет" in windows-1251 and KOI8-R */
	CHECK(charset_decode(d, "WINDOWS-1251", "\xCF\xF0\xE8\xE2\xE5\xF2", 6, &b) == 0);
	CHECK_STR(b.data, "Привет");
	buf_reset(&b);
	CHECK(charset_decode(d, "KOI8-R", "\xF0\xD2\xC9\xD7\xC5\xD4", 6, &b) == 0);
	CHECK_STR(b.data, "Привет");
	/* windows-1252's 0x80-0x9F are the curly quotes and the euro, not C1 controls. */
	buf_reset(&b);
	charset_decode(d, "CP1252", "\x93\x80\x94", 3, &b);
	CHECK_STR(b.data, "“€”");
	/* Bytes the encoding lacks become U+FFFD, one each, and decoding goes on. */
	buf_reset(&b);
	CHECK(charset_decode(d, "CP1252", "a\x81" "b", 3, &b) == 1);
	CHECK_STR(b.data, "a\xEF\xBF\xBD" "b");
	buf_reset(&b);
	CHECK(charset_decode(d, "SHIFT_JIS", "\x82", 1, &b) == 1);	/* cut by the end */
	CHECK(utf8_valid(b.data, b.len));
	/* UTF-8 is repaired without iconv. */
	buf_reset(&b);
	CHECK(charset_decode(d, "UTF-8", "x\xFFy", 3, &b) == 1);
	CHECK_STR(b.data, "x\xEF\xBF\xBDy");
	/* More encodings than the decoder keeps open, in turn, all still right. */
	const char *names[] = { "KOI8-R", "CP1252", "WINDOWS-1251", "ISO-8859-5", "GB18030", "KOI8-R" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		buf_reset(&b);
		charset_decode(d, names[i], "abc", 3, &b);
		CHECK_STR(b.data, "abc");
	}
	/* A large text grows the buffer as it goes. */
	static char big[100000];
	memset(big, 0xE9, sizeof big);
	buf_reset(&b);
	charset_decode(d, "CP1252", big, sizeof big, &b);
	CHECK(b.len == 2 * sizeof big && utf8_valid(b.data, b.len));
	buf_release(&b);
	charset_decoder_free(d);
}

int main(void)
{
	RUN_TEST(labels);
	RUN_TEST(content_types);
	RUN_TEST(order_of_clues);
	RUN_TEST(meta_prescan);
	RUN_TEST(decoding);
	CHECK_DONE();
}
