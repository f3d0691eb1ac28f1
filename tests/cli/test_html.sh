#!/bin/sh
# End-to-end cases of --html, the option every tool shares: pages read as
# files (-F doc) and as fields of other formats, their charsets, the text's
# structure as rill-split sees it, the article (--html=main) and its
# quality on the evaluation pages, threads, and bad values.
. "$(dirname "$0")/lib.sh"
C="$RILL_CAT"
P="$DATA/page.html"

run_case html-text-doc 0 "--html=text: a page's visible text, paragraphs after blank lines" \
	"cd $DATA && $C -F doc --html=text page.html --to=para"
run_case html-split-paragraphs 0 "rill-split -b paragraphs sees the page's blocks" \
	"cd $DATA && $BIN/rill-split -F doc --html=text -b paragraphs -n page.html"
run_case html-split-sentences 0 "rill-split -b sentences: no sentence runs across blocks" \
	"cd $DATA && $BIN/rill-split -F doc --html=text -b sentences page.html"

# A page in a TSV field: only the -f field becomes text, the others stay.
python3 -c '
import sys
page = open(sys.argv[1], encoding="utf-8").read()
esc = page.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
print("id\turl\thtml")
print("1\thttps://quayside.example/bridge?a=1&amp;b=2\t" + esc)
print("2\t<b>not a page</b>\t<p>Second &amp; <i>last</i> page</p>")
' "$P" >"$SCRATCH/pages.tsv"
run_case html-tsv-field 0 "-F tsv -f html: that field is text, the url field is untouched" \
	"$BIN/rill-tag -F tsv -H -f html --html=text -e 'bridge=[Bb]ridge' pages.tsv"
run_case html-count-words 0 "rill-count --words over the text of pages, not their markup" \
	"$BIN/rill-count -F tsv -H -f html --html=text --words --top=6 pages.tsv"
run_case html-no-field 0 "without -f every field is read as a page" \
	"$C -F tsv -H --html=text pages.tsv | cut -f 1,2"
check html-threads "--threads=3 gives what --threads=1 gives on pages" \
	"$BIN/rill-split -F tsv -H -f html --html=text -b sentences --threads=1 pages.tsv > one &&
	 $BIN/rill-split -F tsv -H -f html --html=text -b sentences --threads=3 pages.tsv > three &&
	 cmp one three && test -s one"

# Charsets: the page's own declaration (-F doc), or UTF-8 already (other formats).
printf '<html><head><meta charset="windows-1251"><title>x</title></head><body><p>Новости дня: всё в порядке.</p></body></html>' |
	iconv -f UTF-8 -t WINDOWS-1251 >"$SCRATCH/cp1251.html"
run_case html-legacy-charset 0 "a windows-1251 page with <meta charset> is read as Cyrillic" \
	"$C -F doc --html=text cp1251.html"
printf '<p>caf\351 cr\350me \223br\373l\351e\224</p>' >"$SCRATCH/latin.html"
run_case html-undeclared-charset 0 "an undeclared page that is not UTF-8 is windows-1252, no U+FFFD" \
	"$C -F doc --html=text latin.html"
printf '\357\273\277<p>\303\251t\303\251</p>' >"$SCRATCH/bom.html"
run_case html-bom 0 "a byte order mark is dropped and says UTF-8" \
	"$C -F doc --html=text bom.html | od -c | head -2"
run_case html-gzip 0 "a gzip-compressed page file is read as its page" \
	"gzip -c $P > page.html.gz && $C -F doc --html=text page.html.gz | cut -f 2 | head -c 60"

# Bad and odd input.
run_case html-empty 0 "an empty page and one of markup alone give empty text" \
	"printf '' > empty.html; printf '<script>x</script><br>' > markup.html;
	 $C -F doc --html=text empty.html markup.html"
run_case html-bad-mode 2 "an unknown --html mode is a usage error that lists the modes" \
	"$C --html=xml $P"
run_case html-lines 0 "-F lines: each line is a page" \
	"printf '<p>one</p><p>two</p>\n<ul><li>three</ul>\n' | $C --html=text --to=tsv"
