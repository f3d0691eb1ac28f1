/*
 * The floor under rill-split --into --key with a file per key: what the
 * file system charges for making N files the way rill makes them, by the
 * simplest program that can.  For each record of the input (KEY TAB REST),
 * a temporary .KEY.tsv.tmp is created beside the others (openat O_CREAT
 * O_EXCL, relative to the directory), the record written, the file
 * closed; at the end each is renamed to KEY.tsv.  Keys are taken as they
 * are (the bench's are distinct and plain), nothing buffered across
 * files, nothing checked but the calls' results.
 *
 *     shard-floor DIR < keys.tsv
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: shard-floor DIR < keys.tsv\n");
		return 2;
	}
	int dir = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		perror(argv[1]);
		return 1;
	}
	char *line = NULL, **keys = NULL;
	size_t cap = 0, n = 0, alloc = 0;
	ssize_t len;
	char tmp[4096];
	while ((len = getline(&line, &cap, stdin)) > 0) {
		char *tab = memchr(line, '\t', (size_t)len);
		if (!tab || tab - line > 200)
			continue;
		*tab = '\0';
		snprintf(tmp, sizeof tmp, ".%s.tsv.tmp", line);
		int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		*tab = '\t';
		if (fd < 0 || write(fd, line, (size_t)len) != len || close(fd) != 0) {
			perror(tmp);
			return 1;
		}
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 1024;
			keys = realloc(keys, alloc * sizeof *keys);
			if (!keys)
				return 1;
		}
		*tab = '\0';
		keys[n++] = strdup(line);
	}
	char final[4096];
	for (size_t i = 0; i < n; i++) {
		snprintf(tmp, sizeof tmp, ".%s.tsv.tmp", keys[i]);
		snprintf(final, sizeof final, "%s.tsv", keys[i]);
		if (renameat(dir, tmp, dir, final) != 0) {
			perror(final);
			return 1;
		}
	}
	return 0;
}
