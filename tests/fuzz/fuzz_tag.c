/*
 * libFuzzer target: everything rill-tag matches, on what the record reader
 * hands it under every --invalid policy.  The first byte chooses the
 * format and the policy (replace, skip, fail, keep), the second the block
 * size; the rest is the input.  Every field of every record goes through
 * the lexicon, the pattern detectors (url, email, hashtag, mention,
 * number), a set of user patterns and the detectors of common/detect,
 * compiled as rill-tag compiles them for that policy.
 *
 * Checked: nothing crashes (PCRE2 on invalid UTF-8 without
 * PCRE2_MATCH_INVALID_UTF crashed rill-tag under --invalid=keep); text is
 * valid UTF-8 under every policy but keep; every span lies inside its
 * text, is not empty and starts on a character; matches of one pattern or
 * detector come in order without overlap, and a pattern's match is valid
 * UTF-8; on valid text, patterns compiled for kept bytes find exactly what
 * those compiled for valid text find; only the pattern built to hit
 * PCRE2's match limit may report an error.
 */
#include "../../common/detect.h"
#include "../../common/diag.h"
#include "../../common/lexicon.h"
#include "../../common/pattern.h"
#include "../../common/records.h"
#include "../../common/unicode/break_tables.h"
#include "../../common/utf8.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const user_patterns[] = {
	"\\w+", "\\b\\w+al\\b", ".", "\\X", "(?<=\\w)\\W", "[^a]+", "\\p{L}+", ("(?i)stra\xc3\x9f" "e"),
	"\\d+(?:[.,]\\d+)*", "x*", "^|$", "\\s*", "(?<!\\w)\\w{2,}(?!\\w)", "\xe2\x80\x9c[^\xe2\x80\x9d]*",
	"(a+)+c",	/* the one allowed to hit the match limit */
};
#define NUSER (sizeof user_patterns / sizeof user_patterns[0])
#define LIMITED (NUSER - 1)
#define NPATTERNS (NUSER + 5)

static struct pattern patterns[2][NPATTERNS];	/* [raw] */
static size_t npatterns;
static struct lexicon lx;

static const char lexicon_text[] =
	"a\tA\na\tZ\na\tB\na a\tAA\na a a\tAAA\nStra\xc3\x9f" "e\tS\nnew york\tNY\ncaf\xc3\xa9\tC\n"
	"\xe2\x80\x9cquote\tQ\nFacebook\tF\n\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0\tM\n";

static void init(void)
{
	char msg[256];
	size_t at;
	for (int raw = 0; raw < 2; raw++) {
		size_t n = 0;
		for (size_t i = 0; i < npattern_detectors; i++)
			if (!pattern_compile(&patterns[raw][n++], pattern_detectors[i].source,
					     pattern_detectors[i].start, raw, msg, sizeof msg, &at))
				abort();
		for (size_t i = 0; i < NUSER; i++)
			if (!pattern_compile(&patterns[raw][n++], user_patterns[i], NULL, raw, msg, sizeof msg, &at))
				abort();
		npatterns = n;
	}
	char path[] = "/tmp/fuzz_tag_lexicon.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, lexicon_text, sizeof lexicon_text - 1) != (ssize_t)(sizeof lexicon_text - 1))
		abort();
	close(fd);
	struct key_opts o = { .normalize = NORM_NFKC, .icase = true };
	lexicon_init(&lx, &o);
	lexicon_load(&lx, path);
	unlink(path);
}

struct spans {
	const char *text;
	size_t len, last_start, last_end;
	uint32_t last_tag;
	size_t *ends;		/* start, end of each match: raw and valid compared */
	size_t n, cap;
};

/* Inside the text, not empty, on a character (of valid text). */
static void check_span(struct spans *s, size_t start, size_t end)
{
	const unsigned char *t = (const unsigned char *)s->text;
	if (start >= end || end > s->len)
		abort();
	if ((t[start] & 0xC0) == 0x80 && utf8_valid(s->text, s->len))
		abort();
}

/* One pattern's or detector's matches: in order, none overlapping. */
static void on_span(size_t start, size_t end, void *ctx)
{
	struct spans *s = ctx;
	check_span(s, start, end);
	if (start < s->last_end)
		abort();
	s->last_end = end;
	if (s->n + 2 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->ends = realloc(s->ends, s->cap * sizeof *s->ends);
		if (!s->ends)
			abort();
	}
	s->ends[s->n++] = start;
	s->ends[s->n++] = end;
}

