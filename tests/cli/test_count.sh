#!/bin/sh
# End-to-end cases of rill-count: totals, every table option, merging
# shards (with split and GNU parallel) against one run, and errors.
. "$(dirname "$0")/lib.sh"
C="$BIN/rill-count"
D="$DATA/counts.tsv"

# ---- totals ----------------------------------------------------------------
run_case count-totals 0 "totals of one file: records, words, graphemes, bytes, name" \
	"cd $DATA && $C news.txt"
run_case count-totals-files 0 "several files: a row each, an empty one too, and a total" \
	": > empty.txt; cp $DATA/news.txt $DATA/crlf.txt . && $C --labels news.txt empty.txt crlf.txt"
run_case count-totals-stdin-gz 0 "gzip on standard input" \
	"gzip -c $DATA/news.txt | $C"

# ---- tables ------------------------------------------------------------------
run_case count-field 0 "-f: most frequent first, ties in byte order, header" \
	"$C -F tsv -H -f source $D"
run_case count-field-percent 0 "--percent" \
	"$C -F tsv -H -f source --percent $D"
run_case count-words 0 "--words: UAX #29 words, NFC (Café written two ways is one key)" \
	"$C -F tsv -H -f text --words $D"
run_case count-words-icase 0 "-i --top=3: case folded, first spelling shown" \
	"$C -F tsv -H -f text --words -i --top=3 $D"
run_case count-min 0 "--min=2" \
	"$C -F tsv -H -f text --words -i --min=2 $D"
run_case count-sentences 0 "--sentences: syndicated sentences counted" \
	"$C -F tsv -H -f text --sentences --min=2 $D"
run_case count-ngrams 0 "--ngrams=2" \
	"$C -F tsv -H -f text --ngrams=2 -i --top=4 $D"
run_case count-graphemes 0 "--graphemes" \
	"printf 'e\\314\\201e\\303\\251\\n' | $C --graphemes"
run_case count-compound 0 "several -f fields make one compound key" \
	"$C -F tsv -H -f source,id $D | head -n 3"
run_case count-sum 1 "--sum: a non-number is an error naming FILE:LINE" \
	"cd $DATA && $C -F tsv -H -f source --sum=views counts.tsv"
run_case count-sum-skip 0 "--sum --skip-bad: sums, bad records skipped and counted" \
	"$C -F tsv -H -f source --sum=views --skip-bad $D"
run_case count-distinct 0 "--distinct: exact" \
	"$C -F tsv -H -f text --words -i --distinct $D"
check count-approx "--distinct --approx within 2% of 200000, error on stderr" \
	"seq 1 200000 | $C -f 1 --distinct --approx 2>err > n &&
	 awk '{ exit !(\$1 > 196000 && \$1 < 204000) }' n && grep -q 'standard error 0.81%' err"
run_case count-csv-out 0 "--to=csv" \
	"$C -F tsv -H -f source --to=csv $D"

# ---- merging -----------------------------------------------------------------
check count-merge-split "split shards counted and merged = one run" \
	"$BUILD/tests/gen-corpus -m 3 > corpus.tsv && $C -F tsv -f 5 --words -i corpus.tsv > whole &&
	 split -n l/4 corpus.tsv shard. && for f in shard.*; do $C -F tsv -f 5 --words -i \$f > \$f.t; done &&
	 cat shard.*.t | $C --merge -i > merged && cmp whole merged"
check count-merge-parallel "parallel --pipe shards counted and merged = one run" \
	"$BUILD/tests/gen-corpus -m 3 > c2.tsv && $C -F tsv -f 3 c2.tsv > whole2 &&
	 parallel --will-cite --pipe --block 200k -j 2 '$C -F tsv -f 3' < c2.tsv | $C --merge > merged2 &&
	 cmp whole2 merged2"
run_case count-merge-bad 1 "--merge of something that is not a table" \
	"printf 'x\\ty\\n' | $C --merge"
run_case count-merge-bad-count 1 "--merge: a count that is not a finite number (inf, 70 digits) is an error, as --sum's" \
	"printf '2\\ta\\ninf\\tb\\n' | $C --merge; printf '%070d\\tc\\n' 1 | $C --merge"

# ---- usage errors --------------------------------------------------------------
run_case count-top-alone 2 "--top without a key is a usage error" "$C --top=3 < /dev/null"
run_case count-approx-alone 2 "--approx without --distinct" "$C -f 1 --approx < /dev/null"
run_case count-two-units 2 "--words and --sentences exclude each other" "$C --words --sentences < /dev/null"
run_case count-merge-header 2 "--merge with -H" "$C --merge -H < /dev/null"

