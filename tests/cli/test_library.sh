#!/bin/sh
# End-to-end cases of the common library through its test driver,
# rill-cat: every format and common option of rill(7) (RECORD FORMATS, FIELDS,
# INVALID UTF-8, OUTPUT), and every bad input the project promises to handle.
. "$(dirname "$0")/lib.sh"
C="$RILL_CAT"

# ---- formats -------------------------------------------------------------
run_case cat-lines-crlf 0 "CR before LF dropped, last line without newline kept" \
	"$C $DATA/crlf.txt"
run_case cat-lines-empty 0 "empty input gives empty output" \
	": | $C"
run_case cat-lines-nul 0 "NUL bytes inside a line pass through" \
	"printf 'a\0b\nc\n' | $C | od -c"
run_case cat-zero-terminated 0 "-z: NUL ends records, newline is data" \
	"printf 'a\nb\0c\0' | $C -z | od -c"
run_case cat-tsv-escapes 0 "TSV escapes decoded and encoded again" \
	"$C -F tsv $DATA/articles.tsv"
run_case cat-tsv-to-csv 0 "TSV with escapes to CSV: quoted only where needed" \
	"$C -F tsv --to=csv $DATA/articles.tsv"
run_case cat-csv-to-tsv 0 "CSV quotes, commas, newlines to escaped TSV" \
	"$C -F csv --to=tsv $DATA/quotes.csv"
run_case cat-csv-roundtrip 0 "CSV read and written again is byte-identical" \
	"$C -F csv $DATA/quotes.csv | cmp - $DATA/quotes.csv && echo same"
run_case cat-csv-delimiter 0 "-d ';' for csv input and output" \
	"printf 'a;\"b;c\"\n' | $C -F csv -d ';'"
run_case cat-para-to-tsv 0 "para: blank and white-space lines separate records" \
	"$C -F para --to=tsv $DATA/page.txt"
run_case cat-para-out 0 "para output: records separated by one blank line" \
	"$C -F para $DATA/page.txt"
run_case cat-doc-to-tsv 0 "doc: one record per file, written as (file name, text)" \
	"cd $DATA && $C -F doc doc1.txt doc2.txt"

# ---- header and fields ---------------------------------------------------
run_case cat-header-fields 0 "-H names select and reorder fields; header kept" \
	"$C -F tsv -H -f title,id $DATA/articles.tsv"
run_case cat-header-csv-range 0 "-H with a range of names on CSV" \
	"$C -F csv -H -f outlet-quote --to=tsv $DATA/quotes.csv"
run_case cat-header-two-files 0 "the header of a second file is not a record" \
	"$C -F tsv -H -f id $DATA/articles.tsv $DATA/articles.tsv"
run_case cat-header-mismatch 1 "files with different headers are an error" \
	"printf 'x\ty\n1\t2\n' > other.tsv; $C -F tsv -H $DATA/articles.tsv other.tsv"
run_case cat-field-missing 0 "a field a record lacks reads as empty" \
	"printf 'a\tb\nc\n' | $C -F tsv -f 2,1"
run_case cat-field-unknown-name 2 "an unknown field name is a usage error" \
	"$C -F tsv -H -f nosuch $DATA/articles.tsv"
run_case cat-field-name-twice 2 "-H: a name the header holds twice (id, id, text) is a usage error giving both numbers" \
	"printf 'id\\tid\\ttext\\n1\\t2\\thello\\n' | $BIN/rill-dedupe -F tsv -H -f id"
run_case cat-field-name-twice-numbers 0 "... while -f 1 and -f 2 still work" \
	"printf 'id\\tid\\ttext\\n1\\t2\\thello\\n1\\t3\\tthere\\n' > dup.tsv; $BIN/rill-dedupe -F tsv -H -f 1 dup.tsv; $BIN/rill-dedupe -F tsv -H -f 2 dup.tsv"
run_case cat-field-name-twice-range 2 "... and in a range of names too, for any option (rill-join -1)" \
	"printf 'id\\ttext\\tid\\n' > j.tsv; $BIN/rill-join -F tsv -H -1 id-text -2 1 j.tsv j.tsv"

