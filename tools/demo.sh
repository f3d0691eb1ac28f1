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
show "$BIN/rill-split -F tsv -f 5 -b sentences -n $archive | head -n 4   # sentences, by article"
show "$BIN/rill-split -F tsv -f 5 -b sentences $archive | grep '“' | sort | uniq -c | sort -rn | head -n 5   # quotes that travel furthest"
show "$BIN/rill-split -F tsv -f 5 -b ngrams=2 $archive | sort | uniq -c | sort -rn | head -n 5   # most frequent word pairs"
