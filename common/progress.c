/* progress: the --progress meter; see progress.h. */
#include "progress.h"
#include "buf.h"
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_NS 200000000LL	/* five times a second at most */
#define LOG_NS ((int64_t)PROGRESS_LOG_SECONDS * 1000000000LL)

struct progress {
	enum progress_mode mode;
	bool terminal;		/* stderr is a terminal: a finished line may clear the rest */
	bool drawing;		/* holds the pipeline's line (see progress.h) */
	int64_t start_ns, last_ns;
	size_t last_width;
	uint64_t last_bytes;	/* the log mode's rate is of the last interval */
	int64_t last_log_ns;
};

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void human_bytes(struct buf *b, double v)
{
	static const char *units[] = { "B", "KB", "MB", "GB", "TB" };
	int u = 0;
	while (v >= 1000 && u < 4) {
		v /= 1000;
		u++;
	}
	buf_addf(b, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

/* A duration as 0.4 s, 12.3 s, 4:05 or 1:02:03. */
static void human_time(struct buf *b, double secs)
{
	if (secs < 60) {
		buf_addf(b, "%.1f s", secs);
		return;
	}
	long s = (long)(secs + 0.5);
	if (s < 3600)
		buf_addf(b, "%ld:%02ld", s / 60, s % 60);
	else
		buf_addf(b, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

/*
 * The pipeline's line: a write lock on the byte of standard error's file
 * numbered by our process group, tried without waiting.  Where stderr
 * takes no lock (some pipes), each tool draws: nothing better is known.
 */
static bool take_line(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = getpgrp(), .l_len = 1 };
	if (fcntl(STDERR_FILENO, F_SETLK, &fl) == 0)
		return true;
	return errno != EAGAIN && errno != EACCES;
}

static void figures(struct buf *b, const struct progress *p, const struct reader_stats *st,
		    double secs, double rate, bool final)
{
	buf_addf(b, "%s: ", diag_progname());
	human_bytes(b, (double)st->bytes);
	buf_addf(b, " read, %llu records", (unsigned long long)st->records);
	if (secs > 0.05) {
		buf_adds(b, ", ");
		human_bytes(b, rate);
		buf_adds(b, "/s");
	}
	if (st->raw_total > 0) {
		double frac = (double)st->raw_bytes / (double)st->raw_total;
		if (frac > 1)
			frac = 1;
		buf_addf(b, ", %.0f%%", frac * 100);
		if (!final && frac > 0.001 && secs > 0.5) {
			buf_adds(b, ", ");
			human_time(b, secs / frac - secs);
			buf_adds(b, " left");
		}
	}
	if (final) {
		buf_adds(b, ", done in ");
		human_time(b, secs);
	} else if (p->mode == PROGRESS_LOG) {
		buf_adds(b, ", ");
		human_time(b, secs);
		buf_adds(b, " so far");
	}
}

/* A whole line for a log: every LOG_SECONDS, and the last. */
static void log_line(struct progress *p, const struct reader_stats *st, bool final)
{
	int64_t now = now_ns();
	if (!final && now - p->last_log_ns < LOG_NS)
		return;
	double secs = (double)(now - p->start_ns) / 1e9;
	/* The rate over the last interval says whether the job is stalling; the last line, overall. */
	double interval = (double)(now - p->last_log_ns) / 1e9;
	double rate = final || interval <= 0 ? (double)st->bytes / secs
					     : (double)(st->bytes - p->last_bytes) / interval;
	p->last_log_ns = now;
	p->last_bytes = st->bytes;
	struct buf b = BUF_INIT;
	figures(&b, p, st, secs, rate, final);
	buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	fflush(stderr);
	buf_release(&b);
}

static void draw(struct progress *p, const struct reader_stats *st, bool final)
{
	if (p->mode == PROGRESS_LOG) {
		log_line(p, st, final);
		return;
	}
	int64_t now = now_ns();
	if (!final && now - p->last_ns < REDRAW_NS)
		return;
	p->last_ns = now;
	if (!p->drawing)
		p->drawing = take_line();
	if (!p->drawing && !final)
		return;
	double secs = (double)(now - p->start_ns) / 1e9;
	struct buf b = BUF_INIT;
	buf_addc(&b, '\r');
	/* Over another tool's line: that line is cleared, and it goes on drawing below ours. */
	if (!p->drawing && p->terminal)
		buf_adds(&b, "\033[K");
	figures(&b, p, st, secs, (double)st->bytes / (secs > 0 ? secs : 1), final);
	size_t width = b.len;
	/* Blank out what a longer previous line left behind. */
	while (b.len < p->last_width)
		buf_addc(&b, ' ');
	p->last_width = width;
	if (final)
		buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	fflush(stderr);
	buf_release(&b);
}

static void on_block(const struct reader_stats *st, void *ctx)
{
	draw(ctx, st, false);
}

struct progress *progress_start(enum progress_mode mode, struct reader *r)
{
	bool terminal = isatty(STDERR_FILENO);
	if (mode == PROGRESS_NEVER || (mode == PROGRESS_AUTO && !terminal))
		return NULL;
	struct progress *p = xcalloc(1, sizeof *p);
	p->mode = mode;
	p->terminal = terminal;
	p->start_ns = p->last_log_ns = now_ns();
	p->last_ns = 0;
	reader_on_block(r, on_block, p);
	return p;
}

/* The line is given up at the end, so a later stage can take it over. */
static void release_line(struct progress *p)
{
	if (!p->drawing)
		return;
	struct flock fl = { .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = getpgrp(), .l_len = 1 };
	(void)fcntl(STDERR_FILENO, F_SETLK, &fl);
}

void progress_finish(struct progress *p, struct reader *r)
{
	if (!p)
		return;
	struct reader_stats st;
	reader_get_stats(r, &st);
	draw(p, &st, true);
	release_line(p);
	reader_on_block(r, NULL, NULL);
	free(p);
}

void progress_abandon(struct progress *p, struct reader *r)
{
	if (!p)
		return;
	release_line(p);
	reader_on_block(r, NULL, NULL);
	free(p);
}
