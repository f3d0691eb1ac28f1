/*
 * Unit tests of common/runner (and its engine, common/parallel): a mode's
 * output is the same, byte for byte, on one thread and on three, in every
 * input format and from memory or a mapped file; states are made and
 * folded as the header says; a reduce sees the batches in input order and
 * each shard decides its records in input order; a whole mode runs alone;
 * finish comes last; a batch replayed on the main thread gives what its
 * worker gave; --threads=N is N threads processing records, with or
 * without a reduce (rill(7), THREADS).
 */
#include "../../common/buf.h"
#include "../../common/diag.h"
#include "../../common/runner.h"
#include "check.h"

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* What the test modes share: counts of the runner's calls, and figures folded from the states. */
struct ctx {
	unsigned made, made_alone, freed, finished;
	bool freed_before_finish;
	uint64_t records, bytes;	/* folded from the states */
	/* The reduce: the next record number it must see, and whether the order ever broke. */
	uint64_t next_number;
	bool out_of_order;
	/* The shards: the next record number each must decide. */
	unsigned nshards;
	uint64_t shard_next[8];
	bool shard_out_of_order;
	struct writer *out;
};

struct state {
	struct ctx *ctx;
	uint64_t records, bytes;
};

static void *state_new(void *ctx, bool alone)
{
	struct ctx *c = ctx;
	c->made++;
	c->made_alone += alone;
	struct state *s = xcalloc(1, sizeof *s);
	s->ctx = c;
	return s;
}

static void state_free(void *state, void *ctx)
{
	struct ctx *c = ctx;
	struct state *s = state;
	c->records += s->records;
	c->bytes += s->bytes;
	c->freed++;
	free(s);
}

static void finish(void *ctx)
{
	struct ctx *c = ctx;
	c->finished++;
	c->freed_before_finish = c->freed == c->made;
}

/* Each record as NUMBER, LINE, its fields: what depends on the record alone. */
static void echo(void *state, const struct record *rec, const struct field *f, size_t n,
		 struct writer *out, struct buf *side)
{
	struct state *s = state;
	s->records++;
	writer_field_u64(out, rec->number);
	writer_field_u64(out, rec->line);
	for (size_t i = 0; i < n; i++) {
		writer_field(out, f[i].data, f[i].len);
		s->bytes += f[i].len;
	}
	writer_end_record(out);
}

static const struct mode echo_mode = { .state_new = state_new, .state_free = state_free,
				       .record = echo, .worker = echo, .finish = finish };

/* What a run wrote into the file `path`. */
static struct buf output_of(const char *path)
{
	size_t n;
	char *text = check_read_file(path, &n);
	struct buf b = BUF_INIT;
	buf_add(&b, text, n);
	free(text);
	return b;
}

/* A run over `data` (a file if `file`, else memory), its output in a file; returns the output. */
static struct buf run_mode(const struct mode *m, struct ctx *c, const char *data, size_t len,
			   enum rec_format fmt, bool file, uint64_t threads)
{
	char in[256], out[256];
	snprintf(in, sizeof in, "%s/in", check_dir());
	snprintf(out, sizeof out, "%s/out", check_dir());
	struct run run;
	memset(&run, 0, sizeof run);
	struct input_opts io = { .format = fmt };
	char *files[] = { in };		/* the reader keeps the list */
	if (file) {
		FILE *fp = fopen(in, "w");
		if (len)
			fwrite(data, 1, len, fp);
		fclose(fp);
		run.in = reader_open(&io, files, 1);
	} else {
		run.in = reader_open_mem(&io, len ? data : "", len, "mem");
	}
	struct output_opts oo = { .format = fmt == FMT_CSV ? FMT_CSV : FMT_TSV, .path = out };
	run.out = writer_open(&oo);
	c->out = run.out;
	runner_run(&run, m, c, threads);
	reader_close(run.in);
	writer_close(run.out);
	return output_of(out);
}

/* Lines of varied length, some with TABs and CRs, some records a writer must escape. */
static struct buf make_input(size_t records, enum rec_format fmt)
{
	struct buf b = BUF_INIT;
	uint64_t x = 88172645463325252ULL;
	for (size_t i = 0; i < records; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size_t len = x % 90;
		if (fmt == FMT_CSV)
			buf_addc(&b, '"');
		for (size_t k = 0; k < len; k++) {
			char ch = "abc de\tf,\\"[(x >> (k % 40)) % 10];
			if (fmt == FMT_CSV && ch == '\t')
				ch = ' ';
			buf_addc(&b, ch);
		}
		if (fmt == FMT_CSV)
			buf_addc(&b, '"');
		if (x % 7 == 0)
			buf_addc(&b, '\r');
		buf_addc(&b, '\n');
	}
	return b;
}

