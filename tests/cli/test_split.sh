#!/bin/sh
# End-to-end cases of rill-split: every option of rill-split(1)
# in several record formats, and its usage errors.
. "$(dirname "$0")/lib.sh"
S="$BIN/rill-split"

# ---- units ---------------------------------------------------------------
run_case split-sentences 0 "sentences: abbreviations, decimals, money, quotes, ellipsis" \
	"$S -b sentences $DATA/news.txt"
run_case split-sentences-number 0 "-n: record number and unit index" \
	"$S -b sentences -n $DATA/news.txt"
run_case split-sentences-offsets 0 "--offsets: byte offsets into the record" \
	"$S -b sentences -n --offsets $DATA/news.txt"
run_case split-words 0 "words: only segments with a letter or digit" \
	"$S -b words $DATA/news.txt"
run_case split-words-all 0 "--all: every UAX #29 word segment" \
	"echo 'a, b  c' | $S -b words --all --to=tsv"
run_case split-graphemes 0 "graphemes: combining marks and flags stay whole" \
	"printf 'e\314\201\360\237\207\253\360\237\207\267x\n' | $S -b graphemes"
run_case split-paragraphs 0 "paragraphs: lines of a record, blank ones skipped" \
	"cd $DATA && $S -F doc -b paragraphs -n doc1.txt"
run_case split-ngrams 0 "ngrams=2: space-joined word bigrams" \
	"echo 'The mayor’s plan, approved today.' | $S -b ngrams=2 --offsets"
run_case split-chunks 0 "chunks=N: at most N graphemes, cut at word boundaries" \
	"echo 'The quick brown fox jumped over the extraordinarily lazy dog' | $S -b chunks=12"

# ---- formats and fields ----------------------------------------------------
run_case split-tsv-field 0 "-F tsv -H -f text: a field with an escaped newline" \
	"$S -F tsv -H -f text -b sentences $DATA/outlets.tsv"
run_case split-tsv-keep 0 "--keep carries fields onto every unit; --id names the ID" \
	"$S -F tsv -H -f text --keep outlet -n --id id -b sentences $DATA/outlets.tsv"
run_case split-tsv-lines 0 "--to=lines: a line break inside a unit becomes a space" \
	"$S -F csv -H -f quote -b chunks=40 --to=lines $DATA/quotes.csv"
run_case split-csv 0 "-F csv: a quoted field with a newline, written as CSV" \
	"$S -F csv -H -f quote -b words -n $DATA/quotes.csv"
run_case split-doc 0 "-F doc: the file name is the ID" \
	"cd $DATA && $S -F doc -b sentences -n doc1.txt doc2.txt"
run_case split-abbrev 0 "--abbrev adds abbreviations" \
	"echo 'Ask Prov. Smith. He knows.' > ab.txt; echo 'Prov.' > list.txt; $S -b sentences --abbrev=list.txt ab.txt"
run_case split-gz 0 "gzip input" \
	"gzip -c $DATA/news.txt > n.gz; $S -b sentences n.gz"

# ---- sharding --------------------------------------------------------------
run_case split-shard-lines 0 "--into --lines: files of N records, numbered with %04d" \
	"mkdir o && seq 1 7 | $S --into=o/part-%04d.txt --lines=3 && for f in o/*; do echo \"== \$f\"; cat \$f; done"
run_case split-shard-bytes 0 "--into --bytes: never more than SIZE bytes, a record never cut" \
	"mkdir b && printf 'aaaa\nbb\ncccccc\nd\n' | $S --into=b/%d.txt --bytes=8 && for f in b/*; do echo \"== \$f\"; cat \$f; done"
run_case split-shard-key 0 "--into --key: one file per key; / and .. cannot escape" \
	"mkdir k && printf 'a\tx\nb\ty\na\tz\n../up\tq\n' | $S -F tsv --into=k/%k.tsv --key=1 && ls -A k && cat k/a.tsv && test ! -e up && echo contained"
