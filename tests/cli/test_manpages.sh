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
