/* Unit tests of common/fields: -f lists, names, ranges and their errors. */
#include "../../common/fields.h"
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct field header[] = { { "id", 2 }, { "date", 4 }, { "source", 6 },
				       { "title", 5 }, { "2-4", 3 } };

static void selection(const char *spec, const char *want)
{
	struct fieldlist fl;
	fieldlist_parse(&fl, spec, header, 5, "--field");
	static const struct field rec[] = { { "A", 1 }, { "B", 1 }, { "C", 1 }, { "D", 1 } };
	struct field_array out = { 0 };
	fieldlist_select(&fl, rec, 4, &out);
	char got[64];
	size_t n = 0;
	for (size_t i = 0; i < out.n; i++)
		n += (size_t)snprintf(got + n, sizeof got - n, "%s%.*s", i ? "," : "",
				      (int)out.f[i].len, out.f[i].data);
	CHECK_MEM(got, n, want, strlen(want));
	field_array_release(&out);
	fieldlist_release(&fl);
}

static void lists(void)
{
	selection("1", "A");
	selection("3,1", "C,A");
	selection("2-3", "B,C");
	selection("3-", "C,D");
	selection("-2", "A,B");
	selection("source,id", "C,A");
	selection("date-title", "B,C,D");
	selection("6", "");		/* a missing field reads as empty */
	selection("4-6", "D,,");
	selection("2-4", "");		/* a header name wins over a range: field 5, missing */
}

static void parse_bad(void *arg)
{
	struct fieldlist fl;
	fieldlist_parse(&fl, arg, header, 5, "--field");
}

static void parse_bad_plain(void *arg)
{
	struct fieldlist fl;
	fieldlist_parse(&fl, arg, NULL, 0, "--field");
}

static void errors(void)
{
	CHECK(expect_death(parse_bad, "0", 2, "--field: no field '0' in the header"));
	CHECK(expect_death(parse_bad, "nosuch", 2, "no field 'nosuch'"));
	CHECK(expect_death(parse_bad, "4-2", 2, "--field: decreasing range '4-2'"));
	CHECK(expect_death(parse_bad, "", 2, "--field: empty field list"));
	CHECK(expect_death(parse_bad_plain, "title", 2, "no field 'title' (names need -H)"));
	CHECK(expect_death(parse_bad_plain, "1,,2", 2, "no field ''"));
}

static void single(void)
{
	struct fieldlist fl;
	size_t idx = 99;
	fieldlist_parse(&fl, "title", header, 5, "-f");
	CHECK(fieldlist_single(&fl, &idx) && idx == 3);
	fieldlist_release(&fl);
	fieldlist_parse(&fl, NULL, header, 5, "-f");
	CHECK(fieldlist_whole(&fl) && !fieldlist_single(&fl, &idx));
	fieldlist_release(&fl);
}

/* Decimal digits at every power of ten and either side of it, as printf writes them. */
static void u64_digits(void)
{
	char got[FIELD_U64_SIZE], want[32];
	uint64_t p = 1;
	for (int k = 0; k < 20; k++, p *= 10) {
		const uint64_t around[] = { p - 1, p, p + 1, p * 3 + 7 };
		for (int j = 0; j < 4; j++) {
			if (k == 19 && j == 3)
				continue;	/* past 2^64 */
			struct field f = field_u64(got, around[j]);
			int n = snprintf(want, sizeof want, "%llu", (unsigned long long)around[j]);
			CHECK(f.data == got && f.len == (size_t)n && memcmp(got, want, f.len) == 0);
		}
	}
	struct field f = field_u64(got, UINT64_MAX);
	CHECK(f.len == 20 && memcmp(got, "18446744073709551615", 20) == 0);
}

/* The text of -f: one field where it lies, several joined by TAB, a missing one empty. */
static void text_of_fields(void)
{
	static const struct field rec[] = { { "A b", 3 }, { "C", 1 }, { "", 0 } };
	/* from: the field returned where it lies, or -1 (joined, or empty). */
	static const struct { const char *spec; size_t n; const char *want; int from; } cases[] = {
		{ NULL, 1, "A b", 0 }, { NULL, 3, "A b\tC\t", -1 }, { "2", 3, "C", 1 },
		{ "9", 3, "", -1 }, { "3-", 3, "", 2 }, { "2,1", 3, "C\tA b", -1 },
		{ "1-2", 2, "A b\tC", -1 }, { NULL, 0, "", -1 },
	};
	struct field_text scratch = { 0 };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fieldlist fl;
		fieldlist_parse(&fl, cases[i].spec, header, 0, "--field");
		struct field t = fieldlist_text(&fl, rec, cases[i].n, &scratch);
		CHECK_MEM(t.data, t.len, cases[i].want, strlen(cases[i].want));
		if (cases[i].from >= 0)
			CHECK(t.data == rec[cases[i].from].data);
		fieldlist_release(&fl);
	}
	field_text_release(&scratch);
}

/* Numbers in fields, as --sum and --merge read them: whole, finite, not too long. */
static void numbers(void)
{
	static const struct { const char *text; bool ok; double want; } cases[] = {
		{ "42", true, 42 }, { "-1.5", true, -1.5 }, { "1e3", true, 1000 }, { "", false, 0 },
		{ "4x", false, 0 }, { "inf", false, 0 }, { "nan", false, 0 }, { "1e999", false, 0 },
		{ "0000000000000000000000000000000000000000000000000000000000000000007", false, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct field f = { cases[i].text, strlen(cases[i].text) };
		double x = -99;
		bool ok = field_number(&f, &x);
		CHECK(ok == cases[i].ok);
		if (ok)
			CHECK(x == cases[i].want);
	}
	/* Only the field's bytes count, not what follows them. */
	struct field part = { "12345", 2 };
	double x = 0;
	CHECK(field_number(&part, &x) && x == 12);
}

/* One way to grow an array: it doubles, holds what is asked, and a size that overflows dies. */
static void overflow_dies(void *arg)
{
	(void)arg;
	uint64_t *p = NULL;
	size_t alloc = 0;
	ALLOC_GROW(p, SIZE_MAX / 4, alloc);
}

static void growth(void)
{
	int *p = NULL;
	size_t alloc = 0;
	ALLOC_GROW(p, 1, alloc);
	CHECK(alloc == 16);
	for (size_t i = 0; i < 1000; i++) {
		ALLOC_GROW(p, i + 1, alloc);
		p[i] = (int)i;
	}
	CHECK(alloc == 1024 && p[999] == 999);
	ALLOC_GROW(p, 5000, alloc);
	CHECK(alloc == 8192);
	free(p);
	CHECK(alloc_grow_to(0, SIZE_MAX) == SIZE_MAX);
	CHECK(expect_death(overflow_dies, NULL, 1, "out of memory"));
}

int main(void)
{
	RUN_TEST(u64_digits);
	RUN_TEST(lists);
	RUN_TEST(errors);
	RUN_TEST(single);
	RUN_TEST(text_of_fields);
	RUN_TEST(numbers);
	RUN_TEST(growth);
	CHECK_DONE();
}
