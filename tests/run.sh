#!/bin/sh
# Runs every test: the C unit tests of common/ and the end-to-end cases of
# tests/cli/ through the binaries.  Ends with "N passed, N failed" and a
# non-zero status on any failure.  BIN and BUILD come from the Makefile.
: "${BIN:=bin}" "${BUILD:=build/cc}"
export BIN BUILD
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>"$log.err"
	status=$?
	ok=$(grep -c '^ok ' "$log")
	bad=$(grep -c '^FAIL ' "$log")
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		bad=1	# crashed before reporting
		echo "FAIL $(basename "$t") exited with status $status"
		tail -n 20 "$log.err"
	fi
	grep -a -v '^ok ' "$log"
	passed=$((passed + ok))
	failed=$((failed + bad))
	rm -f "$log.err"
done
echo "unit: $passed passed, $failed failed"

for t in tests/cli/test_*.sh; do
	sh "$t" >"$log" 2>&1
	ok=$(grep -c '^ok ' "$log")
	bad=$(grep -c '^FAIL ' "$log")
	grep -a -v '^ok ' "$log"
	passed=$((passed + ok))
	failed=$((failed + bad))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
