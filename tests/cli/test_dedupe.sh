#!/bin/sh
# End-to-end cases of rill-dedupe: exact dedupe and its options, keys and
# normalization, and the state across runs: cron-style days, merging,
# read-only use, damaged files, a kill -9 mid-run, two runs at once.
. "$(dirname "$0")/lib.sh"
D="$BIN/rill-dedupe"
printf 'The mayor spoke.\nthe mayor  spoke.\n\342\200\234The mayor spoke,\342\200\235\nThe mayor spoke.\nCaf\303\251 news\nCafe\314\201 news\n' >"$SCRATCH/lines.txt"

run_case dedupe-default 0 "first of each record kept, input order, NFC keys" \
	"$D lines.txt"
run_case dedupe-normalized 0 "-i --squeeze --strip-punct: syndicated variants are one key" \
	"$D -i --squeeze --strip-punct lines.txt"
run_case dedupe-field 0 "-f: key fields of a TSV with a header, record written whole" \
	"$D -F tsv -H -f source $DATA/counts.tsv"
run_case dedupe-keep-last 0 "--keep=last: the last record of each key, in input order" \
	"$D -F tsv -H -f source --keep=last $DATA/counts.tsv"
run_case dedupe-keep-longest 0 "--keep=longest" \
	"$D -F tsv -H -f source --keep=longest $DATA/counts.tsv"
run_case dedupe-count 0 "-c: group size as an extra first field" \
	"$D -c -i --squeeze --strip-punct lines.txt"
run_case dedupe-repeated 0 "--repeated: keys that occur more than once (uniq -d)" \
	"printf 'a\nb\na\nc\nc\n' | $D --repeated"
run_case dedupe-unique 0 "-u: keys that occur once (uniq -u)" \
	"printf 'a\nb\na\nc\nc\n' | $D -u"
run_case dedupe-mark 0 "--mark: nothing dropped, the group's first record number added" \
	"$D -F tsv -H -f source --mark $DATA/counts.tsv"
run_case dedupe-csv 0 "CSV records with quoted newlines" \
	"cat $DATA/quotes.csv $DATA/quotes.csv | $D -F csv"
run_case dedupe-doc 0 "-F doc: identical files are duplicates; output (name, text)" \
	"cp $DATA/doc1.txt copy.txt && cd $SCRATCH && cp $DATA/doc1.txt $DATA/doc2.txt . && $D -F doc doc1.txt doc2.txt copy.txt"
check dedupe-like-awk "same records as awk '!seen[\$0]++' on 200k lines" \
	"$BUILD/tests/gen-corpus -m 10 -f sentences > s.txt && $D s.txt > a && awk '!seen[\$0]++' s.txt > b && cmp a b"

# ---- state across runs ---------------------------------------------------------
check dedupe-state-days "days 1..3 one at a time with --state = the three days in one run" \
	"$BUILD/tests/gen-corpus -m 3 -f sentences -s 1 > d1 && $BUILD/tests/gen-corpus -m 3 -f sentences -s 2 > d2 &&
	 $BUILD/tests/gen-corpus -m 3 -f sentences -s 3 > d3 &&
	 for d in d1 d2 d3; do $D --state=days.state \$d; done > daily && cat d1 d2 d3 | $D > once && cmp daily once"
run_case dedupe-state-readonly 0 "--state-readonly compares without adding" \
	"printf 'a\nb\n' | $D --state=r.state > /dev/null && printf 'b\nc\n' | $D --state=r.state --state-readonly && printf 'c\n' | $D --state=r.state"
run_case dedupe-state-settings 2 "a state made with other settings is a usage error naming both" \
	"printf 'a\n' | $D --state=p.state > /dev/null && printf 'a\n' | $D -i --state=p.state"
run_case dedupe-state-damaged 1 "a damaged state is an error, never an empty set" \
	"printf 'a\nb\n' | $D --state=x.state > /dev/null && printf 'Z' | dd of=x.state bs=1 seek=40 conv=notrunc 2>/dev/null && printf 'a\n' | $D --state=x.state"
