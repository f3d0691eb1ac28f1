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

# ---- --near in stages (rill-dedupe(1), STAGES): the same drops as one run ----------
"$BUILD/tests/gen-corpus" -f near -m 1 -s 4 >"$SCRATCH/shapes.tsv"
"$BUILD/tests/gen-corpus" -f near -m 1 -s 5 >"$SCRATCH/shapes5.tsv"
"$BUILD/tests/gen-corpus" -f copies -n 2000 >"$SCRATCH/copies.tsv"

# near_job N OPTIONS FILTER-OPTIONS INPUT [INDEX]: the README's GNU parallel job
# over N parts (any order of finishing), the result on standard output, its
# rounds in ./rounds.  Part K's buckets also read INDEX-K, the earlier runs' index.
# Each reducer reads its part's lines as $arrive passes them (default: as
# the files come, part after part).
near_job() {
	n=$1 D="$BIN/rill-dedupe $2" fopts=$3 in=$4 H="$BIN/rill-split -F tsv --key=1 --hash=$1"
	index=
	[ -z "$5" ] || index="$5-{}"
	: "${arrive:=cat}"
	rm -rf job && mkdir job &&
	seq "$n" | $P -j 2 "$D --stage=bands --shard={}/$n $in | $H --into=job/b-{}-%n" &&
	seq 0 $((n - 1)) | $P -j 2 "cat $index job/b-*-{} | $arrive | $D --stage=buckets | $H --into=job/m-{}-%n" &&
	seq 0 $((n - 1)) | $P -j 2 "cat job/m-*-{} | $arrive | $D --stage=candidates | $H --into=job/c-{}-%n" ||
		return 1
	prev= rounds=0
	while [ "$rounds" -lt 10 ]; do
		rounds=$((rounds + 1))
		seq 0 $((n - 1)) | $P -j 2 "cat job/c-*-{} | $arrive | $D --stage=pairs $prev" > job/pairs &&
		LC_ALL=C sort job/pairs | $D --stage=decide > job/drops 2> job/warn || return 1
		tail -n 1 job/drops | grep -q '^# final' && break
		mv job/drops job/prev && prev=--drops=job/prev
	done
	echo "$rounds" > rounds
	$D $fopts --stage=filter --drops=job/drops "$in"
}

