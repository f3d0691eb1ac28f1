/*
 * Unit tests of common/segment: Unicode's own conformance files
 * (GraphemeBreakTest, WordBreakTest, SentenceBreakTest from Debian's
 * unicode-data) must pass in full, and the units of news text must be
 * what a reader expects.
 */
#include "../../common/segment.h"
#include "../../common/buf.h"
#include "../../common/unicode/break_tables.h"
#include "check.h"

#include <ctype.h>
#include <utf8proc.h>

#define UCD_AUX "/usr/share/unicode/auxiliary/"

/* Runs one conformance file; returns the number of failing lines. */
static void conformance(const char *file, enum seg_unit unit)
{
	FILE *f = fopen(file, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	char line[4096];
	int cases = 0, failures = 0;
	struct buf text = BUF_INIT;
	while (fgets(line, sizeof line, f)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		if (!strchr(line, '\xC3'))	/* lines without ÷ (0xC3 0xB7) */
			continue;
		buf_reset(&text);
		size_t want[256], nwant = 0;
		char *p = line;
		while (*p) {
			if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0xB7) {	/* ÷ */
				if (text.len > 0)
					want[nwant++] = text.len;
				p += 2;
			} else if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x97) {	/* × */
				p += 2;
			} else if (isxdigit((unsigned char)*p)) {
				unsigned long cp = strtoul(p, &p, 16);
				unsigned char enc[4];
				utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
				buf_add(&text, enc, (size_t)n);
			} else {
				p++;
			}
		}
		cases++;
		struct segmenter s;
		seg_init(&s, unit, text.data, text.len, NULL);
		size_t got[256], ngot = 0, b;
		while (ngot < 256 && seg_next_boundary(&s, &b))
			got[ngot++] = b;
		bool same = ngot == nwant && memcmp(got, want, ngot * sizeof got[0]) == 0;
		if (!same && failures++ < 5)
			printf("  %s: %s", file, line);
	}
	fclose(f);
	buf_release(&text);
	printf("  %s: %d cases, %d failures (Unicode %s)\n", file, cases, failures,
	       break_tables_unicode_version);
	CHECK(cases > 400 && failures == 0);
}

static void grapheme_conformance(void)
{
	conformance(UCD_AUX "GraphemeBreakTest.txt", SEG_GRAPHEMES);
}

static void word_conformance(void)
{
	conformance(UCD_AUX "WordBreakTest.txt", SEG_WORDS);
}

static void sentence_conformance(void)
{
	conformance(UCD_AUX "SentenceBreakTest.txt", SEG_SENTENCES);
}

static void units(enum seg_unit unit, const char *text, const char *want, bool wordlike_only)
{
	struct abbrevs *a = abbrevs_default();
	struct segmenter s;
	seg_init(&s, unit, text, strlen(text), a);
	struct buf got = BUF_INIT;
	size_t st, en;
	while (seg_next(&s, &st, &en)) {
		if (wordlike_only && !s.wordlike)
			continue;
		buf_add(&got, text + st, en - st);
		buf_addc(&got, '|');
	}
	CHECK_MEM(got.data ? got.data : "", got.len, want, strlen(want));
	buf_release(&got);
	abbrevs_free(a);
}

static void news_words(void)
{
	units(SEG_WORDS, "The U.S. mayor’s $3.5bn plan, e-mail: a@b.com!",
	      "The|U.S|mayor’s|3.5bn|plan|e|mail|a|b.com|", true);
	units(SEG_WORDS, "Café déjà-vu 2018", "Café|déjà|vu|2018|", true);
	units(SEG_WORDS, "a  b", "a|  |b|", false);
}