static void same_output(enum rec_format fmt, bool file, size_t records)
{
	struct buf in = make_input(records, fmt);
	struct ctx one = { 0 }, three = { 0 };
	struct buf a = run_mode(&echo_mode, &one, in.data, in.len, fmt, file, 1);
	struct buf b = run_mode(&echo_mode, &three, in.data, in.len, fmt, file, 3);
	CHECK(records == 0 || a.len > 0);
	CHECK(a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0));
	CHECK(one.made == 1 && one.made_alone == 1 && one.freed == 1);
	CHECK(three.made == 3 && three.made_alone == 0 && three.freed == 3);
	CHECK(one.records == records && three.records == records && one.bytes == three.bytes);
	CHECK(one.finished == 1 && three.finished == 1);
	CHECK(one.freed_before_finish && three.freed_before_finish);
	buf_release(&in);
	buf_release(&a);
	buf_release(&b);
}

/* Lines and TSV go as runs of records (from memory, and mapped in place); CSV record by record. */
static void one_thread_or_three(void)
{
	same_output(FMT_LINES, false, 30000);
	same_output(FMT_TSV, false, 30000);
	same_output(FMT_CSV, false, 20000);
	same_output(FMT_TSV, true, 60000);
	same_output(FMT_LINES, true, 0);
}

/*
 * A mode whose records' fate is decided in order: the workers tell each
 * record's number in the side buffer, the shards decide (drop multiples
 * of 3), the reduce writes the kept numbers.  On one thread `record`
 * decides the same way as it reads.
 */
struct told {
	uint64_t number;
	bool keep;
};

static void tell(void *state, const struct record *rec, const struct field *f, size_t n,
		 struct writer *out, struct buf *side)
{
	struct told t = { rec->number, false };
	buf_add(side, &t, sizeof t);
}

static void decide_here(void *state, const struct record *rec, const struct field *f, size_t n,
			struct writer *out, struct buf *side)
{
	if (rec->number % 3)
		writer_field_u64(out, rec->number), writer_end_record(out);
}

static unsigned shards(void *ctx, unsigned workers)
{
	struct ctx *c = ctx;
	c->nshards = workers + 1 < 8 ? workers + 1 : 8;
	for (unsigned i = 0; i < 8; i++)
		c->shard_next[i] = 0;
	return c->nshards;
}

static void decide(void *ctx, const struct batch *b, struct buf *side, unsigned shard)
{
	struct ctx *c = ctx;
	struct told *t = (struct told *)(void *)side->data;
	for (size_t i = 0; i < side->len / sizeof *t; i++) {
		if (t[i].number % c->nshards != shard)
			continue;
		c->shard_out_of_order |= t[i].number < c->shard_next[shard];
		c->shard_next[shard] = t[i].number;
		t[i].keep = t[i].number % 3 != 0;
	}
}

static void reduce(void *ctx, const struct batch *b, const char *out, size_t len,
		   const struct buf *side)
{
	struct ctx *c = ctx;
	const struct told *t = (const struct told *)(const void *)side->data;
	for (size_t i = 0; i < side->len / sizeof *t; i++) {
		c->out_of_order |= t[i].number != c->next_number + 1;
		c->next_number = t[i].number;
		if (t[i].keep) {
			writer_field_u64(c->out, t[i].number);
			writer_end_record(c->out);
		}
	}
}

static const struct mode decided_mode = { .record = decide_here, .worker = tell, .reduce = reduce,
					  .decide = decide, .shards = shards };

static void decisions_in_order(void)
{
	struct buf in = make_input(50000, FMT_LINES);
	struct ctx one = { 0 }, three = { 0 };
	struct buf a = run_mode(&decided_mode, &one, in.data, in.len, FMT_LINES, false, 1);
	struct buf b = run_mode(&decided_mode, &three, in.data, in.len, FMT_LINES, true, 3);
	CHECK(one.nshards == 0);			/* on one thread: no shards, no reduce */
	CHECK(three.nshards == 3);			/* two workers, and the main thread */
	CHECK(three.next_number == 50000 && !three.out_of_order && !three.shard_out_of_order);
	CHECK(a.len > 0);
	CHECK_MEM(b.data, b.len, a.data, a.len);
	buf_release(&in);
	buf_release(&a);
	buf_release(&b);
}

