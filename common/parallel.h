/*
 * parallel: a tool's work on records spread over threads.  The main thread
 * copies records into batches of about 512 KiB (the reader reuses its
 * buffers): lines and TSV as whole runs of records just as they lie in
 * the input (reader_next_run), with no work per record on the main
 * thread; other formats record by record, with their fields, up to 4096
 * records a batch.  Worker threads, one per core, each
 * with its own state, process whole batches; the main thread appends each
 * batch's output to the tool's output in input order.  So output is the
 * same, in the same order, whatever the number of threads, as long as
 * processing one record depends on nothing but the record and the
 * worker's own state.
 */
#ifndef RILL_PARALLEL_H
#define RILL_PARALLEL_H

#include "tool.h"

/*
 * Processes one record on a worker: `state` is that worker's, and `out`
 * a writer into memory with the encoding of the tool's output.  The record
 * has its number, line and file name; its raw text for lines and TSV
 * (with `clean` set, see struct record), NULL for the others.  `side` is the
 * batch's own buffer for what a reduce function needs besides the output.
 */
typedef void (*parallel_fn)(void *state, const struct record *rec, const struct field *f, size_t n,
			    struct writer *out, struct buf *side);

struct parallel_batch;

/*
 * Called on the main thread for each batch in input order, with what the
 * workers wrote (the memory writer's text, and the side buffer), when
 * that is not simply the output: decisions that depend on every record
 * before (rill-dedupe's seen-set) are made here.
 */
typedef void (*parallel_reduce_fn)(void *ctx, const struct parallel_batch *b, const char *out,
				   size_t len, const struct buf *side);

/*
 * From a reduce function: the batch's records through fn again, on this
 * thread, with `state`, into `out` (a batch whose output turned out to
 * depend on the records before it: rill-join's padding of ragged rows).
 */
void parallel_batch_replay(const struct parallel_batch *b, parallel_fn fn, void *state,
			   struct writer *out, struct buf *side);

/*
 * From a parallel_fn on a worker, between two records of its output: once
 * `out` (the batch's writer into memory) holds more than 8 MiB, waits
 * until every batch before this one is written, then appends what `out`
 * holds to the tool's output and empties it, so one record that writes
 * without bound (rill-tag --spans of nested phrases) needs bounded memory.
 * The output stays in input order.  Does nothing on the main thread or
 * under a reduce (whose output is not simply appended).
 */
void parallel_output_ahead(struct writer *out);

/* Threads to use by default: one per core, at most 8. */
unsigned parallel_default_threads(void);

/*
 * Threads for `requested` (--threads: 0 for the default, or
 * THREADS_EVERY_CORE, what --threads=0 gives: one per core, however many).
 */
unsigned parallel_threads(uint64_t requested);

/*
 * Workers for a tool whose main thread decides too (a reduce: rill-join,
 * rill-dedupe): `requested` (--threads, 0 for the default), or by default
 * (and for THREADS_EVERY_CORE, with no cap) one per core less the main
 * thread's own, which measured faster on two cores than a worker per
 * core.  0: the main thread alone.
 */
unsigned parallel_reduce_workers(uint64_t requested);

/*
 * Reads run->in to its end, processing on `nstates` threads (at least
 * one), one per state: `states` is an array of nstates states of
 * `state_size` bytes.
 */
void parallel_records(struct run *run, void *states, size_t state_size, unsigned nstates,
		      parallel_fn fn);

/* The same, each batch's work handed to reduce (with ctx) instead of written out. */
void parallel_records_reduce(struct run *run, void *states, size_t state_size, unsigned nstates,
			     parallel_fn fn, parallel_reduce_fn reduce, void *ctx);

/*
 * A reduce's decisions that fall into independent shards (rill-dedupe:
 * keys by their hash), made in input order within each shard: decide is
 * called once for every batch and shard, after the workers processed it
 * and before reduce sees it, each shard's calls in input order, shard 0
 * on the main thread, the others on whichever worker is free (their
 * results go into the batch's side buffer, each shard its own bytes).
 * So the main thread, which alone would have to make every decision,
 * shares them with the workers.
 */
typedef void (*parallel_shard_fn)(void *ctx, const struct parallel_batch *b, struct buf *side,
				  unsigned shard);

void parallel_records_sharded(struct run *run, void *states, size_t state_size, unsigned nstates,
			      parallel_fn fn, parallel_shard_fn decide, unsigned nshards,
			      parallel_reduce_fn reduce, void *ctx);

#endif
