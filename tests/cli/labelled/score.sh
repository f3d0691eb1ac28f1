#!/bin/sh
# Precision and recall of rill-tag's quote and boilerplate detectors on
# a labelled set.  Usage: score.sh RILL_TAG FILE.tsv [--errors]
# Prints one line per detector: NAME precision P recall R (TP FP FN).
set -eu
tag=$1
grep -v '^#' "$2" |
	"$tag" -F tsv -f 3 -t quote,boilerplate |
	awk -F '\t' -v errors="${3:-}" '
	function judge(name, col, got) {
		truth = $col == 1
		if (got && truth) tp[name]++
		else if (got) { fp[name]++; if (errors) print "FP " name ": " $3 > "/dev/stderr" }
		else if (truth) { fn[name]++; if (errors) print "FN " name ": " $3 > "/dev/stderr" }
	}
	{
		n = split($4, tags, ",")
		q = b = 0
		for (i = 1; i <= n; i++) { q = q || tags[i] == "quote"; b = b || tags[i] == "boilerplate" }
		judge("boilerplate", 1, b)
		judge("quote", 2, q)
	}
	END {
		split("boilerplate quote", names, " ")
		for (k = 1; k <= 2; k++) {
			m = names[k]
			p = tp[m] + fp[m] ? tp[m] / (tp[m] + fp[m]) : 0
			r = tp[m] + fn[m] ? tp[m] / (tp[m] + fn[m]) : 0
			printf "%s precision %.3f recall %.3f (%d TP, %d FP, %d FN)\n", m, p, r, tp[m], fp[m], fn[m]
		}
	}'
