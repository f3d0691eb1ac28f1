/*
 * Unit tests of common/records and common/source: every format read at
 * every small block size must give the records read in one block, so the
 * carry logic at block boundaries is exercised at each byte position.
 * Gzip input (single, multi-member, truncated at every length) and the
 * error paths are checked here too.
 */
#include "../../common/buf.h"
#include "../../common/records.h"
#include "../../common/fields.h"
#include "check.h"

#include <zlib.h>

/* Records as one string: fields joined by '|', records ended by ';'. */
static void dump(const struct input_opts *o, const void *data, size_t len, struct buf *out)
{
	struct reader *r = reader_open_mem(o, data, len, "mem");
	buf_reset(out);
	const struct field *h;
	size_t nh = reader_header(r, &h);
	for (size_t i = 0; i < nh; i++) {
		buf_add(out, i ? "|" : "H:", i ? 1 : 2);
		buf_add(out, h[i].data, h[i].len);
	}
	if (nh)
		buf_addc(out, ';');
	while (reader_next(r)) {
		const struct field *f;
		size_t n = reader_fields(r, &f);
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_addc(out, '|');
			buf_add(out, f[i].data, f[i].len);
		}
		buf_addc(out, ';');
	}
	reader_close(r);
}

/* Reads at block sizes 1..40 and checks each against `want`. */
static void check_all_blocks(struct input_opts o, const char *in, size_t len, const char *want,
			     size_t wlen)
{
	struct buf got = BUF_INIT;
	for (size_t bs = 1; bs <= 40; bs++) {
		o.block_size = bs;
		dump(&o, in, len, &got);
		if (got.len != wlen || memcmp(got.data ? got.data : "", want, got.len)) {
			printf("  block size %zu:\n", bs);
			CHECK_MEM(got.data ? got.data : "", got.len, want, wlen);
			break;
		}
	}
	buf_release(&got);
}

#define CHECK_READ(opts, in, want) check_all_blocks(opts, in, sizeof in - 1, want, sizeof want - 1)
#define CASE(fmt, in, want) CHECK_READ(((struct input_opts){ .format = fmt }), in, want)

static void lines_format(void)
{
	CASE(FMT_LINES, "", "");
	CASE(FMT_LINES, "one\ntwo\n", "one;two;");
	CASE(FMT_LINES, "no final newline", "no final newline;");
	CASE(FMT_LINES, "crlf\r\nline\r\n", "crlf;line;");
	CASE(FMT_LINES, "lone\rcr\n", "lone\rcr;");
	CASE(FMT_LINES, "\n\n", ";;");
	CASE(FMT_LINES, "nul\0inside\n", "nul\0inside;");
	CASE(FMT_LINES, "a long line that spans many blocks of the smaller sizes\nb",
	     "a long line that spans many blocks of the smaller sizes;b;");
}

static void zero_terminated(void)
{
	struct input_opts o = { .format = FMT_LINES, .zero = true };
	CHECK_READ(o, "a\nb\0c\0", "a\nb;c;");
}

static void tsv_format(void)
{
	CASE(FMT_TSV, "a\tb\tc\n1\t\t3\n", "a|b|c;1||3;");
	CASE(FMT_TSV, "esc\\taped\tnew\\nline\tback\\\\slash\tcr\\r\n",
	     "esc\taped|new\nline|back\\slash|cr\r;");
	CASE(FMT_TSV, "unknown \\x escape\tend\\\n", "unknown \\x escape|end\\;");
	CASE(FMT_TSV, "\t\n", "|;");
}

static void csv_format(void)
{
	CASE(FMT_CSV, "a,b,c\n1,2,3\n", "a|b|c;1|2|3;");
	CASE(FMT_CSV, "\"q,uoted\",\"say \"\"hi\"\"\",plain\n", "q,uoted|say \"hi\"|plain;");
	CASE(FMT_CSV, "\"multi\nline\",x\r\nnext,y", "multi\nline|x;next|y;");
	CASE(FMT_CSV, " spaces kept , b \n", " spaces kept | b ;");
	CASE(FMT_CSV, "a,b\n\n\nc,d\n", "a|b;c|d;");
	CASE(FMT_CSV, ",\n\"\"\n", "|;;");
}

static void para_format(void)
{
	CASE(FMT_PARA, "p1 l1\np1 l2\n\n\np2\n", "p1 l1\np1 l2;p2;");
	CASE(FMT_PARA, "\n\nfirst\n  \t\nsecond\r\nstill\r\n", "first;second\nstill;");
	CASE(FMT_PARA, "", "");
	CASE(FMT_PARA, "\n\n\n", "");
}

