/*
 * Unit tests of common/shard (rill-split --into): files by count, by
 * size (a record never cut), by key and by key hash; keys that would
 * escape the directory percent-encoded; the header in every file; nothing
 * in place before the close, everything after; more keys than files open
 * at once; the pattern's usage errors.
 */
#include "../../common/buf.h"
#include "../../common/shard.h"
#include "check.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool file_is(const char *dir, const char *name, const char *want)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s/%s", check_dir(), dir, name);
	size_t len;
	char *text = check_read_file(path, &len);
	bool ok = strcmp(text, want) == 0;
	if (!ok)
		printf("  %s: [%s], want [%s]\n", path, text, want);
	free(text);
	return ok;
}

static size_t files_in(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", check_dir(), dir);
	DIR *d = opendir(path);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* Records KEY<TAB>VALUE sharded by `o` into the scratch directory's `dir`, with a header. */
static void shard_records(const char *dir, struct shard_opts o, const char *const *keys, size_t n)
{
	char pattern[512];
	snprintf(pattern, sizeof pattern, "%s/%s/%s", check_dir(), dir, o.pattern);
	o.pattern = pattern;
	char d[512];
	snprintf(d, sizeof d, "%s/%s", check_dir(), dir);
	mkdir(d, 0700);
	static const struct field names[] = { { "key", 3 }, { "value", 5 } };
	struct output_opts out = { .format = FMT_TSV, .delim = '\t' };
	struct key_opts key = { .normalize = NORM_NFC, .valid_utf8 = true };
	struct shards *s = shards_open(&o, &out, &key, names, 2, names, 2);
	for (size_t i = 0; i < n; i++) {
		char value[16];
		snprintf(value, sizeof value, "%zu", i);
		struct field rec[2] = { { keys[i], strlen(keys[i]) }, { value, strlen(value) } };
		writer_fields(shards_writer_for(s, rec, 2, rec, 2), rec, 2);
	}
	shards_close(s);
}

static void by_count(void)
{
	static const char *const keys[] = { "a", "b", "c", "d", "e" };
	shard_records("count", (struct shard_opts){ .pattern = "part-%02d.tsv", .lines = 2 }, keys, 5);
	CHECK(files_in("count") == 3);
	CHECK(file_is("count", "part-00.tsv", "key\tvalue\na\t0\nb\t1\n"));
	CHECK(file_is("count", "part-02.tsv", "key\tvalue\ne\t4\n"));
}

static void by_size(void)
{
	static const char *const keys[] = { "aaaa", "bb", "cccccc", "d", "a-record-past-the-bound" };
	/*
	 * At most 23 bytes a file, its header of 10 on top counted: a record
	 * that would pass it starts the next (p0 is 22 bytes, p1 23); one
	 * larger is alone, never cut.
	 */
	shard_records("bytes", (struct shard_opts){ .pattern = "p%d", .bytes = 23 }, keys, 5);
	CHECK(files_in("bytes") == 3);
	CHECK(file_is("bytes", "p0", "key\tvalue\naaaa\t0\nbb\t1\n"));
	CHECK(file_is("bytes", "p1", "key\tvalue\ncccccc\t2\nd\t3\n"));
	CHECK(file_is("bytes", "p2", "key\tvalue\na-record-past-the-bound\t4\n"));
}

static void by_key(void)
{
	static const char *const keys[] = { "uk", "fr", "uk", "../etc", "a/b", "100%", "", ".x" };
	shard_records("key", (struct shard_opts){ .pattern = "k-%k.tsv", .key_field = "key" }, keys, 8);
	CHECK(file_is("key", "k-uk.tsv", "key\tvalue\nuk\t0\nuk\t2\n"));
	CHECK(file_is("key", "k-fr.tsv", "key\tvalue\nfr\t1\n"));
	/* Nothing leaves the directory; a key's '/' and '%', and a leading dot, are encoded. */
	CHECK(file_is("key", "k-%2E.%2Fetc.tsv", "key\tvalue\n../etc\t3\n"));
	CHECK(file_is("key", "k-a%2Fb.tsv", "key\tvalue\na/b\t4\n"));
	CHECK(file_is("key", "k-100%25.tsv", "key\tvalue\n100%\t5\n"));
	CHECK(file_is("key", "k-%.tsv", "key\tvalue\n\t6\n"));
	CHECK(file_is("key", "k-%2Ex.tsv", "key\tvalue\n.x\t7\n"));
	CHECK(files_in("key") == 7);
}

static void by_hash_and_many_keys(void)
{
	enum { N = 3000 };
	static char names[N][12];
	static const char *keys[N];
	for (size_t i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "key%zu", i % 500);
		keys[i] = names[i];
	}
	/* 8 files by hash: every key in one file only. */
	shard_records("hash", (struct shard_opts){ .pattern = "h-%n", .hash = 8, .key_field = "key" }, keys, N);
	CHECK(files_in("hash") == 8);
	/* 500 keys, more than SHARD_MAX_OPEN files at once: closed and reopened, nothing lost. */
	shard_records("many", (struct shard_opts){ .pattern = "%k", .key_field = "key" }, keys, N);
	CHECK(files_in("many") == 500);
	CHECK(file_is("many", "key7", "key\tvalue\nkey7\t7\nkey7\t507\nkey7\t1007\nkey7\t1507\n"
		      "key7\t2007\nkey7\t2507\n"));
	/* The same key never in two hash files. */
	size_t found = 0;
	for (int h = 0; h < 8; h++) {
		char name[8];
		snprintf(name, sizeof name, "h-%d", h);
		char path[512];
		snprintf(path, sizeof path, "%s/hash/%s", check_dir(), name);
		size_t len;
		char *text = check_read_file(path, &len);
		found += strstr(text, "\nkey7\t") != NULL;
		free(text);
	}
	CHECK(found == 1);
}

static void open_with(void *arg)
{
	const struct shard_opts *o = arg;
	struct output_opts out = { .format = FMT_TSV };
	struct key_opts key = { 0 };
	shards_open(o, &out, &key, NULL, 0, NULL, 0);
}

static void usage_errors(void)
{
	struct shard_opts no_mode = { .pattern = "x-%d" };
	CHECK(expect_death(open_with, &no_mode, 2, "needs one of --lines, --bytes, --key or --hash"));
	struct shard_opts no_d = { .pattern = "x", .lines = 5 };
	CHECK(expect_death(open_with, &no_d, 2, "the pattern needs %d"));
	struct shard_opts no_k = { .pattern = "x-%d", .key_field = "1" };
	CHECK(expect_death(open_with, &no_k, 2, "the pattern needs %k"));
	struct shard_opts bad = { .pattern = "x-%q", .lines = 1 };
	CHECK(expect_death(open_with, &bad, 2, "unknown directive '%q'"));
	struct shard_opts alone = { .lines = 3 };
	CHECK(expect_death(open_with, &alone, 2, "need --into"));
}

int main(void)
{
	RUN_TEST(by_count);
	RUN_TEST(by_size);
	RUN_TEST(by_key);
	RUN_TEST(by_hash_and_many_keys);
	RUN_TEST(usage_errors);
	CHECK_DONE();
}
