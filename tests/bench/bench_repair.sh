# Sourced by tests/bench/run.sh: --repair=mojibake on the clean corpus,
# beside reading it without (target: under 10% more time), and on a copy
# with one article in ten damaged through Windows-1252 (no target: the
# repair's own speed).
CAT="$BIN/rill-cat"
damaged="$dir/articles-$BENCH_MB-damaged.tsv"
if [ ! -s "$damaged" ]; then
	# Every tenth article's bytes read as Windows-1252 (iconv: those it can read).
	awk 'NR % 10 == 0' "$corpus" | iconv -c -f CP1252 -t UTF-8 > "$dir/tenth.tsv"
	awk 'NR % 10 != 0' "$corpus" | cat - "$dir/tenth.tsv" > "$damaged"
	rm -f "$dir/tenth.tsv"
fi
damagedbytes=$(wc -c <"$damaged")

header "Repair: target --repair=mojibake on clean text under 1.10x the time of reading it"
row "rill-cat (lines)" "$bytes" "$CAT $corpus > /dev/null"
ref=$LAST
row "rill-cat --repair=mojibake" "$bytes" "$CAT --repair=mojibake $corpus > /dev/null" "$ref"
row "rill-cat -F tsv -f 5" "$bytes" "$CAT -F tsv -f 5 $corpus > /dev/null"
ref=$LAST
row "rill-cat -F tsv -f 5 --repair=mojibake" "$bytes" "$CAT -F tsv -f 5 --repair=mojibake $corpus > /dev/null" "$ref"
row "rill-cat --repair=mojibake, 1 in 10 damaged" "$damagedbytes" "$CAT --repair=mojibake $damaged > /dev/null"
