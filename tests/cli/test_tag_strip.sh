#!/bin/sh
# End-to-end cases of rill-tag --strip: what the tags cover taken out of
# the field in place (boilerplate, url, lexicon phrases), the blank lines
# left collapsed, -F tsv, csv, doc, para, lines (pages of lines), JSON
# Lines, the --spans offsets it cuts, threads, and bad input.
. "$(dirname "$0")/lib.sh"
T="$BIN/rill-tag"
C="$DATA/chrome.tsv"
P="$DATA/chrome-pages.txt"
# TSV's escaped line ends, as lines.
unesc() { sed 's/\\n/\n/g'; }

# The issue's command: the same articles without their chrome.
gzip -c <"$C" >"$SCRATCH/day.tsv.gz"
cut -f 1,2 "$C" >"$SCRATCH/ids"
run_case tag-strip-tsv 0 "-F tsv -H -f text -t boilerplate --strip=boilerplate day.tsv.gz: the articles without menus, byline, share links, footer" \
	"$T -F tsv -H -f text -t boilerplate --strip=boilerplate day.tsv.gz"
check tag-strip-tsv-lines-kept "... every line it keeps is a line of the input's text, in order, and the record count is the same" \
	"$T -F tsv -H -f text -t boilerplate --strip=boilerplate day.tsv.gz > out &&
	 test \$(wc -l < out) = \$(wc -l < $C) && cut -f 1,2 out | cmp - ids &&
	 cut -f 3 out | unesc | grep -v '^\$' > kept && cut -f 3 $C | unesc > all &&
	 python3 -c 'import sys; a = open(\"all\").read().split(\"\\n\"); k = open(\"kept\").read().split(\"\\n\")[:-1]
it = iter(a); sys.exit(not all(l in it for l in k))' && test \$(wc -l < kept) -lt \$(wc -l < all)"
run_case tag-strip-csv 0 "-F csv: the field rewritten and quoted as CSV needs" \
	"$T -F tsv -H --to=csv -f text -t boilerplate --strip=boilerplate $C > a.csv && $T -F csv -H -f text -t boilerplate --strip=boilerplate a.csv"
run_case tag-strip-doc 0 "-F doc: the page's file name, then its text without chrome" \
	"cut -f 3 $C | sed -n 2p | unesc > page.txt && $T -F doc -t boilerplate --strip=boilerplate page.txt"
run_case tag-strip-lines 0 "-F lines: the lines of a file form a page, a form feed line ends it; chrome lines go, one blank line left between paragraphs" \
	"$T -t boilerplate --strip=boilerplate $P"
check tag-strip-lines-as-doc "-F lines judges a page as -F doc judges the same text" \
	"sed '/\\f/,\$d' $P > one.txt && $T -t boilerplate --strip=boilerplate one.txt > lines &&
	 $T -F doc -t boilerplate --strip=boilerplate --to=lines one.txt | cut -f 2- | unesc > doc &&
	 printf '\\n' >> lines && cmp lines doc"
check tag-strip-lines-as-doc-long "... and a file of more than 512 lines, judged 512 lines at a time either way" \
	"sed '/\\f/,\$d' $P > one.txt && for i in \$(seq 45); do head -n \$((i % 25 + 5)) one.txt; test \$((i % 3)) != 0 || echo; done > long.txt &&
	 test \$(grep -c . long.txt) -gt 600 && $T -t boilerplate --strip=boilerplate long.txt > lines &&
	 $T -F doc -t boilerplate --strip=boilerplate --to=lines long.txt | cut -f 2- > doc &&
	 printf '\\n' >> lines && cmp lines doc && test \$(wc -l < lines) -lt 400"
run_case tag-lines-boilerplate 0 "-F lines -t boilerplate: lines tagged in the context of their page (a form feed starts the next)" \
	"$T -t boilerplate $P"
check tag-lines-drop-is-strip "-F lines: --drop=boilerplate keeps the lines --strip keeps (blank lines aside)" \
	"$T -t boilerplate --drop=boilerplate $P | grep -v '^\$' > drop && $T -t boilerplate --strip=boilerplate $P | grep -v '^\$' > strip && cmp drop strip"
check tag-lines-pages-per-file "-F lines: each file is a page of its own; two files give what each gives" \
	"sed '/\\f/,\$d' $P > one.txt && sed '1,/\\f/d' $P > two.txt &&
	 $T -t boilerplate one.txt two.txt > both && { $T -t boilerplate one.txt; $T -t boilerplate two.txt; } > each && cmp both each"

