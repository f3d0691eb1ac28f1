/*
 * source: one input (a file, standard input or, for tests, a memory
 * region) handed out as large blocks of decompressed bytes.
 *
 * Compression is detected from the magic bytes, never from the name:
 * gzip (1f 8b) is inflated with ISA-L, zstd (28 b5 2f fd, or a skippable
 * frame first) decompressed with libzstd, on a reader thread into a small
 * ring of blocks, so decompression overlaps the tool's work on the second
 * core.  Multi-member gzip (`cat a.gz b.gz`) and multi-frame zstd are
 * read whole, skippable frames skipped; a .warc.zst's dictionary frame is
 * loaded.  A truncated or corrupt stream, or bytes after the last member
 * or frame that are not another, end the run with an error naming the
 * file.  The other common compressions and archives (xz, bzip2, lz4,
 * lzip, lzma, compress, zlib, 7z, zip, rar) are refused by name (exit 1),
 * never read as text.
 *
 * Ownership: a block returned by source_next() belongs to the source and
 * stays valid until the next source_next() or source_close().
 */
#ifndef RILL_SOURCE_H
#define RILL_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct source;

/*
 * Plain regular files are mapped (mmap) and handed out as windows, with
 * no copy; a file cut short while mapped ends the run with a message (the
 * SIGBUS is caught).  Pipes, and files that cannot be mapped, are read in
 * blocks that fit the L2 cache: the kernel's copy then leaves the block in
 * cache for the record scan (measured: 128 KiB reads scan 40% faster than
 * 1 MiB ones).  Decompressed blocks are larger so the two threads hand
 * over blocks rarely.
 */
#define SOURCE_PLAIN_BLOCK ((size_t)128 << 10)
#define SOURCE_DECODE_BLOCK ((size_t)1 << 20)
/*
 * A mapped file is handed out in windows of the same size: the windows
 * before are dropped from the process (madvise) half a megabyte at a time as
 * the next are given, so a mapped file holds little memory (--memory
 * bounds include the input).
 */
#define SOURCE_MAP_BLOCK SOURCE_PLAIN_BLOCK
#define SOURCE_MAP_DROP ((size_t)512 << 10)

/*
 * Open a file, or standard input for "-".  Dies (exit 1) if it cannot.
 * block_size 0 picks the defaults above; tests pass tiny sizes.
 */
struct source *source_open(const char *path, size_t block_size);
/* A source over memory, named `name` in messages (tests, fuzzing). */
struct source *source_open_mem(const void *data, size_t len, const char *name,
			       size_t block_size);

/* Next block: returns false at end of input.  Dies on a read or decompression error. */
bool source_next(struct source *s, const char **data, size_t *len);

const char *source_name(const struct source *s);
/* Raw (compressed) bytes consumed so far, and the raw size or -1 if unknown. */
uint64_t source_raw_consumed(const struct source *s);
int64_t source_raw_size(const struct source *s);

/*
 * Whether the blocks are windows of a mapped file: they stay readable
 * until source_close(), after later blocks were given too.
 */
bool source_is_mapped(const struct source *s);
/* A mapped file's windows dropped only once this many bytes behind the last one given. */
void source_keep_behind(struct source *s, size_t bytes);

void source_close(struct source *s);

#endif
