/*
 * minhash: near-duplicate detection for rill-dedupe --near, by MinHash
 * signatures (Broder 1997) and banded locality-sensitive hashing.
 *
 * A text's shingles (N consecutive normalized words, hashed) give a
 * signature of H 32-bit minima under H hash functions (a multiply and
 * xor-shift of the shingle hash under H seeds, 32 at a time with AVX2); the fraction of
 * equal positions in two signatures estimates the Jaccard similarity of
 * their shingle sets (standard error sqrt(J(1-J)/H): 0.035 at J = 0.8 with
 * H = 128).  Signatures are cut into B bands of H/B rows; texts sharing a
 * band are candidates, so a pair of similarity s is found with probability
 * 1 - (1 - s^(H/B))^B (with 256 and 32: 0.997 at s = 0.8).  A candidate
 * whose estimate is near the threshold is then verified exactly, on the
 * kept record's shingle set (sorted 32-bit shingle hashes, about 1 KB for
 * a news article), so precision does not suffer from the estimate's noise.
 *
 * Work per query is bounded whatever the input: buckets are walked newest
 * first and at most MINHASH_MAX_PER_BUCKET deep, at most
 * MINHASH_MAX_CANDIDATES distinct kept records are measured, and each only
 * once (a stamp per kept record).  Records that are alike but below the
 * threshold (listings, templates, signatures) crowd the buckets of the
 * bands they share; without the caps every record was measured against
 * every earlier one.  The trade: a near copy of a record older than the
 * last MINHASH_MAX_PER_BUCKET that share each of its bands with it is not
 * found.  Ordinary text fills no bucket that far.
 */
#ifndef RILL_MINHASH_H
#define RILL_MINHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"
#include "../hashmap.h"

#define MINHASH_MAX_PER_BUCKET 32
#define MINHASH_MAX_CANDIDATES 256

struct minhash_index {
	uint32_t hashes, bands, rows;
	double threshold;
	uint32_t *sigs;		/* kept signatures, `hashes` each */
	size_t nsigs, asigs;
	uint64_t *ids;		/* the record number of each kept signature */
	uint32_t *next;		/* per (kept, band): the next kept in the bucket, + 1 */
	struct hashmap buckets;	/* band key -> first kept in the bucket + 1 (value) */
	uint32_t *seed32;	/* the hash functions' seeds */
	uint32_t *sets;		/* kept shingle sets, sorted, one after another */
	size_t nsets, asets;
	size_t *set_at;		/* per kept: where its set starts; set_at[k+1] ends it */
	uint32_t *query;	/* the query's set, sorted (reused) */
	size_t nquery, aquery;
	uint32_t *tmp;		/* the sort's second buffer */
	size_t atmp;
	struct key128 *band_keys;	/* the query's, per band (reused) */
	uint32_t *examined;	/* per kept: the epoch of the last query that measured it */
	uint32_t epoch;
};

void minhash_init(struct minhash_index *ix, uint32_t hashes, uint32_t bands, double threshold);
void minhash_release(struct minhash_index *ix);

/*
 * The signature of a set of shingle hashes (sig has ix->hashes slots); it
 * also becomes the query set of the next minhash_find and minhash_add.
 */
void minhash_signature(struct minhash_index *ix, const uint64_t *shingles, size_t n,
		       uint32_t *sig);

/*
 * The most similar kept signature at or above the threshold: its record
 * number and estimated similarity; returns false if none.
 */
bool minhash_find(struct minhash_index *ix, const uint32_t *sig, uint64_t *id,
		  double *similarity);

/* Keeps a signature under a record number. */
void minhash_add(struct minhash_index *ix, const uint32_t *sig, uint64_t id);

/*
 * The kept signatures and shingle sets, appended to out (a state file's
 * payload: about 4 * (hashes + set size) bytes per kept record).
 */
void minhash_save(const struct minhash_index *ix, struct buf *out);

/*
 * Keeps the records of a saved index, under record number 0 (an earlier
 * run); false if the data are damaged or made with other hashes or bands.
 */
bool minhash_load(struct minhash_index *ix, const void *data, size_t len);

/*
 * Appends a saved index to `merged` (empty, or saved indexes appended
 * before), so `merged` loads as the kept records of both: --merge-state.
 * False if the data are not a saved index or have other hashes or bands.
 */
bool minhash_append_saved(struct buf *merged, const void *data, size_t len);

#endif
