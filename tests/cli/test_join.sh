#!/bin/sh
# End-to-end cases of rill-join: every join type by hash and by merge,
# headers, formats, keys, errors, and a property test against coreutils
# join (LC_ALL=C) on random inputs with duplicate and non-ASCII keys.
. "$(dirname "$0")/lib.sh"
J="$BIN/rill-join"
O="$DATA/outlets-owners.tsv"
printf 'a\tL1\nb\tL2\nc\tL3\nb\tL4\n' >"$SCRATCH/l.tsv"
printf 'b\tR1\nc\tR2\nb\tR3\nd\tR4\n' >"$SCRATCH/r.tsv"

for t in inner left right full semi anti; do
	run_case "join-$t" 0 "--type=$t, hash join in LEFT order" "$J -F tsv --type=$t --empty=- l.tsv r.tsv"
done
run_case join-header 0 "-H: names, key by name, RIGHT's non-key fields appended" \
	"$J -F tsv -H -1 outlet -2 source $DATA/outlets.tsv $O"
run_case join-header-clash 0 "-H: a clashing RIGHT name gets _2" \
	"printf 'k\tname\n1\tx\n' > a.tsv; printf 'k\tname\n1\ty\n' > b.tsv; $J -F tsv -H a.tsv b.tsv"
run_case join-header-clash-right 0 "-H: RIGHT names clashing with LEFT's, with each other and with a suffixed name each get the first _N free" \
	"printf 'k\tname\tname_2\n1\tx\tx2\n' > a.tsv; printf 'k\tname\tname\tk\tnote\tname_2\n1\ty\tz\tw\tn\tq\n' > b.tsv;
	 $J -F tsv -H a.tsv b.tsv && $J -F tsv -H --to=jsonl a.tsv b.tsv"
run_case join-compound 0 "several key fields make a compound key" \
	"printf 'a\t1\tx\na\t2\ty\n' > c1; printf 'a\t2\tZ\n' > c2; $J -F tsv -j 1,2 c1 c2"
run_case join-icase 0 "-i: keys compare case-folded" \
	"printf 'Caf\303\251\tL\n' > i1; printf 'CAF\303\211\tR\n' > i2; $J -F tsv -i i1 i2"
run_case join-format2 0 "--format2: TSV LEFT with a CSV RIGHT" \
	"printf 'src,owner\nle-journal.example,\"Groupe, Presse\"\n' > o.csv; $J -F tsv -H -1 outlet --format2=csv -2 src $DATA/outlets.tsv o.csv"
run_case join-stdin-gz 0 "LEFT from standard input, RIGHT gzip" \
	"gzip -c r.tsv > r.gz; cat l.tsv | $J -F tsv - r.gz"
run_case join-unsorted 1 "--sorted on unsorted input is an error with FILE:LINE" \
	"$J -F tsv --sorted l.tsv r.tsv"
run_case join-memory 1 "RIGHT over --memory: an error that says what to do" \
	"seq 1 100000 > big; $J --memory=100K l.tsv big"
run_case join-two-stdin 2 "LEFT and RIGHT cannot both be -" "$J - - < /dev/null"
run_case join-one-input 2 "one input is a usage error" "$J l.tsv"

check join-vs-coreutils "random inputs: --sorted = sort | join; hash join = same multiset" \
	"for seed in 1 2 3 4 5; do
		for side in L R; do
			awk -v seed=\$seed\$side -v side=\$side 'BEGIN { srand(seed + (side == \"R\") * 7919);
				split(\"a b c d e f é ü 中 ab\", k, \" \");
				n = 20 + int(rand() * 40);
				for (i = 0; i < n; i++) printf \"%s%s\\t%s%d\\t%d\\n\", k[1 + int(rand() * 10)],
					k[1 + int(rand() * 10)], side, i, int(rand() * 100) }' |
				LC_ALL=C sort -t '	' -k1,1 -s > \$side.sorted
		done
		for t in inner left full anti; do
			case \$t in inner) o='-e - -o auto'; ;; left) o='-a 1 -e - -o auto'; ;;
				full) o='-a 1 -a 2 -e - -o auto'; ;; anti) o='-v 1'; ;; esac
			LC_ALL=C join -t '	' \$o L.sorted R.sorted > want
			$J -F tsv --sorted --type=\$t --empty=- L.sorted R.sorted > got
			cmp want got || { echo \"seed \$seed \$t --sorted differs\"; diff want got | head; exit 1; }
			$J -F tsv --type=\$t --empty=- L.sorted R.sorted | LC_ALL=C sort > got
			LC_ALL=C sort want > want.s
			cmp want.s got || { echo \"seed \$seed \$t hash differs\"; exit 1; }
		done
	done"

# LEFT on several threads: the output of one thread, in LEFT order, for
# batches of rows with repeated and missing keys; ragged rows (a short row
# after a wide one in another batch) make a batch join again on the main
# thread; a header; CR LF.
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "k%d\towner%d\tc%d\n", i, i % 300, i % 9 }' >"$SCRATCH/right-many.tsv"
awk 'BEGIN { for (i = 0; i < 70000; i++) { printf "%d\tk%d\ttext %d", i, (i * 7) % 6000, i; if (i % 20011 == 0) printf "\textra\tmore"; printf "\r\n" } }' >"$SCRATCH/left-many.tsv"
awk 'BEGIN { print "id\tkey\ttext"; for (i = 0; i < 50000; i++) printf "%d\tk%d\tt%d\n", i, i % 5500, i }' >"$SCRATCH/left-h.tsv"
{ printf 'key\towner\tcountry\n'; cat "$SCRATCH/right-many.tsv"; } >"$SCRATCH/right-h.tsv"
k=0
for mode in "-F tsv -1 2 left-many.tsv right-many.tsv" "-F tsv -1 2 --type=left --empty=NA left-many.tsv right-many.tsv" \
	    "-F tsv -1 2 --type=semi left-many.tsv right-many.tsv" "-F tsv -1 2 --type=anti left-many.tsv right-many.tsv" \
	    "-F tsv -H -1 key -2 key left-h.tsv right-h.tsv" "-F tsv -1 2 -i --to=csv left-many.tsv right-many.tsv"; do
	k=$((k + 1))
	check join-threads-$k "--threads=3 joins what --threads=1 does: $mode" \
		"$J --threads=1 $mode > one && $J --threads=3 $mode > three && cmp one three && test -s one"
done
check join-threads-ragged "a ragged LEFT row is padded the same on several threads" \
	"$J --threads=3 --type=left -F tsv -1 2 left-many.tsv right-many.tsv | awk -F '\t' 'NF != 7 { bad = 1 } END { exit bad }'"
