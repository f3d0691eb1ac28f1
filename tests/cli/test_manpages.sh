#!/bin/sh
# Every tool has a man page; every long option in its --help is in the man
# page and every option the man page names is in --help; groff reports no
# warning on the page.
. "$(dirname "$0")/lib.sh"

for bin in "$BIN"/rill-*; do
	[ -x "$bin" ] || continue
	tool=$(basename "$bin")
	page="$TOP/man/$tool.1"
	check "man-$tool-exists" "$tool has a man page" "test -f $page"
	"$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u > "$SCRATCH/$tool.help"
	sed 's/\\-/-/g' "$page" | grep -o -- '--[a-z][a-z-]*' | sort -u > "$SCRATCH/$tool.man"
	check "man-$tool-help-in-man" "every --help option of $tool is in its man page" \
		"test -z \"\$(comm -23 $tool.help $tool.man)\" || { comm -23 $tool.help $tool.man; false; }"
	check "man-$tool-man-in-help" "every option in the man page of $tool is in --help" \
		"test -z \"\$(comm -13 $tool.help $tool.man)\" || { comm -13 $tool.help $tool.man; false; }"
	check "man-$tool-groff" "groff -ww finds nothing to warn about in $tool.1" \
		"groff -ww -man -Tutf8 $page 2>warn >/dev/null; test ! -s warn || { cat warn; false; }"
done

# make install puts binaries, man pages and completions in place; man reads
# the pages; uninstall removes them all.
check install "make install DESTDIR=... installs, man reads the pages, uninstall removes" \
	"make -s -C $TOP install DESTDIR=$SCRATCH/root PREFIX=/usr SANITIZE=$SANITIZE > /dev/null &&
	 for t in split dedupe count join; do
		test -x root/usr/bin/rill-\$t && root/usr/bin/rill-\$t --version > /dev/null &&
		test -f root/usr/share/bash-completion/completions/rill-\$t &&
		MANPATH=root/usr/share/man man -P cat rill-\$t 2>/dev/null | grep -q 'EXIT STATUS' || exit 1
	 done &&
	 make -s -C $TOP uninstall DESTDIR=$SCRATCH/root PREFIX=/usr SANITIZE=$SANITIZE > /dev/null &&
	 test -z \"\$(find root -type f)\""
check completion "bash completion offers each tool's options from its --help" \
	"bash -c '. $TOP/tools/completion/rill.bash; COMP_WORDS=($BIN/rill-dedupe --sta); COMP_CWORD=1;
	 _rill_complete $BIN/rill-dedupe; printf \"%s\\n\" \"\${COMPREPLY[@]}\"' > words &&
	 grep -qx -- '--state=' words && grep -qx -- '--stats=' words"