# ---- bounded memory (Space-Saving) -------------------------------------------------
check count-memory-guarantee "--memory: each true count in [count - error, count]; the heavy keys all there" \
	"awk 'BEGIN { srand(3); for (i = 0; i < 300000; i++) { r = rand(); printf \"k%d\\n\", int(1 / (r * r + 0.0001)) } }' > z &&
	 $C -f 1 z > exact && $C -f 1 --memory=64K z > approx &&
	 awk -F'\t' 'NR == FNR { t[\$2] = \$1; next } { if (!((\$1 - \$2) <= t[\$3] && t[\$3] <= \$1)) { print \"bad bound\", \$0; bad = 1 } }
	     END { exit bad }' exact approx &&
	 head -n 20 exact | cut -f 2 | sort > heavy && cut -f 3 approx | sort > got && comm -23 heavy got | grep -q . && exit 1 || true"
# Sanitizers add shadow memory, so the bound is measured on the normal build only.
[ "$SANITIZE" = 1 ] || check count-memory-bound "--memory=10M on 2 million distinct keys: peak within 10% (plus 5 MB of process: 1.6 of it the C++ runtime simdjson loads)" \
	"seq 1 2000000 > d && /usr/bin/time -f %M -o rss $C -f 1 --memory=10M d > /dev/null &&
	 test \$(cat rss) -le \$((10240 * 11 / 10 + 5120))"
[ "$SANITIZE" = 1 ] || check count-memory-ceiling "--memory is a ceiling, not an allocation: --memory=10G on three lines takes a few MB, at once" \
	"printf 'a\\nb\\na\\n' > two && /usr/bin/time -f %M -o rss $C -f 1 --memory=10G two > out &&
	 test \$(cat rss) -lt 100000 && test \"\$(cut -f 1,3 out | tr '\\t\\n' ':,')\" = '2:a,1:b,'"
run_case count-memory-machine 2 "--memory past the machine's memory is a usage error, not 'out of memory' (exit 1) after trying" \
	"echo a | $C -f 1 --memory=1000T 2> err; status=\$?; sed 's/, [0-9.]* GiB:/, N GiB:/' err >&2; exit \$status"
run_case count-memory-header 0 "--memory with -H: count, error, key" \
	"$C -F tsv -H -f source --memory=1M $D"
run_case count-memory-merge 2 "--memory with --merge is a usage error" "$C --merge --memory=1M < /dev/null"

# Units counted on several threads, tables merged: the table of one thread,
# first spellings included (the same word in several cases across batches).
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%s word%d Paris paris PARIS %d. Word%d again.\n", (i % 3 ? "The" : "the"), i % 5000, i % 97, i % 5000 }' >"$SCRATCH/units.txt"
k=0
for mode in "--words" "--words -i --top=50" "--sentences -i --top=20" "--ngrams=2 --min=3" "--graphemes" "--words --distinct" "--words --percent -i"; do
	k=$((k + 1))
	check count-threads-$k "--threads=3 counts what --threads=1 does: $mode" \
		"$C --threads=1 $mode units.txt > one && $C --threads=3 $mode units.txt > three && cmp one three && test -s one"
done
# Keys of fields too: runs of rows cut on the workers, CR LF, a header, the first
# spelling of a key that differs in case across batches kept, two files.
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "%d\t%s%d\t%s\r\n", i, (i % 4 ? "user" : "User"), i % 3000, (i % 2 ? "a" : "b") }' >"$SCRATCH/rows.tsv"
awk 'BEGIN { print "id\tname\tkind"; for (i = 0; i < 30000; i++) printf "%d\tuser%d\tc\n", i, i % 4000 }' >"$SCRATCH/rows-h.tsv"
for mode in "-F tsv -f 2 rows.tsv" "-F tsv -f 2,3 -i rows.tsv" "-F tsv -f 3 --distinct rows.tsv rows.tsv" \
	    "-F tsv -H -f name --top=10 rows-h.tsv rows-h.tsv"; do
	k=$((k + 1))
	check count-threads-$k "--threads=3 counts what --threads=1 does: $mode" \
		"$C --threads=1 $mode > one && $C --threads=3 $mode > three && cmp one three && test -s one"
done