# ---- invalid UTF-8 -------------------------------------------------------
printf 'good\nbad \377 byte\ntrunc \303\nfine\n' >"$SCRATCH/bad-utf8.txt"
run_case cat-invalid-replace 0 "invalid UTF-8 replaced by U+FFFD, counted on stderr" \
	"$C bad-utf8.txt"
run_case cat-invalid-skip 0 "--invalid=skip drops the records" \
	"$C --invalid=skip bad-utf8.txt"
run_case cat-invalid-fail 1 "--invalid=fail stops at FILE:LINE" \
	"$C --invalid=fail bad-utf8.txt"
run_case cat-invalid-keep 0 "--invalid=keep passes the bytes through" \
	"$C --invalid=keep bad-utf8.txt | od -c"

# ---- gzip ----------------------------------------------------------------
run_case cat-gzip-input 0 "gzip input detected by magic bytes, not by name" \
	"gzip -c $DATA/articles.tsv > plain-name.tsv; $C -F tsv plain-name.tsv"
run_case cat-gzip-multimember 0 "multi-member gzip (cat a.gz b.gz) read whole" \
	"gzip -c $DATA/crlf.txt > a.gz; gzip -c $DATA/doc2.txt > b.gz; cat a.gz b.gz | $C"
run_case cat-gzip-truncated 1 "truncated gzip is an error naming the file" \
	"seq 1 20000 | gzip > t.gz; head -c 2000 t.gz > cut.gz; $C --count cut.gz"
run_case cat-gzip-corrupt 1 "a corrupt gzip stream is an error naming the file" \
	"seq 1 20000 | gzip > c.gz; printf 'XXXXXXXX' | dd of=c.gz bs=1 seek=200 conv=notrunc 2>/dev/null; $C --count c.gz"
run_case cat-gzip-large 0 "a large gzip stream, all records read" \
	"seq 1 2000000 | gzip -1 > big.gz; $C --count big.gz; $C big.gz | tail -n 1"
run_case cat-gzip-output 0 "-o FILE.gz writes gzip that gzip reads" \
	"$C -F csv --to=tsv -o out.tsv.gz $DATA/quotes.csv && gzip -dc out.tsv.gz"

# ---- zstd, and the compressions rill does not read -------------------------
run_case cat-zstd-input 0 "zstd input detected by magic bytes, not by name" \
	"zstd -q -c $DATA/articles.tsv > plain-name.tsv; $C -F tsv -f 1 plain-name.tsv"
run_case cat-zstd-frames 0 "zstd frames one after another, skippable frames among them, read whole" \
	"printf 'P*M\\030\\003\\000\\000\\000abc' > skip; zstd -q -c $DATA/crlf.txt > a.zst; zstd -q -c $DATA/doc2.txt > b.zst;
	 cat skip a.zst skip b.zst skip | $C"
run_case cat-zstd-truncated 1 "truncated zstd is an error naming the file" \
	"seq 1 20000 | zstd -q > t.zst; head -c 2000 t.zst > cut.zst; $C --count cut.zst"
run_case cat-zstd-trailing 1 "bytes after the last zstd frame that are not a frame are an error" \
	"seq 1 3 | zstd -q > g.zst; printf 'junk' >> g.zst; $C g.zst"
run_case cat-zstd-large 0 "a large zstd stream, all records read" \
	"seq 1 2000000 | zstd -q -1 > big.zst; $C --count big.zst; $C big.zst | tail -n 1"
run_case cat-zstd-output 0 "-o FILE.zst writes zstd that zstd reads, and rill reads back" \
	"$C -F csv --to=tsv -o out.tsv.zst $DATA/quotes.csv && zstd -q -dc out.tsv.zst && $C -F tsv out.tsv.zst | wc -l"
run_case cat-refuse-xz 1 "xz input is refused by name, never read as text" \
	"seq 1 10 | xz -c > data.txt; $C data.txt"
run_case cat-refuse-bzip2 1 "bzip2 input is refused by name" \
	"seq 1 10 | bzip2 -c | $C"
run_case cat-refuse-zip 1 "a zip archive is refused by name" \
	"printf 'PK\\003\\004\\024\\000\\000\\000' > a.zip; $C -F tsv a.zip"
