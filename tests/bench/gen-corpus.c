/*
 * gen-corpus: a deterministic generator of news-like text for benchmarks
 * and tests.  Same arguments, same bytes, on every machine.
 *
 *   gen-corpus [-m MEGABYTES] [-s SEED] [-f articles|sentences]
 *
 * `articles` (default): TSV rows `id, date, source, title, text`, the text
 * a few paragraphs (TSV-escaped newlines) of English-looking sentences with
 * curly and straight quotes, accented names, numbers and money, site
 * boilerplate lines (menus, newsletter, cookie and share prompts), and
 * syndication: about 8% of articles are exact copies of an earlier one
 * under another outlet, 8% near copies (a few words changed, other quote
 * marks, extra boilerplate).  `sentences`: one sentence per line, about a
 * third of them repeated, for line-level benchmarks.  `pages`: web pages
 * (see pages() below) for the --html benchmarks.  `near`: rows `id, kind,
 * text` of near-duplicate shapes for the --near stages (see near() below);
 * `copies`: one story in -n near copies among unrelated texts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next_random(void)
{
	/* splitmix64: small, fast and the same everywhere */
	uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next_random() % n);
}

#define PICK(a) a[pick(sizeof a / sizeof a[0])]

static const char *const first_names[] = {
	"Sadiq", "Maria", "José", "Zoë", "François", "Anna", "Mohammed", "Chloé", "Jürgen",
	"Priya", "Łukasz", "Siobhán", "Kenji", "Olúwaseun", "Emma", "Daniel", "Søren", "Inés",
	"Rafael", "Aoife", "Nikolai", "Amélie", "Tomás", "Fatima", "Björn", "Grace",
};
static const char *const last_names[] = {
	"Khan", "García", "Müller", "O’Brien", "Nowak", "Dubois", "Rossi", "Haddad", "Smith",
	"Fernández", "Jensen", "Kowalczyk", "Tanaka", "Adeyemi", "Brontë", "Núñez", "Weiß",
	"Petrović", "Ó Súilleabháin", "Lefèvre", "Johnson", "Costa", "Brown", "Novák",
};
static const char *const orgs[] = {
	"Facebook", "Twitter", "the European Commission", "Unilever", "the Treasury",
	"Cambridge Analytica", "the World Health Organization", "Google", "the city council",
	"Amazon", "the Bank of England", "the United Nations", "Reuters", "the Met Office",
	"Volkswagen", "the IMF", "Siemens", "Nestlé", "the Home Office", "Microsoft",
};
static const char *const places[] = {
	"London", "Brussels", "São Paulo", "Zürich", "New York", "Kraków", "Dublin", "Lyon",
	"Malmö", "Bogotá", "Manchester", "Montréal", "Berlin", "Lagos", "Austin", "Reykjavík",
};
static const char *const outlets[] = {
	"dailyherald.example", "thecourier.example", "metro-news.example", "le-journal.example",
	"eveningpost.example", "globaltimes.example", "northstar.example", "the-ledger.example",
	"citywire.example", "morningbrief.example",
};
static const char *const nouns[] = {
	"plan", "report", "budget", "election", "inquiry", "deal", "strike", "policy", "market",
	"platform", "campaign", "proposal", "scheme", "court ruling", "investigation", "merger",
	"data breach", "tax", "housing project", "transport network", "advertising code",
};
static const char *const verbs[] = {
	"approved", "rejected", "criticised", "welcomed", "delayed", "announced", "defended",
	"questioned", "backed", "blocked", "reviewed", "unveiled", "suspended", "investigated",
};
static const char *const adjectives[] = {
	"controversial", "long-awaited", "ambitious", "disputed", "landmark", "new", "revised",
	"unexpected", "costly", "popular", "temporary", "national", "local", "digital",
};
static const char *const times[] = {
	"on Tuesday", "last week", "this month", "earlier this year", "on Friday evening",
	"after months of talks", "in 2016", "by the end of March", "overnight", "on 3 May",
};
static const char *const speech[] = {
	"we will not invest in platforms that divide society",
	"this is a turning point for the whole industry",
	"people deserve to know how their data is used",
	"the figures speak for themselves",
	"nobody could have predicted what happened next",
	"it is simply not good enough",
	"we are listening, and we will act",
	"there is no plan B",
};
static const char *const boilerplate[] = {
	"Home | News | Sport | Business | Culture | Contact",
	"Subscribe to our newsletter for the latest headlines",
	"We use cookies to improve your experience. Accept all cookies",
	"Share this article: Facebook Twitter WhatsApp Email",
	"Leave a reply. Your email address will not be published.",
	"Photo: Getty Images",
	"Read more: Top stories of the week",
	"© 2018 All rights reserved. Privacy policy | Terms of use",
	"Advertisement",
	"Sign up for breaking news alerts",
};

