/*
 * source: blocks of input bytes, with gzip and zstd decoded on a reader
 * thread.
 *
 * The first bytes of every input are matched against the magic numbers
 * of the common compressions (sniff()): gzip and zstd are decoded, the
 * others refused by name, so an .xz or .bz2 file is never read as text.
 *
 * The thread owns the compressed side (read(2) and isal_inflate or
 * ZSTD_decompressStream) and fills a ring of RING_BLOCKS output blocks;
 * the main thread consumes them in order.  The consumer releases a block when it asks for the next one, so
 * at most RING_BLOCKS - 1 blocks are inflated ahead.  Errors found by the
 * thread are stored as text and reported by the main thread after the data
 * that came before them, so a tool dies on the main thread with its usual
 * cleanup.
 */
#include "source.h"
#include "outfile.h"
#include "buf.h"
#include "diag.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>
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
#define INBUF_SIZE ((size_t)256 << 10)
/* The longest magic number sniff() looks at (lzma's header). */
#define SNIFF_MAX 13
/* Input kept ahead of a gzip member's start, for its header (file name and comment). */
#define GZIP_HEADER_ROOM ((size_t)64 << 10)
/*
 * A zstd dictionary read from the input (a .warc.zst's first frame)
 * larger than this is refused: real ones are a few hundred kilobytes, and
 * a hostile header must not make us allocate gigabytes.
 */
#define ZSTD_DICT_MAX ((size_t)64 << 20)

enum codec { CODEC_PLAIN, CODEC_GZIP, CODEC_ZSTD };

struct source {
	char *name;
	int fd;			/* -1 for a memory source */
	bool close_fd;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	int64_t raw_size;
	_Atomic uint64_t raw_consumed;

	size_t block_size;
	enum codec codec;
	bool eof;

	/* Plain input: one block, refilled in place. */
	char *plain;
	size_t primed;		/* bytes already in `plain` from sniffing */
	bool eof_after_primed;	/* the input ended while sniffing */

	/* A plain regular file mapped whole: blocks are windows on it, no copy. */
	int64_t start_offset;	/* the descriptor's offset when opened, -1 if none */
	const char *map;
	size_t map_len, map_pos, map_window;
	size_t map_dropped;		/* pages before this offset were dropped */
	size_t map_lag;			/* windows kept this far behind before they are dropped */
	size_t map_start;	/* where the data start in the mapping */
	int64_t map_offset;	/* the file offset of the mapping */
	int map_slot;

