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
# hashmap of names, a least-recently-used list of the open files, up to
# 8,192 of them, the soft descriptor limit raised toward the hard one), so
# 1,000 keys are all open at once, and SHARD_KEYS distinct keys (default
# 1,000,000) cost per record what 1,000 do but for making the files: a
# stat, a create, a lock, a write, a close and a rename each, whose time is
# the file system's (on ext4 a create in a directory of a million entries
# costs the kernel 100 us and more). So beside wall time: user CPU per
# record of both (rill's own work), and the floor: the same files made,
# written and renamed by the simplest program that can
# (tests/bench/shard-floor.c), rill's time for SHARD_KEYS keys a multiple
# of that. Once each: a million files are slow to make and to remove.
# Each row writes into a directory of its own, and all are removed only at
# the end: ext4 does not reuse an inode freed in the last minute or five
# (recently_deleted() in its inode allocator reads past each one), so a row
# run just after the previous row's million files were removed pays for
# them on every create (perf, 60,000 keys just after another run's files
# were removed: 70% of the run's samples there; 100,000 keys so took 66 to
# 69 s of system time, the floor run before them 11 s).
: "${SHARD_KEYS:=1000000}"
shard_in_small="$dir/shard-keys-1000-of-$SHARD_KEYS.tsv"
shard_in_large="$dir/shard-keys-$SHARD_KEYS.tsv"
[ -s "$shard_in_small" ] || awk -v n="$SHARD_KEYS" 'BEGIN { srand(1); for (i = 0; i < n; i++) printf "key%d\trecord %d of the day\n", int(rand() * 1000), i }' >"$shard_in_small"
[ -s "$shard_in_large" ] || awk -v n="$SHARD_KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "key%d\trecord %d of the day\n", i, i }' >"$shard_in_large"
shard_floor="$dir/shard-floor"
cc -O2 -o "$shard_floor" tests/bench/shard-floor.c
keys_label=$(echo "$SHARD_KEYS" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta')
header "rill-split --into --key, $keys_label records: target $keys_label keys in under 2x the time of 1,000"
saved_runs=$BENCH_RUNS
BENCH_RUNS=1
# cpu_line FILE: user and system CPU of the row just run, user per record.
cpu_line() {
	awk -v n="$SHARD_KEYS" '{ printf "  %-44s %8.2f s user %7.2f s sys %7.3f us user a record\n", "", $1, $2, $1 / n * 1e6 }' "$1"
}
rm -rf "$dir/shards" "$dir/shards-small" "$dir/shards-large" "$dir/shards-floor"
row "1,000 keys (all open at once)" "$(wc -c <"$shard_in_small")" \
	"mkdir -p $dir/shards-small && /usr/bin/time -f '%U %S' -o $dir/shard-cpu-small $SPLIT -F tsv --into='$dir/shards-small/%k.tsv' --key=1 $shard_in_small"
ref=$LAST
cpu_line "$dir/shard-cpu-small"
row "$keys_label keys (a file each)" "$(wc -c <"$shard_in_large")" \
	"mkdir -p $dir/shards-large && /usr/bin/time -f '%U %S' -o $dir/shard-cpu-large $SPLIT -F tsv --into='$dir/shards-large/%k.tsv' --key=1 $shard_in_large" "$ref"
large=$LAST
cpu_line "$dir/shard-cpu-large"
row "floor: $keys_label files made, written, renamed" "$(wc -c <"$shard_in_large")" \
	"mkdir -p $dir/shards-floor && /usr/bin/time -f '%U %S' -o $dir/shard-cpu-floor $shard_floor $dir/shards-floor < $shard_in_large" "$ref"
floor=$LAST
cpu_line "$dir/shard-cpu-floor"
rm -rf "$dir/shards-small" "$dir/shards-large" "$dir/shards-floor"
awk -v r="$ref" -v t="$large" -v f="$floor" -v k="$keys_label" 'BEGIN {
	printf "  %s keys take %.2fx the time of 1,000, %.2fx the floor'"'"'s\n", k, t / r, t / f }'
awk -v k="$keys_label" '{ u[NR] = $1 } END { printf "  user CPU a record: %s keys %.2fx 1,000 keys\n", k, u[2] / u[1] }' \
	"$dir/shard-cpu-small" "$dir/shard-cpu-large"
BENCH_RUNS=$saved_runs