/* A reduce that has every batch joined again on the main thread gives what the workers gave. */
static struct state replay_state;

static void replay_reduce(void *ctx, const struct batch *b, const char *out, size_t len,
			  const struct buf *side)
{
	struct ctx *c = ctx;
	struct buf scratch = BUF_INIT;
	runner_replay(b, echo, &replay_state, c->out, &scratch);
	buf_release(&scratch);
}

static const struct mode replay_mode = { .state_new = state_new, .state_free = state_free,
					 .record = echo, .worker = echo, .reduce = replay_reduce };

static void replayed_batches(void)
{
	struct buf in = make_input(20000, FMT_TSV);
	struct ctx one = { 0 }, three = { 0 };
	struct buf a = run_mode(&echo_mode, &one, in.data, in.len, FMT_TSV, false, 1);
	struct buf b = run_mode(&replay_mode, &three, in.data, in.len, FMT_TSV, false, 3);
	CHECK_MEM(b.data, b.len, a.data, a.len);
	CHECK(replay_state.records == 20000);
	buf_release(&in);
	buf_release(&a);
	buf_release(&b);
}

/* A whole mode is the run: no record function, no state; finish after it. */
static unsigned whole_runs;

static void whole(struct run *run, void *ctx)
{
	whole_runs++;
	writer_text(run->out, "all of it", 9);
}

static const struct mode whole_mode = { .whole = whole, .finish = finish };

static void whole_mode_alone(void)
{
	struct ctx c = { 0 };
	struct buf out = run_mode(&whole_mode, &c, "a\nb\n", 4, FMT_LINES, false, 3);
	CHECK(whole_runs == 1 && c.made == 0 && c.finished == 1);
	CHECK_MEM(out.data, out.len, "all of it\n", 10);
	buf_release(&out);
}

/* A mode with no worker runs on the main thread whatever --threads says. */
static const struct mode main_only = { .state_new = state_new, .state_free = state_free,
				       .record = echo };

static void no_worker_one_thread(void)
{
	struct buf in = make_input(5000, FMT_LINES);
	struct ctx c = { 0 };
	struct buf out = run_mode(&main_only, &c, in.data, in.len, FMT_LINES, false, 3);
	CHECK(c.made == 1 && c.made_alone == 1 && c.records == 5000);
	buf_release(&in);
	buf_release(&out);
}

/*
 * The threads that process records, each counted at its first record:
 * there a worker waits (at most 10 s) until the other workers have come, so that
 * every one gets a batch even on a loaded machine, and the process's
 * threads are counted.  The main thread does not wait: it hands out the
 * batches.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t came;
	pid_t seen[80];
	pid_t main_thread;
	unsigned nseen, workers_seen, workers, most_tasks;
} threads = { .lock = PTHREAD_MUTEX_INITIALIZER, .came = PTHREAD_COND_INITIALIZER };

static unsigned process_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	unsigned n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void thread_at_work(void)
{
	pid_t me = (pid_t)syscall(SYS_gettid);
	pthread_mutex_lock(&threads.lock);
	bool known = false;
	for (unsigned i = 0; i < threads.nseen; i++)
		known |= threads.seen[i] == me;
	if (!known && threads.nseen < sizeof threads.seen / sizeof threads.seen[0]) {
		threads.seen[threads.nseen++] = me;
		if (me == threads.main_thread) {
			pthread_mutex_unlock(&threads.lock);
			return;
		}
		threads.workers_seen++;
		pthread_cond_broadcast(&threads.came);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 10;
		while (threads.workers_seen < threads.workers &&
		       pthread_cond_timedwait(&threads.came, &threads.lock, &until) == 0)
			;
		unsigned tasks = process_threads();
		if (tasks > threads.most_tasks)
			threads.most_tasks = tasks;
	}
	pthread_mutex_unlock(&threads.lock);
}

static void counted_echo(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	thread_at_work();
	echo(state, rec, f, n, out, side);
}

static void counted_tell(void *state, const struct record *rec, const struct field *f, size_t n,
			 struct writer *out, struct buf *side)
{
	thread_at_work();
	tell(state, rec, f, n, out, side);
}

static void counted_decide_here(void *state, const struct record *rec, const struct field *f,
				size_t n, struct writer *out, struct buf *side)
{
	thread_at_work();
	decide_here(state, rec, f, n, out, side);
}

static void counted_decide(void *ctx, const struct batch *b, struct buf *side, unsigned shard)
{
	thread_at_work();
	decide(ctx, b, side, shard);
}

static void counted_reduce(void *ctx, const struct batch *b, const char *out, size_t len,
			   const struct buf *side)
{
	thread_at_work();
	reduce(ctx, b, out, len, side);
}

static const struct mode counted_mode = { .state_new = state_new, .state_free = state_free,
					  .record = counted_echo, .worker = counted_echo };
static const struct mode counted_decided_mode = { .record = counted_decide_here,
						  .worker = counted_tell,
						  .reduce = counted_reduce,
						  .decide = counted_decide, .shards = shards };

/*
 * N threads at work on the records and the process's threads besides the
 * test's own: without a reduce N workers (the main thread reads and
 * writes), with one the main thread and N - 1 workers; 1: the main thread.
 */
