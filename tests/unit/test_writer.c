/*
 * Unit tests of common/writer: CSV and TSV round trips of random fields
 * full of quotes, delimiters, newlines, CRs, backslashes and NULs; the
 * temporary-name-and-rename contract; gzip output read back.
 */
#include "../../common/buf.h"
#include "../../common/diag.h"
#include "../../common/records.h"
#include "../../common/textspans.h"
#include "../../common/writer.h"
#include "check.h"

#include <stdint.h>
#include <sys/stat.h>

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* A random field drawn from the characters that need care. */
static size_t random_field(char *out, size_t cap, bool nul_ok)
{
	static const char *const tokens[] = { "a", "b", " ", ",", ";", "\t", "\"", "\n", "\r",
					      "\\", "\xC3\xA9", "\\t", "\"\"" };
	size_t len = 0, want = next_random() % 8;
	for (size_t i = 0; i < want; i++) {
		const char *t = tokens[next_random() % (sizeof tokens / sizeof tokens[0])];
		if (nul_ok && next_random() % 20 == 0)
			t = "\0";
		size_t tl = *t ? strlen(t) : 1;
		if (len + tl > cap)
			break;
		memcpy(out + len, t, tl);
		len += tl;
	}
	return len;
}

static char tmpdir[] = "/tmp/rill-test-XXXXXX";

static void roundtrip(enum rec_format fmt, char delim)
{
	char path[256];
	snprintf(path, sizeof path, "%s/rt.%s", tmpdir, format_name(fmt));
	enum { RECORDS = 300, MAXF = 6 };
	static char data[RECORDS][MAXF][16];
	static size_t lens[RECORDS][MAXF], nf[RECORDS];

	struct output_opts oo = { .format = fmt, .delim = delim, .path = path };
	struct writer *w = writer_open(&oo);
	for (int r = 0; r < RECORDS; r++) {
		nf[r] = 1 + next_random() % MAXF;
		struct field f[MAXF];
		for (size_t i = 0; i < nf[r]; i++) {
			lens[r][i] = random_field(data[r][i], 16, fmt == FMT_CSV);
			f[i].data = data[r][i];
			f[i].len = lens[r][i];
		}
		writer_fields(w, f, nf[r]);
	}
	writer_close(w);

	struct input_opts io = { .format = fmt, .delim = delim, .block_size = 7 };
	char *files[] = { path };
	struct reader *rd = reader_open(&io, files, 1);
	for (int r = 0; r < RECORDS; r++) {
		const struct record *rec = reader_next(rd);
		CHECK(rec != NULL);
		if (!rec)
			break;
		const struct field *f;
		size_t n = reader_fields(rd, &f);
		CHECK(n == nf[r]);
		for (size_t i = 0; i < n && i < nf[r]; i++)
			CHECK_MEM(f[i].data, f[i].len, data[r][i], lens[r][i]);
		if (check_failures_in_test) {
			printf("  record %d\n", r);
			break;
		}
	}
	CHECK(check_failures_in_test || reader_next(rd) == NULL);
	reader_close(rd);
}

static void csv_roundtrip(void)
{
	roundtrip(FMT_CSV, ',');
	roundtrip(FMT_CSV, ';');
}

static void tsv_roundtrip(void)
{
	roundtrip(FMT_TSV, '\t');
}

static void csv_quotes_only_where_needed(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/q.csv", tmpdir);
	struct output_opts oo = { .format = FMT_CSV, .path = path };
	struct writer *w = writer_open(&oo);
	struct field f[] = { { "plain", 5 }, { "with space", 10 }, { "a,b", 3 }, { "say \"x\"", 7 },
			     { "", 0 } };
	writer_fields(w, f, 5);
	writer_fields(w, f + 4, 1);
	writer_close(w);
	FILE *fp = fopen(path, "r");
	char got[256] = "";
	size_t n = fread(got, 1, sizeof got - 1, fp);
	fclose(fp);
	static const char want[] = "plain,with space,\"a,b\",\"say \"\"x\"\"\",\n\"\"\n";
	CHECK_MEM(got, n, want, sizeof want - 1);
}