run_case dedupe-state-foreign 1 "a file that is not a state is an error" \
	"echo hello > f.state && printf 'a\n' | $D --state=f.state"
run_case dedupe-state-missing-readonly 1 "--state-readonly on a missing state is an error" \
	"printf 'a\n' | $D --state=none.state --state-readonly"
run_case dedupe-merge-state 0 "--merge-state unions states made on several machines" \
	"printf 'x\ny\n' | $D --state=m1 > /dev/null && printf 'y\nz\n' | $D --state=m2 > /dev/null &&
	 $D --merge-state m1 m2 -o m3 && printf 'x\ny\nz\nw\n' | $D --state=m3 --state-readonly"
run_case dedupe-merge-state-no-output 2 "--merge-state needs -o" "$D --merge-state a b"
check dedupe-state-kill "kill -9 at random points leaves the old state loadable and whole" \
	"seq 1 50000 > old && $D --state=k.state old > /dev/null && seq 1 3000000 > big &&
	 for i in 1 2 3 4 5 6; do
		$D --state=k.state big > /dev/null & pid=\$!
		sleep 0.\$i; kill -9 \$pid 2>/dev/null; wait \$pid 2>/dev/null
		test -z \"\$($D --state=k.state --state-readonly old)\" || exit 1
	 done && ! ls -A | grep -q rill-"
check dedupe-state-parallel "two runs at once on one state lose no key" \
	"seq 1 200000 > p1; seq 200001 400000 > p2;
	 { $D --state=par.state p1 > o1 & } ; $D --state=par.state p2 > o2; wait;
	 test \"\$(cat o1 o2 | wc -l)\" = 400000 && test -z \"\$(cat p1 p2 | $D --state=par.state --state-readonly)\""

# ---- usage errors ----------------------------------------------------------------
run_case dedupe-bad-keep 2 "--keep=other is a usage error" "$D --keep=other < /dev/null"
run_case dedupe-mark-count 2 "--mark and -c exclude each other" "$D --mark -c < /dev/null"

# ---- --memory: a Bloom filter past the bound ---------------------------------------
check dedupe-bloom "--memory: no duplicate ever written, false positives rare and reported" \
	"{ seq 1 1000000; seq 1 1000; } > dup && $D --memory=4M dup > out 2> err &&
	 test -z \"\$(sort out | uniq -d)\" && test \$(wc -l < out) -ge 990000 &&
	 grep -q 'became a Bloom filter: .* estimated false-positive rate' err"
[ "$SANITIZE" = 1 ] || check dedupe-bloom-bound "--memory=8M on 2 million keys: peak within 10% (plus 5 MB of process: 1.6 of it the C++ runtime simdjson loads)" \
	"seq 1 2000000 > two && /usr/bin/time -f %M -o rss $D --memory=8M two > /dev/null 2>&1 &&
	 test \$(cat rss) -le \$((8192 * 11 / 10 + 5120))"
run_case dedupe-bloom-count 2 "--memory with -c is a usage error" "$D --memory=1M -c < /dev/null"

# ---- units inside records (CCNet-style) -------------------------------------------
S="$DATA/syndicated.tsv"
run_case dedupe-unit-paragraphs 0 "--unit=paragraphs: a paragraph seen before is removed; a record left empty is dropped" \
	"$D -F tsv -H -f text --unit=paragraphs $S"
run_case dedupe-unit-normalized 0 "--unit with -i --strip-punct: curly and straight quotes, case, are one unit" \
	"$D -F tsv -H -f text --unit=paragraphs -i --strip-punct $S"
run_case dedupe-unit-min-len 0 "--min-len: short units (menus) are left alone" \
	"$D -F tsv -H -f text --unit=paragraphs --min-len=15 $S"
