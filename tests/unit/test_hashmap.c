/* Unit tests of common/hashmap: puts, gets and removals against a plain array. */
#include "../../common/hashmap.h"
#include "check.h"

#include <stdint.h>

static uint64_t rng = 99;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void matches_reference(void)
{
	enum { KEYS = 3000 };
	static struct key128 keys[KEYS];
	static bool present[KEYS];
	static uint64_t values[KEYS];
	/* Few distinct low bits force long probe runs and wrap-around. */
	for (int i = 0; i < KEYS; i++)
		keys[i] = (struct key128){ next_random() & 0x3FF, next_random() };
	struct hashmap m;
	hashmap_init(&m, 16);
	for (int step = 0; step < 200000; step++) {
		int i = (int)(next_random() % KEYS);
		bool added;
		switch (next_random() % 3) {
		case 0:
		case 1: {
			struct hashmap_slot *s = hashmap_put(&m, keys[i], &added);
			CHECK(added == !present[i]);
			if (added)
				values[i] = 0;
			s->value.u = ++values[i];
			present[i] = true;
			break;
		}
		default:
			hashmap_remove(&m, keys[i]);
			present[i] = false;
			break;
		}
		if (check_failures_in_test)
			break;
	}
	size_t count = 0;
	for (int i = 0; i < KEYS; i++) {
		struct hashmap_slot *s = hashmap_get(&m, keys[i]);
		CHECK((s != NULL) == present[i]);
		if (s && present[i])
			CHECK(s->value.u == values[i]);
		count += present[i];
	}
	CHECK(m.count == count);
	hashmap_release(&m);
}

int main(void)
{
	RUN_TEST(matches_reference);
	CHECK_DONE();
}