static void person(FILE *out)
{
	fprintf(out, "%s %s", PICK(first_names), PICK(last_names));
}

static void sentence(FILE *out)
{
	switch (pick(9)) {
	case 0:
		fprintf(out, "%s %s the %s %s %s.", PICK(orgs) , PICK(verbs), PICK(adjectives),
			PICK(nouns), PICK(times));
		break;
	case 1:
		fputs("“", out);
		fputs(PICK(speech), out);
		fputs(",” said ", out);
		person(out);
		fprintf(out, " of %s.", PICK(orgs));
		break;
	case 2:
		person(out);
		fprintf(out, " told reporters in %s: \"%s.\"", PICK(places), PICK(speech));
		break;
	case 3:
		fprintf(out, "The %s will cost $%u.%ubn, up %u.%u%% on last year, according to %s.",
			PICK(nouns), 1 + pick(90), pick(10), pick(30), pick(10), PICK(orgs));
		break;
	case 4:
		fprintf(out, "Mr. %s said the U.S. %s was %s %s, e.g. in %s.", PICK(last_names),
			PICK(nouns), PICK(verbs), PICK(times), PICK(places));
		break;
	case 5:
		fprintf(out, "More than %u,%03u people in %s signed a petition against the %s.",
			1 + pick(900), pick(1000), PICK(places), PICK(nouns));
		break;
	case 6:
		fprintf(out, "Critics say %s’s %s %s could hit %s hardest.", PICK(orgs),
			PICK(adjectives), PICK(nouns), PICK(places));
		break;
	case 7:
		fprintf(out, "Dr %s, who led the %s, said it was “%s”.", PICK(last_names),
			PICK(nouns), PICK(speech));
		break;
	default:
		fprintf(out, "In %s, officials %s a %s %s %s.", PICK(places), PICK(verbs),
			PICK(adjectives), PICK(nouns), PICK(times));
		break;
	}
}

/* An article body in memory, so copies can be made of it. */
static char *body;
static size_t body_len;

static void make_body(void)
{
	char *buf;
	size_t len;
	FILE *m = open_memstream(&buf, &len);
	if (pick(3) == 0)
		fprintf(m, "%s\\n", PICK(boilerplate));
	unsigned paragraphs = 3 + pick(8);
	for (unsigned p = 0; p < paragraphs; p++) {
		unsigned sentences = 1 + pick(4);
		for (unsigned s = 0; s < sentences; s++) {
			if (s)
				fputc(' ', m);
			sentence(m);
		}
		fputs(p + 1 < paragraphs ? "\\n" : "", m);
	}
	if (pick(2) == 0)
		fprintf(m, "\\n%s", PICK(boilerplate));
	fclose(m);
	free(body);
	body = buf;
	body_len = len;
}

