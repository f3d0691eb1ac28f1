/*
 * nearstage: rill-dedupe --near in stages that sort, rill-split --hash,
 * GNU parallel and Hadoop Streaming move line files between, so that a
 * corpus past one machine's memory is deduped with the answer one run
 * gives (rill-dedupe(1), STAGES, is the contract; this is the why).
 *
 * What one run decides.  Records are taken in rank order (input order;
 * under --keep=longest the most bytes first, then input order); a record
 * is dropped when it is near (minhash_near: shares an LSH band, Jaccard
 * similarity at least T) an earlier record that was KEPT.  Kept-ness is
 * a chain: whether B is dropped depends on whether A, before it, was.
 *
 * The stages, each a filter over lines whose first field is the key that
 * groups them (bands -> buckets -> candidates -> pairs -> decide, then the
 * original records through filter):
 *   bands       per record, one band line per band (key, rank) and one
 *               shingle line (rank, its exact shingle set);
 *   buckets     band lines grouped by key: each bucket of two records or
 *               more becomes a group, named by the hash of its members,
 *               and each member gets a member line (rank, group); buckets
 *               with the same members are one group (an exact copy shares
 *               all 32 bands with its original: one group, not 32);
 *               shingle lines pass through;
 *   candidates  shingle and member lines grouped by rank: each member's
 *               set, once per group it is in;
 *   pairs       candidate lines grouped by group: the walk below;
 *   decide      pairs sorted by their later record: one bit per record;
 *   index       the kept records' band and shingle lines, as an earlier
 *               run's: what the next runs' buckets compare with.
 *
 * Pairs stay linear, and why that is enough.  Emitting every near pair
 * of a bucket is quadratic (10,000 copies of a story: 50 million).  The
 * walk of a group instead goes through its members in rank order keeping
 * a list of representatives, compares each member with the
 * representatives only, and emits a pair for each one it is near; a
 * member joins the representatives when it is near none of them, or
 * when it is believed kept (below).  10,000 copies are near their first,
 * the one representative: 10,000 pairs.
 *
 * decide reads the pairs in the later record's rank order and drops a
 * record when one of its pairs names an earlier record not dropped.  Let
 * S be the pairs it reads.  Every pair in S is a true near pair, so a
 * record decide drops, one run drops too, provided the records before it
 * were decided right.  A record one run drops has a kept earlier
 * neighbour j in some shared bucket; decide finds it if (j, i) is in S,
 * which holds when j was a representative of that bucket's group.  So
 * decide gives one run's answer exactly when every record it keeps was a
 * representative in every group it is in: then, by induction in rank
 * order, its decisions are a fixed point of one run's rule, and one run's
 * rule has exactly one (it fixes each record from the ones before it).
 *
 * decide checks that condition itself.  The walk marks a pair "p" when
 * its later record was passed over (near a representative, so not one,
 * and not believed kept) in a group with members after it, which were
 * then compared with the representatives and not with it.  A record
 * decide keeps although one of its pairs says "p" is exactly a record the
 * condition fails for (a chain: A dropped by Z outside the group, B near
 * A but not near Z, so B is kept, and the group's later records were
 * compared with A, not with B); a record passed over in a group it is the
 * last of missed nothing.  If there is none, the answer is final.  If
 * there are some, decide's last line says the drops are not final, and
 * they are the beliefs of a second round: pairs --drops makes every
 * record they keep a representative, and decide checks again.  Each round
 * gets at least the first wrong decision right and keeps every decision
 * before it (their witnesses are believed kept, so compared), so the
 * rounds end; on real corpora the first is final or one more is needed.
 * Work per round: each member is compared with the representatives of
 * its groups, which are the kept records one run compares it with, plus
 * the walk's own picks, and a pair met in several groups is measured and
 * written once.
 *
 * One run's cap (minhash.h: a bucket takes its first 32 records, kept or
 * not) depends on the order alone, so the walk applies it as it stands:
 * only a group's first 32 members can be representatives, the later ones
 * are compared with them; the argument above holds for the capped rule.
 *
 * --clusters instead links records through any chain of near pairs
 * (connected components): the walk then compares a member with the
 * members of each component of the group so far (its first 32 members'
 * components) until one is near, so the emitted pairs connect exactly
 * what every such near pair connects, fewer than one pair per member and
 * group.
 *
 * Ranks.  A record's rank is "1" (this run; "0": kept in an earlier run,
 * before everything now), then under --keep=longest 16 hex digits of
 * 2^64 - 1 - its bytes, then 16 hex digits of its position (its record
 * number in the whole input, or its --id).  Hex is lower case, fixed
 * width, so byte order (LC_ALL=C sort, Hadoop's key order) is rank order.
 */
