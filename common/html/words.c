/*
 * words: what the words of a class or id value say about an element.
 *
 * Sites name their parts: "comments", "share-bar", "related-stories",
 * "article-body", "byline".  The vocabulary below is that of the main
 * page builders and of the extractors that read it (readability's
 * candidate patterns, trafilatura's discard and body expressions,
 * boilerpipe's and jusText's notes), with the words sites use in German,
 * French, Spanish, Italian, Portuguese, Dutch and Russian (transliterated,
 * as class names are).  It names kinds of page part, never a site.
 *
 * A value is cut into words at anything that is not a letter or digit and
 * where a lower-case letter meets a capital ("articleBody"); each word is
 * looked up whole, by its prefix (a stem such as "comment" also names
 * "comments" and "commentlist"), and joined with the next word
 * ("most-read" is "mostread").  A word after "has", "with", "no" or
 * "without" names a feature of the page, not the element ("has-sidebar"),
 * and is skipped.
 */
#include "internal.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

struct word {
	const char *w;
	uint32_t flags;
	bool prefix;		/* the word may go on ("comment" -> "comments") */
};

#define CHROME NODE_CHROME
#define ASIDE NODE_ASIDE
#define META NODE_META
#define CONTENT NODE_CONTENT
#define COMMENTS (NODE_COMMENTS | NODE_CHROME)
#define HIDDEN NODE_HIDDEN_CLASS
#define LEAD NODE_LEAD
#define DIALOG (NODE_DIALOG | NODE_CHROME)
/* Kinds of word, not flags of elements (the high bits, never returned). */
#define W_PART (1u << 31)	/* names a part of the article: "article__title" is not its body */
#define W_MODIFIER (1u << 30)	/* "has-sidebar": the next word is a feature of the page */
#define W_STATE (1u << 29)	/* "comments-open": the word before is a state, not a part */
#define W_KINDS (W_PART | W_MODIFIER | W_STATE)

