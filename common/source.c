/*
 * source: blocks of input bytes, with gzip inflated on a reader thread.
 *
 * The thread owns the compressed side (read(2) and isal_inflate) and fills
 * a ring of RING_BLOCKS output blocks; the main thread consumes them in
 * order.  The consumer releases a block when it asks for the next one, so
 * at most RING_BLOCKS - 1 blocks are inflated ahead.  Errors found by the
 * thread are stored as text and reported by the main thread after the data
 * that came before them, so a tool dies on the main thread with its usual
 * cleanup.
 */
#include "source.h"
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define RING_BLOCKS 4
#define GZ_INBUF_SIZE ((size_t)256 << 10)

struct source {
	char *name;
	int fd;			/* -1 for a memory source */
	bool close_fd;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	int64_t raw_size;
	_Atomic uint64_t raw_consumed;

	size_t block_size;
	bool gzip;
	bool eof;

	/* Plain input: one block, refilled in place. */
	char *plain;
	size_t primed;		/* bytes already in `plain` from sniffing */

	/* A plain regular file mapped whole: blocks are windows on it, no copy. */
	int64_t start_offset;	/* the descriptor's offset when opened, -1 if none */
	const char *map;
	size_t map_len, map_pos, map_window;
	size_t map_dropped;		/* pages before this offset were dropped */
	size_t map_lag;			/* windows kept this far behind before they are dropped */
	size_t map_start;	/* where the data start in the mapping */
	int64_t map_offset;	/* the file offset of the mapping */
	int map_slot;

	/* Gzip input: the ring and the thread that fills it. */
	pthread_t thread;
	bool thread_started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char *ring[RING_BLOCKS];
	size_t ring_len[RING_BLOCKS];
	unsigned head, tail, filled;	/* head: next to fill, tail: next to read */
	bool holding;		/* the consumer holds ring[tail] */
	bool done, cancel;
	char error[256];
	unsigned char *inbuf;
	size_t in_primed;
};

static ssize_t raw_read(struct source *s, void *buf, size_t n)
{
	if (s->fd < 0) {
		size_t left = s->mem_len - s->mem_pos;
		if (n > left)
			n = left;
		if (n)
			memcpy(buf, s->mem + s->mem_pos, n);
		s->mem_pos += n;
		s->raw_consumed += n;
		return (ssize_t)n;
	}
	for (;;) {
		ssize_t r = read(s->fd, buf, n);
		if (r >= 0) {
			s->raw_consumed += (uint64_t)r;
			return r;
		}
		if (errno != EINTR)
			return -1;
	}
}