static void doc_format(void)
{
	CASE(FMT_DOC, "whole\n\nfile\n", "whole\n\nfile\n;");
	CASE(FMT_DOC, "", ";");
}

static void header_names(void)
{
	struct input_opts o = { .format = FMT_TSV, .header = true };
	CHECK_READ(o, "id\ttext\n1\thello\n", "H:id|text;1|hello;");
	o.format = FMT_CSV;
	CHECK_READ(o, "id,text\n1,hello\n", "H:id|text;1|hello;");
}

static void invalid_policies(void)
{
#define POLICY(fmt, pol, in, want) \
	CHECK_READ(((struct input_opts){ .format = fmt, .invalid = pol }), in, want)
	POLICY(FMT_LINES, INVALID_REPLACE, "ok\nbad\xFF\n", "ok;bad\xEF\xBF\xBD;");
	POLICY(FMT_LINES, INVALID_SKIP, "ok\nbad\xFF\nok2\n", "ok;ok2;");
	POLICY(FMT_LINES, INVALID_KEEP, "bad\xFF\n", "bad\xFF;");
	POLICY(FMT_CSV, INVALID_REPLACE, "a,\"b\xC3\"\n", "a|b\xEF\xBF\xBD;");
	POLICY(FMT_CSV, INVALID_SKIP, "a,b\xC3\nc,d\n", "c|d;");
	POLICY(FMT_PARA, INVALID_SKIP, "x\n\ny\xC3\nz\n\nw", "x;w;");
}

static void line_numbers(void)
{
	struct input_opts o = { .format = FMT_CSV, .block_size = 3 };
	const char in[] = "a,\"x\ny\"\n\nb,c\n";
	struct reader *r = reader_open_mem(&o, in, sizeof in - 1, "mem");
	const struct record *rec = reader_next(r);
	CHECK(rec && rec->line == 1 && rec->number == 1);
	rec = reader_next(r);
	CHECK(rec && rec->line == 4 && rec->number == 2);
	CHECK(reader_next(r) == NULL);
	reader_close(r);

	o.format = FMT_PARA;
	const char para[] = "\n\na\nb\n\nc\n";
	r = reader_open_mem(&o, para, sizeof para - 1, "mem");
	rec = reader_next(r);
	CHECK(rec && rec->line == 3);
	rec = reader_next(r);
	CHECK(rec && rec->line == 6);
	reader_close(r);
}

/* ---- gzip ---------------------------------------------------------------- */

static size_t gzip_mem(const char *in, size_t len, unsigned char *out, size_t cap)
{
	z_stream z = { 0 };
	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	return n;
}

static void gzip_input(void)
{
	unsigned char gz[512];
	size_t n = gzip_mem("one\ntwo\nthree\n", 14, gz, sizeof gz);
	check_all_blocks((struct input_opts){ .format = FMT_LINES }, (const char *)gz, n,
			 "one;two;three;", 14);
	/* Two members, as `cat a.gz b.gz` makes. */
	size_t m = gzip_mem("four\nfive", 9, gz + n, sizeof gz - n);
	check_all_blocks((struct input_opts){ .format = FMT_LINES }, (const char *)gz, n + m,
			 "one;two;three;four;five;", 24);
}

static const unsigned char *death_data;
static size_t death_len;

static void read_all(void *arg)
{
	struct input_opts *o = arg;
	struct buf b = BUF_INIT;
	dump(o, death_data, death_len, &b);
}

static void gzip_truncated_everywhere(void)
{
	static unsigned char gz[512];
	size_t n = gzip_mem("a line of text\nanother line\n", 28, gz, sizeof gz);
	struct input_opts o = { .format = FMT_LINES, .block_size = 4 };
	death_data = gz;
	/* Every cut after the magic must be reported, never read short silently. */
	for (size_t cut = 2; cut < n; cut++) {
		death_len = cut;
		if (!expect_death(read_all, &o, 1, "mem: ")) {
			printf("  cut at %zu of %zu\n", cut, n);
			CHECK(false);
			break;
		}
	}
}

static void gzip_corrupt_and_garbage(void)
{
	static unsigned char gz[512];
	size_t n = gzip_mem("some text that compresses\n", 26, gz, sizeof gz);
	struct input_opts o = { .format = FMT_LINES };
	death_data = gz;
	death_len = n;
	gz[n - 5] ^= 0x55;	/* the CRC */
	CHECK(expect_death(read_all, &o, 1, "mem: corrupt gzip data"));
	gz[n - 5] ^= 0x55;
	memcpy(gz + n, "junk", 4);
	death_len = n + 4;
	CHECK(expect_death(read_all, &o, 1, "mem: trailing garbage after gzip data"));
}