static void threads_at_work(const struct mode *m, uint64_t n, unsigned more_tasks)
{
	struct buf in = make_input(120000, FMT_LINES);	/* some 5 MB: batches for every worker */
	struct ctx c = { 0 };
	unsigned before = process_threads();
	threads.nseen = 0;
	threads.most_tasks = 0;
	threads.workers_seen = 0;
	threads.workers = n > 1 ? more_tasks : 0;
	threads.main_thread = (pid_t)syscall(SYS_gettid);
	struct buf out = run_mode(m, &c, in.data, in.len, FMT_LINES, false, n);
	CHECK(out.len > 0);
	CHECK(threads.nseen == n);
	CHECK(threads.most_tasks == (n > 1 ? before + more_tasks : 0));
	if (threads.nseen != n || threads.most_tasks != (n > 1 ? before + more_tasks : 0))
		fprintf(stderr, "--threads=%u: %u at work, %u threads (%u before)\n", (unsigned)n,
			threads.nseen, threads.most_tasks, before);
	buf_release(&in);
	buf_release(&out);
}

static void threads_mean_the_same(void)
{
	threads_at_work(&counted_mode, 1, 0);
	threads_at_work(&counted_mode, 2, 2);
	threads_at_work(&counted_mode, 3, 3);
	threads_at_work(&counted_decided_mode, 1, 0);
	threads_at_work(&counted_decided_mode, 2, 1);
	threads_at_work(&counted_decided_mode, 3, 2);
}


/*
 * JSON Lines go as runs of lines parsed on the workers: the records, their
 * numbers (blank and skipped lines are none), lines and values, the lines
 * the skipping policy drops (told among the records, in input order), and
 * the reader's figures are those of one thread, whatever the blocks, and
 * after records read one by one first.
 */
static void skip_told(void *ctx, struct writer *out, const char *reason, const char *file,
		      uint64_t line, const char *text, size_t len, const char *why)
{
	struct ctx *c = ctx;
	struct writer *w = out ? out : c->out;
	writer_field(w, reason, strlen(reason));
	writer_field_u64(w, line);
	writer_field(w, text, len);
	writer_field(w, why, strlen(why));
	writer_end_record(w);
}

static struct buf run_jsonl(struct ctx *c, const struct buf *in, enum invalid_policy invalid,
			    size_t block_size, bool file, uint64_t nthreads, size_t read_first,
			    struct reader_stats *st)
{
	char path[256], out[256];
	snprintf(path, sizeof path, "%s/in.jsonl", check_dir());
	snprintf(out, sizeof out, "%s/out", check_dir());
	struct run run;
	memset(&run, 0, sizeof run);
	struct input_opts io = { .format = FMT_JSONL, .invalid = invalid, .block_size = block_size };
	char *files[] = { path, path };	/* twice: numbers and lines go on across files */
	if (file) {
		FILE *fp = fopen(path, "w");
		fwrite(in->data, 1, in->len, fp);
		fclose(fp);
		run.in = reader_open(&io, files, 2);
	} else {
		run.in = reader_open_mem(&io, in->data, in->len, "mem");
	}
	reader_key(run.in, "id", 2, "-f");
	reader_key(run.in, "t", 1, "-f");
	reader_key(run.in, ".", 1, "-f");
	reader_key(run.in, "m.n", 3, "-f");
	reader_on_skip(run.in, skip_told, c);
	struct output_opts oo = { .format = FMT_TSV, .path = out };
	run.out = writer_open(&oo);
	c->out = run.out;
	/* Records read here first: the runs go on from them. */
	struct state here = { c, 0, 0 };
	const struct record *rec;
	for (size_t i = 0; i < read_first && (rec = reader_next(run.in)) != NULL; i++) {
		const struct field *f;
		size_t n = reader_fields(run.in, &f);
		echo(&here, rec, f, n, run.out, NULL);
	}
	c->records += here.records;
	runner_run(&run, &echo_mode, c, nthreads);
	reader_get_stats(run.in, st);
	reader_close(run.in);
	writer_close(run.out);
	return output_of(out);
}

