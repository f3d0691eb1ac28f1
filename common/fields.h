/*
 * fields: -f/--field lists: "3", "2-4", "5-" (to the last field), "-2"
 * (from the first), names with -H, and comma lists of these, in the
 * order given (so "3,1" puts field 3 first, as in Miller and xsv).
 *
 * A list is resolved once against the header.  Selecting fields of a
 * record fills a caller-owned array that is grown and reused, so it
 * allocates only while records gain fields.  A field a record lacks reads
 * as empty, as in cut(1) and awk.
 */
#ifndef RILL_FIELDS_H
#define RILL_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"
#include "records.h"

#define FIELD_U64_SIZE 20

struct field_range {
	size_t lo, hi;		/* 0-based, inclusive; hi == SIZE_MAX: to the end */
};

struct fieldlist {
	struct field_range *ranges;
	size_t n;		/* 0: the whole record */
	size_t alloc;
};

struct field_array {
	struct field *f;
	size_t n, alloc;
};

/*
 * Parses `spec` (NULL: the whole record).  Names are looked up in
 * `header`; an unknown name or a bad number is a usage error that names
 * it and the option it came with.
 */
void fieldlist_parse(struct fieldlist *fl, const char *spec, const struct field *header,
		     size_t nheader, const char *option);
void fieldlist_release(struct fieldlist *fl);

/*
 * fieldlist_parse() against the reader's header (-H), then checked
 * against its format: records of -F lines, para and doc have one field,
 * so a list that reaches past field 1 there is a usage error that
 * suggests -F tsv, not a silent empty key on every record.
 */
void fieldlist_resolve(struct fieldlist *fl, const char *spec, struct reader *r,
		       const char *option);

static inline bool fieldlist_whole(const struct fieldlist *fl)
{
	return fl->n == 0;
}

/*
 * The edit distance of two names, ASCII case ignored, for the hints that
 * name the closest one ("did you mean"); SIZE_MAX past 64 bytes.
 */
size_t name_distance(const char *a, size_t na, const char *b, size_t nb);

/* Is the list exactly one field?  Its 0-based index goes to *index. */
bool fieldlist_single(const struct fieldlist *fl, size_t *index);

/* The selected fields of a record, into out (reset first). */
void fieldlist_select(const struct fieldlist *fl, const struct field *f, size_t n,
		      struct field_array *out);

void field_array_release(struct field_array *a);

/*
 * The text a tool works on in a record (rill-split cuts it, rill-tag tags
 * it, rill-count cuts it into units): the selected fields, joined by TAB
 * when there are several.  One field is returned where it lies (a field
 * the record lacks is empty); several are joined in `scratch->joined`.
 * Valid until the next call with the same scratch, or the record's end.
 */
struct field_text {
	struct field_array selected;
	struct buf joined;
};
struct field fieldlist_text(const struct fieldlist *fl, const struct field *f, size_t n,
			    struct field_text *scratch);
void field_text_release(struct field_text *t);

/*
 * A field holding a number, whole (as strtod reads it, at most 63 bytes,
 * finite) into *out: rill-count's --sum and --merge.  False if it is not.
 */
bool field_number(const struct field *v, double *out);

/* Appends a field (pointing at data, not copied) to the array, grown as needed. */
static inline void field_array_add(struct field_array *a, const char *data, size_t len)
{
	ALLOC_GROW(a->f, a->n + 1, a->alloc);
	a->f[a->n++] = (struct field){ data, len };
}

extern const char field_digit_pairs[201];
extern const uint64_t field_powers_of_ten[20];

/*
 * A field holding v in decimal, its digits written into `digits` (offsets,
 * counts; no printf).  Inline, and two digits a step from the end in 32-bit
 * arithmetic where v fits: rill-tag --spans writes two a span.
 */
static inline struct field field_u64(char digits[FIELD_U64_SIZE], uint64_t v)
{
	/* The number of digits from the number of bits (log10 2 ~ 1233/4096), no loop. */
	unsigned guess = (unsigned)(64 - __builtin_clzll(v | 1)) * 1233 >> 12;
	size_t n = v ? guess + 1 - (v < field_powers_of_ten[guess]) : 1;
	char *d = digits + n;
	while (v > UINT32_MAX) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		*--d = field_digit_pairs[2 * r + 1];
		*--d = field_digit_pairs[2 * r];
	}
	uint32_t w = (uint32_t)v;
	while (w >= 100) {
		uint32_t r = w % 100;
		w /= 100;
		*--d = field_digit_pairs[2 * r + 1];
		*--d = field_digit_pairs[2 * r];
	}
	if (w >= 10) {
		*--d = field_digit_pairs[2 * w + 1];
		*--d = field_digit_pairs[2 * w];
	} else {
		*--d = (char)('0' + w);
	}
	return (struct field){ digits, n };
}

#endif
