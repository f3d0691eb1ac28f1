/* key: normalization and hashing of compared text; see key.h. */
#include "key.h"
#include "byteset.h"
#include "cpu.h"
#include "diag.h"
#include "unicode/break_tables.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

const struct choice normalize_forms[] = {
	{ "nfc", NORM_NFC }, { "nfkc", NORM_NFKC }, { "none", NORM_NONE }, { NULL, 0 },
};

enum { CH_PUNCT = 1, CH_SPACE = 2 };

/* ASCII classes by Unicode's rules: $+<=>^`|~ are symbols, not punctuation. */
static const unsigned char ascii_class[128] = {
	['\t'] = CH_SPACE, ['\n'] = CH_SPACE, ['\v'] = CH_SPACE, ['\f'] = CH_SPACE,
	['\r'] = CH_SPACE, [' '] = CH_SPACE,
	['!'] = CH_PUNCT, ['"'] = CH_PUNCT, ['#'] = CH_PUNCT, ['%'] = CH_PUNCT,
	['&'] = CH_PUNCT, ['\''] = CH_PUNCT, ['('] = CH_PUNCT, [')'] = CH_PUNCT,
	['*'] = CH_PUNCT, [','] = CH_PUNCT, ['-'] = CH_PUNCT, ['.'] = CH_PUNCT,
	['/'] = CH_PUNCT, [':'] = CH_PUNCT, [';'] = CH_PUNCT, ['?'] = CH_PUNCT,
	['@'] = CH_PUNCT, ['['] = CH_PUNCT, ['\\'] = CH_PUNCT, [']'] = CH_PUNCT,
	['_'] = CH_PUNCT, ['{'] = CH_PUNCT, ['}'] = CH_PUNCT,
};

static bool stable2_has(const struct keyer *k, uint32_t cp)
{
	return k->stable2[cp >> 6] >> (cp & 63) & 1;
}

static bool stable_e2_has(const struct keyer *k, uint32_t cp)
{
	return k->stable_e2[(cp >> 6) & 63] >> (cp & 63) & 1;
}

void keyer_init(struct keyer *k, const struct key_opts *o)
{
	struct keyer zero = { 0 };
	*k = zero;
	k->o = *o;
	k->identity = !o->icase && o->normalize == NORM_NONE && !o->squeeze && !o->strip_punct;
	for (unsigned c = 0; c < 128; c++) {
		k->ascii_map[c] = (unsigned char)(o->icase && c >= 'A' && c <= 'Z' ? c + 32 : c);
		k->ascii_keep[c] = !(o->strip_punct && (ascii_class[c] & CH_PUNCT));
	}
	uint16_t bad = o->normalize == NORM_NFC ? PROP_NFC_MAYBE_CHANGES
		     : o->normalize == NORM_NFKC ? PROP_NFKC_MAYBE_CHANGES : 0;
	if (o->normalize != NORM_NONE)
		bad |= PROP_COMBINING | PROP_KEY_FOLDS;
	if (o->icase)
		bad |= PROP_CHANGES_WHEN_CASEFOLDED;
	k->unstable = bad;
	for (uint32_t cp = 0x80; cp < 0x800; cp++)
		if (!(break_props(cp) & bad))
			k->stable2[cp >> 6] |= 1ULL << (cp & 63);
	for (uint32_t cp = 0x2000; cp < 0x3000; cp++)
		if (!(break_props(cp) & bad))
			k->stable_e2[(cp >> 6) & 63] |= 1ULL << (cp & 63);
	if (o->valid_utf8 && cpu_has_avx2()) {
		/*
		 * The first lead byte with an unstable character, but for the
		 * no-break space and the soft hyphen, which the vectors look for
		 * themselves: news text has them, and the letters after them
		 * (U+00C0 on) would otherwise all go to the tables.
		 */
		uint32_t cp = 0x80;
		while (cp < 0x800 && (cp == 0xA0 || cp == 0xAD || stable2_has(k, cp)))
			cp++;
		k->vector_lead = (unsigned char)(0xC0 | (cp >> 6));
		k->vector_c2 = !stable2_has(k, 0xA0) || !stable2_has(k, 0xAD);
		/* The run of stable U+2000..U+203F around the left curly quote U+201C. */
		unsigned lo = 0x1C, hi = 0x1C;
		if (stable_e2_has(k, 0x201C)) {
			while (lo > 0 && stable_e2_has(k, 0x2000 + lo - 1))
				lo--;
			while (hi < 0x3F && stable_e2_has(k, 0x2000 + hi + 1))
				hi++;
			k->vector_e2_lo = (unsigned char)(0x80 + lo);
			k->vector_e2_hi = (unsigned char)(0x80 + hi);
		} else {
			k->vector_e2_lo = 0xC0;	/* none: no continuation byte is C0 */
			k->vector_e2_hi = 0xC0;
		}
		if (k->vector_lead <= 0xC2)
			k->vector_lead = 0;	/* nothing beyond ASCII would pass: the scalar check is as good */
	}
}

