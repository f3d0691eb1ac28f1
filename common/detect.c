/*
 * detect: quoted speech, boilerplate lines, mojibake and the dominant
 * script of a text (see detect.h for what each decides and why).
 */
#include "detect.h"
#include "buf.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "mojibake.h"
#include "unicode/break_tables.h"
#include "utf8.h"

static bool is_letter(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) - 'a' < 26;
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static bool is_word_char(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) - 'a' < 26 || c - '0' < 10;
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static bool is_upper(uint32_t c)
{
	if (c < 0x80)
		return c - 'A' < 26;
	return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_LU;
}

static uint32_t decode_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	if (i >= len) {
		*n = 0;
		return 0;
	}
	return utf8_decode(s + i, len - i, n);
}

/*
 * Every word list below goes into one hash table of word -> flags, built
 * once, so judging a word costs one hash and usually one comparison.
 */
enum {
	W_STOP = 1, W_SITE = 2, W_IMPERATIVE = 4, W_READER = 8, W_SELF_NOUN = 16, W_SAYING = 32,
	W_TITLE_SMALL = 64, W_ONSET = 128, W_MARKER = 256,
};

static unsigned word_flags(const char *word, size_t len);

/*
 * Words of a text, lower-cased when ASCII, one at a time.  A word is a run
 * of letters and digits, with an apostrophe or hyphen inside kept
 * (don't, sign-up).  Words too long for the buffer match no list.
 */
struct word_reader {
	const unsigned char *s;
	size_t len, pos;
	char lower[24];
	size_t lower_len;		/* 0 when the word did not fit */
	size_t start, end;
	bool capitalized;
};

static bool ascii_alnum(unsigned char b)
{
	return (unsigned)(b | 0x20) - 'a' < 26 || (unsigned)b - '0' < 10;
}

static bool next_word(struct word_reader *w)
{
	const unsigned char *s = w->s;
	size_t pos = w->pos, len = w->len, n = 1;
	uint32_t c;
	for (;;) {
		if (pos >= len) {
			w->pos = pos;
			return false;
		}
		if (s[pos] < 0x80) {
			if (ascii_alnum(s[pos])) {
				c = s[pos];
				n = 1;
				break;
			}
			pos++;
			continue;
		}
		c = utf8_decode(s + pos, len - pos, &n);
		if (is_word_char(c))
			break;
		pos += n;
	}
	w->start = pos;
	w->capitalized = is_upper(c);
	size_t out = 0;
	bool fits = true;
	for (;;) {
		if (n == 1 && ascii_alnum(s[pos])) {
			if (out + 1 < sizeof w->lower)
				w->lower[out++] = (char)((unsigned)s[pos] - 'A' < 26 ? s[pos] | 0x20 : s[pos]);
			else
				fits = false;
			pos++;
		} else if (c >= 0x80 && is_word_char(c)) {
			if (out + n < sizeof w->lower) {
				memcpy(w->lower + out, s + pos, n);
				out += n;
			} else {
				fits = false;
			}
			pos += n;
		} else if (c == '\'' || c == 0x2019 || c == '-') {
			size_t nn;
			uint32_t next = decode_at(s, len, pos + n, &nn);
			if (!nn || !is_word_char(next))
				break;
			if (out + 1 < sizeof w->lower)
				w->lower[out++] = c == '-' ? '-' : '\'';
			pos += n;
		} else {
			break;
		}
		if (pos >= len)
			break;
		if (s[pos] < 0x80) {
			c = s[pos];
			n = 1;
		} else {
			c = utf8_decode(s + pos, len - pos, &n);
		}
	}
	w->pos = w->end = pos;
	w->lower_len = fits ? out : 0;
	w->lower[w->lower_len] = '\0';
	return true;
}

static void words_init(struct word_reader *w, const char *text, size_t start, size_t end)
{
	w->s = (const unsigned char *)text;
	w->pos = start;
	w->len = end;
}

