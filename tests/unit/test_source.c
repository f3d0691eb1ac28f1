/* Unit tests of common/source: mapped plain files, and one cut short while mapped. */
#include "../../common/source.h"
#include "check.h"

#include <fcntl.h>

static char path[] = "/tmp/rill-source-XXXXXX";

static void mapped_file_in_windows(void)
{
	struct source *s = source_open(path, 4096);
	const char *data;
	size_t len, total = 0, blocks = 0;
	bool ok = true;
	while (source_next(s, &data, &len)) {
		for (size_t i = 0; i < len; i++)
			ok = ok && data[i] == (char)('a' + (total + i) % 26);
		total += len;
		blocks++;
	}
	CHECK(ok);
	CHECK(total == 100000);
	CHECK(blocks == 25);
	CHECK(source_raw_consumed(s) == 100000);
	source_close(s);
}

static void read_after_truncation(void *arg)
{
	struct source *s = source_open(path, 4096);
	const char *data;
	size_t len;
	source_next(s, &data, &len);
	if (truncate(path, 0) != 0)
		return;
	/* Every byte read through a volatile pointer, so the reads that fault are not optimized away. */
	char sum = 0;
	while (source_next(s, &data, &len))
		for (size_t i = 0; i < len; i++)
			sum ^= ((const volatile char *)data)[i];
	source_close(s);
	(void)sum;
}

static void truncated_while_mapped(void)
{
	CHECK(expect_death(read_after_truncation, NULL, 1, "the file was truncated while it was read"));
}

int main(void)
{
	int fd = mkstemp(path);
	if (fd < 0)
		return 1;
	char buf[100000];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)('a' + i % 26);
	if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
		return 1;
	close(fd);
	RUN_TEST(mapped_file_in_windows);
	RUN_TEST(truncated_while_mapped);
	unlink(path);
	CHECK_DONE();
}