void key_settings(struct buf *b, const struct key_opts *o)
{
	buf_addf(b, "icase=%d;normalize=%s;%ssqueeze=%d;strip_punct=%d", o->icase,
		 choice_name(normalize_forms, o->normalize),
		 o->normalize != NORM_NONE ? "spaces=u+0020;ignorables=dropped;" : "", o->squeeze,
		 o->strip_punct);
}

void keyer_release(struct keyer *k)
{
	buf_release(&k->out);
	free(k->cps);
	field_array_release(&k->selected);
	XXH3_freeState(k->hash_state);
}

static bool is_unicode_punct(int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO;
}

/*
 * The squeeze state of one normalization: a space is written only before
 * the next kept character, so runs collapse and both ends are trimmed.
 */
struct squeezer {
	bool any, pending;
};

static void emit_ascii(const struct keyer *k, struct squeezer *sq, struct buf *out,
		       const char *s, size_t n)
{
	/* At most one byte out per byte in, plus one pending space: reserve once. */
	buf_grow(out, n + 1);
	char *d = out->data + out->len;
	if (!k->o.squeeze) {
		/* No state to carry: a table and no branch per byte. */
		const unsigned char *p = (const unsigned char *)s;
		for (size_t i = 0; i < n; i++) {
			*d = (char)k->ascii_map[p[i]];
			d += k->ascii_keep[p[i]];
		}
		out->len = (size_t)(d - out->data);
		out->data[out->len] = '\0';
		return;
	}
	unsigned drop = (k->o.strip_punct ? CH_PUNCT : 0) | (k->o.squeeze ? CH_SPACE : 0);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned cls = ascii_class[c] & drop;
		if (cls) {
			if (cls & CH_SPACE)
				sq->pending = sq->any;
			continue;
		}
		if (sq->pending)
			*d++ = ' ';
		sq->pending = false;
		sq->any = true;
		*d++ = (char)(k->o.icase && c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out->len = (size_t)(d - out->data);
	out->data[out->len] = '\0';
}

/*
 * The Unicode quick check (UAX #15 section 9): text whose characters all
 * have NFC_Quick_Check=Yes (NFKC for nfkc) and canonical combining class 0
 * is already normalized; with -i, none may change when case folded
 * (ASCII letters are folded by the caller).  Almost all news text passes,
 * so it never reaches utf8proc's decompose and recompose.
 */
static const struct byteset non_ascii = BYTESET_NON_ASCII;

#if defined(__x86_64__)
#include <immintrin.h>

/*
 * From i, the first position the vector check cannot pass, 32 bytes at a
 * time: a lead byte the tables must judge (from vector_lead, or a C2 A0 or
 * C2 AD when vector_c2), or too near the end for the loads (past a
 * character already passed).  Valid UTF-8 only: a lone continuation byte
 * would pass.
 */
__attribute__((target("avx2"))) static size_t vector_stable_upto(const struct keyer *k,
								   const unsigned char *p, size_t i,
								   size_t n)
{
	const __m256i lead = _mm256_set1_epi8((char)k->vector_lead), e2 = _mm256_set1_epi8((char)0xE2),
		      x80 = _mm256_set1_epi8((char)0x80), e2_lo = _mm256_set1_epi8((char)k->vector_e2_lo),
		      e2_width = _mm256_set1_epi8((char)(k->vector_e2_hi - k->vector_e2_lo)),
		      /* 0xFF, in no valid UTF-8, when C2 needs no look. */
		      c2 = _mm256_set1_epi8(k->vector_c2 ? (char)0xC2 : (char)0xFF),
		      x0d = _mm256_set1_epi8(0x0D), xad = _mm256_set1_epi8((char)0xAD);
	size_t start = i;
	/* Two bytes past the chunk are read: the rest of an E2 80 xx that starts in it. */
	for (; i + 34 <= n; i += 32) {
		__m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
		if (!_mm256_movemask_epi8(v0))
			continue;	/* ASCII: most chunks of news text, even among accents and quotes */
		__m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 1));
		__m256i v2 = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 2));
		__m256i high = _mm256_cmpeq_epi8(_mm256_max_epu8(v0, lead), v0);
		/* lo <= xx <= hi as xx - lo <= hi - lo, unsigned. */
		__m256i offset = _mm256_sub_epi8(v2, e2_lo);
		__m256i quote = _mm256_and_si256(
			_mm256_and_si256(_mm256_cmpeq_epi8(v0, e2), _mm256_cmpeq_epi8(v1, x80)),
			_mm256_cmpeq_epi8(_mm256_min_epu8(offset, e2_width), offset));
		/*
		 * C2 A0 and C2 AD, with C2 A1, A4, A5, A8, A9, AC (the same
		 * once 0x0D is set): those the tables then pass.
		 */
		__m256i folded = _mm256_and_si256(_mm256_cmpeq_epi8(v0, c2),
						  _mm256_cmpeq_epi8(_mm256_or_si256(v1, x0d), xad));
		unsigned mask = (unsigned)_mm256_movemask_epi8(
			_mm256_or_si256(_mm256_andnot_si256(quote, high), folded));
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
	/* Out of a character the chunks passed (at most three bytes). */
	while (i > start && i < n && (p[i] & 0xC0) == 0x80)
		i++;
	return i;
}
#endif

