/*
 * json_load: the C side of json.h, which loads the simdjson wrapper
 * (json.cc) on first use; json_module.h says why.
 */
#include "json.h"
#include "diag.h"
#include "json_module.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Defined only in a program linked with json.o: weak, so the tools need not be. */
extern const struct json_module rill_json_module __attribute__((weak));

#define JSON_MODULE_NAME "rill-json.so"

static const struct json_module *api;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

/*
 * The module is looked for beside the running program, in
 * PROGRAM_DIR/../lib/rill, as `make install` lays them out (PREFIX/bin,
 * PREFIX/lib/rill) and the build tree too (bin/, lib/rill/): an installed
 * copy and a freshly built one each load their own, and no path is built
 * in.  The directory is the program's (links resolved), as trusted as the
 * program itself.
 */
static bool module_path(char *path, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	int len = snprintf(path, size, "%s/../lib/rill/%s", exe, JSON_MODULE_NAME);
	return len > 0 && (size_t)len < size;
}

static void load_module(void)
{
	if (&rill_json_module != NULL) {
		api = &rill_json_module;
		return;
	}
	char path[PATH_MAX + 64];
	if (!module_path(path, sizeof path))
		die("reading JSON needs %s, installed with rill: the program's own path is unknown",
		    JSON_MODULE_NAME);
	/* Lazily bound: binding the module's calls now cost 1.5 million instructions more. */
	void *module = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (!module) {
		const char *e = dlerror();
		die("reading JSON needs %s, installed with rill: %s", JSON_MODULE_NAME,
		    e ? e : path);
	}
	const struct json_module *m = dlsym(module, "rill_json_module");
	if (!m || m->version != JSON_MODULE_VERSION)
		die("%s is not the JSON module of this rill (version %u, wanted %u): reinstall rill",
		    path, m ? m->version : 0, JSON_MODULE_VERSION);
	api = m;
}

/* The module, loaded once; every json_* call comes after a json_*_new. */
static const struct json_module *json(void)
{
	pthread_once(&loaded, load_module);
	return api;
}

struct json_keys *json_keys_new(void)
{
	return json()->keys_new();
}

void json_keys_add(struct json_keys *k, const struct field *parts, size_t nparts, size_t slot)
{
	api->keys_add(k, parts, nparts, slot);
}

size_t json_keys_slots(const struct json_keys *k)
{
	return api->keys_slots(k);
}

void json_keys_free(struct json_keys *k)
{
	if (k)
		api->keys_free(k);
}

struct json_parser *json_parser_new(void)
{
	return json()->parser_new();
}

void json_parser_free(struct json_parser *p)
{
	if (p)
		api->parser_free(p);
}

enum json_result json_read_object(struct json_parser *p, const struct json_keys *k,
				  const char *text, size_t len, size_t readable,
				  const char *original, enum invalid_policy invalid,
				  struct field *values, bool *present, uint64_t *replaced,
				  const char **error)
{
	return api->read_object(p, k, text, len, readable, original, invalid, values, present,
				replaced, error);
}