check html-deep "100,000 nested elements: flattened, not a crash" \
	"python3 -c 'print(\"<div>\" * 100000 + \"deep\" + \"</div>\" * 100000)' > deep.html &&
	 $C -F doc --html=text deep.html | cut -f 2 | grep -qx deep"

# --html=main: the article alone.
run_case html-main-doc 0 "--html=main: title, paragraphs, heading, list; no menu, byline, footer, hidden text" \
	"cd $DATA && $C -F doc --html=main page.html --to=para"
run_case html-main-tsv 0 "--html=main on a TSV field; a field that is no page stays its text" \
	"$C -F tsv -H -f html --html=main pages.tsv"
check html-main-threads "--html=main: --threads=3 gives what --threads=1 gives" \
	"$BIN/rill-tag -F tsv -H -f html --html=main -e 'w=\\w+' --threads=1 pages.tsv > one &&
	 $BIN/rill-tag -F tsv -H -f html --html=main -e 'w=\\w+' --threads=3 pages.tsv > three &&
	 cmp one three && test -s one"

# WARC: a crawl's responses read as pages, end to end (warc/make-pages-warc.py:
# a gzip member per record; charsets from the HTTP header, from <meta>, from
# nowhere; a syndicated story under another site's chrome; beside the
# pages, text that is no page and stays as it came).
python3 "$TOP/tests/cli/warc/make-pages-warc.py" "$SCRATCH"
W="-F warc -f payload"
run_case html-warc-main 0 "-F warc --html=main: each page's article from its charset; robots.txt, JSON, WET text untouched" \
	"$C $W,WARC-Target-URI --html=main --to=tsv pages.warc.gz"
run_case html-warc-dedupe 0 "rill-dedupe -F warc -f payload --html=main --near: the syndicated copies dropped" \
	"$BIN/rill-dedupe $W --html=main --near pages.warc.gz"
check html-warc-dedupe-records "... and written as WARC, the records kept are the first of each story" \
	"$BIN/rill-dedupe $W --html=main --near -o kept.warc.gz pages.warc.gz 2>/dev/null &&
	 $C -F warc -f WARC-Target-URI kept.warc.gz > kept &&
	 test \$(wc -l < kept) = 7 && ! grep -q courier kept && grep -q gazette.example/news/fish-market kept"
check html-warc-dedupe-needs-main "the copies differ in their chrome: all visible text (--html=text) keeps them" \
	"$BIN/rill-dedupe $W --html=text --near -o kept.warc.gz pages.warc.gz 2>/dev/null &&
	 test \$($C -F warc -f WARC-Target-URI kept.warc.gz | grep -c courier) = 2"
run_case html-warc-tag 0 "rill-tag -F warc -f payload --html=main -l orgs.tsv --spans: the article's organisations, not the chrome's" \
	"$BIN/rill-tag $W --html=main -l orgs.tsv --spans pages.warc.gz"
check html-warc-tag-offsets "--spans offsets, bytes and chars, point into the article text rill-cat writes" \
	"$C $W --html=main --to=jsonl pages.warc.gz > text.jsonl 2>/dev/null &&
	 $BIN/rill-tag $W --html=main -l orgs.tsv --spans pages.warc.gz > bytes 2>/dev/null &&
	 $BIN/rill-tag $W --html=main -l orgs.tsv --spans --offsets=chars pages.warc.gz > chars 2>/dev/null &&
	 python3 -c '
