/* runner: a tool's mode run on one thread or on every core; see runner.h. */
#include "runner.h"
#include "diag.h"
#include "parallel.h"

#include <stdlib.h>

static void *new_state(const struct mode *m, void *ctx, bool alone)
{
	return m->state_new ? m->state_new(ctx, alone) : ctx;
}

static void free_state(const struct mode *m, void *state, void *ctx)
{
	if (m->state_free)
		m->state_free(state, ctx);
}

/* Every record through m->record on this thread, as it is read. */
static void run_here(struct run *run, const struct mode *m, void *ctx)
{
	void *state = new_state(m, ctx, true);
	const struct record *rec;
	while ((rec = reader_next(run->in)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(run->in, &f);
		m->record(state, rec, f, n, run->out, NULL);
	}
	free_state(m, state, ctx);
}

static void run_on_workers(struct run *run, const struct mode *m, void *ctx, unsigned workers)
{
	void **states = xcalloc(workers, sizeof *states);
	for (unsigned i = 0; i < workers; i++)
		states[i] = new_state(m, ctx, false);
	unsigned shards = m->decide && m->shards ? m->shards(ctx, workers) : 1;
	parallel_run(run, m, ctx, states, workers, shards);
	for (unsigned i = 0; i < workers; i++)
		free_state(m, states[i], ctx);
	free(states);
}

void runner_run(struct run *run, const struct mode *m, void *ctx, uint64_t threads)
{
	if (m->whole) {
		m->whole(run, ctx);
	} else {
		unsigned workers = 0;
		if (m->worker && m->reduce)
			workers = parallel_reduce_workers(threads);
		else if (m->worker)
			workers = parallel_threads(threads);
		if (workers > (m->reduce ? 0u : 1u))
			run_on_workers(run, m, ctx, workers);
		else
			run_here(run, m, ctx);
	}
	if (m->finish)
		m->finish(ctx);
}
