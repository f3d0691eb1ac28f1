#!/bin/sh
# make bench: times rill against the standard tools on the same generated
# input in the same run, and prints ratios.  BENCH_MB sets the corpus size
# (default 200); BENCH_RUNS the runs per command (best kept); BENCH_ONLY
# a list of groups (count, dedupe, join, split, tag) to run alone.  Inputs are
# generated into build/bench, never read from outside the repository.
set -e
: "${BIN:=bin}" "${BUILD:=build/cc}" "${BENCH_MB:=200}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. tests/bench/lib.sh
CAT="$BIN/rill-cat"
GEN="$BUILD/tests/gen-corpus"
dir=build/bench
mkdir -p "$dir"
corpus="$dir/articles-$BENCH_MB.tsv"
if [ ! -s "$corpus" ]; then
	echo "generating $BENCH_MB MB of news-like articles in $dir"
	"$GEN" -m "$BENCH_MB" >"$corpus"
	gzip -6 -c "$corpus" >"$corpus.gz"
	zstd -q -3 -c "$corpus" >"$corpus.zst"
	"$CAT" -F tsv --to=csv "$corpus" >"$dir/articles-$BENCH_MB.csv"
	"$CAT" -F tsv -f 5 --to=para "$corpus" >"$dir/articles-$BENCH_MB.para"
fi
# The article texts alone, one paragraph per line, for the text tools.
text="$dir/text-$BENCH_MB.txt"
[ -s "$text" ] || "$CAT" -F tsv -f 5 "$corpus" >"$text"
textbytes=$(wc -c <"$text")
bytes=$(wc -c <"$corpus")
cat "$corpus" "$corpus.gz" "$dir/articles-$BENCH_MB.csv" >/dev/null	# warm the page cache

echo "rill benchmarks on $(nproc) cores, $(awk "BEGIN { printf \"%.0f\", $bytes / 1e6 }") MB corpus, best of $BENCH_RUNS runs"
echo "speed-up: the reference (first row of a group) time divided by this row's time"

header "Reading records (lines): target >= 0.25x of wc -l"
row "wc -l" "$bytes" "wc -l $corpus"
ref=$LAST
row "cat >/dev/null" "$bytes" "cat $corpus >/dev/null" "$ref"
row "rill-cat --count (lines)" "$bytes" "$CAT --count $corpus" "$ref"

header "Reading TSV fields: print field 3"
row "cut -f 3" "$bytes" "cut -f 3 $corpus >/dev/null"
ref=$LAST
row "mawk -F'\\t' '{print \$3}'" "$bytes" "mawk -F'\t' '{print \$3}' $corpus >/dev/null" "$ref"
row "rill-cat -F tsv -f 3" "$bytes" "$CAT -F tsv -f 3 $corpus >/dev/null" "$ref"

header "Reading CSV and paragraphs"
csvbytes=$(wc -c <"$dir/articles-$BENCH_MB.csv")
row "wc -l (csv file)" "$csvbytes" "wc -l $dir/articles-$BENCH_MB.csv"
ref=$LAST
row "rill-cat -F csv --count" "$csvbytes" "$CAT -F csv --count $dir/articles-$BENCH_MB.csv" "$ref"
parabytes=$(wc -c <"$dir/articles-$BENCH_MB.para")
row "rill-cat -F para --count" "$parabytes" "$CAT -F para --count $dir/articles-$BENCH_MB.para" "$ref"

header "Reading gzip: target >= 2.5x zcat | wc -l"
row "zcat | wc -l" "$bytes" "zcat $corpus.gz | wc -l"
ref=$LAST
if command -v igzip >/dev/null 2>&1; then
	row "igzip -dc | wc -l" "$bytes" "igzip -dc $corpus.gz | wc -l" "$ref"
fi
row "zcat | rill-cat --count" "$bytes" "zcat $corpus.gz | $CAT --count" "$ref"
row "rill-cat --count FILE.gz" "$bytes" "$CAT --count $corpus.gz" "$ref"

header "Reading zstd: target >= 1x zstd -dc | wc -l"
[ -s "$corpus.zst" ] || zstd -q -3 -c "$corpus" >"$corpus.zst"
row "zstd -dc | wc -l" "$bytes" "zstd -q -dc $corpus.zst | wc -l"
ref=$LAST
row "rill-cat --count FILE.zst" "$bytes" "$CAT --count $corpus.zst" "$ref"

for extra in tests/bench/bench_*.sh; do
	[ -f "$extra" ] || continue
	# BENCH_ONLY="tag dedupe" runs only those groups (after the reading ones).
	name=${extra#tests/bench/bench_}
	case " ${BENCH_ONLY:-${name%.sh}} " in *" ${name%.sh} "*) ;; *) continue ;; esac
	CORPUS="$corpus"
	. "$extra"
done
