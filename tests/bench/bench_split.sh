# Sourced by tests/bench/run.sh: rill-split beside ICU's BreakIterator
# (built from tests/bench/icu-split.c when libicu-dev can be had) and the
# crude byte-level split `tr -s ' .' '\n\n'`, on the article texts, one
# paragraph per line; and sentence quality on the gold set and the set
# held aside.
SPLIT="$BIN/rill-split"
icu=""
if ! pkg-config --exists icu-uc icu-i18n 2>/dev/null && [ "$(id -u)" -eq 0 ]; then
	apt-get install -y -qq libicu-dev >/dev/null 2>&1 || true
fi
if pkg-config --exists icu-uc icu-i18n 2>/dev/null; then
	icu="$dir/icu-split"
	cc -O2 -o "$icu" tests/bench/icu-split.c $(pkg-config --cflags --libs icu-uc icu-i18n)
fi

header "Sentences: target rill-split at least as fast as tr -s ' .' and faster than ICU"
row "tr -s ' .' '\\\\n\\\\n' | wc -l" "$textbytes" "tr -s ' .' '\n\n' < $text | wc -l"
ref=$LAST
[ -n "$icu" ] && row "ICU BreakIterator (sentences)" "$textbytes" "$icu sentences < $text | wc -l" "$ref"
row "rill-split -b sentences (one core)" "$textbytes" "$SPLIT --threads=1 -b sentences $text | wc -l" "$ref"
row "rill-split -b sentences" "$textbytes" "$SPLIT -b sentences $text | wc -l" "$ref"

header "Words"
row "tr -s ' .' '\\\\n\\\\n' | wc -l" "$textbytes" "tr -s ' .' '\n\n' < $text | wc -l"
ref=$LAST
[ -n "$icu" ] && row "ICU BreakIterator (words)" "$textbytes" "$icu words < $text | wc -l" "$ref"
row "rill-split -b words (one core)" "$textbytes" "$SPLIT --threads=1 -b words $text | wc -l" "$ref"
row "rill-split -b words" "$textbytes" "$SPLIT -b words $text | wc -l" "$ref"
if command -v parallel >/dev/null 2>&1; then
	row "parallel --pipepart -j $(nproc) rill-split --threads=1 -b words" "$textbytes" \
		"parallel --will-cite --pipepart -a $text --block -1 -j $(nproc) --keep-order '$SPLIT --threads=1 -b words' | wc -l" "$ref"
fi

# The held-aside set was written after the rules and is reported apart.
for set in gold held-aside; do
	echo
	echo "Sentence quality on tests/cli/sentences/$set.txt (sentences split exactly right):"
	gold=tests/cli/sentences/$set.txt
	awk 'BEGIN { RS = "" } !/^#/ { gsub(/\n/, " "); print }' "$gold" >"$dir/$set-paras.txt"
	grep -v '^#' "$gold" | grep -v '^$' >"$dir/$set-want.txt"
	total=$(wc -l <"$dir/$set-want.txt")
	"$SPLIT" -b sentences "$dir/$set-paras.txt" >"$dir/$set-rill.txt"
	echo "  rill-split: $(grep -Fxc -f "$dir/$set-want.txt" "$dir/$set-rill.txt") of $total"
	if [ -n "$icu" ]; then
		"$icu" sentences <"$dir/$set-paras.txt" >"$dir/$set-icu.txt"
		echo "  ICU:        $(grep -Fxc -f "$dir/$set-want.txt" "$dir/$set-icu.txt") of $total"
	fi
done

# rill-split --into --key: each record finds its file in constant time (a
# hashmap of names, a least-recently-used list of the 64 open files), so a
# million distinct keys cost per record what a thousand do but for making
# the files (the kernel's create and rename of a million directory entries).
# Once each: a million files are slow to make and to remove.
shard_in_small="$dir/shard-keys-1000.tsv"
shard_in_large="$dir/shard-keys-1000000.tsv"
[ -s "$shard_in_small" ] || awk 'BEGIN { srand(1); for (i = 0; i < 1000000; i++) printf "key%d\trecord %d of the day\n", int(rand() * 1000), i }' >"$shard_in_small"
[ -s "$shard_in_large" ] || awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "key%d\trecord %d of the day\n", i, i }' >"$shard_in_large"
header "rill-split --into --key, 1,000,000 records: target 1,000,000 keys in under 2x the time of 1,000"
saved_runs=$BENCH_RUNS
BENCH_RUNS=1
rm -rf "$dir/shards"
row "1,000 keys (64 files open, reopened as used)" "$(wc -c <"$shard_in_small")" \
	"mkdir -p $dir/shards && $SPLIT -F tsv --into='$dir/shards/%k.tsv' --key=1 $shard_in_small"
ref=$LAST
rm -rf "$dir/shards"
row "1,000,000 keys (a file each)" "$(wc -c <"$shard_in_large")" \
	"mkdir -p $dir/shards && $SPLIT -F tsv --into='$dir/shards/%k.tsv' --key=1 $shard_in_large" "$ref"
awk -v r="$ref" -v t="$LAST" 'BEGIN { printf "  1,000,000 keys take %.2fx the time of 1,000\n", t / r }'
rm -rf "$dir/shards"
BENCH_RUNS=$saved_runs
