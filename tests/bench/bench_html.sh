# Sourced by tests/bench/run.sh: --html on generated news pages (gen-corpus
# -f pages: about 110 KB each, head scripts and styles, a mega-menu, the
# article, a rail, comments, a footer, hydration JSON), one core.  The
# target is under 1 ms a page (trafilatura's own leaderboard: about 94 ms).
# For comparison, the same pages read as TSV without --html, and gzip's
# decompression of them.
HTML_MB=${HTML_MB:-50}
pages="$dir/pages-$HTML_MB.tsv"
[ -s "$pages" ] || "$GEN" -m "$HTML_MB" -f pages >"$pages"
pagebytes=$(wc -c <"$pages")
npages=$(wc -l <"$pages")
perpage() {
	awk -v t="$LAST" -v n="$npages" 'BEGIN { printf "  %-44s %8.3f ms a page\n", "", 1000 * t / n }'
}
header "Web pages ($npages pages of $((pagebytes / npages / 1024)) KB): target under 1 ms a page on one core"
row "rill-cat -F tsv -f 3 (no --html)" "$pagebytes" "$CAT -F tsv -f 3 $pages >/dev/null"
ref=$LAST
row "rill-cat -F tsv -f 3 --html=text" "$pagebytes" "$CAT -F tsv -f 3 --html=text $pages >/dev/null" "$ref"
perpage
row "rill-cat -F tsv -f 3 --html=main" "$pagebytes" "$CAT -F tsv -f 3 --html=main $pages >/dev/null" "$ref"
perpage
# Instructions a page (callgrind), which a loaded machine does not change:
# the first 40 pages, in both modes, less the run without --html.
if command -v valgrind >/dev/null 2>&1; then
	head -n 40 "$pages" >"$dir/pages-40.tsv"
	instructions() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" "$dir/pages-40.tsv" 2>&1 >/dev/null |
			awk '/Collected :/ { print $NF }'
	}
	plain=$(instructions "$CAT" -F tsv -f 3)
	for mode in main text; do
		all=$(instructions "$CAT" -F tsv -f 3 --html=$mode)
		awk -v m="$mode" -v a="$all" -v p="$plain" 'BEGIN {
			printf "  %-44s %8.2f M instructions a page (%.2f M beyond reading the TSV)\n",
			       "  --html=" m " (callgrind, 40 pages)", a / 40e6, (a - p) / 40e6 }'
	done
fi
row "rill-split --threads=1 --html=main -b sentences" "$pagebytes" \
	"$BIN/rill-split --threads=1 -F tsv -f 3 --html=main -b sentences $pages | wc -l" "$ref"
perpage

# The same pages as a crawl holds them: a WARC response each, a gzip member
# per record, through the issue's two commands (rill-dedupe --near on the
# articles, rill-tag with a lexicon of organisations, spans).
warc="$dir/pages-$HTML_MB.warc.gz"
[ -s "$warc" ] || python3 tests/bench/pages-warc.py "$pages" "$warc"
orgs="$dir/orgs.tsv"
printf '%s\torg\n' "United Nations" "European Commission" "World Health Organization" "Bank of England" \
	"Home Office" "Treasury" "Met Office" "IMF" "Siemens" "Volkswagen" "Unilever" "Nestlé" \
	"Microsoft" "Amazon" "Google" "Cambridge Analytica" >"$orgs"
row "rill-dedupe -F warc -f payload --html=main --near" "$pagebytes" \
	"$BIN/rill-dedupe -F warc -f payload --html=main --near $warc | wc -l" "$ref"
perpage
row "rill-tag -F warc -f payload --html=main -l orgs --spans" "$pagebytes" \
	"$BIN/rill-tag -F warc -f payload --html=main -l $orgs --spans $warc | wc -l" "$ref"
perpage
echo
echo "Article extraction quality (tests/cli/html/score.py, 4-gram shingle F1 averaged over pages):"
for set in dev heldout heldout2 heldout3 heldout4; do
	for mode in text main; do
		echo "  $set: $(python3 tests/cli/html/score.py "$CAT" $mode tests/cli/html/$set)"
	done
done