/* A syndicated near copy: other quotes, a few words changed, extra chrome. */
static void write_near_copy(FILE *out, const char *text, size_t len)
{
	fprintf(out, "%s\\n", PICK(boilerplate));
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)text[i] == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
		    ((unsigned char)text[i + 2] == 0x9C || (unsigned char)text[i + 2] == 0x9D)) {
			fputc('"', out);
			i += 2;
			continue;
		}
		if (text[i] == ' ' && pick(60) == 0) {
			fputs(" very", out);
		}
		fputc(text[i], out);
	}
	fprintf(out, "\\n%s", PICK(boilerplate));
}

struct kept {
	char *text;
	size_t len;
	char title[128];
};

/*
 * Each record is built in memory and then written, so the byte count does
 * not depend on ftell(), which fails on a pipe.
 */
static uint64_t emit(FILE *out, FILE *rec, char **buf, size_t *len)
{
	fflush(rec);
	fwrite(*buf, 1, *len, out);
	uint64_t n = *len;
	rewind(rec);
	return n;
}

static void articles(FILE *final_out, uint64_t limit)
{
	char *recbuf = NULL;
	size_t reclen = 0;
	FILE *out = open_memstream(&recbuf, &reclen);
	enum { KEEP = 64 };
	static struct kept kept[KEEP];
	uint64_t written = 0, id = 0;
	while (written < limit) {
		id++;
		unsigned day = 1 + (unsigned)(id / 2000) % 28;
		fprintf(out, "%llu\t2018-03-%02u\t%s\t", (unsigned long long)id, day, PICK(outlets));
		unsigned kind = pick(100);
		struct kept *k = &kept[pick(KEEP)];
		if (kind < 8 && k->text) {
			fprintf(out, "%s\t", k->title);
			fwrite(k->text, 1, k->len, out);
		} else if (kind < 16 && k->text) {
			fprintf(out, "%s\t", k->title);
			write_near_copy(out, k->text, k->len);
		} else {
			make_body();
			struct kept *slot = &kept[pick(KEEP)];
			snprintf(slot->title, sizeof slot->title, "%s %s %s in %s", PICK(orgs),
				 PICK(verbs), PICK(nouns), PICK(places));
			slot->title[0] = (char)(slot->title[0] >= 'a' ? slot->title[0] - 32 : slot->title[0]);
			free(slot->text);
			slot->text = malloc(body_len);
			memcpy(slot->text, body, body_len);
			slot->len = body_len;
			fprintf(out, "%s\t", slot->title);
			fwrite(body, 1, body_len, out);
		}
		fputc('\n', out);
		written += emit(final_out, out, &recbuf, &reclen);
	}
	fclose(out);
	free(recbuf);
	for (int i = 0; i < KEEP; i++)
		free(kept[i].text);
}

static void sentences(FILE *final_out, uint64_t limit)
{
	char *recbuf = NULL;
	size_t reclen = 0;
	FILE *out = open_memstream(&recbuf, &reclen);
	enum { POOL = 4096 };
	static char pool[POOL][256];
	uint64_t written = 0;
	for (int i = 0; i < POOL; i++) {
		FILE *m = fmemopen(pool[i], sizeof pool[i] - 1, "w");
		sentence(m);
		fclose(m);
	}
	while (written < limit) {
		if (pick(3) == 0)
			fputs(pool[pick(POOL)], out);
		else
			sentence(out);
		fputc('\n', out);
		written += emit(final_out, out, &recbuf, &reclen);
	}
	fclose(out);
	free(recbuf);
}

/*
 * pages: TSV rows `id, url, html`, the HTML (TSV-escaped) of a news page
 * as sites serve them: a head of meta tags, an inline style sheet and
 * scripts (analytics, structured data), a cookie banner, a mega-menu with
 * SVG icons, the article (headline, standfirst, byline, a figure with
 * srcset, paragraphs with links, a subheading, a quote, an in-article
 * related box, ad slots, a share bar, tags), a rail of popular stories, a
 * newsletter form, readers' comments, a footer of links and a hydration
 * script holding the page's data as JSON.  About 100 KB a page, of which
 * the article is some 5 KB, as on real news sites.
 */
