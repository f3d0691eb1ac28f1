/*
 * rill: runs rill-TOOL, as git runs git-COMMAND, so `rill dedupe ...` is
 * `rill-dedupe ...`, and `rill --help` lists the tools there are.
 *
 * A tool is looked for beside this program first (the directory its own
 * binary is in, so an installed rill runs the tools installed with it,
 * whatever PATH says), then in each directory of PATH.  The tool gets the
 * arguments untouched and its name as argv[0], so its messages and exit
 * status are its own.  Only names of lower-case letters, digits and
 * dashes are tools: a name cannot reach outside those directories.
 *
 * The list of --help gives each tool's one-line summary from its own
 * --help for the tools beside rill (installed with it); a tool found only
 * on PATH is listed by name and never run to describe it.
 */
#include "common/buf.h"
#include "common/diag.h"
#include "common/fields.h"
#include "common/options.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PREFIX "rill-"

static bool valid_name(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* The directory of this program's binary, or NULL. */
static char *own_directory(void)
{
	char *self = realpath("/proc/self/exe", NULL);
	if (!self)
		return NULL;
	char *slash = strrchr(self, '/');
	if (!slash) {
		free(self);
		return NULL;
	}
	*slash = '\0';
	return self;
}

/* The directories searched, in order: our own, then PATH's (an empty entry is ".", as for execvp). */
struct dirs {
	char **d;
	size_t n, alloc;
	bool first_is_own;
};

static void add_dir(struct dirs *ds, const char *d, size_t len)
{
	ALLOC_GROW(ds->d, ds->n + 1, ds->alloc);
	struct buf b = BUF_INIT;
	buf_add(&b, len ? d : ".", len ? len : 1);
	ds->d[ds->n++] = b.data;
}

static void search_dirs(struct dirs *ds)
{
	char *own = own_directory();
	if (own) {
		add_dir(ds, own, strlen(own));
		ds->first_is_own = true;
		free(own);
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		add_dir(ds, p, len);
		if (!colon)
			break;
		p = colon + 1;
	}
}

static void free_dirs(struct dirs *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		free(ds->d[i]);
	free(ds->d);
}

static bool is_program(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* dir/rill-NAME if it is a program there. */
static char *tool_in(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/" PREFIX "%s", dir, name);
	if (is_program(b.data))
		return b.data;
	buf_release(&b);
	return NULL;
}

struct tool_entry {
	char *name;
	char *path;
	bool own;	/* beside rill: its summary may be asked for */
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct tool_entry *)a)->name, ((const struct tool_entry *)b)->name);
}

/* Every rill-NAME program in the directories, each name once (the first found). */
static size_t find_tools(const struct dirs *ds, struct tool_entry **out)
{
	struct tool_entry *t = NULL;
	size_t n = 0, alloc = 0;
	for (size_t i = 0; i < ds->n; i++) {
		DIR *dir = opendir(ds->d[i]);
		if (!dir)
			continue;
		struct dirent *e;
		while ((e = readdir(dir)) != NULL) {
			const char *name = e->d_name + strlen(PREFIX);
			if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) != 0 || !valid_name(name))
				continue;
			bool seen = false;
			for (size_t k = 0; k < n && !seen; k++)
				seen = strcmp(t[k].name, name) == 0;
			char *path = seen ? NULL : tool_in(ds->d[i], name);
			if (!path)
				continue;
			ALLOC_GROW(t, n + 1, alloc);
			t[n++] = (struct tool_entry){ xstrdup(name), path, i == 0 && ds->first_is_own };
		}
		closedir(dir);
	}
	if (n)
		qsort(t, n, sizeof *t, by_name);
	*out = t;
	return n;
}

/*
 * A tool's summary: the lines of its --help between the usage line and
 * the first blank line, joined.  Empty if it cannot be run.
 */
