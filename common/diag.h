/*
 * diag: every message a rill tool prints on standard error, and its exit.
 *
 * Messages start with the tool's name ("rill-split: ") and, where a
 * location is known, "FILE:LINE: ".  Exit statuses are rill(7)'s:
 * 1 for a data or I/O error, 2 for a usage error.  bug() is for broken
 * invariants only, never for bad input.
 *
 * The allocation wrappers die on exhaustion so callers never check.
 */
#ifndef RILL_DIAG_H
#define RILL_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

/* Set once from main(); used as the prefix of every message. */
void diag_set_progname(const char *argv0);
const char *diag_progname(void);

/* Print "PROG: MSG\n". */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "PROG: FILE:LINE: MSG\n" (LINE omitted when 0). */
void warn_at(const char *file, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Data or I/O error: message, then exit 1. */
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void die_at(const char *file, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Usage error: message and a hint to --help, then exit 2. */
noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Broken invariant: a bug in rill, not in the input. */
noreturn void bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Called by die() before exiting, and on a signal that stops the run
 * (diag_catch_signals), so that a half-written -o file is removed.  One
 * hook is enough: only common/outfile registers one.
 */
void diag_set_cleanup(void (*fn)(void));

/*
 * From main(), before any other thread starts: SIGTERM, SIGINT, SIGHUP,
 * SIGQUIT and SIGXCPU (what timeout, cron, systemd and a terminal send)
 * run the cleanup, then end the process by the same signal.  A signal
 * ignored at start (nohup) stays ignored.
 */
void diag_catch_signals(void);

/*
 * Replaces exit() in die() and die_usage().  For fuzz targets only, which
 * must survive the data errors they provoke; the hook must not return.
 */
void diag_set_exit(void (*fn)(int status));

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* xrealloc of count elements of size bytes; a product that overflows dies as exhaustion does. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);

/*
 * Growing an array, the one way (as git's ALLOC_GROW): makes room for
 * `need` elements in p, whose capacity `alloc` (a size_t) is updated.
 * The capacity doubles, from 16, until it holds them, so n additions
 * cost O(n) copying; sizes that overflow die in xreallocarray().
 * Arrays grown together (parallel arrays) take alloc_grow_to() once and
 * xreallocarray() for each.
 */
size_t alloc_grow_to(size_t alloc, size_t need);
#define ALLOC_GROW(p, need, alloc)                                              \
	do {                                                                    \
		if ((need) > (alloc)) {                                         \
			(alloc) = alloc_grow_to((alloc), (need));               \
			(p) = xreallocarray((p), (alloc), sizeof *(p));         \
		}                                                               \
	} while (0)

#endif
