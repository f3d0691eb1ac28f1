#!/bin/sh
# near_job.sh N INPUT OUTPUT OPTIONS...: rill-dedupe --near in stages over N parts,
# each stage's N processes at once (shell jobs, as rill-dedupe(1) has it; GNU
# parallel adds its own start-up, some 25 ms a job), the parts cut by
# rill-split's hash partitions; the records kept go to OUTPUT.  With
# MEMLOG=FILE, each stage process's peak memory (KB) and command line are
# appended to FILE ("KB:COMMAND");
# with WORK=DIR the line files are left there (for their sizes).  BIN is the
# directory of the tools.
set -e
n=$1 in=$2 out=$3
shift 3
BIN=$(cd "$BIN" && pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
wrap=
[ -n "$MEMLOG" ] && wrap="/usr/bin/time -a -o $MEMLOG -f %M:%C"
D="$wrap $BIN/rill-dedupe $*" H="$BIN/rill-split -F tsv --key=1 --hash=$n"
cd "$work"
rm -f b-* m-* c-* p-* pairs drops drops.1
parts=$(seq 0 $((n - 1)))
for k in $(seq "$n"); do
	$D --stage=bands --shard="$k/$n" "$in" | $H --into="b-$k-%n" &
done
wait
for p in $parts; do
	cat b-*-"$p" | $D --stage=buckets | $H --into="m-$p-%n" &
done
wait
for p in $parts; do
	cat m-*-"$p" | $D --stage=candidates | $H --into="c-$p-%n" &
done
wait
prev=
while :; do
	for p in $parts; do
		cat c-*-"$p" | $D --stage=pairs $prev > "p-$p" &
	done
	wait
	cat p-* > pairs
	LC_ALL=C sort pairs | $D --stage=decide > drops 2>/dev/null
	tail -n 1 drops | grep -q '^# final' && break
	mv drops drops.1 && prev=--drops=drops.1
done
$D --stage=filter --drops=drops "$in" > "$out"
[ -n "$WORK" ] || rm -rf "$work"
