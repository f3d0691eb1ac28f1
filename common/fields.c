/* fields: -f lists; see fields.h. */
#include "fields.h"
#include "buf.h"
#include "diag.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

static bool parse_index(const char *s, size_t len, size_t *out)
{
	if (len == 0 || len > 18)
		return false;
	size_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	if (v == 0)
		return false;
	*out = v - 1;
	return true;
}

static void add_shown(struct buf *b, const char *s, size_t n, size_t max);

/*
 * The field a header name stands for.  A name the header holds twice
 * (id, id, text) stands for neither: taking the first would be a silent
 * guess, so it is a usage error that gives both numbers.
 */
static bool lookup_name(const char *s, size_t len, const struct field *header, size_t nheader,
			size_t *out, const char *option)
{
	bool found = false;
	for (size_t i = 0; i < nheader; i++) {
		if (header[i].len != len || memcmp(header[i].data, s, len) != 0)
			continue;
		if (found) {
			struct buf b = BUF_INIT;
			add_shown(&b, s, len, 60);
			die_usage("%s: the header has two fields named '%s', %zu and %zu: give the number "
				  "of the one meant", option, b.data, *out + 1, i + 1);
		}
		*out = i;
		found = true;
	}
	return found;
}

static noreturn void no_such_field(const char *option, const char *p, size_t len,
				   const struct field *header, size_t nheader);
static noreturn void one_field_header(const char *option, const char *p, size_t len,
				      const struct field *h);

static void add_range(struct fieldlist *fl, size_t lo, size_t hi)
{
	ALLOC_GROW(fl->ranges, fl->n + 1, fl->alloc);
	fl->ranges[fl->n].lo = lo;
	fl->ranges[fl->n].hi = hi;
	fl->n++;
}

/* Starts a list: empty; false for no spec (the whole record), an empty one a usage error. */
static bool list_start(struct fieldlist *fl, const char *spec, const char *option)
{
	fl->ranges = NULL;
	fl->n = fl->alloc = 0;
	if (!spec)
		return false;
	if (!*spec)
		die_usage("%s: empty field list", option);
	return true;
}

void fieldlist_parse(struct fieldlist *fl, const char *spec, const struct field *header,
		     size_t nheader, const char *option)
{
	if (!list_start(fl, spec, option))
		return;
	const char *p = spec;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		size_t lo, hi;
		/* A name wins over a range reading, so a column called "2-4" works. */
		if (lookup_name(p, len, header, nheader, &lo, option)) {
			add_range(fl, lo, lo);
		} else if (parse_index(p, len, &lo)) {
			add_range(fl, lo, lo);
		} else {
			const char *dash = memchr(p, '-', len);
			if (!dash)
				goto bad;
			size_t llen = (size_t)(dash - p), rlen = len - llen - 1;
			if (llen == 0)
				lo = 0;
			else if (!parse_index(p, llen, &lo) && !lookup_name(p, llen, header, nheader, &lo, option))
				goto bad;
			if (rlen == 0)
				hi = SIZE_MAX;
			else if (!parse_index(dash + 1, rlen, &hi) &&
				 !lookup_name(dash + 1, rlen, header, nheader, &hi, option))
				goto bad;
			if (llen == 0 && rlen == 0)
				goto bad;
			if (hi < lo)
				die_usage("%s: decreasing range '%.*s'", option, (int)len, p);
			add_range(fl, lo, hi);
		}
		if (!comma)
			return;
		p = comma + 1;
		continue;
bad:
		no_such_field(option, p, len, header, nheader);
	}
}

