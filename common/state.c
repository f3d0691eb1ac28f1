/* state: rill-dedupe's seen-set on disk; see state.h for the format. */
#include "state.h"
#include "buf.h"
#include "diag.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define STATE_MAGIC "RILLSEEN"
#define STATE_VERSION 2u	/* 1: no payload; still read */

struct state_lock {
	int fd;
};

/* The process named in a lock file (written by the run holding it), or 0. */
static long lock_holder(int fd)
{
	char text[32];
	ssize_t n = pread(fd, text, sizeof text - 1, 0);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	return strtol(text, NULL, 10);
}

struct state_lock *state_lock(const char *path, double wait_seconds)
{
	/* A state that could not be replaced at the end is refused before the run. */
	outfile_check(path, "state");
	struct buf name = BUF_INIT;
	buf_addf(&name, "%s.lock", path);
	/*
	 * Whoever can open the lock can hold it: as writable as the state,
	 * no more (0600 by default, not the umask's 0644, which would let any
	 * reader of the state stop the next run).
	 */
	struct stat st;
	mode_t mode = 0600;
	if (stat(path, &st) == 0)
		mode |= (st.st_mode & S_IWGRP ? 0060 : 0) | (st.st_mode & S_IWOTH ? 0006 : 0);
	int fd = outfile_open_lock(name.data, mode);
	int64_t deadline = 0;
	bool said = false;
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			die("cannot lock %s: %s", name.data, strerror(errno));
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		int64_t now_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
		if (!said) {
			/* Once: a cron job that seems to hang says why. */
			long holder = lock_holder(fd);
			char who[48] = "";
			if (holder > 0)
				snprintf(who, sizeof who, " (held by process %ld)", holder);
			if (wait_seconds == 0)
				die("the state %s is locked by another run%s (--wait=0)", path, who);
			if (wait_seconds > 0)
				warn("the state %s is locked by another run%s: waiting up to %g s", path, who,
				     wait_seconds);
			else
				warn("the state %s is locked by another run%s: waiting for it", path, who);
			said = true;
			deadline = now_ms + (int64_t)(wait_seconds * 1000);
		}
		if (wait_seconds < 0) {
			/* No bound: the kernel wakes us. */
			while (flock(fd, LOCK_EX) != 0)
				if (errno != EINTR)
					die("cannot lock %s: %s", name.data, strerror(errno));
			break;
		}
		if (now_ms >= deadline)
			die("the state %s is still locked after %g s (--wait): another run is updating it",
			    path, wait_seconds);
		struct timespec pause = { 0, 20 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	/* Who holds it, for the message of a run that waits. */
	char pid[24];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0)
		(void)!pwrite(fd, pid, (size_t)n, 0);	/* only a hint */
	buf_release(&name);
	struct state_lock *l = xmalloc(sizeof *l);
	l->fd = fd;
	return l;
}

void state_unlock(struct state_lock *l)
{
	if (!l)
		return;
	close(l->fd);	/* releases the flock */
	free(l);
}

/* Reads the whole file; returns false if it does not exist. */
static bool read_file(const char *path, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return false;
		die("cannot read the state %s: %s", path, strerror(errno));
	}
	char chunk[1 << 16];
	ssize_t r;
	while ((r = read(fd, chunk, sizeof chunk)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die("cannot read the state %s: %s", path, strerror(errno));
		}
		buf_add(b, chunk, (size_t)r);
	}
	close(fd);
	return true;
}

struct parsed {
	const char *params;
	size_t params_len;
	uint64_t count;
	const unsigned char *keys;
	const unsigned char *payload;
	uint64_t payload_len;
};

static void parse(const char *path, const struct buf *b, struct parsed *p)
{
	const unsigned char *d = (const unsigned char *)b->data;
	size_t n = b->len;
	if (n < 8 + 4 + 4 || memcmp(d, STATE_MAGIC, 8) != 0)
		die("%s: not a rill-dedupe state file", path);
	uint32_t version, plen;
	memcpy(&version, d + 8, 4);
	memcpy(&plen, d + 12, 4);
	if (version != 1 && version != STATE_VERSION)
		die("%s: state file version %u, this rill-dedupe reads versions 1 and %u", path, version,
		    STATE_VERSION);
	if (n < 16 + (size_t)plen + 8 + 8)
		die("%s: state file is truncated", path);
	memcpy(&p->count, d + 16 + plen, 8);
	size_t keys_at = 16 + (size_t)plen + 8;
	if (p->count > (n - keys_at - 8) / 16)
		die("%s: state file is truncated or damaged", path);
	size_t payload_at = keys_at + p->count * 16;
	p->payload_len = 0;
	if (version >= 2) {
		if (n - payload_at < 8 + 8)
			die("%s: state file is truncated or damaged", path);
		memcpy(&p->payload_len, d + payload_at, 8);
		payload_at += 8;
	}
	if (p->payload_len > n - payload_at - 8 || payload_at + p->payload_len + 8 != n)
		die("%s: state file is truncated or damaged", path);
	p->payload = d + payload_at;
	uint64_t sum;
	memcpy(&sum, d + n - 8, 8);
	if (sum != XXH3_64bits(d, n - 8))
		die("%s: state file is damaged (checksum mismatch)", path);
	p->params = (const char *)d + 16;
	p->params_len = plen;
	p->keys = d + keys_at;
}