static const struct word vocabulary[] = {
	/* kinds of word */
	{ "title", W_PART, false }, { "headline", W_PART, false }, { "header", W_PART, false },
	{ "head", W_PART, false }, { "heading", W_PART, false }, { "kicker", W_PART | META, false },
	{ "label", W_PART, false }, { "info", W_PART, false }, { "tools", W_PART, false },
	{ "image", W_PART, false }, { "img", W_PART, false }, { "figure", W_PART, false },
	{ "media", W_PART, false }, { "photo", W_PART, false }, { "picture", W_PART, false },
	{ "video", W_PART, false }, { "gallery", W_PART, false }, { "top", W_PART, false },
	{ "hero", W_PART, false }, { "list", W_PART, false }, { "card", W_PART, false },
	{ "item", W_PART, false }, { "link", W_PART, false }, { "links", W_PART, false },
	{ "has", W_MODIFIER, false }, { "with", W_MODIFIER, false }, { "no", W_MODIFIER, false },
	{ "without", W_MODIFIER, false }, { "show", W_MODIFIER, false }, { "enable", W_MODIFIER, false },
	{ "enabled", W_MODIFIER, false }, { "allow", W_MODIFIER, false },
	{ "open", W_STATE, false }, { "closed", W_STATE, false }, { "count", W_STATE, false },
	{ "icon", W_STATE, false },
	/* navigation and site chrome */
	{ "nav", CHROME, true }, { "menu", CHROME, true }, { "megamenu", CHROME, false },
	{ "breadcrumb", CHROME, true }, { "footer", CHROME, true }, { "masthead", CHROME, false },
	{ "topbar", CHROME, false }, { "toolbar", CHROME, true }, { "navbar", CHROME, false },
	{ "skip", CHROME, false }, { "skiplink", CHROME, true }, { "search", CHROME, true },
	{ "pagination", CHROME, false }, { "pager", CHROME, false }, { "ticker", CHROME, false },
	{ "offcanvas", CHROME, false }, { "drawer", CHROME, false }, { "hamburger", CHROME, false },
	{ "dropdown", CHROME, false }, { "banner", CHROME, false }, { "login", CHROME, false },
	{ "signin", CHROME, false }, { "account", CHROME, false }, { "rss", CHROME, false },
	{ "print", CHROME, false }, { "feedback", CHROME, false }, { "survey", CHROME, false },
	{ "breaking", CHROME, false }, { "alert", CHROME, false }, { "notification", CHROME, true },
	{ "copyright", CHROME, false }, { "legal", CHROME, false }, { "sitemap", CHROME, false },
	{ "fusszeile", CHROME, false }, { "kopfzeile", CHROME, false }, { "piede", CHROME, false },
	{ "rodape", CHROME, false }, { "pie", CHROME, false }, { "navegacion", CHROME, false },
	/* sharing, following, subscribing */
	{ "share", CHROME, true }, { "sharing", CHROME, false }, { "social", CHROME, true },
	{ "sociable", CHROME, false }, { "follow", CHROME, false }, { "newsletter", CHROME, true },
	{ "subscri", CHROME, true }, { "signup", CHROME, false }, { "paywall", CHROME, false },
	{ "regwall", CHROME, false }, { "teilen", CHROME, false }, { "partage", CHROME, true },
	{ "compartir", CHROME, false }, { "condividi", CHROME, false }, { "abonn", CHROME, true },
	{ "suscri", CHROME, true }, { "delen", CHROME, false }, { "podelit", CHROME, true },
	/* cookie and consent notices, pop-ups */
	{ "cookie", DIALOG, true }, { "consent", DIALOG, true }, { "gdpr", DIALOG, false },
	{ "cmp", DIALOG, false }, { "privacy", CHROME, false }, { "modal", DIALOG, true },
	{ "popup", DIALOG, true }, { "overlay", DIALOG, false }, { "lightbox", DIALOG, false },
	{ "interstitial", DIALOG, false }, { "dialog", DIALOG, false },
	/* advertising */
	{ "ad", ASIDE, false }, { "ads", ASIDE, false }, { "adv", ASIDE, false },
	{ "advert", ASIDE, true }, { "adslot", ASIDE, false }, { "adunit", ASIDE, false },
	{ "adcontainer", ASIDE, false }, { "adwrapper", ASIDE, false }, { "dfp", ASIDE, false },
	{ "sponsor", ASIDE, true }, { "promo", ASIDE, true }, { "outbrain", ASIDE, false },
	{ "taboola", ASIDE, false }, { "werbung", ASIDE, false }, { "anzeige", ASIDE, false },
	{ "publicite", ASIDE, false }, { "pub", ASIDE, false }, { "publicidad", ASIDE, false },
	{ "pubblicita", ASIDE, false }, { "reklama", ASIDE, false }, { "partner", ASIDE, true },
	{ "publicidade", ASIDE, false }, { "anuncio", ASIDE, true }, { "advertentie", ASIDE, true },
	{ "reclame", ASIDE, false }, { "affiliate", META, true }, { "disclosure", META, false },
	{ "disclaimer", META, false },
	/* related, recommended, popular stories; sidebars */
	{ "sidebar", ASIDE, true }, { "related", ASIDE, true }, { "recommend", ASIDE, true },
	{ "popular", ASIDE, false }, { "trending", ASIDE, false }, { "mostread", ASIDE, false },
	{ "mostpopular", ASIDE, false }, { "readmore", ASIDE, false }, { "readnext", ASIDE, false },
	{ "morestories", ASIDE, false }, { "morenews", ASIDE, false }, { "alsoread", ASIDE, false },
	{ "widget", ASIDE, true }, { "rail", ASIDE, false }, { "upnext", ASIDE, false },
	{ "teaser", ASIDE, true }, { "verwandt", ASIDE, true }, { "empfehlung", ASIDE, true },
	{ "meistgelesen", ASIDE, false }, { "similaire", ASIDE, true }, { "lireaussi", ASIDE, false },
	{ "relacionad", ASIDE, true }, { "leido", ASIDE, false }, { "correlat", ASIDE, true },
	{ "gerelateerd", ASIDE, false }, { "pohozhie", ASIDE, false },
	{ "chitajte", ASIDE, true }, { "more", ASIDE, false }, { "leggianche", ASIDE, false },
	{ "leiatambem", ASIDE, false }, { "leesook", ASIDE, false }, { "zobacztez", ASIDE, false },
	{ "leermas", ASIDE, false }, { "weiterlesen", ASIDE, false }, { "mehrzumthema", ASIDE, false },
	/* posts of other sites set into the page */
	{ "tweet", ASIDE, false }, { "twitter", ASIDE, false }, { "instagram", ASIDE, true },
	{ "tiktok", ASIDE, true }, { "embed", ASIDE, false }, { "oembed", ASIDE, false },
	/* readers' comments */
	{ "comment", COMMENTS, true }, { "disqus", COMMENTS, false }, { "replies", COMMENTS, false },
	{ "respond", COMMENTS, false }, { "kommentar", COMMENTS, true },
	{ "commentaire", COMMENTS, true }, { "comentario", COMMENTS, true },
	{ "commento", COMMENTS, false }, { "commenti", COMMENTS, false },
	{ "reacties", COMMENTS, false }, { "komment", COMMENTS, true }, { "otzyv", COMMENTS, true },
	/* standfirsts and subtitles: the article's summary, not its body */
	{ "standfirst", LEAD, false }, { "dek", LEAD, false }, { "desc", LEAD, false },
	{ "description", LEAD, false }, { "summary", LEAD, false }, { "strapline", LEAD, false },
	{ "subtitle", LEAD, false }, { "subheadline", LEAD, false }, { "chapo", LEAD, false },
	{ "entradilla", LEAD, false }, { "sumario", LEAD, false }, { "bajada", LEAD, false },
	{ "linhafina", LEAD, false },
	{ "vorspann", LEAD, false }, { "occhiello", LEAD, false }, { "sottotitolo", LEAD, false },
	/* bylines, dates, tags, credits */
	{ "byline", META, true }, { "author", META, true }, { "dateline", META, false },
	{ "date", META, false }, { "timestamp", META, false }, { "published", META, false },
	{ "updated", META, false }, { "meta", META, false }, { "postmeta", META, false },
	{ "entrymeta", META, false }, { "tags", META, false }, { "tag", META, false },
	{ "taglist", META, false }, { "tagcloud", META, false }, { "keywords", META, false },
	{ "credit", META, true }, { "caption", META, true }, { "bio", META, false },
	{ "bildunterschrift", META, false }, { "bildtext", META, false }, { "legende", META, false },
	{ "legenda", META, false }, { "didascalia", META, false }, { "onderschrift", META, false },
	{ "piefoto", META, false }, { "podpis", META, false },
	{ "avatar", META, false }, { "kicker", META, false }, { "eyebrow", META, false },
	{ "autor", META, true }, { "auteur", META, false }, { "datum", META, false },
	{ "fecha", META, false },
	/* text for screen readers */
	{ "sronly", HIDDEN, false }, { "visuallyhidden", HIDDEN, false },
	{ "screenreader", HIDDEN, true }, { "hidden", HIDDEN, false }, { "hide", HIDDEN, false },
	{ "invisible", HIDDEN, false }, { "offscreen", HIDDEN, false }, { "assistive", HIDDEN, false },
	/* the article */
	{ "article", CONTENT, true }, { "content", CONTENT, false }, { "entry", CONTENT, false },
	{ "entrycontent", CONTENT, false }, { "post", CONTENT, false }, { "postbody", CONTENT, false },
	{ "postcontent", CONTENT, false }, { "story", CONTENT, false }, { "storybody", CONTENT, false },
	{ "text", CONTENT, false }, { "body", CONTENT, false }, { "articlebody", CONTENT, false },
	{ "main", CONTENT, false }, { "blog", CONTENT, false }, { "prose", CONTENT, false },
	{ "richtext", CONTENT, false }, { "artikel", CONTENT, false }, { "inhalt", CONTENT, false },
	{ "contenu", CONTENT, false }, { "articulo", CONTENT, false }, { "contenido", CONTENT, false },
	{ "noticia", CONTENT, false }, { "cuerpo", CONTENT, false }, { "texto", CONTENT, false },
	{ "testo", CONTENT, false }, { "corpo", CONTENT, false }, { "statya", CONTENT, true },
	{ "tekst", CONTENT, false }, { "materia", CONTENT, false }, { "conteudo", CONTENT, false },
};