size_t name_distance(const char *a, size_t na, const char *b, size_t nb)
{
	enum { MAX = 64 };
	if (na > MAX || nb > MAX)
		return SIZE_MAX;
	size_t row[MAX + 1];
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			unsigned char x = (unsigned char)a[i - 1], y = (unsigned char)b[j - 1];
			if (x >= 'A' && x <= 'Z')
				x += 'a' - 'A';
			if (y >= 'A' && y <= 'Z')
				y += 'a' - 'A';
			size_t best = diag + (x != y);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

/*
 * A header name in a message: header names are data, so control
 * characters are shown escaped (a TAB as \t, the rest as \xNN), never
 * sent to the terminal, and a long name is cut, at a character boundary.
 */
static void add_shown(struct buf *b, const char *s, size_t n, size_t max)
{
	size_t i = 0;
	for (; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t')
			buf_adds(b, "\\t");
		else if (c < 0x20 || c == 0x7F)
			buf_addf(b, "\\x%02X", c);
		else
			buf_addc(b, (char)c);
	}
	if (i < n) {
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) {
			i--;
			b->len--;
		}
		buf_adds(b, "...");
	}
}

/*
 * A header of one field: the input was most likely read as lines (no -F
 * tsv).  The separator the header holds says which -F to give.
 */
static noreturn void one_field_header(const char *option, const char *p, size_t len,
				      const struct field *h)
{
	const char *hint = "if the input has TAB- or comma-separated fields, give -F tsv or -F csv";
	if (memchr(h->data, '\t', h->len))
		hint = "the input has TAB-separated fields: give -F tsv";
	else if (memchr(h->data, ',', h->len))
		hint = "the input has comma-separated fields: give -F csv";
	else if (memchr(h->data, ';', h->len))
		hint = "the input has fields separated by ';': give -F csv -d ';'";
	else if (memchr(h->data, '|', h->len))
		hint = "the input has fields separated by '|': give -F csv -d '|'";
	struct buf shown = BUF_INIT;
	add_shown(&shown, h->data, h->len, 60);
	die_usage("%s: no field '%.*s': the header has one field, '%s'; %s", option, (int)len, p,
		  shown.data ? shown.data : "", hint);
}

/*
 * A name or number that is not a field: the message says what the fields
 * are, so the fix is in front of the user.  A header of one field usually
 * means the input was read as lines (no -F tsv); otherwise the header's
 * names are listed, the closest one first.
 */
static noreturn void no_such_field(const char *option, const char *p, size_t len,
				   const struct field *header, size_t nheader)
{
	if (!header || !nheader)
		die_usage("%s: no field '%.*s'%s", option, (int)len, p,
			  header ? "" : " (names need -H)");
	if (nheader == 1)
		one_field_header(option, p, len, &header[0]);
	size_t best = SIZE_MAX, closest = 0;
	for (size_t i = 0; i < nheader; i++) {
		size_t d = name_distance(p, len, header[i].data, header[i].len);
		if (d < best) {
			best = d;
			closest = i;
		}
	}
	struct buf b = BUF_INIT;
	/* Close: a case difference, or a typo or two that leaves most of the name. */
	if (best != SIZE_MAX && (best == 0 || (best <= 2 && best < len && best < header[closest].len))) {
		buf_adds(&b, " (did you mean '");
		add_shown(&b, header[closest].data, header[closest].len, 60);
		buf_adds(&b, "'?)");
	}
	buf_adds(&b, "; the header's fields are ");
	enum { LISTED = 20 };
	for (size_t i = 0; i < nheader && i < LISTED; i++) {
		if (i)
			buf_adds(&b, ", ");
		add_shown(&b, header[i].data, header[i].len, 60);
	}
	if (nheader > LISTED)
		buf_addf(&b, " and %zu more", nheader - LISTED);
	die_usage("%s: no field '%.*s' in the header%s", option, (int)len, p, b.data);
}

/*
 * A keyed format's list: each comma-separated item is a key, registered
 * with the reader (a backslash keeps a comma in a key).
 */
static void resolve_keys(struct fieldlist *fl, const char *spec, struct reader *r,
			 const char *option)
{
	if (!list_start(fl, spec, option))
		return;
	const char *p = spec;
	for (;;) {
		const char *q = p;
		while (*q && *q != ',')
			q += q[0] == '\\' && q[1] ? 2 : 1;
		if (q == p)
			die_usage("%s: an empty key in '%s'", option, spec);
		size_t slot = reader_key(r, p, (size_t)(q - p), option);
		add_range(fl, slot, slot);
		if (!*q)
			return;
		p = q + 1;
	}
}

