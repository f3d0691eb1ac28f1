/* html: a page to its text or its article; see html.h and html/internal.h. */
#include "html.h"
#include "charset.h"
#include "diag.h"
#include "fields.h"
#include "html/internal.h"

#include <gumbo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Gumbo allocates every node, string and vector on its own, and frees
 * them one by one in a recursive walk.  Given this arena instead, it
 * allocates by moving a pointer, and a page is freed by rewinding: no
 * call per node, no recursion however deep the tree.
 */
struct chunk {
	struct chunk *next;
	size_t size, used;
	max_align_t data[];
};

enum { CHUNK_MIN = 256 << 10, KEEP_MAX = 64 << 20 };

struct arena {
	struct chunk *head;	/* the chunk being used; older ones after it */
};

static void *arena_alloc(void *ctx, size_t n)
{
	struct arena *a = ctx;
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	struct chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = c ? c->size * 2 : CHUNK_MIN;
		while (size < n)
			size *= 2;
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static void arena_free(void *ctx, void *p)
{
	(void)ctx;
	(void)p;	/* freed all at once by arena_rewind */
}

/* Frees all but the newest (largest) chunk, which a next page of the same size fits. */
static void arena_rewind(struct arena *a)
{
	struct chunk *c = a->head;
	if (!c)
		return;
	struct chunk *older = c->next;
	while (older) {
		struct chunk *next = older->next;
		free(older);
		older = next;
	}
	c->next = NULL;
	c->used = 0;
	if (c->size > KEEP_MAX) {
		free(c);
		a->head = NULL;
	}
}

static void arena_release(struct arena *a)
{
	arena_rewind(a);
	free(a->head);
	a->head = NULL;
}

struct html {
	struct arena arena;
	GumboOptions options;
	struct charset_decoder *decoder;
	struct buf utf8, skimmed;
	struct html_runs runs;	/* the page's text, which the parser sees as markers */
	struct htree tree;
	unsigned char *keep;	/* --html=main: per block, whether it is the article's */
	size_t akeep;
	struct main_scratch main;
};

struct html *html_new(void)
{
	struct html *h = xcalloc(1, sizeof *h);
	h->options = kGumboDefaultOptions;
	h->options.allocator = arena_alloc;
	h->options.deallocator = arena_free;
	h->options.userdata = &h->arena;
	/* Gumbo copies the stack of open elements into each error it records:
	 * on a deep, broken page that is quadratic memory.  None are wanted. */
	h->options.max_errors = 0;
	h->decoder = charset_decoder_new();
	return h;
}

void html_free(struct html *h)
{
	if (!h)
		return;
	arena_release(&h->arena);
	charset_decoder_free(h->decoder);
	buf_release(&h->utf8);
	buf_release(&h->skimmed);
	free(h->runs.at);
	htree_release(&h->tree);
	free(h->keep);
	main_scratch_release(&h->main);
	free(h);
}

static const char *const separators[] = { "", " ", "\n", "\n\n" };

/* The blocks marked in keep (all with keep NULL), each after the strongest boundary since the last. */
static void write_blocks(const struct htree *t, const unsigned char *keep, struct buf *out)
{
	enum sep pending = SEP_NONE;
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct hblock *b = &t->blocks[i];
		if (b->sep > pending)
			pending = (enum sep)b->sep;
		if (keep && !keep[i])
			continue;
		if (out->len)
			buf_adds(out, separators[pending]);
		buf_add(out, t->text.data + b->start, b->len);
		pending = SEP_NONE;
	}
}

void html_to_text(struct html *h, enum html_mode mode, const char *p, size_t n,
		  const char *content_type, struct buf *out)
{
	buf_reset(out);
	char name[CHARSET_NAME_MAX];
	size_t skip;
	charset_detect(p, n, content_type, name, &skip);
	buf_reset(&h->utf8);
	charset_decode(h->decoder, name, p + skip, n - skip, &h->utf8);
	html_skim(h->utf8.data ? h->utf8.data : "", h->utf8.len, mode == HTML_MAIN, mode == HTML_MAIN,
		  &h->skimmed, &h->runs);
	GumboOutput *doc = gumbo_parse_with_options(&h->options, h->skimmed.data, h->skimmed.len);
	h->tree.classify = mode == HTML_MAIN;
	htree_build(&h->tree, doc->document, &h->runs);
	arena_rewind(&h->arena);
	if (mode != HTML_MAIN) {
		write_blocks(&h->tree, NULL, out);
		return;
	}
	ALLOC_GROW(h->keep, h->tree.nblocks, h->akeep);
	html_main_select(&h->tree, &h->main, h->keep);
	write_blocks(&h->tree, h->keep, out);
}

struct html_fields {
	enum html_mode mode;
	struct fieldlist fl;	/* a copy: n == 0 names every field */
	struct html *html;
	struct buf *texts;	/* one per field converted in a record */
	size_t atexts;
};

struct html_fields *html_fields_new(enum html_mode mode, const struct fieldlist *fl)
{
	struct html_fields *hf = xcalloc(1, sizeof *hf);
	hf->mode = mode;
	if (fl && fl->n) {
		hf->fl.n = fl->n;
		hf->fl.ranges = xmalloc(fl->n * sizeof *fl->ranges);
		memcpy(hf->fl.ranges, fl->ranges, fl->n * sizeof *fl->ranges);
	}
	hf->html = html_new();
	return hf;
}

struct html_fields *html_fields_copy(const struct html_fields *hf)
{
	return html_fields_new(hf->mode, &hf->fl);
}

void html_fields_free(struct html_fields *hf)
{
	if (!hf)
		return;
	for (size_t i = 0; i < hf->atexts; i++)
		buf_release(&hf->texts[i]);
	free(hf->texts);
	free(hf->fl.ranges);
	html_free(hf->html);
	free(hf);
}

static bool named_field(const struct fieldlist *fl, size_t i)
{
	if (fl->n == 0)
		return true;
	for (size_t r = 0; r < fl->n; r++)
		if (i >= fl->ranges[r].lo && i <= fl->ranges[r].hi)
			return true;
	return false;
}

void html_fields_apply(struct html_fields *hf, struct field *f, size_t n,
		       const char *content_type)
{
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		if (!named_field(&hf->fl, i))
			continue;
		if (used == hf->atexts) {
			size_t had = hf->atexts;
			ALLOC_GROW(hf->texts, used + 1, hf->atexts);
			memset(hf->texts + had, 0, (hf->atexts - had) * sizeof *hf->texts);
		}
		struct buf *t = &hf->texts[used++];
		html_to_text(hf->html, hf->mode, f[i].data, f[i].len, content_type, t);
		f[i].data = t->data ? t->data : "";
		f[i].len = t->len;
	}
}
