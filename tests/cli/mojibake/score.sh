#!/bin/sh
# Scores rill's mojibake detector and repair on a set made by damage.py.
# Usage: score.sh RILL_TAG RILL_CAT SET.tsv [--errors]
# Prints: detection precision, recall and false alarms (legitimate texts
# flagged), and the share of damaged texts repaired to exactly the text
# intended, and of legitimate texts the repair changed.
set -eu
tag=$1 cat=$2 set=$3 errors=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$tag" -F tsv -f 4 -t mojibake "$set" | cut -f 5 > "$tmp/tags"
cut -f 4 "$set" | "$cat" --repair=mojibake > "$tmp/repaired"
paste "$set" "$tmp/tags" "$tmp/repaired" | awk -F '\t' -v errors="$errors" '
	{
		flagged = $5 ~ /(^|,)mojibake(,|$)/
		exact = $6 == $3
		if ($1 == "damaged") {
			damaged++; found += flagged; repaired += exact
			if (errors && !flagged) print "MISSED " $2 ": " $4 > "/dev/stderr"
			else if (errors && !exact) print "WRONG  " $2 ": " $4 " -> " $6 > "/dev/stderr"
		} else {
			legit++; alarms += flagged; changed += !exact
			if (errors && flagged) print "ALARM  " $2 ": " $4 > "/dev/stderr"
			if (errors && !exact) print "CHANGED " $2 ": " $4 " -> " $6 > "/dev/stderr"
		}
	}
	END {
		p = found + alarms ? found / (found + alarms) : 0
		printf "detection precision %.3f recall %.3f (%d of %d damaged found, %d of %d legitimate flagged)\n",
			p, damaged ? found / damaged : 0, found, damaged, alarms, legit
		printf "repair exact %.3f (%d of %d damaged), legitimate changed %d of %d\n",
			damaged ? repaired / damaged : 0, repaired, damaged, changed, legit
	}'
