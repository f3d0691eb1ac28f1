#!/bin/sh
# What a cron job needs of the files rill writes by name (rill(7), OUTPUT
# FILES): signals that stop a run remove its temporaries and end it by the
# same signal; a later run removes those a SIGKILL left; a run waiting for
# a state's lock says so, and --wait bounds the wait; a shard key too long
# for a file name still gets a file.  The cases that need root and a second
# user (links planted in a sticky directory, owners kept) are in
# test_security.sh.
. "$(dirname "$0")/lib.sh"
D="$BIN/rill-dedupe"
S="$BIN/rill-split"

# A run reading a pipe that stays open, its -o temporary made: its pid in `pid`.
# (The pipeline's last process is the tool: $! in dash and bash.)
# The feeder writes on, so it ends by SIGPIPE soon after the tool; after
# 20 s it stops, so a case that fails ends rather than hangs.
feed() {
	printf "$1"
	i=0
	while [ $i -lt 100 ] && sleep 0.2; do
		printf "$2" || exit
		i=$((i + 1))
	done
}
# SIGINT and SIGQUIT are ignored in a script's background jobs, SIGHUP
# under nohup (a test run left going): env gives
# the tool the default back, as a job started from a terminal or cron has.
slow_run() {
	feed 'a\nb\n' 'a\n' | env --default-signal=INT,QUIT,HUP "$@" &
	pid=$!
	# Up to 10 s for the temporary, so a slow start on a loaded machine is
	# not taken for a failure; the loop ends as soon as it appears.
	i=0
	while [ $i -lt 100 ]; do
		ls -A | grep -q '\.rill-' && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

for sig in TERM INT HUP; do
	case $sig in TERM) n=15 ;; INT) n=2 ;; HUP) n=1 ;; esac
	check signal-$sig "SIG$sig during a run: its -o temporary removed, the old output whole, the run ends by SIG$sig" \
		"mkdir $sig && cd $sig && echo old > out.tsv && slow_run $D -o out.tsv &&
		 kill -$sig \$pid; wait \$pid; status=\$?; test \$status = \$((128 + $n)) &&
		 test \"\$(ls -A)\" = out.tsv && test \"\$(cat out.tsv)\" = old"
done
check signal-ignored "a signal ignored when the run starts (nohup) stays ignored" \
	"mkdir ign && cd ign || exit; trap '' HUP;
	 feed 'a\\n' 'a\\n' | $D -o out.tsv & pid=\$!; sleep 0.5; kill -HUP \$pid; sleep 0.3;
	 kill -0 \$pid && kill -TERM \$pid; wait \$pid; test \$? = 143"
check signal-state "SIGTERM during a --state run: neither output nor state temporary left, the state whole" \
	"mkdir st && cd st && printf 'x\n' | $D --state=s.state > /dev/null && cp s.state before &&
	 slow_run $D --state=s.state -o out.tsv && kill -TERM \$pid; wait \$pid;
	 test \$? = 143 && cmp s.state before && ! ls -A | grep -q rill-"
check signal-shards "SIGTERM during rill-split --into: every shard's temporary removed" \
	"mkdir sh && cd sh || exit; { awk 'BEGIN { for (i = 0; i < 30000; i++) printf \"k%d\\tline %d\\n\", i % 3, i }'; feed '' 'k1\\tz\\n'; } |
	 $S -F tsv --into='p-%k.tsv' --key=1 & pid=\$!;
	 sleep 1; ls -A | grep -c rill- > made; kill -TERM \$pid; wait \$pid; test \$? = 143 &&
	 test \"\$(cat made)\" = 3 && test \"\$(ls -A)\" = made"

check stale-swept "a run killed by SIGKILL leaves its temporary; the next run into the directory removes it" \
	"mkdir k && cd k && slow_run $D -o out.tsv && kill -KILL \$pid; wait \$pid;
	 ls -A | grep -q '^\.out\.tsv\.rill-[0-9]*-......\$' && echo new | $D -o other.tsv &&
	 test \"\$(ls -A | sort | tr '\\n' ' ')\" = 'other.tsv '"
check stale-kept "... but not one of a run still alive, one of another format, or one a process holds locked" \
	"mkdir live && cd live || exit; sleep 30 & alive=\$!;
	 : > .a.tsv.rill-\$alive-abcdef && : > .b.tsv.rill-XYZ123 && : > .c.tsv.rill-99999999-abcdef &&
	 echo new | $D -o out.tsv; kill \$alive;
	 test -e .a.tsv.rill-\$alive-abcdef && test -e .b.tsv.rill-XYZ123 && ! test -e .c.tsv.rill-99999999-abcdef"

