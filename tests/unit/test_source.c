/*
 * Unit tests of common/source: mapped plain files, and one cut short while
 * mapped; the magic bytes of every compression sniffed; zstd in frames,
 * with skippable frames and a .warc.zst dictionary, whole or cut short.
 */
#include "../../common/buf.h"
#include "../../common/source.h"
#include "check.h"

#include <fcntl.h>
#include <zlib.h>
#include <zstd.h>

static char path[] = "/tmp/rill-source-XXXXXX";

static void mapped_file_in_windows(void)
{
	struct source *s = source_open(path, 4096);
	const char *data;
	size_t len, total = 0, blocks = 0;
	bool ok = true;
	while (source_next(s, &data, &len)) {
		for (size_t i = 0; i < len; i++)
			ok = ok && data[i] == (char)('a' + (total + i) % 26);
		total += len;
		blocks++;
	}
	CHECK(ok);
	CHECK(total == 100000);
	CHECK(blocks == 25);
	CHECK(source_raw_consumed(s) == 100000);
	source_close(s);
}

static void read_after_truncation(void *arg)
{
	struct source *s = source_open(path, 4096);
	const char *data;
	size_t len;
	source_next(s, &data, &len);
	if (truncate(path, 0) != 0)
		return;
	/* Every byte read through a volatile pointer, so the reads that fault are not optimized away. */
	char sum = 0;
	while (source_next(s, &data, &len))
		for (size_t i = 0; i < len; i++)
			sum ^= ((const volatile char *)data)[i];
	source_close(s);
	(void)sum;
}

static void truncated_while_mapped(void)
{
	CHECK(expect_death(read_after_truncation, NULL, 1, "the file was truncated while it was read"));
}

/* All of a memory source's bytes, read in blocks of block_size. */
static void read_all(const void *data, size_t len, size_t block_size, struct buf *out)
{
	struct source *s = source_open_mem(data, len, "mem", block_size);
	const char *p;
	size_t n;
	buf_reset(out);
	while (source_next(s, &p, &n))
		buf_add(out, p, n);
	source_close(s);
}

struct mem {
	const void *data;
	size_t len;
};

static void read_mem(void *arg)
{
	struct mem *m = arg;
	struct buf b = BUF_INIT;
	read_all(m->data, m->len, 0, &b);
	buf_release(&b);
}

static bool dies_reading(const void *data, size_t len, const char *needle)
{
	struct mem m = { data, len };
	return expect_death(read_mem, &m, 1, needle);
}

/* The first bytes of each refused format, and a little after: refused by name. */
static void refused_compressions(void)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *name;
	} cases[] = {
		{ "\xfd" "7zXZ\0\0\x04\xe6\xd6\xb4\x46", 12, "xz-compressed" },
		{ "BZh91AY&SY\x01\x02", 12, "bzip2-compressed" },
		{ "BZh9\x17\x72\x45\x38\x50\x90\0\0", 12, "bzip2-compressed" },
		{ "\x04\x22\x4d\x18\x64\x40\xa7", 7, "lz4-compressed" },
		{ "\x02\x21\x4c\x18\x10\0\0\0", 8, "lz4-compressed" },
		{ "LZIP\x01\x0c\0\x33", 8, "lzip-compressed" },
		{ "\x5d\0\0\x80\0\xff\xff\xff\xff\xff\xff\xff\xff\0\x1a", 15, "lzma-compressed" },
		{ "\x1f\x9d\x90\x31\x0a", 5, "compress (.Z)" },
		{ "\x78\x9c\x4b\x4c", 4, "zlib stream" },
		{ "7z\xbc\xaf\x27\x1c\0\x04", 8, "7z archive" },
		{ "PK\x03\x04\x14\0", 6, "zip archive" },
		{ "PK\x05\x06\0\0", 6, "zip archive" },
		{ "Rar!\x1a\x07\x01\0", 8, "rar archive" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK(dies_reading(cases[i].bytes, cases[i].len, cases[i].name));
}

/* Text that begins like a magic number but is not one is read as it is. */
static void text_like_magic(void)
{
	static const char *const texts[] = {
		"", "B", "BZ", "BZh", "BZh9 is a tag\n", "PK", "PKG list\n", "LZIP is\n", "7z", "x^2\n",
		"]\n", "Rar! no\n", "\x1f", "(\xb5/", "P*M", "\x5d\0\0\x80\0\x01\x02\x03\x04\x05\x06\x07\x08",
	};
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		size_t len = i + 1 == sizeof texts / sizeof texts[0] ? 13 : strlen(texts[i]);
		read_all(texts[i], len, 0, &b);
		CHECK_MEM(b.data ? b.data : "", b.len, texts[i], len);
		/* In blocks of one byte too: the sniffed bytes are not lost or repeated. */
		read_all(texts[i], len, 1, &b);
		CHECK_MEM(b.data ? b.data : "", b.len, texts[i], len);
	}
	buf_release(&b);
}