static void news_sentences(void)
{
	units(SEG_SENTENCES, "Mr. Khan spoke. He left.", "Mr. Khan spoke.|He left.|", false);
	units(SEG_SENTENCES, "It rose 3.5% to $37bn. Shares fell.", "It rose 3.5% to $37bn.|Shares fell.|", false);
	units(SEG_SENTENCES, "The U.S. election was close. The vote went on.",
	      "The U.S. election was close.|The vote went on.|", false);
	units(SEG_SENTENCES, "He lives in the U.S. The rest stayed.",
	      "He lives in the U.S.|The rest stayed.|", false);
	units(SEG_SENTENCES, "Some cases, e.g. this one, are hard. Others not.",
	      "Some cases, e.g. this one, are hard.|Others not.|", false);
	units(SEG_SENTENCES, "“We will not invest online.” He said so.",
	      "“We will not invest online.”|He said so.|", false);
	units(SEG_SENTENCES, "“Stop!” she shouted. Nobody did.", "“Stop!” she shouted.|Nobody did.|", false);
	units(SEG_SENTENCES, "J. K. Rowling wrote it. No. 10 said no. It is No. Stop.",
	      "J. K. Rowling wrote it.|No. 10 said no.|It is No.|Stop.|", false);
	units(SEG_SENTENCES, "Visit www.example.com. Or mail j.doe@example.org now.",
	      "Visit www.example.com.|Or mail j.doe@example.org now.|", false);
	units(SEG_SENTENCES, "Wait... what happened? Nothing.", "Wait... what happened?|Nothing.|", false);
	units(SEG_SENTENCES, "Line one\nLine two", "Line one|Line two|", false);
	/* The news layer's boundaries behind the scan: list items, an ellipsis that opens a sentence. */
	units(SEG_SENTENCES, "1) tea 2) milk 3) sugar", "1) tea|2) milk|3) sugar|", false);
	units(SEG_SENTENCES, "Aims: 1. less 2. more", "Aims:|1. less|2. more|", false);
	units(SEG_SENTENCES, "\xE2\x80\xA2 9. One \xE2\x80\xA2 10. Two", "\xE2\x80\xA2 9. One|\xE2\x80\xA2 10. Two|", false);
	units(SEG_SENTENCES, "It ended. . . . The rest", "It ended.|. . . The rest|", false);
	units(SEG_SENTENCES, "Wait . . . I see. Go.", "Wait . . . I see.|Go.|", false);
	units(SEG_SENTENCES, "Late\xE2\x80\xA6 Then home.", "Late\xE2\x80\xA6|Then home.|", false);
	units(SEG_SENTENCES, "At 5 p.m. Mr. Li left at 6 P.M. Dr. Ng came.",
	      "At 5 p.m. Mr. Li left at 6 P.M.|Dr. Ng came.|", false);
	units(SEG_SENTENCES, "Ask her and I. Did she? Ask A. I. Smith.", "Ask her and I.|Did she?|Ask A. I. Smith.|", false);
	units(SEG_SENTENCES, "At Yahoo! in May. Go to x.org/a?b=1. Now.", "At Yahoo! in May.|Go to x.org/a?b=1.|Now.|", false);
	units(SEG_SENTENCES, "He said \"no.\" (Ames 3). Done.", "He said \"no.\" (Ames 3).|Done.|", false);
	/* Other languages. */
	units(SEG_SENTENCES, "\xC2\xAB Non ! \xC2\xBB Il part.", "\xC2\xAB Non ! \xC2\xBB|Il part.|", false);
	units(SEG_SENTENCES, "Vino la Sra. \xC2\xBFQui\xC3\xA9n?", "Vino la Sra.|\xC2\xBFQui\xC3\xA9n?|", false);
	units(SEG_SENTENCES, "Am 3. Oktober. In 2019. Next", "Am 3. Oktober.|In 2019.|Next|", false);
	units(SEG_SENTENCES, "\xE5\xA5\xBD\xE3\x80\x82\xE5\xA5\xBD\xE3\x80\x82", "\xE5\xA5\xBD\xE3\x80\x82|\xE5\xA5\xBD\xE3\x80\x82|", false);
	/* 「来るの？」と聞いた is one; “去吗？”我说 is two. */
	units(SEG_SENTENCES, "\xE3\x80\x8C\xE6\x9D\xA5\xE3\x82\x8B\xEF\xBC\x9F\xE3\x80\x8D\xE3\x81\xA8\xE8\x81\x9E\xE3\x81\x84\xE3\x81\x9F\xE3\x80\x82",
	      "\xE3\x80\x8C\xE6\x9D\xA5\xE3\x82\x8B\xEF\xBC\x9F\xE3\x80\x8D\xE3\x81\xA8\xE8\x81\x9E\xE3\x81\x84\xE3\x81\x9F\xE3\x80\x82|", false);
	units(SEG_SENTENCES, "\xE2\x80\x9C\xE5\x8E\xBB\xE5\x90\x97\xEF\xBC\x9F\xE2\x80\x9D\xE6\x88\x91\xE8\xAF\xB4\xE3\x80\x82",
	      "\xE2\x80\x9C\xE5\x8E\xBB\xE5\x90\x97\xEF\xBC\x9F\xE2\x80\x9D|\xE6\x88\x91\xE8\xAF\xB4\xE3\x80\x82|", false);
}

static void paragraphs_and_graphemes(void)
{
	units(SEG_PARAGRAPHS, "one\n\n  \ntwo\r\nthree", "one|two|three|", false);
	units(SEG_GRAPHEMES, "e\xCC\x81\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7x", "e\xCC\x81|\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7|x|", false);
}

