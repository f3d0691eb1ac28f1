/*
 * json: the values of a few keys of a JSON object, the records of -F jsonl,
 * read with simdjson's On-Demand API (C++, in json.cc) behind this C
 * interface; json.cc is a module the tools load when they first make a
 * parser or key set (json_module.h, json_load.c).
 *
 * A record names its keys by paths: a top-level key, or a key of a nested
 * object under it (metadata.url is ["metadata", "url"]).  The paths are
 * compiled once into a tree of keys; each object is then walked once, top
 * level key by key, and only the values of the keys asked for are looked
 * into: strings are decoded (escapes, surrogate pairs), other values given
 * as their JSON text, objects and arrays compacted (no white space outside
 * strings), numbers exactly as written (a 30-digit integer stays itself).
 * Every top-level key is read, so the object's structure is checked to its
 * closing brace and nothing may follow it; a key given twice takes its last
 * value, as jq and Python do.  A value under a key no path names is
 * skipped over, its brackets balanced but its inside not checked (this is
 * what makes On-Demand cheaper than a full parse; see the README).
 *
 * Ownership: the values returned point into the text or into the
 * parser's buffers, and stay valid until the parser's next call.  A parser
 * is used by one thread at a time; keys may be shared once built.
 */
#ifndef RILL_JSON_H
#define RILL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "records.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes simdjson may read past the end of a text: keep them readable, or it is copied. */
#define JSON_PADDING 64

struct json_keys;
struct json_parser;

struct json_keys *json_keys_new(void);
/*
 * Adds a path of nparts components (their bytes as the key holds them,
 * already unescaped); its value goes to values[slot] of json_read_object().
 */
void json_keys_add(struct json_keys *k, const struct field *parts, size_t nparts, size_t slot);
/* The number of slots: one past the highest added. */
size_t json_keys_slots(const struct json_keys *k);
void json_keys_free(struct json_keys *k);

struct json_parser *json_parser_new(void);
void json_parser_free(struct json_parser *p);

enum json_result {
	JSON_OK,
	JSON_BAD,		/* not one JSON object: *error says why */
	JSON_INVALID,		/* a lone surrogate under --invalid=skip or fail */
	JSON_NOT_UTF8,		/* the text is not valid UTF-8: the caller applies --invalid */
};

/*
 * Reads the object text[0, len).  `readable` is how many bytes from text
 * may be read: fewer than len + JSON_PADDING and the text is copied first.
 * The text is checked for UTF-8 as it is parsed (JSON_NOT_UTF8), so the
 * caller need not check it first.  With `original` (not NULL), text is a
 * copy of it in which every invalid UTF-8 byte was replaced by one ASCII
 * byte (--invalid=keep): strings are then decoded from original, so the
 * bytes pass through.
 *
 * For each slot, values[slot] gets the value and present[slot] whether
 * the key was there (absent: an empty value).  A string's lone surrogate
 * (\uD800 without its pair) is invalid text: U+FFFD under replace (counted
 * in *replaced), its three bytes as they would be encoded under keep, and
 * JSON_INVALID under skip and fail.
 */
enum json_result json_read_object(struct json_parser *p, const struct json_keys *k,
				  const char *text, size_t len, size_t readable,
				  const char *original, enum invalid_policy invalid,
				  struct field *values, bool *present, uint64_t *replaced,
				  const char **error);

#ifdef __cplusplus
}
#endif

#endif