/* ---- quoted speech ---------------------------------------------------- */

/* Verbs of saying (and their neighbours) that attribute a short quote. */
static const char *const saying[] = {
	"according", "added", "adds", "admits", "admitted", "announced", "argued", "argues",
	"asked", "asks", "chanted", "claimed", "claims", "concluded", "declared", "described",
	"describes", "dijo", "disse", "dit", "déclaré", "explained", "insisted", "insists",
	"promised", "recalled", "remarked", "replied", "sagt", "sagte", "said", "say", "says",
	"shouted", "shouting", "stated", "statement", "states", "tells", "testified", "told",
	"urged", "warned", "warns", "wrote", "заявил", "сказал", "сказала",
};

static bool has_attribution(const char *text, size_t len)
{
	struct word_reader w = { 0 };
	words_init(&w, text, 0, len);
	while (next_word(&w))
		if (word_flags(w.lower, w.lower_len) & W_SAYING)
			return true;
	return false;
}

/* Small words a title leaves in lower case. */
static const char *const title_small[] = {
	"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
	"with",
};

static bool ends_with_speech_punct(const unsigned char *s, size_t start, size_t end)
{
	/* The last character before the closing mark, past nested closers. */
	while (end > start) {
		size_t back;
		uint32_t c = utf8_decode_before(s, start, end, &back);
		if (c == '"' || c == '\'' || c == 0x2019 || c == 0x201D || c == 0xBB || utf8_is_space(c)) {
			end = back;
			continue;
		}
		return c == ',' || c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x2014;
	}
	return false;
}

enum { ATTRIBUTION_UNKNOWN = -1 };

static bool is_speech(const char *text, size_t len, size_t inner, size_t inner_end, bool closed,
		      int *attributed)
{
	const unsigned char *s = (const unsigned char *)text;
	struct word_reader w = { 0 };
	words_init(&w, text, inner, inner_end);
	unsigned words = 0;
	bool title = true;
	while (next_word(&w)) {
		if (!w.capitalized && (words == 0 || !(word_flags(w.lower, w.lower_len) & W_TITLE_SMALL)))
			title = false;
		words++;
	}
	if (words == 0)
		return false;
	if (ends_with_speech_punct(s, inner, inner_end))
		return true;
	if (title)
		return false;
	if (words >= 5 || (!closed && words >= 3))
		return true;
	if (words < 3)
		return false;
	if (*attributed == ATTRIBUTION_UNKNOWN)
		*attributed = has_attribution(text, len);
	return *attributed;
}

enum { QUOTE_DEPTH = 8 };

struct open_quote {
	size_t start, inner;
	uint32_t closer, alt_closer;
};

static bool is_quote_mark(uint32_t c)
{
	switch (c) {
	case '"': case '\'': case 0xAB: case 0xBB: case 0x2018: case 0x2019: case 0x201A:
	case 0x201C: case 0x201D: case 0x201E: case 0x300C: case 0x300D: case 0x300E: case 0x300F:
		return true;
	default:
		return false;
	}
}

static int find_open(const struct open_quote *st, int depth, uint32_t c)
{
	for (int k = depth - 1; k >= 0; k--)
		if (st[k].closer == c || st[k].alt_closer == c)
			return k;
	return -1;
}

static size_t trim_end(const unsigned char *s, size_t start, size_t end)
{
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\n' || s[end - 1] == '\r' ||
			       s[end - 1] == '\t'))
		end--;
	return end;
}

/*
 * Does the line ending at the newline s[nl] end a paragraph?  News puts a
 * paragraph on a line, or paragraphs between blank lines; a text wrapped
 * at a width breaks lines anywhere.  So: a blank line or the end of the
 * text follows, or the line ends a sentence and the next starts like a
 * paragraph (a capital or a quote mark).
 */
