/* charset: a web page's encoding and its text as UTF-8; see charset.h. */
#include "charset.h"
#include "diag.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { META_SCAN = 64 << 10, DECODERS = 4 };

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Does p[0..n) start with the lower-case ASCII word w, in any case? */
static bool starts_with_ci(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (lower(p[i]) != w[i])
			return false;
	return true;
}

/*
 * The WHATWG labels whose encoding is not what iconv would make of the
 * label itself, or that iconv does not know.  Every other label goes to
 * iconv as it is (iconv knows "koi8-r", "windows-1251", "iso-8859-5",
 * "euc-jp", "gb18030", "big5", ...).
 */
static const struct { const char *label, *name; } quirks[] = {
	{ "utf8", "UTF-8" }, { "utf-8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
	{ "unicode11utf8", "UTF-8" }, { "unicode20utf8", "UTF-8" }, { "x-unicode20utf8", "UTF-8" },
	{ "ansi_x3.4-1968", "CP1252" }, { "ascii", "CP1252" }, { "us-ascii", "CP1252" },
	{ "cp1252", "CP1252" }, { "cp819", "CP1252" }, { "csisolatin1", "CP1252" },
	{ "ibm819", "CP1252" }, { "iso-8859-1", "CP1252" }, { "iso-ir-100", "CP1252" },
	{ "iso8859-1", "CP1252" }, { "iso88591", "CP1252" }, { "iso_8859-1", "CP1252" },
	{ "iso_8859-1:1987", "CP1252" }, { "l1", "CP1252" }, { "latin1", "CP1252" },
	{ "windows-1252", "CP1252" }, { "x-cp1252", "CP1252" }, { "x-user-defined", "CP1252" },
	{ "iso-8859-9", "CP1254" }, { "iso8859-9", "CP1254" }, { "iso88599", "CP1254" },
	{ "latin5", "CP1254" }, { "l5", "CP1254" }, { "csisolatin5", "CP1254" },
	{ "iso-8859-11", "CP874" }, { "tis-620", "CP874" }, { "dos-874", "CP874" },
	{ "windows-874", "CP874" }, { "iso8859-11", "CP874" },
	{ "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
	{ "chinese", "GB18030" }, { "csgb2312", "GB18030" }, { "gb_2312", "GB18030" },
	{ "gb_2312-80", "GB18030" }, { "iso-ir-58", "GB18030" }, { "cp936", "GB18030" },
	{ "windows-936", "GB18030" },
	{ "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "sjis", "CP932" },
	{ "x-sjis", "CP932" }, { "ms_kanji", "CP932" }, { "ms932", "CP932" },
	{ "windows-31j", "CP932" }, { "csshiftjis", "CP932" },
	{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" }, { "ks_c_5601-1989", "CP949" },
	{ "korean", "CP949" }, { "windows-949", "CP949" }, { "cseuckr", "CP949" },
	{ "ksc5601", "CP949" }, { "ksc_5601", "CP949" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" }, { "cn-big5", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" },
	{ "mac", "MACINTOSH" }, { "macintosh", "MACINTOSH" }, { "x-mac-roman", "MACINTOSH" },
	{ "csmacintosh", "MACINTOSH" }, { "x-mac-cyrillic", "MAC-CYRILLIC" },
	{ "x-mac-ukrainian", "MAC-CYRILLIC" },
	{ "koi8-ru", "KOI8-U" }, { "koi8-u", "KOI8-U" }, { "koi8", "KOI8-R" },
	{ "koi8_r", "KOI8-R" }, { "cskoi8r", "KOI8-R" },
	{ "utf-16", "UTF-16LE" }, { "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
	{ "ucs-2", "UTF-16LE" }, { "unicode", "UTF-16LE" }, { "unicodefeff", "UTF-16LE" },
	{ "unicodefffe", "UTF-16BE" }, { "csunicode", "UTF-16LE" },
	{ "iso-10646-ucs-2", "UTF-16LE" },
};

bool charset_from_label(const char *label, size_t len, bool in_page, char name[CHARSET_NAME_MAX])
{
	while (len && is_space(*label)) {
		label++;
		len--;
	}
	while (len && is_space(label[len - 1]))
		len--;
	char l[CHARSET_NAME_MAX];
	if (len == 0 || len >= sizeof l)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = lower(label[i]);
		/* Labels are ASCII words: anything else is no label (and never reaches iconv). */
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '.' || c == ':'))
			return false;
		l[i] = c;
	}
	l[len] = '\0';
	const char *found = NULL;
	for (size_t i = 0; i < sizeof quirks / sizeof quirks[0] && !found; i++)
		if (strcmp(l, quirks[i].label) == 0)
			found = quirks[i].name;
	/* The HTML standard: a page cannot declare itself UTF-16 (it was read as ASCII to see it). */
	if (found && in_page && strncmp(found, "UTF-16", 6) == 0)
		found = "UTF-8";
	if (!found) {
		iconv_t cd = iconv_open("UTF-8", l);
		if (cd == (iconv_t)-1)
			return false;
		iconv_close(cd);
		for (size_t i = 0; i <= len; i++)
			l[i] = l[i] >= 'a' && l[i] <= 'z' ? (char)(l[i] - 32) : l[i];
		found = l;
	}
	snprintf(name, CHARSET_NAME_MAX, "%s", found);
	return true;
}

/*
 * The HTML standard's extraction of an encoding from a meta content
 * attribute, used for Content-Type headers too (it is the lenient one):
 * "charset", optional white space, "=", white space, then a quoted value
 * or one up to white space or ';'.
 */
static const char *extract_charset(const char *p, size_t n, size_t *len)
{
	size_t i = 0;
	for (;;) {
		while (i < n && !starts_with_ci(p + i, n - i, "charset"))
			i++;
		if (i >= n)
			return NULL;
		i += 7;
		while (i < n && is_space(p[i]))
			i++;
		if (i < n && p[i] == '=')
			break;
	}
	i++;
	while (i < n && is_space(p[i]))
		i++;
	if (i >= n)
		return NULL;
	if (p[i] == '"' || p[i] == '\'') {
		const char *end = memchr(p + i + 1, p[i], n - i - 1);
		if (!end)
			return NULL;
		*len = (size_t)(end - (p + i + 1));
		return p + i + 1;
	}
	size_t s = i;
	while (i < n && !is_space(p[i]) && p[i] != ';')
		i++;
	*len = i - s;
	return i > s ? p + s : NULL;
}

const char *charset_of_content_type(const char *ct, size_t ctlen, size_t *len)
{
	return extract_charset(ct, ctlen, len);
}

/* ---- the <meta> prescan ---------------------------------------------------- */

struct attr {
	const char *name, *value;
	size_t nlen, vlen;
};

/* The HTML standard's "get an attribute" of the prescan, from *i; false at '>' or the end. */
static bool get_attribute(const char *p, size_t n, size_t *i, struct attr *a)
{
	size_t k = *i;
	while (k < n && (is_space(p[k]) || p[k] == '/'))
		k++;
	if (k >= n || p[k] == '>') {
		*i = k;
		return false;
	}
	a->name = p + k;
	k++;	/* a first '=' belongs to the name */
	while (k < n && p[k] != '=' && p[k] != '/' && p[k] != '>' && !is_space(p[k]))
		k++;
	a->nlen = (size_t)(p + k - a->name);
	a->value = p + k;
	a->vlen = 0;
	while (k < n && is_space(p[k]))
		k++;
	if (k >= n || p[k] != '=') {
		*i = k;
		return true;
	}
	k++;
	while (k < n && is_space(p[k]))
		k++;
	if (k < n && (p[k] == '"' || p[k] == '\'')) {
		char q = p[k++];
		a->value = p + k;
		while (k < n && p[k] != q)
			k++;
		a->vlen = (size_t)(p + k - a->value);
		if (k < n)
			k++;
	} else {
		a->value = p + k;
		while (k < n && !is_space(p[k]) && p[k] != '>')
			k++;
		a->vlen = (size_t)(p + k - a->value);
	}
	*i = k;
	return true;
}

static bool name_is(const struct attr *a, const char *w)
{
	return a->nlen == strlen(w) && starts_with_ci(a->name, a->nlen, w);
}

/* A <meta> tag's declared encoding, from just after "<meta". */
static bool meta_charset(const char *p, size_t n, size_t *i, char name[CHARSET_NAME_MAX])
{
	struct attr a;
	bool pragma = false;
	const char *label = NULL, *content = NULL;
	size_t llen = 0, clen = 0;
	while (get_attribute(p, n, i, &a)) {
		if (name_is(&a, "http-equiv"))
			pragma |= a.vlen == 12 && starts_with_ci(a.value, a.vlen, "content-type");
		else if (name_is(&a, "content") && !content) {
			content = a.value;
			clen = a.vlen;
		} else if (name_is(&a, "charset") && !label) {
			label = a.value;
			llen = a.vlen;
		}
	}
	if (!label && pragma && content)
		label = extract_charset(content, clen, &llen);
	return label && charset_from_label(label, llen, true, name);
}

/* Skips past the first `end` (lower case, matched in any case) from *i. */
static void skip_past(const char *p, size_t n, size_t *i, const char *end)
{
	size_t k = strlen(end);
	for (const char *q = p + *i; (q = memchr(q, end[0], (size_t)(p + n - q))) != NULL; q++)
		if (starts_with_ci(q, (size_t)(p + n - q), end)) {
			*i = (size_t)(q - p) + k;
			return;
		}
	*i = n;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool prescan(const char *p, size_t n, char name[CHARSET_NAME_MAX])
{
	if (n > META_SCAN)
		n = META_SCAN;
	size_t i = 0;
	while (i < n) {
		const char *lt = memchr(p + i, '<', n - i);
		if (!lt)
			return false;
		i = (size_t)(lt - p);
		const char *q = p + i;
		size_t rest = n - i;
		if (starts_with_ci(q, rest, "<!--")) {
			i += 4;
			skip_past(p, n, &i, "-->");
		} else if (starts_with_ci(q, rest, "<meta") && rest > 5 &&
			   (is_space(q[5]) || q[5] == '/')) {
			i += 5;
			if (meta_charset(p, n, &i, name))
				return true;
		} else if (starts_with_ci(q, rest, "<script") || starts_with_ci(q, rest, "<style")) {
			bool script = lower(q[2]) == 'c';
			i += 6;
			skip_past(p, n, &i, script ? "</script" : "</style");
		} else if (rest > 1 && (is_alpha(q[1]) || (rest > 2 && q[1] == '/' && is_alpha(q[2])))) {
			struct attr a;
			i++;
			while (i < n && !is_space(p[i]) && p[i] != '>')
				i++;
			while (get_attribute(p, n, &i, &a))
				;
		} else if (rest > 1 && (q[1] == '!' || q[1] == '/' || q[1] == '?')) {
			i++;
			skip_past(p, n, &i, ">");
		} else {
			i++;
		}
	}
	return false;
}

/* Valid UTF-8 with at least one sequence of more than one byte. */
static bool is_utf8_text(const char *p, size_t n)
{
	return !utf8_is_ascii(p, n) && utf8_valid(p, n);
}

bool charset_detect(const char *p, size_t n, const char *content_type,
		    char name[CHARSET_NAME_MAX], size_t *skip)
{
	const unsigned char *u = (const unsigned char *)p;
	*skip = 0;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*skip = 3;
		snprintf(name, CHARSET_NAME_MAX, "UTF-8");
		return true;
	}
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		*skip = 2;
		snprintf(name, CHARSET_NAME_MAX, u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
		return true;
	}
	if (is_utf8_text(p, n)) {
		snprintf(name, CHARSET_NAME_MAX, "UTF-8");
		return true;
	}
	if (content_type) {
		size_t ctlen = strlen(content_type), len;
		const char *label = extract_charset(content_type, ctlen, &len);
		/* A bare label ("windows-1251") is a charset too. */
		if (!label && !memchr(content_type, '/', ctlen)) {
			label = content_type;
			len = ctlen;
		}
		if (label && charset_from_label(label, len, false, name))
			return true;
	}
	if (prescan(p, n, name))
		return true;
	/* ASCII (valid UTF-8) reads the same in every candidate: known all the same. */
	bool ascii = utf8_valid(p, n);
	snprintf(name, CHARSET_NAME_MAX, ascii ? "UTF-8" : "CP1252");
	return ascii;
}

/* ---- decoding ------------------------------------------------------------- */

struct charset_decoder {
	struct {
		char name[CHARSET_NAME_MAX];
		iconv_t cd;
	} open[DECODERS];
	size_t nopen, next_evict;
};

struct charset_decoder *charset_decoder_new(void)
{
	return xcalloc(1, sizeof(struct charset_decoder));
}

void charset_decoder_free(struct charset_decoder *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nopen; i++)
		iconv_close(d->open[i].cd);
	free(d);
}

static iconv_t descriptor(struct charset_decoder *d, const char *name)
{
	for (size_t i = 0; i < d->nopen; i++)
		if (strcmp(d->open[i].name, name) == 0) {
			iconv(d->open[i].cd, NULL, NULL, NULL, NULL);	/* back to the initial state */
			return d->open[i].cd;
		}
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return cd;
	size_t slot;
	if (d->nopen < DECODERS) {
		slot = d->nopen++;
	} else {
		slot = d->next_evict++ % DECODERS;
		iconv_close(d->open[slot].cd);
	}
	snprintf(d->open[slot].name, sizeof d->open[slot].name, "%s", name);
	d->open[slot].cd = cd;
	return cd;
}

static void add_replacement(struct buf *out)
{
	buf_add(out, "\xEF\xBF\xBD", 3);
}

size_t charset_decode(struct charset_decoder *d, const char *name, const char *p, size_t n,
		      struct buf *out)
{
	if (strcmp(name, "UTF-8") == 0) {
		size_t good = utf8_valid_prefix(p, n);
		buf_add(out, p, good);
		return good == n ? 0 : utf8_repair(out, p + good, n - good);
	}
	iconv_t cd = descriptor(d, name);
	if (cd == (iconv_t)-1) {
		/* Not reached with names from charset_detect(); read such bytes as windows-1252. */
		return charset_decode(d, "CP1252", p, n, out);
	}
	size_t replaced = 0;
	char *in = (char *)p;
	size_t left = n;
	while (left) {
		buf_grow(out, left * 3 + 16);
		char *o = out->data + out->len;
		size_t room = out->alloc - out->len - 1;
		size_t r = iconv(cd, &in, &left, &o, &room);
		out->len = (size_t)(o - out->data);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL (a sequence cut by the end): one byte becomes U+FFFD. */
		add_replacement(out);
		replaced++;
		in++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* Flush a stateful encoding's shift sequence (ISO-2022-JP). */
	buf_grow(out, 16);
	char *o = out->data + out->len;
	size_t room = out->alloc - out->len - 1;
	iconv(cd, NULL, NULL, &o, &room);
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return replaced;
}
