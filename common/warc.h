/*
 * warc: the parts of a WARC record (WARC 1.0 and 1.1, ISO 28500), for
 * -F warc: its headers, the HTTP message a `response` record holds, and
 * its payload as text.  No package parses WARC in C, so this is ours; what
 * packages do, we take from them: zlib, libzstd and libbrotli undo a
 * Content-Encoding, glibc's iconv (through charset) decodes a legacy
 * charset.
 *
 * A record is
 *
 *   WARC/1.1 CRLF  (header lines, "Name: value" CRLF)...  CRLF
 *   block of Content-Length bytes  CRLF CRLF
 *
 * Header names compare without regard to case; a value is trimmed of the
 * white space around it, and a line that starts with a space or a tab
 * continues the one before (joined by one space).  Lone LFs are taken
 * where CRLF belongs, as lenient readers (warcio) do.
 *
 * Ownership: parsed headers point into the record's text or into the
 * parser's buffers, valid until the next parse on the same state.
 */
#ifndef RILL_WARC_H
#define RILL_WARC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "records.h"

/* A header line, name and value, as they stand in the record (or joined). */
struct warc_header {
	struct field name, value;
};

struct warc_headers {
	struct warc_header *h;
	size_t n, alloc;
	struct buf joined;		/* values of folded lines, joined */
};

/*
 * Where the head (version line, headers and the blank line) of the text
 * p[0, n) ends: the offset of the block, or 0 when no blank line ends it
 * within n bytes.
 */
size_t warc_head_end(const char *p, size_t n);

/*
 * Parses a head p[0, n) (as warc_head_end measured it): the version line,
 * which must be "WARC/" and a version, then the headers.  Returns NULL,
 * or what is wrong with it.
 */
const char *warc_parse_head(const char *p, size_t n, struct warc_headers *out);

/*
 * Parses an HTTP message's head at the start of a block (a status line
 * "HTTP/1.1 200 OK" or a request line, then headers, then a blank line)
 * into out and *status (the status code, or the request line's method);
 * *body is the offset of the body.  False if the block is no HTTP message.
 */
bool warc_parse_http(const char *p, size_t n, struct warc_headers *out, struct field *status,
		     size_t *body);

/*
 * The length of the whole record that starts at p (head, block and the
 * CR LF CR LF after it), as the reader measured it, within n bytes; 0 if
 * no whole record starts there.
 */
size_t warc_record_length(const char *p, size_t n);

/* The first header of that name, whatever its case, or NULL. */
const struct field *warc_header(const struct warc_headers *h, const char *name, size_t len);

void warc_headers_release(struct warc_headers *h);

/* ---- payloads -------------------------------------------------------------- */

/* Why a payload is not text: counted, and its field left empty. */
enum warc_payload_fate {
	PAYLOAD_TEXT,		/* decoded */
	PAYLOAD_NOT_TEXT,	/* an image, a PDF, ...: no text to give */
	PAYLOAD_UNDECODABLE,	/* a Content-Encoding that fails or that rill does not know */
};

struct warc_payloads;

struct warc_payloads *warc_payloads_new(void);
void warc_payloads_free(struct warc_payloads *w);

/*
 * The body of an HTTP response (its headers in http) as the bytes it
 * stands for: de-chunked when Transfer-Encoding says chunked (kept as it
 * is when it does not parse as chunks: archives store bodies already
 * de-chunked under the original header), then decompressed for a
 * Content-Encoding of gzip, x-gzip, deflate, br or zstd, at most 1 GiB.
 * *out points to the result (into the state or into the body), valid until
 * the next call.  The fate says whether it is there.
 */
enum warc_payload_fate warc_http_body(struct warc_payloads *w, const struct warc_headers *http,
				      const char *body, size_t n, const char **out, size_t *len);

/* Whether a Content-Type (NULL: none) can hold text: text/ types, HTML, XML, JSON, JavaScript, or none. */
bool warc_content_is_text(const struct field *content_type);

/*
 * Whether a payload is a web page, for --html: its Content-Type is HTML
 * (text/html, application/xhtml+xml), or it has none and its first bytes
 * are HTML by the MIME Sniffing standard's patterns (<!DOCTYPE HTML,
 * <html, <head, <body, <p, <div, <!--, ... after white space).
 */
bool warc_content_is_html(const struct field *content_type, const char *p, size_t n);

/*
 * Bytes to UTF-8 text: decoded from the charset the Content-Type or the
 * page declares (a byte order mark, bytes that are UTF-8), into out, with
 * the replacements made counted in *replaced; true.  When nothing declares
 * one and the bytes are not UTF-8, false, out untouched: the caller
 * applies --invalid, as to any text.
 */
bool warc_decode_text(struct warc_payloads *w, const struct field *content_type, const char *p,
		      size_t n, struct buf *out, uint64_t *replaced);

#endif
