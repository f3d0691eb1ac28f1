/* pattern: PCRE2 patterns and rill-tag's pattern detectors; see pattern.h. */
#include "pattern.h"

#include "diag.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/*
 * Most text holds no '@', '#' or "http": a byte search finds the few
 * places worth an anchored match, where PCRE2 would otherwise try its
 * pattern at every character.
 */
static size_t find_from(const char *t, size_t len, size_t from, const char *needle)
{
	const char *p = memmem(t + from, len - from, needle, strlen(needle));
	return p ? (size_t)(p - t) : len;
}

static size_t url_start(const char *t, size_t len, size_t from, struct pattern_starts *c)
{
	if (c->http == SIZE_MAX || c->http < from)
		c->http = find_from(t, len, from, "http");
	if (c->www == SIZE_MAX || c->www < from)
		c->www = find_from(t, len, from, "www.");
	return c->http < c->www ? c->http : c->www;
}

static size_t byte_start(const char *t, size_t len, size_t from, int byte)
{
	const char *p = memchr(t + from, byte, len - from);
	return p ? (size_t)(p - t) : len;
}

static size_t mention_start(const char *t, size_t len, size_t from, struct pattern_starts *c)
{
	return byte_start(t, len, from, '@');
}

static size_t hashtag_start(const char *t, size_t len, size_t from, struct pattern_starts *c)
{
	return byte_start(t, len, from, '#');
}

/* PCRE2's \w with UCP (10.42): letters, numbers, underscore. */
static bool is_pcre_word(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) - 'a' < 26 || c - '0' < 10 || c == '_';
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static bool is_email_char(uint32_t c)
{
	return c == '.' || c == '+' || c == '-' || is_pcre_word(c);
}

/*
 * An address starts where the run of [\w.+-] before an '@' starts.  An
 * invalid byte (kept bytes) decodes as U+FFFD, not an address character:
 * the barrier PCRE2 sees too.
 */
static size_t email_start(const char *t, size_t len, size_t from, struct pattern_starts *c)
{
	for (;;) {
		size_t at = byte_start(t, len, from, '@');
		if (at >= len)
			return len;
		size_t start = at, prev;
		while (start > 0 && is_email_char(utf8_decode_before((const unsigned char *)t, 0, start, &prev)))
			start = prev;
		if (start < at && start >= from)
			return start;
		/* No local part, or one that began before `from`: no address here. */
		from = at + 1;
	}
}

/* A number starts at a digit after no word character, '.' or ','. */
static size_t number_start(const char *t, size_t len, size_t from, struct pattern_starts *c)
{
	const unsigned char *s = (const unsigned char *)t;
	for (size_t i = from; i < len;) {
		if (s[i] < 0x80) {
			if ((unsigned)s[i] - '0' < 10) {
				size_t prev;
				uint32_t b = i ? utf8_decode_before((const unsigned char *)t, 0, i, &prev) : 0;
				if (!(b == '.' || b == ',' || is_pcre_word(b)))
					return i;
			}
			i++;
			continue;
		}
		size_t n;
		uint32_t ch = utf8_decode(s + i, len - i, &n);
		if (utf8proc_category((utf8proc_int32_t)ch) == UTF8PROC_CATEGORY_ND)
			return i;	/* rare: the pattern's own look-behind decides */
		i += n;
	}
	return len;
}

const struct pattern_detector pattern_detectors[] = {
	{ "url", "(?<![\\w@])(?:https?://|www\\.)[^\\s<>\"“”]*[^\\s<>\"“”.,;:!?)\\]}'’]", url_start },
	{ "email", "(?<![\\w.+-])[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[^\\W\\d_]{2,}\\b", email_start },
	{ "hashtag", "(?<![\\w#&])#\\w*[^\\W\\d_]\\w*", hashtag_start },
	{ "mention", "(?<![\\w@.])@\\w{1,30}\\b(?!@)", mention_start },
	{ "number", "(?<![\\w.,])\\d+(?:[.,]\\d+)*(?!\\d)", number_start },
};
const size_t npattern_detectors = sizeof pattern_detectors / sizeof pattern_detectors[0];

const struct pattern_detector *pattern_detector(const char *name, size_t len)
{
	for (size_t i = 0; i < npattern_detectors; i++)
		if (strlen(pattern_detectors[i].name) == len && memcmp(pattern_detectors[i].name, name, len) == 0)
			return &pattern_detectors[i];
	return NULL;
}