/*
 * The vocabulary in a hash table built once: a word is looked up at each
 * of its prefixes in one pass, the hash carried from one length to the
 * next, so a class of a few words costs a few dozen probes.
 */
enum { TABLE = 1024 };

static struct {
	uint32_t hash;
	uint32_t flags, prefix_flags;	/* for the word whole; for it as a prefix */
	uint8_t len;
	const char *w;
} table[TABLE];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static uint32_t step(uint32_t h, char c)
{
	return (h ^ (unsigned char)c) * 16777619u;
}

static void build_table(void)
{
	for (size_t i = 0; i < sizeof vocabulary / sizeof vocabulary[0]; i++) {
		const struct word *v = &vocabulary[i];
		uint32_t h = 2166136261u;
		size_t n = strlen(v->w);
		for (size_t k = 0; k < n; k++)
			h = step(h, v->w[k]);
		size_t slot = h & (TABLE - 1);
		while (table[slot].w && strcmp(table[slot].w, v->w) != 0)
			slot = (slot + 1) & (TABLE - 1);
		table[slot].w = v->w;
		table[slot].hash = h;
		table[slot].len = (uint8_t)n;
		table[slot].flags |= v->flags;
		if (v->prefix)
			table[slot].prefix_flags |= v->flags;
	}
}