/*
 * Objects of every length (some longer than a block), CR LF and blank
 * lines among them, bad UTF-8 and lone surrogates; with bad_json, lines
 * that are no object too.
 */
static struct buf make_jsonl(size_t lines, bool bad_json)
{
	static const char *const pieces[] = { "a", "b", "c", " ", "\\\"", "\\\\", "\xc3\xa9", "\\t" };
	struct buf b = BUF_INIT;
	buf_add(&b, "\xef\xbb\xbf", 3);	/* a BOM, line 1 only */
	uint64_t x = 88172645463325252ULL;
	for (size_t i = 0; i < lines; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (x % 61) {
		case 0: buf_add(&b, "  \t\n", 4); continue;
		case 1: buf_addf(&b, "{\"id\": %zu, \"t\": \"bad \xff byte\"}\n", i); continue;
		case 2: buf_addf(&b, "{\"id\": %zu, \"t\": \"lone \\ud800\"}\n", i); continue;
		case 3:
			if (bad_json) {
				buf_addf(&b, "{\"id\": %zu, \"t\": \"cut\n", i);
				continue;
			}
			break;
		case 4:
			if (bad_json) {
				buf_addf(&b, "[%zu]\n", i);
				continue;
			}
			break;
		default: break;
		}
		buf_addf(&b, "{\"id\": %zu, \"t\": \"", i);
		size_t len = x % 11 == 0 ? 5000 + x % 9000 : x % 200;
		for (size_t k = 0; k < len; k++)
			buf_add(&b, pieces[(x >> (k % 40)) % 8], strlen(pieces[(x >> (k % 40)) % 8]));
		buf_addf(&b, "\\n\\u00e9\", \"m\": {\"n\": [%zu, {\"k\": true}]}}%s\n", i,
			 x % 5 == 0 ? "\r" : "");
	}
	buf_addf(&b, "{\"id\": \"last\", \"t\": \"no newline\"}");
	return b;
}

static void jsonl_same(enum invalid_policy invalid, size_t block_size, bool file)
{
	struct buf in = make_jsonl(3000, invalid == INVALID_SKIP);
	struct ctx one = { 0 }, three = { 0 };
	struct reader_stats s1, s3;
	struct buf a = run_jsonl(&one, &in, invalid, block_size, file, 1, 0, &s1);
	struct buf b = run_jsonl(&three, &in, invalid, block_size, file, 3, file ? 100 : 0, &s3);
	CHECK(a.len > 0);
	CHECK_MEM(b.data, b.len, a.data, a.len);
	CHECK(one.records > 2500 * (file ? 2 : 1) && three.records == one.records);
	CHECK(s1.records == one.records && s3.records == s1.records);
	CHECK(s3.invalid_replaced == s1.invalid_replaced && s3.invalid_skipped == s1.invalid_skipped &&
	      s3.malformed_skipped == s1.malformed_skipped);
	CHECK(invalid != INVALID_SKIP || (s1.malformed_skipped > 50 && s1.invalid_skipped > 50));
	CHECK(invalid != INVALID_REPLACE || s1.invalid_replaced > 50);
	if (a.len != b.len || memcmp(a.data, b.data, a.len))
		fprintf(stderr, "jsonl, --invalid %d, blocks of %zu, %s: 1 and 3 threads differ\n",
			(int)invalid, block_size, file ? "file" : "memory");
	buf_release(&in);
	buf_release(&a);
	buf_release(&b);
}

static void jsonl_one_thread_or_three(void)
{
	jsonl_same(INVALID_SKIP, 0, false);
	jsonl_same(INVALID_SKIP, 4096, false);
	jsonl_same(INVALID_SKIP, 0, true);
	jsonl_same(INVALID_SKIP, 3000, true);
	jsonl_same(INVALID_REPLACE, 4096, false);
	jsonl_same(INVALID_KEEP, 0, true);
}

int main(void)
{
	RUN_TEST(jsonl_one_thread_or_three);
	RUN_TEST(one_thread_or_three);
	RUN_TEST(decisions_in_order);
	RUN_TEST(replayed_batches);
	RUN_TEST(whole_mode_alone);
	RUN_TEST(no_worker_one_thread);
	RUN_TEST(threads_mean_the_same);
	CHECK_DONE();
}