# Other tags, in a line: the spaces and punctuation around a cut.
printf 'See https://a.example/x for more.\nhttps://b.example/y\n\nRead it at https://c.example.\nhttps://d.example is down, https://e.example too\n\n\nTwo blank lines above stay: no cut beside them.\nAcme Widgets and Sons said Acme would appeal.\n' >"$SCRATCH/links.txt"
printf 'Acme Widgets\tORG\nAcme\tORG\nWidgets and Sons\tORG\n' >"$SCRATCH/orgs.tsv"
run_case tag-strip-url-lexicon 0 "--strip=url,ORG: URLs and overlapping phrases cut, the spaces they leave tidied, lines left empty gone" \
	"$T -t url -l orgs.tsv --strip=url,ORG links.txt"
run_case tag-strip-doc-url 0 "-F doc --strip=url: the same inside one text" \
	"$T -F doc -t url -l orgs.tsv --strip=url,ORG --to=lines links.txt | unesc"
run_case tag-strip-one-of-two 0 "--strip names one tag of those tagged: the other stays" \
	"$T -t url -l orgs.tsv --strip=ORG links.txt"
run_case tag-strip-regex 0 "-e TAG=PATTERN spans too, across lines of a text" \
	"printf 'Keep this.\\n[ad]\\nBuy now\\n[/ad]\\nAnd this.\\n' | $T -F doc -e 'ad=(?s)\\[ad\\].*?\\[/ad\\]' --strip=ad --to=lines | unesc"

# Blank lines: a run with a cut line in it becomes one, none at the ends;
# CRLF and a text without its last line end are kept as they came.
printf 'x https://a.example\r\n\r\nkeep one\r\n\r\nhttps://b.example\r\n\r\nkeep two\r\nhttps://c.example' >"$SCRATCH/crlf.txt"
run_case tag-strip-crlf 0 "CRLF text: lines cut keep their CR LF, the last line end as it came (none)" \
	"$T -F doc -t url --strip=url --to=tsv crlf.txt | od -c"
printf 'https://a.example\n\nhttps://b.example\n\nbody one\n\n\n\nhttps://c.example\n\n\nbody two\n\nhttps://d.example\n' >"$SCRATCH/runs.txt"
run_case tag-strip-blank-runs 0 "a run of blank lines with a cut line in it becomes one blank line, none at the start or end" \
	"$T -F doc -t url --strip=url --to=lines runs.txt | unesc; $T -t url --strip=url runs.txt"
run_case tag-strip-para 0 "-F para: a paragraph cut to nothing goes, the others lose their URL lines" \
	"printf 'one\\nhttps://a.example\\n\\nhttps://b.example\\n\\ntwo https://c.example\\n' | $T -F para -t url --strip=url"

# --strip removes exactly the bytes --spans reports (one line each here, no
# line left empty: only the cut and the one space it takes).
awk 'BEGIN { srand(3); for (i = 0; i < 400; i++) { s = "w" i; for (k = 0; k < 6; k++) s = s (rand() < 0.3 ? " https://x.example/" int(rand() * 99) : " word" k); print s " end" } }' >"$SCRATCH/spans.txt"
check tag-strip-spans-offsets "--strip cuts what --spans' START and END give, and one space beside each" \
	"$T -t url --spans spans.txt > s && $T -t url --strip=url spans.txt > got &&
	 python3 -c '
