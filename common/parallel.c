/* parallel: a mode on worker threads, batches of records, output in order; see parallel.h. */
#include "parallel.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "html.h"
#include "source.h"

enum { BATCH_BYTES = 1 << 19, BATCH_RECORDS = 4096, AHEAD_BYTES = 8 << 20 };

struct batch {
	struct pool *pool;
	enum { BATCH_FREE, BATCH_FILLED, BATCH_WORKING, BATCH_DONE } state;
	uint64_t seq;
	struct buf data;		/* the fields' bytes, then file names */
	struct batch_record {
		uint64_t number, line;
		size_t first_field, nfields, file_at;
		size_t text_at, text_len;	/* keyed formats: the record's text too, at text_at in data */
		bool page;			/* --html: pages to convert among its fields */
		size_t type_at;			/* their Content-Type in data; SIZE_MAX: none */
	} *recs;
	size_t nrecs, arecs;
	struct field *fields;		/* data pointers are offsets until the batch is full */
	size_t nfields, afields;
	struct buf texts;		/* --html: the pages' text, which their fields point to once converted */
	/* Lines and TSV: runs of records, each ended by the terminator, in data. */
	struct batch_run {
		const char *text;	/* a stable run's, in the input; NULL: at `at` in data */
		size_t at, len, file_at;
		uint64_t number, line;	/* of its first record */
		bool strip_cr;		/* a CR before LF is still there (not in a record reader_next gave) */
	} *runs;
	size_t nruns, aruns;
	size_t bytes;			/* of the runs */
	/*
	 * JSON Lines: the runs' lines as the worker parsed them, before any
	 * record goes through the mode (see cut_jsonl_batch), and what it counted.
	 */
	struct batch_line {
		uint64_t line;
		size_t file_at;
		size_t first_value;	/* in values: the text, then the fields (a skipped line: why) */
		const char *reason;	/* NULL: a record; else skipped, for this reason */
	} *lines;
	size_t nlines, alines;
	struct field *values;
	size_t nvalues, avalues;
	struct buf copied;		/* values not in the input: values' offsets until the batch is cut */
	size_t *patches, npatches, apatches;	/* those values */
	struct jsonl_tally tally;
	uint64_t first_number;		/* of its first record, once the batches before are cut */
	/*
	 * Lines are counted here too: those of lines[0, lead) and the failed
	 * line (if failed_relative) count from the batch's first until the
	 * batch before is cut, and so does end_line, the line after its last,
	 * if end_relative (no run of the batch starts a file: see struct
	 * record_run).
	 */
	size_t lead;
	uint64_t end_line;
	bool end_relative, failed_relative;
	bool failed;			/* a bad line ends the input: line, file_at, copied's `failure` */
	uint64_t failed_line;
	size_t failed_file_at, failure_at;
	struct writer *out;
	struct buf side;
	unsigned shards_decided;	/* of those decided on workers (1..nshards-1) */
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work, done, turn;
	struct batch *batches;
	size_t nbatches;
	bool finished;			/* no more batches will be filled */
	/* The main thread's: batches filled and written so far, the one being filled. */
	uint64_t filled, written;
	uint64_t waiting_for;		/* seq + 1 of the batch the main thread waits to write (0: none) */
	struct batch *filling;
	struct writer *out;
	record_fn fn;
	reduce_fn reduce;
	void *reduce_ctx;
	/* Shards 1..nshards-1: the seq of each one's next batch to decide, and whether a worker is at it. */
	decide_fn decide;
	unsigned nshards;
	uint64_t *shard_next;
	bool *shard_busy;
	enum rec_format format;
	char delim, term;
	bool raw;			/* batches hold runs of records' texts, cut on the workers */
	bool jsonl;			/* ... of JSON lines, parsed on the workers */
	struct reader *in;
	/*
	 * JSON Lines: batches numbered so far (each after the one before),
	 * the next record's number and the line of the next batch's first line.
	 */
	uint64_t numbered, next_number, next_line;
	pthread_cond_t numbering;
	bool html;			/* --html: pages come as they are read, converted on the workers */
	/*
	 * --line-buffered: a batch is what one read gave, written before the
	 * next read, so no record waits for a batch to fill (one thread's pace).
	 */
	bool eager;
};