/*
 * JIT matching runs on a stack of its own, 32 KiB by default: too little
 * for a backtracking pattern over a long record, which would then fail
 * where the interpreter succeeds.  Grown up to 1 MiB as pcre2grep does;
 * past that the run stops with the error (pattern_error).
 */
enum { JIT_STACK_START = 32 << 10, JIT_STACK_MAX = 1 << 20 };

static void thread_scratch(struct pattern *p)
{
	p->md = pcre2_match_data_create_from_pattern(p->code, NULL);
	p->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
	p->context = pcre2_match_context_create(NULL);
	if (!p->md || !p->jit_stack || !p->context)
		die("out of memory for a pattern's match data");
	pcre2_jit_stack_assign(p->context, NULL, p->jit_stack);
}

static void free_scratch(struct pattern *p)
{
	pcre2_match_data_free(p->md);
	pcre2_match_context_free(p->context);
	pcre2_jit_stack_free(p->jit_stack);
}

bool pattern_compile(struct pattern *p, const char *source, pattern_start_fn start, bool raw,
		     char *msg, size_t msgsize, size_t *erroffset)
{
	int err;
	PCRE2_SIZE at;
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | (start ? PCRE2_ANCHORED : 0);
	/* Kept bytes: an invalid sequence matches nothing (see pattern.h). */
	flags |= raw ? PCRE2_MATCH_INVALID_UTF : PCRE2_NO_UTF_CHECK;
	*p = (struct pattern){ .start = start };
	p->code = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED, flags, &err, &at, NULL);
	if (!p->code) {
		pcre2_get_error_message(err, (PCRE2_UCHAR *)msg, msgsize);
		*erroffset = at;
		return false;
	}
	pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);	/* without JIT it still works */
	thread_scratch(p);
	return true;
}

void pattern_free(struct pattern *p)
{
	free_scratch(p);
	pcre2_code_free(p->code);
	p->code = NULL;
}

void pattern_share(struct pattern *copy, const struct pattern *p)
{
	*copy = *p;
	thread_scratch(copy);
}

void pattern_unshare(struct pattern *copy)
{
	free_scratch(copy);
}

/* Past a character's continuation bytes: matching resumes at a character. */
static size_t next_char(const char *text, size_t len, size_t off)
{
	while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
		off++;
	return off;
}

int pattern_find(struct pattern *p, const char *text, size_t len,
		 void (*emit)(size_t start, size_t end, void *ctx), void *ctx)
{
	/* Ignored for a pattern compiled for kept bytes, which checks as it goes. */
	const uint32_t options = PCRE2_NO_UTF_CHECK;
	PCRE2_SIZE off = 0;
	if (p->start) {
		struct pattern_starts cache = { SIZE_MAX, SIZE_MAX };
		while (off < len) {
			size_t at = p->start(text, len, off, &cache);
			if (at >= len)
				break;
			int rc = pcre2_match(p->code, (PCRE2_SPTR)text, len, at, options, p->md, p->context);
			if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
				return rc;
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
			if (rc >= 0 && ov[1] > ov[0]) {
				emit(ov[0], ov[1], ctx);
				off = ov[1];
				continue;
			}
			off = next_char(text, len, at + 1);
		}
		return 0;
	}
	while (off <= len) {
		int rc = pcre2_match(p->code, (PCRE2_SPTR)text, len, off, options, p->md, p->context);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0)
			return rc;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
		if (ov[1] > ov[0])
			emit(ov[0], ov[1], ctx);
		/* An empty match moves on by one character, not one byte. */
		off = next_char(text, len, ov[1] > ov[0] ? ov[1] : ov[0] + 1);
	}
	return 0;
}

void pattern_error(int error, char *msg, size_t msgsize)
{
	switch (error) {
	case PCRE2_ERROR_MATCHLIMIT: snprintf(msg, msgsize, "hit the match limit"); return;
	case PCRE2_ERROR_DEPTHLIMIT: snprintf(msg, msgsize, "hit the depth limit"); return;
	case PCRE2_ERROR_HEAPLIMIT: snprintf(msg, msgsize, "hit the heap limit"); return;
	case PCRE2_ERROR_JIT_STACKLIMIT: snprintf(msg, msgsize, "ran out of JIT stack"); return;
	}
	char pcre[256];
	pcre2_get_error_message(error, (PCRE2_UCHAR *)pcre, sizeof pcre);
	snprintf(msg, msgsize, "failed: %s", pcre);
}