static void csv_errors(void)
{
	struct input_opts o = { .format = FMT_CSV };
	static const char unterminated[] = "a,b\nc,\"never\nclosed\n";
	death_data = (const unsigned char *)unterminated;
	death_len = sizeof unterminated - 1;
	CHECK(expect_death(read_all, &o, 1, "mem:2: malformed CSV: unterminated quoted field"));
	static const char stray[] = "a,b\nc,d\"e\n";
	death_data = (const unsigned char *)stray;
	death_len = sizeof stray - 1;
	CHECK(expect_death(read_all, &o, 1, "mem:2: malformed CSV"));
	o.invalid = INVALID_FAIL;
	static const char bad[] = "a,b\nc,\xFF\n";
	death_data = (const unsigned char *)bad;
	death_len = sizeof bad - 1;
	CHECK(expect_death(read_all, &o, 1, "mem:2: invalid UTF-8"));
}

/* Records with their numbers and lines, as reader_next gives them, or through runs. */
static void dump_numbered(const struct input_opts *o, const char *in, size_t len, bool runs,
			  struct buf *out)
{
	struct reader *r = reader_open_mem(o, in, len, "mem");
	buf_reset(out);
	char term = o->zero ? '\0' : '\n';
	for (;;) {
		struct record_run rr;
		if (runs && reader_next_run(r, &rr)) {
			uint64_t count = 0;
			for (const char *t = rr.text, *end = t + rr.len; t < end; count++) {
				size_t n;
				const char *next = run_next_line(t, end, term, true, &n);
				buf_addf(out, "%llu@%llu:", (unsigned long long)(rr.number + count),
					 (unsigned long long)(rr.line + count));
				buf_add(out, t, n);
				buf_addc(out, ';');
				t = next;
			}
			CHECK(count == rr.count);
			continue;
		}
		const struct record *rec = reader_next(r);
		if (!rec)
			break;
		buf_addf(out, "%llu@%llu:", (unsigned long long)rec->number,
			 (unsigned long long)rec->line);
		buf_add(out, rec->text, rec->len);
		buf_addc(out, ';');
	}
	reader_close(r);
}

/*
 * reader_next_run hands out the records reader_next would, numbered the
 * same: random lines with CR LF, lone CRs, bad bytes, a header, NULs, at
 * random block sizes and run limits.
 */
static void runs_give_the_same_records(void)
{
	static const char *const pieces[] = { "a", "b\tc", "\r\n", "\n", "\n", "\r", "\xff",
					      "\xC3\xA9", "\\t", "\xE2\x80", " ", "x\0y" };
	uint64_t rng = 12345;
	struct buf in = BUF_INIT, plain = BUF_INIT, runs = BUF_INIT;
	for (int round = 0; round < 3000; round++) {
		buf_reset(&in);
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t n = (rng >> 33) % (round % 5 == 0 ? 400 : 60);
		for (size_t i = 0; i < n; i++) {
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			const char *piece = pieces[(rng >> 33) % (sizeof pieces / sizeof pieces[0])];
			buf_add(&in, piece, strcmp(piece, "x") == 0 ? 3 : strlen(piece));
		}
		struct input_opts o = {
			.format = round % 2 ? FMT_TSV : FMT_LINES,
			.header = round % 3 == 0,
			.zero = round % 11 == 0,
			.invalid = round % 4 == 0 ? INVALID_SKIP : round % 4 == 1 ? INVALID_KEEP
										   : INVALID_REPLACE,
			/* Small blocks cut records everywhere; from 64 bytes the SIMD check counts lines. */
			.block_size = round % 5 == 0 ? 64 + (rng >> 40) % 200 : 1 + (rng >> 40) % 48,
		};
		dump_numbered(&o, in.data ? in.data : "", in.len, false, &plain);
		dump_numbered(&o, in.data ? in.data : "", in.len, true, &runs);
		if (plain.len != runs.len || memcmp(plain.data ? plain.data : "", runs.data ? runs.data : "",
						    plain.len)) {
			printf("  round %d, block size %zu:\n", round, o.block_size);
			CHECK_MEM(runs.data ? runs.data : "", runs.len, plain.data ? plain.data : "",
				  plain.len);
			break;
		}
	}
	buf_release(&in);
	buf_release(&plain);
	buf_release(&runs);
}