static bool ends_paragraph(const unsigned char *s, size_t len, size_t line_start, size_t nl)
{
	size_t next = nl + 1;
	while (next < len && (s[next] == ' ' || s[next] == '\t' || s[next] == '\r'))
		next++;
	if (next >= len || s[next] == '\n')
		return true;
	size_t n;
	uint32_t first = decode_at(s, len, next, &n);
	if (!is_upper(first) && !is_quote_mark(first))
		return false;
	size_t end = trim_end(s, line_start, nl);
	while (end > line_start) {
		size_t back;
		uint32_t c = utf8_decode_before(s, line_start, end, &back);
		if (!is_quote_mark(c) && c != ')')
			return c == '.' || c == '!' || c == '?' || c == 0x2026;
		end = back;
	}
	return false;
}

void detect_quotes(const char *text, size_t len, detect_emit emit, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	struct open_quote st[QUOTE_DEPTH];
	int depth = 0, attributed = ATTRIBUTION_UNKNOWN;
	uint32_t prev = 0;
	size_t i = 0, line_start = 0;
	while (i < len) {
		if (s[i] == '\n') {
			/* A quotation left open at a paragraph's end runs on into the next one. */
			if (depth > 0 && st[0].closer != '\'' && ends_paragraph(s, len, line_start, i)) {
				size_t end = trim_end(s, st[0].inner, i);
				if (is_speech(text, len, st[0].inner, end, false, &attributed))
					emit(st[0].start, end, ctx);
				depth = 0;
			}
			line_start = i + 1;
		}
		if (s[i] < 0x80 && s[i] != '"' && s[i] != '\'') {
			prev = s[i++];
			continue;
		}
		size_t n, nn;
		uint32_t c = decode_at(s, len, i, &n);
		if (!is_quote_mark(c)) {
			prev = c;
			i += n;
			continue;
		}
		uint32_t next = decode_at(s, len, i + n, &nn);
		bool apostrophe = is_word_char(prev) && is_word_char(next);
		bool after_space = prev == 0 || utf8_is_space(prev) || prev == '(' || prev == '[' ||
				   prev == 0x2014 || prev == 0x2013 || is_quote_mark(prev);
		int closes = -1;
		uint32_t opens = 0, opens_alt = 0;
		switch (c) {
		case '"':
			closes = find_open(st, depth, c);
			if (closes < 0 && after_space)
				opens = '"';
			break;
		case '\'':
			if (apostrophe)
				break;
			closes = prev && !utf8_is_space(prev) ? find_open(st, depth, c) : -1;
			if (closes < 0 && after_space && is_word_char(next))
				opens = '\'';
			break;
		case 0x2019:
			if (!apostrophe && prev && !utf8_is_space(prev))
				closes = find_open(st, depth, c);
			break;
		case 0x2018:
			closes = find_open(st, depth, c);
			if (closes < 0 && !apostrophe)
				opens = 0x2019;
			break;
		case 0x201C:
			closes = find_open(st, depth, c);
			if (closes < 0)
				opens = 0x201D;
			break;
		case 0x201E: opens = 0x201C, opens_alt = 0x201D; break;
		case 0x201A: opens = 0x2018, opens_alt = 0x2019; break;
		case 0xAB: opens = 0xBB; break;
		case 0x300C: opens = 0x300D; break;
		case 0x300E: opens = 0x300F; break;
		default: closes = find_open(st, depth, c); break;	/* ” » 」 』 */
		}
		if (closes == 0) {
			if (is_speech(text, len, st[0].inner, i, true, &attributed))
				emit(st[0].start, i + n, ctx);
			depth = 0;
		} else if (closes > 0) {
			depth = closes;
		} else if (opens && depth < QUOTE_DEPTH) {
			st[depth++] = (struct open_quote){ i, i + n, opens, opens_alt };
		}
		prev = c;
		i += n;
	}
	/* A quotation left open runs on past the end of the text (into the next paragraph). */
	if (depth > 0 && st[0].closer != '\'') {
		size_t end = trim_end(s, st[0].inner, len);
		if (is_speech(text, len, st[0].inner, end, false, &attributed))
			emit(st[0].start, end, ctx);
	}
}