	/* Compressed input: the ring and the thread that fills it. */
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
 * The compressed bytes the thread has and has not yet decoded: `next`,
 * `avail` bytes of s->inbuf, and whether the input has ended.
 */
struct input_window {
	unsigned char *next;
	size_t avail;
	bool eof;
	const char *err;
	char errbuf[160];
};

/* Refills the input buffer, keeping the unread bytes; false on a read error (in->err). */
static bool refill_input(struct source *s, struct input_window *in)
{
	size_t keep = in->avail;
	if (keep && in->next != s->inbuf)
		memmove(s->inbuf, in->next, keep);
	int old;
	/* A cancel from source_close() may only land while blocked in read(). */
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	ssize_t r = raw_read(s, s->inbuf + keep, INBUF_SIZE - keep);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	if (r < 0) {
		snprintf(in->errbuf, sizeof in->errbuf, "read error: %s", strerror(errno));
		in->err = in->errbuf;
		return false;
	}
	in->next = s->inbuf;
	in->avail = keep + (size_t)r;
	in->eof = r == 0;
	return true;
}

/*
 * A gzip input is inflated by ISA-L, 3-5 times faster than zlib on large
 * members; but ISA-L builds large decoding tables for each member, which
 * costs more than small members hold (a WARC file of a gzip member per
 * record: 43,000 instructions a member of 300 bytes).  After its first
 * MEMBERS_SEEN members, an input whose members average under SMALL_MEMBER
 * compressed bytes goes on with zlib, whose tables are small.
 */
#define MEMBERS_SEEN 8
#define SMALL_MEMBER ((uint64_t)32 << 10)

struct gzip_state {
	struct inflate_state isal;
	bool member_start;
	uint64_t members;
	bool zlib, zlib_ready, zlib_member_done;
	z_stream z;
};

/* Compressed bytes the decoder has taken so far. */
static uint64_t taken(const struct source *s, const struct input_window *in)
{
	return s->raw_consumed - in->avail;
}

/*
 * After a gzip member: whether another starts at in->next.  *end when the
 * input ended there; in->err when something else follows.
 */
static bool another_member(struct source *s, struct input_window *in, bool *end)
{
	while (in->avail < 2 && !in->eof && !in->err)
		refill_input(s, in);
	if (in->err)
		return false;
	if (in->avail == 0) {
		*end = true;
		return false;
	}
	if (in->avail < 2 || in->next[0] != 0x1f || in->next[1] != 0x8b) {
		in->err = "trailing garbage after gzip data";
		return false;
	}
	return true;
}

/* zlib's inflate, member after member, for the rest of a gzip input: as gzip_fill(). */
static size_t zlib_fill(struct source *s, struct gzip_state *g, struct input_window *in, char *out,
			size_t cap, bool *end)
{
	z_stream *z = &g->z;
	if (!g->zlib_ready) {
		if (inflateInit2(z, 15 + 16) != Z_OK) {
			in->err = "out of memory for gzip";
			return 0;
		}
		g->zlib_ready = true;
	}
	z->next_out = (Bytef *)out;
	z->avail_out = (uInt)cap;
	while (z->avail_out > 0) {
		if (g->zlib_member_done) {
			/* A member ended: another must follow, or nothing. */
			if (!another_member(s, in, end))
				break;
			inflateReset(z);
			g->zlib_member_done = false;
		}
		if (in->avail == 0) {
			if (in->eof) {
				in->err = "truncated gzip stream (unexpected end of file)";
				break;
			}
			if (!refill_input(s, in))
				break;
			continue;
		}
		z->next_in = in->next;
		z->avail_in = (uInt)(in->avail > UINT32_MAX ? UINT32_MAX : in->avail);
		uInt before = z->avail_in;
		int ret = inflate(z, Z_NO_FLUSH);
		in->next += before - z->avail_in;
		in->avail -= before - z->avail_in;
		if (ret == Z_STREAM_END) {
			g->zlib_member_done = true;
		} else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			snprintf(in->errbuf, sizeof in->errbuf, "corrupt gzip data (%s)",
				 z->msg ? z->msg : "bad deflate stream");
			in->err = in->errbuf;
			break;
		}
	}
	return cap - z->avail_out;
}

/*
 * Inflates into out[0, cap): returns the bytes produced; *end at the end
 * of the last member, in->err on bad data.  May hand over to zlib at a
 * member's end (g->zlib), with what it produced so far.
 */