# JSON Lines objects go out as they came: a unit removed from one would
# be written back unchanged, so --unit needs the fields written as TSV.
printf '{"id":1,"text":"Same para.\\n\\nFirst only."}\n{"id":2,"text":"Same para.\\n\\nSecond only."}\n' >"$SCRATCH/units.jsonl"
run_case dedupe-unit-jsonl-tsv 0 "-F jsonl --unit=paragraphs --to=tsv: the repeated paragraph removed from the field" \
	"$D -F jsonl -f text --unit=paragraphs --to=tsv units.jsonl"
run_case dedupe-unit-jsonl-passes 2 "-F jsonl --unit to JSON Lines: a usage error, not objects written back unchanged" \
	"$D -F jsonl -f text --unit=paragraphs units.jsonl"
run_case dedupe-unit-sentences 0 "--unit=sentences inside a line" \
	"printf 'The cat sat. Dogs ran. The cat sat. A new one.\nDogs ran. The cat sat.\n' | $D --unit=sentences"
# data/sentence-units/: a text written for these tests (titles, initials,
# a list in a paragraph, a URL, an ellipsis) and states written by rill
# when --unit=sentences cut plain UAX #29 sentences.
U="$DATA/sentence-units"
run_case dedupe-unit-sentences-news 0 "--unit=sentences: titles, abbreviations and list items cut as rill-split cuts them (Dr. Lee's sentence is not a repeat of a 'Dr.')" \
	"$D --unit=sentences $U/news.txt"
