/*
 * linefile: the small text files tools take as settings (rill-tag's
 * lexicons, rill-split's abbreviations), read one way: line by line, the
 * newline and CR dropped, empty lines and lines starting with '#' skipped.
 * A file that cannot be read is a usage error naming the option.
 */
#ifndef RILL_LINEFILE_H
#define RILL_LINEFILE_H

#include <stddef.h>
#include <stdint.h>

/* Calls fn for each line (NUL-terminated, writable, without its end) with its number. */
void linefile_read(const char *path, const char *option,
		   void (*fn)(char *line, size_t len, uint64_t number, void *ctx), void *ctx);

#endif
