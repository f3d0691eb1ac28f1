/*
 * libFuzzer target: zstd input.  Even first bytes: the input is compressed
 * with libzstd in two frames with a skippable frame between, and must read
 * back byte for byte.  Odd: the bytes follow a zstd magic (or, with bit 1,
 * a .warc.zst dictionary frame's header) as they are, a corrupt stream
 * that must end in a clean error, never a crash or a silent success that
 * loses bytes.
 */
#include "../../common/diag.h"
#include "../../common/records.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

static jmp_buf recover;

static noreturn void on_exit_status(int status)
{
	longjmp(recover, status ? status : 1);
}

static size_t compress_frame(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t len = ZSTD_compress(out, cap, in, n, 1);
	if (ZSTD_isError(len))
		abort();
	return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool corrupt = data[0] & 1, dictionary = data[0] & 2;
	size_t block = 1 + data[0] / 4;
	data++;
	size--;
	size_t cap = 2 * ZSTD_compressBound(size) + 128;
	uint8_t *z = malloc(cap);
	size_t zlen;
	if (corrupt) {
		static const uint8_t frame[] = { 0x28, 0xb5, 0x2f, 0xfd };
		static const uint8_t dict[] = { 0x5d, 0x2a, 0x4d, 0x18 };
		memcpy(z, dictionary ? dict : frame, 4);
		memcpy(z + 4, data, size);
		zlen = size + 4;
	} else {
		static const uint8_t skip[] = { 0x53, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 'h', 'i' };
		size_t half = size / 2;
		zlen = compress_frame(data, half, z, cap);
		memcpy(z + zlen, skip, sizeof skip);
		zlen += sizeof skip;
		zlen += compress_frame(data + half, size - half, z + zlen, cap - zlen);
	}

	diag_set_exit(on_exit_status);
	static struct reader *volatile r;
	static uint8_t *volatile owned;
	owned = z;
	if (setjmp(recover)) {
		reader_close(r);
		r = NULL;
		free(owned);
		if (!corrupt)
			abort();	/* a valid stream must never fail */
		return 0;
	}
	struct input_opts o = { .format = FMT_DOC, .invalid = INVALID_KEEP, .block_size = block };
	r = reader_open_mem(&o, z, zlen, "fuzz");
	const struct record *rec = reader_next(r);
	if (!corrupt && (!rec || rec->len != size || memcmp(rec->text, data, size)))
		abort();
	reader_close(r);
	r = NULL;
	free(z);
	return 0;
}
