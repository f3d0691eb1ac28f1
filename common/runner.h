/*
 * runner: the one way a tool runs over its records, on one thread or on
 * every core.
 *
 * A tool describes each of its modes once, as a struct mode (the way
 * OpenBSD cut picks its function once and redis keeps a command table),
 * picks one after checking its options, and hands it to runner_run().
 * The record loop never re-tests the tool's options: what differs between
 * modes is which functions the mode names.
 *
 * A mode names:
 *  - the state of each thread that processes records (state_new and
 *    state_free: scratch space, a worker's own table), made and freed by
 *    the runner;
 *  - the per-record function, on the main thread in input order (record)
 *    and, if the mode can use other cores, on a worker (worker);
 *  - where a record's fate depends on the records before it, the
 *    in-order step on the main thread (reduce: each batch's work, in
 *    input order), optionally with its decisions shared out in shards
 *    (decide, shards: rill-dedupe's seen-set by key hash);
 *  - what is left to do after the last record (finish);
 *  - or, for a mode that does not go record by record (a merge join of
 *    two sorted inputs, totals per file), the whole run (whole).
 *
 * On several cores (common/parallel): the main thread reads and fills
 * batches, workers run `worker` on whole batches, each with its own
 * state, and each batch's output is written (or reduced) in input order,
 * so the output is the same, byte for byte, whatever the number of
 * threads.  On one thread `record` runs on each record as it is read.
 */
#ifndef RILL_RUNNER_H
#define RILL_RUNNER_H

#include "tool.h"

struct batch;

/*
 * One record.  `state` is the thread's (state_new's).  On the main thread
 * (mode.record) `out` is the run's output and `side` is NULL.  On a worker
 * (mode.worker) `out` is a writer into memory with the output's encoding,
 * and `side` the batch's buffer for what reduce needs besides the output;
 * the record has its number, line and file name, its raw text for lines
 * and TSV (with `clean`, see struct record), NULL for the others.
 */
typedef void (*record_fn)(void *state, const struct record *rec, const struct field *f, size_t n,
			  struct writer *out, struct buf *side);

/*
 * On the main thread, each batch in input order, with what the workers
 * wrote (the memory writer's text) and the side buffer: decisions that
 * depend on every record before (rill-join's widths, rill-dedupe's
 * writing of kept records) are made here.
 */
typedef void (*reduce_fn)(void *ctx, const struct batch *b, const char *out, size_t len,
			  const struct buf *side);

/*
 * A reduce's decisions that fall into independent shards (rill-dedupe:
 * keys by their hash part), each shard's made in input order: called once
 * for every batch and shard, after the workers processed the batch and
 * before reduce sees it; shard 0 on the main thread, the others on
 * whichever worker is free (results go into the side buffer, each shard
 * its own bytes).
 */
typedef void (*decide_fn)(void *ctx, const struct batch *b, struct buf *side, unsigned shard);

struct mode {
	/*
	 * The state of a thread that processes records, made before the first
	 * record; `alone` when it is the only one (the mode runs on the main
	 * thread), where a tool may hand back ctx itself.  state_free, after
	 * the last record, on the main thread, in the order the states were
	 * made, folds what the state gathered into ctx (a worker's table) and
	 * frees it.  Both NULL: the state is ctx.
	 */
	void *(*state_new)(void *ctx, bool alone);
	void (*state_free)(void *state, void *ctx);
	record_fn record;	/* on the main thread, in input order */
	record_fn worker;	/* on a worker; NULL: the mode runs on one thread */
	reduce_fn reduce;	/* NULL: each batch's output is appended to the run's */
	decide_fn decide;	/* with reduce: decisions in shards */
	unsigned (*shards)(void *ctx, unsigned workers);
	void (*finish)(void *ctx);	/* after the last record (and state_free) */
	void (*whole)(struct run *run, void *ctx);	/* not record by record: all of it */
};

/*
 * Runs the mode over run->in to its end, with ctx.  `threads` is the
 * tool's --threads (0: the default, one per core, at most 8; 1: the main
 * thread alone), the number of threads that process records (see
 * rill(7), THREADS): a mode with a worker and no reduce runs that many
 * workers while the main thread reads and writes; with a reduce, where
 * the main thread decides too, it is one of them, beside one worker fewer.
 */
void runner_run(struct run *run, const struct mode *m, void *ctx, uint64_t threads);

/*
 * From a reduce: the batch's records through fn again, on this thread,
 * with `state`, into `out` (a batch whose output turned out to depend on
 * the records before it: rill-join's padding of ragged rows).
 */
void runner_replay(const struct batch *b, record_fn fn, void *state, struct writer *out,
		   struct buf *side);

/*
 * From a worker, between two records of its output: once `out` (the
 * batch's writer into memory) holds more than 8 MiB, waits until every
 * batch before this one is written, then appends what `out` holds to the
 * run's output and empties it, so a record that writes without bound
 * (rill-tag --spans of nested phrases) needs bounded memory.  Output stays
 * in input order.  Does nothing on the main thread or under a reduce.
 */
void runner_output_ahead(struct writer *out);

#endif