# hadoop_job MAPPER REDUCER OUT R INPUT...: Hadoop Streaming's shape: each input (a
# split) through the mapper, partitioned by the key's hash into R reducers, each
# partition sorted, through the reducer, into OUT/part-K.
hadoop_job() {
	mapper=$1 reducer=$2 out=$3 r=$4
	shift 4
	rm -rf "$out" "$out.map" && mkdir "$out" "$out.map" || return 1
	i=0
	for split in "$@"; do
		i=$((i + 1))
		sh -c "$mapper" < "$split" | $BIN/rill-split -F tsv --key=1 --hash="$r" --into="$out.map/$i-%n" ||
			return 1
	done
	k=0
	while [ "$k" -lt "$r" ]; do
		# (Hadoop's output format writes a TAB after a line that has none.)
		cat "$out.map"/*-"$k" 2>/dev/null | LC_ALL=C sort | sh -c "$reducer" |
			sed '/	/!s/$/	/' > "$out/part-$k" || return 1
		k=$((k + 1))
	done
}

NEAR="-F tsv -f 5 -i --strip-punct --near"
for n in 1 3 8; do
	check scale-near-parallel-$n "--near in stages, GNU parallel over $n parts: the records one run keeps" \
		"$BIN/rill-dedupe $NEAR corpus.tsv > one && near_job $n '$NEAR' '' corpus.tsv > many &&
		 cmp one many && test \$(wc -l < one) -lt \$(wc -l < corpus.tsv)"
done
check scale-near-any-order "--near in stages, each reducer's lines shuffled (jobs finishing in any order): one run's marks, first and longest" \
	"yes rill | head -c 100000 > seed && arrive='shuf --random-source=seed' &&
	 for keep in first longest; do
	   $BIN/rill-dedupe -F tsv -f 3 --near --keep=\$keep --mark --similarity shapes.tsv > one &&
	   near_job 3 \"-F tsv -f 3 --near --keep=\$keep\" '--mark --similarity' shapes.tsv > many &&
	   cmp one many || { echo \"--keep=\$keep\"; exit 1; }
	 done && ! seq 9 | \$arrive | sort -n -c 2>/dev/null"
check scale-near-mark "--near in stages, --mark --similarity: each record's witness and similarity as one run's" \
	"$BIN/rill-dedupe $NEAR --mark --similarity corpus.tsv > one &&
	 near_job 3 '$NEAR' '--mark --similarity' corpus.tsv > many && cmp one many"
check scale-near-hadoop "--near in stages as Hadoop Streaming jobs (splits, --id, 4 reducers, decide on one): one run's records" \
	"$BIN/rill-dedupe $NEAR corpus.tsv > one && split -n l/3 corpus.tsv split- &&
	 D='$BIN/rill-dedupe $NEAR' &&
	 hadoop_job \"\$D --stage=bands --id=1\" \"\$D --stage=buckets\" buckets 4 split-* &&
	 hadoop_job cat \"\$D --stage=candidates\" candidates 4 buckets/* &&
	 hadoop_job cat \"\$D --stage=pairs\" pairs 4 candidates/* &&
	 hadoop_job cat \"\$D --stage=decide\" decided 1 pairs/* &&
	 tail -n 1 decided/part-0 | grep -q '^# final' &&
	 for s in split-*; do \$D --stage=filter --id=1 --drops=decided/part-0 \$s; done > many && cmp one many"
check scale-near-shapes "--near in stages on chains, stars, ties, copies, updates: one run's marks over 1, 3 and 8 parts, first and longest" \
	"for input in shapes.tsv shapes5.tsv; do
	   for keep in first longest; do
	     $BIN/rill-dedupe -F tsv -f 3 --near --keep=\$keep --mark --similarity \$input > one || exit 1
	     for n in 1 3 8; do
	       near_job \$n \"-F tsv -f 3 --near --keep=\$keep\" '--mark --similarity' \$input > many &&
	       cmp one many || { echo \"\$input --keep=\$keep, \$n parts\"; exit 1; }
	     done
	   done
	 done"
check scale-near-second-round "--near in stages: a chain kept by the first round wrongly is put right by the second" \
	"D='$BIN/rill-dedupe -F tsv -f 3 --near' && \$D shapes.tsv > one &&
	 \$D --stage=bands shapes.tsv | \$D --stage=buckets | \$D --stage=candidates > c &&
	 \$D --stage=pairs c | LC_ALL=C sort | \$D --stage=decide > d1 2> warn &&
	 tail -n 1 d1 | grep -q '^# not final: [0-9]* records to recheck' && grep -q 'not final' warn &&
	 ! \$D --stage=filter --drops=d1 shapes.tsv > /dev/null 2> err && grep -q 'not final' err &&
	 sed '\$d' d1 > d1.lines && printf '# final\n' >> d1.lines &&
	 \$D --stage=filter --drops=d1.lines shapes.tsv > first-round && ! cmp -s one first-round &&
	 \$D --stage=pairs --drops=d1 c | LC_ALL=C sort | \$D --stage=decide > d2 &&
	 tail -n 1 d2 | grep -qx '# final' && \$D --stage=filter --drops=d2 shapes.tsv | cmp - one"
check scale-near-copies "--near in stages: 2,000 copies of one story give pairs and comparisons linear in the records, and one run's answer" \
	"D='$BIN/rill-dedupe -F tsv -f 3 --near' && \$D copies.tsv > one &&
	 \$D --stage=bands copies.tsv | \$D --stage=buckets | \$D --stage=candidates |
	 \$D --stage=pairs --stats=stats | LC_ALL=C sort | \$D --stage=decide > d &&
	 \$D --stage=filter --drops=d copies.tsv | cmp - one &&
	 records=\$(wc -l < copies.tsv) && pairs=\$(sed 's/.*\"pairs\": \\([0-9]*\\).*/\\1/' stats) &&
	 comparisons=\$(sed 's/.*\"comparisons\": \\([0-9]*\\).*/\\1/' stats) &&
	 echo \"records \$records pairs \$pairs comparisons \$comparisons\" &&
	 test \"\$pairs\" -le \$((32 * records)) && test \"\$comparisons\" -le \$((64 * records))"
check scale-near-index "--near in stages across days: day 2 against day 1's index = one run with --state" \
	"D='$BIN/rill-dedupe -F tsv -f 3 --near' && head -n 700 shapes.tsv > day1 && tail -n +701 shapes.tsv > day2 &&
	 \$D --state=s day1 > /dev/null && \$D --state=s --mark day2 > one &&
	 near_job 2 '-F tsv -f 3 --near' '' day1 > /dev/null && cp job/drops drops1 &&
	 \$D --stage=bands day1 | \$D --stage=index --drops=drops1 --run=day1 > index &&
	 \$D --stage=bands day2 > b2 && cat index b2 | \$D --stage=buckets | \$D --stage=candidates > c2 &&
	 prev= && for round in 1 2 3 4; do
	   \$D --stage=pairs \$prev c2 | LC_ALL=C sort | \$D --stage=decide > d2 2>/dev/null
	   tail -n 1 d2 | grep -qx '# final' && break
	   mv d2 p2 && prev=--drops=p2
	 done &&
	 \$D --mark --stage=filter --drops=d2 day2 > many && cmp one many && grep -q '	0\$' many"
# The nightly job at scale: each day's stages over 3 parts against the index
# of the days before, itself in 3 parts (rebuilt each night by --stage=index,
# in parallel, and partitioned again), give each day the marks of one run
# with --state.
check scale-near-index-parts "--near in stages over 3 days, 3 parts and a partitioned index: each day one run's --state marks" \
	"D='$BIN/rill-dedupe -F tsv -f 3 --near' H='$BIN/rill-split -F tsv --key=1 --hash=3' &&
	 head -n 450 shapes.tsv > day1 && sed -n '451,900p' shapes.tsv > day2 && tail -n +901 shapes.tsv > day3 &&
	 mkdir ix && for p in 0 1 2; do : > ix/i-\$p; done &&
	 for day in day1 day2 day3; do
	   \$D --state=days.state --mark \$day > one-\$day &&
	   near_job 3 '-F tsv -f 3 --near' --mark \$day ix/i > many-\$day &&
	   cmp one-\$day many-\$day || { echo \"\$day differs\"; exit 1; }
	   seq 0 2 | $P -j 2 \"cat ix/i-{} job/b-*-{} | \$D --stage=index --drops=job/drops --run=\$day | \$H --into=ix/n-{}-%n\" &&
	   for p in 0 1 2; do cat ix/n-*-\$p > ix/i-\$p; done && rm -f ix/n-* || exit 1
	 done &&
	 grep -q '	0\$' many-day2 && grep -q '	0\$' many-day3 &&
	 test \$(grep -c '	s	' ix/i-0) -gt 0 && test \$(grep -c '	s	' ix/i-1) -gt 0"
awk 'BEGIN { srand(5); for (i = 0; i < 2000; i++) { t = " some padding text to make the records alike but below the threshold"; print "item " i t; if (rand() < 0.3) print "item " int(rand() * i) t " again" } }' >"$SCRATCH/alike.txt"
check scale-near-crowded "--near in stages on listings alike below T (buckets past their first 32 records): one run's marks" \
	"for opts in '--near' '--near=0.7 --shingle=3'; do
	   $BIN/rill-dedupe \$opts --mark alike.txt > one && near_job 3 \"\$opts\" --mark alike.txt > many &&
	   cmp one many || { echo \"\$opts\"; exit 1; }
	 done && test \$(cat rounds) -gt 1"
check scale-near-clusters "--near in stages, --clusters: the connected components of every near pair, over 1 and 8 parts" \
	"D='$BIN/rill-dedupe -F tsv -f 3 --near' &&
	 \$D --stage=bands copies.tsv | \$D --stage=buckets | \$D --stage=candidates > cc &&
	 python3 $TOP/tests/cli/near_components.py cc 0.8 > want &&
	 \$D --stage=pairs --clusters cc | \$D --stage=decide --clusters | cmp - want &&
	 \$D --stage=bands shapes.tsv | \$D --stage=buckets | \$D --stage=candidates > c &&
	 python3 $TOP/tests/cli/near_components.py c 0.8 > want &&
	 \$D --stage=pairs --clusters c | \$D --stage=decide --clusters > got && cmp want got &&
	 \$D --stage=pairs --clusters c > p && split -n l/8 p p- &&
	 cat p-ah p-ac p-aa p-af p-ab p-ad p-ag p-ae | \$D --stage=decide --clusters | cmp - want &&
	 \$D --stage=filter --drops=got shapes.tsv > clustered && \$D shapes.tsv > greedy &&
	 test \$(wc -l < clustered) -lt \$(wc -l < greedy)"
