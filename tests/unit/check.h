/*
 * check: the unit tests' harness.  Each CHECK prints nothing when it
 * holds and a FAIL line (file, line, what) when it does not; each test
 * function ends with one "ok NAME" or "FAIL NAME" line, which tests/run.sh
 * counts.  expect_death() runs a function in a child process and checks
 * its exit status and standard error, for the error paths that die().
 */
#ifndef RILL_CHECK_H
#define RILL_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int check_failures_in_test;
static int check_failed_tests;

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			check_failures_in_test++;                                     \
		}                                                                     \
	} while (0)

#define CHECK_MEM(got, glen, want, wlen)                                              \
	do {                                                                          \
		size_t gl_ = (glen), wl_ = (wlen);                                    \
		if (gl_ != wl_ || memcmp((got), (want), gl_) != 0) {                  \
			printf("  %s:%d: got [%.*s] (%zu bytes), want [%.*s] (%zu bytes)\n", \
			       __FILE__, __LINE__, (int)(gl_ > 200 ? 200 : gl_), (const char *)(got), gl_, \
			       (int)(wl_ > 200 ? 200 : wl_), (const char *)(want), wl_); \
			check_failures_in_test++;                                     \
		}                                                                     \
	} while (0)

#define CHECK_STR(got, want) CHECK_MEM((got), strlen(got), (want), strlen(want))

#define RUN_TEST(fn)                                                                  \
	do {                                                                          \
		check_failures_in_test = 0;                                           \
		fflush(stdout);                                                       \
		fn();                                                                 \
		if (check_failures_in_test) {                                         \
			printf("FAIL %s\n", #fn);                                     \
			check_failed_tests++;                                         \
		} else {                                                              \
			printf("ok %s\n", #fn);                                       \
		}                                                                     \
		fflush(stdout);                                                       \
	} while (0)

#define CHECK_DONE() return check_failed_tests ? 1 : 0

/*
 * A scratch directory for a test's files: made on first use, removed with
 * what it holds when the test exits (not when a child of expect_death
 * does).
 */
static char check_dir_name[] = "/tmp/rill-test-XXXXXX";
static pid_t check_dir_owner;

static void check_dir_remove(void)
{
	if (getpid() != check_dir_owner)
		return;
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf %s", check_dir_name);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", check_dir_name);
}

static inline const char *check_dir(void)
{
	static bool made;
	if (!made) {
		if (!mkdtemp(check_dir_name)) {
			perror("mkdtemp");
			exit(1);
		}
		check_dir_owner = getpid();
		atexit(check_dir_remove);
		made = true;
	}
	return check_dir_name;
}

/* A file's bytes, NUL-terminated, in memory the caller frees; *len their number (0: unreadable). */
static inline char *check_read_file(const char *path, size_t *len)
{
	size_t n = 0, cap = 4096;
	char *p = malloc(cap);
	FILE *fp = fopen(path, "r");
	size_t got;
	while (fp && (got = fread(p + n, 1, cap - n - 1, fp)) > 0) {
		n += got;
		if (cap - n - 1 == 0)
			p = realloc(p, cap *= 2);
	}
	if (fp)
		fclose(fp);
	p[n] = '\0';
	*len = n;
	return p;
}

/*
 * Runs fn(arg) in a child; true if it exited with `status` and its
 * standard error contains `needle`.
 */
static inline bool expect_death(void (*fn)(void *), void *arg, int status, const char *needle)
{
	int fds[2];
	if (pipe(fds) != 0)
		return false;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	char err[4096];
	size_t n = 0;
	ssize_t r;
	while ((r = read(fds[0], err + n, sizeof err - 1 - n)) > 0)
		n += (size_t)r;
	err[n] = '\0';
	close(fds[0]);
	int ws;
	waitpid(pid, &ws, 0);
	bool ok = WIFEXITED(ws) && WEXITSTATUS(ws) == status && strstr(err, needle);
	if (!ok)
		printf("  expected exit %d and [%s], got status %d and [%s]\n", status, needle,
		       WIFEXITED(ws) ? WEXITSTATUS(ws) : -1, err);
	return ok;
}

#endif
