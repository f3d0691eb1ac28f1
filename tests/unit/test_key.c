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
	/* Excluded from composition after Unicode 3.0: U+2ADC is U+2ADD U+0338 (fuzz_key). */
	normalize_case(&o, "\xE2\xAB\x9Cn", "\xE2\xAB\x9D\xCC\xB8n");
	normalize_case(&o, "\xE2\xAB\x9D\xCC\xB8n", "\xE2\xAB\x9D\xCC\xB8n");
	normalize_case(&o, "\xF0\x9D\x85\x9E", "\xF0\x9D\x85\x97\xF0\x9D\x85\xA5");	/* U+1D15E */
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

/* Text that looks the same is the same key under NFC and NFKC; none keeps it apart. */
static void spaces_and_ignorables(void)
{
	static const enum normalize_form folding[] = { NORM_NFC, NORM_NFKC };
	for (size_t f = 0; f < 2; f++) {
		struct key_opts o = { .normalize = folding[f] };
		normalize_case(&o, "the\xC2\xA0" "council", "the council");		/* no-break space */
		normalize_case(&o, "10\xE2\x80\xAF" "km", "10 km");			/* narrow no-break space */
		normalize_case(&o, "a\xE2\x80\x89" "b\xE3\x80\x80" "c\xE1\x9A\x80" "d", "a b c d");	/* thin, ideographic, ogham */
		normalize_case(&o, "in\xC2\xAD" "ter\xC2\xAD" "na\xC2\xAD" "tional", "international");	/* soft hyphens */
		normalize_case(&o, "\xEF\xBB\xBFHeadline", "Headline");			/* a stray BOM */
		normalize_case(&o, "zero\xE2\x80\x8Bwidth\xE2\x80\x8C" "join\xE2\x80\x8D" "er\xE2\x81\xA0", "zerowidthjoiner");
		normalize_case(&o, "e\xE2\x80\x8D\xCC\x81", "\xC3\xA9");		/* ZWJ left out, then composed */
		normalize_case(&o, "\xE2\x9D\xA4\xEF\xB8\x8F", "\xE2\x9D\xA4");		/* variation selector */
		normalize_case(&o, "a\xE2\x80\xA8" "b", "a\xE2\x80\xA8" "b");		/* a line separator is not Zs */
		struct key_opts v = { .normalize = folding[f], .valid_utf8 = true };
		/*
		 * Long, for the vector check: a no-break space, a soft hyphen, a
		 * thin space among letters and quotes it passes, in its first
		 * 32 bytes and after them.
		 */
		normalize_case(&v, "Caf\xC3\xA9 text with an\xC2\xA0" "accent, more text to pass 32 bytes",
			       "Caf\xC3\xA9 text with an accent, more text to pass 32 bytes");
		normalize_case(&v, "\xE2\x80\x9C" "Co\xC2\xAD" "operative\xE2\x80\x9D \xE2\x80\x94 and more text to pass 32 bytes",
			       "\xE2\x80\x9C" "Cooperative\xE2\x80\x9D \xE2\x80\x94 and more text to pass 32 bytes");
		normalize_case(&v, "Z\xC3\xBCrich\xE2\x80\xAF" "and\xE2\x80\x8B more text to pass thirty-two bytes",
			       "Z\xC3\xBCrich and more text to pass thirty-two bytes");
		normalize_case(&v, "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D text with an accent\xC2\xA0" "and more",
			       "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D text with an accent and more");
		normalize_case(&v, "Z\xC3\xBCrich \xE2\x80\x94 more than thirty-two bytes of text: co\xC2\xADop",
			       "Z\xC3\xBCrich \xE2\x80\x94 more than thirty-two bytes of text: coop");
		normalize_case(&v, "thirty-two bytes and more before a thin space\xE2\x80\x89here",
			       "thirty-two bytes and more before a thin space here");
	}
	struct key_opts none = { .normalize = NORM_NONE, .icase = true };
	normalize_case(&none, "The\xC2\xA0" "Co\xC2\xAD" "op\xE2\x80\x8B", "the\xC2\xA0" "co\xC2\xAD" "op\xE2\x80\x8B");
	struct key_opts sq = { .normalize = NORM_NFC, .squeeze = true };
	normalize_case(&sq, " a \xC2\xA0 b\xE2\x80\x8B ", "a b");
	/* With fields: the key of one already normalized field is itself, of a folded one a copy. */
	struct key_opts o = { .normalize = NORM_NFC };
	struct keyer k;
	keyer_init(&k, &o);
	struct fieldlist fl;
	fieldlist_parse(&fl, "1", NULL, 0, "-f");
	struct field plain[] = { { "the council", 11 } }, nbsp[] = { { "the\xC2\xA0" "council", 12 } };
	struct key128 a = key_hash_of_fields(&k, &fl, plain, 1), b = key_hash_of_fields(&k, &fl, nbsp, 1);
	CHECK(key_equal(a, b));
	fieldlist_release(&fl);
	keyer_release(&k);
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

/* The reference for NFC and NFKC keys: every Zs is U+0020 (from utf8proc's own categories). */
static utf8proc_int32_t space_separator_as_u0020(utf8proc_int32_t c, void *data)
{
	(void)data;
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS ? 0x20 : c;
}

/*
 * The quick-check path must give what utf8proc's full mapping gives, with
 * its default ignorables left out and space separators as U+0020.
 */
static void quick_check_matches_utf8proc(void)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "\xC3\x89", "\xC3\xA9", "e\xCC\x81", "\xCC\x81", "\xEF\xAC\x81",
		"\xE2\x84\xAB", "\xC3\x9F", "\xCE\xA3", "\xCF\x82", "\xE2\x80\x80", "\xE2\x80\x9C",
		"\xC4\xB0", "\xC7\x85", "\xED\x95\x9C", "\xE1\x84\x80\xE1\x85\xA1", "\xE0\xA5\x98",
		"\xC2\xB2", "\xE2\x91\xA0", "\xEF\xBC\xA1", "\xCC\xA3\xCC\x81", "\xCC\x81\xCC\xA3",
		"\xD7\x90", "\xF0\x9F\x98\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x99",
		"\xCB\xBF", "\xCD\x80", "\xE2\x82\xAC", "\xC2\xA0", "the quick brown fox ",
		/* Spaces and default ignorables keys fold, and their neighbours. */
		"\xC2\xAD", "\xE2\x80\xAF", "\xE2\x80\x89", "\xE3\x80\x80", "\xE1\x9A\x80",
		"\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x80\x8E", "\xE2\x80\xAA",
		"\xE2\x81\xA0", "\xE2\x81\x9F", "\xEF\xBB\xBF", "\xEF\xB8\x8F", "\xE1\xA0\x8E",
		"\xCD\x8F", "\xF3\xA0\x80\x81", "\xE2\x80\xA8", "\xE2\x80\x90", "\xE2\x80\xA6",
		"\xE2\x80\xB0", "\xC2\xAC", "\xC2\xAE",
		/* Excluded from composition after Unicode 3.0, and what they decompose to. */
		"\xE2\xAB\x9C", "\xE2\xAB\x9D", "\xCC\xB8", "\xF0\x9D\x85\x9E",
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
		if (round % 8 == 6) {
			/*
			 * One piece among text the quick check passes, so the
			 * vectors and tables, not an earlier character, judge it.
			 */
			static const char *const stable[] = { "news ", "caf\xC3\xA9 ", "\xE2\x80\x9C",
							      "\xE2\x80\x94", "Z\xC3\xBC", "x" };
			size_t at = next_random() % 12, m = 12 + next_random() % 8;
			for (size_t i = 0; i < m; i++) {
				if (i == at)
					buf_adds(&text, pieces[next_random() % (sizeof pieces / sizeof pieces[0])]);
				buf_adds(&text, stable[next_random() % (sizeof stable / sizeof stable[0])]);
			}
			n = 0;
		}
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
			utf8proc_map_custom((const utf8proc_uint8_t *)(text.data ? text.data : ""),
					    (utf8proc_ssize_t)text.len, &want,
					    modes[m].opts | UTF8PROC_STABLE | UTF8PROC_IGNORE,
					    space_separator_as_u0020, NULL);
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
	RUN_TEST(spaces_and_ignorables);
	RUN_TEST(fields_joined_with_separator);
	RUN_TEST(hash_is_stable);
	RUN_TEST(invalid_utf8_kept_raw);
	RUN_TEST(fields_hash_like_their_joined_key);
	RUN_TEST(quick_check_matches_utf8proc);
	CHECK_DONE();
}
