/* diag: messages and exits shared by every tool; see diag.h. */
#include "diag.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *progname = "rill";
static void (*cleanup)(void);
static void (*exit_hook)(int status);

void diag_set_exit(void (*fn)(int status))
{
	exit_hook = fn;
}

void diag_set_progname(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

const char *diag_progname(void)
{
	return progname;
}

void diag_set_cleanup(void (*fn)(void))
{
	cleanup = fn;
}

static void vreport(const char *file, uint64_t line, const char *fmt, va_list ap)
{
	/* One buffer and one write, so messages of parallel jobs do not interleave. */
	char msg[4096];
	int n = snprintf(msg, sizeof msg, "%s: ", progname);
	if (file && line)
		n += snprintf(msg + n, sizeof msg - n, "%s:%llu: ", file, (unsigned long long)line);
	else if (file)
		n += snprintf(msg + n, sizeof msg - n, "%s: ", file);
	if (n < (int)sizeof msg)
		n += vsnprintf(msg + n, sizeof msg - n, fmt, ap);
	if (n > (int)sizeof msg - 2)
		n = sizeof msg - 2;
	msg[n++] = '\n';
	fwrite(msg, 1, n, stderr);
	fflush(stderr);
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap);
	va_end(ap);
}

void warn_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, fmt, ap);
	va_end(ap);
}

/*
 * Worker threads die too (a pattern's match limit), and a signal ends the
 * run from a thread of its own: the first to get here cleans up and
 * exits, a second waits for that exit rather than run exit() at the same
 * time.
 */
static void claim_exit(void)
{
	static int leaving;
	static __thread bool this_thread;	/* a die() inside the cleanup goes on to exit */
	if (!exit_hook && !this_thread) {
		this_thread = true;
		if (__atomic_exchange_n(&leaving, 1, __ATOMIC_ACQ_REL))
			for (;;)
				pause();
	}
}

static noreturn void leave(int status)
{
	claim_exit();
	if (cleanup) {
		void (*fn)(void) = cleanup;
		cleanup = NULL;
		fn();
	}
	if (exit_hook)
		exit_hook(status);
	exit(status);
}

static sigset_t stopping;	/* the signals that stop a run */

/*
 * Waits for those signals (blocked in every thread, so this one alone
 * takes them, and may take locks and free memory as no handler could),
 * removes the temporaries, then dies of the same signal, so the shell,
 * timeout and systemd see what happened.
 */
static void *signal_watch(void *arg)
{
	int sig;
	while (sigwait(&stopping, &sig) != 0)
		;
	claim_exit();
	if (cleanup) {
		void (*fn)(void) = cleanup;
		cleanup = NULL;
		fn();
	}
	signal(sig, SIG_DFL);
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig);
}

void diag_catch_signals(void)
{
	static const int signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGXCPU };
	sigemptyset(&stopping);
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
		/* One ignored at start stays ignored (nohup, a shell's background job). */
		struct sigaction old;
		if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaddset(&stopping, signals[i]);
	}
	pthread_sigmask(SIG_BLOCK, &stopping, NULL);
	pthread_attr_t attr;
	pthread_t t;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 << 10);
	if (pthread_create(&t, &attr, signal_watch, NULL) != 0)
		pthread_sigmask(SIG_UNBLOCK, &stopping, NULL);	/* no thread: the default actions stand */
	pthread_attr_destroy(&attr);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap);
	va_end(ap);
	leave(EXIT_DATA);
}

void die_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(file, line, fmt, ap);
	va_end(ap);
	leave(EXIT_DATA);
}

void die_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	leave(EXIT_USAGE);
}

void bug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: BUG: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die("out of memory (%zu x %zu bytes)", count, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *xreallocarray(void *p, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		die("out of memory (%zu x %zu bytes)", count, size);
	return xrealloc(p, count * size);
}

size_t alloc_grow_to(size_t alloc, size_t need)
{
	size_t n = alloc ? alloc : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return need;
		n *= 2;
	}
	return n;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}
