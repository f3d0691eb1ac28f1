/*
 * libFuzzer target: gzip input.  Even first bytes: the input is compressed
 * with zlib (in one or two members) and must read back byte for byte.
 * Odd: the bytes follow a gzip magic as they are, a corrupt stream that
 * must end in a clean error, never a crash or a silent success that
 * loses bytes.
 */
#include "../../common/diag.h"
#include "../../common/records.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static jmp_buf recover;

static noreturn void on_exit_status(int status)
{
	longjmp(recover, status ? status : 1);
}

static size_t compress_member(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	z_stream z = { 0 };
	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	size_t len = z.total_out;
	deflateEnd(&z);
	return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool corrupt = data[0] & 1;
	size_t block = 1 + data[0] / 2;
	data++;
	size--;
	size_t cap = 2 * (size + 64) + 128;
	uint8_t *gz = malloc(cap);
	size_t gzlen;
	if (corrupt) {
		gz[0] = 0x1f;
		gz[1] = 0x8b;
		memcpy(gz + 2, data, size);
		gzlen = size + 2;
	} else {
		size_t half = size / 2;
		gzlen = compress_member(data, half, gz, cap);
		gzlen += compress_member(data + half, size - half, gz + gzlen, cap - gzlen);
	}

	diag_set_exit(on_exit_status);
	static struct reader *volatile r;
	static uint8_t *volatile owned;
	owned = gz;
	if (setjmp(recover)) {
		reader_close(r);
		r = NULL;
		free(owned);
		if (!corrupt)
			abort();	/* a valid stream must never fail */
		return 0;
	}
	struct input_opts o = { .format = FMT_DOC, .invalid = INVALID_KEEP, .block_size = block };
	r = reader_open_mem(&o, gz, gzlen, "fuzz");
	const struct record *rec = reader_next(r);
	if (!corrupt && (!rec || rec->len != size || memcmp(rec->text, data, size)))
		abort();
	reader_close(r);
	r = NULL;
	free(gz);
	return 0;
}