/* Read until `n` bytes or end of input. */
static ssize_t raw_read_full(struct source *s, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = raw_read(s, (char *)buf + got, n - got);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static const char *isal_error_text(int ret)
{
	switch (ret) {
	case ISAL_INVALID_BLOCK: return "corrupt gzip data (invalid deflate block)";
	case ISAL_INVALID_SYMBOL: return "corrupt gzip data (invalid deflate symbol)";
	case ISAL_INVALID_LOOKBACK: return "corrupt gzip data (invalid back-reference)";
	case ISAL_INVALID_WRAPPER: return "corrupt gzip header";
	case ISAL_UNSUPPORTED_METHOD: return "unsupported gzip compression method";
	case ISAL_INCORRECT_CHECKSUM: return "corrupt gzip data (CRC or length mismatch)";
	default: return "corrupt gzip data";
	}
}

/*
 * Refills the input buffer, keeping the unread bytes at st->next_in.
 * Sets *eof at the end of input; returns an error text, or NULL.
 */
static const char *refill_input(struct source *s, struct inflate_state *st, bool *eof,
				char *errbuf, size_t cap)
{
	size_t keep = st->avail_in;
	if (keep)
		memmove(s->inbuf, st->next_in, keep);
	int old;
	/* A cancel from source_close() may only land while blocked in read(). */
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	ssize_t r = raw_read(s, s->inbuf + keep, GZ_INBUF_SIZE - keep);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	if (r < 0) {
		snprintf(errbuf, cap, "read error: %s", strerror(errno));
		return errbuf;
	}
	st->next_in = s->inbuf;
	st->avail_in = (uint32_t)(keep + (size_t)r);
	*eof = r == 0;
	return NULL;
}

static void *inflate_thread(void *arg)
{
	struct source *s = arg;
	struct inflate_state st;
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	isal_inflate_init(&st);
	st.crc_flag = ISAL_GZIP;
	st.next_in = s->inbuf;
	st.avail_in = (uint32_t)s->in_primed;
	bool input_eof = false;

	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (s->filled == RING_BLOCKS && !s->cancel)
			pthread_cond_wait(&s->cond, &s->lock);
		if (s->cancel) {
			pthread_mutex_unlock(&s->lock);
			return NULL;
		}
		char *out = s->ring[s->head];
		pthread_mutex_unlock(&s->lock);

		st.next_out = (uint8_t *)out;
		st.avail_out = (uint32_t)s->block_size;
		bool stream_end = false;
		const char *err = NULL;
		char errbuf[160];

		while (st.avail_out > 0) {
			if (st.block_state == ISAL_BLOCK_FINISH) {
				/* A member ended: another must follow, or nothing. */
				while (st.avail_in < 2 && !input_eof && !err)
					err = refill_input(s, &st, &input_eof, errbuf, sizeof errbuf);
				if (err)
					break;
				if (st.avail_in == 0) {
					stream_end = true;
					break;
				}
				if (st.avail_in < 2 || st.next_in[0] != 0x1f || st.next_in[1] != 0x8b) {
					err = "trailing garbage after gzip data";
					break;
				}
				uint8_t *next_in = st.next_in;
				uint32_t avail_in = st.avail_in;
				isal_inflate_reset(&st);
				st.crc_flag = ISAL_GZIP;
				st.next_in = next_in;
				st.avail_in = avail_in;
			}
			if (st.avail_in == 0) {
				if (input_eof) {
					err = "truncated gzip stream (unexpected end of file)";
					break;
				}
				err = refill_input(s, &st, &input_eof, errbuf, sizeof errbuf);
				if (err)
					break;
				continue;
			}
			int ret = isal_inflate(&st);
			if (ret < 0) {
				err = isal_error_text(ret);
				break;
			}
			/*
			 * ISA-L may stop short of the end of a member with input
			 * left only when output is full; with output room and no
			 * input it needs more bytes, which the loop reads.
			 */
			if (ret == ISAL_NEED_DICT) {
				err = "corrupt gzip data (preset dictionary)";
				break;
			}
		}

		size_t produced = s->block_size - st.avail_out;
		pthread_mutex_lock(&s->lock);
		if (produced) {
			s->ring_len[s->head] = produced;
			s->head = (s->head + 1) % RING_BLOCKS;
			s->filled++;
		}
		if (err)
			snprintf(s->error, sizeof s->error, "%s", err);
		if (err || stream_end)
			s->done = true;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		if (err || stream_end)
			return NULL;
	}
}

static struct source *source_new(const char *name, size_t block_size)
{
	struct source *s = xcalloc(1, sizeof *s);
	s->name = xstrdup(name);
	s->fd = -1;
	s->raw_size = -1;
	s->block_size = block_size;
	return s;
}

/*
 * The files mapped now, for the SIGBUS that touching a page of a file cut
 * short since it was mapped raises: the run ends with a message naming
 * it, as a read error would.  A SIGBUS elsewhere keeps its default action.
 */
#define MAX_MAPPED 16
static struct mapped {
	const char *volatile base;
	volatile size_t len;
	const char *volatile name;
} mapped[MAX_MAPPED];

