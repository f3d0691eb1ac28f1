/* options: tables to getopt_long and to --help; see options.h. */
#include "options.h"
#include "buf.h"
#include "diag.h"
#include "html.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

enum {
	C_FORMAT = 1000, C_DELIM, C_HEADER, C_ZERO, C_INVALID, C_REPAIR, C_PROGRESS, C_FIELD,
	C_ICASE, C_NORMALIZE, C_SQUEEZE, C_STRIP_PUNCT, C_TO, C_OUTPUT, C_HEADERLESS_OUTPUT, C_LINE_BUFFERED, C_REJECTS, C_STATS, C_HELP, C_VERSION,
	C_HTML, C_WARC_TYPES,
};

#define TOOL_ID_BASE 2000

struct common_option {
	unsigned group;		/* 0: every tool */
	struct tool_option o;
};

static const struct common_option common_table[] = {
	{ OPTS_INPUT, { C_FORMAT, 'F', "format", ARG_REQUIRED, "FMT",
		"input format: lines (default), tsv, csv, para, doc, jsonl, warc" } },
	{ OPTS_INPUT, { C_DELIM, 'd', "delimiter", ARG_REQUIRED, "C",
		"field separator for tsv and csv (default TAB and ',')" } },
	{ OPTS_INPUT, { C_HEADER, 'H', "header", ARG_NONE, NULL,
		"the first record names the fields" } },
	{ OPTS_INPUT, { C_ZERO, 'z', "zero-terminated", ARG_NONE, NULL,
		"NUL, not newline, ends a line (input and output)" } },
	{ OPTS_INPUT, { C_INVALID, 0, "invalid", ARG_REQUIRED, "POLICY",
		"invalid UTF-8: replace (default), skip, fail, keep" } },
	{ OPTS_INPUT, { C_WARC_TYPES, 0, "warc-types", ARG_REQUIRED, "LIST",
		"-F warc: the record types read (default response,resource,\n"
		"conversion; all, or any of warcinfo, request, metadata, revisit)" } },
	{ OPTS_INPUT, { C_HTML, 0, "html", ARG_REQUIRED, "MODE",
		"read the -f fields as web pages: text (all their visible text)\n"
		"or main (the article alone)" } },
	{ OPTS_INPUT, { C_REPAIR, 0, "repair", ARG_REQUIRED, "WHAT",
		"mojibake: undo UTF-8 read as Windows-1252 and the like" } },
	{ OPTS_INPUT, { C_PROGRESS, 0, "progress", ARG_OPTIONAL, "WHEN",
		"progress on standard error: auto (a terminal), always, never,\n"
		"log (a plain line every 5 s, for cron logs)" } },
	{ OPTS_FIELDS, { C_FIELD, 'f', "field", ARG_REQUIRED, "LIST",
		"fields to work on: numbers, names (-H), ranges, commas" } },
	{ OPTS_KEY, { C_ICASE, 'i', "ignore-case", ARG_NONE, NULL,
		"compare with full Unicode case folding" } },
	{ OPTS_KEY, { C_NORMALIZE, 0, "normalize", ARG_REQUIRED, "FORM",
		"Unicode normalization of keys: nfc (default), nfkc, none" } },
	{ OPTS_KEY, { C_SQUEEZE, 0, "squeeze", ARG_NONE, NULL,
		"runs of white space compare as one space, ends trimmed" } },
	{ OPTS_KEY, { C_STRIP_PUNCT, 0, "strip-punct", ARG_NONE, NULL,
		"ignore Unicode punctuation when comparing" } },
	{ OPTS_OUTPUT, { C_TO, 0, "to", ARG_REQUIRED, "FMT",
		"output format: lines, tsv, csv, para, jsonl, warc (default: the\n"
		"input's; warc: the records as they came, from -F warc)" } },
	{ OPTS_OUTPUT, { C_OUTPUT, 'o', "output", ARG_REQUIRED, "FILE",
		"write to FILE (.gz, .zst: compressed), renamed into place at the end" } },
	{ OPTS_OUTPUT, { C_HEADERLESS_OUTPUT, 0, "headerless-output", ARG_NONE, NULL,
		"write no header line, though -H reads one" } },
	{ OPTS_OUTPUT, { C_LINE_BUFFERED, 0, "line-buffered", ARG_NONE, NULL,
		"write each record out as soon as it is made (one thread)" } },
	{ 0, { C_REJECTS, 0, "rejects", ARG_REQUIRED, "FILE",
		"write each record (or unit) dropped, and why, to FILE" } },
	{ 0, { C_STATS, 0, "stats", ARG_REQUIRED, "FILE",
		"at the end, the run's figures as JSON in FILE (- : stderr)" } },
	{ 0, { C_HELP, 'h', "help", ARG_NONE, NULL, "show this help and exit" } },
	{ 0, { C_VERSION, 0, "version", ARG_NONE, NULL, "show the version and exit" } },
};

