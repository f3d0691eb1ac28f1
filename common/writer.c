/*
 * writer: encoded, buffered, checked output; see writer.h.
 */
#include "writer.h"
#include "direct.h"
#include "buf.h"
#include "byteset.h"
#include "diag.h"
#include "fields.h"
#include "outfile.h"
#include "warc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define OUT_BUFFER_SIZE ((size_t)256 << 10)

struct writer {
	enum rec_format format;
	char delim, term;
	int fd;
	char *path;		/* final name; NULL for standard output */
	struct outfile file;	/* with a path: its temporary and target */
	enum compression compression;
	bool member_open;	/* bytes went into the gzip member or zstd frame not yet ended */
	z_stream z;
	ZSTD_CCtx *zstd;
	char *zout;
	size_t cap;		/* of out and of zout: OUT_BUFFER_SIZE, or output_opts.buffer */
	struct buf out;
	struct byteset special;		/* bytes that need escaping or quoting */
	size_t nfields_in_record;
	size_t last_field_len;
	uint64_t records, bytes;
	bool first_record;
	bool memory;		/* writer_open_memory: the buffer only grows */
	bool line_buffered;
	bool headerless;

	/* jsonl: the keys of the fields, in order (a memory writer shares its like's). */
	struct field *names;
	size_t nnames;
	bool owns_names;
	const char *next_key;	/* writer_key(): the next field's name */
	size_t next_key_len;
	bool extending;		/* the record is an input object, its fields appended */
	bool extended_empty;	/* ... and the object had no key of its own */
	struct writer *rejects;	/* --rejects: where this writer's records' drops go */
};

static const char *display_name(const struct writer *w)
{
	return w->path ? w->path : "standard output";
}

static void write_all(struct writer *w, const char *p, size_t n)
{
	while (n) {
		ssize_t r = write(w->fd, p, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE) {
				/* SIGPIPE was ignored by our parent: end as if it was not. */
				signal(SIGPIPE, SIG_DFL);
				raise(SIGPIPE);
				_exit(141);
			}
			die("write error on %s: %s", display_name(w), strerror(errno));
		}
		p += r;
		n -= (size_t)r;
	}
}

static void deflate_out(struct writer *w, const char *p, size_t n, int flush)
{
	w->z.next_in = (Bytef *)p;
	w->z.avail_in = (uInt)n;
	do {
		w->z.next_out = (Bytef *)w->zout;
		w->z.avail_out = (uInt)w->cap;
		int ret = deflate(&w->z, flush);
		if (ret == Z_STREAM_ERROR)
			bug("deflate: stream error");
		write_all(w, w->zout, w->cap - w->z.avail_out);
	} while (w->z.avail_out == 0);
}

static void zstd_out(struct writer *w, const char *p, size_t n, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = { p, n, 0 };
	for (;;) {
		ZSTD_outBuffer out = { w->zout, w->cap, 0 };
		size_t left = ZSTD_compressStream2(w->zstd, &out, &in, mode);
		if (ZSTD_isError(left))
			die("zstd compression of %s failed: %s", w->path, ZSTD_getErrorName(left));
		write_all(w, w->zout, out.pos);
		/* Done when the input is taken and, to flush or end a frame, all of it is out. */
		if (in.pos == in.size && (mode == ZSTD_e_continue ? out.pos < out.size : left == 0))
			return;
	}
}

/* Bytes through the file's compression, if any. */
static void compress_out(struct writer *w, const char *p, size_t n)
{
	w->member_open = true;
	switch (w->compression) {
	case COMPRESS_GZIP: deflate_out(w, p, n, Z_NO_FLUSH); break;
	case COMPRESS_ZSTD: zstd_out(w, p, n, ZSTD_e_continue); break;
	default: write_all(w, p, n); break;
	}
}

static void flush_buffer(struct writer *w)
{
	if (!w->out.len || w->memory)
		return;
	compress_out(w, w->out.data, w->out.len);
	w->bytes += w->out.len;
	buf_reset(&w->out);
}

/*
 * --line-buffered: what a record's end leaves in the buffer goes out now
 * (gzip output is flushed to a byte boundary, zstd's to a block's end), so a reader after the pipe
 * sees each record as it is made, as with grep --line-buffered.
 */
