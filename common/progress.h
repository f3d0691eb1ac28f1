/*
 * progress: the --progress line on standard error.
 *
 * Driven by the record reader once per block (not per record), redrawn
 * at most five times a second: bytes and records read, rate, and, when
 * the total input size is known, the percentage and time left.  For gzip
 * input the percentage is of compressed bytes, which is what is known.
 */
#ifndef RILL_PROGRESS_H
#define RILL_PROGRESS_H

#include "options.h"
#include "records.h"

struct progress;

/* NULL when the meter is off (mode never, or auto and stderr not a terminal). */
struct progress *progress_start(enum progress_mode mode, struct reader *r);
/* Draws the final figures and ends the line. */
void progress_finish(struct progress *p, struct reader *r);

/* Stops the meter without a last line (its reader is being replaced). */
void progress_abandon(struct progress *p, struct reader *r);

#endif
