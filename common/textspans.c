/* textspans: a text's spans as one-field records, encoded directly; see textspans.h. */
#include "textspans.h"
#include "direct.h"

#include <string.h>

enum { SHORT = 32, CHUNK = 1024 };

void write_text_spans(struct writer *w, const char *text, size_t len, const struct span *spans,
		      size_t n)
{
	/* Only lines write a one-field record as its bytes and the terminator. */
	if (writer_format(w) != FMT_LINES) {
		for (size_t i = 0; i < n; i++)
			writer_text(w, text + spans[i].start, spans[i].end - spans[i].start);
		return;
	}
	char term = writer_terminator(w);
	for (size_t done = 0; done < n;) {
		/* Room for a chunk of short spans, each copied SHORT bytes at a time. */
		size_t end = n - done < CHUNK ? n : done + CHUNK;
		char *base = writer_reserve(w, (end - done) * (SHORT + 1)), *d = base;
		uint64_t records = 0;
		for (; done < end; done++) {
			const char *p = text + spans[done].start;
			size_t k = spans[done].end - spans[done].start;
			if (k > SHORT)
				break;	/* a long one goes through the writer */
			/* A fixed-size copy is a couple of moves; the bytes past k are overwritten next. */
			if (spans[done].start + SHORT <= len)
				memcpy(d, p, SHORT);
			else
				memcpy(d, p, k);
			d[k] = term;
			d += k + 1;
			records++;
		}
		writer_commit(w, (size_t)(d - base), records);
		if (done < end) {
			writer_text(w, text + spans[done].start, spans[done].end - spans[done].start);
			done++;
		}
	}
}
