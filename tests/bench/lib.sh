# Shared by the benchmark scripts: a timer that runs each command a few
# times and keeps the best wall time, and a table row printer that puts
# rill beside the standard tools run on the same input in the same run.

: "${BENCH_RUNS:=3}"

# best_time COMMAND: prints the best wall time of BENCH_RUNS runs, in seconds.
best_time() {
	best=""
	i=0
	while [ "$i" -lt "$BENCH_RUNS" ]; do
		start=$(date +%s.%N)
		sh -c "$1" >/dev/null 2>&1 || echo "bench: failed: $1" >&2
		end=$(date +%s.%N)
		t=$(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')
		if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best"
}

# row LABEL BYTES COMMAND [REFERENCE-SECONDS]: one line of the table.
# (Its variables are prefixed: sh has no locals, and callers use $bytes.)
row() {
	row_label=$1 row_bytes=$2 row_cmd=$3 row_ref=$4
	t=$(best_time "$row_cmd")
	if [ -n "$row_ref" ]; then
		ratio=$(awk -v a="$row_ref" -v b="$t" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
	else
		ratio="1.00x"
	fi
	awk -v l="$row_label" -v s="$t" -v n="$row_bytes" -v r="$ratio" \
		'BEGIN { printf "  %-44s %8.3f s %9.1f MB/s %9s\n", l, s, (s > 0 ? n / s / 1e6 : 0), r }'
	LAST=$t
}

header() {
	echo
	echo "$1"
	printf '  %-44s %10s %14s %9s\n' "command" "best time" "throughput" "speed-up"
}

# DuckDB beside rill: its npm package, which ships the engine, installed once
# into build/bench/duckdb; where npm is missing (or the install fails) the
# rows are left out with a note.  duckdb_row LABEL BYTES SQL [REFERENCE].
DUCKDB_DIR=build/bench/duckdb
duckdb_ready() {
	if [ -z "$DUCKDB_CHECKED" ]; then
		DUCKDB_CHECKED=1
		if [ ! -d "$DUCKDB_DIR/node_modules/@duckdb/node-api" ] && command -v npm >/dev/null 2>&1; then
			mkdir -p "$DUCKDB_DIR"
			npm install --silent --prefix "$DUCKDB_DIR" @duckdb/node-api >/dev/null 2>&1 ||
				echo "  (npm could not install @duckdb/node-api: the DuckDB rows are left out)"
		fi
		cp tests/bench/duckdb.mjs "$DUCKDB_DIR/duckdb.mjs"
	fi
	command -v node >/dev/null 2>&1 && [ -d "$DUCKDB_DIR/node_modules/@duckdb/node-api" ]
}
duckdb_row() {
	if duckdb_ready; then
		row "$1" "$2" "node $DUCKDB_DIR/duckdb.mjs \"$3\"" "$4"
	else
		echo "  $1: left out (no npm, or @duckdb/node-api did not install)"
	fi
}