#define NCOMMON (sizeof common_table / sizeof common_table[0])

static bool takes(const struct tool *t, const struct common_option *c)
{
	return c->group == 0 || (t->groups & c->group);
}

static size_t count_tool_options(const struct tool *t)
{
	size_t n = 0;
	while (t->options && t->options[n].id)
		n++;
	return n;
}

static void format_option(struct buf *b, const struct tool_option *o)
{
	size_t start = b->len;
	buf_adds(b, "  ");
	if (o->short_name)
		buf_addf(b, "-%c, ", o->short_name);
	else
		buf_adds(b, "    ");
	buf_addf(b, "--%s", o->long_name);
	if (o->arg == ARG_REQUIRED)
		buf_addf(b, "=%s", o->arg_name);
	else if (o->arg == ARG_OPTIONAL)
		buf_addf(b, "[=%s]", o->arg_name);
	size_t width = b->len - start;
	if (width < 30)
		buf_addf(b, "%*s", (int)(30 - width), "");
	else
		buf_addf(b, "\n%30s", "");
	/* A help text of several lines: each continued under the first. */
	for (const char *h = o->help; *h; h++) {
		buf_addc(b, *h);
		if (*h == '\n' && h[1])
			buf_addf(b, "%30s", "");
	}
	buf_addc(b, '\n');
}

void options_print_help(const struct tool *t, FILE *out)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "Usage: %s %s\n%s\n", t->name, t->synopsis, t->summary);
	size_t n = count_tool_options(t);
	if (n) {
		buf_adds(&b, "\nOptions:\n");
		for (size_t i = 0; i < n; i++)
			format_option(&b, &t->options[i]);
	}
	static const struct { unsigned group; const char *title; } sections[] = {
		{ OPTS_INPUT, "Input" }, { OPTS_FIELDS, "Fields" }, { OPTS_KEY, "Comparing" },
		{ OPTS_OUTPUT, "Output" }, { 0, "General" },
	};
	for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
		if (sections[s].group && !(t->groups & sections[s].group))
			continue;
		buf_addf(&b, "\n%s:\n", sections[s].title);
		for (size_t i = 0; i < NCOMMON; i++)
			if (common_table[i].group == sections[s].group)
				format_option(&b, &common_table[i].o);
	}
	buf_addf(&b, "\nWith no FILE, or when FILE is -, read standard input; gzip and zstd\n"
		     "input is decompressed.  Exit status: 0 success, 1 data or I/O error, 2 usage error.\n"
		     "Full documentation: man %s\n", t->name);
	fwrite(b.data, 1, b.len, out);
	buf_release(&b);
}

char parse_delimiter(const char *arg, const char *option)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
		return '\t';
	if (strlen(arg) != 1 || (unsigned char)arg[0] >= 0x80 || arg[0] == '"' || arg[0] == '\n' ||
	    arg[0] == '\r' || arg[0] == '\\')
		die_usage("%s: '%s' is not one ASCII character other than a quote, "
			  "backslash or newline", option, arg);
	return arg[0];
}

static const struct choice invalid_policies[] = {
	{ "replace", INVALID_REPLACE }, { "skip", INVALID_SKIP }, { "fail", INVALID_FAIL },
	{ "keep", INVALID_KEEP }, { NULL, 0 },
};

static const struct choice html_modes[] = {
	{ "text", HTML_TEXT }, { "main", HTML_MAIN }, { NULL, 0 },
};
/* What --repair undoes: one thing so far, named so that others can follow. */
enum { REPAIR_MOJIBAKE = 1 };
static const struct choice repairs[] = { { "mojibake", REPAIR_MOJIBAKE }, { NULL, 0 } };

static const struct choice progress_modes[] = {
	{ "auto", PROGRESS_AUTO }, { "always", PROGRESS_ALWAYS }, { "never", PROGRESS_NEVER },
	{ "log", PROGRESS_LOG }, { NULL, 0 },
};

/*
 * The format named by arg in `formats`.  awk's -F is the field separator;
 * rill's names the format.  A value that looks like a separator (one
 * character, a TAB typed as '\t') gets the hint to -d, so `-F,` or
 * `-F '\t'` is not a puzzle.
 */
