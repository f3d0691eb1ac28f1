/* choice: named option values from one table; see choice.h. */
#include "choice.h"
#include "buf.h"
#include "diag.h"

#include <string.h>

bool choice_find(const struct choice *table, const char *name, size_t len, int *value)
{
	for (const struct choice *c = table; c->name; c++)
		if (strlen(c->name) == len && memcmp(c->name, name, len) == 0) {
			*value = c->value;
			return true;
		}
	return false;
}

int choice_parse(const struct choice *table, const char *arg, const char *option, const char *what)
{
	int value;
	if (!choice_find(table, arg, strlen(arg), &value))
		choice_die(table, arg, strlen(arg), option, what, NULL);
	return value;
}

void choice_names(const struct choice *table, struct buf *out)
{
	buf_reset(out);
	for (const struct choice *c = table; c->name; c++) {
		if (out->len)
			buf_adds(out, ", ");
		buf_adds(out, c->name);
	}
}

void choice_die(const struct choice *table, const char *arg, size_t len, const char *option,
		const char *what, const char *more)
{
	struct buf names = BUF_INIT;
	choice_names(table, &names);
	if (more)
		buf_addf(&names, ", %s", more);
	die_usage("%s: unknown %s '%.*s' (%s)", option, what, (int)len, arg, names.data);
}

const char *choice_name(const struct choice *table, int value)
{
	for (const struct choice *c = table; c->name; c++)
		if (c->value == value)
			return c->name;
	return NULL;
}
