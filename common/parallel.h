/*
 * parallel: the runner's engine for a mode on several threads (the API
 * tools use is runner.h).
 *
 * The main thread copies records into batches of about 512 KiB (the
 * reader reuses its buffers): lines and TSV as whole runs of records just
 * as they lie in the input (reader_next_run), with no work per record on
 * the main thread; other formats record by record, with their fields, up
 * to 4096 records a batch.  Two batches per worker are in flight.  Worker
 * threads, each with its own state, run the mode's worker function on
 * whole batches into writers into memory; the main thread appends each
 * batch's output to the run's output in input order (or hands it to the
 * mode's reduce, after its shards were decided).  So output is the same,
 * in the same order, whatever the number of threads, as long as a
 * worker's work on one record depends on nothing but the record and the
 * worker's own state.
 */
#ifndef RILL_PARALLEL_H
#define RILL_PARALLEL_H

#include "runner.h"

/*
 * The threads that process records for `requested` (--threads: 0 for the
 * default, one per core, at most 8; THREADS_EVERY_CORE, what --threads=0
 * gives: one per core, however many), at least 1.  For a mode without a
 * reduce they are all workers, the main thread only reading and writing
 * beside them (as xz's and zstd's does).
 */
unsigned parallel_threads(uint64_t requested);

/*
 * Workers for a mode whose main thread decides too (a reduce): the main
 * thread is one of parallel_threads(), so one fewer (0: the main thread
 * alone).  The same meaning of --threads for every mode: N threads busy
 * with the records, which is also what measured fastest on two cores.
 */
unsigned parallel_reduce_workers(uint64_t requested);

/*
 * Reads run->in to its end through m->worker on nstates threads (at least
 * one), states[i] the i-th's; m->reduce (with ctx) or the run's output
 * takes each batch's work in input order; with m->decide, in nshards shards.
 */
void parallel_run(struct run *run, const struct mode *m, void *ctx, void *const *states,
		  unsigned nstates, unsigned nshards);

#endif
