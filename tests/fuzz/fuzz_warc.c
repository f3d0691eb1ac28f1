/*
 * libFuzzer target: the WARC reader (common/records over common/warc).
 * The first byte chooses the --invalid policy, the record types and a
 * block size, the second the keys and how the rest is used: as a WARC
 * file as it is, or as the block of a response record whose head is
 * written right (so the HTTP parser, de-chunking, the Content-Encodings
 * and the charsets see the bytes).  Bad records are expected and
 * recovered from; a crash, a sanitizer report or a hang is a bug.  Every
 * field must be valid UTF-8 unless --invalid=keep, and a record's text
 * must hold its head and block.
 */
#include "../../common/buf.h"
#include "../../common/diag.h"
#include "../../common/fields.h"
#include "../../common/records.h"
#include "../../common/utf8.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
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
	static const char *const key_sets[] = {
		"payload", "WARC-Type,payload", "http:status,http:Content-Type,payload",
		"WARC-Target-URI,http:Content-Encoding", "http:transfer-encoding,payload,warc-record-id",
	};
	struct input_opts o = { .format = FMT_WARC };
	o.invalid = (enum invalid_policy)(data[0] & 3);
	o.warc_types = data[0] & 4 ? WARC_TYPES_ALL : 0;
	o.block_size = 1 + (data[0] >> 3) * 5;
	const char *keys = key_sets[(data[1] & 0x7f) % (sizeof key_sets / sizeof key_sets[0])];
	bool wrap = data[1] & 0x80;
	data += 2;
	size -= 2;

	static struct buf file;
	buf_reset(&file);
	if (wrap) {
		buf_addf(&file, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://f.example/\r\n"
			 "Content-Type: application/http; msgtype=response\r\nContent-Length: %zu\r\n\r\n", size);
		buf_add(&file, data, size);
		buf_adds(&file, "\r\n\r\n");
	} else {
		buf_add(&file, data, size);
	}

	diag_set_exit(on_exit_status);
	static struct reader *volatile r;
	static struct fieldlist fl;
	if (setjmp(recover)) {
		reader_close(r);
		r = NULL;
		fieldlist_release(&fl);
		return 0;
	}
	r = reader_open_mem(&o, file.data ? file.data : "", file.len, "fuzz");
	fieldlist_resolve(&fl, keys, r, "-f");
	size_t total = 0;
	const struct record *rec;
	while ((rec = reader_next(r)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(r, &f);
		if (rec->len < 9 || memcmp(rec->text, "WARC/", 5) != 0)
			abort();
		for (size_t i = 0; i < n; i++) {
			if (f[i].len)
				total += (unsigned char)f[i].data[0] + (unsigned char)f[i].data[f[i].len - 1];
			if (o.invalid != INVALID_KEEP && !utf8_valid(f[i].data, f[i].len))
				abort();
		}
	}
	reader_close(r);
	r = NULL;
	fieldlist_release(&fl);
	return total == (size_t)-1;
}
