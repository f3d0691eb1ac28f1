# Sourced by tests/bench/run.sh: exact whole-line dedupe with rill-dedupe
# beside sort -u and awk '!seen[$0]++', on 5 million short sentences
# (about a third repeated) and on the long article records, with peak
# memory.
DEDUPE="$BIN/rill-dedupe"
lines="$dir/sentences-5m.txt"
[ -s "$lines" ] || "$GEN" -f sentences -m 380 -s 5 | head -n 5000000 >"$lines"
linebytes=$(wc -c <"$lines")

peak_kb() {
	/usr/bin/time -f '%M' sh -c "$1" 2>&1 >/dev/null | tail -n 1
}

header "Exact dedupe of 5M short lines: target 10x sort -u, 1/4 of mawk's memory"
row "sort -u" "$linebytes" "sort -u $lines > /dev/null"
ref=$LAST
row "mawk '!seen[\$0]++'" "$linebytes" "mawk '!seen[\$0]++' $lines > /dev/null" "$ref"
row "rill-dedupe" "$linebytes" "$DEDUPE $lines > /dev/null" "$ref"
echo "  peak memory: mawk $(peak_kb "mawk '!seen[\$0]++' $lines") KB, rill-dedupe $(peak_kb "$DEDUPE $lines") KB"

header "Dedupe of the article records by title and text: target 3x mawk and sort -u"
tab=$(printf '\t')
row "sort -t TAB -u -k4,5" "$bytes" "sort -t '$tab' -u -k4,5 $corpus > /dev/null"
ref=$LAST
row "mawk -F TAB '!seen[\$4 FS \$5]++'" "$bytes" "mawk -F'\t' '!seen[\$4 FS \$5]++' $corpus > /dev/null" "$ref"
duckdb_row "DuckDB DISTINCT ON (title, text), written out" "$bytes" \
	"COPY (SELECT DISTINCT ON (column3, column4) * FROM read_csv('$corpus', delim='\\t', header=false, quote='', escape='', all_varchar=true)) TO '/dev/null' (FORMAT csv, DELIMITER '\\t', HEADER false)" "$ref"
row "rill-dedupe -F tsv -f 4-5" "$bytes" "$DEDUPE -F tsv -f 4-5 $corpus > /dev/null" "$ref"

header "Near duplicates (--near, T = 0.8): target 50 MB/s; precision >= 0.99, recall >= 0.95"
row "rill-dedupe -F tsv -f 5 -i --strip-punct --near" "$bytes" \
	"$DEDUPE -F tsv -f 5 -i --strip-punct --near $corpus > /dev/null"
# Which stories were syndicated: the shingle sets, without and with the source of each copy.
row "rill-dedupe -F tsv -f 5 -i --strip-punct --containment=0.5" "$bytes" \
	"$DEDUPE -F tsv -f 5 -i --strip-punct --containment=0.5 $corpus > /dev/null"
row "rill-dedupe ... --containment=0.5 --mark --similarity" "$bytes" \
	"$DEDUPE -F tsv -f 5 -i --strip-punct --containment=0.5 --mark --similarity $corpus > /dev/null"
if command -v python3 >/dev/null 2>&1; then
	head -n 1500 "$corpus" >"$dir/near-sample.tsv"
	"$DEDUPE" -F tsv -f 5 -i --strip-punct --near --mark "$dir/near-sample.tsv" >"$dir/near-marks.tsv"
	python3 tests/bench/near_quality.py "$dir/near-sample.tsv" "$dir/near-marks.tsv" 1500 0.8
fi

# --near bounds its work per record: records alike but below the threshold
# (a listing: "line N some padding text ...") crowd the LSH buckets of the
# bands they share, and were measured against every earlier record.
alike="$dir/near-alike-300k.txt"
unrelated="$dir/near-unrelated-300k.txt"
[ -s "$alike" ] || awk 'BEGIN { for (i = 0; i < 300000; i++) printf "line %d some padding text to make the records alike but below the threshold of similarity\n", i }' >"$alike"
[ -s "$unrelated" ] || awk 'BEGIN { srand(3); for (i = 0; i < 300000; i++) { for (w = 0; w < 17; w++) printf "%sw%d", (w ? " " : ""), int(rand() * 1000000); print "" } }' >"$unrelated"
header "--near on 300,000 lines alike but below T: target under 5x the time of 300,000 unrelated lines"
row "rill-dedupe --near, unrelated lines" "$(wc -c <"$unrelated")" "$DEDUPE --near $unrelated > /dev/null"
ref=$LAST
row "rill-dedupe --near, lines alike below T" "$(wc -c <"$alike")" "$DEDUPE --near $alike > /dev/null" "$ref"
awk -v r="$ref" -v t="$LAST" 'BEGIN { printf "  the lines alike take %.2fx the time of unrelated ones\n", t / r }'

