/*
 * Unit tests of common/lexicon: phrases found on word boundaries only,
 * across white space (a no-break space too) but not punctuation, nested
 * and overlapping phrases all reported, in order of start, end and tag
 * name; a possessive is not part of a word; case folding and NFKC unless
 * exact; single words and phrases alike; a copy for another thread finds
 * the same; a bad lexicon line is a usage error naming it.
 */
#include "../../common/buf.h"
#include "../../common/lexicon.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
}

static void on_match(const struct lexicon_match *m, void *ctx)
{
	struct { struct lexicon *lx; struct buf out; } *r = ctx;
	buf_addf(&r->out, "%zu-%zu:%s ", m->start, m->end, r->lx->tags[m->tag]);
}

/* Every match, as "START-END:TAG " in the order the lexicon gives them. */
static void matches(struct lexicon *lx, const char *text, const char *want)
{
	struct { struct lexicon *lx; struct buf out; } r = { lx, BUF_INIT };
	lexicon_match(lx, text, strlen(text), on_match, &r);
	CHECK_STR(r.out.data ? r.out.data : "", want);
	buf_release(&r.out);
}

static const char phrases[] =
	"# comments and blank lines are skipped\n"
	"\n"
	"Cambridge Analytica\tORG\n"
	"Cambridge\tPLACE\n"
	"Analytica\tWORD\n"
	"Sadiq Khan\tPERSON\n"
	"Khan\tPERSON\n"
	"Khan\tNAME\n"
	"New York Times\tORG\n"
	"New York\tPLACE\n"
	"Meta\tORG\n"
	"\xef\xac\x81nance\tTOPIC\n";	/* "finance" with the fi ligature */

static struct lexicon loaded(bool exact)
{
	char path[256];
	snprintf(path, sizeof path, "%s/lex.tsv", check_dir());
	write_file(path, phrases);
	struct key_opts o = { .normalize = exact ? NORM_NFC : NORM_NFKC, .icase = !exact,
			      .valid_utf8 = true };
	struct lexicon lx;
	lexicon_init(&lx, &o);
	lexicon_load(&lx, path);
	return lx;
}

static void boundaries_and_space(void)
{
	struct lexicon lx = loaded(false);
	/* Word boundaries: not inside "Metadata" or "Khans"; a no-break space joins a phrase. */
	matches(&lx, "Metadata of Meta, Khans", "12-16:ORG ");
	matches(&lx, "Sadiq\xc2\xa0Khan spoke", "0-11:PERSON 7-11:NAME 7-11:PERSON ");
	/* Runs of spaces and a line break are white space; a comma is not. */
	matches(&lx, "cambridge   analytica", "0-9:PLACE 0-21:ORG 12-21:WORD ");
	matches(&lx, "Cambridge, Analytica", "0-9:PLACE 11-20:WORD ");
	/* A possessive is not part of the word before it. */
	matches(&lx, "Khan\xe2\x80\x99s plan and Khan's", "0-4:NAME 0-4:PERSON 18-22:NAME 18-22:PERSON ");
	/* Nested phrases, all of them, shortest first at one start. */
	matches(&lx, "the New York Times said", "4-12:PLACE 4-18:ORG ");
	/* Case folded and NFKC: FINANCE is the ligature's finance. */
	matches(&lx, "FINANCE news", "0-7:TOPIC ");
	matches(&lx, "", "");
	lexicon_release(&lx);
}

static void exact_case(void)
{
	struct lexicon lx = loaded(true);
	matches(&lx, "meta and Meta", "9-13:ORG ");
	matches(&lx, "finance", "");	/* the ligature is not the letters */
	lexicon_release(&lx);
}

/* Tags are shared by name: one id each, whoever adds it (regexes, detectors, filters). */
static void tags_by_name(void)
{
	struct lexicon lx = loaded(false);
	uint32_t org = lexicon_tag(&lx, "ORG", 3), again = lexicon_tag(&lx, "ORG", 3);
	uint32_t fresh = lexicon_tag(&lx, "url", 3);
	CHECK(org == again && fresh != org);
	CHECK_STR(lx.tags[fresh], "url");
	lexicon_release(&lx);
}

/* A copy shares the phrases and finds the same, with scratch space of its own. */
static void shared_copy(void)
{
	struct lexicon lx = loaded(false);
	struct lexicon copy;
	lexicon_share(&copy, &lx);
	matches(&copy, "Sadiq Khan of the New York Times", "0-10:PERSON 6-10:NAME 6-10:PERSON 18-26:PLACE 18-32:ORG ");
	matches(&lx, "Meta", "0-4:ORG ");
	lexicon_unshare(&copy);
	lexicon_release(&lx);
}

/* Many single words take the fast path; a phrase among them still matches. */
static void many_words(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/many.tsv", check_dir());
	FILE *fp = fopen(path, "w");
	for (int i = 0; i < 5000; i++)
		fprintf(fp, "word%04d\tT\n", i);
	fputs("holding 42 group\tORG\n", fp);
	fclose(fp);
	struct key_opts o = { .normalize = NORM_NFKC, .icase = true, .valid_utf8 = true };
	struct lexicon lx;
	lexicon_init(&lx, &o);
	lexicon_load(&lx, path);
	matches(&lx, "WORD0042 and word4999, not word5000; Holding 42 Group", "0-8:T 13-21:T 37-53:ORG ");
	lexicon_release(&lx);
}

static void load_bad(void *arg)
{
	struct key_opts o = { .normalize = NORM_NFKC, .icase = true, .valid_utf8 = true };
	struct lexicon lx;
	lexicon_init(&lx, &o);
	lexicon_load(&lx, arg);
}

static void bad_lexicons(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/bad.tsv", check_dir());
	write_file(path, "Meta\tORG\nno tag on this line\n");
	CHECK(expect_death(load_bad, path, 2, "bad.tsv:2: a lexicon line is PHRASE<TAB>TAG"));
	write_file(path, "Caf\xe9\tPLACE\n");
	CHECK(expect_death(load_bad, path, 2, "bad.tsv:1: invalid UTF-8"));
	snprintf(path, sizeof path, "%s/missing.tsv", check_dir());
	CHECK(expect_death(load_bad, path, 2, "missing.tsv"));
}

int main(void)
{
	RUN_TEST(boundaries_and_space);
	RUN_TEST(exact_case);
	RUN_TEST(tags_by_name);
	RUN_TEST(shared_copy);
	RUN_TEST(many_words);
	RUN_TEST(bad_lexicons);
	CHECK_DONE();
}
