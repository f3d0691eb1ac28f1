#!/bin/sh
# rill run as root over directories other users can write (rill(7),
# OUTPUT FILES): a symbolic link, FIFO or file another user planted in a
# sticky directory is refused, exit 1, whatever it names untouched; the
# links root made are followed; a file replaced keeps its mode and owner.
# These need root and a second user (nobody, or one made here); anywhere
# else every case is reported as skipped, never passed.
. "$(dirname "$0")/lib.sh"
D="$BIN/rill-dedupe"
S="$BIN/rill-split"
C="$RILL_CAT"

names="sec-link-refused sec-link-dir sec-link-device sec-fifo-refused sec-file-refused
sec-state-link sec-lock-link sec-shard-link sec-shard-dir-swap sec-own-link sec-keep-mode sec-keep-owner
sec-no-setuid sec-new-mode"
skip() {
	for n in $names; do
		echo "SKIP $n - $1"
	done
	exit 0
}
[ "$(id -u)" = 0 ] || skip "needs root (links planted by a second user); run make test as root, as CI does"
other=nobody
made_user=""
if ! id -u "$other" >/dev/null 2>&1; then
	other=rilltest$$
	useradd -M -r -s /usr/sbin/nologin "$other" 2>/dev/null || skip "no user nobody and useradd failed"
	made_user=$other
