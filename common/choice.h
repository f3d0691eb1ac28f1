/*
 * choice: an option's named values, one table per option (as coreutils'
 * XARGMATCH), so the names a tool accepts and the names its error lists
 * come from the same place and cannot drift apart.
 *
 * A table is an array of struct choice ended by an entry whose name is
 * NULL.  Values are the caller's (an enum); the table is read only.
 */
#ifndef RILL_CHOICE_H
#define RILL_CHOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

struct choice {
	const char *name;
	int value;
};

/* The value named by the len bytes at name, into *value; false if none is. */
bool choice_find(const struct choice *table, const char *name, size_t len, int *value);

/*
 * The value named by arg; otherwise a usage error that names the option
 * and lists the table: "OPTION: unknown WHAT 'ARG' (a, b, c)".
 */
int choice_parse(const struct choice *table, const char *arg, const char *option, const char *what);

/* The usage error of choice_parse for the len bytes at arg, with `more` (or NULL) after the names. */
noreturn void choice_die(const struct choice *table, const char *arg, size_t len, const char *option,
			 const char *what, const char *more);

struct buf;
/* The table's names, comma-separated, into out (emptied first). */
void choice_names(const struct choice *table, struct buf *out);

/* The name of a value, or NULL. */
const char *choice_name(const struct choice *table, int value);

#endif
