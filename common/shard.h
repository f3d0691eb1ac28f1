/*
 * shard: rill-split --into: records routed to many output files.
 *
 * A file is chosen per record: the next one after --lines=N records or
 * before a record that would take it past --bytes=SIZE (the header line
 * counted, bytes before compression; a record is never cut), one per key value (--key, `%k` in the pattern), or one of N by
 * key hash (--hash=N, `%n`).  `%d` (with a width, `%04d`) numbers files
 * from 0, `%%` is a percent sign.
 *
 * Every file is written under a temporary name and renamed only when the
 * run succeeds, so shards appear together or not at all.  With many keys
 * at most SHARD_MAX_OPEN files are open (fewer .gz and .zst ones, and
 * fewer if descriptors are short); the least recently used is
 * closed and later reopened for appending (a `.gz` shard then holds
 * several gzip members, which every gzip reader accepts).  A key becomes
 * part of a file name percent-encoded, so `/`, `..` or control characters
 * in data cannot leave the output directory.
 */
#ifndef RILL_SHARD_H
#define RILL_SHARD_H

#include <stdint.h>

#include "fields.h"
#include "key.h"
#include "writer.h"

/* Files open at once at most (fewer under a low descriptor limit; see plan_open_files in shard.c). */
#define SHARD_MAX_OPEN 8192
#define SHARD_MAX_OPEN_GZIP 192
#define SHARD_MAX_OPEN_ZSTD 16
/* What the open files' buffers and compression states may take. */
#define SHARD_MEMORY ((size_t)64 << 20)

struct shard_opts {
	const char *pattern;	/* --into; NULL: no sharding */
	uint64_t lines, bytes, hash;
	const char *key_field;
};

struct shards;

/* Checks the options against the pattern (usage errors) and prepares. */
struct shards *shards_open(const struct shard_opts *o, const struct output_opts *out,
			   const struct key_opts *key, const struct field *header, size_t nheader,
			   const struct field *out_header, size_t nout_header);

/*
 * The writer for one output record: `record` is the input record (for the
 * key), `out` the fields about to be written (for --bytes).
 */
struct writer *shards_writer_for(struct shards *s, const struct field *record, size_t nrecord,
				 const struct field *out, size_t nout);

/* Closes every file and renames all of them into place. */
void shards_close(struct shards *s);

#endif