# Two runs on one state: the second waits, and says so once.
lock_holder() {
	{ printf 'a\n'; sleep 3; } | $D --state=w.state > /dev/null &
	holder=$!
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		test -s w.state.lock && return 0
		sleep 0.1
	done
	return 1
}
check wait-message "a run waiting for a state's lock says so once, with the process holding it, then runs" \
	"lock_holder && echo b | $D --state=w.state > out 2> err; wait \$holder;
	 test \"\$(cat out)\" = b && test \$(wc -l < err) = 1 &&
	 grep -q \"^rill-dedupe: the state w.state is locked by another run (held by process \$holder): waiting for it\\\$\" err"
check wait-bounded "--wait=SECONDS: after it, an error (exit 1), the state and the output untouched" \
	"rm -f w.state*; lock_holder && { echo b | $D --state=w.state --wait=0.3 -o out.tsv 2> err; status=\$?; };
	 wait \$holder; test \$status = 1 && ! test -e out.tsv && test \$(wc -l < err) = 2 &&
	 grep -q 'waiting up to 0.3 s\$' err && grep -q '^rill-dedupe: the state w.state is still locked after 0.3 s (--wait)' err"
check wait-zero "--wait=0: no wait at all" \
	"rm -f w.state*; lock_holder && { echo b | $D --state=w.state --wait=0 2> err; status=\$?; }; wait \$holder;
	 test \$status = 1 && grep -q '(--wait=0)\$' err"
run_case wait-usage 2 "--wait without --state is a usage error" "echo a | $D --wait=3"
check lock-mode "a new lock file is the state owner's only (anyone who can open it can hold it)" \
	"printf 'a\n' | $D --state=m.state > /dev/null && test \"\$(stat -c %a m.state.lock)\" = 600"
check lock-fifo "a FIFO in place of the lock file is refused at once, not waited on" \
	"mkfifo f.state.lock && ! timeout 10 sh -c 'echo a | $D --state=f.state' 2> err &&
	 grep -q 'the lock file f.state.lock is not a regular file: refused' err"
check lock-link "a symbolic link in place of the lock file is refused" \
	"echo keep > precious; ln -s precious l.state.lock && ! { echo a | $D --state=l.state 2> err; } &&
	 grep -q 'the lock file l.state.lock is a symbolic link: refused' err && test \"\$(cat precious)\" = keep"

# Keys as file names: a temporary name fits wherever the final name does;
# a key too long for any name is shortened to its start and a hash.
long242=$(awk 'BEGIN { while (n++ < 242) printf "k" }')
long300=$(awk 'BEGIN { while (n++ < 300) printf "k" }')
accents=$(awk 'BEGIN { while (n++ < 200) printf "\303\251" }')
printf '%s\ta\n%s\tb\n%s\tc\n%s\td\nshort\te\n%s\tf\n' "$long242" "$long300" "$accents" "${long300}x" "$long242" >"$SCRATCH/keys.tsv"
check shard-long-key "--into with a 242-byte key: KEY.tsv (246 bytes) fits, so does its temporary" \
	"mkdir lk && $S -F tsv --into='lk/%k.tsv' --key=1 keys.tsv && test -s lk/$long242.tsv &&
	 test \"\$(cat lk/$long242.tsv)\" = \"\$(printf '%s\ta\n%s\tf\n' $long242 $long242)\""
check shard-longer-keys "keys too long for a file name: their start, ~ and 16 hex digits of the whole key; distinct keys, distinct files" \
	"mkdir lk2 && $S -F tsv --into='lk2/%k.tsv' --key=1 keys.tsv && test \$(ls lk2 | wc -l) = 5 &&
	 test \$(ls lk2 | grep -c '~[0-9a-f]\\{16\\}\\.tsv\$') = 3 &&
	 ! ls lk2 | LC_ALL=C awk 'length(\$0) > 255 { bad = 1 } END { exit !bad }' &&
	 ls lk2 | grep '^kkk.*~' | xargs -I{} sh -c 'cut -f 2 lk2/{}' | sort | tr -d '\\n' | grep -qx bd"
check shard-key-tilde "a '~' of a key is encoded (%7E), so no key's name looks like a shortened one" \
	"mkdir tl && printf 'a~b\tx\n' | $S -F tsv --into='tl/%k.tsv' --key=1 && test -s 'tl/a%7Eb.tsv'"

# An input mapped in memory and truncated under the run (SIGBUS): the
# message, exit 1, and no temporary left.
check truncated-input "an input truncated while it is read: exit 1, its name said, the -o temporary removed" \
	"mkdir tr && cd tr || exit; awk 'BEGIN { for (i = 0; i < 300000; i++) printf \"line %d some padding text alike below the threshold of it\\n\", i }' > big.txt;
	 $D --threads=1 --near -o out.tsv big.txt 2> err & pid=\$!; sleep 1.5; ls -A | grep -q '^\.out\.tsv\.rill-' && truncate -s 1000 big.txt;
	 wait \$pid; test \$? = 1 && grep -q 'big.txt: the file was truncated while it was read' err && test \"\$(ls -A)\" = 'big.txt
err'"
