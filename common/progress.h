/*
 * progress: the --progress line on standard error.
 *
 * Driven by the record reader once per block (not per record): bytes and
 * records read, rate, and, when the total input size is known, the
 * percentage and time left.  For gzip input the percentage is of
 * compressed bytes, which is what is known.  The last line, when the
 * input ends, says the elapsed time.
 *
 * A terminal line is redrawn in place (a carriage return, at most five
 * times a second).  Several rill tools of one pipeline would draw over
 * each other, so one draws at a time: each holds, while it draws, a lock
 * on one byte of standard error's file, the byte numbered by its process
 * group (a shell pipeline is one).  The first to draw, which is in
 * practice the first stage (the later ones have nothing to read before it
 * writes), keeps it until it ends; the others wait silently, print their
 * last line when they end, and take the line over when it is free.  The
 * log mode writes whole lines, every LOG_SECONDS, and takes no lock.
 */
#ifndef RILL_PROGRESS_H
#define RILL_PROGRESS_H

#include "options.h"
#include "records.h"

#define PROGRESS_LOG_SECONDS 5

struct progress;

/* NULL when the meter is off (mode never, or auto and stderr not a terminal). */
struct progress *progress_start(enum progress_mode mode, struct reader *r);
/* Draws the final figures, with the elapsed time, and ends the line. */
void progress_finish(struct progress *p, struct reader *r);

/* Stops the meter without a last line (its reader is being replaced). */
void progress_abandon(struct progress *p, struct reader *r);

#endif