static void flush_records(struct writer *w)
{
	if (!w->out.len)
		return;
	if (w->compression == COMPRESS_GZIP) {
		deflate_out(w, w->out.data, w->out.len, Z_SYNC_FLUSH);
	} else if (w->compression == COMPRESS_ZSTD) {
		zstd_out(w, w->out.data, w->out.len, ZSTD_e_flush);
	} else {
		flush_buffer(w);
		return;
	}
	w->bytes += w->out.len;
	buf_reset(&w->out);
}

static inline void records_ended(struct writer *w)
{
	if (w->line_buffered)
		flush_records(w);
}

static inline void put(struct writer *w, const char *p, size_t n)
{
	if (w->out.len + n > w->cap && !w->memory) {
		flush_buffer(w);
		if (n > w->cap) {
			/* A huge field goes straight through, not into the buffer. */
			compress_out(w, p, n);
			w->bytes += n;
			return;
		}
	}
	buf_add(&w->out, p, n);
}

/*
 * Room for n bytes (and the NUL) at the end of the buffer, what it holds
 * written out first if it must grow past its size: for the paths
 * that encode straight into it.
 */
static inline char *make_room(struct writer *w, size_t n)
{
	if (w->out.alloc - w->out.len <= n) {
		if (w->out.len + n > w->cap)
			flush_buffer(w);
		buf_grow(&w->out, n);
	}
	return w->out.data + w->out.len;
}

static inline void putc_w(struct writer *w, char c)
{
	if (w->out.len + 1 > w->cap && !w->memory)
		flush_buffer(w);
	buf_addc(&w->out, c);
}

enum compression compression_of_name(const char *path)
{
	size_t n = strlen(path);
	if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
		return COMPRESS_GZIP;
	if (n > 4 && strcmp(path + n - 4, ".zst") == 0)
		return COMPRESS_ZSTD;
	return COMPRESS_NONE;
}

static struct writer *writer_new(const struct output_opts *o)
{
	struct writer *w = xcalloc(1, sizeof *w);
	w->format = o->format;
	if (w->format == FMT_NONE || w->format == FMT_DOC)
		bug("writer_open: unresolved output format");
	w->delim = o->delim ? o->delim : w->format == FMT_CSV ? ',' : '\t';
	w->term = o->zero ? '\0' : '\n';
	w->first_record = true;
	w->line_buffered = o->line_buffered;
	w->headerless = o->headerless;
	if (w->format == FMT_CSV) {
		char set[] = { w->delim, '"', '\n', '\r' };
		byteset_init(&w->special, set, 4, false);
	} else {
		char set[] = { '\t', '\n', '\r', '\\', w->delim };
		byteset_init(&w->special, set, 5, false);
	}
	w->cap = o->buffer ? o->buffer : OUT_BUFFER_SIZE;
	buf_grow(&w->out, w->cap);
	return w;
}

static void start_compression(struct writer *w, enum compression c)
{
	w->compression = c;
	if (c == COMPRESS_NONE)
		return;
	w->zout = xmalloc(w->cap);
	if (c == COMPRESS_GZIP) {
		if (deflateInit2(&w->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK)
			die("cannot start gzip compression");
		return;
	}
	/* libzstd's default level (3): faster than gzip -6 and smaller. */
	w->zstd = ZSTD_createCCtx();
	if (!w->zstd)
		die("cannot start zstd compression");
	/* The size of each frame's content is not known when it starts. */
	ZSTD_CCtx_setParameter(w->zstd, ZSTD_c_checksumFlag, 1);
}

/*
 * A pipe's 64 KiB buffer holds a quarter of one of our 256 KiB writes: the
 * writer and the reader after it wake each other four times a write.  A
 * pipe of one megabyte (what Linux gives without privileges) lets them
 * run longer between.  Best effort: nothing changes if it is refused.
 */
static void widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && fcntl(fd, F_GETPIPE_SZ) < (1 << 20))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
	(void)fd;
#endif
}

