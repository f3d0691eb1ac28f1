/*
 * lexicon: rill-tag's phrase matcher.  All phrases of all lexicons live in
 * one trie over normalized word tokens: a node is found by mixing its
 * parent's id into the next token's 128-bit key in a hashmap (the root's
 * edges in one of their own), so a lookup costs the same for a hundred
 * phrases or half a million, and loading a phrase is a few hash
 * insertions.
 *
 * Matching cuts the text into UAX #29 words (common/segment), normalizes
 * each (NFKC and case folding by default, as lexicons want) and walks the
 * trie from every word, so a match always starts and ends on word
 * boundaries ("Meta" is not in "metadata"), overlapping and nested
 * phrases are all found, and time is linear in the text times the longest
 * phrase's word count.  Two words of a phrase match two words of the text
 * separated only by white space (a no-break space too); a possessive 's
 * or ’s after a word is not part of it (Facebook’s mentions Facebook).
 * Offsets are those of the text as it came in.
 */
#ifndef RILL_LEXICON_H
#define RILL_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "hashmap.h"
#include "key.h"

struct lexicon {
	struct keyer keyer;
	/*
	 * key(parent, token) -> node id (value), tag list (aux).  The edges
	 * from the root have a table of their own: every word of the text is
	 * looked up there, and phrases share few first words (500,000 "holding
	 * N group" have one), so it stays small and in cache however large
	 * the rest grows.
	 */
	struct hashmap roots, trie;
	uint64_t nodes;
	uint32_t *tag_next;		/* tag list entries: next entry + 1, or 0 */
	uint32_t *tag_id;
	size_t ntags_entries, atags_entries;
	char **tags;			/* tag names */
	size_t *tag_lens;		/* and their lengths */
	size_t ntags, atags;
	size_t longest;			/* words in the longest phrase */
	/* Reused while matching. */
	struct token {
		size_t start, end;	/* in the text as it came in */
		struct key128 key;	/* see token_key() */
		bool space_before;	/* only white space since the previous word */
	} *tok;
	size_t ntok, atok;
	struct buf norm;
};

struct lexicon_match {
	size_t start, end;
	uint32_t tag;
};

void lexicon_init(struct lexicon *lx, const struct key_opts *o);
void lexicon_release(struct lexicon *lx);
/* Loads `phrase<TAB>tag` lines ('#' comments); an unreadable file is a usage error. */
void lexicon_load(struct lexicon *lx, const char *path);
/* The id of a tag name, added if new (regex and detector tags share the table). */
uint32_t lexicon_tag(struct lexicon *lx, const char *name, size_t len);
/*
 * A copy for matching on another thread: it shares the phrases and tags
 * (neither may change while it is used) and has scratch space of its own.
 * lexicon_unshare() frees only that.
 */
void lexicon_share(struct lexicon *copy, const struct lexicon *lx);
void lexicon_unshare(struct lexicon *copy);
/*
 * Calls fn for every phrase occurrence in text: in order of start, then
 * end, and a phrase's tags in order of name (byte order).
 */
void lexicon_match(struct lexicon *lx, const char *text, size_t len,
		   void (*fn)(const struct lexicon_match *m, void *ctx), void *ctx);

#endif