static size_t gzip_fill(struct source *s, struct gzip_state *g, struct input_window *in, char *out,
			size_t cap, bool *end)
{
	struct inflate_state *st = &g->isal;
	bool *member_start = &g->member_start;
	st->next_out = (uint8_t *)out;
	st->avail_out = (uint32_t)cap;
	while (st->avail_out > 0) {
		in->next = st->next_in;
		in->avail = st->avail_in;
		if (*member_start || st->block_state == ISAL_BLOCK_FINISH) {
			/*
			 * A member starts (or the next may): its header is given
			 * whole, as ISA-L fails on one cut by the end of its
			 * input (a file name in it is, by the sniffed bytes).
			 */
			while (in->avail < GZIP_HEADER_ROOM && !in->eof && !in->err)
				refill_input(s, in);
			if (in->err)
				break;
		}
		if (st->block_state == ISAL_BLOCK_FINISH) {
			/* A member ended: another must follow, or nothing. */
			if (!another_member(s, in, end))
				break;
			if (++g->members == MEMBERS_SEEN && taken(s, in) < MEMBERS_SEEN * SMALL_MEMBER) {
				g->zlib = true;
				g->zlib_member_done = true;
				break;
			}
			isal_inflate_reset(st);
			st->crc_flag = ISAL_GZIP;
			st->next_in = in->next;
			st->avail_in = (uint32_t)in->avail;
			*member_start = true;
			continue;
		}
		if (in->avail == 0) {
			if (in->eof) {
				in->err = "truncated gzip stream (unexpected end of file)";
				break;
			}
			if (!refill_input(s, in))
				break;
		}
		st->next_in = in->next;
		st->avail_in = (uint32_t)in->avail;
		*member_start = false;
		int ret = isal_inflate(st);
		if (ret < 0) {
			in->err = isal_error_text(ret);
			break;
		}
		/*
		 * ISA-L may stop short of the end of a member with input
		 * left only when output is full; with output room and no
		 * input it needs more bytes, which the loop reads.
		 */
		if (ret == ISAL_NEED_DICT) {
			in->err = "corrupt gzip data (preset dictionary)";
			break;
		}
	}
	return cap - st->avail_out;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Has the window `n` bytes (reading more if it must)?  False at the end or on an error. */
static bool input_has(struct source *s, struct input_window *in, size_t n)
{
	while (in->avail < n && !in->eof && !in->err)
		refill_input(s, in);
	return in->avail >= n;
}

/*
 * One zstd frame (its content size given or not) into a new buffer of at
 * most `max` bytes: its size, with *out NULL if it is corrupt or larger.
 */
static size_t zstd_decompress_bounded(const char *src, size_t n, char **out, size_t max)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	struct buf b = BUF_INIT;
	ZSTD_inBuffer in = { src, n, 0 };
	size_t ret = 1;
	*out = NULL;
	while (d && ret != 0 && b.len <= max) {
		buf_grow(&b, 64 << 10);
		ZSTD_outBuffer o = { b.data + b.len, b.alloc - b.len - 1, 0 };
		ret = ZSTD_decompressStream(d, &o, &in);
		b.len += o.pos;
		if (ZSTD_isError(ret) || (ret != 0 && in.pos == in.size && o.pos < o.size))
			break;
	}
	ZSTD_freeDCtx(d);
	if (ret == 0 && b.len <= max) {
		*out = b.data;
		return b.len;
	}
	buf_release(&b);
	return 0;
}

/*
 * A .warc.zst (the IIPC's zstd WARC) starts with a skippable frame of
 * magic 0x184D2A5D holding the dictionary every record's frame was
 * compressed with, itself zstd-compressed or not: load it, so its frames
 * decode.  Any other input is left as it is.  Returns false with in->err
 * set on a bad dictionary frame.
 */
static bool zstd_load_dictionary(struct source *s, ZSTD_DCtx *d, struct input_window *in)
{
	if (!input_has(s, in, 8) || le32(in->next) != 0x184D2A5D)
		return !in->err;
	size_t size = le32(in->next + 4);
	if (size > ZSTD_DICT_MAX) {
		in->err = "zstd dictionary frame larger than 64 MiB";
		return false;
	}
	in->next += 8;
	in->avail -= 8;
	char *dict = xmalloc(size ? size : 1);
	size_t got = 0;
	while (got < size) {
		if (!input_has(s, in, 1)) {
			free(dict);
			if (!in->err)
				in->err = "truncated zstd dictionary frame";
			return false;
		}
		size_t n = size - got < in->avail ? size - got : in->avail;
		memcpy(dict + got, in->next, n);
		got += n;
		in->next += n;
		in->avail -= n;
	}
	size_t ret;
	if (size >= 4 && le32((const unsigned char *)dict) == ZSTD_MAGICNUMBER) {
		/* The dictionary is compressed: decompress it, within the same bound. */
		char *plain = NULL;
		size_t full = zstd_decompress_bounded(dict, size, &plain, ZSTD_DICT_MAX);
		free(dict);
		if (!plain) {
			in->err = "corrupt or oversized zstd dictionary frame";
			return false;
		}
		dict = plain;
		size = full;
	}
	ret = ZSTD_DCtx_loadDictionary(d, dict, size);
	free(dict);
	if (ZSTD_isError(ret)) {
		snprintf(in->errbuf, sizeof in->errbuf, "bad zstd dictionary: %s", ZSTD_getErrorName(ret));
		in->err = in->errbuf;
		return false;
	}
	return true;
}