struct writer *writer_open(const struct output_opts *o)
{
	struct writer *w = writer_new(o);
	if (!o->path || strcmp(o->path, "-") == 0) {
		w->fd = STDOUT_FILENO;
		widen_pipe(w->fd);
		return w;
	}
	w->path = xstrdup(o->path);
	outfile_open(&w->file, o->path, "output");
	w->fd = w->file.fd;
	start_compression(w, compression_of_name(o->path));
	return w;
}

struct writer *writer_open_append(const struct output_opts *o, enum compression compression, int fd,
				  bool empty)
{
	struct writer *w = writer_new(o);
	w->path = xstrdup(o->path);
	w->fd = fd;
	w->first_record = empty;
	/* Appended gzip members, or zstd frames, make a valid file of several. */
	start_compression(w, compression);
	return w;
}

/* ---- encoding ------------------------------------------------------------ */

static void put_tsv_field(struct writer *w, const char *s, size_t n)
{
	size_t run = 0;
	for (;;) {
		size_t i = run + byteset_scan(&w->special, s + run, n - run);
		put(w, s + run, i - run);
		if (i == n)
			return;
		char c = s[i];
		const char *esc = c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
				: c == '\\' ? "\\\\" : NULL;
		if (!esc)
			die("cannot write a field holding the delimiter '%c' as tsv "
			    "(tsv escapes only TAB); use --to=csv or another -d", c);
		put(w, esc, 2);
		run = i + 1;
	}
}

static bool csv_needs_quotes(const struct writer *w, const char *s, size_t n)
{
	return byteset_scan(&w->special, s, n) < n;
}

static void put_csv_field(struct writer *w, const char *s, size_t n)
{
	if (!csv_needs_quotes(w, s, n)) {
		put(w, s, n);
		return;
	}
	putc_w(w, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		put(w, s + run, i + 1 - run);
		putc_w(w, '"');
		run = i + 1;
	}
	put(w, s + run, n - run);
	putc_w(w, '"');
}

/* ---- JSON Lines ---------------------------------------------------------- */

/*
 * The bytes a JSON string escapes (RFC 8259: the quote, the backslash and
 * the control characters below 0x20), found 16 at a time: a text is
 * mostly runs between them, copied whole.
 */
static size_t json_special_scan(const char *s, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
	const __m128i control = _mm_set1_epi8(0x1f);
	for (; i + 16 <= n; i += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(s + i));
		/* b <= 0x1f, unsigned: the larger of b and 0x1f is 0x1f. */
		__m128i hit = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(b, control), control),
					   _mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, backslash)));
		int m = _mm_movemask_epi8(hit);
		if (m)
			return i + (size_t)__builtin_ctz((unsigned)m);
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			return i;
	}
	return n;
}

/* The escape of a byte json_special_scan() stops at, into esc: its length. */
static size_t json_escape(unsigned char c, char esc[7])
{
	static const char hex[] = "0123456789abcdef";
	esc[0] = '\\';
	switch (c) {
	case '"': esc[1] = '"'; return 2;
	case '\\': esc[1] = '\\'; return 2;
	case '\n': esc[1] = 'n'; return 2;
	case '\r': esc[1] = 'r'; return 2;
	case '\t': esc[1] = 't'; return 2;
	case '\b': esc[1] = 'b'; return 2;
	case '\f': esc[1] = 'f'; return 2;
	default:
		memcpy(esc + 1, "u00", 3);
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 15];
		return 6;
	}
}

/* s[0, n) as the inside of a JSON string (without its quotes). */
static void put_json_chars(struct writer *w, const char *s, size_t n)
{
	size_t run = 0;
	for (;;) {
		size_t i = run + json_special_scan(s + run, n - run);
		put(w, s + run, i - run);
		if (i == n)
			return;
		char esc[7];
		put(w, esc, json_escape((unsigned char)s[i], esc));
		run = i + 1;
	}
}

void json_quote(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '"');
	size_t run = 0;
	for (;;) {
		size_t i = run + json_special_scan(s + run, n - run);
		buf_add(b, s + run, i - run);
		if (i == n)
			break;
		char esc[7];
		buf_add(b, esc, json_escape((unsigned char)s[i], esc));
		run = i + 1;
	}
	buf_addc(b, '"');
}

static void put_json_string(struct writer *w, const char *s, size_t n)
{
	putc_w(w, '"');
	put_json_chars(w, s, n);
	putc_w(w, '"');
}