struct worker {
	struct pool *pool;
	void *state;
	pthread_t thread;
	struct field_array fields;	/* a raw record's fields */
	struct buf decoded;		/* and its decoded TSV escapes */
	struct jsonl_cutter *jsonl;	/* JSON Lines: its own parser */
	struct html_fields *html;	/* --html: its own converter */
	struct field_array page;	/* a record's fields as html_fields_apply() rewrites them */
	struct text_patch {
		size_t field, at, len;	/* b->fields[field] becomes len bytes at `at` in b->texts */
	} *patches;
	size_t npatches, apatches;
};

static unsigned online_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

/* Threads by default: one per core, at most 8. */
static unsigned default_threads(void)
{
	unsigned n = online_cores();
	return n > 8 ? 8 : n;
}

/* The records of a run: cut at the terminators, and TSV into fields, here on a worker. */
static void process_run(struct pool *p, struct worker *w, const struct batch *b,
			const struct batch_run *br, record_fn fn, struct writer *out, struct buf *side)
{
	const char *t = br->text ? br->text : b->data.data + br->at, *end = t + br->len;
	struct record rec = { NULL, 0, br->number, br->line, b->data.data + br->file_at, false };
	while (t < end) {
		const struct field *f;
		struct field line;
		size_t nf = 1;
		const char *next;
		if (p->format == FMT_TSV) {
			next = tsv_cut_line(t, end, p->delim, p->term, br->strip_cr, &w->fields, &w->decoded,
					    &rec.len, &rec.clean);
			f = w->fields.f;
			nf = w->fields.n;
		} else {
			next = run_next_line(t, end, p->term, br->strip_cr, &rec.len);
			rec.clean = (size_t)(next - 1 - t) == rec.len;	/* no CR taken off */
			line = (struct field){ t, rec.len };
			f = &line;
		}
		rec.text = t;
		fn(w->state, &rec, f, nf, out, side);
		rec.number++;
		rec.line++;
		t = next;
	}
}

/*
 * A batch of JSON lines, cut: its records through fn, numbered from the
 * batch's first, and the lines the skipping policy dropped told to the
 * rejects of `out` among them, in input order (not when replayed: they
 * were told the first time).
 */
static void process_jsonl(struct pool *p, const struct batch *b, void *state, record_fn fn,
			  struct writer *out, struct buf *side)
{
	struct record rec = { NULL, 0, b->first_number, 0, NULL, false };
	for (size_t i = 0; i < b->nlines; i++) {
		const struct batch_line *bl = &b->lines[i];
		const struct field *v = b->values + bl->first_value;
		rec.file = b->data.data + bl->file_at;
		if (bl->reason) {
			if (out == b->out)
				reader_report_skip(p->in, out, bl->reason, rec.file, bl->line, v[0].data,
						   v[0].len, v[1].data);
			continue;
		}
		rec.text = v[0].data;
		rec.len = v[0].len;
		rec.line = bl->line;
		fn(state, &rec, v + 1, b->tally.nkeys, out, side);
		rec.number++;
	}
}

/* Every record of the batch through fn, with the worker's state. */
static void process_records(struct pool *p, struct worker *w, const struct batch *b,
			    record_fn fn, struct writer *out, struct buf *side)
{
	if (p->jsonl) {
		process_jsonl(p, b, w->state, fn, out, side);
		return;
	}
	for (size_t i = 0; i < b->nruns; i++)
		process_run(p, w, b, &b->runs[i], fn, out, side);
	for (size_t i = 0; i < b->nrecs; i++) {
		const struct batch_record *br = &b->recs[i];
		struct record rec = { NULL, 0, br->number, br->line, b->data.data + br->file_at, false };
		if (br->text_at != SIZE_MAX) {
			rec.text = b->data.data + br->text_at;
			rec.len = br->text_len;
		}
		fn(w->state, &rec, b->fields + br->first_field, br->nfields, out, side);
	}
}

unsigned parallel_threads(uint64_t requested)
{
	if (requested == THREADS_EVERY_CORE)
		return online_cores();
	return requested ? (unsigned)requested : default_threads();
}

unsigned parallel_reduce_workers(uint64_t requested)
{
	unsigned threads = parallel_threads(requested);
	return threads - 1;
}

