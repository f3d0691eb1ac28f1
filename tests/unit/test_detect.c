/* Unit tests of common/detect: quotes, boilerplate, mojibake, script. */
#include "../../common/detect.h"
#include "../../common/unicode/break_tables.h"
#include "check.h"

/* The spans found, as "[text]" pieces joined, for compact expectations. */
static char found[4096];
static const char *found_in;

static void collect(size_t start, size_t end, void *ctx)
{
	size_t at = strlen(found);
	snprintf(found + at, sizeof found - at, "[%.*s]", (int)(end - start), found_in + start);
}

static const char *spans(void (*detect)(const char *, size_t, detect_emit, void *), const char *text)
{
	found[0] = '\0';
	found_in = text;
	detect(text, strlen(text), collect, NULL);
	return found;
}

static void quotes_of_speech(void)
{
	CHECK_STR(spans(detect_quotes, "“It’s a disaster,” he said."), "[“It’s a disaster,”]");
	CHECK_STR(spans(detect_quotes, "\"No,\" he said. \"Never.\""), "[\"No,\"][\"Never.\"]");
	CHECK_STR(spans(detect_quotes, "'We were never told,' one said."), "['We were never told,']");
	CHECK_STR(spans(detect_quotes, "‘Stop,’ she said."), "[‘Stop,’]");
	/* Nested quotes stay inside the outer span. */
	CHECK_STR(spans(detect_quotes, "“When he said ‘trust me’, I believed him,” she said."),
		  "[“When he said ‘trust me’, I believed him,”]");
	CHECK_STR(spans(detect_quotes, "„Wir schaffen das“, sagte sie."), "[„Wir schaffen das“]");
	CHECK_STR(spans(detect_quotes, "« Nous ne céderons pas », a-t-il dit."),
		  "[« Nous ne céderons pas »]");
	/* Several sentences in one quote; a quote left open runs to the end of the text. */
	CHECK_STR(spans(detect_quotes, "“We lost. We will be back.” The end."),
		  "[“We lost. We will be back.”]");
	CHECK_STR(spans(detect_quotes, "“Every year they promise, and nothing changes.  \n"),
		  "[“Every year they promise, and nothing changes.]");
	/* Paragraphs: one per line, or wrapped lines between blank lines. */
	CHECK_STR(spans(detect_quotes, "“We will rebuild. We always have.\nShare this article\n"),
		  "[“We will rebuild. We always have.]");
	CHECK_STR(spans(detect_quotes, "He said: “we will\nrebuild it, and soon,” and left.\n\n“Next one"),
		  "[“we will\nrebuild it, and soon,”]");
	CHECK_STR(spans(detect_quotes, "“Wrapped quote that ends.\nIts next line.\n\nNew paragraph.\n"),
		  "[“Wrapped quote that ends.]");
	/* A short quote counts when a verb of saying attributes it. */
	CHECK_STR(spans(detect_quotes, "The judge said he showed \"no remorse whatsoever\"."),
		  "[\"no remorse whatsoever\"]");
	CHECK_STR(spans(detect_quotes, "Er sagt \"nie mehr wieder\" dazu"), "[\"nie mehr wieder\"]");
}

static void scare_quotes_and_titles(void)
{
	CHECK_STR(spans(detect_quotes, "The so-called \"super app\" grew."), "");
	CHECK_STR(spans(detect_quotes, "Analysts called the results 'disappointing' today."), "");
	CHECK_STR(spans(detect_quotes, "The documentary “A Year on the Ice” won."), "");
	CHECK_STR(spans(detect_quotes, "Its \"growth at all costs\" strategy failed."), "");
	/* Apostrophes are not quote marks. */
	CHECK_STR(spans(detect_quotes, "Rock ’n’ roll isn't dead, it's the 90s' sound, Facebook’s too."),
		  "");
	CHECK_STR(spans(detect_quotes, ""), "");
}

