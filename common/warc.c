/*
 * warc: WARC heads, HTTP messages and payloads; see warc.h.
 */
#include "warc.h"

#include "charset.h"
#include "diag.h"

#include <brotli/decode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>

/* A decompressed payload larger than this is not read (a "zip bomb" of a page). */
#define PAYLOAD_MAX ((size_t)1 << 30)

/* ---- heads ----------------------------------------------------------------- */

size_t warc_head_end(const char *p, size_t n)
{
	size_t at = 0;
	bool first = true;
	while (at < n) {
		const char *nl = memchr(p + at, '\n', n - at);
		if (!nl)
			return 0;
		size_t len = (size_t)(nl - (p + at));
		if (!first && (len == 0 || (len == 1 && p[at] == '\r')))
			return (size_t)(nl + 1 - p);
		first = false;
		at = (size_t)(nl + 1 - p);
	}
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static struct field trimmed(const char *p, size_t n)
{
	while (n && (is_space(*p) || *p == '\r')) {
		p++;
		n--;
	}
	while (n && (is_space(p[n - 1]) || p[n - 1] == '\r'))
		n--;
	return (struct field){ p, n };
}

/*
 * The header lines of p[0, n) after its first line, up to a blank line or
 * the end: into out.  A value folded over several lines is joined in
 * out->joined; joined values lie there one after another, each from its
 * start to the next one's, and become pointers at the end (the buffer may
 * move while it grows).
 */
static const char *parse_header_lines(const char *p, size_t n, struct warc_headers *out)
{
	out->n = 0;
	buf_reset(&out->joined);
	struct joined {
		size_t header, start;
	} *joined = NULL;
	size_t njoined = 0, ajoined = 0;
	const char *error = NULL;
	const char *end = p + n, *line = memchr(p, '\n', n);
	line = line ? line + 1 : end;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *stop = nl ? nl : end;
		struct field l = trimmed(line, (size_t)(stop - line));
		bool folded = is_space(*line);
		line = nl ? nl + 1 : end;
		if (l.len == 0 && !folded)
			break;
		if (folded) {
			if (!out->n) {
				error = "a header line that continues no header";
				break;
			}
			/* The header's value so far moves to the joined buffer, then a space and this line. */
			if (!njoined || joined[njoined - 1].header != out->n - 1) {
				ALLOC_GROW(joined, njoined + 1, ajoined);
				joined[njoined++] = (struct joined){ out->n - 1, out->joined.len };
				struct field *v = &out->h[out->n - 1].value;
				buf_add(&out->joined, v->data, v->len);
			}
			buf_addc(&out->joined, ' ');
			buf_add(&out->joined, l.data, l.len);
			continue;
		}
		const char *colon = memchr(l.data, ':', l.len);
		if (!colon || colon == l.data) {
			error = "a header line without a name and a colon";
			break;
		}
		ALLOC_GROW(out->h, out->n + 1, out->alloc);
		struct warc_header *h = &out->h[out->n++];
		h->name = trimmed(l.data, (size_t)(colon - l.data));
		h->value = trimmed(colon + 1, (size_t)(l.data + l.len - colon - 1));
	}
	for (size_t i = 0; i < njoined; i++) {
		size_t stop = i + 1 < njoined ? joined[i + 1].start : out->joined.len;
		out->h[joined[i].header].value =
			(struct field){ out->joined.data + joined[i].start, stop - joined[i].start };
	}
	free(joined);
	return error;
}

const char *warc_parse_head(const char *p, size_t n, struct warc_headers *out)
{
	const char *nl = memchr(p, '\n', n);
	struct field first = trimmed(p, nl ? (size_t)(nl - p) : n);
	if (first.len < 6 || memcmp(first.data, "WARC/", 5) != 0 || first.data[5] < '0' || first.data[5] > '9')
		return "not a WARC record (its first line is not WARC/1.0 or WARC/1.1)";
	return parse_header_lines(p, n, out);
}

