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
#include "stopwords.h"
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
	W_SITE = 2, W_IMPERATIVE = 4, W_READER = 8, W_SELF_NOUN = 16, W_SAYING = 32,
	W_TITLE_SMALL = 64, W_ONSET = 128, W_MARKER = 256, W_SECTION = 512, W_CREDIT = 1024,
	W_SITE_STRONG = 2048,
};

/* The flags of a word, and in *langs the stop-word lists (common/stopwords) that hold it. */
static unsigned word_lookup(const char *word, size_t len, unsigned *langs);
/* The same, for a word whose hash (word_hash) is known. */
static unsigned word_lookup_hashed(const char *word, size_t len, uint32_t hash, unsigned *langs);
static pthread_once_t word_table_once = PTHREAD_ONCE_INIT;
static void build_word_table(void);

static unsigned word_flags(const char *word, size_t len)
{
	unsigned langs;
	return word_lookup(word, len, &langs);
}

/*
 * Words of a text, lower-cased, one at a time.  A word is a run
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
			/* Lists are lower case: Über, Это and Élysée start sentences too. */
			unsigned char low[4];
			size_t ln = (size_t)utf8proc_encode_char(utf8proc_tolower((utf8proc_int32_t)c), low);
			if (out + ln < sizeof w->lower) {
				memcpy(w->lower + out, low, ln);
				out += ln;
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

/*
 * The stop words are common/stopwords' lists, one bit each in the word
 * table.  Running prose in each language holds a share of them that
 * depends on the language and the list (inflected languages need fewer
 * function words): measured on articles written for rill's tests, it is
 * what a line's own share is weighed against.
 */
enum { MAX_LANGS = 12 };

static const struct { const char *lang; double density; } prose_density[] = {
	{ "de", 0.46 }, { "en", 0.48 }, { "es", 0.52 }, { "fr", 0.52 }, { "it", 0.48 },
	{ "nl", 0.50 }, { "pl", 0.27 }, { "pt", 0.50 }, { "ru", 0.28 }, { "tr", 0.13 },
};

static double density_of(unsigned lang)
{
	for (size_t k = 0; k < sizeof prose_density / sizeof prose_density[0]; k++)
		if (lang < stopword_list_count && strcmp(prose_density[k].lang, stopword_lists[lang].lang) == 0)
			return prose_density[k].density;
	return 0.45;
}

static unsigned english(void)
{
	for (unsigned k = 0; k < stopword_list_count && k < MAX_LANGS; k++)
		if (strcmp(stopword_lists[k].lang, "en") == 0)
			return k;
	return 0;
}

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
	/* The same signs in the other languages of the stop-word lists. */
	"anzeige", "werbung", "datenschutz", "impressum", "anmelden", "abonnieren", "abo",
	"teilen", "kommentare", "einstellungen", "akzeptieren", "nutzungsbedingungen",
	"lesezeit", "foto", "bild", "publicité", "confidentialité", "abonner", "abonnez-vous",
	"connecter", "partager", "paramètres", "accepter", "cookies", "newsletter", "mentions",
	"publicidad", "privacidad", "suscríbete", "suscribirse", "compartir", "aceptar",
	"configurar", "iniciar", "pubblicità", "iscriviti", "condividi", "accetta", "rifiuta",
	"accedi", "abbonati", "publicidade", "privacidade", "assinar", "partilhar", "aceitar",
	"inloggen", "abonneren", "delen", "advertentie", "akkoord", "zaloguj", "subskrybuj",
	"udostępnij", "reklama", "prywatności", "regulamin", "реклама", "подписаться",
	"поделиться", "войти", "конфиденциальности", "paylaş", "reklam", "gizlilik", "çerez",
	"abone",
};

/*
 * Of those, the words of what a site asks of its reader (consent, an
 * account, a subscription, advertising): prose that holds one is the
 * site's, never an article's, wherever it stands.
 */
static const char *const strong_site_words[] = {
	"account", "advert", "advertisement", "advertising", "consent", "cookie", "cookies",
	"copyright", "disclaimer", "inbox", "javascript", "login", "logout", "newsletter",
	"newsletters", "notifications", "preferences", "privacy", "register", "settings",
	"sign-in", "sign-up", "signup", "sponsored", "subscribe", "subscribed", "subscriber",
	"subscribers", "subscribing", "subscription", "terms", "anzeige", "werbung",
	"datenschutz", "impressum", "anmelden", "abonnieren", "einstellungen", "akzeptieren",
	"nutzungsbedingungen", "publicité", "confidentialité", "abonner", "paramètres",
	"accepter", "publicidad", "privacidad", "suscríbete", "suscribirse", "aceptar",
	"configurar", "pubblicità", "iscriviti", "accetta", "rifiuta", "publicidade",
	"privacidade", "assinar", "aceitar", "inloggen", "abonneren", "advertentie", "akkoord",
	"zaloguj", "subskrybuj", "reklama", "prywatności", "regulamin", "реклама",
	"подписаться", "конфиденциальности", "reklam", "gizlilik", "çerez", "abone",
};