run_case split-shard-key-header 0 "--into with -H: every file starts with the header" \
	"mkdir h && $S -F tsv -H --into=h/%k.tsv --key=outlet $DATA/outlets.tsv && cat h/le-journal.example.tsv"
run_case split-shard-hash 0 "--into --hash: N files by key hash, all created" \
	"mkdir p && seq 1 100 | $S --into=p/%n.txt --hash=4 && ls p && cat p/*.txt | sort -n | cmp - \$(seq 1 100 > all; echo all) && echo complete"
run_case split-shard-gz 0 "--into with .gz names writes gzip" \
	"mkdir z && seq 1 5 | $S --into=z/%d.txt.gz --lines=2 && gzip -dc z/1.txt.gz"
check split-shard-many-keys "2000 keys, all open at once: every record kept" \
	"mkdir m && seq 1 20000 | awk '{print \$1 % 2000 \"\t\" \$1}' | $S -F tsv --into=m/%k.tsv --key=1 &&
	 test \$(ls m | wc -l) = 2000 && test \$(cat m/* | wc -l) = 20000 && test \$(cat m/7.tsv | wc -l) = 10"
# A new key's file is found by hash and the file to close by an LRU list:
# both were scans of every shard, O(keys^2) (40,000 keys: 7.3 s of user
# CPU, 0.17 s now). User CPU, not wall time: creating 40,000 files is
# system time, and the machine may be loaded. The bound is 10x above the
# linear cost (sanitizers: 3x more) and 3.6x below the quadratic one.
awk 'BEGIN { for (i = 0; i < 40000; i++) printf "key%d\t%d\n", i, i; for (i = 0; i < 40000; i += 997) printf "key%d\tagain\n", i }' >"$SCRATCH/keys.tsv"
check split-shard-keys-linear "--into --key: 40,000 keys in linear time, with 32 descriptors, every record in its file" \
	"mkdir lin && (ulimit -n 32 && /usr/bin/time -f %U -o cpu $S -F tsv --into='lin/%k.tsv' --key=1 keys.tsv) &&
	 test \$(ls lin | wc -l) = 40000 && test \$(cat lin/* | wc -l) = 40041 &&
	 test \"\$(cut -f 2 lin/key39880.tsv | tr '\\n' ,)\" = '39880,again,' &&
	 awk -v sanitize=\"$SANITIZE\" '{ exit !(\$1 < (sanitize == 1 ? 6 : 2)) }' cpu"
# Files stay open up to the descriptor limit: 500 keys are 500 descriptors
# (counted in /proc while the run waits for input), the soft limit of 64
# raised to what they need; under a hard limit of 32, 16 are open and the
# rest reopened as their keys come back: a .gz file of many members, a
# paragraph file with its blank lines where they belong.
if [ "$(ulimit -H -n)" = unlimited ] || [ "$(ulimit -H -n)" -ge 1024 ]; then
	check split-shard-open-many "--into --key: 500 keys all open at once (soft limit 64 raised), every file right" \
		"mkdir om && mkfifo om.in || exit 1; (ulimit -S -n 64 && exec $S -F tsv --into='om/%k.tsv' --key=1 < om.in) & pid=\$!;
		 exec 3> om.in; awk 'BEGIN { for (i = 0; i < 500; i++) printf \"k%d\\t%d\\n\", i, i }' >&3;
		 i=0; while [ \$(ls -A om | wc -l) -lt 500 ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done;
		 n=\$(ls /proc/\$pid/fd | wc -l); awk 'BEGIN { for (i = 0; i < 500; i++) printf \"k%d\\tagain\\n\", i }' >&3; exec 3>&-;
		 wait \$pid && test \$n -gt 500 && test \$(ls om | wc -l) = 500 &&
		 test \"\$(cut -f 2 om/k321.tsv | tr '\\n' ,)\" = '321,again,'"
fi
check split-shard-reopened "--into under ulimit -n 32: files closed and reopened, .gz in members, paragraphs apart, records in order" \
	"mkdir ro && awk 'BEGIN { for (r = 0; r < 3; r++) for (i = 0; i < 100; i++) printf \"k%d\\t%d-%d\\n\", i, i, r }' > ro.tsv &&
	 (ulimit -n 32 && $S -F tsv --into='ro/%k.tsv.gz' --key=1 ro.tsv && $S -F tsv --to=para --into='ro/%k.txt' --key=1 ro.tsv) &&
	 test \"\$(zcat ro/k42.tsv.gz | cut -f 2 | tr '\\n' ,)\" = '42-0,42-1,42-2,' &&
	 test \"\$(gzip -dc ro/k42.tsv.gz | wc -l)\" = 3 && test \"\$(cat ro/k7.txt | tr '\\n\\t' '|:')\" = 'k7:7-0||k7:7-1||k7:7-2|' &&
	 test \$(ls ro | wc -l) = 200"
check split-shard-failed-run "a failed run leaves no shard behind" \
	"mkdir f && printf 'ok\nbad\377\n' | { $S --invalid=fail --into=f/%d.txt --lines=1; test \$? = 1; } && test -z \"\$(ls -A f)\""

# ---- errors ----------------------------------------------------------------
run_case split-no-unit 2 "no --by and no --into is a usage error" "$S < /dev/null"
run_case split-bad-unit 2 "an unknown unit is a usage error naming it" "$S -b lines < /dev/null"
run_case split-bad-ngrams 2 "ngrams=0 is out of range" "$S -b ngrams=0 < /dev/null"
run_case split-shard-no-directive 2 "--key needs %k in the pattern" "$S --into=x.txt --key=1 < /dev/null"
run_case split-shard-bytes-header 0 "--into --bytes with -H: the header on top of each file, counted toward SIZE; gzip files by their text" \
	"mkdir bh && printf 'id\ttext\n1\taaaa\n2\tbb\n3\td\n4\tcccccccccccccc\n5\te\n' > h.tsv &&
	 $S -F tsv -H --into=bh/%d.tsv --bytes=20 h.tsv && $S -F tsv -H --into=bh/%d.tsv.gz --bytes=20 h.tsv &&
	 for f in bh/*.tsv; do echo \"== \$f \$(wc -c < \$f)\"; cat \$f; zcat \$f.gz | cmp - \$f; done"
run_case split-shard-no-mode 2 "--into needs --lines, --bytes, --key or --hash" "$S --into=x%d.txt < /dev/null"
run_case split-abbrev-missing 2 "an unreadable --abbrev file is a usage error" \
	"$S -b sentences --abbrev=/no/such/file < /dev/null"

# ---- the gold set of news sentences ------------------------------------------
for set in gold held-aside; do
	check split-sentences-$set "tests/cli/sentences/$set.txt: news sentences (titles, initials, acronyms, times, URLs, names with !, lists, citations, ellipses) split exactly" \
		"awk 'BEGIN { RS = \"\" } !/^#/ { gsub(/\\n/, \" \"); print }' $TOP/tests/cli/sentences/$set.txt > paras &&
		 grep -v '^#' $TOP/tests/cli/sentences/$set.txt | grep -v '^\$' > want &&
		 $S -b sentences paras > got && diff want got"
done
check split-long-record "a 100 MB record without a sentence end is one unit, in linear time" \
	"head -c 100000000 /dev/zero | tr '\\\\0' a > long && test \"\$($S -b sentences long | wc -c)\" = 100000001"

# Records cut on several threads: the output of one thread, in order.
awk 'BEGIN { for (i = 0; i < 15000; i++) printf "%d\tMr. Smith said “no” on Jan. 5, 2024. It cost $3.5bn.\\nNext paragraph %d.\n", i, i }' >"$SCRATCH/many.tsv"
k=0
for mode in "-b words" "-F tsv -f 2 -b sentences -n --offsets" "-F tsv -f 2 -b paragraphs --keep=1" "-b ngrams=2" "-b chunks=7" "-b graphemes"; do
	k=$((k + 1))
	check split-threads-$k "--threads=3 writes what --threads=1 does: $mode" \
		"$S --threads=1 $mode many.tsv > one && $S --threads=3 $mode many.tsv > three && cmp one three && test -s one"
done