static void add_zstd_frame(struct buf *z, const char *text, size_t len, const void *dict,
			   size_t dict_len)
{
	size_t bound = ZSTD_compressBound(len);
	buf_grow(z, bound);
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t n = dict ? ZSTD_compress_usingDict(c, z->data + z->len, bound, text, len, dict, dict_len, 3)
			: ZSTD_compressCCtx(c, z->data + z->len, bound, text, len, 3);
	ZSTD_freeCCtx(c);
	if (!ZSTD_isError(n))
		z->len += n;
}

static void add_le32(struct buf *z, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	buf_add(z, b, 4);
}

static void add_skippable(struct buf *z, uint32_t magic, const void *content, size_t len)
{
	add_le32(z, magic);
	add_le32(z, (uint32_t)len);
	buf_add(z, content, len);
}

/* Frames, skippable frames between and first, and a large frame over many blocks. */
static void zstd_frames(void)
{
	struct buf z = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
	add_skippable(&z, 0x184D2A50, "pzstd", 5);
	add_zstd_frame(&z, "one\n", 4, NULL, 0);
	add_skippable(&z, 0x184D2A5F, "", 0);
	add_zstd_frame(&z, "two\n", 4, NULL, 0);
	add_zstd_frame(&z, "", 0, NULL, 0);
	read_all(z.data, z.len, 0, &out);
	CHECK_MEM(out.data, out.len, "one\ntwo\n", 8);
	read_all(z.data, z.len, 3, &out);
	CHECK_MEM(out.data, out.len, "one\ntwo\n", 8);

	buf_reset(&z);
	for (unsigned i = 0; i < 300000; i++)
		buf_addf(&want, "%u\n", i * 7919u);
	add_zstd_frame(&z, want.data, want.len, NULL, 0);
	read_all(z.data, z.len, 0, &out);
	CHECK(out.len == want.len && memcmp(out.data, want.data, want.len) == 0);

	/* Cut anywhere before its end, a frame is an error; so is garbage after it. */
	CHECK(dies_reading(z.data, z.len / 2, "truncated zstd stream"));
	CHECK(dies_reading(z.data, z.len - 1, "truncated zstd stream"));
	CHECK(dies_reading(z.data, 4, "truncated zstd stream"));
	buf_add(&z, "garbage", 7);
	CHECK(dies_reading(z.data, z.len, "trailing garbage after zstd data"));
	buf_release(&z);
	buf_release(&out);
	buf_release(&want);
}

/*
 * A .warc.zst: a dictionary in a skippable frame of magic 0x184D2A5D,
 * raw or itself compressed, then frames made with it.
 */