/* ---- boilerplate ------------------------------------------------------ */

/* English function words: the stop-word density of running prose is high. */
static const char *const stop_words[] = {
	"a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any",
	"are", "as", "at", "be", "because", "been", "before", "being", "between", "both", "but",
	"by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
	"for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
	"him", "his", "how", "i", "if", "in", "into", "is", "it", "it's", "its", "just", "more",
	"most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
	"other", "our", "out", "over", "own", "same", "she", "should", "since", "so", "some",
	"such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
	"this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we",
	"were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
	"would", "you", "your",
};

/* Words of the site around an article rather than of the article. */
static const char *const site_words[] = {
	"account", "advert", "advertisement", "advertising", "afp", "agree", "alamy", "app",
	"article", "articles", "author", "comment", "comments", "conditions", "consent",
	"contact", "content", "cookie", "cookies", "copyright", "correction", "credit",
	"digest", "disclaimer", "disqus", "editing", "email", "facebook", "filed", "getty",
	"home", "image", "inbox", "instagram", "javascript", "jobs", "linkedin", "loading",
	"login", "logout", "menu", "min", "modified", "navigation", "newsletter", "newsletters",
	"newsroom", "notifications", "photo", "photograph", "picks", "picture", "pictured",
	"pinterest", "podcast", "popular", "posted", "preferences", "previous", "print",
	"privacy", "published", "read", "recommended", "reddit", "register", "related", "reply",
	"reporting", "reserved", "rss", "search", "sections", "settings", "share", "shares",
	"shutterstock", "sign", "sign-in", "sign-up", "signup", "sponsored", "stories",
	"subscribe", "subscribed", "subscriber", "subscribers", "subscribing", "subscription",
	"tags", "telegram", "terms", "topics", "trending", "tweet", "twitter", "updated",
	"video", "whatsapp", "youtube",
};

/* First words of the prompts sites address to readers. */
static const char *const imperatives[] = {
	"accept", "back", "become", "click", "continue", "copy", "download", "email", "enter",
	"follow", "get", "join", "leave", "like", "listen", "load", "log", "manage", "open",
	"please", "print", "read", "register", "reject", "report", "search", "see", "share",
	"show", "sign", "skip", "start", "subscribe", "support", "tap", "thank", "view", "want",
	"watch", "write",
};

static const char *const reader_words[] = {
	"our", "ours", "you", "you'll", "you're", "you've", "your", "yours",
};

static const char *const self_nouns[] = {
	"article", "content", "material", "newsletter", "page", "post", "site", "story",
	"video", "website",
};

/* Words a two-word sign starts or ends with (this article, rights reserved). */
static const char *const markers[] = { "copyright", "reserved", "rights", "this" };

static bool is_separator(uint32_t c)
{
	return c == '|' || c == '>' || c == '/' || c == 0xBB || c == 0x2022 || c == 0xB7 ||
	       c == 0x203A || c == '~';
}

static bool is_closing(uint32_t c)
{
	return c == ')' || c == ']' || c == '"' || c == '\'' || c == 0x2019 || c == 0x201D || c == 0xBB;
}

struct line_features {
	unsigned words, stops, site, reader, separators;
	bool all_capitalized, ends_sentence, imperative, label, byline, self_reference, copyright;
};