static struct buf read_whole(const char *path)
{
	struct buf b = BUF_INIT;
	FILE *fp = fopen(path, "r");
	char chunk[4096];
	size_t n;
	while (fp && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	if (fp)
		fclose(fp);
	return b;
}

/*
 * write_text_spans writes what writer_text would for each span: spans of every
 * length around its short-copy limit, some ending at the text's end (no
 * bytes after them to over-read), enough to flush the buffer several times.
 */
static void spans_write_as_texts(enum rec_format fmt)
{
	enum { TEXT = 4000, SPANS = 60000 };
	static char text[TEXT];
	static struct span spans[SPANS];
	for (size_t i = 0; i < TEXT; i++)
		text[i] = "ab c\t,\"x"[next_random() % 9];
	for (size_t i = 0; i < SPANS; i++) {
		size_t len = next_random() % 80;
		size_t start = next_random() % 4 == 0 ? TEXT - len : next_random() % (TEXT - len);
		spans[i] = (struct span){ start, start + len };
	}
	char a[256], b[256];
	snprintf(a, sizeof a, "%s/spans.%s", tmpdir, format_name(fmt));
	snprintf(b, sizeof b, "%s/texts.%s", tmpdir, format_name(fmt));
	struct output_opts oa = { .format = fmt, .path = a }, ob = { .format = fmt, .path = b };
	struct writer *wa = writer_open(&oa), *wb = writer_open(&ob);
	for (size_t done = 0; done < SPANS; done += 1000)
		write_text_spans(wa, text, TEXT, spans + done, 1000);
	for (size_t i = 0; i < SPANS; i++)
		writer_text(wb, text + spans[i].start, spans[i].end - spans[i].start);
	CHECK(writer_records(wa) == SPANS && writer_records(wb) == SPANS);
	writer_close(wa);
	writer_close(wb);
	struct buf got = read_whole(a), want = read_whole(b);
	CHECK(want.len > (size_t)1 << 20);
	CHECK_MEM(got.data, got.len, want.data, want.len);
	buf_release(&got);
	buf_release(&want);
}

static void spans_as_lines(void)
{
	spans_write_as_texts(FMT_LINES);
}

static void spans_as_csv(void)
{
	spans_write_as_texts(FMT_CSV);
}

static void output_appears_only_at_close(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/atomic.txt", tmpdir);
	struct output_opts oo = { .format = FMT_LINES, .path = path };
	struct writer *w = writer_open(&oo);
	writer_text(w, "x", 1);
	struct stat sb;
	CHECK(stat(path, &sb) != 0);
	writer_close(w);
	CHECK(stat(path, &sb) == 0 && sb.st_size == 2);
}

static void die_with_open_writer(void *arg)
{
	struct output_opts *oo = arg;
	struct writer *w = writer_open(oo);
	writer_text(w, "partial", 7);
	die("simulated data error");
}

static void failed_run_leaves_no_file(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/failed.txt", tmpdir);
	struct output_opts oo = { .format = FMT_LINES, .path = path };
	CHECK(expect_death(die_with_open_writer, &oo, 1, "simulated data error"));
	struct stat sb;
	CHECK(stat(path, &sb) != 0);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s | grep failed)\"", tmpdir);
	CHECK(system(cmd) == 0);
}

static void gzip_output_reads_back(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/out.tsv.gz", tmpdir);
	struct output_opts oo = { .format = FMT_TSV, .path = path };
	struct writer *w = writer_open(&oo);
	for (int i = 0; i < 100000; i++) {
		char line[32];
		int n = snprintf(line, sizeof line, "row %d", i);
		writer_text(w, line, (size_t)n);
	}
	writer_close(w);
	struct input_opts io = { .format = FMT_TSV };
	char *files[] = { path };
	struct reader *rd = reader_open(&io, files, 1);
	int count = 0;
	const struct record *rec;
	while ((rec = reader_next(rd)) != NULL) {
		char want[32];
		int n = snprintf(want, sizeof want, "row %d", count);
		if (rec->len != (size_t)n || memcmp(rec->text, want, rec->len)) {
			CHECK_MEM(rec->text, rec->len, want, (size_t)n);
			break;
		}
		count++;
	}
	CHECK(count == 100000);
	reader_close(rd);
}

static void write_to_full_disk(void *arg)
{
	(void)arg;
	struct output_opts oo = { .format = FMT_LINES, .path = "/dev/full" };
	/* /dev/full cannot hold a temporary file beside it: open it directly. */
	oo.path = NULL;
	FILE *f = freopen("/dev/full", "w", stdout);
	(void)f;
	struct writer *w = writer_open(&oo);
	writer_text(w, "x", 1);
	writer_close(w);
}

static void full_disk_is_an_error(void)
{
	CHECK(expect_death(write_to_full_disk, NULL, 1,
			   "write error on standard output: No space left on device"));
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN_TEST(csv_roundtrip);
	RUN_TEST(tsv_roundtrip);
	RUN_TEST(csv_quotes_only_where_needed);
	RUN_TEST(spans_as_lines);
	RUN_TEST(spans_as_csv);
	RUN_TEST(output_appears_only_at_close);
	RUN_TEST(failed_run_leaves_no_file);
	RUN_TEST(gzip_output_reads_back);
	RUN_TEST(full_disk_is_an_error);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		return 1;
	CHECK_DONE();
}
