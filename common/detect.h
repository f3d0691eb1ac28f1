/*
 * detect: rill-tag's built-in detectors that are not regular expressions.
 * Each reads a UTF-8 text and reports byte spans of it; none allocates.
 *
 * - quotes: spans of quoted speech, from the opening mark to the closing
 *   one (“…”, "…", ‘…’, '…', „…“, «…», 「…」), nested quotes inside the
 *   outer span, a quote left open at the end of a paragraph (the news
 *   style for a quotation that runs on into the next one) to that end.  A
 *   line break inside a paragraph (wrapped text) does not end a quote.
 *   Apostrophes (don’t, Facebook’s, rock ’n’ roll) are not quote marks.
 *   Speech is told from scare quotes and titles by what is inside and
 *   around: punctuation before the closing mark (“No,” he said), five
 *   words or more that are not a title, or three or more with a verb of
 *   saying in the text (the judge said he showed "no remorse whatsoever").
 * - boilerplate: lines of site chrome (menus, newsletter, cookie, share
 *   and comment prompts, bylines, credits, copyright lines), each line of
 *   the text judged on its own from features, the way jusText classifies
 *   paragraphs: length and stop-word density (running prose), sentence
 *   punctuation, words addressed to the reader (you, your, our) outside
 *   quotes, an imperative first word, separators (| » >), a "Label:"
 *   start, a byline, words of site vocabulary.  No single feature decides
 *   except a copyright notice; prose outweighs vocabulary, so an article
 *   about cookie law is not chrome.  English only.
 * - mojibake: what common/mojibake would undo (UTF-8 read through a code
 *   page, once or twice), C1 controls and U+FFFD, and characters lost to
 *   a conversion that could not represent them: a '?' inside a word
 *   (Fr?d?ric, not index.php?id=5) and ASCII words that start with
 *   consonants no word of the languages of news names starts with
 *   (Frdric, Mnchen).  One of those is as likely a typo or a foreign
 *   name, so a text needs two of a kind.
 * - script: the Unicode script with most letters in the text.
 */
#ifndef RILL_DETECT_H
#define RILL_DETECT_H

#include <stddef.h>

typedef void (*detect_emit)(size_t start, size_t end, void *ctx);

void detect_quotes(const char *text, size_t len, detect_emit emit, void *ctx);
void detect_boilerplate(const char *text, size_t len, detect_emit emit, void *ctx);
/*
 * The features that judged a line of the text, [start, end) as
 * detect_boilerplate() reported it, in words, appended to out: what
 * rill-tag --rejects says about a record dropped as boilerplate.
 */
struct buf;
void detect_boilerplate_why(const char *text, size_t start, size_t end, struct buf *out);
void detect_mojibake(const char *text, size_t len, detect_emit emit, void *ctx);

/* The script_names index of the script with most letters, or -1 if there are none. */
int detect_script(const char *text, size_t len);

#endif
