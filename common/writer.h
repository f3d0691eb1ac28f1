/*
 * writer: every byte a tool writes as records, to standard output or to
 * -o FILE (or, for rill-split --into, to many files).
 *
 * Records are encoded per format into a large buffer: TSV escapes
 * (\t \n \r \\), CSV quoting only where a field needs it (RFC 4180),
 * `para` blocks separated by a blank line, `lines` fields joined by TAB,
 * `jsonl` one object a line, each field a string under its key (the
 * header's name, writer_header() or writer_names(), or f1, f2, ...; JSON escapes for the
 * quote, the backslash and control characters, other bytes as they are).
 * A file name ending in `.gz` is gzip-compressed through zlib, one ending
 * in `.zst` zstd-compressed through libzstd (level 3, with checksums).
 *
 * A file is written under a temporary name in its directory and renamed
 * by writer_close(), so a failed run never leaves a half file (see
 * common/outfile: links, devices, modes, removal on a fatal error or
 * signal).  Every write and the
 * final flush are checked; a write error (a full disk) is a message and
 * exit 1.  A closed pipe on standard output ends the tool quietly, by
 * SIGPIPE, as coreutils do.
 */
#ifndef RILL_WRITER_H
#define RILL_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "records.h"

struct output_opts {
	enum rec_format format;	/* FMT_NONE: the input's (doc input: tsv) */
	char delim;		/* 0: the format's default */
	bool zero;		/* -z: NUL ends a line */
	const char *path;	/* -o; NULL or "-" for standard output */
	bool line_buffered;	/* --line-buffered: each record written out when it ends */
	bool headerless;	/* --headerless-output: writer_header() writes nothing */
	size_t buffer;		/* bytes buffered before a write (and compressed at a time); 0: 256 KiB */
};

struct writer;

enum compression { COMPRESS_NONE, COMPRESS_GZIP, COMPRESS_ZSTD };

/* Opens the output; `format` must be resolved (not FMT_NONE, not FMT_DOC). */
struct writer *writer_open(const struct output_opts *o);
/*
 * Writes to `fd`, open for appending on a temporary file this run made
 * (rill-split's shards, reopened after being closed: see outfile_reopen),
 * `empty` if nothing was written to it yet; compressed as asked (the
 * temporary names do not end in .gz or .zst, so the caller says).  `path`
 * names the file in messages; closing the writer closes fd.
 */
struct writer *writer_open_append(const struct output_opts *o, enum compression compression, int fd,
				  bool empty);

/* One record made of fields, encoded for the output format. */
void writer_fields(struct writer *w, const struct field *f, size_t n);
/* A record of one field. */
void writer_text(struct writer *w, const char *s, size_t n);

/*
 * The header record (-H, and rill-count's --labels): written as a record
 * unless the output is headerless (--headerless-output), and never counted
 * in writer_records(), so --stats counts data records on both sides.
 * Every tool writes its header through this, into every file it writes.
 * A jsonl writer writes no line: the names are the keys of the records
 * after it (writer_names).
 */
void writer_header(struct writer *w, const struct field *f, size_t n);

/*
 * Writing a record piece by piece: writer_field() for each field, then
 * writer_end_record().  Lets a tool add a field to an input record
 * without copying the record.
 */
void writer_field(struct writer *w, const char *s, size_t n);
/* A field holding a number in decimal (offsets, counts), without printf; in jsonl a JSON number. */
void writer_field_u64(struct writer *w, uint64_t v);

/*
 * JSON Lines.  The names of the fields, in order, for the keys of the
 * records written next (copied; a format other than jsonl ignores them).
 */
void writer_names(struct writer *w, const struct field *names, size_t n);
/* The key of the next field only, instead of its name (name stays the caller's until then). */
void writer_key(struct writer *w, const char *name, size_t n);
/* s[0, n) as a JSON string, quotes and escapes, appended to b (a tool's JSON arrays). */
struct buf;
void json_quote(struct buf *b, const char *s, size_t n);
/* A field whose value is JSON text already (a number, an array): written as it is in jsonl. */
void writer_json_field(struct writer *w, const char *json, size_t n);
/*
 * A record written as it came: a JSON object's text (jsonl to jsonl), or a
 * WARC record (warc to warc: into a .gz or .zst file, a gzip member or zstd
 * frame of its own, as WARC files are written).
 */
void writer_passthrough(struct writer *w, const char *text, size_t len);
/*
 * A record that starts as a JSON object's text: the fields written next
 * (with their keys) are appended to it, and writer_end_record() closes
 * it.  So a tool adds keys to the objects it read, which stay byte for
 * byte as they were.
 */
void writer_begin_object(struct writer *w, const char *text, size_t len);
/*
 * After writer_begin_object(): the members of another object's text
 * appended (a join's other side), as jq's `.[0] + .[1]` joins two objects.
 */
void writer_object_members(struct writer *w, const char *text, size_t len);
void writer_end_record(struct writer *w);
/*
 * nfields fields already encoded for w, joined by its delimiter (a clean
 * record's text, see struct record), written as they are: the record
 * goes on with writer_field() or ends with writer_end_record().
 */
void writer_encoded_fields(struct writer *w, const char *text, size_t len, size_t nfields);
/*
 * Whether a clean record read as `in` (lines or TSV, see struct record)
 * can go out as it is: w writes lines for lines, TSV with a TAB
 * delimiter for TSV.
 */
bool writer_takes_clean(const struct writer *w, enum rec_format in);

/* The bytes writer_fields() would write for this record (rill-split --bytes). */
size_t writer_encoded_size(const struct writer *w, const struct field *f, size_t n);

/* Raw bytes, not encoded (a tool's own summary lines). */
void writer_raw(struct writer *w, const void *p, size_t n);

/*
 * A writer into memory with the encoding of `like`, for records made on
 * another thread: writer_append_memory() adds what it holds (bytes and
 * record count) to the real output, in the order the caller chooses, and
 * writer_memory_restart() empties it for the next batch (`first_record`:
 * whether its records start the output, which paragraphs need to know).
 */
struct writer *writer_open_memory(const struct writer *like);
void writer_memory_restart(struct writer *w, bool first_record);
void writer_append_memory(struct writer *w, const struct writer *m);
void writer_close_memory(struct writer *w);

/*
 * --rejects: the writer of what the records written to w leave out (the
 * run's rejects file for its output; for a batch's writer into memory, a
 * writer into memory of its own, appended after it in input order), or
 * NULL.  w does not own it.
 */
struct writer *writer_rejects(const struct writer *w);
void writer_set_rejects(struct writer *w, struct writer *rejects);
/* The bytes written into a memory writer so far. */
const char *writer_memory_text(const struct writer *w, size_t *len);
/* Appends `records` whole records already encoded for w (a piece of a memory writer's text). */
void writer_append_records(struct writer *w, const char *p, size_t n, uint64_t records);

enum rec_format writer_format(const struct writer *w);
uint64_t writer_records(const struct writer *w);
uint64_t writer_bytes(const struct writer *w);

/* Flushes, checks, closes and renames into place.  Dies on any error. */
void writer_close(struct writer *w);

/* The compression a file name asks for: .gz gzip, .zst zstd, else none. */
enum compression compression_of_name(const char *path);

/* Resolve the output format and delimiter the way every tool does. */
void output_resolve(struct output_opts *o, enum rec_format in_format, char in_delim);

#endif
