/* Unit tests of common/keyset: membership through growth, iteration, memory per key. */
#include "../../common/keyset.h"
#include "check.h"

#include <pthread.h>
#include <xxhash.h>

static struct key128 key_of(uint64_t i)
{
	XXH128_hash_t h = XXH3_128bits(&i, sizeof i);
	return (struct key128){ h.low64, h.high64 };
}

static void add_has_and_grow(void)
{
	struct keyset s;
	keyset_init(&s);
	CHECK(!keyset_has(&s, key_of(1)));
	enum { N = 300000 };
	for (uint64_t i = 0; i < N; i++)
		CHECK(keyset_add(&s, key_of(i)));
	for (uint64_t i = 0; i < N; i += 7)
		CHECK(!keyset_add(&s, key_of(i)));
	CHECK(keyset_count(&s) == N);
	size_t missing = 0, stray = 0;
	for (uint64_t i = 0; i < N; i++)
		missing += !keyset_has(&s, key_of(i));
	for (uint64_t i = N; i < 2 * N; i++)
		stray += keyset_has(&s, key_of(i));
	CHECK(missing == 0 && stray == 0);
	/* Load between 0.5 and 0.75 in every part: 21 to 32 bytes a key. */
	double per_key = (double)keyset_bytes(&s) / N;
	CHECK(per_key > 20 && per_key < 33);
	keyset_release(&s);
}

static void empty_marker_and_iteration(void)
{
	struct keyset s;
	keyset_init(&s);
	CHECK(keyset_add(&s, (struct key128){ 0, 0 }));
	CHECK(keyset_has(&s, (struct key128){ 0, 0 }));
	CHECK(!keyset_add(&s, (struct key128){ 0, 0 }));
	for (uint64_t i = 0; i < 1000; i++)
		keyset_add(&s, key_of(i));
	size_t cursor = 0, seen = 0;
	struct key128 k;
	while (keyset_next(&s, &cursor, &k)) {
		seen++;
		CHECK(keyset_has(&s, k));
	}
	CHECK(seen == 1001 && seen == keyset_count(&s));
	CHECK(!keyset_next(&s, &cursor, &k));
	keyset_release(&s);
}

/* Threads that add keys of different parts at the same time lose none. */
enum { GROUPS = 3, GROUP_KEYS = 200000 };

struct group_job {
	struct keyset *s;
	unsigned group;
	size_t added;
};

static void *add_group(void *arg)
{
	struct group_job *j = arg;
	for (uint64_t i = 0; i < GROUPS * GROUP_KEYS; i++)
		if (keyset_part(key_of(i)) % GROUPS == j->group)
			j->added += keyset_add(j->s, key_of(i));
	return NULL;
}

static void groups_on_threads(void)
{
	struct keyset s;
	keyset_init(&s);
	pthread_t t[GROUPS];
	struct group_job jobs[GROUPS];
	for (unsigned g = 0; g < GROUPS; g++) {
		jobs[g] = (struct group_job){ &s, g, 0 };
		CHECK(pthread_create(&t[g], NULL, add_group, &jobs[g]) == 0);
	}
	size_t added = 0;
	for (unsigned g = 0; g < GROUPS; g++) {
		pthread_join(t[g], NULL);
		added += jobs[g].added;
		/* Every group holds about its share of the keys. */
		CHECK(jobs[g].added > GROUP_KEYS * 9 / 10 && jobs[g].added < GROUP_KEYS * 11 / 10);
	}
	CHECK(added == GROUPS * GROUP_KEYS && keyset_count(&s) == added);
	size_t missing = 0;
	for (uint64_t i = 0; i < GROUPS * GROUP_KEYS; i++)
		missing += !keyset_has(&s, key_of(i));
	CHECK(missing == 0);
	CHECK(keyset_part((struct key128){ 0, UINT64_MAX }) == KEYSET_PARTS - 1);
	keyset_release(&s);
}

int main(void)
{
	RUN_TEST(add_has_and_grow);
	RUN_TEST(empty_marker_and_iteration);
	RUN_TEST(groups_on_threads);
	CHECK_DONE();
}
