# Shared by the tests/cli/test_*.sh scripts, in the style of git's t/:
# each case has a name and a one-line title, runs a shell command in a
# scratch directory, and compares its exit status, its standard output
# with golden/NAME.out and its standard error with golden/NAME.err (no
# such file: standard error must be empty).  A failing case prints what differed.  UPDATE=1 writes the
# golden files from the current output instead (review them before
# committing).

: "${BIN:=bin}" "${BUILD:=build/cc}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
GOLDEN="$TOP/tests/cli/golden"
DATA="$TOP/tests/cli/data"
case "$BIN" in /*) ;; *) BIN="$TOP/$BIN" ;; esac
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
RILL_CAT="$BIN/rill-cat"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
export BIN BUILD RILL_CAT DATA SCRATCH
# Sanitizers must not turn a quiet SIGPIPE death into a report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:handle_sigpipe=0"

# run_case NAME STATUS TITLE COMMAND
run_case() {
	name=$1 want_status=$2 title=$3
	shift 3
	(cd "$SCRATCH" && eval "$*") >"$SCRATCH/.out" 2>"$SCRATCH/.err"
	status=$?
	if [ -n "$UPDATE" ]; then
		cp "$SCRATCH/.out" "$GOLDEN/$name.out"
		[ -s "$SCRATCH/.err" ] && cp "$SCRATCH/.err" "$GOLDEN/$name.err"
	fi
	problem=""
	[ "$status" -eq "$want_status" ] || problem="exit status $status, expected $want_status"
	if [ -z "$problem" ] && [ -f "$GOLDEN/$name.out" ]; then
		cmp -s "$SCRATCH/.out" "$GOLDEN/$name.out" ||
			problem="standard output differs from golden/$name.out:
$(diff "$GOLDEN/$name.out" "$SCRATCH/.out" | head -n 20)"
	elif [ -z "$problem" ]; then
		problem="no golden file golden/$name.out"
	fi
	if [ -z "$problem" ] && [ -f "$GOLDEN/$name.err" ]; then
		cmp -s "$SCRATCH/.err" "$GOLDEN/$name.err" ||
			problem="standard error differs from golden/$name.err:
$(diff "$GOLDEN/$name.err" "$SCRATCH/.err" | head -n 20)"
	elif [ -z "$problem" ] && [ -s "$SCRATCH/.err" ]; then
		problem="unexpected standard error (no golden/$name.err)"
	fi
	if [ -z "$problem" ]; then
		echo "ok $name - $title"
	else
		echo "FAIL $name - $title"
		echo "  command: $*"
		echo "$problem" | sed 's/^/  /'
		[ -s "$SCRATCH/.err" ] && sed 's/^/  stderr: /' "$SCRATCH/.err" | head -n 5
	fi
}

# check NAME TITLE SHELL-CONDITION: a case judged by a condition alone.
check() {
	name=$1 title=$2
	shift 2
	if (cd "$SCRATCH" && eval "$*") >"$SCRATCH/.out" 2>&1; then
		echo "ok $name - $title"
	else
		echo "FAIL $name - $title"
		echo "  condition: $*"
		sed 's/^/  /' "$SCRATCH/.out" | head -n 10
	fi
}