static void line_features(const char *text, size_t start, size_t end, struct line_features *f)
{
	const unsigned char *s = (const unsigned char *)text;
	memset(f, 0, sizeof *f);
	f->all_capitalized = true;

	/* Separators standing alone and ©: all but a few ASCII bytes skip the decoding. */
	uint32_t prev = 0;
	for (size_t i = start; i < end;) {
		unsigned char b = s[i];
		if (b < 0x80 && b != '|' && b != '>' && b != '/' && b != '~') {
			prev = b;
			i++;
			continue;
		}
		size_t n, nn;
		uint32_t c = decode_at(s, end, i, &n);
		if (c == 0xA9)
			f->copyright = true;
		if (is_separator(c) && (prev == 0 || utf8_is_space(prev))) {
			uint32_t next = decode_at(s, end, i + n, &nn);
			if (!nn || utf8_is_space(next))
				f->separators++;
		}
		prev = c;
		i += n;
	}
	/* The last character, past closing quotes and brackets. */
	for (size_t e = end; e > start;) {
		size_t back;
		uint32_t c = utf8_decode_before(s, start, e, &back);
		if (!utf8_is_space(c) && !is_closing(c)) {
			f->ends_sentence = c == '.' || c == '!' || c == '?' || c == 0x2026;
			break;
		}
		e = back;
	}

	struct word_reader w = { 0 };
	words_init(&w, text, start, end);
	char prev_word[24] = "";
	bool prev_was_by = false;
	int quote_depth = 0;
	size_t quote_scan = start;
	while (next_word(&w)) {
		/* Quote depth at the word's start: words inside quotes are someone else's. */
		for (; quote_scan < w.start;) {
			if (s[quote_scan] < 0x80 && s[quote_scan] != '"') {
				quote_scan++;
				continue;
			}
			size_t n;
			uint32_t c = decode_at(s, end, quote_scan, &n);
			if (c == 0x201C || c == 0x201E || c == 0xAB)
				quote_depth++;
			else if ((c == 0x201D || c == 0xBB) && quote_depth > 0)
				quote_depth--;
			else if (c == '"')
				quote_depth = quote_depth ? quote_depth - 1 : 1;
			quote_scan += n;
		}
		quote_scan = w.end;
		const char *lw = w.lower;
		f->words++;
		if (!w.capitalized)
			f->all_capitalized = false;
		if (!w.lower_len)
			continue;
		unsigned flags = word_flags(lw, w.lower_len);
		f->stops += !!(flags & W_STOP);
		f->site += !!(flags & W_SITE);
		if (quote_depth == 0 && (flags & W_READER))
			f->reader++;
		if (f->words == 1 && (flags & W_IMPERATIVE))
			f->imperative = true;
		if (f->words == 2 && prev_was_by && w.capitalized)
			f->byline = true;
		if (f->words <= 2 && w.end < end && s[w.end] == ':')
			f->label = true;
		if ((flags & W_SELF_NOUN) && strcmp(prev_word, "this") == 0)
			f->self_reference = true;
		if ((flags & W_MARKER) && (strcmp(lw, "copyright") == 0 ||
					   (strcmp(prev_word, "rights") == 0 && strcmp(lw, "reserved") == 0)))
			f->copyright = true;
		prev_was_by = f->words == 1 && strcmp(lw, "by") == 0 && w.capitalized;
		/* Only the words that start a two-word sign need remembering. */
		if (flags & W_MARKER)
			memcpy(prev_word, lw, w.lower_len + 1);
		else
			prev_word[0] = '\0';
	}
}

static bool is_boilerplate(const struct line_features *f)
{
	if (f->words == 0)
		return false;
	if (f->copyright)
		return true;
	bool prose = f->words >= 10 && f->stops * 100 >= f->words * 28 && f->ends_sentence;
	int score = 2 * (int)(f->site < 3 ? f->site : 3) + 2 * (int)(f->reader < 2 ? f->reader : 2) +
		    3 * f->self_reference + 3 * f->byline + f->label;
	if (f->separators >= 2)
		score += 2;
	else if (f->separators == 1)
		score += 1;
	if (f->imperative)
		score += f->words <= 12 ? 2 : 1;
	if (!f->ends_sentence && f->words <= 8)
		score += 1;
	if (f->all_capitalized && f->stops == 0 && f->words >= 4 && !f->ends_sentence)
		score += 1;
	if (prose && !f->reader && !f->self_reference)
		score -= f->words >= 20 ? 6 : 4;
	return score >= 3;
}

