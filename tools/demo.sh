#!/bin/sh
# make demo: generates a small news-like archive (deterministic, built by
# the project's own generator) and runs real pipelines over it.
set -e
: "${BIN:=bin}" "${BUILD:=build/cc}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
CAT="$BUILD/tests/rill-cat"
dir=build/demo
mkdir -p "$dir"
archive="$dir/news-2018-03.tsv.gz"
"$BUILD/tests/gen-corpus" -m 2 -s 7 | gzip -c >"$archive"
echo "sample archive: $archive ($(wc -c <"$archive") bytes gzip)"

show() {
	echo
	echo "\$ $1"
	sh -c "$1"
}

show "$CAT -F tsv --count $archive"
show "$CAT -F tsv -f 3 $archive | sort | uniq -c | sort -rn   # articles per outlet"
show "$CAT -F tsv -f 4 $archive | sort | uniq -c | sort -rn | head -n 5   # titles published most often: syndication"
show "$CAT -F tsv -f 1,3,4 --to=csv $archive | head -n 3"