static void boilerplate_lines(void)
{
	CHECK_STR(spans(detect_boilerplate, "Subscribe now"), "[Subscribe now]");
	CHECK_STR(spans(detect_boilerplate, "Home | News | Sport | Weather"), "[Home | News | Sport | Weather]");
	CHECK_STR(spans(detect_boilerplate, "By Anna Kowalczyk"), "[By Anna Kowalczyk]");
	CHECK_STR(spans(detect_boilerplate, "Copyright 2024 Example Ltd"), "[Copyright 2024 Example Ltd]");
	CHECK_STR(spans(detect_boilerplate,
			"We use cookies to give you the best experience on our website. By continuing, "
			"you agree to our use of cookies."),
		  "[We use cookies to give you the best experience on our website. By continuing, you "
		  "agree to our use of cookies.]");
	/* Prose that uses the same words is not chrome. */
	CHECK_STR(spans(detect_boilerplate,
			"The cookie factory on Mill Lane, which has operated since 1952, will close in "
			"March with the loss of 140 jobs."),
		  "");
	CHECK_STR(spans(detect_boilerplate, "Council approves new budget after long debate"), "");
	/* The reader is addressed outside quotes only. */
	CHECK_STR(spans(detect_boilerplate, "“We will find you,” the officer said of the thieves."), "");
	/* Each line of a document on its own, trimmed. */
	CHECK_STR(spans(detect_boilerplate,
			"Menu\r\n\nThe storm made landfall shortly after midnight, bringing winds of up "
			"to 90mph.\n  Share this article  \n"),
		  "[Menu][Share this article]");
	CHECK_STR(spans(detect_boilerplate, ""), "");
}

/* Lines of a page: which are kept (the article), as [text] pieces. */
static char kept[8192];

static void drop_span(size_t start, size_t end, void *ctx)
{
	char *text = ctx;
	memset(text + start, '\x01', end - start);
}

static const char *kept_lines(const char *page)
{
	static char copy[8192];
	snprintf(copy, sizeof copy, "%s", page);
	detect_boilerplate(page, strlen(page), drop_span, copy);
	kept[0] = '\0';
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
		if (line[0] != '\x01') {
			size_t at = strlen(kept);
			snprintf(kept + at, sizeof kept - at, "[%s]", line);
		}
	return kept;
}