void detect_boilerplate_why(const char *text, size_t start, size_t end, struct buf *out)
{
	struct line_features f;
	line_features(text, start, end, &f);
	buf_addf(out, "%u word%s", f.words, f.words == 1 ? "" : "s");
	if (f.copyright)
		buf_adds(out, ", a copyright notice");
	if (f.site)
		buf_addf(out, ", %u site word%s", f.site, f.site == 1 ? "" : "s");
	if (f.reader)
		buf_adds(out, ", addressed to the reader");
	if (f.self_reference)
		buf_adds(out, ", names the page (this article...)");
	if (f.byline)
		buf_adds(out, ", a byline");
	if (f.label)
		buf_adds(out, ", a label");
	if (f.separators)
		buf_addf(out, ", %u separator%s", f.separators, f.separators == 1 ? "" : "s");
	if (f.imperative)
		buf_adds(out, ", starts with an imperative");
	if (!f.ends_sentence)
		buf_adds(out, ", no sentence end");
	if (f.all_capitalized && f.stops == 0 && f.words >= 4)
		buf_adds(out, ", every word capitalised");
	buf_addf(out, ", %u stop word%s", f.stops, f.stops == 1 ? "" : "s");
}

void detect_boilerplate(const char *text, size_t len, detect_emit emit, void *ctx)
{
	size_t start = 0;
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t a = start, b = end;
		while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
			a++;
		while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
			b--;
		if (a < b) {
			struct line_features f;
			line_features(text, a, b, &f);
			if (is_boilerplate(&f))
				emit(a, b, ctx);
		}
		start = end + 1;
	}
}

/* ---- mojibake --------------------------------------------------------- */