header "Near duplicates in stages (--stage, 8 parts on every core): bands >= 50 MB/s a core; the job <= 2x one --near run"
NEAR="-F tsv -f 5 -i --strip-punct --near"
row "rill-dedupe --near (one run)" "$bytes" "$DEDUPE $NEAR $corpus > $dir/near-one.tsv"
ref=$LAST
row "rill-dedupe --near --stage=bands (one core)" "$bytes" "$DEDUPE $NEAR --stage=bands $corpus > /dev/null"
row "the staged job, 8 parts (near_job.sh)" "$bytes" \
	"BIN=$BIN sh tests/bench/near_job.sh 8 $PWD/$corpus $PWD/$dir/near-staged.tsv $NEAR" "$ref"
awk -v r="$ref" -v t="$LAST" 'BEGIN { printf "  the staged job takes %.2fx the time of one run (target <= 2x)\n", t / r }'
cmp -s "$dir/near-one.tsv" "$dir/near-staged.tsv" && echo "  the staged job kept exactly the records one run kept" ||
	echo "  bench: the staged job's records differ from one run's" >&2
# Peak memory of each stage's largest process (near_job.sh's MEMLOG lines,
# "KB:COMMAND"): the partitioned stages' shrinks with the part, decide
# (one bit a record) and filter (the drops) are one process each.
stage_peaks() {
	awk -F: '{ if (match($0, /--stage=[a-z]+/)) { s = substr($0, RSTART + 8, RLENGTH - 8); if ($1 + 0 > m[s]) m[s] = $1 + 0 } }
		END { n = split("bands buckets candidates pairs decide filter", o, " ")
		      for (i = 1; i <= n; i++) printf "%s%s %d", (i > 1 ? ", " : ""), o[i], m[o[i]]; print " KB" }' "$1"
}
echo "  peak memory: one run $(peak_kb "$DEDUPE $NEAR $corpus") KB; the largest process of each stage:"
for parts in 2 8; do
	rm -rf "$dir/near-mem.log" "$dir/near-work"
	MEMLOG="$PWD/$dir/near-mem.log" WORK="$PWD/$dir/near-work" BIN=$BIN \
		sh tests/bench/near_job.sh "$parts" "$PWD/$corpus" "$PWD/$dir/near-staged.tsv" $NEAR
	echo "    $parts parts: $(stage_peaks "$dir/near-mem.log")"
done
records=$(wc -l < "$corpus")
echo "  bytes a record between stages: bands $(cat "$dir"/near-work/b-* | wc -c | awk -v r="$records" '{ printf "%.0f", $1 / r }'),\
 buckets $(cat "$dir"/near-work/m-* | wc -c | awk -v r="$records" '{ printf "%.0f", $1 / r }'),\
 candidates $(cat "$dir"/near-work/c-* | wc -c | awk -v r="$records" '{ printf "%.0f", $1 / r }'),\
 pairs $(wc -c < "$dir/near-work/pairs" | awk -v r="$records" '{ printf "%.1f", $1 / r }'),\
 decide $(wc -c < "$dir/near-work/drops" | awk -v r="$records" '{ printf "%.1f", $1 / r }')"
rm -rf "$dir/near-work"
if command -v python3 >/dev/null 2>&1; then
	# The stages' marks against brute force, as one run's above.
	WORK="$PWD/$dir/near-work" BIN=$BIN sh tests/bench/near_job.sh 3 "$PWD/$dir/near-sample.tsv" /dev/null $NEAR
	"$DEDUPE" $NEAR --stage=filter --mark --drops="$dir/near-work/drops" "$dir/near-sample.tsv" >"$dir/near-staged-marks.tsv"
	rm -rf "$dir/near-work"
	echo "  the stages' marks:"
	python3 tests/bench/near_quality.py "$dir/near-sample.tsv" "$dir/near-staged-marks.tsv" 1500 0.8
fi
"$GEN" -f copies -n 10000 >"$dir/copies-10000.tsv"
copybytes=$(wc -c < "$dir/copies-10000.tsv")
row "10,000 near copies: the staged job, 8 parts" "$copybytes" \
	"BIN=$BIN sh tests/bench/near_job.sh 8 $PWD/$dir/copies-10000.tsv /dev/null -F tsv -f 3 --near"
"$DEDUPE" -F tsv -f 3 --near --stage=bands "$dir/copies-10000.tsv" | "$DEDUPE" -F tsv -f 3 --near --stage=buckets |
	"$DEDUPE" -F tsv -f 3 --near --stage=candidates | "$DEDUPE" -F tsv -f 3 --near --stage=pairs --stats="$dir/copies.stats" >/dev/null
echo "  $(wc -l < "$dir/copies-10000.tsv") records: $(sed 's/.*"comparisons": \([0-9]*\).*"pairs": \([0-9]*\).*/\1 comparisons, \2 pairs/' "$dir/copies.stats")"