static void boilerplate_pages(void)
{
	/* Menus, a date, a byline and related headlines around an article: the context decides. */
	CHECK_STR(kept_lines("World\nEurope\nAsia\nAfrica\nSport\nTuesday 12 March 2024\n"
			     "Ferry service to the islands resumes after storm\nBy Lena Hart\n"
			     "The ferry to the outer islands sailed again on Tuesday for the first time in a week, "
			     "after the storm that closed the harbour moved away to the east.\n"
			     "Islanders had been without fresh food and post since last Monday, and the council "
			     "said it would send extra sailings over the weekend.\n"
			     "Advertisement\n"
			     "The operator said it was checking the ramps at each pier before the timetable "
			     "returns to normal.\n"
			     "More on this story\nStorm closes harbour\nWhy ferries keep breaking down\n"
			     "About us\nContact\nPrivacy policy\n"),
		  "[Ferry service to the islands resumes after storm]"
		  "[The ferry to the outer islands sailed again on Tuesday for the first time in a week, "
		  "after the storm that closed the harbour moved away to the east.]"
		  "[Islanders had been without fresh food and post since last Monday, and the council "
		  "said it would send extra sailings over the weekend.]"
		  "[The operator said it was checking the ramps at each pier before the timetable "
		  "returns to normal.]");
	/* Reader comments: past their heading, prose is the readers'. */
	CHECK_STR(kept_lines("Home\nAbout\nContact\n"
			     "I planted garlic in October this year, a month later than usual, and it has "
			     "still come up strong and green after the frost.\n"
			     "The trick, I think, is a sunny bed and plenty of grit in the soil, because "
			     "garlic hates sitting in cold wet ground all winter.\n"
			     "3 comments\nMargaret\nMarch 3, 2024 at 5:12 pm\n"
			     "What a lovely post, I have been wondering when to plant mine and now I know "
			     "that it is not too late for this year.\nReply\n"),
		  "[I planted garlic in October this year, a month later than usual, and it has still come "
		  "up strong and green after the frost.]"
		  "[The trick, I think, is a sunny bed and plenty of grit in the soil, because garlic hates "
		  "sitting in cold wet ground all winter.]");
	/* Another language: its own stop words, its own chrome. */
	CHECK_STR(kept_lines("Startseite\nPolitik\nWirtschaft\nSport\n"
			     "Wir verwenden Cookies, um Ihnen unsere Inhalte und Anzeigen passend "
			     "anzuzeigen und unseren Datenverkehr zu analysieren.\n"
			     "Alle akzeptieren\n"
			     "Die Stadt will in den nächsten fünf Jahren mehr als hundert neue Bäume in der "
			     "Innenstadt pflanzen, wie der Bürgermeister am Montag ankündigte.\n"
			     "Die Kosten für das Programm liegen nach Angaben der Verwaltung bei rund zwei "
			     "Millionen Euro, die zum Teil vom Land kommen.\n"
			     "Impressum\nDatenschutz\n"),
		  "[Die Stadt will in den nächsten fünf Jahren mehr als hundert neue Bäume in der "
		  "Innenstadt pflanzen, wie der Bürgermeister am Montag ankündigte.]"
		  "[Die Kosten für das Programm liegen nach Angaben der Verwaltung bei rund zwei "
		  "Millionen Euro, die zum Teil vom Land kommen.]");
}

static void mojibake(void)
{
	CHECK_STR(spans(detect_mojibake, "CafÃ© owner"), "[Ã©]");
	CHECK_STR(spans(detect_mojibake, "It doesnâ€™t work"), "[â€™]");
	CHECK_STR(spans(detect_mojibake, "Â£5 and a bad \xEF\xBF\xBD char"), "[Â£][\xEF\xBF\xBD]");
	CHECK_STR(spans(detect_mojibake, "Fr?d?ric said what? Yes"), "[?][?]");
	CHECK_STR(spans(detect_mojibake, "Frdric met Jrgen in Mnchen, nThe iPhone"), "[Frdric][Jrgen][Mnchen]");
	/* Real words and names, accented text and a lone lead-like letter are clean. */
	CHECK_STR(spans(detect_mojibake,
			"Christmas in Schwerin: Strength, Splendid Scripts, Tsvangirai, Przemysław, "
			"McDonald, Nguyen, Mr, St, Dmitry, Ça va, Ölçü, São Paulo, café, naïve, Â."),
		  "");
}

static void scripts(void)
{
	CHECK(detect_script("", 0) == -1);
	CHECK(detect_script("123 !?", 6) == -1);
	CHECK_STR(script_names[SCRIPT_LATIN], "Latin");
	const char *ru = "Москва, 2024 (AP)";
	CHECK_STR(script_names[detect_script(ru, strlen(ru))], "Cyrillic");
	const char *ja = "東京で国際会議が開かれた (Tokyo)";
	CHECK_STR(script_names[detect_script(ja, strlen(ja))], "Han");
	const char *el = "Αθήνα";
	CHECK_STR(script_names[detect_script(el, strlen(el))], "Greek");
	const char *fr = "Élysée";
	CHECK_STR(script_names[detect_script(fr, strlen(fr))], "Latin");
}

int main(void)
{
	RUN_TEST(quotes_of_speech);
	RUN_TEST(scare_quotes_and_titles);
	RUN_TEST(boilerplate_lines);
	RUN_TEST(boilerplate_pages);
	RUN_TEST(mojibake);
	RUN_TEST(scripts);
	CHECK_DONE();
}
