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
 * 1 - (1 - s^(H/B))^B (with 256 and 32: 0.997 at s = 0.8).  Every
 * candidate is then measured exactly, on the kept record's shingle set
 * (sorted 32-bit shingle hashes, about 1 KB for a news article), so
 * precision does not suffer from the estimate's noise, and whether two
 * records are near duplicates (minhash_near: they share a band and their
 * sets' Jaccard similarity is at least the threshold) is a property of
 * the pair alone, which rill-dedupe's stages on other machines decide the
 * same way (common/sketch/nearstage.h).
 *
 * Work per query is bounded whatever the input: a bucket takes its first
 * MINHASH_BUCKET_RECORDS records (in the order they are decided, the
 * dropped ones counting too: minhash_count), so a record is measured
 * against at most that many kept records a band, each once (a stamp per
 * kept record).  Records that are alike but below the threshold
 * (listings, templates, signatures) crowd the buckets of the bands they
 * share; without a cap every record was measured against every earlier
 * one.  The rule depends on the order of the records alone, not on which
 * were kept, so the stages apply it too (each group's first 32 members are
 * its only possible representatives).  The trade: in a bucket that has
 * filled, a record is found only through the bucket's first records; a
 * near copy of a record that came after them is found through its other
 * bands or not at all.  Ordinary text fills no bucket that far; 10,000
 * copies of one story do, and are all found through the first.
 */
#ifndef RILL_MINHASH_H
#define RILL_MINHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"
#include "../hashmap.h"

#define MINHASH_BUCKET_RECORDS 32

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
 * It is minhash_query then minhash_query_signature.
 */
void minhash_signature(struct minhash_index *ix, const uint64_t *shingles, size_t n,
		       uint32_t *sig);
/* The query set of shingle hashes: ix->query, ix->nquery (sorted, distinct 32-bit hashes). */
void minhash_query(struct minhash_index *ix, const uint64_t *shingles, size_t n);
/* A query set kept from before (minhash_query's, sorted and distinct) made the query again. */
void minhash_set_query(struct minhash_index *ix, const uint32_t *set, size_t n);
/* The signature of the query set. */
void minhash_query_signature(const struct minhash_index *ix, uint32_t *sig);

/*
 * The most similar kept record (the first of equals) near the query, among
 * those filed in its bands' buckets: its record number and the exact
 * similarity; returns false if none.
 */
bool minhash_find(struct minhash_index *ix, const uint32_t *sig, uint64_t *id,
		  double *similarity);

/*
 * The exact Jaccard similarity of two sorted sets of distinct shingle
 * hashes (1 for two empty sets).
 */
double minhash_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/*
 * Whether two records that share a band are near duplicates: their sets'
 * similarity, then in *similarity, is at least the threshold.  The one
 * rule of every --near decision, in one run and in the stages.
 */
bool minhash_near(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, double threshold,
		  double *similarity);

/*
 * The key of each band of a signature (ix->bands of them), as the index
 * files them: a 64-bit hash in .lo, MINHASH_BAND_KEY_HI in .hi.
 */
#define MINHASH_BAND_KEY_HI 0x4C534842414E44ULL
void minhash_band_keys(const struct minhash_index *ix, const uint32_t *sig, struct key128 *keys);

/*
 * Keeps a signature (and the query set) under a record number, filed in
 * the buckets of its bands that have room; every record decided goes
 * through this or minhash_count, in the order decided.
 */
void minhash_add(struct minhash_index *ix, const uint32_t *sig, uint64_t id);
/* A record dropped: counted in the buckets of its bands, as a bucket takes its first records. */
void minhash_count(struct minhash_index *ix, const uint32_t *sig);

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