bool warc_parse_http(const char *p, size_t n, struct warc_headers *out, struct field *status,
		     size_t *body)
{
	const char *nl = memchr(p, '\n', n < 8192 ? n : 8192);
	struct field first = trimmed(p, nl ? (size_t)(nl - p) : (n < 8192 ? n : 8192));
	out->n = 0;
	if (first.len >= 12 && memcmp(first.data, "HTTP/", 5) == 0) {
		/* HTTP/1.1 200 OK: the code after the first space. */
		const char *sp = memchr(first.data, ' ', first.len);
		if (!sp)
			return false;
		struct field rest = trimmed(sp, (size_t)(first.data + first.len - sp));
		size_t code = 0;
		while (code < rest.len && rest.data[code] >= '0' && rest.data[code] <= '9')
			code++;
		if (code != 3)
			return false;
		*status = (struct field){ rest.data, 3 };
	} else {
		/* A request line: METHOD target HTTP/1.1. */
		const char *sp = memchr(first.data, ' ', first.len);
		if (!sp || first.len < 14 || memcmp(first.data + first.len - 8, "HTTP/", 5) != 0)
			return false;
		*status = (struct field){ first.data, (size_t)(sp - first.data) };
	}
	size_t head = warc_head_end(p, n);
	if (parse_header_lines(p, head ? head : n, out))
		return false;
	*body = head ? head : n;
	return true;
}

size_t warc_record_length(const char *p, size_t n)
{
	size_t head = warc_head_end(p, n);
	struct warc_headers h = { 0 };
	size_t total = 0;
	if (head && !warc_parse_head(p, head, &h)) {
		const struct field *cl = warc_header(&h, "Content-Length", 14);
		char *end;
		unsigned long long block = cl && cl->len ? strtoull(cl->data, &end, 10) : 0;
		if (cl && cl->len && end == cl->data + cl->len && block <= n - head) {
			total = head + (size_t)block;
			if (n - total >= 4 && memcmp(p + total, "\r\n\r\n", 4) == 0)
				total += 4;
			else if (n - total >= 2 && memcmp(p + total, "\n\n", 2) == 0)
				total += 2;
		}
	}
	warc_headers_release(&h);
	return total;
}

const struct field *warc_header(const struct warc_headers *h, const char *name, size_t len)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->h[i].name.len == len && strncasecmp(h->h[i].name.data, name, len) == 0)
			return &h->h[i].value;
	return NULL;
}

void warc_headers_release(struct warc_headers *h)
{
	free(h->h);
	buf_release(&h->joined);
	*h = (struct warc_headers){ 0 };
}

/* ---- payloads -------------------------------------------------------------- */

struct warc_payloads {
	struct buf dechunked, decoded[2];
	struct charset_decoder *charsets;
	ZSTD_DCtx *zstd;
};

struct warc_payloads *warc_payloads_new(void)
{
	struct warc_payloads *w = xcalloc(1, sizeof *w);
	w->charsets = charset_decoder_new();
	return w;
}

void warc_payloads_free(struct warc_payloads *w)
{
	if (!w)
		return;
	buf_release(&w->dechunked);
	buf_release(&w->decoded[0]);
	buf_release(&w->decoded[1]);
	charset_decoder_free(w->charsets);
	ZSTD_freeDCtx(w->zstd);
	free(w);
}

static bool same_word(const struct field *f, const char *word)
{
	size_t n = strlen(word);
	return f->len == n && strncasecmp(f->data, word, n) == 0;
}

/* Chunked transfer coding (RFC 9112 7.1) undone into out; false if it is not that. */
static bool dechunk(const char *p, size_t n, struct buf *out)
{
	const char *end = p + n;
	buf_reset(out);
	for (;;) {
		uint64_t size = 0;
		size_t digits = 0;
		for (; p < end; p++, digits++) {
			int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
				: *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
			if (d < 0)
				break;
			if (size > (PAYLOAD_MAX >> 4))
				return false;
			size = size * 16 + (uint64_t)d;
		}
		if (!digits)
			return false;
		/* Chunk extensions to the end of the line. */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return false;
		p = nl + 1;
		if (size == 0)
			return true;	/* trailers after it are not payload */
		if ((uint64_t)(end - p) < size) {
			/* Cut short (a truncated record): what came is the payload. */
			buf_add(out, p, (size_t)(end - p));
			return true;
		}
		buf_add(out, p, size);
		p += size;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		else if (p < end)
			return false;
		if (p == end)
			return true;
	}
}

enum inflated { INFLATED, INFLATE_FAILED, INFLATE_TOO_LARGE };

