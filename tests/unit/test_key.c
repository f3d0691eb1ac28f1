/* Unit tests of common/key: normalization options and hashing. */
#include "../../common/key.h"
#include "check.h"

#include <stdint.h>
#include <utf8proc.h>

static void normalize_case(const struct key_opts *o, const char *in, const char *want)
{
	struct keyer k;
	keyer_init(&k, o);
	struct buf out = BUF_INIT;
	key_normalize(&k, in, strlen(in), &out);
	CHECK_MEM(out.data ? out.data : "", out.len, want, strlen(want));
	buf_release(&out);
	keyer_release(&k);
}

static void nfc_by_default(void)
{
	struct key_opts o = { .normalize = NORM_NFC };
	normalize_case(&o, "Cafe\xCC\x81", "Caf\xC3\xA9");	/* e + combining acute */
	normalize_case(&o, "Caf\xC3\xA9", "Caf\xC3\xA9");
	normalize_case(&o, "\xEF\xAC\x81le", "\xEF\xAC\x81le");	/* NFC keeps the fi ligature */
}

static void nfkc_and_none(void)
{
	struct key_opts k = { .normalize = NORM_NFKC };
	normalize_case(&k, "\xEF\xAC\x81le", "file");
	normalize_case(&k, "x\xC2\xB2", "x2");
	struct key_opts none = { .normalize = NORM_NONE };
	normalize_case(&none, "Cafe\xCC\x81", "Cafe\xCC\x81");
}

static void case_folding(void)
{
	struct key_opts o = { .normalize = NORM_NFC, .icase = true };
	normalize_case(&o, "HELLO World", "hello world");
	normalize_case(&o, "Stra\xC3\x9F" "E", "strasse");		/* full folding: sharp s */
	normalize_case(&o, "\xC3\x89LYS\xC3\x89" "E", "\xC3\xA9lys\xC3\xA9" "e");
	normalize_case(&o, "\xCE\xA3\xCE\x99\xCE\xA3", "\xCF\x83\xCE\xB9\xCF\x83");	/* Greek */
}

static void squeeze_and_punct(void)
{
	struct key_opts sq = { .squeeze = true };
	normalize_case(&sq, "  a \t b\n\nc  ", "a b c");
	normalize_case(&sq, "\xC2\xA0" "a\xE2\x80\x83" "b\xE3\x80\x80", "a b");	/* NBSP, em space */
	struct key_opts sp = { .strip_punct = true };
	normalize_case(&sp, "\xE2\x80\x9CHello,\xE2\x80\x9D she said.", "Hello she said");
	normalize_case(&sp, "$5 + 3 = 8!", "$5 + 3 = 8");	/* symbols stay */
	struct key_opts both = { .strip_punct = true, .squeeze = true, .icase = true };
	normalize_case(&both, " \xE2\x80\x9CIt\xE2\x80\x99s  here\xE2\x80\x9D ", "its here");
	normalize_case(&both, "\"It's  here\"", "its here");
}

static void fields_joined_with_separator(void)
{
	struct key_opts o = { .normalize = NORM_NONE };
	struct keyer k;
	keyer_init(&k, &o);
	struct fieldlist fl;
	fieldlist_parse(&fl, "1,2", NULL, 0, "-f");
	struct field a[] = { { "a b", 3 }, { "c", 1 } };
	struct field b[] = { { "a", 1 }, { "b c", 3 } };
	struct field ka = key_of_fields(&k, &fl, a, 2);
	struct key128 ha = key_hash(ka.data, ka.len);
	struct field kb = key_of_fields(&k, &fl, b, 2);
	struct key128 hb = key_hash(kb.data, kb.len);
	CHECK(!key_equal(ha, hb));
	/* The identity key of one field points into the record itself. */
	fieldlist_release(&fl);
	fieldlist_parse(&fl, "2", NULL, 0, "-f");
	struct field k2 = key_of_fields(&k, &fl, a, 2);
	CHECK(k2.data == a[1].data);
	struct field missing = key_of_fields(&k, &fl, a, 1);
	CHECK(missing.len == 0);
	fieldlist_release(&fl);
	keyer_release(&k);
}

static void hash_is_stable(void)
{
	struct key128 h = key_hash("rill", 4);
	struct key128 h2 = key_hash("rill", 4);
	CHECK(key_equal(h, h2));
	CHECK(!key_equal(h, key_hash("rilL", 4)));
}