static bool already_normalized(const struct keyer *k, const char *s, size_t n)
{
	if (n <= 32) {
		/* A short key (a name, a code): one pass, no call to a scanner. */
		unsigned char any = 0;
		for (size_t i = 0; i < n; i++)
			any |= (unsigned char)s[i];
		if (any < 0x80)
			return true;
	}
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	for (;;) {
#if defined(__x86_64__)
		/* Long text: 32 bytes at a time, the tables only for what the vectors cannot pass. */
		if (k->vector_lead && i + 34 <= n)
			i = vector_stable_upto(k, p, i, n);
#endif
		i = utf8_skip_ascii(p, i, n);	/* ASCII needs no check */
		if (i >= n)
			break;
		/* Accented letters and typographic punctuation by table, the rest decoded. */
		unsigned char c = p[i];
		if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
			if (!(k->stable2[c & 0x1F] >> (p[i + 1] & 63) & 1))
				return false;
			i += 2;
		} else if (c == 0xE2 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
			   (p[i + 2] & 0xC0) == 0x80) {
			if (!(k->stable_e2[p[i + 1] & 63] >> (p[i + 2] & 63) & 1))
				return false;
			i += 3;
		} else {
			size_t len;
			uint32_t cp = utf8_decode(p + i, n - i, &len);
			/* Invalid bytes (--invalid=keep) decode as U+FFFD of one byte: the full path keeps them raw. */
			if ((cp == 0xFFFD && len == 1) || (break_props(cp) & k->unstable))
				return false;
			i += len;
		}
	}
	return true;
}

/* Squeeze and strip-punct over text that needs no other change. */
static void emit_unchanged(const struct keyer *k, struct squeezer *sq, struct buf *out,
			   const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {
			size_t run = i + 1;
			while (run < n && p[run] < 0x80)
				run++;
			emit_ascii(k, sq, out, s + i, run - i);
			i = run;
			continue;
		}
		size_t len;
		uint32_t cp = utf8_decode(p + i, n - i, &len);
		if (k->o.strip_punct && is_unicode_punct((int32_t)cp)) {
			i += len;
			continue;
		}
		if (k->o.squeeze && utf8_is_space(cp)) {
			sq->pending = sq->any;
			i += len;
			continue;
		}
		if (sq->pending)
			buf_addc(out, ' ');
		sq->pending = false;
		sq->any = true;
		buf_add(out, s + i, len);
		i += len;
	}
}

