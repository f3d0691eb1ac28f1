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