/* The hash of several fields, piece by piece, is the hash of their joined key (state files hold it). */
static void fields_hash_like_their_joined_key(void)
{
	static const struct key_opts opts[] = {
		{ .normalize = NORM_NFC }, { .normalize = NORM_NFC, .valid_utf8 = true },
		{ .normalize = NORM_NONE }, { .normalize = NORM_NFKC, .icase = true },
	};
	/* Long enough for the vector check; a decomposed e, a ligature, nothing, a curly quote. */
#define LITERAL(s) { s, sizeof s - 1 }
	const struct field f[] = {
		LITERAL("id"), LITERAL("Cafe\xCC\x81 and more text to pass thirty-two bytes"),
		LITERAL("\xEF\xAC\x81le"), LITERAL(""), LITERAL("\xE2\x80\x9Cquoted\xE2\x80\x9D"),
	};
#undef LITERAL
	static const char *const lists[] = { "2-5", "1,3", "2,4", "5,1,2" };
	for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++)
		for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
			struct keyer k;
			keyer_init(&k, &opts[o]);
			struct fieldlist fl = { 0 };
			fieldlist_parse(&fl, lists[l], NULL, 0, "-f");
			struct field joined = key_of_fields(&k, &fl, f, 5);
			struct key128 want = key_hash(joined.data, joined.len);
			CHECK(key_equal(key_hash_of_fields(&k, &fl, f, 5), want));
			fieldlist_release(&fl);
			keyer_release(&k);
		}
}

static void invalid_utf8_kept_raw(void)
{
	struct key_opts o = { .normalize = NORM_NFC, .icase = true };
	normalize_case(&o, "A\xFF\xC3\xA9", "A\xFF\xC3\xA9");
}

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static unsigned next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)rng;
}

/* The quick-check path must give what utf8proc's full mapping gives. */
static void quick_check_matches_utf8proc(void)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "\xC3\x89", "\xC3\xA9", "e\xCC\x81", "\xCC\x81", "\xEF\xAC\x81",
		"\xE2\x84\xAB", "\xC3\x9F", "\xCE\xA3", "\xCF\x82", "\xE2\x80\x80", "\xE2\x80\x9C",
		"\xC4\xB0", "\xC7\x85", "\xED\x95\x9C", "\xE1\x84\x80\xE1\x85\xA1", "\xE0\xA5\x98",
		"\xC2\xB2", "\xE2\x91\xA0", "\xEF\xBC\xA1", "\xCC\xA3\xCC\x81", "\xCC\x81\xCC\xA3",
		"\xD7\x90", "\xF0\x9F\x98\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x99",
		"\xCB\xBF", "\xCD\x80", "\xE2\x82\xAC", "\xC2\xA0", "the quick brown fox ",
	};
	static const struct { enum normalize_form form; bool icase; utf8proc_option_t opts; } modes[] = {
		{ NORM_NFC, false, UTF8PROC_COMPOSE },
		{ NORM_NFC, true, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD },
		{ NORM_NFKC, false, UTF8PROC_COMPOSE | UTF8PROC_COMPAT },
		{ NORM_NFKC, true, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD },
	};
	struct buf text = BUF_INIT, got = BUF_INIT;
	for (int round = 0; round < 50000; round++) {
		buf_reset(&text);
		/* Long texts too, for the 32-byte vector check. */
		size_t n = next_random() % (round % 2 ? 6 : 40);
		for (size_t i = 0; i < n; i++)
			buf_adds(&text, pieces[next_random() % (sizeof pieces / sizeof pieces[0])]);
		for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
			struct key_opts o = { .normalize = modes[m].form, .icase = modes[m].icase,
					      .valid_utf8 = round % 4 < 2 };
			struct keyer k;
			keyer_init(&k, &o);
			buf_reset(&got);
			key_normalize(&k, text.data ? text.data : "", text.len, &got);
			utf8proc_uint8_t *want = NULL;
			utf8proc_map((const utf8proc_uint8_t *)(text.data ? text.data : ""),
				     (utf8proc_ssize_t)text.len, &want, modes[m].opts | UTF8PROC_STABLE);
			bool same = got.len == strlen((char *)want) &&
				    memcmp(got.data ? got.data : "", want, got.len) == 0;
			if (!same) {
				printf("  mode %zu, text [%s]: got [%s], want [%s]\n", m,
				       text.data ? text.data : "", got.data ? got.data : "", (char *)want);
				CHECK(false);
				round = 1 << 30;
			}
			free(want);
			keyer_release(&k);
			if (!same)
				break;
		}
	}
	buf_release(&text);
	buf_release(&got);
}

int main(void)
{
	RUN_TEST(nfc_by_default);
	RUN_TEST(nfkc_and_none);
	RUN_TEST(case_folding);
	RUN_TEST(squeeze_and_punct);
	RUN_TEST(fields_joined_with_separator);
	RUN_TEST(hash_is_stable);
	RUN_TEST(invalid_utf8_kept_raw);
	RUN_TEST(fields_hash_like_their_joined_key);
	RUN_TEST(quick_check_matches_utf8proc);
	CHECK_DONE();
}