/* Under NFC and NFKC every space separator is U+0020 (see key.h). */
static utf8proc_int32_t space_as_u0020(utf8proc_int32_t c, void *data)
{
	(void)data;
	/* The table's bit first: it is set for few characters, and for all of these. */
	if ((break_props((uint32_t)c) & PROP_KEY_FOLDS) &&
	    utf8proc_category(c) == UTF8PROC_CATEGORY_ZS)
		return 0x20;
	return c;
}

/* The full path: utf8proc decomposes, folds and recomposes. */
static void normalize_full(struct keyer *k, struct squeezer *sq, const char *s, size_t n,
			   struct buf *out)
{
	utf8proc_option_t opts = 0;
	utf8proc_custom_func custom = NULL;
	if (k->o.normalize == NORM_NFC)
		opts |= UTF8PROC_DECOMPOSE;
	else if (k->o.normalize == NORM_NFKC)
		opts |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT;
	if (k->o.normalize != NORM_NONE) {
		/* Default ignorables are dropped as the text is decomposed, so what they held apart composes. */
		opts |= UTF8PROC_IGNORE;
		/*
		 * Unicode's NFC: without STABLE utf8proc composes the characters
		 * excluded from composition after Unicode 3.0 (U+2ADC, musical
		 * symbols) back, which the quick check and every other NFC do not.
		 */
		opts |= UTF8PROC_STABLE;
		custom = space_as_u0020;
	}
	if (k->o.icase)
		opts |= UTF8PROC_CASEFOLD;
	utf8proc_ssize_t ncp;
	for (;;) {
		ncp = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
						k->cps, (utf8proc_ssize_t)k->acps, opts, custom, NULL);
		if (ncp < 0) {
			/* Invalid UTF-8 kept by --invalid=keep compares as raw bytes. */
			buf_add(out, s, n);
			return;
		}
		if ((size_t)ncp <= k->acps)
			break;
		ALLOC_GROW(k->cps, (size_t)ncp, k->acps);
	}
	if (opts & UTF8PROC_DECOMPOSE) {
		ncp = utf8proc_normalize_utf32(k->cps, ncp, (opts & ~UTF8PROC_DECOMPOSE) | UTF8PROC_COMPOSE);
		if (ncp < 0)
			bug("utf8proc_normalize_utf32 failed: %s", utf8proc_errmsg(ncp));
	}
	buf_grow(out, (size_t)ncp * 4);
	for (utf8proc_ssize_t i = 0; i < ncp; i++) {
		int32_t c = k->cps[i];
		if (c < 0x80) {
			char ch = (char)c;
			emit_ascii(k, sq, out, &ch, 1);
			continue;
		}
		if (k->o.strip_punct && is_unicode_punct(c))
			continue;
		if (k->o.squeeze && utf8_is_space((uint32_t)c)) {
			sq->pending = sq->any;
			continue;
		}
		if (sq->pending)
			buf_addc(out, ' ');
		sq->pending = false;
		sq->any = true;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t len = utf8proc_encode_char(c, enc);
		buf_add(out, enc, (size_t)len);
	}
}


