/* progress: the --progress meter; see progress.h. */
#include "progress.h"
#include "buf.h"
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_NS 200000000LL	/* five times a second at most */

struct progress {
	int64_t start_ns, last_ns;
	size_t last_width;
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

static void draw(struct progress *p, const struct reader_stats *st, bool final)
{
	int64_t now = now_ns();
	if (!final && now - p->last_ns < REDRAW_NS)
		return;
	p->last_ns = now;
	double secs = (double)(now - p->start_ns) / 1e9;
	struct buf b = BUF_INIT;
	buf_addf(&b, "\r%s: ", diag_progname());
	human_bytes(&b, (double)st->bytes);
	buf_addf(&b, " read, %llu records", (unsigned long long)st->records);
	if (secs > 0.05) {
		buf_adds(&b, ", ");
		human_bytes(&b, (double)st->bytes / secs);
		buf_adds(&b, "/s");
	}
	if (st->raw_total > 0) {
		double frac = (double)st->raw_bytes / (double)st->raw_total;
		if (frac > 1)
			frac = 1;
		buf_addf(&b, ", %.0f%%", frac * 100);
		if (!final && frac > 0.001 && secs > 0.5) {
			long left = (long)(secs / frac - secs + 0.5);
			buf_addf(&b, ", %ld:%02ld left", left / 60, left % 60);
		}
	}
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
	if (mode == PROGRESS_NEVER || (mode == PROGRESS_AUTO && !isatty(STDERR_FILENO)))
		return NULL;
	struct progress *p = xcalloc(1, sizeof *p);
	p->start_ns = now_ns();
	p->last_ns = 0;
	reader_on_block(r, on_block, p);
	return p;
}

void progress_finish(struct progress *p, struct reader *r)
{
	if (!p)
		return;
	struct reader_stats st;
	reader_get_stats(r, &st);
	draw(p, &st, true);
	reader_on_block(r, NULL, NULL);
	free(p);
}

void progress_abandon(struct progress *p, struct reader *r)
{
	if (!p)
		return;
	reader_on_block(r, NULL, NULL);
	free(p);
}