/*
 * The value of the setting `name` in a parameter list ("a=1;b;c=x"): true
 * with [*v, *vlen) (empty for a bare name) if it is there.
 */
static bool param_value(const char *list, size_t len, const char *name, size_t nlen,
			const char **v, size_t *vlen)
{
	for (size_t i = 0; i < len;) {
		const char *item = list + i, *semi = memchr(item, ';', len - i);
		size_t ilen = semi ? (size_t)(semi - item) : len - i;
		const char *eq = memchr(item, '=', ilen);
		size_t klen = eq ? (size_t)(eq - item) : ilen;
		if (klen == nlen && memcmp(item, name, nlen) == 0) {
			*v = eq ? eq + 1 : item + ilen;
			*vlen = eq ? ilen - klen - 1 : 0;
			return true;
		}
		i += ilen + 1;
	}
	return false;
}

/*
 * Names the first setting in which two parameter lists differ, looking at
 * a's settings, then at b's missing from a: "icase: 0 in the state, 1 in
 * this run".
 */
static bool name_difference(const char *a, size_t alen, const char *a_is, const char *b,
			    size_t blen, const char *b_is, struct buf *out)
{
	for (size_t i = 0; i < alen;) {
		const char *item = a + i, *semi = memchr(item, ';', alen - i);
		size_t ilen = semi ? (size_t)(semi - item) : alen - i;
		const char *eq = memchr(item, '=', ilen);
		size_t klen = eq ? (size_t)(eq - item) : ilen;
		const char *av = eq ? eq + 1 : item + ilen, *bv;
		size_t avlen = eq ? ilen - klen - 1 : 0, bvlen;
		if (!param_value(b, blen, item, klen, &bv, &bvlen)) {
			buf_addf(out, "%.*s: %s%.*s in %s, not in %s", (int)klen, item, avlen ? "" : "set",
				 (int)avlen, av, a_is, b_is);
			return true;
		}
		if (avlen != bvlen || memcmp(av, bv, avlen) != 0) {
			buf_addf(out, "%.*s: %.*s in %s, %.*s in %s", (int)klen, item, (int)avlen, av, a_is,
				 (int)bvlen, bv, b_is);
			return true;
		}
		i += ilen + 1;
	}
	return false;
}

void state_load(const char *path, const char *params, struct keyset *m, bool missing_ok,
		struct buf *payload)
{
	struct buf b = BUF_INIT;
	if (!read_file(path, &b)) {
		if (!missing_ok)
			die("cannot read the state %s: %s", path, strerror(ENOENT));
		return;
	}
	struct parsed p;
	parse(path, &b, &p);
	if (p.params_len != strlen(params) || memcmp(p.params, params, p.params_len) != 0) {
		struct buf what = BUF_INIT;
		if (!name_difference(params, strlen(params), "this run", p.params, p.params_len,
				     "the state", &what))
			name_difference(p.params, p.params_len, "the state", params, strlen(params),
					"this run", &what);
		die_usage("the state %s was made with other settings (%s): it has '%.*s', this run "
			  "'%s'", path, what.data ? what.data : "their order", (int)p.params_len,
			  p.params, params);
	}
	for (uint64_t i = 0; i < p.count; i++) {
		struct key128 k;
		memcpy(&k.lo, p.keys + 16 * i, 8);
		memcpy(&k.hi, p.keys + 16 * i + 8, 8);
		keyset_add(m, k);
	}
	if (payload && p.payload_len)
		buf_add(payload, p.payload, (size_t)p.payload_len);
	buf_release(&b);
}

char *state_params(const char *path)
{
	struct buf b = BUF_INIT;
	if (!read_file(path, &b))
		die("cannot read the state %s: %s", path, strerror(ENOENT));
	struct parsed p;
	parse(path, &b, &p);
	char *s = xmalloc(p.params_len + 1);
	memcpy(s, p.params, p.params_len);
	s[p.params_len] = '\0';
	buf_release(&b);
	return s;
}

static void write_all(int fd, const char *tmp, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t r = write(fd, c, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die("write error on %s: %s", tmp, strerror(errno));
		}
		c += r;
		n -= (size_t)r;
	}
}

void state_save(const char *path, const char *params, const struct keyset *m,
		const void *payload, size_t payload_len)
{
	struct buf out = BUF_INIT;
	uint32_t version = STATE_VERSION, plen = (uint32_t)strlen(params);
	uint64_t count = keyset_count(m);
	buf_add(&out, STATE_MAGIC, 8);
	buf_add(&out, &version, 4);
	buf_add(&out, &plen, 4);
	buf_add(&out, params, plen);
	buf_add(&out, &count, 8);
	buf_grow(&out, (size_t)count * 16 + 8);
	size_t cursor = 0;
	struct key128 k;
	while (keyset_next(m, &cursor, &k)) {
		buf_add(&out, &k.lo, 8);
		buf_add(&out, &k.hi, 8);
	}
	uint64_t plength = payload_len;
	buf_add(&out, &plength, 8);
	if (payload_len)
		buf_add(&out, payload, payload_len);
	uint64_t sum = XXH3_64bits(out.data, out.len);
	buf_add(&out, &sum, 8);

	struct outfile f;
	outfile_open(&f, path, "state");
	if (!f.tmp)
		die("cannot write the state %s: not a regular file", path);
	write_all(f.fd, f.tmp, out.data, out.len);
	/* The data must be on disk before the rename makes it the state. */
	outfile_commit(&f, true);
	buf_release(&out);
}