void key_normalize_ascii(struct keyer *k, const char *s, size_t n, struct buf *out)
{
	/* ASCII is its own NFC and NFKC: only the other options change it. */
	if (out->alloc - out->len <= n)
		buf_grow(out, n);
	if (!k->o.squeeze && !k->o.strip_punct) {
		char *d = out->data + out->len;
		if (k->o.icase)
			for (size_t i = 0; i < n; i++)
				d[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		else
			memcpy(d, s, n);
		out->len += n;
		out->data[out->len] = '\0';
		return;
	}
	struct squeezer sq = { false, false };
	emit_ascii(k, &sq, out, s, n);
}

void key_normalize(struct keyer *k, const char *s, size_t n, struct buf *out)
{
	if (k->identity) {
		buf_add(out, s, n);
		return;
	}
	if (utf8_is_ascii(s, n)) {
		key_normalize_ascii(k, s, n, out);
		return;
	}
	struct squeezer sq = { false, false };
	if (already_normalized(k, s, n)) {
		buf_grow(out, n);
		if (!k->o.squeeze && !k->o.strip_punct && !k->o.icase) {
			buf_add(out, s, n);
			return;
		}
		emit_unchanged(k, &sq, out, s, n);
		return;
	}
	/*
	 * Some character changes.  Only the pieces around non-ASCII text go
	 * through utf8proc: an ASCII character never changes under NFC or
	 * NFKC and never composes with the character before it, so the text
	 * can be cut before any ASCII character.  A piece starts one ASCII
	 * character early (a base a combining mark may compose with) and ends
	 * before the next ASCII character.
	 */
	buf_grow(out, n);
	size_t pos = 0;
	while (pos < n) {
		size_t run = byteset_scan(&non_ascii, s + pos, n - pos);
		if (pos + run >= n) {
			emit_ascii(k, &sq, out, s + pos, n - pos);
			break;
		}
		size_t start = pos + run, end = start;
		while (end < n && (unsigned char)s[end] >= 0x80)
			end++;
		if (run) {
			emit_ascii(k, &sq, out, s + pos, run - 1);
			start--;
		}
		if (already_normalized(k, s + start, end - start))
			emit_unchanged(k, &sq, out, s + start, end - start);
		else
			normalize_full(k, &sq, s + start, end - start, out);
		pos = end;
	}
}

struct field key_of_fields(struct keyer *k, const struct fieldlist *fl, const struct field *f,
			   size_t n)
{
	size_t index;
	if (fieldlist_whole(fl) ? n == 1 : fieldlist_single(fl, &index)) {
		const struct field *one = fieldlist_whole(fl) ? &f[0] : index < n ? &f[index] : NULL;
		if (!one)
			return (struct field){ "", 0 };
		/* Nothing to change: the key is the field itself, not a copy. */
		if (k->identity || (!k->o.icase && !k->o.squeeze && !k->o.strip_punct &&
				    already_normalized(k, one->data, one->len)))
			return *one;
	}
	buf_reset(&k->out);
	fieldlist_select(fl, f, n, &k->selected);
	for (size_t i = 0; i < k->selected.n; i++) {
		if (i)
			buf_addc(&k->out, '\x1f');
		key_normalize(k, k->selected.f[i].data, k->selected.f[i].len, &k->out);
	}
	return (struct field){ k->out.data ? k->out.data : "", k->out.len };
}

struct key128 key_hash(const void *p, size_t n)
{
	XXH128_hash_t h = XXH3_128bits(p, n);
	return (struct key128){ h.low64, h.high64 };
}

struct key128 key_hash_of_fields(struct keyer *k, const struct fieldlist *fl,
				 const struct field *f, size_t n)
{
	bool plain = !k->o.icase && !k->o.squeeze && !k->o.strip_punct;
	if (!plain || fieldlist_whole(fl) || fieldlist_single(fl, &(size_t){ 0 })) {
		struct field key = key_of_fields(k, fl, f, n);
		return key_hash(key.data, key.len);
	}
	/* The streaming hash of the pieces is the hash of the joined key (XXH3 guarantees it). */
	if (!k->hash_state && !(k->hash_state = XXH3_createState()))
		die("out of memory");
	XXH3_state_t *st = k->hash_state;
	XXH3_128bits_reset(st);
	fieldlist_select(fl, f, n, &k->selected);
	for (size_t i = 0; i < k->selected.n; i++) {
		const struct field *s = &k->selected.f[i];
		if (i)
			XXH3_128bits_update(st, "\x1f", 1);
		if (k->identity || already_normalized(k, s->data, s->len)) {
			XXH3_128bits_update(st, s->data, s->len);
		} else {
			buf_reset(&k->out);
			key_normalize(k, s->data, s->len, &k->out);
			XXH3_128bits_update(st, k->out.data ? k->out.data : "", k->out.len);
		}
	}
	XXH128_hash_t h = XXH3_128bits_digest(st);
	return (struct key128){ h.low64, h.high64 };
}