run_case cat-refuse-in-list 1 "a refused file among others ends the run at that file" \
	"printf 'BZh91AY&SY' > b.txt; $C $DATA/crlf.txt b.txt"

# ---- CSV errors ----------------------------------------------------------
run_case cat-csv-unterminated 1 "an unterminated quote names the line where the field began" \
	"printf 'a,b\nc,\"open\nmore\n' | $C -F csv"
run_case cat-csv-stray-quote 1 "a quote inside an unquoted field is malformed CSV" \
	"printf 'a,b\nc,d\"e\n' | $C -F csv"

# ---- output and errors ---------------------------------------------------
run_case cat-output-atomic 0 "-o writes under a temporary name and renames" \
	"$C -o out.txt $DATA/crlf.txt && cat out.txt && ls -A | grep -c rill- || true"
run_case cat-output-fifo 0 "-o and --stats to a FIFO write into it, never replace it by a file" \
	"mkfifo pipe stats; cat pipe > got.txt & a=\$!; cat stats > got.json & b=\$!; $C -o pipe --stats=stats $DATA/crlf.txt; wait \$a \$b; cat got.txt; grep -c records_read got.json; test -p pipe && test -p stats && echo still-fifos"
run_case cat-output-symlink 0 "-o through a symbolic link writes the file it names; the link stays" \
	"mkdir real; ln -s real/target.txt link.txt; $C -o link.txt $DATA/crlf.txt; test -L link.txt && cat real/target.txt; ls -A real | grep -c rill- || true"
run_case cat-output-failed-run 1 "a failed run leaves no -o file behind" \
	"mkdir failed && cd failed && $C --invalid=fail -o out.txt ../bad-utf8.txt; s=\$?; ls -A; exit \$s"
run_case cat-full-disk 1 "a full disk is reported with exit status 1" \
	"seq 1 100000 | $C > /dev/full"
run_case cat-closed-pipe 0 "a closed pipe ends the tool quietly" \
	"seq 1 1000000 > many.txt; $C many.txt | head -n 2"
run_case cat-missing-file 1 "a missing input file names the file" \
	"$C no-such-file.txt"
run_case cat-directory-input 1 "a directory as input is an error" \
	"$C ."
run_case cat-unknown-option 2 "an unknown option is a usage error" \
	"$C --no-such-option"
run_case cat-bad-format 2 "an unknown format is a usage error naming it" \
	"$C -F yaml"
run_case cat-missing-value 2 "an option without its value is a usage error" \
	"$C -F"

# ---- JSON Lines ----------------------------------------------------------
run_case cat-jsonl-as-it-came 0 "-F jsonl without -f writes each object byte for byte" \
	"$C -F jsonl $DATA/docs.jsonl | cmp - $DATA/docs.jsonl && echo same"
run_case cat-jsonl-keys-tsv 0 "keys, dotted paths, arrays compacted, absent keys empty, strings decoded" \
	"$C -F jsonl -f id,metadata.url,metadata.tags,metadata.length,text --to=tsv $DATA/docs.jsonl"
run_case cat-jsonl-header-csv 0 "-H names the output columns after the keys" \
	"$C -F jsonl -H -f raw_content,.url --to=csv $DATA/ccnet.jsonl"
run_case cat-jsonl-pick-keys 0 "-f from jsonl to jsonl picks keys, as jq '{id, url}' does" \
	"$C -F jsonl -f id,metadata.url $DATA/docs.jsonl"
run_case cat-jsonl-from-tsv-header 0 "--to=jsonl from TSV with -H: keys from the header" \
	"$C -F tsv -H --to=jsonl $DATA/articles.tsv"
run_case cat-jsonl-from-tsv 0 "--to=jsonl without -H: keys f1, f2, ..." \
	"$C -F tsv -f 1,3 --to=jsonl $DATA/articles.tsv"
printf 'a,\\b\001\n"q""",two\tcols\n' >"$SCRATCH/escapes.csv"
run_case cat-jsonl-from-csv 0 "--to=jsonl escapes quotes, backslashes and control characters" \
	"$C -F csv --to=jsonl escapes.csv"
printf '\357\273\277{"a": 1}\r\n\n  \n{"a": "x"}' >"$SCRATCH/bom.jsonl"
run_case cat-jsonl-blank-crlf-bom 0 "blank lines skipped; CRLF, a BOM and no final newline accepted" \
	"$C -F jsonl -f a bom.jsonl"