static void zstd_dictionary_frame(void)
{
	static const char dict[] = "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: ";
	static const char *const records[] = { "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n",
					       "WARC/1.1\r\nWARC-Type: request\r\nContent-Length: 0\r\n\r\n\r\n\r\n" };
	struct buf z = BUF_INIT, out = BUF_INIT, packed = BUF_INIT, frames = BUF_INIT;
	for (int i = 0; i < 2; i++)
		add_zstd_frame(&frames, records[i], strlen(records[i]), dict, sizeof dict - 1);
	size_t want = strlen(records[0]) + strlen(records[1]);

	add_skippable(&z, 0x184D2A5D, dict, sizeof dict - 1);
	buf_add(&z, frames.data, frames.len);
	read_all(z.data, z.len, 0, &out);
	CHECK(out.len == want && memcmp(out.data + strlen(records[0]), records[1], strlen(records[1])) == 0);

	add_zstd_frame(&packed, dict, sizeof dict - 1, NULL, 0);
	buf_reset(&z);
	add_skippable(&z, 0x184D2A5D, packed.data, packed.len);
	buf_add(&z, frames.data, frames.len);
	read_all(z.data, z.len, 0, &out);
	CHECK(out.len == want);

	/* Without the dictionary, or with a dictionary frame cut short, an error. */
	CHECK(dies_reading(frames.data, frames.len, "needs a dictionary"));
	/* (a raw dictionary leaves no id in the frames: the message says it may be the cause) */
	CHECK(dies_reading(z.data, 12, "truncated zstd dictionary frame"));
	buf_reset(&z);
	add_le32(&z, 0x184D2A5D);
	add_le32(&z, 0x7fffffff);
	CHECK(dies_reading(z.data, z.len, "larger than 64 MiB"));
	buf_release(&z);
	buf_release(&out);
	buf_release(&packed);
	buf_release(&frames);
}

static void add_gzip_member(struct buf *z, const char *text, size_t len)
{
	z_stream g = { 0 };
	deflateInit2(&g, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	buf_grow(z, deflateBound(&g, len) + 32);
	g.next_in = (Bytef *)text;
	g.avail_in = (uInt)len;
	g.next_out = (Bytef *)z->data + z->len;
	g.avail_out = (uInt)(z->alloc - z->len - 1);
	deflate(&g, Z_FINISH);
	z->len += g.total_out;
	deflateEnd(&g);
}

/*
 * Small gzip members (a WARC file's, one per record): past the first eight
 * the reader goes on with zlib; the same bytes, and the same errors.
 */
static void gzip_small_members(void)
{
	struct buf z = BUF_INIT, want = BUF_INIT, out = BUF_INIT;
	for (int i = 0; i < 300; i++) {
		char rec[64];
		int n = snprintf(rec, sizeof rec, "record %d of many small members\n", i);
		add_gzip_member(&z, rec, (size_t)n);
		buf_add(&want, rec, (size_t)n);
	}
	for (size_t bs = 0; bs < 2; bs++) {
		read_all(z.data, z.len, bs ? 37 : 0, &out);
		CHECK(out.len == want.len && memcmp(out.data, want.data, want.len) == 0);
	}
	CHECK(dies_reading(z.data, z.len - 3, "truncated gzip stream"));
	CHECK(dies_reading(z.data, z.len / 2 + 5, "gzip"));
	buf_add(&z, "junk", 4);
	CHECK(dies_reading(z.data, z.len, "trailing garbage after gzip data"));
	z.len -= 4;
	z.data[z.len - 20] ^= 0x55;	/* a member's data corrupted, in zlib's part */
	CHECK(dies_reading(z.data, z.len, "gzip data"));
	buf_release(&z);
	buf_release(&want);
	buf_release(&out);
}

int main(void)
{
	int fd = mkstemp(path);
	if (fd < 0)
		return 1;
	char buf[100000];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)('a' + i % 26);
	if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
		return 1;
	close(fd);
	RUN_TEST(mapped_file_in_windows);
	RUN_TEST(truncated_while_mapped);
	RUN_TEST(refused_compressions);
	RUN_TEST(text_like_magic);
	RUN_TEST(zstd_frames);
	RUN_TEST(zstd_dictionary_frame);
	RUN_TEST(gzip_small_members);
	unlink(path);
	CHECK_DONE();
}
