/* Unit tests of common/state: round trips, the payload, version 1 files, damage. */
#include "../../common/state.h"
#include "check.h"

#include <stdint.h>
#include <xxhash.h>

static char dir[] = "/tmp/rill-state-XXXXXX";
static char path[256];

static void write_bytes(const char *p, const void *data, size_t len)
{
	FILE *f = fopen(p, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

static void round_trip_with_payload(void)
{
	struct keyset m;
	keyset_init(&m);
	keyset_add(&m, (struct key128){ 1, 2 });
	keyset_add(&m, (struct key128){ 3, 4 });
	state_save(path, "p=1", &m, "PAYLOAD", 7);
	struct keyset back;
	keyset_init(&back);
	struct buf payload = BUF_INIT;
	state_load(path, "p=1", &back, false, &payload);
	CHECK(keyset_count(&back) == 2);
	CHECK(keyset_has(&back, (struct key128){ 3, 4 }));
	CHECK_MEM(payload.data, payload.len, "PAYLOAD", 7);
	buf_release(&payload);
	keyset_release(&back);
	keyset_release(&m);
}

/* A version 1 file (no payload), as rill-dedupe wrote before payloads. */
static void reads_version_1(void)
{
	struct buf b = BUF_INIT;
	uint32_t version = 1, plen = 3;
	uint64_t count = 1, lo = 7, hi = 9;
	buf_add(&b, "RILLSEEN", 8);
	buf_add(&b, &version, 4);
	buf_add(&b, &plen, 4);
	buf_add(&b, "p=1", 3);
	buf_add(&b, &count, 8);
	buf_add(&b, &lo, 8);
	buf_add(&b, &hi, 8);
	uint64_t sum = XXH3_64bits(b.data, b.len);
	buf_add(&b, &sum, 8);
	write_bytes(path, b.data, b.len);
	struct keyset m;
	keyset_init(&m);
	struct buf payload = BUF_INIT;
	state_load(path, "p=1", &m, false, &payload);
	CHECK(keyset_count(&m) == 1 && keyset_has(&m, (struct key128){ 7, 9 }));
	CHECK(payload.len == 0);
	buf_release(&payload);
	keyset_release(&m);
	buf_release(&b);
}

static void load_for_death(void *arg)
{
	struct keyset m;
	keyset_init(&m);
	state_load(arg, "p=1", &m, false, NULL);
}

static void damage_is_an_error(void)
{
	struct keyset m;
	keyset_init(&m);
	state_save(path, "p=1", &m, "PAYLOAD", 7);
	keyset_release(&m);
	FILE *f = fopen(path, "rb");
	char data[256];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	/* A flipped payload byte: the checksum catches it. */
	data[n - 10] ^= 1;
	write_bytes(path, data, n);
	CHECK(expect_death(load_for_death, path, 1, "checksum mismatch"));
	/* Cut inside the payload: truncated. */
	write_bytes(path, data, n - 12);
	CHECK(expect_death(load_for_death, path, 1, "truncated"));
	write_bytes(path, "RILLSEEX", 8);
	CHECK(expect_death(load_for_death, path, 1, "not a rill-dedupe state file"));
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/s.state", dir);
	RUN_TEST(round_trip_with_payload);
	RUN_TEST(reads_version_1);
	RUN_TEST(damage_is_an_error);
	unlink(path);
	char lock[300];
	snprintf(lock, sizeof lock, "%s.lock", path);
	unlink(lock);
	rmdir(dir);
	CHECK_DONE();
}