static void on_sigbus(int sig, siginfo_t *info, void *context)
{
	const char *addr = info->si_addr;
	for (int i = 0; i < MAX_MAPPED; i++) {
		const char *base = mapped[i].base;
		if (base && addr >= base && addr < base + mapped[i].len) {
			static const char msg[] = ": the file was truncated while it was read\n";
			const char *name = mapped[i].name;
			ssize_t w = write(STDERR_FILENO, name, strlen(name));
			w = write(STDERR_FILENO, msg, sizeof msg - 1);
			(void)w;
			_exit(1);
		}
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Plain regular files are mapped rather than read: the kernel's copy into
 * a buffer cost as much as the whole record scan of a tool like rill-join.
 * The data start where the descriptor's offset stands (standard input may
 * have been read from already, as in `(read header; rill-count) < f`).
 * Falls back to read(2) where mapping is refused.
 */
static bool map_whole(struct source *s, int64_t offset)
{
	if (offset < 0 || offset >= s->raw_size)
		return false;
	int slot = 0;
	while (slot < MAX_MAPPED && mapped[slot].base)
		slot++;
	if (slot == MAX_MAPPED)
		return false;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t from = (size_t)offset / page * page;
	void *p = mmap(NULL, (size_t)s->raw_size - from, PROT_READ, MAP_PRIVATE, s->fd, (off_t)from);
	if (p == MAP_FAILED)
		return false;
	madvise(p, (size_t)s->raw_size - from, MADV_SEQUENTIAL);
	s->map = p;
	s->map_len = (size_t)s->raw_size - from;
	s->map_start = s->map_pos = s->map_dropped = (size_t)offset - from;
	s->map_offset = (int64_t)from;
	if (!s->block_size)
		s->block_size = SOURCE_MAP_BLOCK;
	static bool handler;
	if (!handler) {
		struct sigaction sa = { 0 };
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGBUS, &sa, NULL);
		handler = true;
	}
	mapped[slot].len = s->map_len;
	mapped[slot].name = s->name;
	mapped[slot].base = s->map;
	s->map_slot = slot;
	return true;
}

/* Look at the first bytes to choose plain or gzip, and start the thread. */
static void source_start(struct source *s)
{
	unsigned char magic[2];
	ssize_t n = raw_read_full(s, magic, 2);
	if (n < 0)
		die_at(s->name, 0, "read error: %s", strerror(errno));
	if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		s->gzip = true;
		if (!s->block_size)
			s->block_size = SOURCE_GZIP_BLOCK;
		s->inbuf = xmalloc(GZ_INBUF_SIZE);
		memcpy(s->inbuf, magic, 2);
		s->in_primed = 2;
		for (int i = 0; i < RING_BLOCKS; i++)
			s->ring[i] = xmalloc(s->block_size);
		pthread_mutex_init(&s->lock, NULL);
		pthread_cond_init(&s->cond, NULL);
		int e = pthread_create(&s->thread, NULL, inflate_thread, s);
		if (e)
			die("cannot start the gzip reader thread: %s", strerror(e));
		s->thread_started = true;
		return;
	}
	if (s->fd >= 0 && s->raw_size > 0 && map_whole(s, s->start_offset))
		return;
	if (!s->block_size)
		s->block_size = SOURCE_PLAIN_BLOCK;
	s->plain = xmalloc(s->block_size > 2 ? s->block_size : 2);
	memcpy(s->plain, magic, (size_t)n);
	s->primed = (size_t)n;
	if (n < 2)
		s->eof = n == 0;
}

struct source *source_open(const char *path, size_t block_size)
{
	struct source *s;
	if (strcmp(path, "-") == 0) {
		s = source_new("-", block_size);
		s->fd = STDIN_FILENO;
	} else {
		s = source_new(path, block_size);
		s->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0)
			die("%s: %s", path, strerror(errno));
		s->close_fd = true;
	}
	struct stat sb;
	if (fstat(s->fd, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			die("%s: is a directory", path);
		if (S_ISREG(sb.st_mode))
			s->raw_size = sb.st_size;
	}
	posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	s->start_offset = s->raw_size >= 0 ? lseek(s->fd, 0, SEEK_CUR) : -1;
	source_start(s);
	return s;
}

