# Sourced by tests/bench/run.sh: the formats web-text corpora come in.  A
# JSON Lines form of the article corpus (dolma's layout: id, text, source,
# added, metadata with title and url; the TSV escapes \n \t \\ are JSON's
# too, so only quotes need escaping), counted by rill beside jq and DuckDB
# and beside rill on the TSV form of the same data; the same gzip-compressed;
# WARC files of one small response per article, plain and a gzip member per
# record.
COUNT="$BIN/rill-count"
jsonl="$dir/articles-$BENCH_MB.jsonl"
if [ ! -s "$jsonl" ]; then
	mawk -F'\t' '{ for (i = 1; i <= 5; i++) gsub(/"/, "\\\"", $i)
		printf "{\"id\": \"%s\", \"text\": \"%s\", \"source\": \"%s\", \"added\": \"%s\", \"metadata\": {\"title\": \"%s\", \"url\": \"https://%s/article/%s\"}}\n",
			$1, $5, $3, $2, $4, $3, $1 }' "$corpus" >"$jsonl"
	gzip -6 -c "$jsonl" >"$jsonl.gz"
fi
jsonbytes=$(wc -c <"$jsonl")
cat "$jsonl" >/dev/null

header "JSON Lines, count by source: target 20x jq, 3x DuckDB, within 2x of rill on the TSV"
if command -v jq >/dev/null 2>&1; then
	row "jq -r .source | sort | uniq -c" "$jsonbytes" "jq -r .source $jsonl | sort | uniq -c > /dev/null"
	ref=$LAST
else
	echo "  jq: left out (not installed)"
	ref=
fi
duckdb_row "DuckDB read_json group by source" "$jsonbytes" \
	"SELECT source, count(*) FROM read_json('$jsonl', format='newline_delimited') GROUP BY source" "$ref"
row "rill-count -F jsonl -f source" "$jsonbytes" "$COUNT -F jsonl -f source $jsonl > /dev/null" "$ref"
jsonl_time=$LAST
# The lines are parsed on the workers: what one core does alone.
row "rill-count -F jsonl -f source --threads=1" "$jsonbytes" \
	"$COUNT -F jsonl -f source --threads=1 $jsonl > /dev/null" "$ref"
row "rill-count -F tsv -f 3 (the TSV form)" "$bytes" "$COUNT -F tsv -f 3 $corpus > /dev/null" "$ref"
awk -v j="$jsonl_time" -v t="$LAST" 'BEGIN { if (t > 0) printf "  jsonl / tsv: %.2fx the time (target <= 2)\n", j / t }'

header "Compressed JSON Lines: target within 1.3x of the .tsv.gz"
row "rill-count -F tsv -f 3 FILE.tsv.gz" "$bytes" "$COUNT -F tsv -f 3 $corpus.gz > /dev/null"
ref=$LAST
row "rill-count -F jsonl -f source FILE.jsonl.gz" "$jsonbytes" "$COUNT -F jsonl -f source $jsonl.gz > /dev/null" "$ref"
awk -v j="$LAST" -v t="$ref" 'BEGIN { if (t > 0) printf "  jsonl.gz / tsv.gz: %.2fx the time (target <= 1.3)\n", j / t }'

warc="$dir/articles-$BENCH_MB.warc"
[ -s "$warc" ] || python3 tests/bench/gen-warc.py "$corpus" "$warc" "$warc.gz"
warcbytes=$(wc -c <"$warc")
records=$(grep -c '^WARC/1.1' "$warc")
cat "$warc" "$warc.gz" >/dev/null
header "WARC, $records small records: target 100,000 records a second; per-record gzip 1.5x zcat | wc -l"
row "rill-cat -F warc --count (payloads decoded)" "$warcbytes" "$CAT -F warc --count $warc"
awk -v n="$records" -v s="$LAST" 'BEGIN { if (s > 0) printf "  %.0f records a second\n", n / s }'
row "rill-count -F warc -f WARC-Target-URI" "$warcbytes" "$COUNT -F warc -f WARC-Target-URI $warc > /dev/null"
awk -v n="$records" -v s="$LAST" 'BEGIN { if (s > 0) printf "  %.0f records a second\n", n / s }'
row "zcat | wc -l (a gzip member per record)" "$warcbytes" "zcat $warc.gz | wc -l"
ref=$LAST
row "rill-cat -F warc --count FILE.warc.gz" "$warcbytes" "$CAT -F warc --count $warc.gz" "$ref"