/*
 * Decompresses zstd into out[0, cap), frame after frame (skippable frames
 * are skipped by libzstd): returns the bytes produced; *end at the end of
 * the input after a whole frame, in->err on bad or truncated data.
 */
static size_t zstd_fill(struct source *s, ZSTD_DCtx *d, size_t *last, struct input_window *in,
			char *out, size_t cap, bool *end)
{
	ZSTD_outBuffer o = { out, cap, 0 };
	while (o.pos < o.size) {
		if (in->avail == 0 && !in->eof) {
			if (!refill_input(s, in))
				break;
			continue;
		}
		/* The input ended after a whole frame (libzstd returned 0 at its end). */
		if (in->avail == 0 && *last == 0) {
			*end = true;
			break;
		}
		ZSTD_inBuffer i = { in->next, in->avail, 0 };
		size_t before = o.pos;
		size_t ret = ZSTD_decompressStream(d, &o, &i);
		in->next += i.pos;
		in->avail -= i.pos;
		if (ZSTD_isError(ret)) {
			if (ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge)
				in->err = "zstd frame needs a window larger than 128 MiB (made with "
					  "zstd --long?); decompress it with zstd -d --long=31 first";
			else if (ZSTD_getErrorCode(ret) == ZSTD_error_prefix_unknown)
				in->err = "trailing garbage after zstd data, or a corrupt zstd frame";
			else if (ZSTD_getErrorCode(ret) == ZSTD_error_dictionary_wrong)
				in->err = "zstd frame needs a dictionary the input does not hold";
			else if (ZSTD_getErrorCode(ret) == ZSTD_error_corruption_detected)
				/* What a frame made with a raw dictionary we lack looks like too. */
				in->err = "corrupt zstd data (or a frame that needs a dictionary the "
					  "input does not hold)";
			else {
				snprintf(in->errbuf, sizeof in->errbuf, "corrupt zstd data: %s",
					 ZSTD_getErrorName(ret));
				in->err = in->errbuf;
			}
			break;
		}
		*last = ret;
		/* Input done, frame not: flushing what libzstd holds, or truncated. */
		if (in->avail == 0 && in->eof && ret != 0 && o.pos == before) {
			in->err = "truncated zstd stream (unexpected end of file)";
			break;
		}
	}
	return o.pos;
}

/* The decoders' state, freed when the thread ends or is cancelled (in a read). */
struct decoders {
	struct gzip_state *g;
	ZSTD_DCtx *zd;
};

static void free_decoders(void *arg)
{
	struct decoders *d = arg;
	ZSTD_freeDCtx(d->zd);
	if (d->g && d->g->zlib_ready)
		inflateEnd(&d->g->z);
	free(d->g);
}