/* The helpers over whole texts: word spans, n-grams joined, unit counts. */
static void whole_text_helpers(void)
{
	const char *t = "The U.S. “deal” — 3.5% of it, ok?";
	struct span_array w = { 0 };
	size_t n = seg_words(t, strlen(t), &w);
	CHECK(n == 7);
	struct buf gram = BUF_INIT;
	seg_join_words(t, w.s + 1, 3, &gram);
	CHECK_STR(gram.data, "U.S deal 3.5");
	seg_join_words(t, w.s, 1, &gram);
	CHECK_STR(gram.data, "The");
	/* Reused for another text: emptied first, never appended to. */
	CHECK(seg_words("", 0, &w) == 0 && w.n == 0);
	CHECK(seg_words("one two", 7, &w) == 2 && w.s[1].start == 4 && w.s[1].end == 7);
	CHECK(seg_count(SEG_GRAPHEMES, "e\xCC\x81x\r\n", 5) == 3);
	CHECK(seg_count(SEG_WORDS, "one, two", 8) == 4);	/* every segment: word, comma, space, word */
	CHECK(seg_count(SEG_PARAGRAPHS, "a\n\nb\n", 5) == 2);
	span_array_release(&w);
	buf_release(&gram);
}

static void long_text_is_linear(void)
{
	/* A. followed by a million spaces: SB8's look-ahead must not go quadratic. */
	size_t n = 1000000;
	char *t = malloc(n + 4);
	memcpy(t, "a.", 2);
	memset(t + 2, ' ', n);
	memcpy(t + 2 + n, "B", 2);
	struct segmenter s;
	seg_init(&s, SEG_SENTENCES, t, n + 3, NULL);
	size_t a, b, count = 0;
	while (seg_next(&s, &a, &b))
		count++;
	CHECK(count == 2);
	free(t);
}

static uint64_t rng = 88172645463325252ULL;

static unsigned next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)rng;
}

/* Boundaries of a text, as one string of offsets (sentences: with the news layer if `news`). */
static void boundaries(enum seg_unit unit, const struct buf *text, struct buf *out,
		       const struct abbrevs *news)
{
	struct segmenter s;
	seg_init(&s, unit, text->data, text->len, news);
	buf_reset(out);
	size_t b;
	while (seg_next_boundary(&s, &b))
		buf_addf(out, "%zu%c,", b, s.wordlike ? 'w' : '-');
}

/*
 * The news layer over sentences, fast paths on and off: the same
 * boundaries on random texts of what it looks at (terminators, list
 * markers, bullets, ellipses, abbreviations, URLs, quotes, parentheses).
 */
static void news_fast_paths_match_rules(void)
{
	static const char *const pieces[] = {
		"a", "Z", "7", " ", "  ", ".", "!", "?", ")", "(", "[", "]", "\"", "'", ",", ":", "\n",
		"\t", "1", "2", "12", "b", "I", "The", "the", "Mr", "No", "a.m", "P.M", "U.S", "www",
		"@", "://", "Yahoo", "Co", "\xC3\xA9", "\xE2\x80\x9C", "\xE2\x80\x9D",
		"\xE2\x80\x99", "\xE2\x80\xA6", "\xE2\x80\xA2", "\xE2\x81\x83", "\xC2\xA0",
		"\xC2\xB0", "\xCC\x81", "\xC2\xAD", "\xE3\x80\x82", "\xE2\x80\xA8", "...",
		" . . .", "1. ", "2. ", "a. ", "b) ", "(1) ", "(2) ", "one two three ",
		/* Other languages: guillemets, inverted marks, CJK brackets, German ordinals. */
		"\xC2\xAB", "\xC2\xBB", "\xE2\x80\xAF", "\xC2\xBF", "\xC2\xA1", "\xE3\x80\x8C",
		"\xE3\x80\x8D", "\xE3\x80\x8A", "\xE3\x80\x8B", "\xE5\xA5\xBD", "\xEF\xBC\x81", "am",
		"Oktober", "Sra", "EE",
	};
	struct abbrevs *a = abbrevs_default();
	struct buf text = BUF_INIT, fast = BUF_INIT, slow = BUF_INIT;
	for (int round = 0; round < 200000; round++) {
		buf_reset(&text);
		size_t n = next_random() % (round % 8 == 0 ? 120 : 24);
		for (size_t i = 0; i < n; i++)
			buf_adds(&text, pieces[next_random() % (sizeof pieces / sizeof pieces[0])]);
		seg_set_fast_paths(true);
		boundaries(SEG_SENTENCES, &text, &fast, a);
		seg_set_fast_paths(false);
		boundaries(SEG_SENTENCES, &text, &slow, a);
		seg_set_fast_paths(true);
		if (fast.len != slow.len || (fast.len && memcmp(fast.data, slow.data, fast.len))) {
			printf("  news layer, text [");
			for (size_t k = 0; k < text.len; k++)
				printf((unsigned char)text.data[k] < 0x80 && text.data[k] != '\n' ? "%c" : "\\x%02X",
				       (unsigned char)text.data[k]);
			printf("]: fast %s, rules %s\n", fast.data, slow.data);
			CHECK(false);
			break;
		}
	}
	buf_release(&text);
	buf_release(&fast);
	buf_release(&slow);
	abbrevs_free(a);
}