#ifndef RILL_NEARSTAGE_H
#define RILL_NEARSTAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../hashmap.h"
#include "../key.h"

struct run;
struct writer;

struct near_rank {
	bool earlier;		/* kept by an earlier run: before every record of this one */
	uint64_t priority;	/* 0 under --keep=first; 2^64 - 1 - bytes under --keep=longest */
	uint64_t position;	/* record number in the whole input, or the --id */
};

static inline int near_rank_cmp(const struct near_rank *a, const struct near_rank *b)
{
	if (a->earlier != b->earlier)
		return a->earlier ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	return (a->position > b->position) - (a->position < b->position);
}

/* What every stage is told, from rill-dedupe's options. */
struct near_stage_opts {
	double threshold;	/* --near */
	bool longest;		/* --keep=longest: ranks carry a length */
	bool clusters;		/* pairs and decide: connected components */
	uint32_t digest;	/* of the settings that shape shingle sets and bands */
	const char *drops;	/* pairs: the previous round's decisions; index: the final ones */
	const char *run_name;	/* index: this run's name among the index's runs */
};

/* Characters of a rank: 17, or 33 under --keep=longest. */
size_t near_rank_width(bool longest);
/* Writes the rank's characters at p; returns the end. */
char *near_rank_put(char *p, const struct near_rank *r, bool longest);
bool near_rank_parse(const char *s, size_t len, bool longest, struct near_rank *r);

/*
 * bands: one record's band lines and shingle line, through the writer's
 * direct interface (the writer writes lines).
 */
void near_write_bands(struct writer *out, const struct near_rank *r, bool longest,
		      const struct key128 *keys, uint32_t nbands, const uint32_t *set, size_t n,
		      uint32_t digest);

/*
 * The stages that read intermediate lines: the run's input (lines) to its
 * output (lines), with --stats figures through run_figure.  nearstage_decide
 * returns the records it kept that the walk passed over (0: final).
 */
void nearstage_buckets(struct run *run, const struct near_stage_opts *o);
void nearstage_candidates(struct run *run, const struct near_stage_opts *o);
void nearstage_pairs(struct run *run, const struct near_stage_opts *o);
uint64_t nearstage_decide(struct run *run, const struct near_stage_opts *o);
void nearstage_clusters(struct run *run, const struct near_stage_opts *o);
/*
 * index: band and shingle lines (bands') less those of the dropped
 * records, the rest as an earlier run's (rank "0", the position a hash of
 * the run's name and the record's position, so runs' records stay apart):
 * the index the next runs' buckets and candidates compare with.  Lines
 * already an earlier run's go through, so the index and this run's bands
 * in give the next index out.
 */
void nearstage_index(struct run *run, const struct near_stage_opts *o);

/*
 * A decide (or clusters) output loaded for filter: which positions are
 * dropped, with the position of the record each duplicates (0: one kept
 * by an earlier run) and the similarity (NaN after clusters, which
 * measure none).
 */
struct near_drops {
	struct hashmap map;	/* position -> witness (value), similarity bits (aux) */
	bool similarities;	/* every line had one */
};

void near_drops_load(struct near_drops *d, const char *path, bool longest);
bool near_drops_find(const struct near_drops *d, uint64_t position, uint64_t *witness,
		     double *similarity);
void near_drops_release(struct near_drops *d);

/* The probability that a pair of similarity s shares a band: 1 - (1 - s^rows)^bands. */
double near_catch_probability(double s, uint32_t rows, uint32_t bands);

#endif
