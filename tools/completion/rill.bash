# bash completion for the rill tools and the rill command.  Installed by
# `make install` as share/bash-completion/completions/rill-TOOL (and rill),
# which bash-completion loads when a rill command is first completed.
#
# Options and which of them take a value come from the tool's own --help
# (so they cannot drift); the values of the options that take a fixed set
# (-F, --to, -b, -t, --unit, --progress, --invalid, --repair, --html,
# --offsets, --normalize, --type,
# rill-dedupe's --keep) are offered, and for an option that takes fields
# (-f, --id, --key, --keep, -1, -2, --sum: FIELD or LIST in --help) the
# names in the header of the first input file on the command line, when
# -H is there too (gzip and zstd files are read through gzip -dc and
# zstd -dc).

# The tool's options: lines "SHORT|LONG|METAVAR|[" (SHORT and METAVAR may
# be empty; the last field is "[" for a value that is optional, as
# --progress[=WHEN]: F|--format|FMT|, |--all||, |--progress|WHEN|[), from
# its --help.
_rill_options()
{
	"$1" --help 2>/dev/null |
		sed -n 's/^ *\(-\([^ ,]\), \)\{0,1\}\(--[a-z0-9-]*\)\(\(\[\{0,1\}\)=\([A-Z]*\)\)\{0,1\}.*/\2|\3|\6|\5/p'
}

# The header's field names of the first input file of the command line
# (the second with $2 = 2: rill-join's RIGHT).
_rill_header_names()
{
	local tool=$1 nth=${2:-1} i w format=lines delim="" header="" file="" takes files=()
	# The options that take a value (FMT, FILE...; not --progress's optional one).
	takes=" $(_rill_options "$tool" | awk -F'|' '$3 != "" && $4 == "" { if ($1 != "") print "-" $1; print $2 }' | tr '\n' ' ') "
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		[ "$i" -eq "$COMP_CWORD" ] && continue
		w=${COMP_WORDS[i]}
		case "$w" in
		-F|--format) format=${COMP_WORDS[i+1]}; i=$((i + 1)); continue ;;
		--format=*) format=${w#*=}; continue ;;
		-F?*) format=${w#-F}; continue ;;
		-d|--delimiter) delim=${COMP_WORDS[i+1]}; i=$((i + 1)); continue ;;
		--delimiter=*) delim=${w#*=}; continue ;;
		-H|--header) header=1; continue ;;
		--*=*) continue ;;
		-?*)
			# An option that takes a value: skip the value.
			case "$takes" in *" $w "*) i=$((i + 1)) ;; esac
			continue ;;
		esac
		[ -f "$w" ] && files+=("$w")
	done
	file=${files[nth-1]}
	[ -n "$header" ] && [ -n "$file" ] || return
	local line magic
	magic=$(od -An -tx1 -N4 "$file" 2>/dev/null | tr -d ' \n')
	case "$magic" in
	1f8b*) line=$(gzip -dc "$file" 2>/dev/null | head -n 1) ;;
	28b52ffd) line=$(zstd -dc "$file" 2>/dev/null | head -n 1) ;;
	*) line=$(head -c 65536 "$file" | head -n 1) ;;
	esac
	line=${line%$'\r'}
	case "$format" in
	tsv) [ -n "$delim" ] || delim=$'\t' ;;
	csv) [ -n "$delim" ] || delim=, ;;
	*) return ;;
	esac
	[ "$delim" = '\t' ] || [ "$delim" = tab ] && delim=$'\t'
	local IFS=$delim names
	read -r -a names <<< "$line"
	for w in "${names[@]}"; do
		[ "$format" = csv ] && { w=${w#\"}; w=${w%\"}; }
		printf '%s\n' "$w"
	done
}

# Completes cur among the words of $2 (one a line); a comma list is
# completed after its last comma when $3 is "list".
_rill_values()
{
	local cur=$1 words=$2 list=$3 head="" IFS=$'\n' w
	if [ "$list" = list ] && [ "${cur%,*}" != "$cur" ]; then
		head=${cur%,*},
		cur=${cur##*,}
	fi
	COMPREPLY=()
	for w in $(compgen -W "$words" -- "$cur"); do
		COMPREPLY+=("$head$w")
	done
	[ "${COMPREPLY[0]%=}" != "${COMPREPLY[0]}" ] && compopt -o nospace 2>/dev/null
}

# The values of option $2 (long name) of tool $1 with metavar $3, for cur.
_rill_option_value()
{
	local tool=$1 opt=$2 meta=$3 cur=$4
	case "$opt" in
	--format|--format2)
		_rill_values "$cur" $'lines\ntsv\ncsv\npara\ndoc\njsonl\nwarc' ;;
	--to)
		_rill_values "$cur" $'lines\ntsv\ncsv\npara\njsonl\nwarc' ;;
	--repair)
		_rill_values "$cur" $'mojibake' ;;
	--html)
		_rill_values "$cur" $'text\nmain' ;;
	--offsets)
		_rill_values "$cur" $'bytes\nchars' ;;
	--by)
		_rill_values "$cur" $'paragraphs\nsentences\nwords\ngraphemes\nngrams=\nchunks=' ;;
	--tagger)
		_rill_values "$cur" $'url\nemail\nhashtag\nmention\nnumber\nquote\nboilerplate\nmojibake\nscript' list ;;
	--unit)
		_rill_values "$cur" $'paragraphs\nsentences\nlines' ;;
	--progress)
		_rill_values "$cur" $'auto\nalways\nnever\nlog' ;;
	--invalid)
		_rill_values "$cur" $'replace\nskip\nfail\nkeep' ;;
	--normalize)
		_rill_values "$cur" $'nfc\nnfkc\nnone' ;;
	--type)
		_rill_values "$cur" $'inner\nleft\nright\nfull\nsemi\nanti' ;;
	--stage)
		_rill_values "$cur" $'bands\nbuckets\ncandidates\npairs\ndecide\nfilter\nindex' ;;
	*)
		case "$meta" in
		WHICH) _rill_values "$cur" $'first\nlast\nlongest' ;;
		FIELD|FIELDS|LIST)
			local nth=1
			[ "$opt" = --right-key ] && nth=2
			_rill_values "$cur" "$(_rill_header_names "$tool" $nth)" list ;;
		FILE|PATTERN) COMPREPLY=($(compgen -f -- "$cur")) ;;
		*) COMPREPLY=() ;;
		esac ;;
	esac
}

