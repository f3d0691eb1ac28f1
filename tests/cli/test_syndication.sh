#!/bin/sh
# End-to-end cases of the README's syndication recipes: paragraphs that a
# reader sees as the same (a copy with straight quotes for curly ones,
# no-break spaces for spaces) are one key; what a copy rewrote is kept;
# --containment --mark says which earlier story each one copies.
# data/syndication/ holds an article and a syndicated copy of it, a day of
# wire stories and their copies, written for these tests, and --state files
# written by rill before keys folded spaces (with the recipe's settings, and
# with --normalize=none).
. "$(dirname "$0")/lib.sh"
D="$BIN/rill-dedupe"
R="-F doc --unit=paragraphs -i --strip-punct --min-len=20"

run_case dedupe-syndication-recipe 0 "the recipe removes the copy's four shared paragraphs (quotes, no-break spaces) and nothing else" \
	"cd $DATA/syndication && $D $R riverside.txt riverside-copy.txt"
run_case dedupe-syndication-normalize-none 0 "--normalize=none: paragraphs with no-break spaces stay apart" \
	"cd $DATA/syndication && $D $R --normalize=none riverside.txt riverside-copy.txt"
# Every Zs space separator, then the default ignorables: one key under NFC and NFKC, all apart under none.
printf 'the council\nthe\302\240council\nthe\342\200\257council\nthe\342\200\211council\nthe\343\200\200council\nthe\341\232\200council\nthe c\302\255ouncil\nthe \342\200\213council\nthe co\342\200\215uncil\n\357\273\277the council\nthe council\342\201\240\n' >"$SCRATCH/spaces.txt"
run_case dedupe-keys-spaces-nfc 0 "NFC keys: no-break, narrow, thin, ideographic, ogham space are U+0020; ZWSP, ZWJ, soft hyphen, BOM, word joiner left out" \
	"$D -c spaces.txt"
run_case dedupe-keys-spaces-nfkc 0 "NFKC keys fold them the same" \
	"$D -c --normalize=nfkc spaces.txt"
run_case dedupe-keys-spaces-none 0 "--normalize=none keeps every one apart" \
	"$D -c --normalize=none spaces.txt"
run_case count-keys-spaces 0 "rill-count's keys fold them too" \
	"$BIN/rill-count -f 1 spaces.txt"
run_case dedupe-state-before-fold 2 "a --state written before keys folded spaces is refused, naming the setting" \
	"cp $DATA/syndication/pre-fold.state p.state && $D $R --state=p.state $DATA/syndication/riverside-copy.txt"
run_case dedupe-state-before-fold-none 0 "... but one written then with --normalize=none is read: its keys did not change" \
	"cp $DATA/syndication/pre-fold-none.state n.state && cd $DATA/syndication && $D -F doc --normalize=none --state=$SCRATCH/n.state riverside.txt riverside-copy.txt | cut -f 1"

# ---- which stories were syndicated: --containment --mark -------------------------
W="-F tsv -H -f text -i --strip-punct --containment=0.5"
run_case dedupe-syndication-mark 0 "--containment --mark --similarity: the story each copies (its own number if none) and the fraction shared" \
	"$D $W --mark --similarity $DATA/syndication/wire.tsv | cut -f 1,2,4,5"
check dedupe-syndication-mark-is-drop "the records --mark says copy another are those --containment drops" \
	"$D $W --mark $DATA/syndication/wire.tsv | awk -F '\t' 'NR > 1 && \$NF == NR - 1 { print \$1 }' > marked &&
	 $D $W $DATA/syndication/wire.tsv | awk -F '\t' 'NR > 1 { print \$1 }' > kept && cmp marked kept &&
	 test \$(wc -l < kept) -eq 4"
run_case dedupe-syndication-mark-state 0 "--state: a copy of an earlier run's story is marked 0" \
	"head -n 4 $DATA/syndication/wire.tsv > day1 && { head -n 1 day1; tail -n +5 $DATA/syndication/wire.tsv; } > day2 &&
	 $D $W --state=w.state day1 > /dev/null && $D $W --state=w.state --mark --similarity day2 | cut -f 1,2,4,5"
run_case dedupe-syndication-similarity-alone 2 "--similarity needs --mark" "$D --containment=0.5 --similarity < /dev/null"
run_case dedupe-syndication-hashes 2 "--hashes goes with --near only" "$D --containment=0.5 --hashes=64 < /dev/null"