static enum rec_format parse_format(const char *option, const char *arg, const struct choice *formats)
{
	int f;
	if (choice_find(formats, arg, strlen(arg), &f))
		return (enum rec_format)f;
	struct buf names = BUF_INIT;
	choice_names(formats, &names);
	const char *known = names.data;
	bool tab = strcmp(arg, "\t") == 0 || strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0;
	const char *give = strcmp(option, "--to") == 0 ? "--to=" : "-F ";
	if (tab || strcmp(arg, ",") == 0)
		die_usage("%s: '%s' is a separator, not a format (%s); use -d for a delimiter; "
			  "for %s-separated fields give %s%s", option, arg[0] == '\t' ? "\\t" : arg,
			  known, tab ? "TAB" : "comma", give, tab ? "tsv" : "csv");
	if (strlen(arg) == 1 && (unsigned char)arg[0] >= 0x20 && (unsigned char)arg[0] < 0x7F)
		die_usage("%s: '%s' is a separator, not a format (%s); use -d for a delimiter, "
			  "as in %scsv -d '%s'", option, arg, known, give, arg);
	choice_die(formats, arg, strlen(arg), option, "format", NULL);
}

static void common_option(const struct tool *t, struct common_opts *c, int id, const char *arg)
{
	switch (id) {
	case C_FORMAT:
		c->in.format = parse_format("--format", arg, input_formats);
		break;
	case C_DELIM:
		c->in.delim = c->out.delim = parse_delimiter(arg, "--delimiter");
		break;
	case C_HEADER:
		c->in.header = true;
		break;
	case C_ZERO:
		c->in.zero = c->out.zero = true;
		break;
	case C_INVALID:
		c->in.invalid = choice_parse(invalid_policies, arg, "--invalid", "policy");
		break;
	case C_HTML:
		c->in.html = choice_parse(html_modes, arg, "--html", "mode");
		break;
	case C_REPAIR:
		c->in.repair_mojibake = choice_parse(repairs, arg, "--repair", "repair") == REPAIR_MOJIBAKE;
		break;
	case C_WARC_TYPES:
		c->in.warc_types = 0;
		for (const char *p = arg;;) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			int bit;
			if (!choice_find(warc_type_names, p, len, &bit))
				choice_die(warc_type_names, p, len, "--warc-types", "record type", NULL);
			c->in.warc_types |= (unsigned)bit;
			if (!comma)
				break;
			p = comma + 1;
		}
		break;
	case C_PROGRESS:
		c->progress = arg ? choice_parse(progress_modes, arg, "--progress", "value")
				  : PROGRESS_AUTO;
		break;
	case C_FIELD:
		c->fields = arg;
		break;
	case C_ICASE:
		c->key.icase = true;
		break;
	case C_NORMALIZE:
		c->key.normalize = choice_parse(normalize_forms, arg, "--normalize", "form");
		break;
	case C_SQUEEZE:
		c->key.squeeze = true;
		break;
	case C_STRIP_PUNCT:
		c->key.strip_punct = true;
		break;
	case C_TO:
		c->out.format = parse_format("--to", arg, output_formats);
		break;
	case C_OUTPUT:
		c->out.path = arg;
		break;
	case C_HEADERLESS_OUTPUT:
		c->out.headerless = true;
		break;
	case C_LINE_BUFFERED:
		c->out.line_buffered = true;
		break;
	case C_REJECTS:
		c->rejects = arg;
		break;
	case C_STATS:
		c->stats = arg;
		break;
	case C_HELP:
		options_print_help(t, stdout);
		if (fflush(stdout) != 0 || ferror(stdout))
			die("write error on standard output");
		exit(0);
	case C_VERSION:
		printf("%s (rill) %s\n", t->name, RILL_VERSION);
		if (fflush(stdout) != 0 || ferror(stdout))
			die("write error on standard output");
		exit(0);
	default:
		bug("unhandled common option %d", id);
	}
}

static void add_getopt(struct option *lo, size_t *nlo, struct buf *shorts,
		       const struct tool_option *o)
{
	int has = o->arg == ARG_NONE ? no_argument
		: o->arg == ARG_REQUIRED ? required_argument : optional_argument;
	lo[*nlo].name = o->long_name;
	lo[*nlo].has_arg = has;
	lo[*nlo].flag = NULL;
	/* Tool ids are moved past the common ones and past any short option. */
	lo[*nlo].val = o->id < 1000 ? o->id + TOOL_ID_BASE : o->id;
	(*nlo)++;
	if (o->short_name) {
		buf_addc(shorts, (char)o->short_name);
		if (o->arg == ARG_REQUIRED)
			buf_addc(shorts, ':');
		else if (o->arg == ARG_OPTIONAL)
			buf_adds(shorts, "::");
	}
}