static void *decode_thread(void *arg)
{
	struct source *s = arg;
	struct decoders dec = { NULL, NULL };
	struct gzip_state *g = NULL;
	ZSTD_DCtx *zd = NULL;
	size_t zlast = 0;
	struct input_window in = { s->inbuf, s->in_primed, false, NULL, "" };
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	pthread_cleanup_push(free_decoders, &dec);
	if (s->codec == CODEC_GZIP) {
		g = dec.g = xcalloc(1, sizeof *g);
		g->member_start = true;
		isal_inflate_init(&g->isal);
		g->isal.crc_flag = ISAL_GZIP;
		g->isal.next_in = in.next;
		g->isal.avail_in = (uint32_t)in.avail;
	} else {
		zd = dec.zd = ZSTD_createDCtx();
		if (!zd)
			in.err = "out of memory for zstd";
		else
			zstd_load_dictionary(s, zd, &in);
	}

	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (s->filled == RING_BLOCKS && !s->cancel && !in.err)
			pthread_cond_wait(&s->cond, &s->lock);
		if (s->cancel) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		char *out = s->ring[s->head];
		pthread_mutex_unlock(&s->lock);

		bool stream_end = false;
		size_t produced = 0;
		if (in.err)
			produced = 0;
		else if (s->codec == CODEC_ZSTD)
			produced = zstd_fill(s, zd, &zlast, &in, out, s->block_size, &stream_end);
		else if (g->zlib)
			produced = zlib_fill(s, g, &in, out, s->block_size, &stream_end);
		else
			produced = gzip_fill(s, g, &in, out, s->block_size, &stream_end);

		pthread_mutex_lock(&s->lock);
		if (produced) {
			s->ring_len[s->head] = produced;
			s->head = (s->head + 1) % RING_BLOCKS;
			s->filled++;
		}
		if (in.err)
			snprintf(s->error, sizeof s->error, "%s", in.err);
		if (in.err || stream_end)
			s->done = true;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		if (in.err || stream_end)
			break;
	}
	pthread_cleanup_pop(1);
	return NULL;
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
			outfile_remove_temporaries_now();	/* the run's -o, state or shards: not left behind */
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

/* ---- what the first bytes say ------------------------------------------- */

enum sniff { SNIFF_NO, SNIFF_MORE, SNIFF_YES };

/* Do the n bytes at p start with pattern (length plen)?  MORE: too few bytes to say. */
static enum sniff starts_with(const unsigned char *p, size_t n, const char *pattern, size_t plen)
{
	size_t k = n < plen ? n : plen;
	if (memcmp(p, pattern, k) != 0)
		return SNIFF_NO;
	return n >= plen ? SNIFF_YES : SNIFF_MORE;
}

static enum sniff either(enum sniff a, enum sniff b)
{
	return a == SNIFF_YES || b == SNIFF_YES ? SNIFF_YES
	     : a == SNIFF_MORE || b == SNIFF_MORE ? SNIFF_MORE : SNIFF_NO;
}

/* Both must hold: b is only asked when a does. */
#define BOTH(a, b) ((a) == SNIFF_NO ? SNIFF_NO : (a) == SNIFF_MORE ? SNIFF_MORE : (b))

/* A skippable frame (zstd's, also lz4's): magic 0x184D2A50 to 0x184D2A5F. */
static enum sniff zstd_skippable(const unsigned char *p, size_t n)
{
	if (n >= 1 && (p[0] & 0xf0) != 0x50)
		return SNIFF_NO;
	return n < 1 ? SNIFF_MORE : starts_with(p + 1, n - 1, "\x2a\x4d\x18", 3);
}

/* "BZh", the block size 1-9, then a block's magic (pi) or the end's (sqrt pi): 10 bytes. */
static enum sniff bzip2_header(const unsigned char *p, size_t n)
{
	enum sniff s = starts_with(p, n, "BZh", 3);
	if (s != SNIFF_YES)
		return s;
	if (n < 4)
		return SNIFF_MORE;
	if (p[3] < '1' || p[3] > '9')
		return SNIFF_NO;
	return either(starts_with(p + 4, n - 4, "\x31\x41\x59\x26\x53\x59", 6),
		      starts_with(p + 4, n - 4, "\x17\x72\x45\x38\x50\x90", 6));
}

