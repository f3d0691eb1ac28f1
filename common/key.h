/*
 * key: the text a tool compares (dedupe, count, join, tag) and its hash.
 *
 * Normalization, in this order: Unicode normalization (NFC by default,
 * NFKC, or none), full case folding (-i), punctuation removal
 * (--strip-punct: Unicode general category P*), white space squeezing
 * (--squeeze: runs of Unicode white space become one space, ends trimmed).
 * Under NFC and NFKC, text that looks the same is the same key: every
 * space separator (general category Zs: no-break, narrow no-break, thin,
 * ideographic space...) is U+0020, and the default-ignorable characters
 * crawled text carries invisibly (zero-width space and joiners, soft
 * hyphen, a stray byte-order mark, variation selectors, bidi controls)
 * are left out, before composition (so e, ZWJ, U+0301 is é).  Under
 * none all of them stay as they are.
 * Pure ASCII input, the common case in news text, takes a table-driven
 * path that never calls utf8proc.
 *
 * Keys of several fields are the normalized fields joined by 0x1F (unit
 * separator), so ("a b", "c") and ("a", "b c") differ.  Hashes are
 * XXH3-128: at tens of millions of keys a collision is still ~1e-23.
 *
 * Ownership: a keyer owns its buffers; the key it returns stays valid
 * until its next call.
 */
#ifndef RILL_KEY_H
#define RILL_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "choice.h"
#include "fields.h"
#include "records.h"

enum normalize_form { NORM_NFC = 0, NORM_NONE, NORM_NFKC };
/* Their names (--normalize, and the settings a state records). */
extern const struct choice normalize_forms[];

struct key_opts {
	bool icase;
	enum normalize_form normalize;
	bool squeeze;
	bool strip_punct;
	bool valid_utf8;	/* the text is valid UTF-8 (any --invalid but keep) */
};

struct key128 {
	uint64_t lo, hi;
};

struct keyer {
	struct key_opts o;
	bool identity;		/* no option changes the text */
	/* Without --squeeze, an ASCII byte c becomes ascii_map[c], kept if ascii_keep[c]. */
	unsigned char ascii_map[128], ascii_keep[128];
	/*
	 * Characters the quick check passes, by bit: two-byte sequences
	 * (U+0080..U+07FF) by lead byte less 0xC0, then the continuation's low
	 * six bits; three-byte ones after lead 0xE2 (U+2000..U+2FFF: curly
	 * quotes, dashes, the euro) by second byte, then third.
	 */
	uint64_t stable2[32], stable_e2[64];
	uint16_t unstable;	/* break_props bits that fail the quick check */
	/*
	 * The vector check (AVX2, valid UTF-8 only): every character passes
	 * whose lead byte is below vector_lead (0: no vector check), but the
	 * no-break space and the soft hyphen (C2 A0, C2 AD) when vector_c2,
	 * and E2 80 xx for vector_e2_lo <= xx <= vector_e2_hi (U+2010..U+2029
	 * under NFC: dashes, curly quotes, the ellipsis).
	 */
	unsigned char vector_lead, vector_e2_lo, vector_e2_hi;
	bool vector_c2;
	struct buf out;
	int32_t *cps;
	size_t acps;
	struct field_array selected;
	void *hash_state;	/* XXH3's streaming state, made on first use */
};

void keyer_init(struct keyer *k, const struct key_opts *o);

/*
 * Appends the settings that shape keys, as stored in state files
 * ("icase=1;normalize=nfc;spaces=u+0020;ignorables=dropped;squeeze=0;
 * strip_punct=0"), so a file made under other rules is refused.  The
 * space and ignorable rules, added after the first states were written,
 * are named under nfc and nfkc only: keys under none did not change.
 */
void key_settings(struct buf *b, const struct key_opts *o);
void keyer_release(struct keyer *k);

/* Appends the normalized form of s[0..n) to out. */
void key_normalize(struct keyer *k, const char *s, size_t n, struct buf *out);
/* The same for text known to be ASCII (a word the segmenter found ASCII). */
void key_normalize_ascii(struct keyer *k, const char *s, size_t n, struct buf *out);

/*
 * The normalized key of the selected fields of a record.  It points into
 * the record itself when nothing needs changing (one field, no
 * normalization that alters it), otherwise into the keyer's buffer.
 */
struct field key_of_fields(struct keyer *k, const struct fieldlist *fl,
			   const struct field *f, size_t n);

struct key128 key_hash(const void *p, size_t n);

/*
 * key_hash(key_of_fields(...)), without joining the fields into one
 * buffer when they need no change: each goes to the hash where it lies.
 */
struct key128 key_hash_of_fields(struct keyer *k, const struct fieldlist *fl,
				 const struct field *f, size_t n);

static inline bool key_equal(struct key128 a, struct key128 b)
{
	return a.lo == b.lo && a.hi == b.hi;
}

#endif
