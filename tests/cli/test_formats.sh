#!/bin/sh
# The formats web-text corpora come in (rill(7), RECORD FORMATS): WARC and
# WET through every tool, their errors, and for every input format the same
# output on one thread and on three.  The WARC files are written by
# warc/make-warc.py into the scratch directory, never read from outside.
. "$(dirname "$0")/lib.sh"
C="$RILL_CAT"
python3 "$TOP/tests/cli/warc/make-warc.py" "$SCRATCH"
W="-F warc"

# ---- fields of a WARC record -------------------------------------------------
run_case warc-fields 0 "headers, HTTP status and headers, payloads de-chunked, decompressed, decoded" \
	"$C $W -f WARC-Type,WARC-Target-URI,http:status,http:content-type,payload --to=tsv news.warc"
run_case warc-all-types 0 "--warc-types=all: every record; header names in any case; folded headers joined" \
	"$C $W --warc-types=all -f warc-type,WARC-RECORD-ID,http:status,http:X-Folded,http:User-Agent --to=tsv news.warc"
run_case warc-some-types 0 "--warc-types=request,revisit chooses those" \
	"$C $W --warc-types=request,revisit -f WARC-Type,http:status --to=tsv news.warc"
run_case warc-compressed 0 "a gzip member per record, the file gzipped whole, zstd: all read the same" \
	"for f in news.warc news-members.warc.gz news-whole.warc.gz news.warc.zst; do $C $W -f WARC-Target-URI --to=tsv \$f | md5sum; done | uniq -c | sed 's/^ *//'"
run_case warc-wet 0 "Common Crawl WET: the conversion records' text" \
	"$C $W -f WARC-Target-URI,payload --to=tsv cc.wet"
run_case warc-jsonl 0 "--to=jsonl names the keys after the fields" \
	"$C $W -f WARC-Target-URI,http:status cc.wet news.warc --to=jsonl | head -n 5"
run_case warc-html 0 "--html=text: the payload's page as text, decoded from its charset" \
	"$C $W -f WARC-Target-URI,payload --html=text --to=tsv news.warc"
check warc-big-record "a record larger than any block the reader takes, whole" \
	"test \"\$($C $W --count big.warc)\" = 2 &&
	 test \"\$($C $W -f payload --to=lines big.warc | head -n 1 | wc -c)\" = 4288890"

# ---- WARC out: records as they came ----------------------------------------------
run_case warc-dedupe-out 0 "rill-dedupe -F warc -f WARC-Target-URI -o new.warc: the records kept, byte for byte" \
	"$BIN/rill-dedupe $W -f WARC-Target-URI -o new.warc news.warc 2>/dev/null && $C $W -f WARC-Target-URI new.warc --to=tsv 2>/dev/null &&
	 $C $W --warc-types=response,resource -o kept.warc news.warc 2>/dev/null && head -c \$(wc -c < new.warc) kept.warc | cmp - new.warc"
check warc-to-warc "--warc-types=all, -o FILE.warc: the file again, byte for byte" \
	"$C $W --warc-types=all -o again.warc news.warc && cmp again.warc news.warc"
check warc-gz-members "-o FILE.warc.gz: a gzip member per record, as WARC files are written" \
	"$C $W --warc-types=all -o again.warc.gz news.warc && zcat again.warc.gz | cmp - news.warc &&
	 python3 -c 'import zlib, sys