/*
 * Words that head the section of reader comments after an article, in
 * the languages of the stop-word lists: past such a heading, prose is the
 * readers' (the way boilerpipe's terminating blocks end an article).
 */
static const char *const section_words[] = {
	"comment", "comments", "replies", "responses", "discussion", "kommentare", "kommentar",
	"leserkommentare", "commentaires", "commentaire", "comentarios", "comentario", "commenti",
	"commento", "comentários", "comentário", "reacties", "reactie", "komentarze", "komentarzy",
	"yorumlar", "yorum", "комментарии", "комментариев", "комментарий",
};

/* First words of the prompts sites address to readers. */
static const char *const imperatives[] = {
	"accept", "back", "become", "click", "continue", "copy", "download", "email", "enter",
	"follow", "get", "join", "leave", "like", "listen", "load", "log", "manage", "open",
	"please", "print", "read", "register", "reject", "report", "search", "see", "share",
	"show", "sign", "skip", "start", "subscribe", "support", "tap", "thank", "view", "want",
	"watch", "write",
	"lesen", "lies", "mehr", "jetzt", "lire", "voir", "découvrez", "abonnez-vous", "lee",
	"leer", "ver", "descubre", "leggi", "scopri", "leia", "veja", "lees", "bekijk", "czytaj",
	"zobacz", "читайте", "смотрите", "oku", "okuyun",
};

/* Words of a site to its reader (outside quotes): you, your, our, in each language. */
static const char *const reader_words[] = {
	"our", "ours", "you", "you'll", "you're", "you've", "your", "yours",
	"ihre", "ihren", "ihrer", "unsere", "unseren", "unserer", "unser", "votre", "vos",
	"notre", "nos", "vous", "nuestra", "nuestro", "nuestras", "nuestros", "vuestra",
	"vostro", "vostra", "nostro", "nostra", "nostri", "vosso", "vossa", "nosso", "nossa",
	"você", "uw", "onze", "wasz", "nasz", "nasze", "ваш", "ваши", "наш", "наши", "sizin",
	"bizim",
};

static const char *const self_nouns[] = {
	"article", "content", "material", "newsletter", "page", "post", "site", "story",
	"video", "website",
};

/* Words that name a picture's source before a colon or slash. */
static const char *const credit_words[] = {
	"photo", "photograph", "picture", "image", "credit", "credits", "foto", "bild",
	"imagen", "immagine", "фото", "fotoğraf",
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
	unsigned words, chars, site, strong_site, reader, separators, sections, digits;
	uint16_t stops[MAX_LANGS];	/* words of each stop-word list */
	bool all_capitalized, ends_sentence, imperative, label, byline, self_reference, copyright;
	bool credit;
};

/*
 * The scan behind line_features(): one pass over a line's bytes, ASCII
 * by a table and the rest decoded, words lower-cased and hashed as they
 * are read (the word table is looked up by that hash), quotes and
 * separators noted between them.  A word is what next_word() reads: a
 * run of letters, marks and digits, an apostrophe or hyphen inside kept.
 */
enum { A_OTHER, A_WORD, A_SPACE, A_QUOTE, A_JOIN, A_SEP };

static const uint8_t ascii_class[128] = {
	['0' ... '9'] = A_WORD, ['A' ... 'Z'] = A_WORD, ['a' ... 'z'] = A_WORD,
	[' '] = A_SPACE, ['\t'] = A_SPACE, ['\n'] = A_SPACE, ['\v'] = A_SPACE, ['\f'] = A_SPACE,
	['\r'] = A_SPACE, ['"'] = A_QUOTE, ['\''] = A_JOIN, ['-'] = A_JOIN,
	['|'] = A_SEP, ['>'] = A_SEP, ['/'] = A_SEP, ['~'] = A_SEP,
};

