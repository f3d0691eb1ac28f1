/*
 * options: the command line of every tool.
 *
 * The common options (rill(7)) live in one table here; a tool declares
 * its own options in a table of the same shape and says which common
 * groups it takes.  getopt_long's arrays and the --help text are both
 * built from the tables, so usage text cannot drift from the parser.
 *
 * Numbers are range-checked and a bad value is a usage error (exit 2) that
 * names the option and the value, as OpenBSD's strtonum() users do.
 */
#ifndef RILL_OPTIONS_H
#define RILL_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "key.h"
#include "records.h"
#include "writer.h"

enum opt_arg { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL };

struct tool_option {
	int id;			/* the tool's code, 1..999; 0 ends the table */
	int short_name;		/* 0: long form only */
	const char *long_name;
	enum opt_arg arg;
	const char *arg_name;	/* "N", "FILE", ... */
	const char *help;
};

/* Common option groups a tool can take. */
enum {
	OPTS_INPUT = 1,		/* -F -d -H -z --invalid --progress */
	OPTS_FIELDS = 2,	/* -f */
	OPTS_KEY = 4,		/* -i --normalize --squeeze --strip-punct */
	OPTS_OUTPUT = 8,	/* --to -o */
};

enum progress_mode { PROGRESS_NEVER = 0, PROGRESS_AUTO, PROGRESS_ALWAYS, PROGRESS_LOG };

struct tool {
	const char *name;	/* "rill-split" */
	const char *synopsis;	/* "[OPTIONS] [FILE...]" */
	const char *summary;	/* one line: what the tool does */
	unsigned groups;
	enum rec_format default_output;	/* FMT_NONE: the input's format */
	const struct tool_option *options;
	/*
	 * Called for each of the tool's own options, in command-line order,
	 * with the settings given to options_parse (run_parse).
	 */
	void (*on_option)(int id, const char *arg, void *settings);
};

struct common_opts {
	struct input_opts in;
	struct output_opts out;
	struct key_opts key;
	const char *fields;	/* -f, or NULL */
	enum progress_mode progress;
	const char *stats;	/* --stats FILE, or NULL */
	const char *rejects;	/* --rejects FILE, or NULL */
	char **files;
	size_t nfiles;
};

/*
 * Parses argv: the common options into c, the tool's own through
 * t->on_option with `settings`; handles --help and --version (exit 0) and
 * usage errors (exit 2).
 */
void options_parse(int argc, char **argv, const struct tool *t, void *settings,
		   struct common_opts *c);
void options_print_help(const struct tool *t, FILE *out);

uint64_t parse_uint(const char *arg, uint64_t min, uint64_t max, const char *option);
/* A size with an optional K, M, G or T suffix (powers of 1024). */
uint64_t parse_size(const char *arg, const char *option);
/*
 * A memory bound (--memory): a size, refused as a usage error when it is
 * more than the machine's memory or the process's limit (ulimit -v),
 * which it could never be held to.  A bound is a ceiling: what uses it
 * allocates as the data needs, up to it.
 */
uint64_t parse_memory(const char *arg, const char *option);
/* A field delimiter: one ASCII character (or "\t", "tab"), not a quote or newline. */
char parse_delimiter(const char *arg, const char *option);
/*
 * --threads=N: 1 to 64, or 0 for every core, as xz -T0 and zstd -T0 (the
 * default is one per core, at most 8): 0 gives THREADS_EVERY_CORE, which
 * the runner resolves (runner_run).
 */
#define THREADS_EVERY_CORE UINT64_MAX
uint64_t parse_threads(const char *arg);
/* A number in [min, max], such as a threshold. */
double parse_double(const char *arg, double min, double max, const char *option);

#define RILL_VERSION "0.1.0"

#endif
