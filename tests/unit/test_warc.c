/*
 * Unit tests of -F warc (common/records over common/warc): heads (folded
 * lines, bare LFs), HTTP messages, chunked bodies (and ones that only say
 * so), every Content-Encoding rill undoes (gzip, deflate both ways, br,
 * zstd), charsets; records read at every small block size giving what one
 * block gives; a file cut at every byte either read whole or refused with
 * a message, never a crash or a silent short read.
 */
#include "../../common/buf.h"
#include "../../common/fields.h"
#include "../../common/records.h"
#include "../../common/warc.h"
#include "check.h"
#include "dump_records.h"

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

static void add_record(struct buf *b, const char *type, const char *uri, const char *extra,
		       const char *block, size_t n)
{
	buf_addf(b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n%sContent-Length: %zu\r\n\r\n", type,
		 uri, extra, n);
	buf_add(b, block, n);
	buf_adds(b, "\r\n\r\n");
}

static void add_response(struct buf *b, const char *uri, const char *headers, const char *body, size_t n)
{
	struct buf block = BUF_INIT;
	buf_addf(&block, "HTTP/1.1 200 OK\r\n%s\r\n", headers);
	buf_add(&block, body, n);
	add_record(b, "response", uri, "Content-Type: application/http; msgtype=response\r\n", block.data,
		   block.len);
	buf_release(&block);
}

/* WARC records as dump_records() gives them. */
static void dump(struct input_opts o, const void *data, size_t len, const char *keys, struct buf *out)
{
	o.format = FMT_WARC;
	dump_records(o, data, len, keys, out, NULL);
}

static void heads(void)
{
	struct warc_headers h = { 0 };
	static const char head[] = "WARC/1.0\r\nWARC-Type: response\r\nX-Long: one\r\n  two\r\n\tthree\r\n"
				   "content-length:  12 \r\n\r\nbody";
	size_t end = warc_head_end(head, sizeof head - 1);
	CHECK(end == sizeof head - 1 - 4);
	CHECK(warc_parse_head(head, end, &h) == NULL);
	const struct field *f = warc_header(&h, "Content-Length", 14);
	CHECK(f && f->len == 2 && memcmp(f->data, "12", 2) == 0);
	f = warc_header(&h, "x-long", 6);
	CHECK(f && f->len == 13 && memcmp(f->data, "one two three", 13) == 0);
	/* Bare LFs, as lenient writers leave them. */
	static const char lf[] = "WARC/1.1\nWARC-Type: resource\nContent-Length: 0\n\n";
	end = warc_head_end(lf, sizeof lf - 1);
	CHECK(end == sizeof lf - 1);
	CHECK(warc_parse_head(lf, end, &h) == NULL && warc_header(&h, "warc-type", 9));
	CHECK(warc_head_end("WARC/1.0\r\nA: b\r\n", 16) == 0);
	CHECK(warc_parse_head("HTTP/1.1 200\r\n\r\n", 16, &h) != NULL);
	CHECK(warc_parse_head("WARC/1.0\r\nno colon\r\n\r\n", 22, &h) != NULL);
	struct field status;
	size_t body;
	static const char resp[] = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\ngone";
	CHECK(warc_parse_http(resp, sizeof resp - 1, &h, &status, &body));
	CHECK(status.len == 3 && memcmp(status.data, "404", 3) == 0 && body == sizeof resp - 1 - 4);
	static const char req[] = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
	CHECK(warc_parse_http(req, sizeof req - 1, &h, &status, &body) && status.len == 3);
	CHECK(!warc_parse_http("binary\x00stuff", 12, &h, &status, &body));
	warc_headers_release(&h);
}