static void hex_class(FILE *m)
{
	static const char *const parts[] = { "c-nav", "o-grid", "u-hide", "m-card", "l-wrap",
					     "js-track", "is-active", "t-brand", "a-icon", "p-story" };
	fprintf(m, "%s__%x", PICK(parts), (unsigned)(next_random() & 0xfffff));
}

static void css(FILE *m, unsigned bytes)
{
	static const char *const props[] = { "color:#1a1a1a", "font-weight:700", "padding:0 12px",
		"margin:0 auto", "display:flex", "line-height:1.45", "border-bottom:1px solid #e0e0e0",
		"font-family:Georgia,serif", "max-width:1280px", "transition:opacity .2s ease-in" };
	long start = ftell(m);
	while (ftell(m) - start < (long)bytes) {
		fputc('.', m);
		hex_class(m);
		fputc('{', m);
		unsigned n = 1 + pick(4);
		for (unsigned i = 0; i < n; i++)
			fprintf(m, "%s%s", i ? ";" : "", PICK(props));
		fputs("}\n", m);
	}
}

static void script_text(FILE *m, unsigned bytes)
{
	long start = ftell(m);
	fputs("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}", m);
	while (ftell(m) - start < (long)bytes)
		fprintf(m, "var _%x={id:\"%x\",slot:\"/%u/news/article\",sizes:[[300,250],[728,90]],"
			"t:function(e){return e&&e.length<%u?\"<div class='x'>\"+e+\"</div>\":null}};\n",
			(unsigned)(next_random() & 0xffffff), (unsigned)(next_random() & 0xffffff),
			pick(100000), 10 + pick(90));
}