/* Bytes put_json_string() writes for s[0, n). */
static size_t json_string_size(const char *s, size_t n)
{
	size_t size = n + 2;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f')
			size++;
		else if (c < 0x20)
			size += 5;
	}
	return size;
}

/* The key of field i of a record: writer_key's, the names', or f1, f2, ... */
static void put_json_key(struct writer *w, size_t i)
{
	if (w->next_key) {
		put_json_string(w, w->next_key, w->next_key_len);
		w->next_key = NULL;
	} else if (i < w->nnames) {
		put_json_string(w, w->names[i].data, w->names[i].len);
	} else {
		char key[FIELD_U64_SIZE + 3] = "\"f";
		struct field digits = field_u64(key + 2, (uint64_t)i + 1);
		key[2 + digits.len] = '"';
		put(w, key, digits.len + 3);
	}
	putc_w(w, ':');
}

/* Opens field i of a JSON record: the brace or comma before it, and its key. */
static void start_json_field(struct writer *w, size_t i)
{
	if (w->extending ? i > 0 || !w->extended_empty : i > 0)
		putc_w(w, ',');
	else if (!w->extending)
		putc_w(w, '{');
	put_json_key(w, i);
}

void writer_names(struct writer *w, const struct field *names, size_t n)
{
	if (w->format != FMT_JSONL)
		return;
	if (w->owns_names)
		free(w->names);
	size_t bytes = 0;
	for (size_t i = 0; i < n; i++)
		bytes += names[i].len;
	/* One allocation: the array, then the names' bytes. */
	w->names = xmalloc(n * sizeof *w->names + bytes + 1);
	char *d = (char *)(w->names + n);
	for (size_t i = 0; i < n; i++) {
		memcpy(d, names[i].data, names[i].len);
		w->names[i] = (struct field){ d, names[i].len };
		d += names[i].len;
	}
	w->nnames = n;
	w->owns_names = true;
}

void writer_key(struct writer *w, const char *name, size_t n)
{
	w->next_key = name;
	w->next_key_len = n;
}

void writer_json_field(struct writer *w, const char *json, size_t n)
{
	if (w->format != FMT_JSONL) {
		writer_field(w, json, n);
		return;
	}
	start_json_field(w, w->nfields_in_record++);
	put(w, json, n);
	w->last_field_len = n;
}

/*
 * A WARC record into a compressed file: a gzip member or zstd frame of its
 * own, as WARC files are written, so a reader can seek to any record.
 */
static void put_warc_member(struct writer *w, const char *text, size_t len)
{
	flush_buffer(w);
	if (w->compression == COMPRESS_GZIP) {
		deflate_out(w, text, len, Z_FINISH);
		deflateReset(&w->z);
	} else {
		zstd_out(w, text, len, ZSTD_e_end);
	}
	w->member_open = false;
	w->bytes += len;
}

static bool warc_members(const struct writer *w)
{
	return w->format == FMT_WARC && w->compression != COMPRESS_NONE && !w->memory;
}

void writer_passthrough(struct writer *w, const char *text, size_t len)
{
	if (warc_members(w))
		put_warc_member(w, text, len);
	else
		put(w, text, len);
	/* A JSON line comes without its end; a WARC record ends with its own CR LF CR LF. */
	if (w->format != FMT_WARC)
		putc_w(w, w->term);
	w->nfields_in_record = 0;
	w->first_record = false;
	w->records++;
	records_ended(w);
}

static noreturn void no_fields_in_warc(void)
{
	die_usage("--to=warc writes each record as it came: what this tool adds to a record has "
		  "no place in a WARC record (filter it, or write --to=jsonl or --to=tsv)");
}

void writer_begin_object(struct writer *w, const char *text, size_t len)
{
	if (w->format == FMT_WARC)
		no_fields_in_warc();
	/* The object without its closing brace (and the white space around it). */
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
		len--;
	if (!len || text[len - 1] != '}')
		bug("writer_begin_object: not an object");
	len--;
	size_t inner = len;
	while (inner && (text[inner - 1] == ' ' || text[inner - 1] == '\t' || text[inner - 1] == '\r' ||
			 text[inner - 1] == '\n'))
		inner--;
	put(w, text, len);
	w->extending = true;
	w->extended_empty = inner && text[inner - 1] == '{';
	w->nfields_in_record = 0;
}

