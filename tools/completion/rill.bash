# bash completion for the rill tools: options come from the tool's own
# --help (so they cannot drift), values for the options that take a fixed
# set, and file names otherwise.  Installed by `make install` as
# share/bash-completion/completions/rill-TOOL.
_rill_complete()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case "$cur" in
	--format=*|--to=*|--format2=*)
		COMPREPLY=($(compgen -P "${cur%%=*}=" -W "lines tsv csv para doc" -- "${cur#*=}"))
		return ;;
	--invalid=*)
		COMPREPLY=($(compgen -P "--invalid=" -W "replace skip fail keep" -- "${cur#*=}"))
		return ;;
	--normalize=*)
		COMPREPLY=($(compgen -P "--normalize=" -W "nfc nfkc none" -- "${cur#*=}"))
		return ;;
	--by=*)
		COMPREPLY=($(compgen -P "--by=" -W "paragraphs sentences words graphemes ngrams= chunks=" -- "${cur#*=}"))
		return ;;
	--type=*)
		COMPREPLY=($(compgen -P "--type=" -W "inner left right full semi anti" -- "${cur#*=}"))
		return ;;
	--keep=*)
		COMPREPLY=($(compgen -P "--keep=" -W "first last longest" -- "${cur#*=}"))
		return ;;
	-*)
		local opts
		opts=$("$1" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*=\?' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		[ "${COMPREPLY[0]%=}" != "${COMPREPLY[0]}" ] && compopt -o nospace 2>/dev/null
		return ;;
	esac
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _rill_complete rill-split rill-tag rill-dedupe rill-count rill-join