/*
 * --html: the batch's pages become their text, here on the worker (the
 * conversion costs far more than reading: on the reading thread it would
 * bound a run by one core).  The text goes into the batch, not the
 * worker, so a reduce replaying the batch (runner_replay) sees it too.
 */
static void convert_pages(struct worker *w, struct batch *b)
{
	buf_reset(&b->texts);
	w->npatches = 0;
	for (size_t i = 0; i < b->nrecs; i++) {
		const struct batch_record *br = &b->recs[i];
		if (!br->page)
			continue;
		const struct field *f = b->fields + br->first_field;
		ALLOC_GROW(w->page.f, br->nfields, w->page.alloc);
		memcpy(w->page.f, f, br->nfields * sizeof *f);
		html_fields_apply(w->html, w->page.f, br->nfields,
				  br->type_at == SIZE_MAX ? NULL : b->data.data + br->type_at);
		for (size_t j = 0; j < br->nfields; j++) {
			if (w->page.f[j].data == f[j].data)
				continue;	/* a field that is no page */
			ALLOC_GROW(w->patches, w->npatches + 1, w->apatches);
			w->patches[w->npatches++] = (struct text_patch){ br->first_field + j, b->texts.len,
									 w->page.f[j].len };
			buf_add(&b->texts, w->page.f[j].data, w->page.f[j].len);
		}
	}
	/* The buffer stopped moving: offsets become pointers. */
	for (size_t i = 0; i < w->npatches; i++) {
		const struct text_patch *t = &w->patches[i];
		b->fields[t->field] = (struct field){ t->len ? b->texts.data + t->at : "", t->len };
	}
}

/*
 * A value of a cut line for the batch: where it lies, if that is in the
 * input (which stays put while the batch is in flight); else copied, its
 * offset made a pointer once the batch is cut.
 */
static void keep_value(struct batch *b, const char *data, size_t len, const char *lo,
		       const char *hi)
{
	ALLOC_GROW(b->values, b->nvalues + 1, b->avalues);
	struct field *v = &b->values[b->nvalues++];
	if (!len || (data >= lo && data + len <= hi)) {
		*v = (struct field){ len ? data : "", len };
		return;
	}
	*v = (struct field){ (const char *)(uintptr_t)b->copied.len, len };
	buf_add(&b->copied, data, len);
	ALLOC_GROW(b->patches, b->npatches + 1, b->apatches);
	b->patches[b->npatches++] = b->nvalues - 1;
}

/*
 * JSON Lines: every line of the batch's runs parsed here, on the worker,
 * before any record goes through the mode: only then is it known how
 * many records the batch holds (blank and skipped lines are none), which
 * numbers the records of the batches after it.  A line that ends the
 * input ends the batch, and the run when the batch's turn comes.
 */
