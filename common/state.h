/*
 * state: rill-dedupe's seen-set kept across runs (--state FILE).
 *
 * File layout, little-endian:
 *   magic "RILLSEEN" (8 bytes), version (u32), params length (u32),
 *   params (text: the settings that shape keys, such as
 *   "fields=1;icase=1;normalize=nfc;squeeze=0;strip_punct=0"),
 *   key count (u64), the keys (16 bytes each: a 128-bit hash),
 *   payload length (u64), the payload (what a tool keeps besides keys:
 *   rill-dedupe --near its LSH index), checksum (u64, XXH3-64 of every
 *   byte before it).  Version 1 files, without the payload, are read too.
 * A file that is not such a file, or whose checksum does not match, is an
 * error, never an empty set.  A file made with other parameters is a
 * usage error that names the first setting that differs, and both lists
 * (a setting the file lacks is a change too: keys that rill now folds).
 *
 * Writing goes to a temporary file in the same directory, fsync()ed and
 * renamed over the old one (common/outfile), so a run killed at any point
 * leaves the old state whole.  Runs that update one state take an exclusive flock() on
 * FILE.lock from load to rename, so two runs wait for each other and lose
 * no key; a read-only run takes no lock (the rename is atomic).
 */
#ifndef RILL_STATE_H
#define RILL_STATE_H

#include <stdbool.h>

#include "buf.h"
#include "keyset.h"

struct state_lock;

/*
 * Waits for and takes the lock of the state at path (FILE.lock, created if
 * needed, never through a link: see common/outfile).  A run that must wait
 * says so once on standard error; wait_seconds >= 0 bounds the wait (0:
 * none), after which it is an error; < 0 waits as long as it takes.
 */
struct state_lock *state_lock(const char *path, double wait_seconds);
void state_unlock(struct state_lock *l);

/*
 * Adds the keys of the state at path to m, and appends its payload to
 * `payload` (if not NULL).  A missing file is an empty state when
 * `missing_ok`, otherwise an error.  `params` must match the file's.
 */
void state_load(const char *path, const char *params, struct keyset *m, bool missing_ok,
		struct buf *payload);

/* Writes every key of m and the payload as the state at path (temporary file, fsync, rename). */
void state_save(const char *path, const char *params, const struct keyset *m,
		const void *payload, size_t payload_len);

/* The parameters stored in a state file (for --merge-state); caller frees. */
char *state_params(const char *path);

#endif