static bool is_vowel(unsigned char c)
{
	c |= 0x20;
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/*
 * Consonants that start words: English, and the names news carries most
 * (Slavic, German, Georgian, Khmer and African names in their English
 * spellings).
 */
static const char *const onsets[] = {
	"bh", "bj", "bl", "br", "brz", "bz", "ch", "chl", "chr", "chv", "chw", "cl", "cr", "cz",
	"dh", "dj", "dm", "dr", "dv", "dw", "dz", "dzh", "fj", "fl", "fr", "gh", "ghr", "gl", "gn",
	"gr", "gv", "gw", "hj", "hr", "hv", "jh", "kh", "khm", "khr", "kht", "khv", "kj", "kl",
	"kn", "kr", "krz", "ksh", "kv", "kw", "lj", "ll", "mb", "mc", "mcc", "mcd", "mcf", "mcg",
	"mck", "mcl", "mcm", "mcn", "mcp", "mcr", "mct", "mcw", "mh", "mj", "mk", "mkh", "ml",
	"mn", "mp", "mr", "ms", "mst", "mt", "mts", "mtsk", "mtskh", "nd", "ndl", "ng", "ngw",
	"nj", "nk", "nkr", "nt", "nts", "nz", "pf", "pfl", "pfr", "ph", "phn", "phr", "pl", "pn",
	"pr", "prz", "ps", "psh", "psk", "pt", "rh", "sb", "sc", "sch", "schl", "schm", "schn",
	"schr", "schw", "scl", "scr", "sd", "sh", "shch", "shm", "shr", "sht", "shv", "sk", "skh",
	"skl", "skr", "skv", "sl", "sm", "sn", "sp", "sph", "spl", "spr", "sr", "st", "str", "sv",
	"sw", "sz", "szcz", "szt", "tch", "th", "thr", "tj", "tk", "tl", "tm", "tr", "trz", "ts",
	"tsch", "tsh", "tshw", "tsv", "tv", "tw", "tz", "vk", "vkl", "vl", "vr", "vs", "vsk",
	"vst", "vz", "vzg", "vzr", "wh", "wl", "wr", "zb", "zbr", "zd", "zdr", "zg", "zh", "zhd",
	"zl", "zm", "zn", "zr", "zv", "zw",
};

/*
 * An ASCII word (a capital, if any, only first) that starts with
 * consonants no word starts with: letters were dropped.
 */
static bool dropped_letters(const unsigned char *s, size_t start, size_t end)
{
	if (end - start < 4)
		return false;
	size_t k = start;
	char onset[8];
	size_t o = 0;
	while (k < end && !is_vowel(s[k])) {
		if (s[k] >= 0x80 || o + 1 >= sizeof onset)
			return false;
		onset[o++] = (char)(s[k] | 0x20);
		k++;
	}
	if (o < 3 || k == end)
		return false;
	for (size_t j = k; j < end; j++)
		if (s[j] >= 0x80)
			return false;
	onset[o] = '\0';
	return !(word_flags(onset, o) & W_ONSET);
}

/*
 * Characters lost to a conversion that could not represent them: a '?'
 * inside a word (Fr?d?ric; not a query string, index.php?id=5) and words
 * that start with impossible consonants (Frdric, Mnchen).  Each alone
 * is also a typo or a foreign name, so only a text with two of a kind is
 * judged damaged.  An iterator, so its spans merge in order with those
 * of common/mojibake.
 */
enum { LOST_MARK = 1, LOST_WORD = 2 };

struct lossy {
	const unsigned char *s;
	size_t len, pos, word_start;
	uint32_t prev;
	bool in_word, ascii_word;
	unsigned want;		/* LOST_MARK, LOST_WORD: the kinds reported */
};

static void lossy_init(struct lossy *l, const char *text, size_t len, unsigned want)
{
	*l = (struct lossy){ .s = (const unsigned char *)text, .len = len, .want = want };
}

/* The next span of a kind wanted, or false; *kind says which. */
static bool lossy_next(struct lossy *l, size_t *start, size_t *end, unsigned *kind)
{
	const unsigned char *s = l->s;
	size_t len = l->len;
	while (l->pos <= len) {
		size_t i = l->pos, n = 1;
		uint32_t c = i < len ? decode_at(s, len, i, &n) : ' ';
		l->pos += n;
		uint32_t prev = l->prev;
		l->prev = c;
		if (c == '?' && is_letter(prev)) {
			size_t nn, j = i + n;
			uint32_t next = decode_at(s, len, j, &nn);
			if (nn && is_letter(next) && !is_upper(next)) {
				/* A query string's '?' has an '=' after its first word. */
				while (j < len && (unsigned)(s[j] | 0x20) - 'a' < 26)
					j++;
				if ((j >= len || s[j] != '=') && (l->want & LOST_MARK)) {
					*start = i;
					*end = i + n;
					*kind = LOST_MARK;
					l->in_word = false;
					return true;
				}
			}
		}
		if (i < len && is_word_char(c)) {
			if (!l->in_word) {
				l->in_word = l->ascii_word = true;
				l->word_start = i;
			}
			/* Only words shaped like words: iPhone or a stray "\\nThe" are not. */
			l->ascii_word = l->ascii_word && c < 0x80 && (c | 0x20) - 'a' < 26 &&
					(i == l->word_start || c - 'A' >= 26);
			continue;
		}
		bool was = l->in_word && l->ascii_word;
		l->in_word = false;
		if (was && (l->want & LOST_WORD) && dropped_letters(s, l->word_start, i)) {
			*start = l->word_start;
			*end = i;
			*kind = LOST_WORD;
			return true;
		}
	}
	return false;
}

/* Spans of mojibake and of lost characters, merged in order. */
struct mojibake_merge {
	struct lossy lost;
	bool pending;
	size_t start, end;
	detect_emit emit;
	void *ctx;
};

static void lost_before(struct mojibake_merge *m, size_t limit)
{
	unsigned kind;
	while (m->pending && m->start < limit) {
		m->emit(m->start, m->end, m->ctx);
		m->pending = lossy_next(&m->lost, &m->start, &m->end, &kind);
	}
}

static void on_mojibake(size_t start, size_t end, void *ctx)
{
	struct mojibake_merge *m = ctx;
	lost_before(m, start);
	m->emit(start, end, m->ctx);
}

void detect_mojibake(const char *text, size_t len, detect_emit emit, void *ctx)
{
	struct lossy count;
	unsigned kind, marks = 0, words = 0;
	size_t start, end;
	lossy_init(&count, text, len, LOST_MARK | LOST_WORD);
	while ((marks < 2 || words < 2) && lossy_next(&count, &start, &end, &kind)) {
		marks += kind == LOST_MARK;
		words += kind == LOST_WORD;
	}
	struct mojibake_merge m = { .emit = emit, .ctx = ctx };
	lossy_init(&m.lost, text, len, (marks >= 2 ? LOST_MARK : 0) | (words >= 2 ? LOST_WORD : 0));
	m.pending = m.lost.want && lossy_next(&m.lost, &m.start, &m.end, &kind);
	mojibake_find(text, len, on_mojibake, &m);
	lost_before(&m, SIZE_MAX);
}

/* ---- script ----------------------------------------------------------- */

int detect_script(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t counts[256] = { 0 };
	size_t latin = 0;
	for (size_t i = 0; i < len;) {
		if (s[i] < 0x80) {
			latin += (unsigned)(s[i] | 0x20) - 'a' < 26;
			i++;
			continue;
		}
		size_t n;
		uint32_t c = decode_at(s, len, i, &n);
		if (is_letter(c))
			counts[script_of(c)]++;
		i += n;
	}
	counts[SCRIPT_LATIN] += latin;
	int best = -1;
	size_t most = 0;
	for (unsigned k = SCRIPT_COMMON + 1; k < script_count; k++)
		if (counts[k] > most) {
			most = counts[k];
			best = (int)k;
		}
	return best;
}

/* ---- the word table --------------------------------------------------- */

#define WORD_TABLE_SIZE 1024	/* a power of two, over twice the entries */

static struct word_entry {
	const char *word;
	uint8_t len;
	unsigned flags;
} word_table[WORD_TABLE_SIZE];
static pthread_once_t word_table_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *word, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)word[i]) * 16777619u;
	return h;
}

