#!/bin/sh
# End-to-end cases of rill-cat's own options (--count, --key, --hash), the
# README's repair recipe, and rill-cat as an installed tool (the rill
# command, completion).  The formats and common options it shares with
# every tool are tested through it in test_library.sh and test_repair.sh.
. "$(dirname "$0")/lib.sh"
C="$BIN/rill-cat"
D="$DATA/damaged.txt"

# A day's articles, some of them damaged, as TSV with a header.
awk 'BEGIN { print "id\ttext" } { print NR "\t" $0 }' "$D" >"$SCRATCH/day.tsv"
gzip -c <"$SCRATCH/day.tsv" >"$SCRATCH/day.tsv.gz"

run_case cat-repair-recipe 0 "rill-cat --repair=mojibake day.tsv.gz -o fixed.tsv.gz: the archive mended, still gzip" \
	"$C --repair=mojibake day.tsv.gz -o fixed.tsv.gz && gzip -t fixed.tsv.gz && zcat fixed.tsv.gz"
check cat-repair-recipe-as-tsv "... the same bytes as reading it as TSV with its header" \
	"$C --repair=mojibake day.tsv.gz -o fixed.tsv.gz && zcat fixed.tsv.gz > a &&
	 $C -F tsv -H --repair=mojibake day.tsv.gz > b && cmp a b"
check cat-repair-recipe-idempotent "... and repairing the repaired file changes nothing" \
	"$C --repair=mojibake day.tsv.gz -o fixed.tsv.gz && $C --repair=mojibake --stats=st fixed.tsv.gz > again &&
	 zcat fixed.tsv.gz | cmp - again && grep -q '\"records_repaired\": 0' st"

run_case cat-count 0 "--count: the records of all the files, one number" \
	"$C --count day.tsv day.tsv.gz"
run_case cat-count-header 0 "--count -H: the header is not counted" "$C -F tsv -H --count day.tsv"
run_case cat-count-jsonl 0 "--count into JSON Lines: an object" "$C --count --to=jsonl day.tsv"
run_case cat-count-empty 0 "--count of nothing is 0" "$C --count < /dev/null"
run_case cat-count-repair-stats 0 "--count --repair --stats: the records, and how many were damaged" \
	"$C --count --repair=mojibake --stats=st day.tsv.gz && grep -o '\"records_[a-z]*\": [0-9]*' st"
run_case cat-count-bad-input 1 "--count checks what it reads: a truncated gzip file is an error" \
	"head -c 100 day.tsv.gz > cut.gz; $C --count cut.gz"
run_case cat-key-fields 0 "--key -f: two fields joined by U+001F, folded by -i" \
	"printf 'A\\tStra\\303\\237e\\tx\\n' | $C -F tsv -f 2,1 --key -i | od -c"
run_case cat-hash 0 "--hash: the key's 128-bit hash in hex; -i makes case-variants one hash" \
	"printf 'Caf\\303\\251\\nCAF\\303\\211\\n' | $C --hash; printf 'Caf\\303\\251\\nCAF\\303\\211\\n' | $C --hash -i"
check cat-hash-is-dedupe-key "--hash is equal exactly where rill-dedupe takes records for the same" \
	"printf 'a  b\\nA B\\n\\342\\200\\234a b\\342\\200\\235\\nc\\n' > k.txt &&
	 $C --hash -i --squeeze --strip-punct k.txt | sort -u | wc -l > n1 &&
	 $BIN/rill-dedupe -i --squeeze --strip-punct k.txt | wc -l > n2 && cmp n1 n2 && test \$(cat n1) = 2"
run_case cat-two-modes 2 "--count with --key (or --hash) is a usage error" "$C --count --key day.tsv"

check cat-rill-command "rill cat runs rill-cat; rill --help lists it" \
	"$BIN/rill cat --count day.tsv | grep -qx 11 && $BIN/rill --help | grep -q '^  cat  '"
check cat-completion "bash completion offers rill-cat's options and --repair's value" \
	"bash -c '. $TOP/tools/completion/rill.bash; COMP_WORDS=($C --co); COMP_CWORD=1; _rill_complete $C;
	 printf \"%s\\n\" \"\${COMPREPLY[@]}\"; COMP_WORDS=($C --repair=m); _rill_complete $C; printf \"%s\\n\" \"\${COMPREPLY[@]}\"' > words &&
	 grep -qx -- '--count' words && grep -qx -- '--repair=mojibake' words"