static void svg_icon(FILE *m)
{
	fputs("<svg class=\"icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"M", m);
	unsigned n = 30 + pick(60);
	for (unsigned i = 0; i < n; i++)
		fprintf(m, "%u.%u %u.%u%s", pick(24), pick(100), pick(24), pick(100), i % 3 ? "L" : "C");
	fputs("0 0z\"/></svg>", m);
}

static void link(FILE *m, const char *cls, const char *text)
{
	fprintf(m, "<a href=\"https://www.%s/%s/%x\" class=\"%s\" data-link-name=\"%s\" "
		"data-component=\"nav-%u\">%s</a>", PICK(outlets), PICK(nouns),
		(unsigned)(next_random() & 0xffffff), cls, text, pick(50), text);
}

static void picture(FILE *m)
{
	fputs("<picture>", m);
	for (unsigned w = 320; w <= 1280; w *= 2) {
		fprintf(m, "<source media=\"(min-width: %upx)\" srcset=\"", w);
		for (unsigned d = 1; d <= 3; d++)
			fprintf(m, "https://i.example/img/%x/%u.jpg?width=%u&quality=85&auto=webp %ux%s",
				(unsigned)(next_random() & 0xffffffff), w, w * d, d, d < 3 ? ", " : "");
		fputs("\">", m);
	}
	fprintf(m, "<img src=\"https://i.example/img/%x.jpg\" alt=\"%s in %s\" loading=\"lazy\" "
		"width=\"1200\" height=\"800\"></picture>", (unsigned)(next_random() & 0xffffffff),
		PICK(orgs), PICK(places));
}

static void paragraph(FILE *m)
{
	unsigned n = 2 + pick(4);
	fputs("<p class=\"article-body__p\">", m);
	for (unsigned i = 0; i < n; i++) {
		if (i)
			fputc(' ', m);
		if (pick(6) == 0) {
			fputs("<a href=\"https://www.example/story\">", m);
			sentence(m);
			fputs("</a>", m);
		} else {
			sentence(m);
		}
	}
	fputs("</p>\n", m);
}

static void page(FILE *m, uint64_t id)
{
	char title[160];
	snprintf(title, sizeof title, "%s %s %s in %s", PICK(orgs), PICK(verbs), PICK(nouns),
		 PICK(places));
	fprintf(m, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>%s | The Example Herald</title>\n", title);
	static const char *const metas[] = { "og:title", "og:description", "og:image", "og:url",
		"twitter:card", "twitter:site", "article:published_time", "article:section",
		"description", "robots", "viewport", "theme-color" };
	for (unsigned i = 0; i < 24; i++)
		fprintf(m, "<meta property=\"%s\" content=\"%s %s %u\">\n", PICK(metas), PICK(orgs),
			PICK(nouns), pick(10000));
	for (unsigned i = 0; i < 8; i++)
		fprintf(m, "<link rel=\"preload\" href=\"https://cdn.example/assets/%x.js\" as=\"script\">\n",
			(unsigned)(next_random() & 0xffffffff));
	fprintf(m, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
		"\"@type\":\"NewsArticle\",\"headline\":\"%s\",\"author\":{\"@type\":\"Person\","
		"\"name\":\"%s\"},\"publisher\":{\"@type\":\"Organization\",\"name\":\"The Example "
		"Herald\"}}</script>\n", title, PICK(last_names));
	fputs("<style>", m);
	css(m, 14000 + pick(10000));
	fputs("</style>\n<script>", m);
	script_text(m, 4000 + pick(6000));
	fputs("</script></head>\n<body class=\"article-page\">\n", m);
	fputs("<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
	      "<div id=\"cookie-banner\" class=\"cmp-banner\" role=\"dialog\"><p>We and our partners "
	      "use cookies to personalise content and ads, to provide social media features and to "
	      "analyse our traffic.</p><button>Accept all</button><button>Manage options</button></div>\n", m);
	fputs("<header class=\"site-header\"><a class=\"logo\" href=\"/\">", m);
	svg_icon(m);
	fputs("</a><nav class=\"mega-menu\" aria-label=\"Sections\"><ul>", m);
	for (unsigned i = 0; i < 8; i++) {
		fputs("<li class=\"mega-menu__item\">", m);
		link(m, "mega-menu__link", PICK(nouns));
		fputs("<ul class=\"mega-menu__dropdown\">", m);
		for (unsigned j = 0; j < 10; j++) {
			fputs("<li>", m);
			link(m, "mega-menu__sublink", PICK(places));
			fputs("</li>", m);
		}
		fputs("</ul></li>", m);
	}
	fputs("</ul></nav>", m);
	for (unsigned i = 0; i < 4; i++)
		svg_icon(m);
	fputs("</header>\n<main id=\"main\"><article class=\"article\">\n", m);
	fprintf(m, "<h1 class=\"article__headline\">%s</h1>\n<p class=\"article__standfirst\">", title);
	sentence(m);
	fprintf(m, "</p>\n<div class=\"byline\">By <a rel=\"author\" href=\"/profile/x\">%s %s</a>"
		" <time datetime=\"2018-03-%02uT10:00:00Z\">%u March 2018</time></div>\n",
		PICK(first_names), PICK(last_names), 1 + pick(28), 1 + pick(28));
	fputs("<figure class=\"article__figure\">", m);
	picture(m);
	fputs("<figcaption>", m);
	sentence(m);
	fputs(" <span class=\"credit\">Photograph: Agency</span></figcaption></figure>\n"
	      "<div class=\"article-body\" itemprop=\"articleBody\">\n", m);
	unsigned paragraphs = 6 + pick(10);
	for (unsigned i = 0; i < paragraphs; i++) {
		if (i == 3)
			fprintf(m, "<div class=\"ad-slot\" data-slot=\"mpu-%u\" data-sizes=\"[[300,250]]\">"
				"<script>googletag.cmd.push(function(){googletag.display('mpu-%u')})</script>"
				"</div>\n", i, i);
		if (i == paragraphs / 2) {
			fputs("<h2>", m);
			fprintf(m, "The %s %s", PICK(adjectives), PICK(nouns));
			fputs("</h2>\n<blockquote><p>", m);
			sentence(m);
			fputs("</p></blockquote>\n<aside class=\"related-inline\"><h3>Related</h3><ul>", m);
			for (unsigned j = 0; j < 3; j++) {
				fputs("<li>", m);
				link(m, "related__link", PICK(nouns));
				fputs("</li>", m);
			}
			fputs("</ul></aside>\n", m);
		}
		paragraph(m);
	}
	fputs("</div>\n<div class=\"share-bar\"><ul>", m);
	static const char *const share[] = { "Facebook", "Twitter", "WhatsApp", "Email", "LinkedIn" };
	for (unsigned i = 0; i < 5; i++) {
		fputs("<li><a class=\"share__link\" href=\"https://share.example/?u=x\">", m);
		svg_icon(m);
		fprintf(m, "<span class=\"sr-only\">Share on %s</span></a></li>", share[i]);
	}
	fputs("</ul></div>\n<ul class=\"tags\">", m);
	for (unsigned i = 0; i < 5; i++) {
		fputs("<li>", m);
		link(m, "tag", PICK(nouns));
		fputs("</li>", m);
	}
	fputs("</ul></article>\n<aside class=\"rail\"><h2>Most popular</h2><ol>", m);
	for (unsigned i = 0; i < 10; i++) {
		fputs("<li class=\"rail__item\"><a href=\"/x\">", m);
		picture(m);
		fprintf(m, "<h3>%s %s the %s</h3></a></li>", PICK(orgs), PICK(verbs), PICK(nouns));
	}
	fputs("</ol><form class=\"newsletter\"><h3>Sign up for the morning briefing</h3>"
	      "<input type=\"email\" placeholder=\"Your email\"><button>Sign up</button></form>"
	      "</aside></main>\n<section id=\"comments\" class=\"comments\"><h2>Comments</h2>", m);
	unsigned comments = 3 + pick(8);
	for (unsigned i = 0; i < comments; i++) {
		fprintf(m, "<div class=\"comment\"><span class=\"comment__author\">%s</span>"
			"<time>%u hours ago</time><p>", PICK(first_names), 1 + pick(20));
		sentence(m);
		fputs(" ", m);
		sentence(m);
		fputs("</p></div>", m);
	}
	fputs("</section>\n<footer class=\"site-footer\">", m);
	for (unsigned c = 0; c < 5; c++) {
		fputs("<div class=\"footer__col\"><ul>", m);
		for (unsigned j = 0; j < 12; j++) {
			fputs("<li>", m);
			link(m, "footer__link", PICK(nouns));
			fputs("</li>", m);
		}
		fputs("</ul></div>", m);
	}
	for (unsigned i = 0; i < 5; i++)
		svg_icon(m);
	fputs("<p>© 2018 The Example Herald. All rights reserved.</p></footer>\n"
	      "<script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\":{\"pageProps\":{", m);
	long start = ftell(m);
	unsigned want = 15000 + pick(20000);
	while (ftell(m) - start < (long)want) {
		fprintf(m, "\"k%x\":{\"id\":%u,\"title\":\"%s %s\",\"text\":\"",
			(unsigned)(next_random() & 0xffff), pick(1000000), PICK(orgs), PICK(nouns));
		sentence(m);
		fputs("\"},", m);
	}
	fputs("\"end\":1}}}</script>\n<script>", m);
	script_text(m, 2000 + pick(4000));
	fprintf(m, "</script></body></html><!-- page %llu -->\n", (unsigned long long)id);
}

static void pages(FILE *final_out, uint64_t limit)
{
	char *pagebuf = NULL;
	size_t pagelen = 0;
	uint64_t written = 0, id = 0;
	while (written < limit) {
		id++;
		FILE *m = open_memstream(&pagebuf, &pagelen);
		page(m, id);
		fclose(m);
		written += (uint64_t)fprintf(final_out, "%llu\thttps://www.%s/news/%llu\t",
					     (unsigned long long)id, PICK(outlets),
					     (unsigned long long)id);
		for (size_t i = 0; i < pagelen; i++) {
			char c = pagebuf[i];
			const char *esc = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\\' ? "\\\\" : NULL;
			if (esc) {
				fputs(esc, final_out);
				written += 2;
			} else {
				fputc(c, final_out);
				written++;
			}
		}
		fputc('\n', final_out);
		written++;
		free(pagebuf);
		pagebuf = NULL;
	}
}

/*
 * near: the shapes that make near-duplicate dedupe hard to do in stages,
 * in shuffled order, over texts of made-up words (so unrelated texts
 * share no shingle): chains (each record a few words away from the one
 * before, so neighbours are near and records two steps apart are not:
 * whether one is kept depends on the one before it), stars (copies of one
 * text, each edited on its own), ties (X is exactly as near A as B),
 * exact copies, empty and one-word texts, listings alike but below the
 * threshold, and updates (a chain in the order it came out).  `copies`: one story, n near copies of it, among
 * unrelated texts: the 10,000 copies of a wire story in one bucket.
 */
static void made_up_word(char *w)
{
	static const char *const syllables[] = { "ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "pe",
		"du", "gra", "sel", "tor", "wen", "fi", "bar", "cho", "zu", "ny", "el", "om", "qua" };
	w[0] = '\0';
	unsigned n = 2 + pick(3);
	for (unsigned i = 0; i < n; i++)
		strcat(w, PICK(syllables));
}

enum { NEAR_WORDS = 160, WORD_MAX = 16 };

struct near_text {
	char words[NEAR_WORDS * 2][WORD_MAX];
	unsigned n;
};

static void near_random(struct near_text *t, unsigned n)
{
	t->n = n;
	for (unsigned i = 0; i < n; i++)
		made_up_word(t->words[i]);
}

static void near_edit(struct near_text *t, unsigned words)
{
	for (unsigned i = 0; i < words && t->n; i++)
		made_up_word(t->words[pick(t->n)]);
}

struct near_row {
	char *text;
	const char *kind;
};

static struct near_row *rows;
static size_t nrows, arows;

static void near_add(const struct near_text *t, const char *kind)
{
	if (nrows == arows) {
		arows = arows ? 2 * arows : 1024;
		rows = realloc(rows, arows * sizeof *rows);
	}
	size_t len = 0;
	for (unsigned i = 0; i < t->n; i++)
		len += strlen(t->words[i]) + 1;
	char *text = malloc(len + 1), *p = text;
	for (unsigned i = 0; i < t->n; i++)
		p += sprintf(p, "%s%s", i ? " " : "", t->words[i]);
	*p = '\0';
	rows[nrows].text = text;
	rows[nrows++].kind = kind;
}

/* Writes the rows in a shuffled order (Fisher-Yates), numbered from *id. */
static uint64_t near_flush(FILE *out, uint64_t *id, bool shuffle)
{
	uint64_t bytes = 0;
	for (size_t i = nrows; shuffle && i > 1; i--) {
		size_t j = pick((unsigned)i);
		struct near_row t = rows[i - 1];
		rows[i - 1] = rows[j];
		rows[j] = t;
	}
	for (size_t i = 0; i < nrows; i++) {
		int n = fprintf(out, "%llu\t%s\t%s\n", (unsigned long long)++*id, rows[i].kind, rows[i].text);
		bytes += n > 0 ? (uint64_t)n : 0;
		free(rows[i].text);
	}
	nrows = 0;
	return bytes;
}

static void near(FILE *out, uint64_t limit)
{
	static struct near_text t, u;
	uint64_t written = 0, id = 0;
	while (written < limit) {
		/* A block of shapes, shuffled together so they meet in any order. */
		for (unsigned family = 0; family < 24; family++) {
			unsigned kind = pick(6), len = 60 + pick(100);
			near_random(&t, len);
			if (kind == 0) {
				unsigned steps = 3 + pick(8);
				for (unsigned i = 0; i < steps; i++) {
					near_add(&t, "chain");
					near_edit(&t, 1 + len / 40);
				}
			} else if (kind == 1) {
				unsigned copies = 2 + pick(12);
				near_add(&t, "star");
				for (unsigned i = 0; i < copies; i++) {
					u = t;
					near_edit(&u, 1 + pick(1 + len / 25));
					near_add(&u, "star");
				}
			} else if (kind == 2) {
				/* X = K; A = K + P, B = K + Q, |P| = |Q|: X is as near A as B. */
				near_add(&t, "tie");
				u = t;
				unsigned extra = len / 8;
				for (unsigned i = 0; i < extra; i++)
					made_up_word(u.words[u.n++]);
				near_add(&u, "tie");
				u.n = t.n;
				for (unsigned i = 0; i < extra; i++)
					made_up_word(u.words[u.n++]);
				near_add(&u, "tie");
			} else if (kind == 3) {
				unsigned copies = 1 + pick(4);
				for (unsigned i = 0; i <= copies; i++)
					near_add(&t, "copy");
			} else if (kind == 4) {
				t.n = pick(3);
				near_add(&t, "short");
			} else {
				/* Listings: the same frame, one word in four its own. */
				unsigned items = 2 + pick(6);
				for (unsigned i = 0; i < items; i++) {
					u = t;
					for (unsigned w = 0; w < u.n; w += 4)
						made_up_word(u.words[w]);
					near_add(&u, "listing");
				}
			}
		}
		written += near_flush(out, &id, true);
		/*
		 * Updates: versions of a story in the order they came out, each
		 * near the one before, not the one before that, so whether one
		 * is kept hangs on the whole chain before it.
		 */
		for (unsigned family = 0; family < 4; family++) {
			unsigned len = 60 + pick(100), versions = 3 + pick(6);
			near_random(&t, len);
			for (unsigned i = 0; i < versions; i++) {
				near_add(&t, "update");
				near_edit(&t, 1 + len / 30);
			}
		}
		written += near_flush(out, &id, false);
	}
}

static void copies(FILE *out, uint64_t n)
{
	static struct near_text t, u;
	uint64_t id = 0;
	near_random(&t, 150);
	for (uint64_t i = 0; i < n; i++) {
		u = t;
		near_edit(&u, pick(3));
		near_add(&u, "copy");
		if (i % 10 == 0) {
			near_random(&u, 80 + pick(80));
			near_add(&u, "other");
		}
		if (nrows > 4096)
			near_flush(out, &id, false);
	}
	near_flush(out, &id, false);
}

int main(int argc, char **argv)
{
	uint64_t megabytes = 10;
	const char *format = "articles";
	uint64_t ncopies = 1000;
	state = 42;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-m") == 0)
			megabytes = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-s") == 0)
			state = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-f") == 0)
			format = argv[i + 1];
		else if (strcmp(argv[i], "-n") == 0)
			ncopies = strtoull(argv[i + 1], NULL, 10);
		else {
			fprintf(stderr, "usage: gen-corpus [-m MB] [-s SEED] [-n COPIES] "
				"[-f articles|sentences|pages|near|copies]\n");
			return 2;
		}
	}
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	uint64_t limit = megabytes << 20;
	if (strcmp(format, "sentences") == 0)
		sentences(stdout, limit);
	else if (strcmp(format, "pages") == 0)
		pages(stdout, limit);
	else if (strcmp(format, "near") == 0)
		near(stdout, limit);
	else if (strcmp(format, "copies") == 0)
		copies(stdout, ncopies);
	else
		articles(stdout, limit);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-corpus");
		return 1;
	}
	free(body);
	free(rows);
	return 0;
}
