/*
 * json_module: how the C side reaches the simdjson wrapper (json.cc).
 *
 * Linking simdjson means loading libstdc++ and libsimdjson, whose
 * relocations cost some 1.9 million instructions at every start (two
 * thirds of a tool's start-up), paid even by a tool that reads plain
 * lines.  So the tools are not linked with it: json.cc is built into a
 * module of its own (rill-json.so, installed beside the tools in
 * PREFIX/lib/rill), which json.c loads the first time a JSON parser or
 * key set is made.  A program that links json.o itself (the unit tests,
 * the fuzzers) uses it directly: json.c finds rill_json_module defined.
 *
 * The module calls die() (diag.h), which the tools export for it.
 */
#ifndef RILL_JSON_MODULE_H
#define RILL_JSON_MODULE_H

#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Changed whenever the table or json.h's types change: a module of another build is refused. */
#define JSON_MODULE_VERSION 1

struct json_module {
	unsigned version;
	struct json_keys *(*keys_new)(void);
	void (*keys_add)(struct json_keys *k, const struct field *parts, size_t nparts, size_t slot);
	size_t (*keys_slots)(const struct json_keys *k);
	void (*keys_free)(struct json_keys *k);
	struct json_parser *(*parser_new)(void);
	void (*parser_free)(struct json_parser *p);
	enum json_result (*read_object)(struct json_parser *p, const struct json_keys *k,
					const char *text, size_t len, size_t readable,
					const char *original, enum invalid_policy invalid,
					struct field *values, bool *present, uint64_t *replaced,
					const char **error);
};

/* The module's one exported symbol. */
extern const struct json_module rill_json_module;

#ifdef __cplusplus
}
#endif

#endif
