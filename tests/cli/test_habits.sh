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

# ---- --progress ------------------------------------------------------------
check progress-final-elapsed "--progress: the final line says the elapsed time" \
	"seq 1 1000 > p.txt && $BIN/rill-count --progress=always p.txt 2>err >/dev/null &&
	 tr '\\r' '\\n' < err | grep -q '^rill-count: .*1000 records.*100%, done in [0-9.]* s'"
check progress-help-values "--help and rill(7) name the same --progress values" \
	"$BIN/rill-split --help | grep -q 'auto (a terminal), always, never,' &&
	 $BIN/rill-split --help | grep -q 'log (a plain line every 5 s' &&
	 for v in auto always never log; do sed -n '/^.BR \\\\-\\\\-progress/,/^.RE/p' $TOP/man/rill.7 | grep -q \"^.B \$v\$\" || exit 1; done"
run_case progress-bad-value 2 "--progress=yes lists the values" \
	"$BIN/rill-count --progress=yes $A"
check progress-log "--progress=log: a plain line every 5 s while reading, and the last, no carriage return" \
	"{ printf 'a\\n'; sleep 6; printf 'b\\n'; } | $BIN/rill-count --progress=log 2>err >/dev/null &&
	 ! grep -q \"\$(printf '\\r')\" err && test \$(wc -l < err) -eq 2 &&
	 sed -n 1p err | grep -q '^rill-count: .* read, .* so far\$' &&
	 sed -n 2p err | grep -q '^rill-count: 4 B read, 2 records, .*done in'"
# The first stage draws; the second, reading what the first writes, stays
# silent until the first has ended (a FIFO holds the input back until the
# last stage has seen the first record, so both run at once).
check progress-pipeline-one-line "two tools with --progress in one pipeline: only one draws at a time" \
	"mkfifo back && timeout 60 sh -c \"{ printf 'a b\\n'; read -r ack < back; printf 'c d\\n'; } |
	   $BIN/rill-split -b words --line-buffered --progress=always |
	   $BIN/rill-dedupe --line-buffered --progress=always | { IFS= read -r first; echo ok > back; cat; }\" 2>err >out &&
	 test \$(wc -l < out) -eq 3 &&
	 tr '\\r' '\\n' < err | grep -c 'done in' | grep -qx 2 &&
	 tr '\\r' '\\n' < err | awk '/^rill-split:.*done in/ { done = 1 } /^rill-dedupe:/ && !/done in/ && !done { bad = 1 } END { exit bad }'"

# ---- --line-buffered (grep) --------------------------------------------------
# The producer writes its second record only once the consumer has read
# the first output record: without --line-buffered the pipeline would wait
# for the end of input forever (cut short by timeout).
cat > "$SCRATCH/lb.sh" <<'LB'
rm -f back && mkfifo back
{ printf 'bbc\tx http://a.org\n'; read -r ack < back; printf 'cnn\ty\n'; } | "$@" |
	{ IFS= read -r first; echo ok > back; printf '%s\n' "$first"; cat; }
LB
printf 'bbc\tBBC\ncnn\tCNN\n' > "$SCRATCH/owners.tsv"
for t in "rill-tag -t url" "rill-tag -t url --threads=1" "rill-split -b words" \
	 "rill-dedupe" "rill-dedupe --threads=1" "rill-join -F tsv - owners.tsv"; do
	name=$(echo "$t" | sed 's/ .*//; s/rill-//')
	case "$t" in *threads=1*) name="$name-one-thread" ;; esac
	check "$name-line-buffered" "$t --line-buffered writes each record before the next is read" \
		"timeout 30 sh lb.sh $BIN/$t --line-buffered > out && test \$(wc -l < out) -ge 2"
done

