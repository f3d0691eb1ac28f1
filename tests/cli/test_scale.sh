#!/bin/sh
# Working at scale (the README's "At scale"): every tool as a stage of GNU parallel and of
# Hadoop Streaming gives what one run gives.  Hadoop Streaming is simulated
# locally: mapper | partition by key hash | sort | reducer, per partition.
. "$(dirname "$0")/lib.sh"
P="parallel --will-cite"
"$BUILD/tests/gen-corpus" -m 4 -s 11 >"$SCRATCH/corpus.tsv"

check scale-split "split: parallel --pipe --keep-order = one run" \
	"$BIN/rill-split -F tsv -f 5 -b sentences corpus.tsv > one &&
	 $P --pipe --keep-order --block 300k -j 2 '$BIN/rill-split -F tsv -f 5 -b sentences' < corpus.tsv > many &&
	 cmp one many"
check scale-tag "tag: parallel --pipe --keep-order = one run" \
	"printf 'Facebook\tORG\nUnited Nations\tORG\nKhan\tPERSON\n' > lx &&
	 $BIN/rill-tag -F tsv -f 5 -l lx -t url,number corpus.tsv > one &&
	 $P --pipe --keep-order --block 300k -j 2 '$BIN/rill-tag -F tsv -f 5 -l lx -t url,number' < corpus.tsv > many &&
	 cmp one many"
check scale-dedupe-hash "dedupe by key: 4 hash partitions deduped apart = one run" \
	"$BIN/rill-dedupe -F tsv -f 4,5 corpus.tsv | sort > one &&
	 $BIN/rill-split -F tsv --into=part-%n.tsv --hash=4 --key=4,5 corpus.tsv &&
	 for f in part-*.tsv; do $BIN/rill-dedupe -F tsv -f 4,5 \$f; done | sort > many && cmp one many"
check scale-count "count: parallel --pipe tables merged = one run" \
	"$BIN/rill-count -F tsv -f 5 --words -i corpus.tsv > one &&
	 $P --pipe --keep-order --block 300k -j 2 '$BIN/rill-count -F tsv -f 5 --words -i' < corpus.tsv |
	 $BIN/rill-count --merge -i > many && cmp one many"
check scale-join "join: LEFT in parallel chunks, RIGHT broadcast = one run" \
	"cut -f 3 corpus.tsv | sort -u | awk '{ print \$0 \"\tOwner of \" \$0 }' > outlets &&
	 $BIN/rill-join -F tsv -1 3 corpus.tsv outlets > one &&
	 $P --pipe --keep-order --block 300k -j 2 '$BIN/rill-join -F tsv -1 3 - outlets' < corpus.tsv > many &&
	 cmp one many"
check scale-hadoop-count "count as Hadoop Streaming: map words, partition, sort, reduce = one run" \
	"$BIN/rill-count -F tsv -f 5 --words corpus.tsv | sort > one &&
	 $BIN/rill-split -F tsv -f 5 -b words corpus.tsv > mapped &&
	 $BIN/rill-split --into=r-%n --hash=3 mapped &&
	 for r in r-0 r-1 r-2; do sort \$r | $BIN/rill-count -f 1; done | sort > many && cmp one many"
check scale-hadoop-dedupe "dedupe as Hadoop Streaming: partition by key, sort, reduce = one run (as sets)" \
	"$BIN/rill-dedupe -F tsv -f 5 corpus.tsv | cut -f 5 | sort > one &&
	 $BIN/rill-split -F tsv --into=d-%n --hash=3 --key=5 corpus.tsv &&
	 for r in d-0 d-1 d-2; do LC_ALL=C sort -t '	' -k5,5 \$r | $BIN/rill-dedupe -F tsv -f 5; done | cut -f 5 | sort > many &&
	 cmp one many"

check progress-every-tool "--progress=always in every tool on .gz input reaches 100% of the compressed bytes" \
	"gzip -c corpus.tsv > c.gz && printf 'x\tT\n' > lex &&
	 for cmd in 'rill-split -F tsv -f 5 -b sentences' 'rill-tag -F tsv -f 5 -l lex' 'rill-dedupe -F tsv -f 5' \
		    'rill-count -F tsv -f 3' 'rill-join -F tsv -1 3'; do
		$BIN/\$cmd --progress=always c.gz \$( [ \"\${cmd#rill-join}\" != \"\$cmd\" ] && echo lex ) > /dev/null 2> err || exit 1
		grep -q 'records' err && grep -q '100%' err || { echo \"\$cmd: no progress\"; cat err; exit 1; }
	 done"
