#!/bin/sh
# Installs the Debian packages rill needs to build and test, if missing.
# Run by `make deps`, and so by `make demo` and `make test`.
set -e
packages="gcc g++ make libcsv-dev libutf8proc-dev zlib1g-dev libisal-dev libxxhash-dev
libpcre2-dev libzstd-dev libgumbo-dev libbrotli-dev libsimdjson-dev unicode-data gzip zstd xz-utils bzip2 groff-base parallel python3 time man-db"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "rill: installing missing packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq $missing