printf '%s\n' '{"a": 1}' '{"a": 2' >"$SCRATCH/cut.jsonl"
run_case cat-jsonl-bad-line 1 "a line that is not one object: FILE:LINE: and exit 1" \
	"$C -F jsonl -f a cut.jsonl"
printf '%s\n' '{"a": 1}' '[1]' 'not json' '{"a": 3}' '{"a": 4} {"a": 5}' >"$SCRATCH/mixed.jsonl"
run_case cat-jsonl-bad-skip 0 "--invalid=skip drops such lines and says how many" \
	"$C -F jsonl -f a --invalid=skip mixed.jsonl"
printf '%s\n' '{"a": "x\ud800y"}' >"$SCRATCH/lone.jsonl"
run_case cat-jsonl-lone-surrogate 0 "a lone surrogate is invalid text: U+FFFD, counted" \
	"$C -F jsonl -f a lone.jsonl | od -An -c"
run_case cat-jsonl-lone-keep 0 "--invalid=keep writes it as UTF-8 would encode it" \
	"$C -F jsonl -f a --invalid=keep lone.jsonl | od -An -c"
run_case cat-jsonl-missing-key 0 "a key no record has is named on standard error" \
	"$C -F jsonl -f id,sorce --to=tsv $DATA/docs.jsonl"
run_case cat-jsonl-compressed 0 ".jsonl.gz and .jsonl.zst read the same" \
	"gzip -c $DATA/docs.jsonl > d.json.gz; zstd -q -c $DATA/docs.jsonl > d.jsonl.zst; $C -F jsonl -f id d.json.gz d.jsonl.zst --to=tsv"
run_case cat-jsonl-stats 0 "--stats counts the lines skipped as not JSON" \
	"$C -F jsonl --invalid=skip --stats=- mixed.jsonl 2>&1 >/dev/null | grep -o 'records_skipped_malformed.: [0-9]*'"
check cat-jsonl-long-string "a 100 MB JSON string is one value, byte for byte" \
	"{ printf '{\"id\": 7, \"text\": \"'; head -c 100000000 /dev/zero | tr '\\0' x; printf '\"}\n'; } > long.jsonl &&
	 test \"\$($C -F jsonl -f text --to=lines long.jsonl | wc -c)\" = 100000001 &&
	 test \"\$($C -F jsonl -f id --to=lines long.jsonl)\" = 7"
python3 -c "import sys; d = 100000; sys.stdout.write('{\"a\": ' + '[' * d + ']' * d + ', \"b\": 1}\n')" >"$SCRATCH/deep.jsonl"
run_case cat-jsonl-deep 0 "an array nested 100,000 deep is skipped over, or taken whole" \
	"$C -F jsonl -f b deep.jsonl && $C -F jsonl -f a deep.jsonl | wc -c"