void fieldlist_resolve(struct fieldlist *fl, const char *spec, struct reader *r,
		       const char *option)
{
	if (format_is_keyed(reader_format(r))) {
		resolve_keys(fl, spec, r, option);
		return;
	}
	const struct field *names;
	size_t nnames = reader_header(r, &names);
	fieldlist_parse(fl, spec, names, nnames, option);
	enum rec_format format = reader_format(r);
	if (format != FMT_LINES && format != FMT_PARA && format != FMT_DOC)
		return;
	for (size_t i = 0; i < fl->n; i++) {
		size_t past = fl->ranges[i].lo > 0 ? fl->ranges[i].lo : fl->ranges[i].hi;
		if (past == 0 || past == SIZE_MAX)
			continue;
		die_usage("%s: -F %s records have one field (the whole %s), so there is no field "
			  "%zu; for TAB-separated fields give -F tsv, for commas -F csv (-d for "
			  "another separator)", option, format_name(format),
			  format == FMT_LINES ? "line" : format == FMT_PARA ? "block" : "file",
			  past + 1);
	}
}

void fieldlist_release(struct fieldlist *fl)
{
	free(fl->ranges);
	fl->ranges = NULL;
	fl->n = fl->alloc = 0;
}

bool fieldlist_single(const struct fieldlist *fl, size_t *index)
{
	if (fl->n != 1 || fl->ranges[0].lo != fl->ranges[0].hi)
		return false;
	*index = fl->ranges[0].lo;
	return true;
}

void fieldlist_select(const struct fieldlist *fl, const struct field *f, size_t n,
		      struct field_array *out)
{
	out->n = 0;
	if (fl->n == 0) {
		for (size_t i = 0; i < n; i++)
			field_array_add(out, f[i].data, f[i].len);
		return;
	}
	for (size_t r = 0; r < fl->n; r++) {
		size_t lo = fl->ranges[r].lo, hi = fl->ranges[r].hi;
		if (hi == SIZE_MAX) {
			for (size_t i = lo; i < n; i++)
				field_array_add(out, f[i].data, f[i].len);
			continue;
		}
		for (size_t i = lo; i <= hi; i++) {
			if (i < n)
				field_array_add(out, f[i].data, f[i].len);
			else
				field_array_add(out, "", 0);
		}
	}
}

void field_array_release(struct field_array *a)
{
	free(a->f);
	a->f = NULL;
	a->n = a->alloc = 0;
}

const char field_digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

const uint64_t field_powers_of_ten[20] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
};

struct field fieldlist_text(const struct fieldlist *fl, const struct field *f, size_t n,
			    struct field_text *t)
{
	size_t idx;
	if (fieldlist_whole(fl) && n == 1)
		return f[0];
	if (fieldlist_single(fl, &idx))
		return idx < n ? f[idx] : (struct field){ "", 0 };
	fieldlist_select(fl, f, n, &t->selected);
	if (t->selected.n == 1)
		return t->selected.f[0];
	buf_reset(&t->joined);
	for (size_t i = 0; i < t->selected.n; i++) {
		if (i)
			buf_addc(&t->joined, '\t');
		buf_add(&t->joined, t->selected.f[i].data, t->selected.f[i].len);
	}
	return (struct field){ t->joined.data ? t->joined.data : "", t->joined.len };
}

void field_text_release(struct field_text *t)
{
	field_array_release(&t->selected);
	buf_release(&t->joined);
}

bool field_number(const struct field *v, double *out)
{
	char num[64];
	if (v->len == 0 || v->len >= sizeof num)
		return false;
	memcpy(num, v->data, v->len);
	num[v->len] = '\0';
	char *end;
	errno = 0;
	double x = strtod(num, &end);
	if (*end || errno || !isfinite(x))
		return false;
	*out = x;
	return true;
}
