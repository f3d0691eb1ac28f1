# Sourced by tests/bench/run.sh: joining the article corpus with a
# 10,000-row outlets table (the corpus's outlets among them), rill-join
# beside sort + coreutils join and Miller (installed for the bench when
# it can be).
JOIN="$BIN/rill-join"
outlets="$dir/outlets-10k.tsv"
if [ ! -s "$outlets" ]; then
	"$CAT" -F tsv -f 3 "$corpus" | sort -u | awk '{ print $0 "\tOwner of " $0 "\tUK" }' >"$outlets"
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "outlet%05d.example\tOwner %d\tFR\n", i, i }' >>"$outlets"
fi
if ! command -v mlr >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	apt-get install -y -qq miller >/dev/null 2>&1 || true
fi
tab=$(printf '\t')
header "Join the corpus with a 10,000-row outlets table: target 5x sort + join, 20x mlr join"
row "sort + join (LC_ALL=C)" "$bytes" \
	"LC_ALL=C sort -t '$tab' -k3,3 $corpus > $dir/j.sorted && LC_ALL=C sort -t '$tab' -k1,1 $outlets > $dir/o.sorted && LC_ALL=C join -t '$tab' -1 3 -2 1 $dir/j.sorted $dir/o.sorted > /dev/null"
ref=$LAST
if command -v mlr >/dev/null 2>&1; then
	row "mlr join (unsorted)" "$bytes" \
		"mlr --tsv --implicit-tsv-header --headerless-tsv-output join -j 3 -l 1 -r 3 -f $outlets $corpus > /dev/null" "$ref"
fi
duckdb_row "DuckDB join, written out" "$bytes" \
	"COPY (SELECT * FROM read_csv('$corpus', delim='\\t', header=false, quote='', escape='', all_varchar=true) a JOIN read_csv('$outlets', delim='\\t', header=false, quote='', escape='', all_varchar=true) b ON a.column2 = b.column0) TO '/dev/null' (FORMAT csv, DELIMITER '\\t', HEADER false)" "$ref"
row "rill-join -F tsv -1 3" "$bytes" "$JOIN -F tsv -1 3 $corpus $outlets > /dev/null" "$ref"