static void add_words(const char *const *list, size_t n, unsigned flag)
{
	for (size_t k = 0; k < n; k++) {
		size_t len = strlen(list[k]);
		uint32_t i = word_hash(list[k], len) & (WORD_TABLE_SIZE - 1);
		while (word_table[i].word && strcmp(word_table[i].word, list[k]) != 0)
			i = (i + 1) & (WORD_TABLE_SIZE - 1);
		word_table[i].word = list[k];
		word_table[i].len = (uint8_t)len;
		word_table[i].flags |= flag;
	}
}

#define ADD_WORDS(list, flag) add_words((list), sizeof(list) / sizeof(list)[0], (flag))

static void build_word_table(void)
{
	ADD_WORDS(stop_words, W_STOP);
	ADD_WORDS(site_words, W_SITE);
	ADD_WORDS(imperatives, W_IMPERATIVE);
	ADD_WORDS(reader_words, W_READER);
	ADD_WORDS(self_nouns, W_SELF_NOUN);
	ADD_WORDS(saying, W_SAYING);
	ADD_WORDS(title_small, W_TITLE_SMALL);
	ADD_WORDS(onsets, W_ONSET);
	ADD_WORDS(markers, W_MARKER);
}

static unsigned word_flags(const char *word, size_t len)
{
	if (len == 0 || len > 255)
		return 0;
	pthread_once(&word_table_once, build_word_table);
	uint32_t i = word_hash(word, len) & (WORD_TABLE_SIZE - 1);
	for (; word_table[i].word; i = (i + 1) & (WORD_TABLE_SIZE - 1))
		if (word_table[i].len == len && memcmp(word_table[i].word, word, len) == 0)
			return word_table[i].flags;
	return 0;
}