void writer_object_members(struct writer *w, const char *text, size_t len)
{
	/* Inside the outer braces, white space around trimmed: nothing for {}. */
	size_t a = 0, b = len;
	while (a < b && text[a] != '{')
		a++;
	while (b > a && text[b - 1] != '}')
		b--;
	if (b - a < 2)
		return;
	a++;
	b--;
	while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r' || text[a] == '\n'))
		a++;
	while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r' || text[b - 1] == '\n'))
		b--;
	if (a == b)
		return;
	if (!w->extending)
		bug("writer_object_members outside writer_begin_object");
	if (w->nfields_in_record > 0 || !w->extended_empty)
		putc_w(w, ',');
	put(w, text + a, b - a);
	w->nfields_in_record++;
}

/* The end of a JSON record, or of the header whose fields became the names. */
static void end_json_record(struct writer *w)
{
	if (!w->nfields_in_record && !w->extending)
		putc_w(w, '{');
	putc_w(w, '}');
	putc_w(w, w->term);
	w->extending = false;
}

/* ---- fields -------------------------------------------------------------- */

void writer_field(struct writer *w, const char *s, size_t n)
{
	if (w->format == FMT_WARC)
		no_fields_in_warc();
	if (w->format == FMT_JSONL) {
		start_json_field(w, w->nfields_in_record++);
		put_json_string(w, s, n);
		w->last_field_len = n;
		return;
	}
	if (w->nfields_in_record++) {
		putc_w(w, w->format == FMT_LINES || w->format == FMT_PARA ? '\t' : w->delim);
	} else if (w->format == FMT_PARA && !w->first_record) {
		putc_w(w, '\n');	/* the blank line between paragraphs */
	}
	w->last_field_len = n;
	switch (w->format) {
	case FMT_TSV:
		put_tsv_field(w, s, n);
		break;
	case FMT_CSV:
		put_csv_field(w, s, n);
		break;
	default:
		put(w, s, n);
		break;
	}
}

void writer_field_u64(struct writer *w, uint64_t v)
{
	char digits[FIELD_U64_SIZE];
	struct field f = field_u64(digits, v);
	/* A JSON number, not a string, in a JSON record. */
	if (w->format == FMT_JSONL)
		writer_json_field(w, f.data, f.len);
	else
		writer_field(w, f.data, f.len);
}

void writer_encoded_fields(struct writer *w, const char *text, size_t len, size_t nfields)
{
	if (!nfields)
		return;
	if (w->nfields_in_record)
		putc_w(w, w->delim);
	put(w, text, len);
	w->nfields_in_record += nfields;
	w->last_field_len = len;
}

const bool *writer_escaped_bytes(const struct writer *w)
{
	static const bool none[256];
	return w->format == FMT_LINES ? none : w->special.member;
}

char writer_terminator(const struct writer *w)
{
	return w->term;
}

char *writer_reserve(struct writer *w, size_t n)
{
	return make_room(w, n);
}

void writer_commit(struct writer *w, size_t len, uint64_t records)
{
	w->out.len += len;
	w->out.data[w->out.len] = '\0';
	w->records += records;
	if (records)
		w->first_record = false;
	records_ended(w);
}

bool writer_takes_clean(const struct writer *w, enum rec_format in)
{
	if (in == FMT_LINES)
		return w->format == FMT_LINES;
	return in == FMT_TSV && w->format == FMT_TSV && w->delim == '\t';
}

void writer_end_record(struct writer *w)
{
	if (w->format == FMT_JSONL) {
		end_json_record(w);
		w->nfields_in_record = 0;
		w->first_record = false;
		w->records++;
		records_ended(w);
		return;
	}
	/* One empty CSV field must be quoted, or it would read back as a blank line. */
	if (w->format == FMT_CSV && w->nfields_in_record == 1 && w->last_field_len == 0)
		put(w, "\"\"", 2);
	putc_w(w, w->format == FMT_CSV ? '\n' : w->term);
	w->nfields_in_record = 0;
	w->first_record = false;
	w->records++;
	records_ended(w);
}

