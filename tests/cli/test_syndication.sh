#!/bin/sh
# End-to-end cases of the README's syndication recipe: paragraphs that a
# reader sees as the same (a copy with straight quotes for curly ones,
# no-break spaces for spaces) are one key; what a copy rewrote is kept.
# data/syndication/ holds an article and a syndicated copy of it written
# for these tests, and --state files written by rill before keys folded
# spaces (with the recipe's settings, and with --normalize=none).
. "$(dirname "$0")/lib.sh"
D="$BIN/rill-dedupe"
R="-F doc --unit=paragraphs -i --strip-punct --min-len=20"

run_case syndication-recipe 0 "the recipe removes the copy's four shared paragraphs (quotes, no-break spaces) and nothing else" \
	"cd $DATA/syndication && $D $R riverside.txt riverside-copy.txt"
run_case syndication-normalize-none 0 "--normalize=none: paragraphs with no-break spaces stay apart" \
	"cd $DATA/syndication && $D $R --normalize=none riverside.txt riverside-copy.txt"
# Every Zs space separator, then the default ignorables: one key under NFC and NFKC, all apart under none.
printf 'the council\nthe\302\240council\nthe\342\200\257council\nthe\342\200\211council\nthe\343\200\200council\nthe\341\232\200council\nthe c\302\255ouncil\nthe \342\200\213council\nthe co\342\200\215uncil\n\357\273\277the council\nthe council\342\201\240\n' >"$SCRATCH/spaces.txt"
run_case keys-spaces-nfc 0 "NFC keys: no-break, narrow, thin, ideographic, ogham space are U+0020; ZWSP, ZWJ, soft hyphen, BOM, word joiner left out" \
	"$D -c spaces.txt"
run_case keys-spaces-nfkc 0 "NFKC keys fold them the same" \
	"$D -c --normalize=nfkc spaces.txt"
run_case keys-spaces-none 0 "--normalize=none keeps every one apart" \
	"$D -c --normalize=none spaces.txt"
run_case keys-spaces-count 0 "rill-count's keys fold them too" \
	"$BIN/rill-count -f 1 spaces.txt"
run_case state-before-fold 2 "a --state written before keys folded spaces is refused, naming the setting" \
	"cp $DATA/syndication/pre-fold.state p.state && $D $R --state=p.state $DATA/syndication/riverside-copy.txt"
run_case state-before-fold-none 0 "... but one written then with --normalize=none is read: its keys did not change" \
	"cp $DATA/syndication/pre-fold-none.state n.state && cd $DATA/syndication && $D -F doc --normalize=none --state=$SCRATCH/n.state riverside.txt riverside-copy.txt | cut -f 1"