/* "LZIP" and version 0 or 1: text does not hold a byte below 2 there. */
static enum sniff lzip_header(const unsigned char *p, size_t n)
{
	enum sniff s = starts_with(p, n, "LZIP", 4);
	if (s != SNIFF_YES)
		return s;
	return n < 5 ? SNIFF_MORE : p[4] <= 1 ? SNIFF_YES : SNIFF_NO;
}

/*
 * The legacy .lzma header has no magic: properties 0x5D (what every
 * encoder writes), a dictionary size whose two low bytes are zero (a
 * power of two of 64 KiB or more) and below 1.5 GiB, and the
 * uncompressed size, unknown (all ones) or below 2^56.
 */
static enum sniff lzma_header(const unsigned char *p, size_t n)
{
	enum sniff s = starts_with(p, n, "\x5d\x00\x00", 3);
	if (s != SNIFF_YES)
		return s;
	if (n < 13)
		return SNIFF_MORE;
	bool unknown = true;
	for (int i = 5; i < 13; i++)
		unknown = unknown && p[i] == 0xff;
	return p[4] < 0x60 && (unknown || p[12] == 0) ? SNIFF_YES : SNIFF_NO;
}

struct magic {
	const char *name;	/* as the message names the format */
	enum codec codec;	/* CODEC_PLAIN: refused */
	enum sniff (*match)(const unsigned char *p, size_t n);
	const char *how;	/* what to do instead, for the message */
};

#define MAGIC_BYTES(fn, bytes)                                                  \
	static enum sniff fn(const unsigned char *p, size_t n)                  \
	{                                                                       \
		return starts_with(p, n, bytes, sizeof bytes - 1);              \
	}
MAGIC_BYTES(gzip_magic, "\x1f\x8b")
MAGIC_BYTES(zstd_magic, "\x28\xb5\x2f\xfd")
MAGIC_BYTES(xz_magic, "\xfd" "7zXZ\x00")
MAGIC_BYTES(lz4_magic, "\x04\x22\x4d\x18")
MAGIC_BYTES(lz4_legacy_magic, "\x02\x21\x4c\x18")
MAGIC_BYTES(compress_magic, "\x1f\x9d")
MAGIC_BYTES(sevenzip_magic, "7z\xbc\xaf\x27\x1c")
MAGIC_BYTES(rar_magic, "Rar!\x1a\x07")
MAGIC_BYTES(zlib_magic_default, "\x78\x9c")
MAGIC_BYTES(zlib_magic_best, "\x78\xda")

/* Zip's local header, empty archive, and spanned archive: "PK" and 3 4, 5 6 or 7 8. */
static enum sniff zip_magic(const unsigned char *p, size_t n)
{
	return either(either(starts_with(p, n, "PK\x03\x04", 4), starts_with(p, n, "PK\x05\x06", 4)),
		      starts_with(p, n, "PK\x07\x08", 4));
}

static enum sniff zlib_magic(const unsigned char *p, size_t n)
{
	return either(zlib_magic_default(p, n), zlib_magic_best(p, n));
}

static enum sniff lz4_any(const unsigned char *p, size_t n)
{
	return either(lz4_magic(p, n), lz4_legacy_magic(p, n));
}

/*
 * Every one of these starts with bytes no UTF-8 text starts with (a byte
 * that is not valid there, a control character, or a run no writer puts
 * first), so a text file is never taken for one.
 */