# The JSON reader is a module (lib/rill/rill-json.so beside bin/) loaded when
# JSON is read: a tool reading lines maps neither simdjson nor (but under
# UBSan, whose runtime needs it) libstdc++.
check count-json-module-lazy "a tool reading lines loads no C++ library; reading JSON Lines loads the module" \
	"printf 'a\\n' | LD_DEBUG=files $BIN/rill-count 2> plain.log > /dev/null &&
	 ! grep -q 'libsimdjson\\|rill-json' plain.log &&
	 { [ -n \"$SANITIZE\" ] || ! grep -q 'libstdc++' plain.log; } &&
	 printf '{\"a\": \"x\"}\\n' | LD_DEBUG=files $BIN/rill-count -F jsonl -f a 2> json.log | grep -q x &&
	 grep -q 'rill-json.so' json.log && grep -q 'libsimdjson' json.log"
mkdir -p "$SCRATCH/alone/bin"
cp "$BIN/rill-count" "$SCRATCH/alone/bin/"
check count-json-module-missing "a tool away from its JSON module reads lines, and refuses JSON with exit 1 naming the module" \
	"printf 'a\\na\\n' | alone/bin/rill-count -f 1 | grep -q a &&
	 { printf '{\"a\": 1}\\n' | alone/bin/rill-count -F jsonl -f a 2> err; test \$? -eq 1; } &&
	 grep -q 'reading JSON needs rill-json.so, installed with rill: .*alone/bin/../lib/rill/rill-json.so: cannot open' err"

# ---- keys ----------------------------------------------------------------
printf 'Caf\303\251\nCafe\314\201\n\342\200\234Hello,\342\200\235  WORLD \nStra\303\237e\n\357\254\201le\n' >"$SCRATCH/keys.txt"
run_case cat-key-default 0 "keys are NFC by default" \
	"$C --key keys.txt"
run_case cat-key-all 0 "-i, --squeeze, --strip-punct, --normalize=nfkc" \
	"$C --key -i --squeeze --strip-punct --normalize=nfkc keys.txt"
run_case cat-key-none 0 "--normalize=none leaves the text as it is" \
	"$C --key --normalize=none keys.txt | od -c | head -n 3"

# ---- big inputs ----------------------------------------------------------
check cat-long-line "a 100 MB line without newline is one record, byte for byte" \
	"head -c 100000000 /dev/zero | tr '\\\\0' x > long.txt &&
	 test \"\$($C --count long.txt)\" = 1 &&
	 test \"\$($C long.txt | wc -c)\" = 100000001"
check cat-progress "--progress=always draws bytes, records and percentage on stderr" \
	"seq 1 300000 > p.txt && $C --progress=always --count p.txt 2>err >/dev/null &&
	 grep -q 'records' err && grep -q '100%' err"
check cat-help-version "--help and --version succeed" \
	"$C --help | grep -q -- '--format=FMT' && $C --version | grep -q 'rill-cat (rill)'"

# ---- --stats ---------------------------------------------------------------
check cat-stats-json "--stats=FILE: one JSON object with the run's figures" \
	"printf 'a\nb\na\n\377\n' | $BIN/rill-dedupe --stats=st.json > /dev/null 2>&1 &&
	 python3 -c 'import json; d = json.load(open(\"st.json\")); assert d[\"tool\"] == \"rill-dedupe\";
assert d[\"records_read\"] == 4 and d[\"records_written\"] == 3 and d[\"distinct_keys\"] == 3;
assert d[\"invalid_utf8_replaced\"] == 1 and d[\"elapsed_seconds\"] >= 0 and d[\"peak_memory_bytes\"] > 0'"
check cat-stats-stderr "--stats=- writes the JSON object on standard error, for every tool" \
	"for t in split count dedupe; do echo 'One. Two.' | $BIN/rill-\$t \$( [ \$t = split ] && echo -b sentences ) --stats=- 2>err >/dev/null &&
	 python3 -c 'import json, sys; json.loads(open(\"err\").read())' || exit 1; done &&
	 echo x > r && echo x | $BIN/rill-join --stats=- - r 2>err >/dev/null && python3 -c 'import json; json.load(open(\"err\"))'"
check cat-stats-shards "split --into: records written to shards are counted" \
	"seq 1 10 | $BIN/rill-split --into=s%d --lines=4 --stats=- 2>err &&
	 python3 -c 'import json; assert json.load(open(\"err\"))[\"records_written\"] == 10'"

# Standard input that is a regular file is mapped, not read: it must still
# start where the descriptor stands and leave it after what was read.
printf 'header\na\nb\na\nc\n' >"$SCRATCH/stdin.txt"
check cat-stdin-offset-start "a regular file on standard input is read from where the shell left it" \
	"{ head -n 1 > /dev/null; $BIN/rill-dedupe; } < stdin.txt > out && printf 'a\nb\nc\n' | cmp - out"
check cat-stdin-offset-end "and the offset is left after the data, as read(2) leaves it" \
	"{ $BIN/rill-dedupe > /dev/null; cat; } < stdin.txt > rest && test ! -s rest"
check cat-mapped-two-files "two mapped inputs at once (join) and one read twice" \
	"printf 'k\t1\nj\t2\n' > l.tsv && printf 'k\tx\n' > r.tsv &&
	 $BIN/rill-join -F tsv l.tsv r.tsv > out && printf 'k\t1\tx\n' | cmp - out &&
	 $BIN/rill-join -F tsv l.tsv l.tsv | wc -l | grep -qx 2"