static void cut_jsonl_batch(struct pool *p, struct worker *w, struct batch *b)
{
	b->nlines = b->nvalues = b->npatches = 0;
	buf_reset(&b->copied);
	jsonl_tally_reset(&b->tally);
	b->failed = false;
	bool relative = true;
	uint64_t line = 0;
	b->lead = SIZE_MAX;
	for (size_t i = 0; i < b->nruns && !b->failed; i++) {
		const struct batch_run *br = &b->runs[i];
		const char *t = br->text ? br->text : b->data.data + br->at, *end = t + br->len;
		if (br->line) {
			if (relative)
				b->lead = b->nlines;
			relative = false;
			line = br->line;
		}
		while (t < end) {
			size_t len;
			const char *next = run_next_line(t, end, p->term, br->strip_cr, &len);
			struct jsonl_line jl;
			/* What follows the line in the run is simdjson's padding: no copy. */
			enum jsonl_fate fate = jsonl_cut(w->jsonl, &b->tally, t, len, (size_t)(end - t),
							 relative ? 0 : line, &jl);
			if (fate == JSONL_FAILED) {
				b->failed = true;
				b->failed_relative = relative;
				b->failed_line = line;
				b->failed_file_at = br->file_at;
				b->failure_at = b->copied.len;
				const char *why = jsonl_failure(w->jsonl);
				buf_add(&b->copied, why, strlen(why) + 1);
				break;
			}
			if (fate != JSONL_BLANK) {
				ALLOC_GROW(b->lines, b->nlines + 1, b->alines);
				b->lines[b->nlines++] = (struct batch_line){
					line, br->file_at, b->nvalues,
					fate == JSONL_SKIPPED ? jl.reason : NULL };
				keep_value(b, jl.text, jl.len, t, next);
				if (fate == JSONL_SKIPPED)
					keep_value(b, jl.why, strlen(jl.why) + 1, NULL, NULL);
				else
					for (size_t k = 0; k < jl.nfields; k++)
						keep_value(b, jl.fields[k].data, jl.fields[k].len, t, next);
			}
			line++;
			t = next;
		}
	}
	if (relative)
		b->lead = b->nlines;
	b->end_line = line;
	b->end_relative = relative;
	/* The copies stopped moving: offsets become pointers. */
	for (size_t i = 0; i < b->npatches; i++) {
		struct field *v = &b->values[b->patches[i]];
		v->data = b->copied.data + (uintptr_t)v->data;
	}
	/* Its records' numbers and its first lines' follow the batch before it's. */
	pthread_mutex_lock(&p->lock);
	while (p->numbered != b->seq)
		pthread_cond_wait(&p->numbering, &p->lock);
	b->first_number = p->next_number;
	p->next_number += b->tally.records;
	uint64_t first_line = p->next_line;
	p->next_line = b->end_relative ? first_line + b->end_line : b->end_line;
	p->numbered++;
	pthread_cond_broadcast(&p->numbering);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < b->lead; i++)
		b->lines[i].line += first_line;
	if (b->failed && b->failed_relative)
		b->failed_line += first_line;
}

static __thread struct batch *current;	/* the batch a worker thread is processing */

static void process_batch(struct pool *p, struct worker *w, struct batch *b)
{
	writer_memory_restart(b->out, b->seq == 0);
	if (writer_rejects(b->out))
		writer_memory_restart(writer_rejects(b->out), b->seq == 0);
	buf_reset(&b->side);
	if (p->html)
		convert_pages(w, b);
	if (p->jsonl)
		cut_jsonl_batch(p, w, b);
	current = b;
	process_records(p, w, b, p->fn, b->out, &b->side);
	current = NULL;
}

void runner_output_ahead(struct writer *out)
{
	struct batch *b = current;
	size_t len;
	if (!b || out != b->out || b->pool->reduce)
		return;
	writer_memory_text(out, &len);
	if (len < AHEAD_BYTES)
		return;
	/*
	 * The main thread waits for this batch only once all before it are
	 * written, and then touches no writer until the batch is done.
	 */
	struct pool *p = b->pool;
	pthread_mutex_lock(&p->lock);
	while (p->waiting_for != b->seq + 1)
		pthread_cond_wait(&p->turn, &p->lock);
	pthread_mutex_unlock(&p->lock);
	writer_append_memory(p->out, out);
	writer_memory_restart(out, false);
}

void runner_replay(const struct batch *b, record_fn fn, void *state, struct writer *out,
		   struct buf *side)
{
	struct worker w = { .pool = b->pool, .state = state };
	process_records(b->pool, &w, b, fn, out, side);
	field_array_release(&w.fields);
	buf_release(&w.decoded);
}

/*
 * With the lock held: a shard's decisions on its next batch, if that
 * batch is processed and no other worker is at the shard.  False if there
 * was none to make.  Whether any is still to come goes to *pending.
 */