/* zlib inflate of p[0, n) into out, by window bits (gzip, zlib or raw deflate). */
static enum inflated inflate_body(const char *p, size_t n, int window_bits, struct buf *out)
{
	z_stream z = { 0 };
	if (inflateInit2(&z, window_bits) != Z_OK)
		return INFLATE_FAILED;
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	buf_reset(out);
	int ret = Z_OK;
	while (ret == Z_OK) {
		if (out->len > PAYLOAD_MAX) {
			inflateEnd(&z);
			return INFLATE_TOO_LARGE;
		}
		buf_grow(out, 64 << 10);
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = (uInt)(out->alloc - out->len - 1);
		uInt before = z.avail_out;
		ret = inflate(&z, Z_NO_FLUSH);
		out->len += before - z.avail_out;
		/* Out of input before the end: a truncated body, whose start is still text. */
		if (ret == Z_BUF_ERROR && z.avail_in == 0)
			ret = Z_STREAM_END;
	}
	inflateEnd(&z);
	out->data[out->len] = '\0';
	return ret == Z_STREAM_END ? INFLATED : INFLATE_FAILED;
}

static enum inflated unbrotli(const char *p, size_t n, struct buf *out)
{
	BrotliDecoderState *s = BrotliDecoderCreateInstance(NULL, NULL, NULL);
	if (!s)
		return INFLATE_FAILED;
	const uint8_t *in = (const uint8_t *)p;
	size_t avail_in = n;
	buf_reset(out);
	BrotliDecoderResult r = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
	while (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
		if (out->len > PAYLOAD_MAX) {
			BrotliDecoderDestroyInstance(s);
			return INFLATE_TOO_LARGE;
		}
		buf_grow(out, 64 << 10);
		uint8_t *next = (uint8_t *)out->data + out->len;
		size_t avail_out = out->alloc - out->len - 1;
		r = BrotliDecoderDecompressStream(s, &avail_in, &in, &avail_out, &next, NULL);
		out->len = (size_t)((char *)next - out->data);
	}
	BrotliDecoderDestroyInstance(s);
	out->data[out->len] = '\0';
	/* Needing more input is a truncated body: what came is kept, as for gzip. */
	return r == BROTLI_DECODER_RESULT_SUCCESS || r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT
		? INFLATED : INFLATE_FAILED;
}

static enum inflated unzstd(struct warc_payloads *w, const char *p, size_t n, struct buf *out)
{
	if (!w->zstd)
		w->zstd = ZSTD_createDCtx();
	if (!w->zstd)
		return INFLATE_FAILED;
	ZSTD_DCtx_reset(w->zstd, ZSTD_reset_session_only);
	ZSTD_inBuffer in = { p, n, 0 };
	buf_reset(out);
	for (;;) {
		if (out->len > PAYLOAD_MAX)
			return INFLATE_TOO_LARGE;
		buf_grow(out, 64 << 10);
		ZSTD_outBuffer o = { out->data + out->len, out->alloc - out->len - 1, 0 };
		size_t ret = ZSTD_decompressStream(w->zstd, &o, &in);
		out->len += o.pos;
		if (ZSTD_isError(ret))
			return INFLATE_FAILED;
		if (ret == 0 || (in.pos == in.size && o.pos < o.size))
			break;
	}
	out->data[out->len] = '\0';
	return INFLATED;
}

/* One content coding undone: p[0, n) into out. */
static enum warc_payload_fate undo_coding(struct warc_payloads *w, const struct field *coding,
					  const char *p, size_t n, struct buf *out)
{
	enum inflated r;
	if (same_word(coding, "gzip") || same_word(coding, "x-gzip"))
		r = inflate_body(p, n, 15 + 32, out);	/* gzip (or zlib) by its header */
	else if (same_word(coding, "deflate")) {
		/* The zlib format, as RFC 9110 says, or raw deflate, as many servers send. */
		r = inflate_body(p, n, 15, out);
		if (r == INFLATE_FAILED)
			r = inflate_body(p, n, -15, out);
	} else if (same_word(coding, "br"))
		r = unbrotli(p, n, out);
	else if (same_word(coding, "zstd"))
		r = unzstd(w, p, n, out);
	else
		return PAYLOAD_UNDECODABLE;
	return r == INFLATED ? PAYLOAD_TEXT : PAYLOAD_UNDECODABLE;
}