import json, sys
texts = [json.loads(l)[\"payload\"] for l in open(\"text.jsonl\", encoding=\"utf-8\")]
n = 0
for unit in (\"bytes\", \"chars\"):
    for line in open(unit, encoding=\"utf-8\"):
        rec, start, end, tag, text = line.rstrip(\"\\n\").split(\"\\t\")
        t = texts[int(rec) - 1]
        t = t.encode() if unit == \"bytes\" else t
        got = t[int(start):int(end)]
        got = got.decode() if unit == \"bytes\" else got
        if got != text:
            sys.exit(unit + \": \" + line)
        n += 1
sys.exit(0 if n == 26 else \"%d spans\" % n)'"
check html-warc-threads "the two commands on WARC pages: --threads=3 gives what --threads=1 gives" \
	"for t in 1 3; do
		$BIN/rill-dedupe --threads=\$t $W --html=main --near pages.warc.gz > dedupe\$t &&
		$BIN/rill-tag --threads=\$t $W --html=main -l orgs.tsv --spans pages.warc.gz > tag\$t || exit 1
	 done 2>/dev/null; cmp dedupe1 dedupe3 && cmp tag1 tag3 && test -s tag1"
check html-warc-split-threads "the WARC pages' text, both modes: --threads=3 gives what --threads=1 gives" \
	"for m in text main; do for t in 1 3; do
		$BIN/rill-split --threads=\$t $W --html=\$m -b paragraphs -n pages.warc.gz > split\$m\$t || exit 1
	 done; cmp split\${m}1 split\${m}3 || exit 1; done 2>/dev/null; test -s splitmain1"

# Pages are converted on the workers (parallel.c), each with its converter:
# every evaluation page, both modes, the same bytes on 1, 2 and 3 threads,
# as files (-F doc) and as a TSV field (records of many pages a batch), in
# a mode without a reduce (rill-split) and one with (rill-dedupe).
check html-pages-threads "the evaluation pages: --threads=1, 2 and 3 give the same text, -F doc and -F tsv" \
	"$C -F doc --to=tsv $TOP/tests/cli/html/*/*.html | cut -f 2 > raw.tsv &&
	 test \$(wc -l < raw.tsv) -ge 60 &&
	 for m in text main; do
		for t in 1 2 3; do
			$BIN/rill-split --threads=\$t -F doc --html=\$m -b paragraphs -n $TOP/tests/cli/html/*/*.html > doc\$t &&
			$BIN/rill-split --threads=\$t -F tsv --html=\$m -b paragraphs -n raw.tsv > tsv\$t &&
			$BIN/rill-dedupe --threads=\$t -F tsv --html=\$m raw.tsv > dedupe\$t || exit 1
		done
		for f in doc tsv dedupe; do cmp \${f}1 \${f}2 && cmp \${f}1 \${f}3 || exit 1; done
		test \$(wc -l < dedupe1) -ge 60 || exit 1
	 done"

# Quality on the evaluation pages of tests/cli/html (see the README): 4-gram
# shingle F1 averaged over pages, the measure of article-extraction
# benchmarks.  dev/ was written with the extractor; heldout/, heldout2/,
# heldout3/ and heldout4/ after it, and kept aside.  The thresholds sit a little below today's
# figures, so a change that makes extraction worse fails here.
H="$TOP/tests/cli/html"
check html-score-main-dev "--html=main: F1 >= 0.98 on the 32 pages written with the extractor" \
	"python3 $H/score.py --min-f1=0.98 $C main $H/dev"
check html-score-main-heldout "--html=main: F1 >= 0.97 on the 22 pages written after it" \
	"python3 $H/score.py --min-f1=0.97 $C main $H/heldout $H/heldout2"
# heldout3/ was written after the line model became a signal and scored
# once, untuned: 0.901; its floor is that less a margin.
# The phenomena it showed were handled since (a thread's posts, the words of
# more languages, key points): 0.999 now, so it is held to 0.98.
check html-score-main-heldout3 "--html=main: F1 >= 0.98 on the 9 pages of heldout3 (first scored 0.901)" \
	"python3 $H/score.py --min-f1=0.98 $C main $H/heldout3"
# heldout4/ was written after those changes and scored once: 0.882.  Its
# floor is that less a margin, whatever it scores after later changes.
check html-score-main-heldout4 "--html=main: F1 >= 0.86 on the 11 pages of heldout4 (first scored 0.882)" \
	"python3 $H/score.py --min-f1=0.86 $C main $H/heldout4"
check html-score-text "--html=text: F1 >= 0.65 on all the pages (all visible text)" \
	"python3 $H/score.py --min-f1=0.65 $C text $H/dev $H/heldout $H/heldout2 $H/heldout3 $H/heldout4"
check html-score-main-beats-text "--html=main beats all visible text on every set" \
	"for d in dev heldout heldout2; do
		m=\$(python3 $H/score.py $C main $H/\$d | sed 's/.*F1 //');
		t=\$(python3 $H/score.py $C text $H/\$d | sed 's/.*F1 //');
		awk -v m=\$m -v t=\$t 'BEGIN { exit !(m > t + 0.2) }' || exit 1;
	 done"
