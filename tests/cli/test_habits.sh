#!/bin/sh
# What a new user trips on: habits from coreutils, awk, grep and Miller
# that meet rill's options, and the mistakes that must never give a
# silent wrong answer.  The README's "Common mistakes" section is this
# file in prose.
. "$(dirname "$0")/lib.sh"
A="$DATA/articles.tsv"

# ---- fields of a one-field format ------------------------------------------
run_case count-lines-field-past-one 2 "-f 3 on -F lines (no -F tsv) is a usage error, not empty keys" \
	"$BIN/rill-count -f 3 $A"
run_case count-lines-delim-field 2 "-d ';' -f 2 without -F csv: the same error" \
	"printf 'a;b\n' | $BIN/rill-count -d ';' -f 2"
run_case split-para-field-range 2 "a range past field 1 on -F para is refused" \
	"$BIN/rill-split -F para -f 2- -b sentences $DATA/page.txt"
run_case dedupe-lines-field-one 0 "-f 1 on lines is the whole line: fine" \
	"printf 'a\na\nb\n' | $BIN/rill-dedupe -f 1"
run_case join-lines-key-past-one 2 "rill-join -1 2 on lines input is refused too" \
	"$BIN/rill-join -1 2 $A $DATA/outlets.tsv"
run_case split-lines-key-past-one 2 "rill-split --key=3 without -F tsv is refused" \
	"$BIN/rill-split --into='%k.txt' --key=3 $A"
run_case count-one-field-header-tab 2 "a name on a one-field header with a TAB in it suggests -F tsv" \
	"$BIN/rill-count -H -f text $A"
run_case count-one-field-header-semicolon 2 "a header holding ';' suggests -F csv -d ';'" \
	"printf 'a;b\n1;2\n' | $BIN/rill-count -H -f b"

# ---- field names ----------------------------------------------------------
run_case count-name-closest 2 "a wrong name lists the header's names and the closest one" \
	"$BIN/rill-count -F tsv -H -f titel $A"
run_case count-name-case 2 "a name in the wrong case: the closest match is the right case" \
	"$BIN/rill-count -F tsv -H -f TEXT $A"
run_case count-name-far 2 "a name like none: no guess, the names listed" \
	"$BIN/rill-count -F tsv -H -f outlet $A"
run_case count-name-hostile-header 2 "control characters of a header are shown escaped" \
	"printf 'id\tti\033[2Jtle\n' | $BIN/rill-count -F tsv -H -f title"

# ---- -F is not awk's separator ---------------------------------------------
run_case count-format-comma 2 "-F, answers: use -d for a delimiter, -F csv" \
	"$BIN/rill-count -F, -f 2 $A"
run_case count-format-tab-escape 2 "-F '\\\\t' (a backslash and t) answers: -F tsv" \
	"$BIN/rill-count -F '\\t' -f 2 $A"
run_case count-format-tab 2 "-F with a real TAB answers the same" \
	"$BIN/rill-count -F \"\$(printf '\\t')\" -f 2 $A"
run_case count-format-semicolon 2 "-F ';' answers: -F csv -d ';'" \
	"$BIN/rill-count -F ';' -f 2 $A"
run_case split-to-comma 2 "--to=, answers the same for the output format" \
	"$BIN/rill-split -b words --to=, $A"