_rill_complete()
{
	local tool=$1 cur prev opts line
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	opts=$(_rill_options "$tool")
	# --option=VALUE
	case "$cur" in
	--*=*)
		line=$(printf '%s\n' "$opts" | awk -F'|' -v o="${cur%%=*}" '$2 == o { print $2 "|" $3; exit }')
		_rill_option_value "$tool" "${cur%%=*}" "${line#*|}" "${cur#*=}"
		local i
		for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]="${cur%%=*}=${COMPREPLY[i]}"; done
		return ;;
	esac
	# -F VALUE, --format VALUE: the word before is an option that takes a value
	case "$prev" in
	-?|--?*)
		line=$(printf '%s\n' "$opts" | awk -F'|' -v o="$prev" '$3 != "" && $4 == "" && ("-" $1 == o || $2 == o) { print $2 "|" $3; exit }')
		if [ -n "$line" ]; then
			_rill_option_value "$tool" "${line%|*}" "${line#*|}" "$cur"
			return
		fi ;;
	esac
	case "$cur" in
	-*)
		local words
		words=$(printf '%s\n' "$opts" | awk -F'|' '{ print $2 ($3 != "" ? "=" : "") }' | sort -u)
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		[ "${COMPREPLY[0]%=}" != "${COMPREPLY[0]}" ] && compopt -o nospace 2>/dev/null
		return ;;
	esac
	COMPREPLY=($(compgen -f -- "$cur"))
}

# rill TOOL ...: the tools first, then TOOL's own completion.
_rill()
{
	if [ "$COMP_CWORD" -eq 1 ]; then
		local tools
		tools=$("$1" --help 2>/dev/null | sed -n 's/^  \([a-z0-9][a-z0-9-]*\) .*/\1/p')
		COMPREPLY=($(compgen -W "$tools help" -- "${COMP_WORDS[1]}"))
		return
	fi
	local tool=rill-${COMP_WORDS[1]} dir
	dir=$(dirname "$(command -v "$1" 2>/dev/null)")
	[ -x "$dir/$tool" ] && tool=$dir/$tool
	COMP_WORDS=("$tool" "${COMP_WORDS[@]:2}")
	COMP_CWORD=$((COMP_CWORD - 1))
	_rill_complete "$tool"
}

complete -F _rill_complete rill-split rill-tag rill-dedupe rill-count rill-join rill-cat
complete -F _rill rill