fi
cleanup() {
	[ -n "$made_user" ] && userdel "$made_user" 2>/dev/null
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
as_other() {
	runuser -u "$other" -- "$@"
}
uid=$(id -u "$other")
export uid
# The scratch directory is root's 0700: the other user must reach the sticky one in it.
chmod 755 "$SCRATCH"
mkdir "$SCRATCH/tmp" "$SCRATCH/secret"
chmod 1777 "$SCRATCH/tmp"
echo 'root only' >"$SCRATCH/secret/cron"
echo 'root only' >"$SCRATCH/secret/state"

# A refused write: exit 1, the message, nothing changed, no temporary left.
refused() {
	status=$1 err=$2
	test "$status" = 1 && grep -q "refusing to $3 .* owned by another user (uid $uid) in .*tmp[^,]*, a directory others can write\$" "$err" &&
		test "$(cat secret/cron)" = 'root only' && test "$(cat secret/state)" = 'root only' &&
		! ls -A tmp secret | grep -q rill-
}

check sec-link-refused "-o through a link another user planted in a sticky directory: refused, the file it names untouched" \
	"as_other ln -s $SCRATCH/secret/cron tmp/new.tsv; echo crawled | $D -o tmp/new.tsv 2> err;
	 refused \$? err follow && test -L tmp/new.tsv"
check sec-link-dir "... a link in a directory on the way: refused too" \
	"as_other ln -s $SCRATCH/secret tmp/d; echo crawled | $D -o tmp/d/cron 2> err; refused \$? err follow"
check sec-link-device "... a link to a device: refused, never opened" \
	"as_other ln -s /dev/null tmp/dev.tsv; echo crawled | $D -o tmp/dev.tsv 2> err; refused \$? err follow"
check sec-fifo-refused "a FIFO another user made there: refused at once (no hang, nothing read by them)" \
	"as_other mkfifo tmp/fifo.tsv; echo crawled | timeout 10 $D -o tmp/fifo.tsv 2> err; refused \$? err 'write to'"
check sec-file-refused "a file another user made there: not replaced (it would become theirs)" \
	"as_other sh -c 'echo theirs > tmp/theirs.tsv'; echo crawled | $D -o tmp/theirs.tsv 2> err;
	 refused \$? err replace && test \"\$(cat tmp/theirs.tsv)\" = theirs"
check sec-state-link "--state through a planted link: refused before the run, the file untouched" \
	"as_other ln -s $SCRATCH/secret/state tmp/seen.state; echo crawled | $D --state=tmp/seen.state 2> err;
	 test \$? = 1 && test \"\$(cat secret/state)\" = 'root only' && grep -q 'refusing to follow' err"
check sec-lock-link "a lock file planted as a link: refused, never created through" \
	"as_other ln -s $SCRATCH/secret/made tmp/l.state.lock; echo crawled | $D --state=tmp/l.state 2> err;
	 test \$? = 1 && ! test -e secret/made && grep -q 'the lock file tmp/l.state.lock is a symbolic link: refused' err"
check sec-shard-link "rill-split --into: a shard name planted as a link: refused, exit 1, no shard left" \
	"mkdir -m 1777 tmp/sh && as_other ln -s $SCRATCH/secret/cron tmp/sh/b.tsv;
	 printf 'a\t1\nb\t2\n' | $S -F tsv --into='tmp/sh/%k.tsv' --key=1 2> err; refused \$? err follow &&
	 test \"\$(ls -A tmp/sh)\" = b.tsv"
# The shards' directory is walked and checked once, then held open: a run
# whose directory another user swaps for a link between two shards (here
# in a directory anyone may rename in) writes nothing through the link,
# and fails at the end rather than leave the shards where the name no
# longer leads.
check sec-shard-dir-swap "rill-split --into: the directory swapped for another user's link between two shards: nothing through it, exit 1, nothing left" \
	"mkdir -m 777 tmp/w && mkdir tmp/w/sh && chmod 777 tmp/w/sh &&
	 { printf 'a\t1\n'; i=0; while ! ls -A tmp/w/sh | grep -q rill- && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done;
	   as_other mv tmp/w/sh tmp/w/old && as_other ln -s $SCRATCH/secret tmp/w/sh && printf 'b\t2\n'; } |
	 $S -F tsv --into='tmp/w/sh/%k.tsv' --key=1 2> err; test \$? = 1 &&
	 grep -q 'refusing to follow a symbolic link owned by another user' err &&
	 test \"\$(cat secret/cron)\" = 'root only' && test -z \"\$(ls -A tmp/w/old)\" &&
	 ! ls -A secret | grep -q -e rill- -e '[ab].tsv'"
check sec-own-link "a link root made there is followed: the file it names replaced, the link kept" \
	"ln -s $SCRATCH/secret/mine tmp/mine.tsv && echo crawled | $D -o tmp/mine.tsv &&
	 test -L tmp/mine.tsv && test \"\$(cat secret/mine)\" = crawled"

mkdir "$SCRATCH/out"
check sec-keep-mode "-o, --state and shards replacing a 0600 file of another user keep mode 0600 and that owner" \
	"echo old > out/o.tsv && echo old > out/k.tsv && echo old | $D --state=out/s.state > /dev/null &&
	 chown $other out/o.tsv out/k.tsv out/s.state && chmod 600 out/o.tsv out/k.tsv out/s.state &&
	 echo new | $D -o out/o.tsv && echo new | $D --state=out/s.state > /dev/null &&
	 printf 'k\tv\n' | $S -F tsv --into='out/%k.tsv' --key=1 &&
	 test \"\$(stat -c '%a %u' out/o.tsv out/s.state out/k.tsv | sort -u)\" = \"600 $uid\" &&
	 test \"\$(cat out/o.tsv)\" = new && test \"\$(cut -f 2 out/k.tsv)\" = v"
check sec-keep-owner "the group is kept too (0640, the other user's group)" \
	"echo old > out/g.tsv; chown $other:\$(id -g $other) out/g.tsv; chmod 640 out/g.tsv;
	 echo new | $C -o out/g.tsv && test \"\$(stat -c '%a %u %g' out/g.tsv)\" = \"640 $uid \$(id -g $other)\""
check sec-no-setuid "a set-user-ID file replaced: the bits of permission kept, never set-user-ID on crawled text" \
	"echo old > out/x.tsv; chmod 4755 out/x.tsv; echo new | $D -o out/x.tsv && test \"\$(stat -c %a out/x.tsv)\" = 755"
check sec-new-mode "a new file gets 0666 & ~umask, owned by the caller" \
	"(umask 027; echo new | $D -o out/fresh.tsv) && test \"\$(stat -c '%a %u' out/fresh.tsv)\" = '640 0'"
