/* fields: -f lists; see fields.h. */
#include "fields.h"
#include "diag.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
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

static bool lookup_name(const char *s, size_t len, const struct field *header, size_t nheader,
			size_t *out)
{
	for (size_t i = 0; i < nheader; i++)
		if (header[i].len == len && memcmp(header[i].data, s, len) == 0) {
			*out = i;
			return true;
		}
	return false;
}

static void add_range(struct fieldlist *fl, size_t lo, size_t hi)
{
	fl->ranges = xrealloc(fl->ranges, (fl->n + 1) * sizeof *fl->ranges);
	fl->ranges[fl->n].lo = lo;
	fl->ranges[fl->n].hi = hi;
	fl->n++;
}

void fieldlist_parse(struct fieldlist *fl, const char *spec, const struct field *header,
		     size_t nheader, const char *option)
{
	fl->ranges = NULL;
	fl->n = 0;
	if (!spec)
		return;
	if (!*spec)
		die_usage("%s: empty field list", option);
	const char *p = spec;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		size_t lo, hi;
		/* A name wins over a range reading, so a column called "2-4" works. */
		if (lookup_name(p, len, header, nheader, &lo)) {
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
			else if (!parse_index(p, llen, &lo) && !lookup_name(p, llen, header, nheader, &lo))
				goto bad;
			if (rlen == 0)
				hi = SIZE_MAX;
			else if (!parse_index(dash + 1, rlen, &hi) &&
				 !lookup_name(dash + 1, rlen, header, nheader, &hi))
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
		if (nheader || !header)
			die_usage("%s: no field '%.*s'%s", option, (int)len, p,
				  nheader ? " in the header" : " (names need -H)");
		die_usage("%s: no field '%.*s'", option, (int)len, p);
	}
}

void fieldlist_release(struct fieldlist *fl)
{
	free(fl->ranges);
	fl->ranges = NULL;
	fl->n = 0;
}

bool fieldlist_single(const struct fieldlist *fl, size_t *index)
{
	if (fl->n != 1 || fl->ranges[0].lo != fl->ranges[0].hi)
		return false;
	*index = fl->ranges[0].lo;
	return true;
}

static void push(struct field_array *a, const char *data, size_t len)
{
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 16;
		a->f = xrealloc(a->f, a->alloc * sizeof *a->f);
	}
	a->f[a->n].data = data;
	a->f[a->n].len = len;
	a->n++;
}

void fieldlist_select(const struct fieldlist *fl, const struct field *f, size_t n,
		      struct field_array *out)
{
	out->n = 0;
	if (fl->n == 0) {
		for (size_t i = 0; i < n; i++)
			push(out, f[i].data, f[i].len);
		return;
	}
	for (size_t r = 0; r < fl->n; r++) {
		size_t lo = fl->ranges[r].lo, hi = fl->ranges[r].hi;
		if (hi == SIZE_MAX) {
			for (size_t i = lo; i < n; i++)
				push(out, f[i].data, f[i].len);
			continue;
		}
		for (size_t i = lo; i <= hi; i++) {
			if (i < n)
				push(out, f[i].data, f[i].len);
			else
				push(out, "", 0);
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