static bool decide_next_shard(struct pool *p, bool *pending)
{
	*pending = false;
	for (unsigned s = 1; s < p->nshards; s++) {
		if (p->shard_next[s] >= p->filled)
			continue;
		*pending = true;
		struct batch *b = &p->batches[p->shard_next[s] % p->nbatches];
		if (p->shard_busy[s] || b->seq != p->shard_next[s] || b->state != BATCH_DONE)
			continue;
		p->shard_busy[s] = true;
		pthread_mutex_unlock(&p->lock);
		p->decide(p->reduce_ctx, b, &b->side, s);
		pthread_mutex_lock(&p->lock);
		p->shard_busy[s] = false;
		p->shard_next[s]++;
		b->shards_decided++;
		pthread_cond_broadcast(&p->done);
		/* The shard's next batch, or the end, for a worker waiting on them. */
		pthread_cond_broadcast(&p->work);
		return true;
	}
	return false;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		/* Decisions first: the output in order waits for them. */
		bool decisions_pending;
		if (decide_next_shard(p, &decisions_pending))
			continue;
		/* The oldest filled batch, so the writer waits as little as it can. */
		struct batch *b = NULL;
		for (size_t i = 0; i < p->nbatches; i++)
			if (p->batches[i].state == BATCH_FILLED && (!b || p->batches[i].seq < b->seq))
				b = &p->batches[i];
		if (!b) {
			if (p->finished && !decisions_pending)
				break;
			pthread_cond_wait(&p->work, &p->lock);
			continue;
		}
		b->state = BATCH_WORKING;
		pthread_mutex_unlock(&p->lock);
		process_batch(p, w, b);
		pthread_mutex_lock(&p->lock);
		b->state = BATCH_DONE;
		pthread_cond_broadcast(&p->done);
		if (p->nshards > 1)
			pthread_cond_broadcast(&p->work);	/* its decisions can be made */
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static void add_run(struct batch *b, const char *text, size_t len, uint64_t number, uint64_t line,
		    const char *file, bool strip_cr, char term, bool stable)
{
	ALLOC_GROW(b->runs, b->nruns + 1, b->aruns);
	struct batch_run *br = &b->runs[b->nruns++];
	br->at = b->data.len;
	br->text = NULL;
	if (stable) {
		br->text = text;	/* read where it lies: no copy */
		br->len = len;
	} else {
		buf_add(&b->data, text, len);
		if (!strip_cr)
			buf_addc(&b->data, term);	/* a record from reader_next() comes without it */
		br->len = b->data.len - br->at;
	}
	b->bytes += br->len;
	br->number = number;
	br->line = line;
	br->strip_cr = strip_cr;
	br->file_at = b->data.len;
	buf_add(&b->data, file, strlen(file) + 1);
}

/*
 * Lines and TSV: whole runs of records copied as they lie in the input
 * (one copy, no work per record here), with the records the reader must
 * take one by one (across blocks, repaired, after a header) among them.
 */
static bool fill_raw_batch(struct batch *b, struct run *run, char term, bool eager)
{
	b->nruns = b->nrecs = b->nfields = 0;
	b->bytes = 0;
	buf_reset(&b->data);
	while (b->bytes < BATCH_BYTES && !(eager && b->nruns)) {
		struct record_run rr;
		if (reader_next_run(run->in, &rr)) {
			add_run(b, rr.text, rr.len, rr.number, rr.line, rr.file, true, term, rr.stable);
			continue;
		}
		const struct record *rec = reader_next(run->in);
		if (!rec)
			break;
		add_run(b, rec->text, rec->len, rec->number, rec->line, rec->file, false, term, false);
	}
	return b->nruns > 0;
}

/*
 * The reader is about to unmap a file that stable runs point into: the
 * batch being filled copies its own, and every batch filled before is
 * waited for and written.
 */
static void write_batch(struct pool *p, struct batch *b, struct writer *out);

static void release_stable_runs(void *ctx)
{
	struct pool *p = ctx;
	struct batch *b = p->filling;
	for (size_t i = 0; b && i < b->nruns; i++) {
		struct batch_run *br = &b->runs[i];
		if (!br->text)
			continue;
		br->at = b->data.len;
		buf_add(&b->data, br->text, br->len);
		br->text = NULL;
	}
	for (; p->written < p->filled; p->written++)
		write_batch(p, &p->batches[p->written % p->nbatches], p->out);
}

/* Copies records (and their fields) from the reader into a batch; false if there was none. */
static bool fill_batch(struct batch *b, struct run *run, bool raw, bool html, char term, bool eager)
{
	if (raw)
		return fill_raw_batch(b, run, term, eager);
	b->nrecs = b->nfields = b->nruns = 0;
	buf_reset(&b->data);
	const struct record *rec;
	bool doc = reader_format(run->in) == FMT_DOC;
	/* A JSON object goes out as it came (jsonl to jsonl): its text travels with its fields. */
	bool keyed = format_is_keyed(reader_format(run->in));
	size_t most = eager ? 1 : BATCH_RECORDS;
	while (b->nrecs < most && b->data.len < BATCH_BYTES && (rec = reader_next(run->in)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(run->in, &f);
		ALLOC_GROW(b->recs, b->nrecs + 1, b->arecs);
		ALLOC_GROW(b->fields, b->nfields + n, b->afields);
		struct batch_record *br = &b->recs[b->nrecs++];
		br->number = rec->number;
		br->line = rec->line;
		br->first_field = b->nfields;
		br->nfields = n;
		br->text_at = SIZE_MAX;
		br->text_len = keyed ? rec->len : 0;
		const char *type = NULL;
		br->page = html && reader_page(run->in, &type);
		br->type_at = SIZE_MAX;
		if (type) {
			br->type_at = b->data.len;
			buf_add(&b->data, type, strlen(type) + 1);
		}
		for (size_t i = 0; i < n; i++) {
			/* The whole object as a field (jsonl's "."): the same bytes serve as the text. */
			if (keyed && f[i].data == rec->text && f[i].len == rec->len)
				br->text_at = b->data.len;
			b->fields[b->nfields++] = (struct field){ (const char *)(uintptr_t)b->data.len, f[i].len };
			buf_add(&b->data, f[i].data, f[i].len);
		}
		if (keyed && br->text_at == SIZE_MAX) {
			br->text_at = b->data.len;
			buf_add(&b->data, rec->text, rec->len);
		}
		br->file_at = b->data.len;
		if (doc)
			buf_add(&b->data, rec->file, strlen(rec->file));
		buf_addc(&b->data, '\0');
	}
	/* The data stopped moving: offsets become pointers. */
	for (size_t i = 0; i < b->nfields; i++)
		b->fields[i].data = b->data.data + (uintptr_t)b->fields[i].data;
	return b->nrecs > 0;
}

/* Waits for the batch, then writes its output after what came before. */
static void write_batch(struct pool *p, struct batch *b, struct writer *out)
{
	pthread_mutex_lock(&p->lock);
	p->waiting_for = b->seq + 1;
	pthread_cond_broadcast(&p->turn);
	while (b->state != BATCH_DONE)
		pthread_cond_wait(&p->done, &p->lock);
	p->waiting_for = 0;
	if (p->nshards > 1) {
		/* Shard 0 here, while workers make the others'. */
		pthread_mutex_unlock(&p->lock);
		p->decide(p->reduce_ctx, b, &b->side, 0);
		pthread_mutex_lock(&p->lock);
		while (b->shards_decided < p->nshards - 1)
			pthread_cond_wait(&p->done, &p->lock);
		b->shards_decided = 0;
	}
	b->state = BATCH_FREE;	/* no worker takes a free batch */
	pthread_mutex_unlock(&p->lock);
	if (p->jsonl) {
		reader_add_tally(p->in, &b->tally);
		if (b->failed)
			die_at(b->data.data + b->failed_file_at, b->failed_line, "%s",
			       b->copied.data + b->failure_at);
	}
	if (p->reduce) {
		size_t len;
		const char *text = writer_memory_text(b->out, &len);
		p->reduce(p->reduce_ctx, b, text, len, &b->side);
	} else {
		writer_append_memory(out, b->out);
	}
	/* The batch's rejects after those of the batches before it: input order. */
	if (writer_rejects(b->out))
		writer_append_memory(writer_rejects(out), writer_rejects(b->out));
}

void parallel_run(struct run *run, const struct mode *m, void *ctx, void *const *states,
		  unsigned nstates, unsigned nshards)
{
	if (nshards < 1 || !m->decide)
		nshards = 1;
	struct pool p = { .nbatches = 2 * (size_t)nstates, .fn = m->worker, .reduce = m->reduce,
			  .reduce_ctx = ctx, .decide = m->decide, .nshards = nshards,
			  .shard_next = xcalloc(nshards, sizeof(uint64_t)),
			  .shard_busy = xcalloc(nshards, sizeof(bool)),
			  .format = reader_format(run->in), .delim = reader_delim(run->in),
			  .term = reader_terminator(run->in), .eager = run->c.out.line_buffered };
	p.raw = reader_gives_runs(run->in);
	p.jsonl = p.raw && p.format == FMT_JSONL;
	p.in = run->in;
	if (p.jsonl) {
		struct reader_stats st;
		reader_get_stats(run->in, &st);
		p.next_number = st.records + 1;
		p.next_line = 1;
	}
	pthread_cond_init(&p.numbering, NULL);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);
	pthread_cond_init(&p.turn, NULL);
	p.batches = xcalloc(p.nbatches, sizeof *p.batches);
	for (size_t i = 0; i < p.nbatches; i++) {
		p.batches[i].pool = &p;
		if (p.jsonl)
			jsonl_tally_init(run->in, &p.batches[i].tally);
		p.batches[i].out = writer_open_memory(run->out);
		if (writer_rejects(run->out))
			writer_set_rejects(p.batches[i].out, writer_open_memory(writer_rejects(run->out)));
	}
	p.html = !p.raw && reader_defer_html(run->in);
	struct worker *workers = xcalloc(nstates, sizeof *workers);
	for (unsigned i = 0; i < nstates; i++) {
		workers[i].pool = &p;
		workers[i].state = states[i];
		if (p.html)
			workers[i].html = reader_html_converter(run->in);
		if (p.jsonl)
			workers[i].jsonl = reader_jsonl_cutter(run->in);
		int e = pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
		if (e)
			die("cannot start a worker thread: %s", strerror(e));
	}
	p.out = run->out;
	if (p.raw) {
		/*
		 * Runs of a large mapped file are read in place by the workers.
		 * Its windows stay mapped as long as batches in flight can point
		 * into them: every batch, plus a block past each.
		 */
		size_t keep = (p.nbatches + 2) * (BATCH_BYTES + SOURCE_MAP_BLOCK);
		reader_stable_runs(run->in, keep, release_stable_runs, &p);
	}
	for (;;) {
		/* The slot of the batch `filled - nbatches` is needed again: write it first. */
		for (; p.written + p.nbatches <= p.filled; p.written++)
			write_batch(&p, &p.batches[p.written % p.nbatches], run->out);
		struct batch *b = &p.batches[p.filled % p.nbatches];
		p.filling = b;
		bool any = fill_batch(b, run, p.raw, p.html, p.term, p.eager);
		p.filling = NULL;
		if (!any)
			break;
		pthread_mutex_lock(&p.lock);
		b->seq = p.filled++;
		b->state = BATCH_FILLED;
		pthread_cond_signal(&p.work);
		pthread_mutex_unlock(&p.lock);
		for (; p.eager && p.written < p.filled; p.written++)
			write_batch(&p, &p.batches[p.written % p.nbatches], run->out);
	}
	pthread_mutex_lock(&p.lock);
	p.finished = true;
	pthread_cond_broadcast(&p.work);
	pthread_mutex_unlock(&p.lock);
	for (; p.written < p.filled; p.written++)
		write_batch(&p, &p.batches[p.written % p.nbatches], run->out);
	if (p.raw)
		reader_stable_runs(run->in, 0, NULL, NULL);
	for (unsigned i = 0; i < nstates; i++) {
		pthread_join(workers[i].thread, NULL);
		field_array_release(&workers[i].fields);
		buf_release(&workers[i].decoded);
		html_fields_free(workers[i].html);
		jsonl_cutter_free(workers[i].jsonl);
		field_array_release(&workers[i].page);
		free(workers[i].patches);
	}
	for (size_t i = 0; i < p.nbatches; i++) {
		buf_release(&p.batches[i].data);
		buf_release(&p.batches[i].texts);
		free(p.batches[i].recs);
		free(p.batches[i].fields);
		free(p.batches[i].runs);
		free(p.batches[i].lines);
		free(p.batches[i].values);
		free(p.batches[i].patches);
		buf_release(&p.batches[i].copied);
		jsonl_tally_release(&p.batches[i].tally);
		buf_release(&p.batches[i].side);
		if (writer_rejects(p.batches[i].out))
			writer_close_memory(writer_rejects(p.batches[i].out));
		writer_close_memory(p.batches[i].out);
	}
	free(p.batches);
	free(workers);
	free(p.shard_next);
	free(p.shard_busy);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.done);
	pthread_cond_destroy(&p.turn);
	pthread_cond_destroy(&p.numbering);
	pthread_mutex_destroy(&p.lock);
}
