#!/bin/sh
# make demo: generates a small news-like archive (deterministic, built by
# the project's own generator, with syndicated copies, quotes and site
# boilerplate) and answers questions about it with rill pipelines.
set -e
: "${BIN:=bin}" "${BUILD:=build/cc}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
PATH="$top/$BIN:$PATH"
dir=build/demo
mkdir -p "$dir"
archive="$dir/news-2018-03.tsv.gz"
"$BUILD/tests/gen-corpus" -m 2 -s 7 | gzip -c >"$archive"
echo "Sample archive: $archive ($(wc -c <"$archive") bytes of gzip: id, date, source, title, text)"

show() {
	echo
	echo "# $1"
	echo "\$ $2"
	sh -c "$2"
}

show "How big is it?" \
	"rill-count --labels $archive"
show "Which outlets published most?" \
	"rill-count -F tsv -f 3 --percent $archive"
show "How often are stories syndicated? (copies of one title and text; how many stories)" \
	"rill-dedupe -F tsv -f 4,5 -c $archive | rill-count -F tsv -f 1"
show "Which stories were syndicated most, and where?" \
	"rill-dedupe -F tsv -f 4,5 -c $archive | sort -t '	' -k1,1nr | head -n 2 | cut -f 1,4,5 | cut -c 1-80"
show "How much of the text is boilerplate or syndicated paragraphs? (removed in place, CCNet-style)" \
	"rill-dedupe -F tsv -f 5 --unit=paragraphs -i --strip-punct --min-len=20 --stats=$dir/units.json $archive > $dir/clean.tsv;
	 rill-count --labels $archive $dir/clean.tsv; grep -o '\"units_removed\": [0-9]*' $dir/units.json"
show "Which quotes travel furthest? (the quote detector: quoted speech, not scare quotes)" \
	"rill-tag -F tsv -f 5 -t quote --spans $archive | rill-count -F tsv -f 5 --top=3 | cut -c 1-100"
show "Which paragraphs are site chrome? (the boilerplate detector, judged line by line)" \
	"rill-split -F tsv -f 5 -b paragraphs $archive | rill-tag -t boilerplate --only=boilerplate | rill-count -f 1 --top=4"
cat >"$dir/orgs.tsv" <<'LEXICON'
# a small lexicon of organisations, PHRASE<TAB>TAG
Facebook	ORG
Twitter	ORG
Google	ORG
Amazon	ORG
Microsoft	ORG
Unilever	ORG
Volkswagen	ORG
Siemens	ORG
Nestlé	ORG
Reuters	ORG
Cambridge Analytica	ORG
European Commission	ORG
World Health Organization	ORG
United Nations	ORG
Bank of England	ORG
LEXICON
printf 'dailyherald.example\tHerald Group\tUK\nle-journal.example\tGroupe Presse\tFR\nglobaltimes.example\tGT Media\tUS\n' >"$dir/outlets.tsv"
show "Which organisations are named most? (rill-tag with a lexicon, counted)" \
	"rill-tag -F tsv -f 5 -l $dir/orgs.tsv --spans $archive | rill-count -F tsv -f 5 --top=5"
show "Which organisations does each owner's press name most? (tag, join the outlets table, count)" \
	"rill-tag -F tsv -f 5 -l $dir/orgs.tsv --spans --id 3 $archive |
	 rill-join -F tsv -1 1 -2 1 - $dir/outlets.tsv | rill-count -F tsv -f 6,5 --top=6"
show "Who is quoted most? (a Unicode-aware pattern: the name after 'said' or before 'told reporters')" \
	"rill-tag -F tsv -f 5 -e 'speaker=(?<=said )\\p{Lu}\\p{L}+ \\p{Lu}[\\p{L}’]+|\\p{Lu}\\p{L}+ \\p{Lu}[\\p{L}’]+(?= told reporters)' --spans $archive |
	 rill-count -F tsv -f 5 --top=5"
show "Which words are used most? (UAX #29 words, case-insensitive)" \
	"rill-count -F tsv -f 5 --words -i --top=8 $archive"
show "What is new on day 2 that day 1 did not have? (dedupe with a state kept across runs)" \
	"rm -f $dir/seen.state; gzip -dc $archive | head -n 700 | rill-dedupe -F tsv -f 4,5 --state=$dir/seen.state > /dev/null;
	 gzip -dc $archive | tail -n +701 | rill-dedupe -F tsv -f 4,5 --state=$dir/seen.state | rill-count --labels"