d = open(\"again.warc.gz\", \"rb\").read(); n = 0
while d:
    z = zlib.decompressobj(31); z.decompress(d); d = z.unused_data; n += 1
sys.exit(n != 15)'"
check warc-zst-frames "-o FILE.warc.zst: zstd frames, one per record, read back the same" \
	"$BIN/rill-dedupe --threads=3 $W -f WARC-Target-URI -o new.warc.zst news-members.warc.gz &&
	 zstd -q -dc new.warc.zst | cmp - new.warc"
run_case warc-tag-adds 2 "a tool that adds fields cannot write them into WARC" \
	"$BIN/rill-tag $W -f payload -t url -o tagged.warc news.warc"
run_case warc-to-needs-warc 2 "--to=warc from another format is a usage error" \
	"$C --to=warc $DATA/docs.jsonl"
run_case warc-types-needs-warc 2 "--warc-types without -F warc is a usage error" \
	"$C --warc-types=response $DATA/docs.jsonl"
run_case warc-bad-type 2 "an unknown record type is a usage error listing the types" \
	"$C $W --warc-types=responses news.warc"

# ---- broken WARC: errors naming the file and the record ------------------------------
run_case warc-truncated 1 "a last record cut short" "$C $W --count truncated.warc"
run_case warc-short-length 1 "a Content-Length that is too small" "$C $W --count short-length.warc"
run_case warc-long-length 1 "a Content-Length that is too large" "$C $W --count long-length.warc"
run_case warc-not-warc 1 "a file that is no WARC" "$C $W --count not.warc"
run_case warc-truncated-gz 1 "a gzip member cut short" \
	"head -c 1500 news-members.warc.gz > cut.warc.gz; $C $W --count cut.warc.gz"

# ---- the tools on WARC --------------------------------------------------------------
run_case warc-count-hosts 0 "rill-count by Content-Type" \
	"$BIN/rill-count $W -f http:Content-Type news.warc"
run_case warc-split-wet 0 "rill-split: sentences of WET text, with the URL" \
	"$BIN/rill-split $W -f payload -n --id WARC-Target-URI -b sentences cc.wet"
run_case warc-near 0 "rill-dedupe --near on WET text keeps the first of two copies" \
	"$BIN/rill-dedupe $W -f payload --near -o kept.warc.wet.gz cc.wet && $C $W -f WARC-Target-URI --to=tsv kept.warc.wet.gz"

# ---- JSON Lines through the tools: objects as they came, what a tool adds as keys ----------
J="-F jsonl"
printf '%s\n' '{"source": "dailyherald.example", "owner": "Herald Group"}' '{"source": "thecourier.example", "owner": "Courier Ltd", "country": "FR"}' >"$SCRATCH/outlets.jsonl"
run_case tag-json-tags 0 "rill-tag: \"tags\": [...] appended to each object" \
	"printf '%s\\n' '{\"id\": 1, \"text\": \"Visit https://a.example/x today, 42 people did.\"}' '{\"id\": 2, \"text\": \"nothing\"}' | $BIN/rill-tag $J -f text -t url,number"
printf '{"id": "d1", "text": "Caf\303\251 \360\237\230\200 https://a.example/"}\n' >"$SCRATCH/s.jsonl"
run_case tag-json-spans 0 "rill-tag --spans: objects with numbers; --offsets=chars counts code points" \
	"$BIN/rill-tag $J -f text --id id -t url --spans s.jsonl && $BIN/rill-tag $J -f text --id id -t url --spans --offsets=chars s.jsonl"
run_case tag-json-filter 0 "rill-tag --only: the objects kept, byte for byte" \
	"$BIN/rill-tag $J -f text -e council=council --only=council $DATA/docs.jsonl > kept && grep council $DATA/docs.jsonl | cmp - kept && cat kept"
run_case count-json-rows 0 "rill-count: rows as objects, counts as numbers" \
	"$BIN/rill-count $J -f source --percent --to=jsonl $DATA/docs.jsonl && $BIN/rill-count -F tsv -f 2 --to=jsonl --top=1 $DATA/articles.tsv"
run_case dedupe-json-count 0 "rill-dedupe -c and --mark: count and first appended to the objects" \
	"$BIN/rill-dedupe $J -f text -c $DATA/docs.jsonl | grep -o ',\"count\":[0-9]*}\$' && $BIN/rill-dedupe $J -f text --mark $DATA/docs.jsonl | grep -o ',\"first\":[0-9]*}\$'"
run_case dedupe-json-kept 0 "rill-dedupe: the objects kept are the input's lines, byte for byte" \
	"$BIN/rill-dedupe $J -f text $DATA/docs.jsonl > kept && grep -v doc-3 $DATA/docs.jsonl | cmp - kept && echo same"
run_case join-json 0 "rill-join: RIGHT's members appended to LEFT's object, as jq's .[0] + .[1]" \
	"$BIN/rill-join $J -1 source -2 source $DATA/docs.jsonl outlets.jsonl | cut -d, -f1,6-"
run_case join-json-tsv 0 "rill-join with a TSV RIGHT: its fields appended under their header names" \
	"$BIN/rill-join $J -1 source -2 outlet --format2=tsv -H $DATA/docs.jsonl $DATA/outlets.tsv | cut -d, -f1,6-"
run_case split-json 0 "rill-split from JSON Lines: units as objects, keyed" \
	"$BIN/rill-split $J -f text -n --id id -b sentences $DATA/docs.jsonl | head -n 3"

# ---- one thread or three: the same output for every format -------------------------------
"$BUILD/tests/gen-corpus" -m 1 -s 5 >"$SCRATCH/c.tsv"
( cd "$SCRATCH" && printf 'id\tdate\tsource\ttitle\ttext\n' > h.tsv && cat c.tsv >> h.tsv &&
  $C -F tsv -H --to=jsonl h.tsv > c.jsonl && $C -F tsv --to=csv c.tsv > c.csv &&
  $C -F tsv -f 5 --to=para c.tsv > c.para && head -n 40 c.tsv > d1.txt && tail -n 40 c.tsv > d2.txt )
for spec in "lines c.tsv" "tsv -f 5 c.tsv" "csv -f 5 c.csv" "para c.para" "doc d1.txt d2.txt" \
	"jsonl -f text c.jsonl" "warc -f payload news.warc cc.wet"; do
	fmt=${spec%% *}
	args="-F $spec"
	check "threads-$fmt" "-F $fmt: split, tag, count and dedupe give the same output on 1 and 3 threads" \
		"for t in 1 3; do
		   $BIN/rill-split --threads=\$t $args -b sentences > split\$t &&
		   $BIN/rill-tag --threads=\$t $args -t quote,number,url > tag\$t &&
		   $BIN/rill-count --threads=\$t $args --words > count\$t &&
		   $BIN/rill-dedupe --threads=\$t $args -i > dedupe\$t || exit 1
		 done 2>/dev/null; cmp split1 split3 && cmp tag1 tag3 && cmp count1 count3 && cmp dedupe1 dedupe3 &&
		 test -s split1 && test -s count1"
done

# ---- JSON Lines parsed on the workers: bad lines in a big input ---------------------------
# Some 4 MB: batches for every worker, runs read in place from the mapped file.
"$BUILD/tests/gen-corpus" -m 4 -s 7 >"$SCRATCH/big.tsv"
( cd "$SCRATCH" && { printf 'id\tdate\tsource\ttitle\ttext\n'; cat big.tsv; } | $C -F tsv -H --to=jsonl > big.jsonl &&
  n=$(wc -l < big.jsonl) && half=$((n / 2)) && echo $((half + 1)) > bad-line &&
  { head -n $half big.jsonl; printf '{"source": "cut short\n'; tail -n +$((half + 1)) big.jsonl; } > bad.jsonl &&
  { head -n 1000 big.jsonl; printf '\n  \n{"source": "a\\ud800"}\n[1, 2]\n'
    sed -n '1001,2000p' big.jsonl; printf '{"source": "\377"}\r\n{"source": }\n'
    tail -n +2001 big.jsonl; printf '{"source": "last", "text": "no newline"}'; } > skip.jsonl )
J="-F jsonl"
check jsonl-bad-line-threads "a bad line in the middle: the same FILE:LINE: message and exit 1 on 1 and 3 threads" \
	"line=\$(cat bad-line)
	 for t in 1 3; do
	   $BIN/rill-count --threads=\$t $J -f source bad.jsonl > out\$t 2> err\$t; test \$? = 1 || exit 1
	   $BIN/rill-split --threads=\$t $J -f text -b sentences bad.jsonl > /dev/null 2> split\$t; test \$? = 1 || exit 1
	   $BIN/rill-tag --threads=\$t $J -f text -t url bad.jsonl > /dev/null 2> tag\$t; test \$? = 1 || exit 1
	 done
	 cmp err1 err3 && cmp split1 split3 && cmp tag1 tag3 && test ! -s out3 &&
	 grep -q \"^rill-count: bad.jsonl:\$line: bad JSON line: \" err3 && grep -q \"bad.jsonl:\$line: \" tag3"
check jsonl-skip-threads "--invalid=skip: the same counts, figures, record numbers and rejects on 1 and 3 threads, mapped or piped" \
	"for t in 1 3; do
	   $BIN/rill-count --threads=\$t $J -f source --invalid=skip --stats=stats\$t skip.jsonl > count\$t 2> warn\$t &&
	   grep -o '\"records_[a-z0-9_]*\": [0-9]*' stats\$t > figures\$t &&
	   $BIN/rill-split --threads=\$t $J -f text -n --invalid=skip -b sentences skip.jsonl 2>/dev/null | tail -n 3 > split\$t &&
	   $BIN/rill-dedupe --threads=\$t $J -f source --invalid=skip --rejects=rejects\$t skip.jsonl 2>/dev/null | md5sum > dedupe\$t &&
	   cat skip.jsonl | $BIN/rill-count --threads=\$t $J -f source --invalid=skip > piped\$t 2>/dev/null || exit 1
	 done
	 cmp count1 count3 && cmp warn1 warn3 && cmp figures1 figures3 && cmp split1 split3 &&
	 cmp dedupe1 dedupe3 && cmp rejects1 rejects3 && cmp piped1 count1 && cmp piped3 count1 &&
	 grep -q 'records_skipped_malformed\": 2' figures3 && grep -q 'records_skipped_invalid_utf8\": 2' figures3 &&
	 test \$(grep -c -e malformed-json -e invalid-utf8 rejects3) = 4 && grep -q '^1	last\$' count3"
