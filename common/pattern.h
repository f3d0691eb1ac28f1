/*
 * pattern: rill-tag's regular expressions (PCRE2 with Unicode properties
 * and JIT) and its built-in detectors written as patterns (url, email,
 * hashtag, mention, number), each of those with a byte search for the
 * places where its matches can start.
 *
 * Text is valid UTF-8 except under --invalid=keep.  A pattern compiled for
 * valid text is matched without PCRE2's UTF check (the reader checked
 * once per block); one compiled for kept bytes (`raw`) is matched with
 * PCRE2_MATCH_INVALID_UTF, where an invalid sequence matches nothing and
 * no match crosses it, so every match is valid UTF-8.  Handing invalid
 * text to a pattern compiled for valid text is undefined behaviour in
 * PCRE2 (a crash): the caller picks `raw` from the input's policy.
 *
 * Ownership: the compiled code is shared read-only between threads; each
 * thread matches with a struct pattern of its own (pattern_share), whose
 * match data is its scratch.
 */
#ifndef RILL_PATTERN_H
#define RILL_PATTERN_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where pattern detectors' matches may start: the next "http" and "www.", cached per text. */
struct pattern_starts {
	size_t http, www;	/* SIZE_MAX: not looked for yet */
};

/*
 * The first place at or after `from` where a match can start (`len`:
 * none).  Every place a match can start must be given: the matches are
 * then those of an unanchored search.
 */
typedef size_t (*pattern_start_fn)(const char *text, size_t len, size_t from,
				   struct pattern_starts *c);

struct pattern {
	pcre2_code *code;		/* shared */
	pcre2_match_data *md;		/* this thread's, as are the two below */
	pcre2_match_context *context;
	pcre2_jit_stack *jit_stack;
	pattern_start_fn start;		/* NULL: an unanchored search (a user's pattern) */
	uint32_t tag;			/* the caller's */
};

/* A built-in detector that is a pattern; its tag is its name. */
struct pattern_detector {
	const char *name, *source;
	pattern_start_fn start;
};

extern const struct pattern_detector pattern_detectors[];
extern const size_t npattern_detectors;

/* The detector of that name, or NULL. */
const struct pattern_detector *pattern_detector(const char *name, size_t len);

/*
 * Compiles `source` (NUL-terminated UTF-8), anchored when start is given,
 * for kept invalid bytes when raw.  Returns false, with PCRE2's message
 * and the offset of the error in the pattern, if it does not compile.
 */
bool pattern_compile(struct pattern *p, const char *source, pattern_start_fn start, bool raw,
		     char *msg, size_t msgsize, size_t *erroffset);
void pattern_free(struct pattern *p);
/* A copy for another thread: the same code, match data of its own. */
void pattern_share(struct pattern *copy, const struct pattern *p);
void pattern_unshare(struct pattern *copy);

/*
 * Calls emit for every match in text, in order, none empty, none
 * overlapping the one before.  Returns 0, or the PCRE2 error that stopped
 * the search (PCRE2_ERROR_MATCHLIMIT, ...: the matches so far were
 * emitted, later ones may be missing); "no match" is not an error.
 */
int pattern_find(struct pattern *p, const char *text, size_t len,
		 void (*emit)(size_t start, size_t end, void *ctx), void *ctx);

/* What a pattern_find error means, as a phrase: "hit the match limit". */
void pattern_error(int error, char *msg, size_t msgsize);

#endif
