#!/bin/sh
# make fuzz: builds the libFuzzer targets with clang, ASan and UBSan, and
# runs each for FUZZ_SECONDS (default 60) on a corpus kept in build/fuzz.
# Not part of `make test`: fuzzing is open-ended, CI runs the tests.
set -e
seconds=${1:-${FUZZ_SECONDS:-60}}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
if ! command -v clang >/dev/null 2>&1 || ! dpkg-query -W libclang-rt-14-dev >/dev/null 2>&1; then
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	$sudo apt-get install -y -qq clang libclang-rt-14-dev
fi
out=build/fuzz
mkdir -p "$out"
sanitizers="-g -O1 -fsanitize=fuzzer,address,undefined"
flags="-std=gnu11 -D_GNU_SOURCE -pthread $sanitizers"
libs="-lcsv -lutf8proc -lisal -lz -lzstd -lxxhash -lpcre2-8 -lgumbo -lbrotlidec -lsimdjson -lstdc++ -lm -pthread"
# The simdjson wrapper is C++: built once, with the same sanitizers (libFuzzer's main left
# out; vptr checks need the C++ runtime of UBSan, which a C link lacks).
clang++ -std=c++17 -D_GNU_SOURCE -pthread -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr \
	-c common/json.cc -o "$out/json.o"
# The code page tables, stop-word lists and class words are made at build time: made here the same way.
make -s build/cc/gen/codepages.c build/cc/gen/stopwords.c build/cc/gen/classwords.c
gen="build/cc/gen/codepages.c build/cc/gen/stopwords.c build/cc/gen/classwords.c"
for target in tests/fuzz/fuzz_*.c; do
	name=$(basename "$target" .c)
	echo "== $name: building"
	clang $flags -I. -o "$out/$name" "$target" common/*.c common/unicode/*.c common/sketch/*.c common/html/*.c \
		$gen "$out/json.o" $libs
	mkdir -p "$out/$name.corpus"
	cp tests/cli/data/* "$out/$name.corpus/" 2>/dev/null || true
	# Inputs that once failed a target (tests/fuzz/regressions/TARGET) are run again first.
	cp tests/fuzz/regressions/"$name"/* "$out/$name.corpus/" 2>/dev/null || true
	if [ "$name" = fuzz_html ]; then cp tests/cli/html/dev/*.html "$out/$name.corpus/"; fi
	# WARC files are generated, not kept: the test suite's go into the WARC target's corpus.
	[ "$name" != fuzz_warc ] || python3 tests/cli/warc/make-warc.py "$out/$name.corpus"
	echo "== $name: fuzzing for $seconds s"
	ASAN_OPTIONS=detect_leaks=1 "$out/$name" -max_total_time="$seconds" -max_len=4096 \
		-timeout=10 "$out/$name.corpus" 2>"$out/$name.log" ||
		{ tail -n 40 "$out/$name.log"; exit 1; }
	grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$out/$name.log" | tail -n 1
done