check dedupe-unit-sentences-as-split "--unit=sentences removes the sentences rill-split -b sentences gives: every one of the gold set's, and nothing else" \
	"for f in gold held-aside; do awk '/^#/ { next } /^\$/ { if (p != \"\") print p; p = \"\"; next }
	   { p = p == \"\" ? \$0 : p \" \" \$0 } END { if (p != \"\") print p }' $TOP/tests/cli/sentences/\$f.txt; done > paras &&
	 n=\$(wc -l < paras) && cat paras paras | $D --unit=sentences --rejects=r > /dev/null &&
	 awk -F'\t' -v n=\$n '\$1 > n && \$2 == \"repeated-unit\"' r | cut -f 5- > removed &&
	 $BIN/rill-split -b sentences paras > split && test -s split && cmp removed split"
run_case dedupe-unit-sentences-old-state 2 "a --unit=sentences state written with the plain UAX #29 sentences is refused, naming the setting" \
	"cp $U/pre-news.state s.state && $D --unit=sentences --state=s.state $U/news.txt"
run_case dedupe-unit-paragraphs-old-state 0 "... a --unit=paragraphs state of then is read: its units did not change" \
	"cp $U/pre-news-paragraphs.state p.state && $D --unit=paragraphs --state=p.state $U/news.txt"
run_case dedupe-unit-lines 0 "--unit=lines on a doc: repeated lines of files removed, blank lines kept" \
	"printf 'a\n\nb\n' > u1; printf 'b\n\nc\n' > u2; $D -F doc --unit=lines u1 u2"
check dedupe-unit-state-days "--unit with --state: day by day = all days in one run" \
	"head -n 2 $S > day1; { head -n 1 $S; tail -n 2 $S; } > day2;
	 { $D -F tsv -H -f text --unit=paragraphs --state=u.state day1; $D -F tsv -H -f text --unit=paragraphs --state=u.state day2 | tail -n +2; } > daily &&
	 $D -F tsv -H -f text --unit=paragraphs $S > once && cmp daily once"
printf 'id\ttext\n1\tThe council met on Tuesday to vote on the new plan for the harbour.\\n“We will act on this now,” the mayor said after the long meeting.\\nSubscribe to our newsletter\n2\tThe council met on Tuesday to vote on the new plans for the harbour.\\n"We will act on this now," the Mayor said after the meeting.\\nA reporter asked why the vote had taken so long.\n3\tA new museum opened in the old harbour district on Saturday morning.\n' >"$SCRATCH/units.tsv"
run_case dedupe-unit-near 0 "--unit --near: a paragraph near one seen before (a word changed, quotes differ) is removed" \
	"$D -F tsv -H -f text --unit=paragraphs -i --strip-punct --near=0.5 --shingle=2 units.tsv"
run_case dedupe-unit-near-exact-keeps 0 "the same without --near keeps the edited paragraphs" \
	"$D -F tsv -H -f text --unit=paragraphs -i --strip-punct units.tsv"
run_case dedupe-unit-containment 0 "--unit --containment: a paragraph most of whose shingles were seen is removed" \
	"$D -F tsv -H -f text --unit=paragraphs -i --strip-punct --containment=0.5 --shingle=2 units.tsv"
check dedupe-unit-near-state-days "--unit --near with --state: day by day = all days in one run" \
	"head -n 2 units.tsv > ud1; { head -n 1 units.tsv; tail -n 2 units.tsv; } > ud2;
	 o='-F tsv -H -f text --unit=paragraphs -i --strip-punct --near=0.5 --shingle=2';
	 { $D \$o --state=un.state ud1; $D \$o --state=un.state ud2 | tail -n +2; } > daily &&
	 $D \$o units.tsv > once && cmp daily once"
run_case dedupe-unit-state-mismatch 2 "a --unit state used without --unit is a usage error" \
	"printf 'a\n' | $D --unit=lines --state=us.state > /dev/null && printf 'a\n' | $D --state=us.state"
run_case dedupe-unit-two-fields 2 "--unit needs one field" "$D -F tsv -f 1,2 --unit=lines < /dev/null"
run_case dedupe-unit-min-len-alone 2 "--min-len without --unit" "$D --min-len=3 < /dev/null"

# ---- near duplicates (MinHash + LSH, verified exactly) ---------------------------------
printf 'id\ttext\n1\tThe city council voted on Tuesday to close the main road to traffic for six months while engineers repair the old bridge, officials said.\n2\tThe city council voted on Tuesday to close the main road to all traffic for six months while engineers repair the old bridge, officials said.\n3\tA new museum of modern art opened its doors in the harbour district on Saturday after a decade of planning and fundraising.\n4\tTHE CITY COUNCIL VOTED ON TUESDAY TO CLOSE THE MAIN ROAD TO TRAFFIC FOR SIX MONTHS WHILE ENGINEERS REPAIR THE OLD BRIDGE, OFFICIALS SAID.\n' >"$SCRATCH/near.tsv"
run_case dedupe-near-default 0 "--near: an upper-case copy (-i) is dropped; one added word in 24 is not (J 0.58)" \
	"$D -F tsv -H -f text -i --near near.tsv"
run_case dedupe-near-shingle 0 "--shingle=2: the copy with one added word is a near duplicate (J 0.81)" \
	"$D -F tsv -H -f text -i --near --shingle=2 near.tsv"
run_case dedupe-near-mark 0 "--near --mark --similarity: group and estimate for every record" \
	"$D -F tsv -H -f text -i --near --shingle=2 --mark --similarity near.tsv"
run_case dedupe-near-strict 0 "--near=1: only identical shingle sets" \
	"$D -F tsv -H -f text -i --near=1 near.tsv"
# Records alike but below the threshold fill the LSH buckets of the bands
# they share: work per record is bounded (it was quadratic: 2,000, 4,000 and
# 8,000 such lines took 0.7, 2.9 and 11 s of user CPU, so these 20,000 about
# 70 s; now under 1 s), and a near copy of a recent one is still found.
# User CPU, not wall time, so a loaded machine does not fail it.
awk 'BEGIN { for (i = 0; i < 10000; i++) { t = "line " i " some padding text to make the records alike but below the threshold of similarity"; print t; print t " again" } }' >"$SCRATCH/alike.txt"
check dedupe-near-crowded "--near on 20,000 templated lines: in linear time, each line's near copy dropped, the lines alike kept" \
	"timeout 600 /usr/bin/time -f %U -o cpu $D --near alike.txt > out && test \$(wc -l < out) = 10000 && ! grep -q again out &&
	 awk -v sanitize=\"$SANITIZE\" '{ exit !(\$1 < (sanitize == 1 ? 45 : 15)) }' cpu"
check dedupe-near-quality "--near on generated articles: precision >= 0.99 and recall >= 0.95 against brute-force Jaccard" \
	"$BUILD/tests/gen-corpus -m 1 -s 3 > art.tsv &&
	 $D -F tsv -f 5 -i --strip-punct --near --mark art.tsv > marks &&
	 python3 $TOP/tests/bench/near_quality.py art.tsv marks 400 0.8 > q && cat q &&
	 awk '/precision/ { if (\$2 < 0.99 || \$6 < 0.95) exit 1 }' q"
run_case dedupe-near-bands 2 "--bands must divide --hashes" "$D --near --hashes=100 --bands=32 < /dev/null"
check dedupe-near-state-days "--near with --state: days 1..3 one at a time = the three days in one run" \
	"$BUILD/tests/gen-corpus -m 1 -s 5 > nd.tsv && head -n 300 nd.tsv > nd1 && sed -n '301,600p' nd.tsv > nd2 && tail -n +601 nd.tsv > nd3 &&
	 for d in nd1 nd2 nd3; do $D -F tsv -f 5 -i --strip-punct --near --state=near.state \$d; done > daily &&
	 cat nd1 nd2 nd3 | $D -F tsv -f 5 -i --strip-punct --near > once && cmp daily once &&
	 test \$(wc -l < once) -lt \$(wc -l < nd.tsv)"
run_case dedupe-near-state-mark 0 "--near --state --mark: a near copy of an earlier run's record is marked 0" \
	"head -n 3 near.tsv > n1 && { head -n 1 near.tsv; tail -n 1 near.tsv; } > n2 &&
	 $D -F tsv -H -f text -i --near --state=m.state n1 > /dev/null && $D -F tsv -H -f text -i --near --state=m.state --mark n2"
run_case dedupe-near-state-mismatch 2 "a --near state used with another threshold is a usage error naming both" \
	"$D -i --near --state=t.state < near.tsv > /dev/null && $D -i --near=0.9 --state=t.state < near.tsv"
check dedupe-near-merge-state "--merge-state of two --near states: near copies of records of either are dropped" \
	"sed -n 2p near.tsv > a1 && sed -n 5p near.tsv > a2 && sed -n 4p near.tsv > b1 &&
	 $D -F tsv -f 2 -i --near --state=a.state a1 > /dev/null && $D -F tsv -f 2 -i --near --state=b.state b1 > /dev/null &&
	 $D --merge-state -o ab.state a.state b.state &&
	 cat a2 b1 | $D -F tsv -f 2 -i --near --state=ab.state --state-readonly > left && test ! -s left &&
	 cat a2 b1 | $D -F tsv -f 2 -i --near --state=a.state --state-readonly > left && test \$(wc -l < left) = 1"

# ---- --near --keep=longest, --explain, and the stages (rill-dedupe(1), STAGES) ----------
run_case dedupe-near-longest 0 "--near --keep=longest: the longest of near copies is kept, written where it came" \
	"$D -F tsv -H -f text -i --near --shingle=2 --keep=longest near.tsv"
run_case dedupe-near-longest-mark 0 "--near --keep=longest --mark --similarity: each record's longer kept copy" \
	"$D -F tsv -H -f text -i --near --shingle=2 --keep=longest --mark --similarity near.tsv"
run_case dedupe-near-keep-last 2 "--near --keep=last is a usage error" "$D --near --keep=last < /dev/null"
run_case dedupe-near-explain 0 "--near --explain: bands, rows and the chance of comparing a pair, input unread" \
	"$D --near --explain /nonexistent"
run_case dedupe-near-explain-bands 0 "--near=0.5 --hashes=128 --bands=64 --explain" \
	"$D --near=0.5 --hashes=128 --bands=64 --explain"
run_case dedupe-near-stats-lsh 0 "--near --stats: the bands, rows and chances as an object" \
	"$D -F tsv -H -f text -i --near --stats=s near.tsv > /dev/null && sed 's/.*\"lsh\": \\({.*}}\\).*/\\1/' s"
N="-F tsv -H -f text -i --near --shingle=2 --hashes=16 --bands=4"
run_case dedupe-stage-bands 0 "--stage=bands: band lines (key, rank) and a shingle line per record" \
	"$D $N --stage=bands near.tsv"
run_case dedupe-stage-bands-longest 0 "--stage=bands --keep=longest: ranks carry the length" \
	"$D $N --keep=longest --stage=bands near.tsv | sed -n '1p;5p'"
run_case dedupe-stage-buckets 0 "--stage=buckets: member lines of buckets of two or more, shingle lines through" \
	"$D $N --stage=bands near.tsv | $D $N --stage=buckets | LC_ALL=C sort"
run_case dedupe-stage-candidates 0 "--stage=candidates: each member's set once a group" \
	"$D $N --stage=bands near.tsv | $D $N --stage=buckets | $D $N --stage=candidates | LC_ALL=C sort"
run_case dedupe-stage-pairs 0 "--stage=pairs: near pairs, later first" \
	"$D $N --stage=bands near.tsv | $D $N --stage=buckets | $D $N --stage=candidates | $D $N --stage=pairs | LC_ALL=C sort"
run_case dedupe-stage-decide 0 "--stage=decide: drop lines (record, witness, similarity) and the last line" \
	"$D $N --stage=bands near.tsv | $D $N --stage=buckets | $D $N --stage=candidates | $D $N --stage=pairs |
	 LC_ALL=C sort | $D $N --stage=decide"
run_case dedupe-stage-filter 0 "--stage=filter --mark --similarity: as one run's --mark (header kept)" \
	"$D $N --stage=bands near.tsv | $D $N --stage=buckets | $D $N --stage=candidates | $D $N --stage=pairs |
	 LC_ALL=C sort | $D $N --stage=decide > drops && $D $N --stage=filter --drops=drops --mark --similarity near.tsv > many &&
	 $D $N --mark --similarity near.tsv | cmp - many && cat many"
run_case dedupe-stage-clusters 0 "--stage=pairs --clusters and --stage=decide --clusters: record and root" \
	"$D $N --stage=bands near.tsv | $D $N --stage=buckets | $D $N --stage=candidates |
	 $D $N --stage=pairs --clusters | $D $N --stage=decide --clusters"
run_case dedupe-stage-index 0 "--stage=index: the kept records' lines as an earlier run's" \
	"$D $N --stage=bands near.tsv > b && $D $N --stage=buckets b | $D $N --stage=candidates | $D $N --stage=pairs |
	 LC_ALL=C sort | $D $N --stage=decide > drops && $D $N --stage=index --drops=drops --run=2026-11-24 b"
run_case dedupe-stage-empty 0 "every stage on empty input: nothing, and decide's last line" \
	"for s in bands buckets candidates pairs; do $D --near --stage=\$s < /dev/null; done &&
	 $D --near --stage=decide < /dev/null && $D --near --stage=decide --clusters < /dev/null"
run_case dedupe-stage-crlf 0 "stage lines with CR LF and no last newline read as the same lines" \
	"$D $N --stage=bands near.tsv | sed 's/\$/\\r/' | head -c -2 | $D $N --stage=buckets | LC_ALL=C sort |
	 cmp - \$(printf '%s' $GOLDEN/dedupe-stage-buckets.out) && echo same"
run_case dedupe-stage-unsorted 1 "--stage=decide on pairs out of order: an error, sort first" \
	"printf '10000000000000005\t10000000000000001\t0.9\n10000000000000004\t10000000000000001\t0.9\n' | $D --near --stage=decide"
run_case dedupe-stage-pair-order 1 "--stage=decide: a pair whose earlier record is not earlier" \
	"printf '10000000000000001\t10000000000000005\t0.9\n' | $D --near --stage=decide"
run_case dedupe-stage-settings 1 "--stage=candidates refuses shingle lines made with another --shingle" \
	"$D $N --stage=bands near.tsv | $D $N --stage=buckets | $D -F tsv -H -f text -i --near --hashes=16 --bands=4 --stage=candidates"
run_case dedupe-stage-keep-mismatch 1 "a stage told --keep=longest given ranks of --keep=first" \
	"$D $N --stage=bands near.tsv | $D $N --keep=longest --stage=buckets"
run_case dedupe-stage-no-shingles 1 "--stage=candidates: a member without its shingle line" \
	"$D $N --stage=bands near.tsv | $D $N --stage=buckets | grep '	m	' | $D $N --stage=candidates"
run_case dedupe-stage-twice 1 "--stage=buckets: one bands output given twice" \
	"$D $N --stage=bands near.tsv > b && cat b b | $D $N --stage=buckets"
run_case dedupe-stage-overlap 1 "--stage=candidates: shards that overlap give two shingle lines for a record" \
	"{ $D $N --stage=bands --shard=1/2 near.tsv; $D $N --stage=bands --shard=1/2 near.tsv | grep '	s	'; } |
	 $D $N --stage=buckets | $D $N --stage=candidates"
run_case dedupe-stage-records 1 "--stage=buckets given records, not band lines" "$D --near --stage=buckets near.tsv"
run_case dedupe-stage-upper-hex 1 "--stage=buckets: an upper-case key is not one a stage wrote" \
	"printf '7CB929F2B2FBD671\t10000000000000001\n' | $D --near --stage=buckets"
run_case dedupe-stage-bad-set 1 "--stage=pairs: a shingle set out of order" \
	"printf '%032d\t10000000000000001\t00000002 00000001\n' 0 | $D --near --stage=pairs"
run_case dedupe-stage-nul 1 "--stage=pairs: a NUL byte in a line" \
	"printf '%032d\t1000000000000000\0001\t00000001\n' 0 | $D --near --stage=pairs"
run_case dedupe-stage-similarity 1 "--stage=decide: a similarity that is not a number from 0 to 1" \
	"printf '10000000000000002\t10000000000000001\t1.5\n' | $D --near --stage=decide"
run_case dedupe-stage-not-final 1 "--stage=filter refuses drops that are not final" \
	"printf '# not final: 1 records to recheck\n' > d && $D --near --stage=filter --drops=d < /dev/null"
run_case dedupe-stage-cut-short 1 "--stage=filter refuses drops without their last line (cut short)" \
	"printf '10000000000000002\t10000000000000001\t1\n' > d && $D --near --stage=filter --drops=d < /dev/null"
run_case dedupe-stage-after-last 1 "--stage=filter: a line after the last line of a decide output" \
	"printf '# final\n10000000000000002\t10000000000000001\t1\n' > d && $D --near --stage=filter --drops=d < /dev/null"
run_case dedupe-stage-clusters-mixed 1 "--stage=decide --clusters refuses the pairs of the greedy walk" \
	"printf '10000000000000002\t10000000000000001\t1\n' | $D --near --stage=decide --clusters"
run_case dedupe-stage-greedy-mixed 1 "--stage=decide refuses --clusters' pairs" \
	"printf '10000000000000002\t10000000000000001\t1\tc\n' | $D --near --stage=decide"
run_case dedupe-stage-clusters-similarity 2 "--stage=filter --similarity: clusters' drops measure none" \
	"printf '10000000000000002\t10000000000000001\n# final\n' > d && $D --near --stage=filter --mark --similarity --drops=d < /dev/null"
run_case dedupe-stage-id 1 "--stage=bands --id: a record whose id is not a number" \
	"printf 'x\tsome text here\n' | $D -F tsv -f 2 --near --stage=bands --id=1"
run_case dedupe-stage-id-filter 0 "--stage=filter --id: records found by their id, in any order" \
	"printf '3\tb\n2\ta\n1\tc\n' > r && printf '10000000000000002\t10000000000000001\t1\n# final\n' > d &&
	 $D -F tsv -f 2 --near --stage=filter --id=1 --mark --drops=d r"
run_case dedupe-stage-full 1 "--stage=bands to a full disk: an error" \
	"$D $N --stage=bands near.tsv > /dev/full"
for bad in "--stage=bands" "--near --shard=1/2" "--near --stage=filter" "--near --stage=pairs --clusters --drops=x" \
	   "--near --stage=bands --mark" "--near --stage=index --drops=x" "--near --run=x" "--near --shard=3/2 --stage=bands" \
	   "--near --stage=bands --state=s" "--near --stage=decide --drops=x" "--explain" "--near --stage=bands --unit=lines"; do
	name=$(printf '%s' "$bad" | tr -c 'a-z0-9\n' '-' | tr -s '-')
	run_case "dedupe-stage-usage$name" 2 "$bad is a usage error" "$D $bad < /dev/null"
done

printf 'The city council voted on Tuesday to close the main road to traffic for six months while engineers repair the old bridge.\nSubscribe now. The city council voted on Tuesday to close the main road to traffic for six months while engineers repair the old bridge. Share this story on Facebook and Twitter.\nA new museum of modern art opened its doors in the harbour district on Saturday.\n' >"$SCRATCH/contain.txt"
run_case dedupe-containment 0 "--containment=0.6: a copy with extra chrome (18 of 27 shingles seen) is dropped" \
	"$D --containment=0.6 contain.txt"
run_case dedupe-containment-strict 0 "--containment=0.8 keeps it (0.67 < 0.8)" \
	"$D --containment=0.8 contain.txt"
run_case dedupe-containment-near 2 "--containment with --near is a usage error" "$D --containment=0.5 --near < /dev/null"
check dedupe-containment-state-days "--containment with --state: days one at a time = all days in one run" \
	"$BUILD/tests/gen-corpus -m 1 -s 21 > cd.tsv && head -n 250 cd.tsv > cd1 && sed -n '251,500p' cd.tsv > cd2 && tail -n +501 cd.tsv > cd3 &&
	 for d in cd1 cd2 cd3; do $D -F tsv -f 5 -i --containment=0.8 --state=cs.state \$d; done > daily &&
	 cat cd1 cd2 cd3 | $D -F tsv -f 5 -i --containment=0.8 > once && cmp daily once && test \$(wc -l < once) -lt \$(wc -l < cd.tsv)"

# The plain dedupe on several threads (keys made on workers, decided in input
# order): what one thread writes, with keys repeated across batches, CR LF, a
# header, -i, two files, --to=csv, a state of earlier keys.
awk 'BEGIN { for (i = 0; i < 80000; i++) printf "%d\t%s story %d\t%s\r\n", i % 50000, (i % 3 ? "the" : "The"), i % 40000, (i % 5 ? "x" : "y") }' >"$SCRATCH/many.tsv"
awk 'BEGIN { print "id\ttitle"; for (i = 0; i < 40000; i++) printf "%d\ttitle %d\n", i, i % 25000 }' >"$SCRATCH/many-h.tsv"
head -n 30000 "$SCRATCH/many.tsv" >"$SCRATCH/day1.tsv"
k=0
for mode in "many.tsv" "-F tsv -f 2 -i many.tsv" "-F tsv -H -f title many-h.tsv many-h.tsv" \
	    "-F tsv -f 1 --to=csv many.tsv" "-F tsv -f 2 --state=day1.state --state-readonly many.tsv"; do
	k=$((k + 1))
	check dedupe-threads-$k "--threads=3 keeps what --threads=1 does: $mode" \
		"$D -F tsv -f 2 --state=day1.state day1.tsv > /dev/null && $D --threads=1 $mode > one && $D --threads=3 $mode > three && cmp one three && test -s one"
done