/* A byte of an ASCII word, lower-cased; 0 for any other byte (beyond ASCII too). */
static const unsigned char ascii_lower_word[256] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
	['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
	['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
	['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
	['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
	['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
	['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
	['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

struct line_scan {
	const unsigned char *s;
	size_t end;
	struct line_features *f;
	char lower[24];
	size_t len;		/* bytes of lower; the word did not fit past sizeof lower - 1 */
	bool fits, capitalized, in_word;
	uint32_t hash;
	size_t apostrophe;	/* bytes of lower up to and with its first apostrophe, 0 if none */
	uint32_t apostrophe_hash;
	int quote_depth;
	char prev_word[24];	/* the last word if it starts a two-word sign, else empty */
	bool prev_was_by;
};

static inline void scan_put(struct line_scan *sc, const unsigned char *b, size_t n)
{
	if (sc->len + n >= sizeof sc->lower) {
		sc->fits = false;
		return;
	}
	for (size_t k = 0; k < n; k++) {
		sc->lower[sc->len++] = (char)b[k];
		sc->hash = (sc->hash ^ b[k]) * FNV_PRIME;
	}
}

static inline void scan_begin(struct line_scan *sc, bool capitalized)
{
	sc->in_word = true;
	sc->len = 0;
	sc->fits = true;
	sc->hash = FNV_BASIS;
	sc->apostrophe = 0;
	sc->capitalized = capitalized;
}

static void scan_signs(struct line_scan *sc, size_t at, unsigned flags);

/* The word just read, which ended at s[at]: what it says about the line. */
static void scan_word(struct line_scan *sc, size_t at)
{
	struct line_features *f = sc->f;
	sc->in_word = false;
	f->words++;
	if (!sc->capitalized)
		f->all_capitalized = false;
	if (!sc->fits)
		return;
	const char *lw = sc->lower;
	size_t len = sc->len;
	sc->lower[len] = '\0';
	f->digits += (unsigned)lw[0] - '0' < 10;
	unsigned langs;
	unsigned flags = word_lookup_hashed(lw, len, sc->hash, &langs);
	if (!langs && sc->apostrophe)	/* l'école, dell'anno: the article is the stop word */
		word_lookup_hashed(lw, sc->apostrophe, sc->apostrophe_hash, &langs);
	for (unsigned k = 0; langs; k++, langs >>= 1)
		f->stops[k] += langs & 1;
	f->site += !!(flags & W_SITE);
	f->strong_site += !!(flags & W_SITE_STRONG);
	f->sections += !!(flags & W_SECTION);
	if (sc->quote_depth == 0 && (flags & W_READER))
		f->reader++;
	if (f->words == 1 && (flags & W_IMPERATIVE))
		f->imperative = true;
	if (f->words == 2 && sc->prev_was_by && sc->capitalized)
		f->byline = true;
	if (f->words <= 2 || flags & (W_CREDIT | W_SELF_NOUN | W_MARKER))
		scan_signs(sc, at, flags);
	else
		sc->prev_was_by = false;
	/* Only the words that start a two-word sign are remembered. */
	if (!(flags & W_MARKER))
		sc->prev_word[0] = '\0';
}

/* The signs only a line's first words or a few listed words make. */
static void scan_signs(struct line_scan *sc, size_t at, unsigned flags)
{
	struct line_features *f = sc->f;
	const unsigned char *s = sc->s;
	size_t end = sc->end;
	const char *lw = sc->lower;
	if (f->words <= 2 && at < end && (s[at] == ':' || (at + 1 < end && s[at] == ' ' && s[at + 1] == ':')))
		f->label = true;
	/* A credit anywhere: Photo: Jane Doe, Picture: Valley Gazette, Bild: dpa. */
	if ((flags & W_CREDIT) && at < end && (s[at] == ':' || s[at] == '/'))
		f->credit = true;
	if ((flags & W_SELF_NOUN) && strcmp(sc->prev_word, "this") == 0)
		f->self_reference = true;
	if ((flags & W_MARKER) && (strcmp(lw, "copyright") == 0 ||
				   (strcmp(sc->prev_word, "rights") == 0 && strcmp(lw, "reserved") == 0)))
		f->copyright = true;
	sc->prev_was_by = f->words == 1 && sc->capitalized && strcmp(lw, "by") == 0;
	if (flags & W_MARKER)
		memcpy(sc->prev_word, lw, sc->len + 1);
}

/* Does a word character start at s[i]? */
static bool word_char_at(const unsigned char *s, size_t end, size_t i)
{
	if (i >= end)
		return false;
	if (s[i] < 0x80)
		return ascii_class[s[i]] == A_WORD;
	size_t n;
	return is_word_char(utf8_decode(s + i, end - i, &n));
}

static bool space_at(const unsigned char *s, size_t end, size_t i)
{
	if (i >= end)
		return true;
	if (s[i] < 0x80)
		return ascii_class[s[i]] == A_SPACE;
	size_t n;
	return utf8_is_space(utf8_decode(s + i, end - i, &n));
}

static void line_features(const char *text, size_t start, size_t end, struct line_features *f)
{
	const unsigned char *s = (const unsigned char *)text;
	memset(f, 0, sizeof *f);
	f->all_capitalized = true;
	pthread_once(&word_table_once, build_word_table);
	struct line_scan sc;
	sc.s = s;
	sc.end = end;
	sc.f = f;
	sc.in_word = false;
	sc.quote_depth = 0;
	sc.prev_word[0] = '\0';
	sc.prev_was_by = false;
	bool prev_space = true;	/* the character before is white space, or there is none */
	for (size_t i = start; i < end;) {
		unsigned char b = s[i];
		f->chars++;
		if (b < 0x80) {
			unsigned cls = ascii_class[b];
			if (cls == A_WORD) {
				if (!sc.in_word)
					scan_begin(&sc, (unsigned)b - 'A' < 26);
				/* A run of ASCII letters and digits in one tight loop: most of any text. */
				size_t j = i, len = sc.len;
				uint32_t hash = sc.hash;
				for (unsigned char low; j < end && (low = ascii_lower_word[s[j]]) != 0; j++) {
					if (len + 1 < sizeof sc.lower)
						sc.lower[len] = (char)low;
					len++;
					hash = (hash ^ low) * FNV_PRIME;
				}
				if (len + 1 > sizeof sc.lower)
					sc.fits = false;
				else
					sc.len = len;
				sc.hash = hash;
				f->chars += (unsigned)(j - i) - 1;
				prev_space = false;
				i = j;
				continue;
			}
			if (sc.in_word && cls == A_JOIN && word_char_at(s, end, i + 1)) {
				unsigned char join = b;
				if (b == '\'' && !sc.apostrophe && sc.fits && sc.len + 1 < sizeof sc.lower) {
					sc.apostrophe = sc.len + 1;
					sc.apostrophe_hash = (sc.hash ^ '\'') * FNV_PRIME;
				}
				scan_put(&sc, &join, 1);
				prev_space = false;
				i++;
				continue;
			}
			if (sc.in_word)
				scan_word(&sc, i);
			if (cls == A_SEP && prev_space && space_at(s, end, i + 1))
				f->separators++;
			else if (cls == A_QUOTE)
				sc.quote_depth = sc.quote_depth ? sc.quote_depth - 1 : 1;
			prev_space = cls == A_SPACE;
			i++;
			continue;
		}
		size_t n;
		uint32_t c = utf8_decode(s + i, end - i, &n);
		if (is_word_char(c)) {
			if (!sc.in_word)
				scan_begin(&sc, is_upper(c));
			/* Lists are lower case: Über, Это and Élysée start sentences too. */
			unsigned char low[4];
			size_t ln = (size_t)utf8proc_encode_char(utf8proc_tolower((utf8proc_int32_t)c), low);
			scan_put(&sc, low, ln);
			prev_space = false;
			i += n;
			continue;
		}
		if (sc.in_word && c == 0x2019 && word_char_at(s, end, i + n)) {
			unsigned char join = '\'';
			if (!sc.apostrophe && sc.fits && sc.len + 1 < sizeof sc.lower) {
				sc.apostrophe = sc.len + 1;
				sc.apostrophe_hash = (sc.hash ^ '\'') * FNV_PRIME;
			}
			scan_put(&sc, &join, 1);
			prev_space = false;
			i += n;
			continue;
		}
		if (sc.in_word)
			scan_word(&sc, i);
		if (c == 0xA9)
			f->copyright = true;
		if (is_separator(c) && prev_space && space_at(s, end, i + n))
			f->separators++;
		if (c == 0x201C || c == 0x201E || c == 0xAB)
			sc.quote_depth++;
		else if ((c == 0x201D || c == 0xBB) && sc.quote_depth > 0)
			sc.quote_depth--;
		prev_space = utf8_is_space(c);
		i += n;
	}
	if (sc.in_word)
		scan_word(&sc, end);
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
}

/*
 * A line judged on its own from its features: the site's vocabulary,
 * words to the reader, separators, a label or a byline, a copyright;
 * prose (ten words or more at the language's density of stop words,
 * ending a sentence) outweighs them.  `density` is the share of stop
 * words running prose of the line's language has.
 */
static bool is_chrome(const struct line_features *f, unsigned lang, double density)
{
	if (f->words == 0)
		return false;
	if (f->copyright)
		return true;
	unsigned stops = f->stops[lang];
	bool prose = f->words >= 10 && stops >= 0.583 * density * f->words && f->ends_sentence;
	int score = 2 * (int)(f->site < 3 ? f->site : 3) + 2 * (int)(f->reader < 2 ? f->reader : 2) +
		    3 * f->self_reference + 3 * f->byline + f->label + 2 * f->credit;
	if (f->separators >= 2)
		score += 2;
	else if (f->separators == 1)
		score += 1;
	if (f->imperative)
		score += f->words <= 12 ? 2 : 1;
	if (!f->ends_sentence && f->words <= 8)
		score += 1;
	if (f->all_capitalized && stops == 0 && f->words >= 4 && !f->ends_sentence)
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
	/* The list the line hits most: its page's language is known only to the page. */
	unsigned best = english(), langs = stopword_list_count < MAX_LANGS ? stopword_list_count : MAX_LANGS;
	for (unsigned k = 0; k < langs; k++)
		if (f.stops[k] > f.stops[best])
			best = k;
	if (f.credit)
		buf_adds(out, ", a photo credit");
	if (f.all_capitalized && f.stops[best] == 0 && f.words >= 4)
		buf_adds(out, ", every word capitalised");
	buf_addf(out, ", %u stop word%s", f.stops[best], f.stops[best] == 1 ? "" : "s");
}

/*
 * A page: the lines judged together.  Most of a real page is short lines
 * of chrome before and after the article (networks, menus, dates,
 * related headlines, footers), and many of them look like nothing on
 * their own, so a line is first classed by itself, as jusText classes a
 * block (bad: chrome, or prose it is not; short: too short to tell;
 * near-good: prose-like but short; good: long prose), and then the lines
 * that could not tell take their class from the nearest lines that can,
 * the page's edges counting as chrome.  A heading of reader comments
 * after the article ends it.
 */
enum line_class { BAD, SHORT, LOW, NEARGOOD, GOOD };

/* Lines a page is judged in at once; a longer one in pieces of that many. */
enum { PAGE_LINES = 512 };

/* jusText's bounds: characters of a short and of a long block, shares of stop words. */
enum { LENGTH_LOW = 70, LENGTH_HIGH = 200, SENTENCE_WORDS = 15, SENTENCE_CHARS = 100 };

/*
 * A menu: MENU_RUN short lines or more in a row, of at most MENU_WORDS
 * words and 2.5 on average.  A block of the article: kept lines across
 * at most BLOCK_GAP lines of chrome, kept if its prose words are at least
 * 1/BLOCK_SHARE of the heaviest block's.
 */
enum { MENU_RUN = 4, MENU_WORDS = 3, BLOCK_GAP = 2, BLOCK_SHARE = 4 };

/* A headline's byline and date: at most this many lines between it and the article. */
enum { HEADING_GAP = 3 };
#define STOPS_LOW 0.62	/* of the language's prose density */
#define STOPS_HIGH 0.68

struct page_line {
	size_t start, end;
	struct line_features f;
	uint8_t initial, final;
	bool terminator;
	bool chrome;		/* short chrome: never kept, whatever the context */
};

struct page {
	struct page_line line[PAGE_LINES];
	size_t n;
	unsigned lang;
	double density;
	bool no_list;		/* no stop-word list fits the page: length alone */
};

/* Is the line a heading of reader comments: "Comments", "12 comments", "Leave a Reply"? */
static bool is_comment_heading(const struct line_features *f, unsigned lang)
{
	return f->sections && f->words <= 4 && !f->ends_sentence &&
	       f->sections + f->digits + f->stops[lang] + (f->imperative ? 1 : 0) + f->site >= f->words;
}

/* Reads lines of text from pos into p, at most PAGE_LINES; returns where the next piece starts. */
static size_t page_read(struct page *p, const char *text, size_t len, size_t pos)
{
	p->n = 0;
	while (pos < len && p->n < PAGE_LINES) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t a = pos, b = end;
		while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
			a++;
		while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
			b--;
		if (a < b) {
			struct page_line *l = &p->line[p->n++];
			l->start = a;
			l->end = b;
			line_features(text, a, b, &l->f);
		}
		pos = end + 1;
	}
	return pos;
}

/* The page's language: the stop-word list its words hit most. */
static void page_language(struct page *p)
{
	unsigned long hits[MAX_LANGS] = { 0 }, words = 0;
	unsigned langs = stopword_list_count < MAX_LANGS ? stopword_list_count : MAX_LANGS;
	for (size_t i = 0; i < p->n; i++) {
		words += p->line[i].f.words;
		for (unsigned k = 0; k < langs; k++)
			hits[k] += p->line[i].f.stops[k];
	}
	unsigned best = english();
	for (unsigned k = 0; k < langs; k++)
		if (hits[k] > hits[best])
			best = k;
	p->lang = best;
	p->density = density_of(best);
	/* Chinese, Japanese, Arabic...: no list holds their words. */
	p->no_list = words >= 20 && hits[best] * 20 < words;
}

static enum line_class initial_class(const struct page *p, const struct page_line *l, bool *chrome)
{
	const struct line_features *f = &l->f;
	double share = f->words ? (double)f->stops[p->lang] / f->words : 0;
	bool sentences = f->ends_sentence && (f->words >= SENTENCE_WORDS || f->chars >= SENTENCE_CHARS);
	/*
	 * Short chrome (a time, a date, "Advertisement", "Read more: ...", a
	 * credit) stands inside articles as much as around them: it is never
	 * kept, but it is short, and short lines do not decide for others.
	 */
	if (f->digits == f->words || (f->chars < LENGTH_LOW && is_chrome(f, p->lang, p->density))) {
		*chrome = true;
		return SHORT;
	}
	if (is_chrome(f, p->lang, p->density)) {
		/*
		 * Prose that speaks to the reader is chrome on its own (a cookie
		 * wall, a newsletter prompt) but also a column's or a blog's
		 * paragraph: the lines around tell which.
		 */
		bool soft = sentences && share >= STOPS_HIGH * p->density && !f->copyright &&
			    !f->byline && !f->strong_site;
		return soft ? NEARGOOD : BAD;
	}
	if (f->chars < LENGTH_LOW)
		return SHORT;
	if (p->no_list)
		return f->chars >= LENGTH_HIGH ? GOOD : NEARGOOD;
	/* News writes a sentence a paragraph: one of 15 words is prose as surely as 200 characters. */
	if (share >= STOPS_HIGH * p->density)
		return f->chars >= LENGTH_HIGH || sentences ? GOOD : NEARGOOD;
	if (share >= STOPS_LOW * p->density)
		return NEARGOOD;
	/*
	 * Sentences thin in stop words (names, figures, a dateline): prose
	 * when what follows is (NEW YORK, Feb 27 (Wire) - ...) or prose comes
	 * right before, not when prose comes only somewhere before: the end
	 * of a page is full of such sentences ("GadgetLab is part of
	 * Futureview Publishing, ...").
	 */
	return sentences ? LOW : BAD;
}

/*
 * The nearest class before (dir -1) or after (+1) line i that is good or
 * bad, passing short lines and, if `pass_neargood`, near-good ones; the
 * page's edge is bad.
 */
static enum line_class neighbour(const struct page *p, size_t i, int dir, bool pass_neargood)
{
	for (size_t k = i;;) {
		if (dir < 0 ? k == 0 : k + 1 >= p->n)
			return BAD;
		k = dir < 0 ? k - 1 : k + 1;
		enum line_class c = (enum line_class)p->line[k].initial;
		if (c == SHORT || c == LOW || (c == NEARGOOD && pass_neargood))
			continue;
		return c;
	}
}

/*
 * The article is one stretch of the page, as boilerpipe keeps its largest
 * block: stretches of kept lines (across at most BLOCK_GAP lines of chrome,
 * an advertisement or a "Read more" link) are weighed by their prose
 * words, and a stretch far lighter than the heaviest (a teaser, a reader's
 * comment, a cookie wall that reads like prose) is chrome too.
 */
static void page_blocks(struct page *p)
{
	size_t best = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < p->n;) {
			if (p->line[i].final != GOOD) {
				i++;
				continue;
			}
			size_t j = i, last = i, weight = 0;
			for (; j < p->n && j <= last + BLOCK_GAP + 1; j++) {
				const struct page_line *l = &p->line[j];
				if (l->final != GOOD)
					continue;
				last = j;
				if (l->initial == GOOD || l->initial == NEARGOOD)
					weight += l->f.words;
			}
			if (pass == 0 && weight > best)
				best = weight;
			if (pass == 1 && weight * BLOCK_SHARE < best)
				for (size_t k = i; k <= last; k++)
					p->line[k].final = BAD;
			i = last + 1;
		}
	}
}

static void page_judge(struct page *p)
{
	page_language(p);
	for (size_t i = 0; i < p->n; i++) {
		struct page_line *l = &p->line[i];
		l->chrome = false;
		l->initial = (uint8_t)initial_class(p, l, &l->chrome);
		l->terminator = is_comment_heading(&l->f, p->lang);
	}
	/* One line of short chrome stands aside; two or more together are a wall, like a menu. */
	for (size_t i = 0; i + 1 < p->n; i++)
		if (p->line[i].chrome && p->line[i + 1].chrome)
			p->line[i].initial = p->line[i + 1].initial = BAD;
	/*
	 * No context to lean on: a record of a line or two, or a text with no
	 * line of long prose.  Each line as it is.
	 */
	bool prose = false;
	for (size_t i = 0; i < p->n; i++)
		prose |= p->line[i].initial == GOOD;
	if (p->n < 3 || !prose) {
		for (size_t i = 0; i < p->n; i++)
			p->line[i].final = is_chrome(&p->line[i].f, p->lang, p->density) ? BAD : GOOD;
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		struct page_line *l = &p->line[i];
		enum line_class c = (enum line_class)l->initial;
		if (c == SHORT) {
			enum line_class before = neighbour(p, i, -1, true), after = neighbour(p, i, 1, true);
			if (before == GOOD && after == GOOD)
				c = GOOD;
			else if (before == BAD && after == BAD)
				c = BAD;
			else if ((before == BAD && neighbour(p, i, -1, false) == NEARGOOD) ||
				 (after == BAD && neighbour(p, i, 1, false) == NEARGOOD))
				c = GOOD;
			else
				c = BAD;
		} else if (c == NEARGOOD) {
			c = neighbour(p, i, -1, true) == BAD && neighbour(p, i, 1, true) == BAD ? BAD : GOOD;
		}
		l->final = (uint8_t)(l->chrome ? BAD : c);
	}
	/*
	 * A heading just before prose (the headline, past its byline and
	 * date: jusText's headings near good text), and a short sentence of
	 * prose just after it (the article's last words), are the article's.
	 */
	for (size_t i = 0; i < p->n; i++) {
		struct page_line *l = &p->line[i];
		if (l->initial != SHORT || l->chrome || l->final == GOOD || l->f.site || l->f.digits > 1)
			continue;
		size_t k = i + 1;
		while (k < p->n && k <= i + HEADING_GAP && p->line[k].initial == SHORT &&
		       (p->line[k].chrome || p->line[k].f.digits > 1))
			k++;
		bool heading = l->f.words >= 3 && !l->f.label && !l->f.ends_sentence && k < p->n &&
			       p->line[k].initial == GOOD;
		size_t b = i;
		while (b > 0 && p->line[b - 1].chrome)
			b--;
		bool coda = l->f.ends_sentence && b > 0 && p->line[b - 1].initial == GOOD &&
			    p->line[b - 1].final == GOOD &&
			    l->f.stops[p->lang] >= STOPS_LOW * p->density * l->f.words;
		if (heading || coda)
			l->final = GOOD;
	}
	/*
	 * Thin sentences, once the others are known: kept when the next line
	 * that is not short is kept, or the line before is kept prose (past
	 * one line of chrome, an advertisement).
	 */
	for (size_t i = 0; i < p->n; i++) {
		struct page_line *l = &p->line[i];
		if (l->initial != LOW)
			continue;
		size_t k = i + 1;
		while (k < p->n && (p->line[k].initial == SHORT || p->line[k].initial == LOW))
			k++;
		bool next = k < p->n && p->line[k].final == GOOD;
		size_t b = i;
		while (b > 0 && p->line[b - 1].chrome)
			b--;
		bool prev = b > 0 && p->line[b - 1].final == GOOD && p->line[b - 1].initial >= LOW;
		l->final = next || prev ? GOOD : BAD;
	}
	/*
	 * Runs of short lines of a word or two (menus, lists of sections,
	 * tags, share buttons) are chrome however good the lines around: an
	 * article's lists have longer items.
	 */
	for (size_t i = 0; i < p->n;) {
		size_t j = i, words = 0;
		while (j < p->n && p->line[j].initial != GOOD && p->line[j].initial != NEARGOOD &&
		       p->line[j].f.words <= MENU_WORDS)
			words += p->line[j++].f.words;
		if (j - i >= MENU_RUN && words * 2 <= (j - i) * 5)
			for (size_t k = i; k < j; k++)
				p->line[k].final = BAD;
		i = j > i ? j : i + 1;
	}
	/* Reader comments: past their heading, after the article began, nothing is the article's. */
	bool article = false, comments = false;
	for (size_t i = 0; i < p->n; i++) {
		struct page_line *l = &p->line[i];
		comments |= article && l->terminator;
		article |= l->final == GOOD && l->initial == GOOD;
		if (comments)
			l->final = BAD;
	}
	page_blocks(p);
}

void detect_boilerplate(const char *text, size_t len, detect_emit emit, void *ctx)
{
	/* On the stack: about 40 KiB, and no allocation per record. */
	struct page page;
	struct page *p = &page;
	for (size_t pos = 0; pos < len;) {
		pos = page_read(p, text, len, pos);
		page_judge(p);
		for (size_t i = 0; i < p->n; i++)
			if (p->line[i].final == BAD)
				emit(p->line[i].start, p->line[i].end, ctx);
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

/* ASCII letters and digits by kind; 0 for any other byte. */
enum { K_LOWER = 1, K_UPPER = 2, K_DIGIT = 4 };
static const uint8_t ascii_kind[256] = {
	['0' ... '9'] = K_DIGIT, ['a' ... 'z'] = K_LOWER, ['A' ... 'Z'] = K_UPPER,
};

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
		/* A run of ASCII letters and digits at once: most of any text. */
		if (i < len && ascii_kind[s[i]]) {
			size_t j = i;
			unsigned kinds = 0;
			if (!l->in_word) {
				l->in_word = l->ascii_word = true;
				l->word_start = i;
				/* A capital may start a word shaped like a word, a digit may not. */
				kinds = ascii_kind[s[j++]] & K_DIGIT;
			}
			for (unsigned k; j < len && (k = ascii_kind[s[j]]) != 0; j++)
				kinds |= k;
			/* Only words shaped like words: iPhone or a stray "\\nThe" are not. */
			l->ascii_word = l->ascii_word && !(kinds & (K_UPPER | K_DIGIT));
			l->prev = s[j - 1];
			l->pos = j;
			continue;
		}
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

#define WORD_TABLE_SIZE 8192	/* a power of two, four times the entries: short probes */

static struct word_entry {
	const char *word;
	uint32_t hash;		/* word_hash: most probes fail on it, without a memcmp */
	uint8_t len;
	uint16_t flags;
	uint16_t langs;		/* bit k: stopword_lists[k] holds the word */
} word_table[WORD_TABLE_SIZE];

static uint32_t word_hash(const char *word, size_t len)
{
	uint32_t h = FNV_BASIS;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)word[i]) * FNV_PRIME;
	return h;
}

static void add_word(const char *word, unsigned flag, unsigned langs)
{
	size_t len = strlen(word);
	if (len > 255)
		return;
	uint32_t hash = word_hash(word, len), i = hash & (WORD_TABLE_SIZE - 1);
	while (word_table[i].word && strcmp(word_table[i].word, word) != 0)
		i = (i + 1) & (WORD_TABLE_SIZE - 1);
	word_table[i].word = word;
	word_table[i].hash = hash;
	word_table[i].len = (uint8_t)len;
	word_table[i].flags |= (uint16_t)flag;
	word_table[i].langs |= (uint16_t)langs;
}

static void add_words(const char *const *list, size_t n, unsigned flag)
{
	for (size_t k = 0; k < n; k++)
		add_word(list[k], flag, 0);
}

#define ADD_WORDS(list, flag) add_words((list), sizeof(list) / sizeof(list)[0], (flag))

static void build_word_table(void)
{
	for (unsigned k = 0; k < stopword_list_count && k < MAX_LANGS; k++)
		for (const char *const *w = stopword_lists[k].words; *w; w++)
			add_word(*w, 0, 1u << k);
	ADD_WORDS(site_words, W_SITE);
	ADD_WORDS(strong_site_words, W_SITE | W_SITE_STRONG);
	ADD_WORDS(section_words, W_SECTION);
	ADD_WORDS(imperatives, W_IMPERATIVE);
	ADD_WORDS(reader_words, W_READER);
	ADD_WORDS(self_nouns, W_SELF_NOUN);
	ADD_WORDS(saying, W_SAYING);
	ADD_WORDS(title_small, W_TITLE_SMALL);
	ADD_WORDS(onsets, W_ONSET);
	ADD_WORDS(markers, W_MARKER);
	ADD_WORDS(credit_words, W_CREDIT);
}

static unsigned word_lookup(const char *word, size_t len, unsigned *langs)
{
	*langs = 0;
	if (len == 0 || len > 255)
		return 0;
	pthread_once(&word_table_once, build_word_table);
	return word_lookup_hashed(word, len, word_hash(word, len), langs);
}

/* Words are short: a loop, not a call. */
static inline bool same_bytes(const char *a, const char *b, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if (a[k] != b[k])
			return false;
	return true;
}

/* The table is built (word_lookup, line_features): no check here, the hot path. */
static unsigned word_lookup_hashed(const char *word, size_t len, uint32_t hash, unsigned *langs)
{
	*langs = 0;
	uint32_t i = hash & (WORD_TABLE_SIZE - 1);
	for (; word_table[i].word; i = (i + 1) & (WORD_TABLE_SIZE - 1))
		if (word_table[i].hash == hash && word_table[i].len == len &&
		    same_bytes(word_table[i].word, word, len)) {
			*langs = word_table[i].langs;
			return word_table[i].flags;
		}
	return 0;
}
