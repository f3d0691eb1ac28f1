/* linefile: settings files read line by line; see linefile.h. */
#include "linefile.h"
#include "diag.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

void linefile_read(const char *path, const char *option,
		   void (*fn)(char *line, size_t len, uint64_t number, void *ctx), void *ctx)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die_usage("%s: cannot read %s", option, path);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	uint64_t number = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		number++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		fn(line, (size_t)n, number, ctx);
	}
	bool failed = ferror(f);
	free(line);
	fclose(f);
	if (failed)
		die_usage("%s: cannot read %s", option, path);
}