static void summary_of(const char *path, struct buf *out)
{
	int fds[2];
	if (pipe(fds) != 0)
		return;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(path, path, "--help", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	struct buf text = BUF_INIT;
	char chunk[4096];
	ssize_t r;
	while ((r = read(fds[0], chunk, sizeof chunk)) > 0 || (r < 0 && errno == EINTR))
		if (r > 0 && text.len < 65536)
			buf_add(&text, chunk, (size_t)r);
	close(fds[0]);
	waitpid(pid, NULL, 0);
	const char *p = text.data ? text.data : "";
	const char *nl = strchr(p, '\n');
	if (strncmp(p, "Usage:", 6) != 0 || !nl) {
		buf_release(&text);
		return;
	}
	for (p = nl + 1; *p && *p != '\n';) {
		nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (out->len)
			buf_addc(out, ' ');
		buf_add(out, p, len);
		p += len + (nl != NULL);
	}
	buf_release(&text);
}

/* "  name       summary", the summary wrapped at 79 columns under itself. */
static void print_entry(FILE *f, const char *name, const char *summary)
{
	enum { INDENT = 13, WIDTH = 79 };
	int col = fprintf(f, "  %-10s", name);
	for (const char *p = summary; *p;) {
		while (*p == ' ')
			p++;
		size_t word = strcspn(p, " ");
		if (!word)
			break;
		if (col + 1 + (int)word > WIDTH && col > INDENT)
			col = fprintf(f, "\n%*s", INDENT - 1, "") - 1;
		col += fprintf(f, " %.*s", (int)word, p);
		p += word;
	}
	fputc('\n', f);
}

static void print_usage(FILE *f, const struct dirs *ds)
{
	fprintf(f, "Usage: rill TOOL [ARGS...]\n"
		   "Run the rill tool TOOL (rill-TOOL), found beside rill or on PATH.\n\n"
		   "Tools:\n");
	struct tool_entry *t;
	size_t n = find_tools(ds, &t);
	for (size_t i = 0; i < n; i++) {
		struct buf s = BUF_INIT;
		if (t[i].own)
			summary_of(t[i].path, &s);
		print_entry(f, t[i].name, s.data ? s.data : "");
		buf_release(&s);
		free(t[i].name);
		free(t[i].path);
	}
	free(t);
	if (n == 0)
		fprintf(f, "  (none found)\n");
	fprintf(f, "\n'rill TOOL --help' shows a tool's options.  Full documentation: man rill,\n"
		   "man rill-TOOL\n");
}

/* The closest tool name, for a typo (at most two edits), or NULL. */
static char *closest_tool(const struct dirs *ds, const char *name)
{
	struct tool_entry *t;
	size_t n = find_tools(ds, &t), best = 3;
	char *found = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = name_distance(name, strlen(name), t[i].name, strlen(t[i].name));
		if (d < best && d < strlen(t[i].name)) {
			best = d;
			free(found);
			found = xstrdup(t[i].name);
		}
		free(t[i].name);
		free(t[i].path);
	}
	free(t);
	return found;
}

int main(int argc, char **argv)
{
	diag_set_progname("rill");
	struct dirs ds = { 0 };
	search_dirs(&ds);
	const char *cmd = argc > 1 ? argv[1] : NULL;
	if (!cmd) {
		print_usage(stderr, &ds);
		free_dirs(&ds);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    (strcmp(cmd, "help") == 0 && argc == 2)) {
		print_usage(stdout, &ds);
		free_dirs(&ds);
		if (fflush(stdout) != 0 || ferror(stdout))
			die("write error on standard output");
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		free_dirs(&ds);
		printf("rill (rill) %s\n", RILL_VERSION);
		if (fflush(stdout) != 0 || ferror(stdout))
			die("write error on standard output");
		return 0;
	}
	/* rill help TOOL: the tool's --help. */
	char *help_argv[] = { NULL, (char *)"--help", NULL };
	char **args = argv + 1;
	if (strcmp(cmd, "help") == 0) {
		cmd = argv[2];
		help_argv[0] = argv[2];
		args = help_argv;
	}
	if (cmd[0] == '-') {
		free_dirs(&ds);
		fprintf(stderr, "rill: unknown option '%s'\n", cmd);
		fprintf(stderr, "Try 'rill --help' for more information.\n");
		return EXIT_USAGE;
	}
	if (!valid_name(cmd))
		die_usage("'%s' is not a rill tool: tool names are lower-case letters, digits "
			  "and dashes", cmd);
	for (size_t i = 0; i < ds.n; i++) {
		char *path = tool_in(ds.d[i], cmd);
		if (!path)
			continue;
		struct buf name = BUF_INIT;
		buf_addf(&name, PREFIX "%s", cmd);
		args[0] = name.data;
		execv(path, args);
		die("cannot run %s: %s", path, strerror(errno));
	}
	char *close_name = closest_tool(&ds, cmd);
	if (close_name)
		die_usage("'%s' is not a rill tool (did you mean '%s'?)", cmd, close_name);
	die_usage("'%s' is not a rill tool", cmd);
}
