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
 * - boilerplate: lines of site chrome (publisher networks, menus, dates,
 *   bylines, credits, cookie walls, newsletter and share prompts, related
 *   headlines, reader comments, footers), the lines of the text judged
 *   together as a page: each first on its own from features, the way
 *   jusText classes blocks (chrome: site vocabulary, words to the reader
 *   outside quotes, an imperative start, separators, a label, a byline, a
 *   credit, a copyright; long prose: length and its share of stop words,
 *   weighed against the share running prose of the page's language has,
 *   the language chosen from common/stopwords' lists by which its words
 *   hit most; short; thin or near prose), then the uncertain ones from
 *   the nearest lines that are sure, the page's edges counting as chrome;
 *   menus (runs of one- and two-word lines), a heading of reader comments
 *   after the article and stretches of prose far lighter than the main
 *   one are chrome.  A text of one or two lines, or with no long prose,
 *   has its lines judged each alone.  Pages are judged 512 lines at a
 *   time; the lines are kept on the stack (about 40 KiB).
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
