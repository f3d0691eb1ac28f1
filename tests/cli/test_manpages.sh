#!/bin/sh
# The man pages are the contract (rill(7) for what every tool shares, each
# tool's page for its own options): every option a tool's --help lists is
# in its page if the tool's own, in rill(7) if common; every option a page
# names is in --help; groff reports no warning on any page.
. "$(dirname "$0")/lib.sh"

shared="$TOP/man/rill.7"
: > "$SCRATCH/all.help"
for bin in "$BIN"/rill-*; do
	[ -x "$bin" ] || continue
	tool=$(basename "$bin")
	page="$TOP/man/$tool.1"
	check "man-$tool-exists" "$tool has a man page" "test -f $page"
	"$bin" --help > "$SCRATCH/$tool.usage"
	grep -o -- '--[a-z][a-z-]*' "$SCRATCH/$tool.usage" | sort -u > "$SCRATCH/$tool.help"
	cat "$SCRATCH/$tool.help" >> "$SCRATCH/all.help"
	# The tool's own options are the "Options:" section; the others are common.
	awk '/^Options:/ { own = 1; next } /^$/ { own = 0 } own' "$SCRATCH/$tool.usage" |
		grep -o -- '^ *\(-[a-zA-Z0-9], \)\?--[a-z][a-z-]*' | grep -o -- '--[a-z-]*' | sort -u > "$SCRATCH/$tool.own"
	comm -23 "$SCRATCH/$tool.help" "$SCRATCH/$tool.own" > "$SCRATCH/$tool.common"
	sed 's/\\-/-/g' "$page" | grep -o -- '--[a-z][a-z-]*' | sort -u > "$SCRATCH/$tool.man"
	check "man-$tool-own-in-man" "every option of $tool's own is in its man page" \
		"test -s $tool.own && { test -z \"\$(comm -23 $tool.own $tool.man)\" || { comm -23 $tool.own $tool.man; false; }; }"
	check "man-$tool-man-in-help" "every option in the man page of $tool is in --help" \
		"test -z \"\$(comm -13 $tool.help $tool.man)\" || { comm -13 $tool.help $tool.man; false; }"
	sed 's/\\-/-/g' "$shared" | grep -o -- '--[a-z][a-z-]*' | sort -u > "$SCRATCH/shared.man"
	check "man-$tool-common-in-rill7" "every common option of $tool's --help is in rill(7)" \
		"test -s $tool.common && { test -z \"\$(comm -23 $tool.common shared.man)\" || { comm -23 $tool.common shared.man; false; }; }"
	check "man-$tool-refers-to-rill7" "the man page of $tool refers to rill(7) for the common options" \
		"grep -q '^\.BR rill (7)' $page"
	check "man-$tool-groff" "groff -ww finds nothing to warn about in $tool.1" \
		"groff -ww -man -Tutf8 $page 2>warn >/dev/null; test ! -s warn || { cat warn; false; }"
done
sort -u -o "$SCRATCH/all.help" "$SCRATCH/all.help"
check man-rill7-in-help "every option rill(7) names is in some tool's --help" \
	"test -z \"\$(comm -13 all.help shared.man)\" || { comm -13 all.help shared.man; false; }"
check man-rill7-groff "groff -ww finds nothing to warn about in rill.7" \
	"groff -ww -man -Tutf8 $shared 2>warn >/dev/null; test ! -s warn || { cat warn; false; }"
check man-no-spec "code, comments and tests cite the man pages, not a file outside the repository" \
	"! grep -rn 'SPEC\\.md\\|\\.\\./shared' $TOP/common $TOP/filters $TOP/tests $TOP/tools $TOP/man $TOP/README.md $TOP/Makefile --exclude=test_manpages.sh"

# make install puts binaries, man pages and completions in place; man reads
# the pages (rill(7) as `man rill` and `man 7 rill`); uninstall removes them all.
check install "make install DESTDIR=... installs, man reads the pages, uninstall removes" \
	"make -s -C $TOP install DESTDIR=$SCRATCH/root PREFIX=/usr SANITIZE=$SANITIZE > /dev/null &&
	 for t in cat split dedupe count join tag; do
		test -x root/usr/bin/rill-\$t && root/usr/bin/rill-\$t --version > /dev/null &&
		test -f root/usr/share/bash-completion/completions/rill-\$t &&
		MANPATH=root/usr/share/man man -P cat rill-\$t 2>/dev/null | grep -q 'EXIT STATUS' || exit 1
	 done &&
	 test -f root/usr/lib/rill/rill-json.so &&
	 printf '{\"a\": \"x\"}\\n' | root/usr/bin/rill-count -F jsonl -f a | grep -q x &&
	 MANPATH=root/usr/share/man man -P cat rill 2>/dev/null | grep -q 'KEYS AND NORMALIZATION' &&
	 MANPATH=root/usr/share/man man -P cat 7 rill 2>/dev/null | grep -q 'KEYS AND NORMALIZATION' &&
	 make -s -C $TOP uninstall DESTDIR=$SCRATCH/root PREFIX=/usr SANITIZE=$SANITIZE > /dev/null &&
	 test -z \"\$(find root -type f)\""
check completion "bash completion offers each tool's options from its --help" \
	"bash -c '. $TOP/tools/completion/rill.bash; COMP_WORDS=($BIN/rill-dedupe --sta); COMP_CWORD=1;
	 _rill_complete $BIN/rill-dedupe; printf \"%s\\n\" \"\${COMPREPLY[@]}\"' > words &&
	 grep -qx -- '--state=' words && grep -qx -- '--stats=' words"