/* The ASCII fast paths must decide exactly as the full rules do. */
static void fast_paths_match_rules(void)
{
	static const char *const pieces[] = {
		"a", "Z", "7", "0", "_", " ", "  ", ".", ",", ":", ";", "'", "\"", "!", "?", "-", "(",
		"\t", "\n", "\r", "\r\n", "\xC3\xA9", "\xE2\x80\x99", "\xCC\x81", "\xD7\x90",
		"\xE2\x80\x8D", "\xF0\x9F\x98\x80", "\xF0\x9F\x87\xAB", "\xE3\x82\xA2",
		"\xC2\xA0", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x94", "\xE2\x80\x93",
		"\xE2\x80\x9E", "\xC3\x97", "\xC3\xB7", "\xC3\x9C", "\xC3\xBF", "\xC3\x80", "\xC2\xAA",
		"Z\xC3\xBCrich", "U.S.", "3.5", "don't", "e-mail",
		"Abcdefghijklmnopqrstuvwxyz0123456789", "                                ",
	};
	struct buf text = BUF_INIT, fast = BUF_INIT, slow = BUF_INIT;
	for (int round = 0; round < 200000; round++) {
		buf_reset(&text);
		/*
		 * Mostly short texts, every fourth a longer one (several words in
		 * a row), every 16th one that crosses the 64-byte blocks of the
		 * word masks several times.
		 */
		size_t n = next_random() % (round % 16 == 0 ? 200 : round % 4 ? 12 : 40);
		for (size_t i = 0; i < n; i++)
			buf_adds(&text, pieces[next_random() % (sizeof pieces / sizeof pieces[0])]);
		for (int unit = SEG_SENTENCES; unit <= SEG_WORDS; unit++) {
			seg_set_fast_paths(true);
			boundaries((enum seg_unit)unit, &text, &fast, NULL);
			seg_set_fast_paths(false);
			boundaries((enum seg_unit)unit, &text, &slow, NULL);
			seg_set_fast_paths(true);
			if (unit == SEG_WORDS) {
				/* Words only, fast, against word-like segments by the full rules. */
				struct buf wf = BUF_INIT, ws = BUF_INIT;
				struct segmenter sg;
				size_t a, b;
				seg_init(&sg, SEG_WORDS, text.data, text.len, NULL);
				while (seg_next_word(&sg, &a, &b))
					buf_addf(&wf, "%zu-%zu,", a, b);
				seg_set_fast_paths(false);
				seg_init(&sg, SEG_WORDS, text.data, text.len, NULL);
				while (seg_next(&sg, &a, &b))
					if (sg.wordlike)
						buf_addf(&ws, "%zu-%zu,", a, b);
				seg_set_fast_paths(true);
				if (wf.len != ws.len || (wf.len && memcmp(wf.data, ws.data, wf.len))) {
					printf("  words only, text [%s]: fast %s, rules %s\n", text.data,
					       wf.data ? wf.data : "", ws.data ? ws.data : "");
					CHECK(false);
					round = 1 << 30;
				}
				buf_release(&wf);
				buf_release(&ws);
			}
			if (fast.len != slow.len || (fast.len && memcmp(fast.data, slow.data, fast.len))) {
				printf("  unit %d, text [%s]: fast %s, rules %s\n", unit, text.data,
				       fast.data, slow.data);
				CHECK(false);
				round = 1 << 30;
				break;
			}
		}
	}
	buf_release(&text);
	buf_release(&fast);
	buf_release(&slow);
}

int main(void)
{
	RUN_TEST(grapheme_conformance);
	RUN_TEST(word_conformance);
	RUN_TEST(sentence_conformance);
	RUN_TEST(news_words);
	RUN_TEST(news_sentences);
	RUN_TEST(paragraphs_and_graphemes);
	RUN_TEST(whole_text_helpers);
	RUN_TEST(long_text_is_linear);
	RUN_TEST(fast_paths_match_rules);
	RUN_TEST(news_fast_paths_match_rules);
	CHECK_DONE();
}
