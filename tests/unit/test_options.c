/*
 * Unit tests of common/options and common/choice: a tool's table and the
 * common one parsed together, named values from one table (and the error
 * that lists them), range-checked numbers and sizes, --help from the tables.
 */
#include "../../common/choice.h"
#include "../../common/diag.h"
#include "../../common/options.h"
#include "check.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { OPT_COLOUR = 1, OPT_LOUD, OPT_LEVEL };

static const struct choice colours[] = {
	{ "red", 1 }, { "green", 2 }, { "blue", 3 }, { NULL, 0 },
};

static const struct tool_option tool_options[] = {
	{ OPT_COLOUR, 'c', "colour", ARG_REQUIRED, "NAME", "red, green or blue" },
	{ OPT_LOUD, 0, "loud", ARG_NONE, NULL, "say it loudly" },
	{ OPT_LEVEL, 0, "level", ARG_OPTIONAL, "N", "how loudly (3)" },
	{ 0 },
};

struct seen {
	int colour;
	bool loud;
	uint64_t level;
	int order[8];
	size_t n;
};

static void on_option(int id, const char *arg, void *ctx)
{
	struct seen *s = ctx;
	s->order[s->n++ % 8] = id;
	switch (id) {
	case OPT_COLOUR: s->colour = choice_parse(colours, arg, "--colour", "colour"); break;
	case OPT_LOUD: s->loud = true; break;
	case OPT_LEVEL: s->level = arg ? parse_uint(arg, 1, 9, "--level") : 3; break;
	default: bug("test: option %d", id);
	}
}

static struct seen seen;

static const struct tool test_tool = {
	.name = "rill-test",
	.synopsis = "[OPTIONS] [FILE...]",
	.summary = "A tool for the tests.",
	.groups = OPTS_INPUT | OPTS_FIELDS | OPTS_KEY,
	.options = tool_options,
	.on_option = on_option,
};

static void parse(struct common_opts *c, char **argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	memset(&seen, 0, sizeof seen);
	memset(c, 0, sizeof *c);
	optind = 0;	/* getopt starts again */
	options_parse(argc, argv, &test_tool, &seen, c);
}

static void choices(void)
{
	int v = 0;
	CHECK(choice_find(colours, "green", 5, &v) && v == 2);
	CHECK(choice_find(colours, "blue,red", 4, &v) && v == 3);	/* by length: a list's item */
	CHECK(!choice_find(colours, "gre", 3, &v));
	CHECK(!choice_find(colours, "", 0, &v));
	CHECK_STR(choice_name(colours, 3), "blue");
	CHECK(choice_name(colours, 7) == NULL);
	CHECK(choice_parse(input_formats, "para", "--format", "format") == FMT_PARA);
	CHECK(choice_parse(output_formats, "csv", "--to", "output format") == FMT_CSV);
	CHECK_STR(format_name(FMT_DOC), "doc");
}

static void bad_colour(void *arg)
{
	choice_parse(colours, arg, "--colour", "colour");
}

static void bad_output(void *arg)
{
	choice_parse(output_formats, arg, "--to", "output format");
}

static void bad_in_list(void *arg)
{
	(void)arg;
	choice_die(colours, "pink,red", 4, "--colours", "colour", "any=N");
}

/* The error names the option and the value, and lists the table's names, from the table. */
static void choice_errors(void)
{
	CHECK(expect_death(bad_colour, "mauve", 2, "--colour: unknown colour 'mauve' (red, green, blue)"));
	CHECK(expect_death(bad_output, "doc", 2, "--to: unknown output format 'doc' (lines, tsv, csv, para, jsonl, warc)"));
	CHECK(expect_death(bad_in_list, NULL, 2, "--colours: unknown colour 'pink' (red, green, blue, any=N)"));
}

static void tool_and_common(void)
{
	struct common_opts c;
	char *argv[] = { "rill-test", "-c", "blue", "-F", "tsv", "--loud", "-i", "--level=7",
			 "--normalize=nfkc", "-f", "2,1", "--invalid=skip", "a.tsv", "-", NULL };
	parse(&c, argv);
	CHECK(seen.colour == 3 && seen.loud && seen.level == 7);
	CHECK(seen.n == 3 && seen.order[0] == OPT_COLOUR && seen.order[1] == OPT_LOUD &&
	      seen.order[2] == OPT_LEVEL);	/* the tool's options in command-line order */
	CHECK(c.in.format == FMT_TSV && c.key.icase && c.key.normalize == NORM_NFKC);
	CHECK(c.in.invalid == INVALID_SKIP);
	CHECK_STR(c.fields, "2,1");
	CHECK(c.nfiles == 2 && strcmp(c.files[0], "a.tsv") == 0 && strcmp(c.files[1], "-") == 0);
	char *bare[] = { "rill-test", "--level", "--progress", NULL };
	parse(&c, bare);
	CHECK(seen.level == 3 && c.progress == PROGRESS_AUTO && c.nfiles == 0);
}