/* Fields encoded as a TSV writer (TAB delimiter) encodes them, joined. */
static void tsv_encode(const struct field *f, size_t n, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(out, '\t');
		for (size_t k = 0; k < f[i].len; k++) {
			char c = f[i].data[k];
			const char *esc = c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
					: c == '\\' ? "\\\\" : NULL;
			if (esc)
				buf_add(out, esc, 2);
			else
				buf_addc(out, c);
		}
	}
}

/*
 * tsv_cut_line cuts a run's records into the fields tsv_split gives, in
 * one pass: random lines of tabs, escapes (\\ across the 32-byte steps
 * too), CRs and long runs; and a record it calls clean is what a writer
 * would write for those fields.
 */
static void cut_lines_match_split(void)
{
	static const char *const pieces[] = { "a", "bc", "\t", "\t", "\\t", "\\n", "\\\\", "\\x", "\\",
					      "\r", "\r\n", "\n", "\n", "0123456789abcdefghijklmnopqrstu", " " };
	uint64_t rng = 777;
	struct buf in = BUF_INIT, dec = BUF_INIT, dec2 = BUF_INIT, enc = BUF_INIT;
	struct field_array fa = { 0 }, fb = { 0 };
	size_t cleans = 0, dirty = 0;
	for (int round = 0; round < 20000; round++) {
		buf_reset(&in);
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t n = (rng >> 33) % 80;
		for (size_t i = 0; i < n; i++) {
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			buf_adds(&in, pieces[(rng >> 33) % (sizeof pieces / sizeof pieces[0])]);
		}
		buf_addc(&in, '\n');
		bool strip_cr = round % 3 != 0;
		const char *p = in.data, *end = in.data + in.len;
		while (p < end) {
			size_t len;
			bool clean;
			const char *next = tsv_cut_line(p, end, '\t', '\n', strip_cr, &fa, &dec, &len, &clean);
			const char *e = memchr(p, '\n', (size_t)(end - p));
			size_t want_len = (size_t)(e - p);
			if (strip_cr && want_len && p[want_len - 1] == '\r')
				want_len--;
			size_t nb = tsv_split(p, want_len, '\t', &fb, &dec2);
			bool same = next == e + 1 && len == want_len && nb == fa.n;
			for (size_t i = 0; same && i < nb; i++)
				same = fa.f[i].len == fb.f[i].len && !memcmp(fa.f[i].data, fb.f[i].data, fb.f[i].len);
			cleans += clean;
			dirty += !clean;
			if (same && clean) {
				tsv_encode(fa.f, fa.n, &enc);
				same = enc.len == len && !memcmp(enc.data ? enc.data : "", p, len);
			}
			if (!same) {
				printf("  round %d: line [%.*s] cut differently (clean %d)\n", round,
				       (int)want_len, p, clean);
				CHECK(false);
				round = 1 << 30;
				break;
			}
			p = next;
		}
	}
	CHECK(cleans > 1000 && dirty > 1000);	/* both kinds were seen */
	buf_release(&in);
	buf_release(&dec);
	buf_release(&dec2);
	buf_release(&enc);
	field_array_release(&fa);
	field_array_release(&fb);
}

static void long_record_is_not_quadratic(void)
{
	/* 8 MiB in one line read in 4 KiB blocks: linear carry growth. */
	size_t len = (size_t)8 << 20;
	char *big = malloc(len + 1);
	memset(big, 'x', len);
	big[len] = '\n';
	struct input_opts o = { .format = FMT_LINES, .block_size = 4096 };
	struct reader *r = reader_open_mem(&o, big, len + 1, "mem");
	const struct record *rec = reader_next(r);
	CHECK(rec && rec->len == len);
	CHECK(reader_next(r) == NULL);
	reader_close(r);
	free(big);
}

int main(void)
{
	RUN_TEST(lines_format);
	RUN_TEST(zero_terminated);
	RUN_TEST(tsv_format);
	RUN_TEST(csv_format);
	RUN_TEST(para_format);
	RUN_TEST(doc_format);
	RUN_TEST(header_names);
	RUN_TEST(invalid_policies);
	RUN_TEST(line_numbers);
	RUN_TEST(gzip_input);
	RUN_TEST(gzip_truncated_everywhere);
	RUN_TEST(gzip_corrupt_and_garbage);
	RUN_TEST(csv_errors);
	RUN_TEST(runs_give_the_same_records);
	RUN_TEST(cut_lines_match_split);
	RUN_TEST(long_record_is_not_quadratic);
	CHECK_DONE();
}
