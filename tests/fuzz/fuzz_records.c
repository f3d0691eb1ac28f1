/*
 * libFuzzer target: the record reader in every format.  The first two
 * bytes choose the format, options and block size; the rest is the input.
 * Every record and field is read; data errors (malformed CSV, bad gzip)
 * are expected and recovered from, anything else (a crash, a sanitizer
 * report, a hang) is a bug.  Lines and TSV are read a second time through
 * runs of records (reader_next_run), which must give the same records
 * with the same numbers.
 */
#include "../../common/diag.h"
#include "../../common/records.h"

#include <setjmp.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static jmp_buf recover;

static noreturn void on_exit_status(int status)
{
	longjmp(recover, status ? status : 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	static const enum rec_format formats[] = { FMT_LINES, FMT_TSV, FMT_CSV, FMT_PARA, FMT_DOC };
	struct input_opts o = { 0 };
	o.format = formats[data[0] % 5];
	o.header = data[0] & 0x08;
	o.zero = data[0] & 0x10;
	o.invalid = (enum invalid_policy)((data[0] >> 5) & 3);
	if (o.invalid == INVALID_FAIL)
		o.invalid = INVALID_REPLACE;
	o.delim = (data[1] & 1) ? ';' : 0;
	o.block_size = 1 + (data[1] >> 1);
	data += 2;
	size -= 2;

	diag_set_exit(on_exit_status);
	static struct reader *volatile r;
	if (setjmp(recover)) {
		reader_close(r);
		r = NULL;
		return 0;
	}
	r = reader_open_mem(&o, data, size, "fuzz");
	const struct field *names;
	size_t total = reader_header(r, &names);
	uint64_t sum = 0, count = 0;
	const struct record *rec;
	while ((rec = reader_next(r)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(r, &f);
		for (size_t i = 0; i < n; i++)
			total += f[i].len ? (unsigned char)f[i].data[f[i].len - 1] : 0;
		sum += rec->number * 31 + rec->line * 7 + rec->len;
		count++;
	}
	reader_close(r);
	r = NULL;
	if (o.format == FMT_LINES || o.format == FMT_TSV) {
		/* The same records through runs: their count, numbers, lines and lengths. */
		char term = o.zero ? '\0' : '\n';
		uint64_t sum2 = 0, count2 = 0;
		r = reader_open_mem(&o, data, size, "fuzz");
		for (;;) {
			struct record_run rr;
			if (reader_next_run(r, &rr)) {
				uint64_t k = 0;
				for (const char *t = rr.text, *end = t + rr.len; t < end; k++) {
					size_t len;
					const char *next = run_next_line(t, end, term, true, &len);
					sum2 += (rr.number + k) * 31 + (rr.line + k) * 7 + len;
					t = next;
				}
				if (k != rr.count)
					abort();
				count2 += k;
				continue;
			}
			if ((rec = reader_next(r)) == NULL)
				break;
			sum2 += rec->number * 31 + rec->line * 7 + rec->len;
			count2++;
		}
		reader_close(r);
		r = NULL;
		if (sum2 != sum || count2 != count)
			abort();
	}
	return total == (size_t)-1;
}
