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
 * third of them repeated, for line-level benchmarks.
 */
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

int main(int argc, char **argv)
{
	uint64_t megabytes = 10;
	const char *format = "articles";
	state = 42;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-m") == 0)
			megabytes = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-s") == 0)
			state = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-f") == 0)
			format = argv[i + 1];
		else {
			fprintf(stderr, "usage: gen-corpus [-m MB] [-s SEED] [-f articles|sentences]\n");
			return 2;
		}
	}
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	uint64_t limit = megabytes << 20;
	if (strcmp(format, "sentences") == 0)
		sentences(stdout, limit);
	else
		articles(stdout, limit);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-corpus");
		return 1;
	}
	free(body);
	return 0;
}
