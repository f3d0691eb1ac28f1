/*
 * charset: which character encoding a web page is in, and its text decoded
 * to UTF-8.
 *
 * The encoding is chosen as browsers choose it (the WHATWG Encoding
 * standard's labels and the HTML standard's order), with one addition that
 * archives need:
 *
 *   1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
 *   2. bytes that are valid UTF-8 and hold at least one multi-byte
 *      sequence are UTF-8, whatever is declared: text in a legacy code page
 *      is almost never valid UTF-8 by chance, while pages re-saved or
 *      re-served as UTF-8 often keep their old declaration;
 *   3. the transport's charset (the charset parameter of an HTTP
 *      Content-Type);
 *   4. a <meta charset> or <meta http-equiv=Content-Type> in the page's
 *      head (the first 64 KiB, comments and scripts skipped);
 *   5. windows-1252, the browsers' default for undeclared pages (pure
 *      ASCII reads the same in all of these).
 *
 * Labels map to encodings by the WHATWG table's rules that differ from
 * iconv's: ISO-8859-1, ASCII and latin1 mean windows-1252, GB2312 and GBK
 * mean GB18030, Shift_JIS means windows-31j, EUC-KR means windows-949, a
 * UTF-16 label inside the page means UTF-8.  Decoding is glibc's iconv;
 * bytes invalid in the encoding become U+FFFD, so the result is always
 * valid UTF-8.
 */
#ifndef RILL_CHARSET_H
#define RILL_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Long enough for any encoding name this module returns. */
#define CHARSET_NAME_MAX 32

/*
 * The encoding of a page's bytes, as an iconv name ("UTF-8", "CP1251",
 * ...), into name; *skip is the length of a byte order mark to drop.
 * content_type is the transport's Content-Type value (or a bare charset
 * label), or NULL when there is none.  Returns false when nothing told
 * (no mark, not UTF-8, no label): name is then the browsers' default.
 */
bool charset_detect(const char *p, size_t n, const char *content_type,
		    char name[CHARSET_NAME_MAX], size_t *skip);

/*
 * The encoding a label names, as an iconv name, into name: false if the
 * label is not one iconv can decode.  in_page: the label came from the
 * page itself (a UTF-16 label then means UTF-8).
 */
bool charset_from_label(const char *label, size_t len, bool in_page, char name[CHARSET_NAME_MAX]);

/* The charset parameter of a Content-Type value, or NULL (*len its length). */
const char *charset_of_content_type(const char *ct, size_t ctlen, size_t *len);

struct charset_decoder;

/* A decoder that keeps iconv descriptors open from call to call. */
struct charset_decoder *charset_decoder_new(void);
void charset_decoder_free(struct charset_decoder *d);

/*
 * Appends p[0..n) decoded from `name` to out as UTF-8; each byte iconv
 * cannot decode becomes U+FFFD.  Returns the number of replacements.
 * UTF-8 itself is checked and repaired without iconv.
 */
size_t charset_decode(struct charset_decoder *d, const char *name, const char *p, size_t n,
		      struct buf *out);

#endif