# ---- --threads=0: every core (xz, zstd) --------------------------------------
# Each tool holds its workers while it waits on an open FIFO: their number
# is read from /proc (every core, and the main thread, at least).
cores=$(getconf _NPROCESSORS_ONLN)
for t in "rill-split -b words" "rill-tag -t url" "rill-count --words" "rill-dedupe" \
	 "rill-join - $DATA/outlets.tsv"; do
	name=$(echo "$t" | sed 's/ .*//; s/rill-//')
	check "$name-threads-zero" "$t --threads=0 starts a thread per core and gives what --threads=1 gives" \
		"rm -f in && mkfifo in && { $BIN/$t --threads=0 < in > zero.out & pid=\$!; exec 3> in;
		   n=0; for i in \$(seq 50); do n=\$(awk '/^Threads:/ { print \$2 }' /proc/\$pid/status); [ \"\$n\" -ge $cores ] && break; sleep 0.1; done;
		   cat $A >&3; exec 3>&-; wait \$pid; } && [ \"\$n\" -ge $cores ] &&
		 $BIN/$t --threads=1 < $A > one.out && cmp zero.out one.out"
done
# ---- --threads=N: N threads process records, in every tool --------------------
# Counted in /proc once the first record came out (every thread is started
# by then): N workers beside a main thread that reads and writes, or, where
# the main thread decides in order too (rill-dedupe, the hash join), N - 1
# workers beside it; 1: the main thread alone.  One more, the signal thread.
for n in 1 2 3; do
	for t in "rill-split -b words" "rill-tag -t url" "rill-dedupe" "rill-join -F tsv - owners.tsv"; do
		name=$(echo "$t" | sed 's/ .*//; s/rill-//')
		case "$name:$n" in
		*:1) want=2 what="the main thread alone" ;;
		dedupe:2 | join:2) want=3 what="the main thread and a worker" ;;
		dedupe:* | join:*) want=$((n + 1)) what="the main thread and $((n - 1)) workers" ;;
		*) want=$((n + 2)) what="$n workers beside the main thread" ;;
		esac
		check "$name-threads-$n" "$t --threads=$n: $what (and the signal thread)" \
			"rm -f in && mkfifo in && { $BIN/$t --threads=$n --line-buffered < in > out & pid=\$!; exec 3> in;
			   printf 'bbc\\tx http://a.org\\n' >&3; for i in \$(seq 200); do [ -s out ] && break; sleep 0.05; done;
			   got=\$(awk '/^Threads:/ { print \$2 }' /proc/\$pid/status); exec 3>&-; wait \$pid; } &&
			 { [ \"\$got\" = $want ] || { echo \"\$got threads, expected $want\"; false; }; }"
	done
done
run_case split-threads-too-many 2 "--threads=65 is out of range (0 to 64)" \
	"$BIN/rill-split -b words --threads=65 $A"

# ---- no header on output (Miller's headerless output) -------------------------
run_case dedupe-headerless-output 0 "--headerless-output: -H reads the header, none is written" \
	"$BIN/rill-dedupe -F tsv -H -f title --headerless-output $A"
run_case tag-headerless-output 0 "rill-tag -H --headerless-output: the tags column, no header" \
	"$BIN/rill-tag -F tsv -H -f text -e para=Paragraph --headerless-output $A"
run_case tag-spans-headerless-output 0 "rill-tag --spans -H --headerless-output" \
	"$BIN/rill-tag -F tsv -H -f text -e para=Paragraph --spans --headerless-output $A"
run_case count-headerless-output 0 "rill-count -H --headerless-output: the table alone" \
	"$BIN/rill-count -F tsv -H -f id --headerless-output $A"
run_case join-headerless-output 0 "rill-join -H --headerless-output" \
	"printf 'title\towner\nCafé opens\tX\n' > o.tsv && $BIN/rill-join -F tsv -H -1 title -2 title --headerless-output $A o.tsv"
run_case split-headerless-shards 0 "rill-split --into -H --headerless-output: no shard starts with the header" \
	"$BIN/rill-split -F tsv -H --into='s-%n.tsv' --hash=2 --key=id --headerless-output $A && cat s-0.tsv s-1.tsv | sort"
run_case split-headerless-numbered 0 "rill-split -n -H --headerless-output: columns, no header" \
	"$BIN/rill-split -F tsv -H -f text -n -b sentences --headerless-output $A"

# ---- rill-split: units alone are a list, with no header ----------------------
run_case split-list-no-header 0 "-H, units alone: no header line to pollute sort | uniq -c" \
	"$BIN/rill-split -F tsv -H -f text -b words $A | sort | uniq -c | sort -k2 | head -3"
run_case split-list-to-tsv-header 0 "--to=tsv asks for a table: the header is written" \
	"$BIN/rill-split -F tsv -H -f text -b sentences --to=tsv $A"
run_case split-columns-header 0 "with --keep the output has columns and its header" \
	"$BIN/rill-split -F tsv -H -f text --keep=id -b sentences $A"
run_case split-list-shards-no-header 0 "units alone into shards: no header in the files either" \
	"$BIN/rill-split -F tsv -H -f title -b words --into='w-%d.txt' --lines=100 $A && cat w-0.txt"

# ---- --stats counts the header the same way on both sides ---------------------
for t in "rill-dedupe -F tsv -H" "rill-tag -F tsv -H -t url" "rill-split -F tsv -H --into=x%d --lines=9" \
	 "rill-dedupe -F tsv -H --headerless-output"; do
	name=$(echo "$t" | sed 's/ .*//; s/rill-//')
	case "$t" in *headerless*) name="$name-headerless" ;; esac
	check "$name-stats-header" "$t --stats: 3 records read, 3 written (the header in neither)" \
		"$BIN/$t --stats=st.json $A > /dev/null && python3 -c 'import json; d = json.load(open(\"st.json\"));
assert d[\"records_read\"] == 3 and d[\"records_written\"] == 3, d'"
done

# ---- rill-split --into makes the directories of its pattern -------------------
# (each case in a directory of its own: the scratch directory is shared)
run_case split-into-makes-dirs 0 "--into='by/outlet/%k.tsv': missing directories are made" \
	"mkdir md && cd md && $BIN/rill-split -F tsv -H --into='by/outlet/%k.tsv' --key=title $A &&
	 find by -type f | sort && cat 'by/outlet/Café opens.tsv'"
run_case split-into-dir-per-part 0 "--into='p%n/data.tsv': a directory per hash partition" \
	"mkdir dp && cd dp && $BIN/rill-split -F tsv -H --into='p%n/data.tsv' --hash=2 --key=id $A && find . -type f | sort"
run_case split-into-key-no-dirs 0 "a key holding '/' or '..' makes no directory: it is percent-encoded" \
	"mkdir kd && cd kd && printf '../up/x\tA\nsub/dir\tB\n' | $BIN/rill-split -F tsv --into='k/%k.tsv' --key=1 &&
	 find . | sort; test ! -e ../up"
run_case split-into-dir-is-file 1 "a component that is a file: an error naming it, no shard left" \
	"mkdir df && cd df && touch by && $BIN/rill-split -F tsv -H --into='by/%k.tsv' --key=title $A; s=\$?; ls -A; exit \$s"
check split-into-own-link "a directory through our own symbolic link is followed" \
	"mkdir ol && cd ol && mkdir real && ln -s real lnk && $BIN/rill-split -F tsv -H --into='lnk/sub/%k.tsv' --key=id $A &&
	 test -f real/sub/1.tsv && test -L lnk"
if [ "$(id -u)" = 0 ] && command -v runuser > /dev/null; then
	check split-into-planted-link "a link another user planted in a sticky directory is not followed" \
		"chmod o+x . && mkdir pub victim && chmod 1777 pub && runuser -u nobody -- ln -s \"\$PWD/victim\" pub/out &&
		 ! $BIN/rill-split -F tsv -H --into='pub/out/%k.tsv' --key=id $A 2> err &&
		 grep -q 'not following the symbolic link pub/out/1.tsv' err && test -z \"\$(ls -A victim)\" &&
		 ln -s \"\$PWD/victim\" pub/mine && $BIN/rill-split -F tsv -H --into='pub/mine/%k.tsv' --key=id $A &&
		 test -f victim/1.tsv"
fi

# ---- bash completion ---------------------------------------------------------
# comp WORD...: what completion offers for the word marked with a leading ^
# (the last word when none is), one a line.
cat > "$SCRATCH/comp.sh" <<'COMP'
. "$TOP/tools/completion/rill.bash"
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
for i in "${!COMP_WORDS[@]}"; do
	case "${COMP_WORDS[i]}" in ^*) COMP_WORDS[i]=${COMP_WORDS[i]#^}; COMP_CWORD=$i ;; esac
done
f=_rill_complete
[ "${COMP_WORDS[0]##*/}" = rill ] && f=_rill
$f "${COMP_WORDS[0]}" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
COMP
export TOP
comp() { bash "$SCRATCH/comp.sh" "$@" | tr '\n' ' '; echo; }
cp $A $DATA/quotes.csv $DATA/outlets-owners.tsv "$SCRATCH/" && gzip -c $A > "$SCRATCH/articles.tsv.gz"
run_case completion-values 0 "completion offers the values of -F, --to, -b, -t, --unit, --progress, --keep, --stage" \
	"comp $BIN/rill-split -F ''; comp $BIN/rill-split --format=t; comp $BIN/rill-split --to ''
	 comp $BIN/rill-split -b s; comp $BIN/rill-split --by=ng; comp $BIN/rill-tag -t url,m
	 comp $BIN/rill-tag --tagger=sc; comp $BIN/rill-dedupe --unit=; comp $BIN/rill-count --progress=
	 comp $BIN/rill-dedupe --keep=; comp $BIN/rill-join --type=s; comp $BIN/rill-count --invalid=s
	 comp $BIN/rill-dedupe --stage=c"
run_case completion-field-names 0 "-f, --keep, --id, -1, -2 offer the header's names of the file on the command line" \
	"comp $BIN/rill-count -F tsv -H -f ^ articles.tsv; comp $BIN/rill-count -F tsv -H -f ^id,t articles.tsv
	 comp $BIN/rill-split -F tsv -H ^--keep= articles.tsv; comp $BIN/rill-split --id ^ -F tsv -H articles.tsv
	 comp $BIN/rill-count -F csv -H -f ^ quotes.csv; comp $BIN/rill-count -F tsv -H -o out.tsv -f ^ articles.tsv.gz
	 comp $BIN/rill-join -F tsv -H -1 ^ articles.tsv outlets-owners.tsv
	 comp $BIN/rill-join -F tsv -H -2 ^ articles.tsv outlets-owners.tsv
	 comp $BIN/rill-count -F tsv -f ^ articles.tsv"
run_case completion-rill 0 "rill completes the tools, then each tool's options and values" \
	"comp $BIN/rill d; comp $BIN/rill dedupe --sta; comp $BIN/rill dedupe -F c; comp $BIN/rill count -F tsv -H -f ^ articles.tsv"

# ---- rill TOOL: runs rill-TOOL, as git runs git-COMMAND -------------------------
mkdir -p "$SCRATCH/path"
printf '#!/bin/sh\necho hello "$@"\n' > "$SCRATCH/path/rill-hello"
printf '#!/bin/sh\ntouch ran\necho fake count\n' > "$SCRATCH/path/rill-count"
printf '#!/bin/sh\ntouch ran\n' > "$SCRATCH/path/rill-spy"
chmod +x "$SCRATCH/path/rill-hello" "$SCRATCH/path/rill-count" "$SCRATCH/path/rill-spy"
run_case rill-help 0 "rill --help lists the tools beside it, each with its summary" \
	"PATH=/usr/bin:/bin $BIN/rill --help"
run_case rill-runs-tool 0 "rill dedupe ... is rill-dedupe ..." \
	"printf 'a\nb\na\n' | $BIN/rill dedupe -c"
run_case rill-tool-status 1 "the tool's exit status and messages are its own" \
	"printf 'a\n' | $BIN/rill tag -e x=zzz --only=x"
run_case rill-tool-usage 2 "a usage error names the tool, not rill" \
	"$BIN/rill count --bogus"
run_case rill-typo 2 "an unknown tool: the closest name is suggested" \
	"PATH=/usr/bin:/bin $BIN/rill dedup x"
run_case rill-bad-name 2 "a name with a slash or dots is not a tool (never a path)" \
	"$BIN/rill ../../bin/sh -c 'echo no'"
run_case rill-no-tool 2 "rill alone: the usage and the tools on standard error" \
	"PATH=/usr/bin:/bin $BIN/rill"
run_case rill-help-tool 0 "rill help split is rill-split --help" \
	"$BIN/rill help split | cmp - \$($BIN/rill-split --help > h; echo h) && echo same"
run_case rill-on-path 0 "a tool not beside rill is found on PATH; the one beside rill wins over PATH" \
	"PATH=\"$SCRATCH/path:\$PATH\" $BIN/rill hello a 'b c' && printf 'x\n' | PATH=\"$SCRATCH/path:\$PATH\" $BIN/rill count && test ! -e ran"
check rill-lists-path-tools "rill --help lists a tool found only on PATH, by name, without running it" \
	"PATH=\"$SCRATCH/path:/usr/bin:/bin\" $BIN/rill --help > h && grep -qx '  spy *' h && grep -qx '  hello *' h && test ! -e ran"
run_case rill-version 0 "rill --version" "$BIN/rill --version"
check rill-installed "make install: rill, its completion and its page (man rill); uninstall removes them" \
	"make -s -C $TOP install DESTDIR=$SCRATCH/inst PREFIX=/usr SANITIZE=$SANITIZE > /dev/null &&
	 PATH=/bin inst/usr/bin/rill --help > h && for t in count dedupe join split tag; do grep -q \"^  \$t \" h || exit 1; done &&
	 printf 'a\na\n' | PATH=/bin inst/usr/bin/rill dedupe | grep -qx a &&
	 test -f inst/usr/share/bash-completion/completions/rill &&
	 MANPATH=inst/usr/share/man man -P cat rill 2>/dev/null | grep -q 'THE RILL COMMAND' &&
	 make -s -C $TOP uninstall DESTDIR=$SCRATCH/inst PREFIX=/usr SANITIZE=$SANITIZE > /dev/null &&
	 test -z \"\$(find inst -type f)\""
check completion-other-prefix "installed under another prefix, the one completion file sourced completes rill and every tool" \
	"make -s -C $TOP install DESTDIR=$SCRATCH/opt PREFIX=/opt/rill SANITIZE=$SANITIZE > /dev/null &&
	 bash -c '. opt/opt/rill/share/bash-completion/completions/rill && complete -p rill rill-split rill-tag rill-dedupe rill-count rill-join' > c &&
	 test \$(wc -l < c) -eq 6 && grep -q 'share/bash-completion/completions/rill' $TOP/README.md"

# ---- the docs say what the tools do ---------------------------------------------
check man-examples-width "every man page fits 80 columns, its examples too" \
	"for p in $TOP/man/*.1 $TOP/man/*.7; do groff -man -Tutf8 -rLL=80n \$p 2>/dev/null | col -bx |
	   python3 -c 'import sys
w = [l.rstrip(\"\\n\") for l in sys.stdin if len(l.rstrip(\"\\n\")) > 80]
print(*w, sep=\"\\n\"); sys.exit(bool(w))' || { echo \"in \$p\"; exit 1; }; done"
check man-examples-header "examples that name fields give -H (man pages and README)" \
	"python3 $TOP/tests/cli/man-examples.py $TOP/man/*.1 $TOP/man/*.7 $TOP/README.md"
check man-examples-header-catches "the example check finds a name without -H" \
	"printf '.nf\n    rill-count -F tsv -f text x.tsv\n.fi\n' > bad.1 && ! python3 $TOP/tests/cli/man-examples.py bad.1 > /dev/null"
# The README's awk recipe counts bytes under gawk as under mawk: a sentence
# of 150 two-byte letters (300 bytes) is longer than 200 bytes.
check readme-awk-bytes "the README's awk recipe (LC_ALL=C awk) selects by bytes, whatever the awk" \
	"grep -q \"LC_ALL=C awk -F'\\\\\\\\t' 'length(\\\$3) > 200'\" $TOP/README.md &&
	 python3 -c 'print(\"1\\tx\\tx\\tx\\t\" + \"é\" * 150 + \".\")' > long.tsv &&
	 for a in gawk mawk awk; do command -v \$a > /dev/null || continue;
	   n=\$($BIN/rill-split -F tsv -f 5 -n --id 1 -b sentences long.tsv | LC_ALL=C \$a -F'\\t' 'length(\$3) > 200' | wc -l);
	   [ \$n -eq 1 ] || { echo \"\$a: \$n\"; exit 1; }; done"
run_case split-para-paragraphs 0 "-F para -b paragraphs: each block's lines (a paragraph is a line)" \
	"printf 'one\ntwo\n\nthree\n' | $BIN/rill-split -F para -b paragraphs -n --to=tsv"
check split-help-paragraphs "--help says plainly that -b paragraphs are lines, not -F para's blocks" \
	"$BIN/rill-split --help | grep -q \"paragraphs (a text's lines, not -F para's blocks)\""

# ---- --rejects: no record disappears without a word ---------------------------
printf 'id\ttext\n1\tOne para.\\nTwo para.\n2\tTwo para.\\nThree.\n3\tOne para.\\nThree.\n4\tnew\n' > "$SCRATCH/units.tsv"
printf 'the quick brown fox jumps over the lazy dog today\nthe quick brown fox jumps over the lazy dog again\nsomething else entirely\n' > "$SCRATCH/near.txt"
run_case dedupe-rejects 0 "rill-dedupe --rejects: each duplicate with the record it repeats" \
	"printf 'a\nb\na\nc\nb\na\n' | $BIN/rill-dedupe --rejects=r.tsv && cat r.tsv"
run_case dedupe-rejects-header 0 "with -H the rejects start with a header: record, reason, of, detail, the input's names" \
	"printf 'id\turl\n1\tx\n2\ty\n3\tx\n' | $BIN/rill-dedupe -F tsv -H -f url --rejects=r.tsv && cat r.tsv"
run_case dedupe-rejects-state 0 "a key of an earlier run: seen-earlier, no record to name" \
	"printf 'a\n' | $BIN/rill-dedupe --state=s.state > /dev/null && printf 'a\nb\n' | $BIN/rill-dedupe --state=s.state --rejects=r.tsv && cat r.tsv"
run_case dedupe-rejects-memory 0 "--memory keeps no record numbers: of is empty" \
	"printf 'a\nb\na\n' | $BIN/rill-dedupe --memory=1M --rejects=r.tsv && cat r.tsv"
run_case dedupe-rejects-keep-last 0 "--keep=last: the record a later one displaced is the reject" \
	"printf 'a 1\nb 1\na 2\n' | $BIN/rill-dedupe --keep=last -c -f 1 -F csv -d ' ' --rejects=r.tsv && cat r.tsv"
run_case dedupe-rejects-unique 0 "-u: the duplicates, then the kept record of each repeated key" \
	"printf 'a\nb\na\n' | $BIN/rill-dedupe -u --rejects=r.tsv && cat r.tsv"
run_case dedupe-rejects-near 0 "--near: the kept record it resembles and the similarity" \
	"$BIN/rill-dedupe --near=0.5 --shingle=2 --rejects=r.tsv near.txt && cat r.tsv"
run_case dedupe-rejects-containment 0 "--containment: the fraction of its shingles seen before" \
	"$BIN/rill-dedupe --containment=0.5 --shingle=2 --rejects=r.tsv near.txt && cat r.tsv"
run_case dedupe-rejects-units 0 "--unit: each removed unit in its record, the record it was seen in; a record left empty" \
	"$BIN/rill-dedupe -F tsv -H -f text --unit=paragraphs --rejects=r.tsv units.tsv && cat r.tsv"
run_case dedupe-rejects-units-near 0 "--unit --near: a near-copy unit names its record and similarity" \
	"printf 'the quick brown fox jumps over the dog\nthe quick brown fox jumps over the cat\n' |
	 $BIN/rill-dedupe --unit=lines --near=0.5 --shingle=2 --rejects=r.tsv && cat r.tsv"
run_case dedupe-unit-drops-by-default 0 "--unit: a record all of whose units were repeats is dropped by default (said in --stats)" \
	"$BIN/rill-dedupe -F tsv -H -f text --unit=paragraphs --stats=st.json units.tsv &&
	 python3 -c 'import json; print(json.load(open(\"st.json\"))[\"records_dropped_empty\"])'"
run_case dedupe-keep-empty 0 "--keep-empty: the record stays, its field empty, so a join on id loses no row" \
	"$BIN/rill-dedupe -F tsv -H -f text --unit=paragraphs --keep-empty --stats=st.json units.tsv &&
	 python3 -c 'import json; print(json.load(open(\"st.json\"))[\"records_kept_empty\"])'"
run_case dedupe-keep-empty-alone 2 "--keep-empty without --unit is a usage error" \
	"$BIN/rill-dedupe --keep-empty units.tsv"
check dedupe-help-keep-empty "--help says what --unit does with an emptied record by default" \
	"$BIN/rill-dedupe --help | grep -A1 -- '--keep-empty' | grep -q 'by default it is dropped'"
run_case dedupe-unit-short-record 0 "--unit: a record without the field is written as it is, not dropped" \
	"printf 'id\ttext\n1\ta\n2\n3\ta\n' | $BIN/rill-dedupe -F tsv -H -f text --unit=lines"
run_case tag-rejects-boilerplate 0 "rill-tag --drop=boilerplate --rejects: the tags and the features that decided" \
	"printf 'The council met on Tuesday and voted to close the old road by the river.\nSign up for our newsletter\nShare this article | Facebook | Twitter\n' |
	 $BIN/rill-tag -t boilerplate --drop=boilerplate --rejects=r.tsv && cat r.tsv"
run_case tag-rejects-only 0 "rill-tag --only --rejects: the records without the tag" \
	"printf 'a http://x.org\nno link\n' | $BIN/rill-tag -t url --only=url --rejects=r.tsv && cat r.tsv"
run_case tag-v-invert 0 "rill-tag -v is --invert (grep -v): the records without a URL" \
	"printf 'a http://x.org\nno link\n' | $BIN/rill-tag -t url --only=url -v --rejects=r.tsv && cat r.tsv"
run_case tag-v-alone 2 "-v without --only or --drop is a usage error, not ignored" \
	"printf 'a\n' | $BIN/rill-tag -t url -v"
check tag-rejects-threads "rill-tag --rejects on every core: the same output and rejects, in input order, as on one" \
	"seq 1 100000 | sed 's/7\$/7 http:\\/\\/x.org/' > big.txt &&
	 $BIN/rill-tag -t url --only=url --threads=1 --rejects=r1.tsv big.txt > o1 &&
	 $BIN/rill-tag -t url --only=url --threads=3 --rejects=r3.tsv big.txt > o3 &&
	 cmp o1 o3 && cmp r1.tsv r3.tsv && test \$(wc -l < r1.tsv) -eq 90000 && test \$(wc -l < o1) -eq 10000"
run_case count-rejects-invalid 0 "--invalid=skip --rejects: the skipped record's FILE:LINE, byte and bytes" \
	"printf 'a\n\377b\nc\n' > bad.txt && $BIN/rill-count --invalid=skip --rejects=r.tsv bad.txt && od -c r.tsv | sed 's/  */ /g'"
run_case join-rejects-right 0 "rill-join: RIGHT's skipped records are in the rejects too" \
	"printf 'k\tv\n\377\tx\nb\ty\n' > R.tsv && printf 'k\tw\nb\tz\n' | $BIN/rill-join -F tsv -H --invalid=skip --rejects=r.tsv - R.tsv && od -c r.tsv | sed 's/  */ /g'"
run_case split-rejects-csv 0 "CSV output: the rejects are CSV too" \
	"printf 'a,b\n\"x\377\",y\nc,d\n' | $BIN/rill-split -F csv --invalid=skip -b words --to=csv --rejects=r.csv && od -c r.csv | sed 's/  */ /g'"
run_case dedupe-rejects-doc 0 "-F doc: a reject carries the file name first" \
	"mkdir dd && printf 'same\n' > dd/a.txt && printf 'same\n' > dd/b.txt && $BIN/rill-dedupe -F doc --rejects=r.tsv dd/a.txt dd/b.txt && cat r.tsv"
check dedupe-rejects-gz "a rejects file named .gz is compressed" \
	"printf 'a\na\n' | $BIN/rill-dedupe --rejects=r.tsv.gz > /dev/null && gzip -dc r.tsv.gz | grep -q '^2	duplicate	1	'"
run_case dedupe-rejects-stdout 2 "--rejects=- is refused: standard output is the output" \
	"printf 'a\n' | $BIN/rill-dedupe --rejects=-"
run_case dedupe-rejects-same-as-output 2 "--rejects naming the -o file is refused" \
	"printf 'a\n' | $BIN/rill-dedupe -o x.tsv --rejects=x.tsv"
check dedupe-rejects-failed-run "a failed run leaves no rejects file (nor a temporary)" \
	"mkdir fr && cd fr && ! printf 'a\na\n\377\n' | $BIN/rill-dedupe --invalid=fail --rejects=r.tsv > /dev/null 2>&1 && test -z \"\$(ls -A)\""

# ---- the README says all this in a "Common mistakes" section -----------------
check readme-common-mistakes "the README's Common mistakes section names each habit and its answer" \
	"sed -n '/^## Common mistakes/,/^## /p' $TOP/README.md > cm && test \$(wc -l < cm) -gt 20 &&
	 for w in '-F tsv' 'use -d for' 'did you mean' '.xz' '--keep-empty' '--rejects=FILE' 'rill-tag -v' \
		  '--line-buffered' '--headerless-output' '-b paragraphs' 'LC_ALL=C awk' '--threads=0' \
		  '--progress=log' \"--into='dir/%k.tsv'\" 'rill dedupe' 'make V=1'; do
		grep -qF -- \"\$w\" cm || { echo \"missing: \$w\"; exit 1; }; done"