static void run_argv(void *arg)
{
	struct common_opts c;
	parse(&c, arg);
}

/* Options of a group the tool does not take are unknown to it. */
static void usage_errors(void)
{
	char *unknown[] = { "rill-test", "--nope", NULL };
	CHECK(expect_death(run_argv, unknown, 2, "unknown option '--nope'"));
	char *not_taken[] = { "rill-test", "--to=csv", NULL };	/* OPTS_OUTPUT not taken */
	CHECK(expect_death(run_argv, not_taken, 2, "unknown option '--to=csv'"));
	char *missing[] = { "rill-test", "--colour", NULL };
	CHECK(expect_death(run_argv, missing, 2, "needs a value"));
	char *range[] = { "rill-test", "--level=10", NULL };
	CHECK(expect_death(run_argv, range, 2, "--level: 10 is out of range (1 to 9)"));
	char *form[] = { "rill-test", "--normalize=nfd", NULL };
	CHECK(expect_death(run_argv, form, 2, "--normalize: unknown form 'nfd' (nfc, nfkc, none)"));
	char *policy[] = { "rill-test", "--invalid=drop", NULL };
	CHECK(expect_death(run_argv, policy, 2, "--invalid: unknown policy 'drop' (replace, skip, fail, keep)"));
}

static void uint_dies(void *arg)
{
	parse_uint(arg, 1, 100, "--n");
}

static void size_dies(void *arg)
{
	parse_size(arg, "--memory");
}

static void double_dies(void *arg)
{
	parse_double(arg, 0.01, 1, "--near");
}

static void delimiter_dies(void *arg)
{
	parse_delimiter(arg, "-d");
}

static void numbers(void)
{
	CHECK(parse_uint("1", 1, 100, "--n") == 1 && parse_uint("100", 1, 100, "--n") == 100);
	CHECK(expect_death(uint_dies, "0", 2, "--n: 0 is out of range (1 to 100)"));
	CHECK(expect_death(uint_dies, "-5", 2, "--n: '-5' is not a number"));
	CHECK(expect_death(uint_dies, "5x", 2, "--n: '5x' is not a number"));
	CHECK(expect_death(uint_dies, "99999999999999999999999", 2, "out of range"));
	CHECK(parse_size("500", "--memory") == 500);
	CHECK(parse_size("8M", "--memory") == 8u << 20 && parse_size("2g", "--memory") == (uint64_t)2 << 30);
	CHECK(parse_size("1.5KB", "--memory") == 1536);
	CHECK(expect_death(size_dies, "0", 2, "'0' is not a size"));
	CHECK(expect_death(size_dies, "5Q", 2, "'5Q' is not a size"));
	CHECK(expect_death(size_dies, "99999999T", 2, "is too large"));
	CHECK(parse_double("0.8", 0.01, 1, "--near") == 0.8);
	CHECK(expect_death(double_dies, "1.5", 2, "--near: 1.5 is out of range"));
	CHECK(expect_death(double_dies, "nan", 2, "'nan' is not a number"));
	CHECK(parse_delimiter("tab", "-d") == '\t' && parse_delimiter("\\t", "-d") == '\t');
	CHECK(parse_delimiter(";", "-d") == ';');
	CHECK(expect_death(delimiter_dies, "\"", 2, "-d: '\"' is not one ASCII character"));
	CHECK(expect_death(delimiter_dies, "ab", 2, "is not one ASCII character"));
}

/* --help comes from the tables: the tool's options, then the common groups it takes. */
static void help_from_tables(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	options_print_help(&test_tool, f);
	fclose(f);
	CHECK(strstr(text, "Usage: rill-test [OPTIONS] [FILE...]\nA tool for the tests.\n") == text);
	CHECK(strstr(text, "  -c, --colour=NAME           red, green or blue\n") != NULL);
	CHECK(strstr(text, "      --level[=N]             how loudly (3)\n") != NULL);
	const char *opts = strstr(text, "\nOptions:\n"), *input = strstr(text, "\nInput:\n");
	CHECK(opts && input && opts < input);
	CHECK(strstr(text, "\nComparing:\n") && strstr(text, "--strip-punct"));
	CHECK(!strstr(text, "\nOutput:\n") && !strstr(text, "--to="));	/* a group not taken */
	CHECK(strstr(text, "--stats=FILE") && strstr(text, "--version"));
	CHECK(strstr(text, "man rill-test") != NULL);
	free(text);
}

int main(void)
{
	RUN_TEST(choices);
	RUN_TEST(choice_errors);
	RUN_TEST(tool_and_common);
	RUN_TEST(usage_errors);
	RUN_TEST(numbers);
	RUN_TEST(help_from_tables);
	CHECK_DONE();
}