/*
 * A short TSV or lines record written straight into the buffer, without a
 * call per field: false, with nothing written, if it is not short or a
 * field needs escaping (writer_fields then takes the general way).
 */
static bool put_short_record(struct writer *w, const struct field *f, size_t n)
{
	enum { SHORT_RECORD = 1024 };
	size_t need = n + 1;
	for (size_t i = 0; i < n; i++)
		need += f[i].len;
	if (need > SHORT_RECORD || w->nfields_in_record || n == 0)
		return false;
	char *start = make_room(w, need), *d = start;
	bool tsv = w->format == FMT_TSV;
	char sep = tsv ? w->delim : '\t';
	for (size_t i = 0; i < n; i++) {
		if (i)
			*d++ = sep;
		const unsigned char *p = (const unsigned char *)f[i].data;
		size_t len = f[i].len;
		if (tsv) {
			for (size_t k = 0; k < len; k++) {
				if (w->special.member[p[k]])
					return false;
				d[k] = (char)p[k];
			}
		} else if (len <= 16) {
			/* A call to memcpy costs more than these few bytes. */
			for (size_t k = 0; k < len; k++)
				d[k] = (char)p[k];
		} else {
			memcpy(d, p, len);
		}
		d += len;
	}
	*d++ = w->term;
	*d = '\0';
	w->out.len += (size_t)(d - start);
	w->last_field_len = f[n - 1].len;
	w->first_record = false;
	w->records++;
	records_ended(w);
	return true;
}

void writer_fields(struct writer *w, const struct field *f, size_t n)
{
	if ((w->format == FMT_TSV || w->format == FMT_LINES) && put_short_record(w, f, n))
		return;
	for (size_t i = 0; i < n; i++)
		writer_field(w, f[i].data, f[i].len);
	writer_end_record(w);
}

void writer_header(struct writer *w, const struct field *f, size_t n)
{
	/* WARC has no header line; JSON Lines neither: its names key the records after it. */
	if (w->format == FMT_WARC)
		return;
	if (w->format == FMT_JSONL) {
		writer_names(w, f, n);
		return;
	}
	if (w->headerless)
		return;
	writer_fields(w, f, n);
	w->records--;
}

size_t writer_encoded_size(const struct writer *w, const struct field *f, size_t n)
{
	if (w->format == FMT_JSONL) {
		size_t size = 3;	/* the braces and the terminator */
		for (size_t i = 0; i < n; i++) {
			char digits[FIELD_U64_SIZE];
			size += (i > 0) + 1 + json_string_size(f[i].data, f[i].len) +
				(i < w->nnames ? json_string_size(w->names[i].data, w->names[i].len)
					       : 3 + field_u64(digits, (uint64_t)i + 1).len);
		}
		return size;
	}
	size_t size = n ? n : 1;	/* separators and the terminator */
	if (w->format == FMT_PARA && !w->first_record)
		size++;
	for (size_t i = 0; i < n; i++) {
		size += f[i].len;
		if (w->format == FMT_TSV) {
			for (size_t k = 0; k < f[i].len; k++) {
				char c = f[i].data[k];
				size += c == '\t' || c == '\n' || c == '\r' || c == '\\';
			}
		} else if (w->format == FMT_CSV && csv_needs_quotes(w, f[i].data, f[i].len)) {
			size += 2;
			for (size_t k = 0; k < f[i].len; k++)
				size += f[i].data[k] == '"';
		}
	}
	if (w->format == FMT_CSV && n == 1 && f[0].len == 0)
		size += 2;
	return size;
}

void writer_text(struct writer *w, const char *s, size_t n)
{
	if (w->format == FMT_LINES && !w->nfields_in_record) {
		/* A line: the text and its end, no field to separate or encode. */
		put(w, s, n);
		putc_w(w, w->term);
		w->last_field_len = n;
		w->first_record = false;
		w->records++;
		records_ended(w);
		return;
	}
	struct field f = { s, n };
	writer_fields(w, &f, 1);
}

void writer_raw(struct writer *w, const void *p, size_t n)
{
	put(w, p, n);
}