/*
 * Phrases nest and overlap, but come in order of start, then end (what
 * rill-tag's merge of spans relies on).
 */
static void on_lexicon(const struct lexicon_match *m, void *ctx)
{
	struct spans *s = ctx;
	check_span(s, m->start, m->end);
	if (m->start < s->last_start || (m->start == s->last_start && m->end < s->last_end) ||
	    m->tag >= lx.ntags)
		abort();
	/* A phrase's tags: in order of name, each once. */
	if (s->n && m->start == s->last_start && m->end == s->last_end &&
	    strcmp(lx.tags[s->last_tag], lx.tags[m->tag]) >= 0)
		abort();
	s->last_start = m->start;
	s->last_end = m->end;
	s->last_tag = m->tag;
	s->n = 1;
}

static void match_text(const char *text, size_t len, bool raw)
{
	struct spans s = { .text = text, .len = len }, v = s;
	bool valid = utf8_valid(text, len);
	if (!raw && !valid)
		abort();	/* every policy but keep hands on valid UTF-8 */
	for (size_t i = 0; i < npatterns; i++) {
		/* The backtracking pattern on short texts only: its limit is hit in 40 bytes, slowly. */
		if (i == npattern_detectors + LIMITED && len > 64)
			continue;
		s.last_end = s.n = 0;
		int rc = pattern_find(&patterns[raw][i], text, len, on_span, &s);
		if (rc && i != npattern_detectors + LIMITED)
			abort();
		for (size_t k = 0; k < s.n; k += 2)
			if (!utf8_valid(text + s.ends[k], s.ends[k + 1] - s.ends[k]))
				abort();
		if (raw && valid && !rc) {
			/* The same text, valid: the pattern compiled for it finds the same. */
			v.last_end = v.n = 0;
			if (pattern_find(&patterns[0][i], text, len, on_span, &v) || v.n != s.n ||
			    (s.n && memcmp(v.ends, s.ends, s.n * sizeof *s.ends)))
				abort();
		}
	}
	s.last_start = s.last_end = s.n = 0;
	lexicon_match(&lx, text, len, on_lexicon, &s);
	void (*const detectors[])(const char *, size_t, detect_emit, void *) = {
		detect_quotes, detect_boilerplate, detect_mojibake,
	};
	for (size_t i = 0; i < sizeof detectors / sizeof detectors[0]; i++) {
		s.last_end = s.n = 0;
		detectors[i](text, len, on_span, &s);
	}
	int script = detect_script(text, len);
	if (script != -1 && (script <= SCRIPT_COMMON || (unsigned)script >= script_count))
		abort();
	free(s.ends);
	free(v.ends);
}

static jmp_buf recover;

static noreturn void on_exit_status(int status)
{
	longjmp(recover, status ? status : 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!npatterns)
		init();
	if (size < 2)
		return 0;
	static const enum rec_format formats[] = { FMT_LINES, FMT_TSV, FMT_CSV, FMT_PARA, FMT_DOC };
	struct input_opts o = { 0 };
	o.format = formats[data[0] % 5];
	o.invalid = (enum invalid_policy)((data[0] >> 4) & 3);
	o.block_size = 1 + data[1];
	bool raw = o.invalid == INVALID_KEEP;
	data += 2;
	size -= 2;

	diag_set_exit(on_exit_status);
	static struct reader *volatile r;
	if (setjmp(recover)) {
		/* A data error (--invalid=fail, broken CSV): what rill-tag would report. */
		reader_close(r);
		r = NULL;
		return 0;
	}
	r = reader_open_mem(&o, data, size, "fuzz");
	const struct record *rec;
	while ((rec = reader_next(r)) != NULL) {
		const struct field *f;
		size_t n = reader_fields(r, &f);
		for (size_t i = 0; i < n; i++)
			match_text(f[i].data, f[i].len, raw);
		if (rec->text && o.format != FMT_TSV)
			match_text(rec->text, rec->len, raw);
	}
	reader_close(r);
	r = NULL;
	return 0;
}