enum warc_payload_fate warc_http_body(struct warc_payloads *w, const struct warc_headers *http,
				      const char *body, size_t n, const char **out, size_t *len)
{
	*out = body;
	*len = n;
	const struct field *te = warc_header(http, "Transfer-Encoding", 17);
	if (te && te->len >= 7 && strncasecmp(te->data + te->len - 7, "chunked", 7) == 0 &&
	    dechunk(body, n, &w->dechunked)) {
		*out = w->dechunked.data ? w->dechunked.data : "";
		*len = w->dechunked.len;
	}
	const struct field *ce = warc_header(http, "Content-Encoding", 16);
	if (!ce)
		return PAYLOAD_TEXT;
	/* Codings listed in the order applied: undone from the last. */
	const char *list = ce->data;
	size_t rest = ce->len;
	int which = 0;
	while (rest) {
		size_t cut = rest;
		while (cut && list[cut - 1] != ',')
			cut--;
		struct field coding = trimmed(list + cut, rest - cut);
		rest = cut ? cut - 1 : 0;
		if (coding.len == 0 || same_word(&coding, "identity"))
			continue;
		struct buf *dst = &w->decoded[which];
		enum warc_payload_fate fate = undo_coding(w, &coding, *out, *len, dst);
		if (fate != PAYLOAD_TEXT)
			return fate;
		*out = dst->data ? dst->data : "";
		*len = dst->len;
		which ^= 1;
	}
	return PAYLOAD_TEXT;
}

bool warc_content_is_text(const struct field *content_type)
{
	if (!content_type)
		return true;
	const char *semi = memchr(content_type->data, ';', content_type->len);
	struct field t = trimmed(content_type->data,
				 semi ? (size_t)(semi - content_type->data) : content_type->len);
	if (t.len == 0 || (t.len >= 5 && strncasecmp(t.data, "text/", 5) == 0))
		return true;
	static const char *const textual[] = {
		"application/xhtml+xml", "application/xml", "application/json", "application/ld+json",
		"application/javascript", "application/x-javascript", "application/ecmascript",
		"application/rss+xml", "application/atom+xml", "message/news",
		"application/warc-fields", "application/http",
	};
	for (size_t i = 0; i < sizeof textual / sizeof textual[0]; i++)
		if (same_word(&t, textual[i]))
			return true;
	return (t.len > 4 && strncasecmp(t.data + t.len - 4, "+xml", 4) == 0) ||
	       (t.len > 5 && strncasecmp(t.data + t.len - 5, "+json", 5) == 0);
}

/* The MIME Sniffing standard's HTML patterns, each followed by a space or '>'. */
static const char *const html_starts[] = {
	"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font",
	"<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p",
};

bool warc_content_is_html(const struct field *content_type, const char *p, size_t n)
{
	if (content_type) {
		const char *semi = memchr(content_type->data, ';', content_type->len);
		struct field t = trimmed(content_type->data,
					 semi ? (size_t)(semi - content_type->data) : content_type->len);
		if (t.len)
			return same_word(&t, "text/html") || same_word(&t, "application/xhtml+xml");
	}
	size_t i = 0;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\f' || p[i] == '\r'))
		i++;
	if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0)
		return true;
	for (size_t k = 0; k < sizeof html_starts / sizeof html_starts[0]; k++) {
		size_t len = strlen(html_starts[k]);
		if (n - i > len && strncasecmp(p + i, html_starts[k], len) == 0 &&
		    (p[i + len] == ' ' || p[i + len] == '>'))
			return true;
	}
	return false;
}

bool warc_decode_text(struct warc_payloads *w, const struct field *content_type, const char *p,
		      size_t n, struct buf *out, uint64_t *replaced)
{
	char type[512], name[CHARSET_NAME_MAX];
	size_t skip;
	if (content_type)
		snprintf(type, sizeof type, "%.*s", (int)content_type->len, content_type->data);
	if (!charset_detect(p, n, content_type ? type : NULL, name, &skip))
		return false;
	*replaced += charset_decode(w->charsets, name, p + skip, n - skip, out);
	return true;
}
