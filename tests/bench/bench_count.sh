# Sourced by tests/bench/run.sh: rill-count beside sort | uniq -c, mawk and
# datamash, on the article texts (word frequencies) and on a table of 10
# million short rows (count by a field).  Peak memory is shown too.
COUNT="$BIN/rill-count"

# best_time with peak memory: prints "seconds kilobytes".
time_and_memory() {
	/usr/bin/time -f '%e %M' sh -c "$1" 2>&1 >/dev/null | tail -n 1
}

header "Word frequency top 20: target 10x tr | sort | uniq -c, 3x mawk"
row "tr -cs [:alpha:] | sort | uniq -c | sort -rn" "$textbytes" \
	"tr -cs '[:alpha:]' '\n' < $text | sort | uniq -c | sort -rn | head -n 20"
ref=$LAST
row "mawk associative array" "$textbytes" \
	"mawk '{ for (i = 1; i <= NF; i++) c[\$i]++ } END { for (k in c) print c[k], k }' $text | sort -rn | head -n 20" "$ref"
row "rill-count --words --top=20" "$textbytes" "$COUNT --words --top=20 $text" "$ref"

if ! command -v datamash >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	apt-get install -y -qq datamash >/dev/null 2>&1 || true
fi
rows="$dir/rows-10m.tsv"
[ -s "$rows" ] || awk 'BEGIN { srand(7); for (i = 0; i < 10000000; i++)
	printf "%d\tuser%d\t%d\n", i, int(rand() * rand() * 50000), int(rand() * 100) }' >"$rows"
rowbytes=$(wc -c <"$rows")
header "Count by field on 10 million short rows: target 2x mawk, 10x cut | sort | uniq -c"
row "cut -f 2 | sort | uniq -c" "$rowbytes" "cut -f 2 $rows | sort | uniq -c > /dev/null"
ref=$LAST
row "mawk associative array" "$rowbytes" "mawk -F'\t' '{ c[\$2]++ } END { for (k in c) print c[k], k }' $rows" "$ref"
if command -v datamash >/dev/null 2>&1; then
	row "datamash -s -g 2 count 2" "$rowbytes" "datamash -s -g 2 count 2 < $rows" "$ref"
fi
duckdb_row "DuckDB read_csv group by column 2" "$rowbytes" \
	"SELECT column1, count(*) FROM read_csv('$rows', delim='\\t', header=false, all_varchar=true) GROUP BY column1" "$ref"
row "rill-count -F tsv -f 2" "$rowbytes" "$COUNT -F tsv -f 2 $rows" "$ref"

echo
echo "Peak memory (KB) counting field 2 of the 10M rows:"
echo "  mawk:       $(time_and_memory "mawk -F'\t' '{ c[\$2]++ } END { for (k in c) print c[k], k }' $rows" | cut -d' ' -f2)"
echo "  rill-count: $(time_and_memory "$COUNT -F tsv -f 2 $rows" | cut -d' ' -f2)"

header "Count by field on the article corpus (few, long records): target as fast as cut | sort | uniq -c"
row "cut -f 3 | sort | uniq -c" "$bytes" "cut -f 3 $corpus | sort | uniq -c > /dev/null"
ref=$LAST
duckdb_row "DuckDB read_csv group by column 3" "$bytes" \
	"SELECT column2, count(*) FROM read_csv('$corpus', delim='\\t', header=false, quote='', escape='', all_varchar=true) GROUP BY column2" "$ref"
row "rill-count -F tsv -f 3" "$bytes" "$COUNT -F tsv -f 3 $corpus > /dev/null" "$ref"
