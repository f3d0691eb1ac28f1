/* tool: shared start and end of every filter; see tool.h. */
#include "tool.h"
#include "diag.h"

#include <signal.h>
#include <string.h>

void run_init(struct run *run, const char *argv0)
{
	memset(run, 0, sizeof *run);
	diag_set_progname(argv0);
	/* A closed output pipe ends the tool quietly, even if our parent ignored SIGPIPE. */
	signal(SIGPIPE, SIG_DFL);
	run->c.key.normalize = NORM_NFC;
}

void run_parse(struct run *run, const struct tool *t, int argc, char **argv)
{
	run_init(run, argv[0]);
	options_parse(argc, argv, t, &run->c);
}

void run_start(struct run *run, const struct tool *t, int argc, char **argv)
{
	run_parse(run, t, argc, argv);
	run_open(run, t);
}

void run_open(struct run *run, const struct tool *t)
{
	run->in = reader_open(&run->c.in, run->c.files, run->c.nfiles);
	const struct field *names;
	size_t nnames = reader_header(run->in, &names);
	fieldlist_parse(&run->fields, run->c.fields, names, nnames, "--field");
	run->progress = progress_start(run->c.progress, run->in);
	if (run->c.out.format == FMT_NONE && t->default_output != FMT_NONE)
		run->c.out.format = t->default_output;
	output_resolve(&run->c.out, reader_format(run->in), reader_delim(run->in));
	run->out = writer_open(&run->c.out);
}

void run_write_header(struct run *run, const char *const *extra, size_t nextra)
{
	if (!run->c.in.header)
		return;
	const struct field *names;
	size_t n = reader_header(run->in, &names);
	for (size_t i = 0; i < n; i++)
		writer_field(run->out, names[i].data, names[i].len);
	for (size_t i = 0; i < nextra; i++)
		writer_field(run->out, extra[i], strlen(extra[i]));
	writer_end_record(run->out);
}

void run_begin_record(struct run *run, const struct record *rec)
{
	if (reader_format(run->in) == FMT_DOC)
		writer_field(run->out, rec->file, strlen(rec->file));
}

void run_write_record(struct run *run, const struct record *rec, const struct field *f,
		      size_t n)
{
	run_begin_record(run, rec);
	for (size_t i = 0; i < n; i++)
		writer_field(run->out, f[i].data, f[i].len);
	writer_end_record(run->out);
}

void run_finish(struct run *run)
{
	if (run->in) {
		progress_finish(run->progress, run->in);
		reader_close(run->in);
	}
	writer_close(run->out);
	fieldlist_release(&run->fields);
}