static uint32_t lookup(const char *w, size_t n)
{
	pthread_once(&table_once, build_table);
	uint32_t f = 0, h = 2166136261u;
	for (size_t k = 0; k < n; k++) {
		h = step(h, w[k]);
		if (k + 1 < 2)
			continue;
		for (size_t slot = h & (TABLE - 1); table[slot].w; slot = (slot + 1) & (TABLE - 1))
			if (table[slot].hash == h && table[slot].len == k + 1 &&
			    memcmp(table[slot].w, w, k + 1) == 0) {
				f |= k + 1 == n ? table[slot].flags : table[slot].prefix_flags;
				break;
			}
	}
	/* "commentary" is an opinion piece, not readers' comments. */
	if (n >= 10 && memcmp(w, "commentary", 10) == 0)
		f &= ~(uint32_t)COMMENTS;
	return f;
}

/* A word's own entry, whole (not as a prefix of it): its flags and kind bits. */
static uint32_t lookup_exact(const char *w, size_t n)
{
	pthread_once(&table_once, build_table);
	uint32_t h = 2166136261u;
	for (size_t k = 0; k < n; k++)
		h = step(h, w[k]);
	for (size_t slot = h & (TABLE - 1); table[slot].w; slot = (slot + 1) & (TABLE - 1))
		if (table[slot].hash == h && table[slot].len == n && memcmp(table[slot].w, w, n) == 0)
			return table[slot].flags;
	return 0;
}

enum { WORD_MAX = 24, WORDS_MAX = 12 };

