# Sourced by tests/bench/run.sh: rill-tag with a lexicon of 7,000 single
# words beside grep -F -w -o -f on the article texts, and the detectors
# beside the same grep (boilerplate and mojibake each, on the texts and on
# the TSV corpus they came from, and --strip).  grep -i is so slow that it
# runs on a 10 MB slice.
TAG="$BIN/rill-tag"
words="$dir/lexicon-7000.txt"
lex="$dir/lexicon-7000.tsv"
if [ ! -s "$lex" ]; then
	{ tr -cs '[:alpha:]' '\n' < "$text" | head -n 2000000 | sort -u | head -n 3000
	  awk 'BEGIN { for (i = 0; i < 4000; i++) printf "term%04d\n", i }'; } | head -n 7000 >"$words"
	awk '{ print $0 "\tT" }' "$words" >"$lex"
fi
slice="$dir/text-10mb.txt"
[ -s "$slice" ] || head -c 10000000 "$text" | sed '$d' >"$slice"
slicebytes=$(wc -c <"$slice")

header "Lexicon of 7,000 words: target 3x grep -F -w -o -f (case-sensitive), 100x grep -F -i -w"
row "grep -F -w -o -f (case-sensitive)" "$textbytes" "grep -F -w -o -f $words $text | wc -l"
ref=$LAST
# ripgrep takes minutes on 7,000 words with -w (84 s on the whole text in
# the run of 2026-12-01; -i on the whole text longer): one run a row.
if command -v rg >/dev/null 2>&1; then
	saved_runs=$BENCH_RUNS
	BENCH_RUNS=1
	row "rg -F -w -o -f (ripgrep, case-sensitive; one run)" "$textbytes" "rg -F -w -o -f $words $text | wc -l" "$ref"
	BENCH_RUNS=$saved_runs
fi
row "rill-tag -l (case-insensitive, NFKC)" "$textbytes" "$TAG -l $lex --spans $text | wc -l" "$ref"
header "The same on a 10 MB slice, case-insensitive grep"
row "grep -F -i -w -o -f" "$slicebytes" "grep -F -i -w -o -f $words $slice | wc -l"
ref=$LAST
if command -v rg >/dev/null 2>&1; then
	saved_runs=$BENCH_RUNS
	BENCH_RUNS=1
	row "rg -F -i -w -o -f (ripgrep; one run)" "$slicebytes" "rg -F -i -w -o -f $words $slice | wc -l" "$ref"
	BENCH_RUNS=$saved_runs
fi
row "rill-tag -l" "$slicebytes" "$TAG -l $lex --spans $slice | wc -l" "$ref"

header "Detectors: target as fast as grep -F -w -o (boilerplate and mojibake each, and all)"
row "grep -F -w -o -f (7,000 words)" "$textbytes" "grep -F -w -o -f $words $text | wc -l"
ref=$LAST
row "rill-tag -t url,email,hashtag,mention,number" "$textbytes" \
	"$TAG -t url,email,hashtag,mention,number --spans $text | wc -l" "$ref"
# -F lines: the lines of the file are judged as pages of 512, on one thread (rill-tag(1)).
row "rill-tag -t boilerplate (lines: pages, one thread)" "$textbytes" "$TAG -t boilerplate --spans $text | wc -l" "$ref"
# Each article a page, on every core: how a TSV archive is judged.
row "rill-tag -F tsv -f 5 -t boilerplate (corpus)" "$bytes" "$TAG -F tsv -f 5 -t boilerplate --spans $corpus | wc -l" "$ref"
row "rill-tag -F tsv -f 5 -t boilerplate --strip=boilerplate" "$bytes" \
	"$TAG -F tsv -f 5 -t boilerplate --strip=boilerplate $corpus | wc -l" "$ref"
row "rill-tag -t mojibake" "$textbytes" "$TAG -t mojibake --spans $text | wc -l" "$ref"
row "rill-tag -F tsv -f 5 -t mojibake (corpus)" "$bytes" "$TAG -F tsv -f 5 -t mojibake --spans $corpus | wc -l" "$ref"
row "rill-tag -t quote,boilerplate,mojibake,script" "$textbytes" \
	"$TAG -t quote,boilerplate,mojibake,script --spans $text | wc -l" "$ref"
row "rill-tag -t (all nine detectors; lines: one thread)" "$textbytes" \
	"$TAG -t url,email,hashtag,mention,number,quote,boilerplate,mojibake,script --spans $text | wc -l" "$ref"
row "rill-tag -F tsv -f 5 -t (all nine detectors; corpus)" "$bytes" \
	"$TAG -F tsv -f 5 -t url,email,hashtag,mention,number,quote,boilerplate,mojibake,script --spans $corpus | wc -l" "$ref"

big="$dir/lexicon-500k.tsv"
small="$dir/lexicon-100.tsv"
if [ ! -s "$big" ]; then
	awk 'BEGIN { for (i = 0; i < 499900; i++) printf "holding %d group\tORG\n", i }' >"$big"
	head -n 100 "$words" | awk '{ print $0 "\tT" }' >"$small"
	cat "$small" >>"$big"
fi
header "500,000 phrases against 100: target at most 1.5x the time, loading under 2 s"
row "rill-tag -l (100 phrases)" "$textbytes" "$TAG -l $small --spans $text | wc -l"
ref=$LAST
row "rill-tag -l (500,000 phrases)" "$textbytes" "$TAG -l $big --spans $text | wc -l" "$ref"
total=$LAST
row "loading 500,000 phrases (empty input)" 1 "$TAG -l $big < /dev/null"
# The target is on tagging, loading has its own: the time of each, as ratios to 100 phrases.
awk -v r="$ref" -v t="$total" -v l="$LAST" 'BEGIN {
	printf "  500,000 phrases take %.2fx the time of 100 in all, %.2fx without loading\n", t / r, (t - l) / r }'