struct source *source_open_mem(const void *data, size_t len, const char *name,
			       size_t block_size)
{
	struct source *s = source_new(name, block_size);
	s->mem = data;
	s->mem_len = len;
	s->raw_size = (int64_t)len;
	source_start(s);
	return s;
}

bool source_next(struct source *s, const char **data, size_t *len)
{
	if (s->map) {
		/*
		 * The windows handed out before are no longer used (or, kept
		 * behind for other threads, those far enough back): out of this
		 * process's memory with them (the page cache keeps them), so a
		 * mapped file does not count against --memory.  Half a megabyte at
		 * a time: with threads, each call interrupts every core to flush
		 * its TLB.
		 */
		size_t upto = s->map_pos > s->map_lag ? s->map_pos - s->map_lag : 0;
		if (upto > s->map_dropped && upto - s->map_dropped >= SOURCE_MAP_DROP) {
			size_t page = (size_t)sysconf(_SC_PAGESIZE);
			size_t start = s->map_dropped / page * page, end = upto / page * page;
			if (end > start)
				madvise((void *)(s->map + start), end - start, MADV_DONTNEED);
			s->map_dropped = end;
		}
		if (s->map_pos >= s->map_len) {
			/* Leave the offset where reading would have: after the data. */
			lseek(s->fd, s->map_offset + (off_t)s->map_len, SEEK_SET);
			return false;
		}
		size_t n = s->map_len - s->map_pos < s->block_size ? s->map_len - s->map_pos : s->block_size;
		*data = s->map + s->map_pos;
		*len = n;
		s->map_pos += n;
		s->map_window = n;
		s->raw_consumed = s->map_pos - s->map_start;
		return true;
	}
	if (!s->gzip) {
		if (s->eof)
			return false;
		/* The bytes read to sniff the magic make a (short) first block. */
		size_t have = s->primed;
		s->primed = 0;
		if (have == 0) {
			ssize_t r = raw_read(s, s->plain, s->block_size);
			if (r < 0)
				die_at(s->name, 0, "read error: %s", strerror(errno));
			have = (size_t)r;
		}
		if (have == 0) {
			s->eof = true;
			return false;
		}
		*data = s->plain;
		*len = have;
		return true;
	}

	pthread_mutex_lock(&s->lock);
	if (s->holding) {
		s->holding = false;
		s->tail = (s->tail + 1) % RING_BLOCKS;
		s->filled--;
		pthread_cond_broadcast(&s->cond);
	}
	while (s->filled == 0 && !s->done)
		pthread_cond_wait(&s->cond, &s->lock);
	if (s->filled > 0) {
		s->holding = true;
		*data = s->ring[s->tail];
		*len = s->ring_len[s->tail];
		pthread_mutex_unlock(&s->lock);
		return true;
	}
	char error[sizeof s->error];
	memcpy(error, s->error, sizeof error);
	pthread_mutex_unlock(&s->lock);
	if (error[0])
		die_at(s->name, 0, "%s", error);
	return false;
}

const char *source_name(const struct source *s)
{
	return s->name;
}

uint64_t source_raw_consumed(const struct source *s)
{
	return s->raw_consumed;
}

int64_t source_raw_size(const struct source *s)
{
	return s->raw_size;
}

bool source_is_mapped(const struct source *s)
{
	return s->map != NULL;
}

void source_keep_behind(struct source *s, size_t bytes)
{
	s->map_lag = bytes;
}

void source_close(struct source *s)
{
	if (!s)
		return;
	if (s->thread_started) {
		pthread_mutex_lock(&s->lock);
		bool done = s->done;
		s->cancel = true;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		if (!done)
			pthread_cancel(s->thread);
		pthread_join(s->thread, NULL);
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->cond);
		for (int i = 0; i < RING_BLOCKS; i++)
			free(s->ring[i]);
		free(s->inbuf);
	}
	if (s->map) {
		mapped[s->map_slot].base = NULL;
		munmap((void *)s->map, s->map_len);
	}
	if (s->close_fd)
		close(s->fd);
	free(s->plain);
	free(s->name);
	free(s);
}