uint32_t words_classify(const char *value, size_t n)
{
	char words[WORDS_MAX][WORD_MAX];
	size_t lens[WORDS_MAX], count = 0;
	size_t i = 0;
	while (i < n && count < WORDS_MAX) {
		while (i < n && !((value[i] >= 'a' && value[i] <= 'z') ||
				  (value[i] >= 'A' && value[i] <= 'Z') || (value[i] >= '0' && value[i] <= '9')))
			i++;
		size_t len = 0;
		while (i < n && ((value[i] >= 'a' && value[i] <= 'z') ||
				 (value[i] >= 'A' && value[i] <= 'Z') || (value[i] >= '0' && value[i] <= '9'))) {
			char c = value[i];
			bool upper = c >= 'A' && c <= 'Z';
			/* camelCase: a capital after a lower-case letter starts a new word */
			if (upper && len && words[count][len - 1] >= 'a' && words[count][len - 1] <= 'z' &&
			    i > 0 && value[i - 1] >= 'a' && value[i - 1] <= 'z')
				break;
			if (len < WORD_MAX - 1)
				words[count][len++] = upper ? (char)(c + 32) : c;
			i++;
		}
		if (len) {
			words[count][len] = '\0';
			lens[count++] = len;
		}
	}
	/* Each word's own entry, once: its flags and what kind of word it is. */
	uint32_t own[WORDS_MAX];
	bool part = false;	/* a word naming a part of the article: "article__title" is not its body */
	for (size_t k = 0; k < count; k++) {
		own[k] = lookup_exact(words[k], lens[k]);
		part |= (own[k] & W_PART) != 0;
	}
	uint32_t f = 0;
	for (size_t k = 0; k < count; k++) {
		if (k > 0 && (own[k - 1] & W_MODIFIER))
			continue;
		if (k + 1 < count && (own[k + 1] & W_STATE))
			continue;
		f |= lookup(words[k], lens[k]);
		if (k + 1 < count && lens[k] + lens[k + 1] < WORD_MAX) {
			char pair[2 * WORD_MAX];
			memcpy(pair, words[k], lens[k]);
			memcpy(pair + lens[k], words[k + 1], lens[k + 1]);
			f |= lookup(pair, lens[k] + lens[k + 1]);
		}
	}
	f &= ~(uint32_t)W_KINDS;
	if (part || (f & ~(uint32_t)CONTENT))
		f &= ~(uint32_t)CONTENT;
	return f;
}

uint32_t words_role(const char *value, size_t n)
{
	static const struct { const char *role; uint32_t flags; } roles[] = {
		{ "navigation", NODE_CHROME }, { "banner", NODE_CHROME }, { "contentinfo", NODE_CHROME },
		{ "search", NODE_CHROME }, { "menu", NODE_CHROME }, { "menubar", NODE_CHROME },
		{ "toolbar", NODE_CHROME }, { "complementary", NODE_ASIDE },
		{ "dialog", NODE_DIALOG | NODE_CHROME }, { "alertdialog", NODE_DIALOG | NODE_CHROME },
		{ "alert", NODE_CHROME }, { "main", NODE_CONTENT },
		{ "article", NODE_CONTENT },
	};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		size_t k = strlen(roles[i].role);
		if (k == n && strncasecmp(value, roles[i].role, n) == 0)
			return roles[i].flags;
	}
	return 0;
}

static bool name_eq(const char *name, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(name, w, n) == 0;
}

uint32_t words_attribute(const char *name, size_t nlen, const char *value, size_t vlen)
{
	if (name_eq(name, nlen, "class") || name_eq(name, nlen, "id"))
		return words_classify(value, vlen);
	if (name_eq(name, nlen, "role"))
		return words_role(value, vlen);
	if (name_eq(name, nlen, "itemprop")) {
		if (name_eq(value, vlen, "articlebody") || name_eq(value, vlen, "text"))
			return NODE_ARTICLE | NODE_CONTENT;
		return words_classify(value, vlen) & (NODE_COMMENTS | NODE_META);
	}
	return 0;
}
