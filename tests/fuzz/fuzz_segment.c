/*
 * libFuzzer target: the segmenters.  For every unit, and for sentences
 * with the news layer too, the fast paths must find the same boundaries as
 * the full rules, units must tile the text in order, and nothing may crash
 * on any bytes.
 */
#include "../../common/segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BOUNDARIES 4096

static size_t boundaries(enum seg_unit unit, const char *text, size_t len, size_t *out,
			 unsigned char *wordlike, const struct abbrevs *news)
{
	struct segmenter s;
	seg_init(&s, unit, text, len, news);
	size_t n = 0, b, last = 0;
	while (n < MAX_BOUNDARIES && seg_next_boundary(&s, &b)) {
		if (b <= last || b > len)
			abort();	/* boundaries must advance inside the text */
		last = b;
		wordlike[n] = s.wordlike;
		out[n++] = b;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t fast[MAX_BOUNDARIES], slow[MAX_BOUNDARIES];
	static unsigned char wfast[MAX_BOUNDARIES], wslow[MAX_BOUNDARIES];
	const char *text = (const char *)data;
	static struct abbrevs *news;
	if (!news)
		news = abbrevs_default();
	/* Every unit by the rules alone, then sentences with the news layer (its boundaries too). */
	for (int unit = SEG_PARAGRAPHS; unit <= SEG_GRAPHEMES + 1; unit++) {
		enum seg_unit u = unit > SEG_GRAPHEMES ? SEG_SENTENCES : (enum seg_unit)unit;
		const struct abbrevs *a = unit > SEG_GRAPHEMES ? news : NULL;
		seg_set_fast_paths(true);
		size_t nf = boundaries(u, text, size, fast, wfast, a);
		seg_set_fast_paths(false);
		size_t ns = boundaries(u, text, size, slow, wslow, a);
		seg_set_fast_paths(true);
		if (nf != ns || memcmp(fast, slow, nf * sizeof fast[0]) ||
		    (u == SEG_WORDS && memcmp(wfast, wslow, nf)))
			abort();
	}
	/* Words only, fast, against the word-like segments of the full rules. */
	struct segmenter a, b;
	size_t as, ae, bs, be;
	seg_set_fast_paths(true);
	seg_init(&a, SEG_WORDS, text, size, NULL);
	seg_set_fast_paths(false);
	seg_init(&b, SEG_WORDS, text, size, NULL);
	for (;;) {
		seg_set_fast_paths(true);
		bool more_a = seg_next_word(&a, &as, &ae);
		seg_set_fast_paths(false);
		bool more_b;
		while ((more_b = seg_next(&b, &bs, &be)) && !b.wordlike)
			;
		if (more_a != more_b || (more_a && (as != bs || ae != be)))
			abort();
		if (!more_a)
			break;
	}
	seg_set_fast_paths(true);
	return 0;
}