static int short_to_id(const struct tool *t, int c)
{
	for (size_t i = 0; t->options && t->options[i].id; i++)
		if (t->options[i].short_name == c)
			return t->options[i].id;
	for (size_t i = 0; i < NCOMMON; i++)
		if (takes(t, &common_table[i]) && common_table[i].o.short_name == c)
			return common_table[i].o.id;
	return 0;
}

void options_parse(int argc, char **argv, const struct tool *t, void *settings,
		   struct common_opts *c)
{
	size_t ntool = count_tool_options(t);
	struct option *lo = xcalloc(ntool + NCOMMON + 1, sizeof *lo);
	size_t nlo = 0;
	struct buf shorts = BUF_INIT;
	buf_addc(&shorts, ':');	/* report a missing argument as ':' */
	for (size_t i = 0; i < ntool; i++)
		add_getopt(lo, &nlo, &shorts, &t->options[i]);
	for (size_t i = 0; i < NCOMMON; i++)
		if (takes(t, &common_table[i]))
			add_getopt(lo, &nlo, &shorts, &common_table[i].o);

	opterr = 0;
	int ch, index;
	while ((ch = getopt_long(argc, argv, shorts.data, lo, &index)) != -1) {
		if (ch == '?') {
			if (optopt)
				die_usage("unknown option '-%c'", optopt);
			die_usage("unknown option '%s'", argv[optind - 1]);
		}
		if (ch == ':')
			die_usage("option '%s' needs a value", argv[optind - 1]);
		int id = ch < 256 ? short_to_id(t, ch) : ch >= TOOL_ID_BASE ? ch - TOOL_ID_BASE : ch;
		if (id >= 1000)
			common_option(t, c, id, optarg);
		else if (id > 0)
			t->on_option(id, optarg, settings);
		else
			bug("option '%c' not in the tables", ch);
	}
	c->files = argv + optind;
	c->nfiles = (size_t)(argc - optind);
	if (c->in.warc_types && c->in.format != FMT_WARC)
		die_usage("--warc-types goes with -F warc");
	if (c->out.format == FMT_WARC && c->in.format != FMT_WARC)
		die_usage("--to=warc writes WARC records as they came, so it needs -F warc input");
	free(lo);
	buf_release(&shorts);
}

uint64_t parse_uint(const char *arg, uint64_t min, uint64_t max, const char *option)
{
	char *end;
	errno = 0;
	if (!arg || !*arg || *arg == '-' || *arg == '+')
		die_usage("%s: '%s' is not a number", option, arg ? arg : "");
	unsigned long long v = strtoull(arg, &end, 10);
	if (*end)
		die_usage("%s: '%s' is not a number", option, arg);
	if (errno == ERANGE || v < min || v > max)
		die_usage("%s: %s is out of range (%llu to %llu)", option, arg,
			  (unsigned long long)min, (unsigned long long)max);
	return v;
}

uint64_t parse_size(const char *arg, const char *option)
{
	char *end;
	errno = 0;
	if (!arg || !*arg || *arg == '-')
		die_usage("%s: '%s' is not a size", option, arg ? arg : "");
	double v = strtod(arg, &end);
	unsigned shift = 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || errno || !(v > 0) || !isfinite(v))
		die_usage("%s: '%s' is not a size (such as 500M or 2G)", option, arg);
	double bytes = ldexp(v, (int)shift);
	if (bytes >= 18446744073709551615.0)
		die_usage("%s: %s is too large", option, arg);
	return (uint64_t)bytes;
}

uint64_t parse_memory(const char *arg, const char *option)
{
	uint64_t bytes = parse_size(arg, option);
	/* What the machine has, or less where a limit on the process says so. */
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	uint64_t have = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : UINT64_MAX;
	const char *what = "this machine's memory";
	struct rlimit rl;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < have) {
		have = rl.rlim_cur;
		what = "the process's limit on memory (ulimit -v)";
	}
	if (bytes > have)
		die_usage("%s=%s is more than %s, %.1f GiB: a bound the run could never keep", option, arg,
			  what, (double)have / (1 << 30));
	return bytes;
}

uint64_t parse_threads(const char *arg)
{
	uint64_t n = parse_uint(arg, 0, 64, "--threads");
	return n ? n : THREADS_EVERY_CORE;
}

double parse_double(const char *arg, double min, double max, const char *option)
{
	char *end;
	errno = 0;
	double v = arg && *arg ? strtod(arg, &end) : NAN;
	if (!arg || !*arg || *end || errno || isnan(v))
		die_usage("%s: '%s' is not a number", option, arg ? arg : "");
	if (v < min || v > max)
		die_usage("%s: %s is out of range (%g to %g)", option, arg, min, max);
	return v;
}