struct writer *writer_open_memory(const struct writer *like)
{
	struct writer *w = xcalloc(1, sizeof *w);
	w->format = like->format;
	w->delim = like->delim;
	w->term = like->term;
	w->special = like->special;
	w->first_record = true;
	w->memory = true;
	w->cap = OUT_BUFFER_SIZE;
	w->fd = -1;
	w->names = like->names;
	w->nnames = like->nnames;
	return w;
}

void writer_memory_restart(struct writer *w, bool first_record)
{
	buf_reset(&w->out);
	w->records = 0;
	w->first_record = first_record;
}

void writer_append_memory(struct writer *w, const struct writer *m)
{
	writer_append_records(w, m->out.data ? m->out.data : "", m->out.len, m->records);
}

const char *writer_memory_text(const struct writer *w, size_t *len)
{
	*len = w->out.len;
	return w->out.data ? w->out.data : "";
}

void writer_append_records(struct writer *w, const char *p, size_t n, uint64_t records)
{
	/* Records made on other threads: each its own member, as if written here. */
	while (warc_members(w) && n) {
		size_t len = warc_record_length(p, n);
		if (!len)
			len = n;
		put_warc_member(w, p, len);
		p += len;
		n -= len;
	}
	put(w, p, n);
	w->records += records;
	if (records)
		w->first_record = false;
	records_ended(w);
}

struct writer *writer_rejects(const struct writer *w)
{
	return w->rejects;
}

void writer_set_rejects(struct writer *w, struct writer *rejects)
{
	w->rejects = rejects;
}

void writer_close_memory(struct writer *w)
{
	buf_release(&w->out);
	free(w);
}

enum rec_format writer_format(const struct writer *w)
{
	return w->format;
}

uint64_t writer_records(const struct writer *w)
{
	return w->records;
}

uint64_t writer_bytes(const struct writer *w)
{
	return w->bytes + w->out.len;
}

void writer_close(struct writer *w)
{
	if (!w)
		return;
	flush_buffer(w);
	/* A WARC file of a member per record ends with its last record's (or is empty). */
	bool end_member = !warc_members(w) || w->member_open || !w->records;
	if (w->compression == COMPRESS_GZIP) {
		if (end_member)
			deflate_out(w, NULL, 0, Z_FINISH);
		deflateEnd(&w->z);
	} else if (w->compression == COMPRESS_ZSTD) {
		if (end_member)
			zstd_out(w, NULL, 0, ZSTD_e_end);
		ZSTD_freeCCtx(w->zstd);
	}
	free(w->zout);
	if (w->file.path) {
		outfile_commit(&w->file, false);
	} else if (w->path) {
		if (close(w->fd) != 0)
			die("write error on %s: %s", w->path, strerror(errno));
	} else if (close(w->fd) != 0 && errno != EINTR) {
		/* Some file systems report a failed write only at close, as coreutils know. */
		die("write error on %s: %s", display_name(w), strerror(errno));
	}
	free(w->path);
	if (w->owns_names)
		free(w->names);
	buf_release(&w->out);
	free(w);
}

/* Does -o name a WARC or WET file (.warc, .wet, and their .gz or .zst)? */
static bool names_warc(const char *path)
{
	if (!path)
		return false;
	size_t n = strlen(path);
	static const char *const ends[] = { ".warc", ".warc.gz", ".warc.zst", ".wet", ".wet.gz", ".wet.zst" };
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		size_t k = strlen(ends[i]);
		if (n > k && strcmp(path + n - k, ends[i]) == 0)
			return true;
	}
	return false;
}

void output_resolve(struct output_opts *o, enum rec_format in_format, char in_delim)
{
	if (o->format == FMT_NONE) {
		/*
		 * WARC input is written as WARC into a file named so (records as
		 * they came); elsewhere, as doc input is, as TSV of its fields.
		 */
		if (in_format == FMT_WARC)
			o->format = names_warc(o->path) ? FMT_WARC : FMT_TSV;
		else
			o->format = in_format == FMT_DOC || in_format == FMT_NONE
				? (in_format == FMT_DOC ? FMT_TSV : FMT_LINES) : in_format;
		if (!o->delim && (o->format == FMT_TSV || o->format == FMT_CSV) &&
		    in_format == o->format)
			o->delim = in_delim;
	}
}