static const struct magic magics[] = {
	{ "gzip", CODEC_GZIP, gzip_magic, NULL },
	{ "zstd", CODEC_ZSTD, zstd_magic, NULL },
	{ "zstd", CODEC_ZSTD, zstd_skippable, NULL },
	{ "xz-compressed data", CODEC_PLAIN, xz_magic, "decompress it first: xz -dc" },
	{ "bzip2-compressed data", CODEC_PLAIN, bzip2_header, "decompress it first: bzip2 -dc" },
	{ "lz4-compressed data", CODEC_PLAIN, lz4_any, "decompress it first: lz4 -dc" },
	{ "lzip-compressed data", CODEC_PLAIN, lzip_header, "decompress it first: lzip -dc" },
	{ "lzma-compressed data", CODEC_PLAIN, lzma_header, "decompress it first: xz -dc" },
	{ "compress (.Z) data", CODEC_PLAIN, compress_magic, "decompress it first: gzip -dc" },
	{ "a zlib stream (not gzip)", CODEC_PLAIN, zlib_magic, "decompress it first: pigz -dzc" },
	{ "a 7z archive", CODEC_PLAIN, sevenzip_magic, "extract it first: 7z x -so" },
	{ "a zip archive", CODEC_PLAIN, zip_magic, "extract it first: unzip -p" },
	{ "a rar archive", CODEC_PLAIN, rar_magic, "extract it first: unrar p -inul" },
};

/*
 * Reads the first bytes of the input into `have` until they match one
 * magic or can match none: as few reads as that takes, so a slow pipe
 * (tail -f) is not kept waiting for bytes it may never send.  Returns
 * the match or NULL; *n is the bytes read, *eof whether the input ended.
 */
static const struct magic *sniff(struct source *s, unsigned char have[SNIFF_MAX], size_t *n,
				 bool *eof)
{
	*n = 0;
	*eof = false;
	for (;;) {
		bool more = false;
		for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
			enum sniff m = magics[i].match(have, *n);
			if (m == SNIFF_YES)
				return &magics[i];
			more |= m == SNIFF_MORE;
		}
		if (!more || *eof || *n == SNIFF_MAX)
			return NULL;
		ssize_t r = raw_read(s, have + *n, SNIFF_MAX - *n);
		if (r < 0)
			die_at(s->name, 0, "read error: %s", strerror(errno));
		*eof = r == 0;
		*n += (size_t)r;
	}
}

/* Looks at the first bytes to choose plain, gzip or zstd, and starts the thread. */
static void source_start(struct source *s)
{
	unsigned char have[SNIFF_MAX];
	size_t n;
	bool eof;
	const struct magic *m = sniff(s, have, &n, &eof);
	if (m && m->codec == CODEC_PLAIN) {
		/* Closed first: a caller that survives the error (a fuzzer) leaks nothing. */
		char name[PATH_MAX + 1];
		snprintf(name, sizeof name, "%s", s->name);
		source_close(s);
		die_at(name, 0, "%s, which rill does not read (it reads plain text, gzip "
		       "and zstd; %s)", m->name, m->how);
	}
	if (m) {
		s->codec = m->codec;
		if (!s->block_size)
			s->block_size = SOURCE_DECODE_BLOCK;
		s->inbuf = xmalloc(INBUF_SIZE);
		memcpy(s->inbuf, have, n);
		s->in_primed = n;
		for (int i = 0; i < RING_BLOCKS; i++)
			s->ring[i] = xmalloc(s->block_size);
		pthread_mutex_init(&s->lock, NULL);
		pthread_cond_init(&s->cond, NULL);
		int e = pthread_create(&s->thread, NULL, decode_thread, s);
		if (e)
			die("cannot start the %s reader thread: %s", m->name, strerror(e));
		s->thread_started = true;
		return;
	}
	if (s->fd >= 0 && s->raw_size > 0 && map_whole(s, s->start_offset))
		return;
	if (!s->block_size)
		s->block_size = SOURCE_PLAIN_BLOCK;
	s->plain = xmalloc(s->block_size > SNIFF_MAX ? s->block_size : SNIFF_MAX);
	memcpy(s->plain, have, n);
	s->primed = n;
	s->eof_after_primed = eof;
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
	if (s->codec == CODEC_PLAIN) {
		if (s->eof)
			return false;
		/* The bytes read to sniff the magic make a (short) first block. */
		size_t have = s->primed;
		s->primed = 0;
		if (have == 0 && s->eof_after_primed) {
			s->eof = true;
			return false;
		}
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