static void body_of(const char *headers, const char *body, size_t n, const char *want, size_t wlen,
		    enum warc_payload_fate fate)
{
	struct warc_headers h = { 0 };
	struct buf msg = BUF_INIT;
	buf_addf(&msg, "HTTP/1.1 200 OK\r\n%s\r\n", headers);
	size_t at = msg.len;
	buf_add(&msg, body, n);
	struct field status;
	size_t b;
	CHECK(warc_parse_http(msg.data, msg.len, &h, &status, &b) && b == at);
	struct warc_payloads *w = warc_payloads_new();
	const char *out;
	size_t len;
	enum warc_payload_fate got = warc_http_body(w, &h, msg.data + b, msg.len - b, &out, &len);
	CHECK(got == fate);
	if (fate == PAYLOAD_TEXT)
		CHECK_MEM(out, len, want, wlen);
	warc_payloads_free(w);
	warc_headers_release(&h);
	buf_release(&msg);
}

static void bodies(void)
{
	static const char text[] = "<p>The council met. Caf\xc3\xa9 owners objected.</p>";
	size_t n = sizeof text - 1;
	body_of("Transfer-Encoding: chunked\r\n", "5\r\n<p>Th\r\n3;x=y\r\ne c\r\n0\r\nT: 1\r\n\r\n", 32, "<p>The c", 8,
		PAYLOAD_TEXT);
	/* A body that says chunked but is not: kept as it is. */
	body_of("Transfer-Encoding: chunked\r\n", text, n, text, n, PAYLOAD_TEXT);

	unsigned char z[512];
	uLongf zn = sizeof z;
	compress2(z, &zn, (const Bytef *)text, n, 9);
	body_of("Content-Encoding: deflate\r\n", (const char *)z, zn, text, n, PAYLOAD_TEXT);
	/* Raw deflate (the zlib stream without its two-byte header and checksum). */
	body_of("Content-Encoding: deflate\r\n", (const char *)z + 2, zn - 6, text, n, PAYLOAD_TEXT);

	z_stream g = { 0 };
	deflateInit2(&g, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	g.next_in = (Bytef *)text;
	g.avail_in = (uInt)n;
	g.next_out = z;
	g.avail_out = sizeof z;
	deflate(&g, Z_FINISH);
	size_t gn = g.total_out;
	deflateEnd(&g);
	body_of("Content-Encoding: gzip\r\n", (const char *)z, gn, text, n, PAYLOAD_TEXT);
	/* A gzip body cut short (a crawler's size limit): its start is the text. */
	struct warc_headers h = { 0 };
	struct buf msg = BUF_INIT;
	buf_adds(&msg, "HTTP/1.1 200 OK\r\nContent-Encoding: x-gzip\r\n\r\n");
	size_t at = msg.len;
	buf_add(&msg, z, gn - 12);
	struct field status;
	size_t b;
	const char *out;
	size_t len;
	struct warc_payloads *w = warc_payloads_new();
	CHECK(warc_parse_http(msg.data, msg.len, &h, &status, &b) && b == at);
	CHECK(warc_http_body(w, &h, msg.data + b, msg.len - b, &out, &len) == PAYLOAD_TEXT);
	CHECK(len >= n / 2 && len < n && memcmp(out, text, len) == 0);
	warc_payloads_free(w);
	warc_headers_release(&h);
	buf_release(&msg);
	body_of("Content-Encoding: gzip\r\n", "not gzip at all", 15, "", 0, PAYLOAD_UNDECODABLE);
	body_of("Content-Encoding: compress\r\n", text, n, "", 0, PAYLOAD_UNDECODABLE);
	/* Codings in the order applied, undone from the last: gzip then chunked framing. */
	struct buf chunks = BUF_INIT;
	buf_addf(&chunks, "%zx\r\n", gn);
	buf_add(&chunks, z, gn);
	buf_adds(&chunks, "\r\n0\r\n\r\n");
	body_of("Content-Encoding: identity, gzip\r\nTransfer-Encoding: chunked\r\n", chunks.data, chunks.len,
		text, n, PAYLOAD_TEXT);
	buf_release(&chunks);

	uint8_t br[512];
	size_t brn = sizeof br;
	CHECK(BrotliEncoderCompress(9, 22, BROTLI_MODE_TEXT, n, (const uint8_t *)text, &brn, br));
	body_of("Content-Encoding: br\r\n", (const char *)br, brn, text, n, PAYLOAD_TEXT);
	size_t zs = ZSTD_compress(z, sizeof z, text, n, 3);
	body_of("Content-Encoding: zstd\r\n", (const char *)z, zs, text, n, PAYLOAD_TEXT);

	static const struct field html = { "text/html; charset=x", 20 }, png = { "image/png", 9 },
				   xml = { "application/rss+xml", 19 }, js = { "application/json;x", 18 };
	CHECK(warc_content_is_text(&html) && warc_content_is_text(&xml) && warc_content_is_text(&js));
	CHECK(!warc_content_is_text(&png) && warc_content_is_text(NULL));
}

/* --html converts a payload only when it is a page: by its type, else by its first bytes. */
static void pages(void)
{
	static const struct field html = { "Text/HTML ; charset=utf-8", 25 },
				   xhtml = { "application/xhtml+xml", 21 }, plain = { "text/plain", 10 },
				   json = { "application/json", 16 }, empty = { " ; charset=utf-8", 16 };
	static const char page[] = "<!DOCTYPE html><p>x", text[] = "Plain words <p> later";
	CHECK(warc_content_is_html(&html, text, sizeof text - 1));
	CHECK(warc_content_is_html(&xhtml, text, sizeof text - 1));
	/* A declared type is believed over the bytes: a text/plain file of markup is text. */
	CHECK(!warc_content_is_html(&plain, page, sizeof page - 1));
	CHECK(!warc_content_is_html(&json, page, sizeof page - 1));
	/* No type (or none before its parameters): the MIME Sniffing standard's patterns. */
	CHECK(warc_content_is_html(NULL, page, sizeof page - 1));
	CHECK(warc_content_is_html(&empty, page, sizeof page - 1));
	CHECK(warc_content_is_html(NULL, "\xEF\xBB\xBF \r\n\t<HTML lang=en>", 21));
	CHECK(warc_content_is_html(NULL, "<!-- generated -->", 18));
	CHECK(warc_content_is_html(NULL, "<p>", 3) && warc_content_is_html(NULL, "<div class=a>", 13));
	CHECK(!warc_content_is_html(NULL, text, sizeof text - 1));
	/* The tag name must end there: <pre>, <bdi>, <abbr> are not <p>, <b>, <a>; nor is "<p" at the end. */
	CHECK(!warc_content_is_html(NULL, "<pre>", 5) && !warc_content_is_html(NULL, "<bdi>", 5));
	CHECK(!warc_content_is_html(NULL, "<abbr>", 6) && !warc_content_is_html(NULL, "<p", 2));
	CHECK(!warc_content_is_html(NULL, "{\"html\": \"<p>\"}", 15) && !warc_content_is_html(NULL, "", 0));
	CHECK(!warc_content_is_html(NULL, "\xEF\xBB\xBF", 3) && !warc_content_is_html(NULL, "<!-", 3));
}

static void charsets(void)
{
	struct warc_payloads *w = warc_payloads_new();
	struct buf out = BUF_INIT;
	uint64_t replaced = 0;
	static const struct field cp1251 = { "text/html; charset=windows-1251", 31 };
	CHECK(warc_decode_text(w, &cp1251, "\xcc\xee\xf1\xf2", 4, &out, &replaced));
	CHECK_MEM(out.data, out.len, "\xd0\x9c\xd0\xbe\xd1\x81\xd1\x82", 8);
	/* From <meta>, when the transport says nothing. */
	static const char meta[] = "<meta charset=\"iso-8859-1\"><p>f\xeate";
	buf_reset(&out);
	CHECK(warc_decode_text(w, NULL, meta, sizeof meta - 1, &out, &replaced));
	CHECK(out.len > 4 && memcmp(out.data + out.len - 5, "f\xc3\xaate", 5) == 0);
	/* Nothing declared and not UTF-8: left to --invalid. */
	buf_reset(&out);
	CHECK(!warc_decode_text(w, NULL, "caf\xe9", 4, &out, &replaced) && out.len == 0);
	CHECK(replaced == 0);
	buf_release(&out);
	warc_payloads_free(w);
}

/* A small WARC of every kind the reader handles. */
static void sample(struct buf *b)
{
	add_record(b, "warcinfo", "-", "Content-Type: application/warc-fields\r\n", "software: test\r\n", 16);
	add_response(b, "https://a.example/1", "Content-Type: text/html\r\n", "<p>one</p>", 10);
	add_response(b, "https://a.example/2", "Content-Type: text/plain; charset=windows-1252\r\n", "caf\xe9", 4);
	add_record(b, "request", "https://a.example/1", "", "GET / HTTP/1.1\r\n\r\n", 18);
	add_record(b, "conversion", "https://a.example/1", "Content-Type: text/plain\r\n", "one\ntwo", 7);
	add_response(b, "https://a.example/3", "Content-Type: image/gif\r\n", "GIF89a\x01", 7);
}

static void every_block_size(void)
{
	struct buf w = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	sample(&w);
	const char *keys = "warc-type,WARC-Target-URI,http:status,http:content-type,payload";
	dump((struct input_opts){ 0 }, w.data, w.len, keys, &want);
	CHECK_STR(want.data, "response|https://a.example/1|200|text/html|<p>one</p>;"
			     "response|https://a.example/2|200|text/plain; charset=windows-1252|caf\xc3\xa9;"
			     "conversion|https://a.example/1|||one\ntwo;"
			     "response|https://a.example/3|200|image/gif|;");
	for (size_t bs = 1; bs <= 40; bs++) {
		dump((struct input_opts){ .block_size = bs }, w.data, w.len, keys, &got);
		if (got.len != want.len || memcmp(got.data, want.data, want.len)) {
			printf("  block size %zu:\n", bs);
			CHECK_MEM(got.data, got.len, want.data, want.len);
			break;
		}
	}
	/* --warc-types: all of them, or one; blank lines between records are no record. */
	dump((struct input_opts){ .warc_types = WARC_TYPES_ALL }, w.data, w.len, "WARC-Type", &got);
	CHECK_STR(got.data, "warcinfo;response;response;request;conversion;response;");
	buf_reset(&want);
	buf_adds(&want, "\r\n");
	buf_add(&want, w.data, w.len);
	buf_adds(&want, "\n\n");
	dump((struct input_opts){ .warc_types = WARC_TYPE_REQUEST }, want.data, want.len, "http:status", &got);
	CHECK_STR(got.data, "GET;");
	buf_release(&w);
	buf_release(&want);
	buf_release(&got);
}

static const char *cut_data;
static size_t cut_len;

static void read_cut(void *arg)
{
	struct buf out = BUF_INIT;
	(void)arg;
	dump((struct input_opts){ .block_size = 7 }, cut_data, cut_len, "payload", &out);
	buf_release(&out);
}

/* Cut at every byte: the records before the cut, then a clean error (or nothing at a record's end). */
static void cut_everywhere(void)
{
	struct buf w = BUF_INIT;
	sample(&w);
	size_t ends[8], nends = 0, at = 0;
	while (at < w.len) {
		at += warc_record_length(w.data + at, w.len - at);
		ends[nends++] = at;
	}
	CHECK(nends == 6 && at == w.len);
	bool ok = true;
	for (size_t len = 1; len < w.len && ok; len++) {
		bool boundary = false;
		for (size_t i = 0; i < nends; i++)
			boundary |= ends[i] == len;
		cut_data = w.data;
		cut_len = len;
		if (boundary)
			continue;
		if (!expect_death(read_cut, NULL, 1, "mem:")) {
			printf("  cut at %zu of %zu\n", len, w.len);
			ok = false;
		}
	}
	CHECK(ok);
	buf_release(&w);
}

int main(void)
{
	RUN_TEST(heads);
	RUN_TEST(bodies);
	RUN_TEST(charsets);
	RUN_TEST(pages);
	RUN_TEST(every_block_size);
	RUN_TEST(cut_everywhere);
	CHECK_DONE();
}