import collections
lines = open(\"spans.txt\", \"rb\").read().split(b\"\\n\")[:-1]
cuts = collections.defaultdict(list)
for l in open(\"s\", \"rb\"):
    i, a, b, tag, text = l.rstrip(b\"\\n\").split(b\"\\t\")
    cuts[int(i) - 1].append((int(a), int(b)))
out = []
for n, l in enumerate(lines):
    for a, b in sorted(cuts[n], reverse=True):
        assert l[a:b].startswith(b\"https://\")
        l = l[:a - 1] + l[b:]
    out.append(l + b\"\\n\")
open(\"want\", \"wb\").write(b\"\".join(out))' && cmp got want && test \$(wc -l < s) -gt 300"

# Threads: the same bytes whatever their number.
awk 'BEGIN { for (i = 0; i < 6000; i++) printf "%d\tMenu\\nHome\\nNews\\nThe council met on day %d and voted to keep the bridge open for another year, after a long debate.\\n%s\\nShare this\\n\n", i, i, i % 3 ? "See https://x.org/" i " for the minutes." : "No link today." }' >"$SCRATCH/many.tsv"
for mode in "-F tsv -f 2 -t boilerplate,url --strip=boilerplate,url many.tsv" "-F tsv -f 2 -t url,boilerplate --strip=boilerplate --only=url many.tsv" \
	    "-F tsv -f 2 -t url --strip=url --to=jsonl many.tsv"; do
	k=$((${k:-0} + 1))
	check tag-strip-threads-$k "--threads=3 writes what --threads=1 does: $mode" \
		"$T --threads=1 $mode > one && $T --threads=3 $mode > three && cmp one three && test -s one"
done
run_case tag-strip-stats 0 "--stats: records_stripped, records_tagged" \
	"$T -F tsv -f 2 -t url --strip=url --threads=3 --stats=st many.tsv > /dev/null &&
	 grep -o '\"records_[a-z]*\": [0-9]*' st"

# JSON Lines: in, the field written back as TSV or JSON Lines fields; an
# object written as it came has nowhere to put the field back.
python3 -c '
import json
rows = [l.rstrip("\n").split("\t") for l in open("'"$C"'")][1:]
for i, title, text in rows:
    print(json.dumps({"id": i, "title": title, "text": text.replace("\\n", "\n"), "meta": {"n": int(i)}}))
' >"$SCRATCH/chrome.jsonl"
run_case tag-strip-jsonl-tsv 0 "-F jsonl -f text --to=tsv: the field without chrome" \
	"$T -F jsonl -f text -t boilerplate --strip=boilerplate --to=tsv chrome.jsonl"
run_case tag-strip-jsonl-passes 2 "-F jsonl to JSON Lines: a usage error that says what to do" \
	"$T -F jsonl -f text -t boilerplate --strip=boilerplate chrome.jsonl"

# Mistakes and bad input.
run_case tag-strip-unknown 2 "--strip of a tag nothing gives is a usage error, not a silent copy" \
	"$T -t url --strip=boilerplate links.txt"
run_case tag-strip-empty 2 "--strip= with no tags is a usage error" "$T -t url --strip= links.txt"
run_case tag-strip-spans 2 "--strip with --spans is a usage error" "$T -t url --strip=url --spans links.txt"
run_case tag-strip-two-fields 2 "--strip on two fields is a usage error" "$T -F tsv -f 1,2 -t url --strip=url many.tsv"
run_case tag-strip-whole-tsv 2 "--strip on a whole TSV record is a usage error" "$T -F tsv -t url --strip=url many.tsv"
run_case tag-strip-missing-field 0 "a record without the field is written as it came" \
	"printf 'a\\tb https://x.example\\nonly\\n' | $T -F tsv -f 2 -t url --strip=url"
run_case tag-strip-invalid 0 "invalid UTF-8 replaced, then stripped; --invalid=keep keeps the bytes beside a cut" \
	"printf 'caf\\351 https://x.example\\n\\377\\n' | $T -t url --strip=url; printf 'caf\\351 https://x.example ok\\n' | $T --invalid=keep -t url --strip=url | od -c"
run_case tag-strip-nul 0 "a NUL byte in a line stays beside a cut" \
	"printf 'a\\000b https://x.example c\\n' | $T -t url --strip=url | od -c"
run_case tag-strip-empty-input 0 "empty input: no output" "$T -t url --strip=url < /dev/null; $T -F doc -t url --strip=url /dev/null"
run_case tag-strip-no-newline 0 "a last line without its line end, cut or kept" \
	"printf 'keep\\nhttps://x.example' | $T -t url --strip=url; printf 'https://x.example\\nkeep' | $T -t url --strip=url"
run_case tag-strip-full-disk 1 "a full disk is an error" "$T -F tsv -f 2 -t url --strip=url many.tsv > /dev/full"
check tag-strip-closed-pipe "a closed pipe ends it quietly" \
	"$T -F tsv -f 2 -t url --strip=url many.tsv 2> err | head -n 1 > out && test -s out && ! test -s err"
check tag-strip-long-record "a 100 MB record with 200,000 URLs: all cut, memory bounded" \
	"python3 -c '
import sys
w = sys.stdout.write
for i in range(200000):
    w(\"word \" * 100 + \"https://x.example/%d\\n\" % i)' > big.txt && test \$(wc -c < big.txt) -gt 100000000 &&
	 $T -F doc -t url --strip=url --stats=st --to=lines big.txt | grep -c https > n; test \$(cat n) = 0 &&
	 test \$(sed -n 's/.*\"peak_memory_bytes\": *\\([0-9]*\\).*/\\1/p' st) -lt 1073741824"
