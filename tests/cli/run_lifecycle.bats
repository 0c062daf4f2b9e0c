#!/usr/bin/env bats
# vdsotool run: what the tree may outlive, how vdsotool ends, and what it
# says when a process cannot be put on the virtual clock.

bats_require_minimum_version 1.5.0
load ../lib/common

# The supervisor of session $1 (the front's pid, while it lives): the
# front's child.  (Its maps, which name the session, are not readable: it
# is not dumpable.)
session_procs() {
	local i
	for i in $(seq 250); do
		pgrep -P "$1" -x vdsotool-super && return 0
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.02
	done
	return 0
}

teardown() {
	pkill -f 'sleep 4[0-9][.]5$' 2>/dev/null || true
}

@test "a double-forking daemon outlives the command, on the virtual clock, then nothing is left" {
	d="$BATS_TEST_TMPDIR/daemon"
	run_bg --at 2030-01-01T00:00:00Z -- sh -c "
		( ( sleep 0.5; $HELPERS/timeprobe >'$d.probe'; exec date +%Y >'$d.date' ) \
			</dev/null >/dev/null 2>&1 & ); sleep 0.2; exit 3"
	SV=$(session_procs $VPID)
	[ -n "$SV" ]
	wait $VPID && st=0 || st=$?
	# vdsotool returned at once with the command's status ...
	[ "$st" -eq 3 ]
	[ ! -e "$d.date" ]
	# ... and the daemon, its parents gone, read 2030 and exec'd into 2030.
	wait_for "[ -s '$d.date' ]"
	[ "$(cat "$d.date")" = 2030 ]
	all_in_2030 "$(cut -d' ' -f2 "$d.probe")"
	grep -q '^raw.clock_gettime' "$d.probe"
	# When it is gone, so is the session: no process, no file.
	wait_for '[ -z "$(leftovers $VPID)" ]'
	wait_for "! pgrep -x vdsotool-super >/dev/null || ! kill -0 $SV 2>/dev/null"
}

@test "--wait returns when the whole tree is gone, with the command's status" {
	s=$(date +%s%N)
	run timeout 20 "$VDSOTOOL" run --wait -- sh -c '( sleep 1 & ) ; exit 4'
	e=$(date +%s%N)
	[ "$status" -eq 4 ]
	(( (e - s) / 1000000 >= 900 ))
}

@test "--wait: vdsotool itself is no member of the tree: the keeper's sweep at the end leaves it alone" {
	# The supervisor runs in vdsotool's memory, so vdsotool maps the
	# session too.  Held stopped past the end of the tree, it is still
	# there when the keeper ends what maps the session.
	run_bg --wait -- sh -c '( sleep 0.5 & ) ; exit 4'
	local st=0
	wait_for "pgrep -P $VPID -x vdsotool-keeper >/dev/null"
	kill -STOP "$VPID"
	# The supervisor and the keeper done (zombies: vdsotool, stopped,
	# reaps nothing).
	wait_for "[ -z \"\$(ps -o stat= --ppid $VPID | grep -v '^Z')\" ]"
	kill -CONT "$VPID"
	wait "$VPID" || st=$?
	[ "$st" -eq 4 ]
}

@test "--kill-orphans ends what the command left running" {
	run_bg --kill-orphans -- sh -c '( setsid sleep 41.5 & ); echo started; exit 5'
	wait $VPID && st=0 || st=$?
	[ "$st" -eq 5 ]
	grep -q started "$OUT"
	wait_for "! pgrep -f 'sleep 41[.]5$' >/dev/null"
}

@test "by default, what the command left running keeps running after vdsotool returns" {
	run_bg -- sh -c '( setsid sleep 42.5 & ); exit 0'
	wait $VPID
	d=$(pgrep -f 'sleep 42[.]5$')
	[ -n "$d" ]
	# It is still supervised: orphaned, it is the supervisor's child.
	sv=$(awk '{ print $4 }' /proc/$d/stat)
	[ "$(cat /proc/$sv/comm)" = vdsotool-super ]
	kill "$d"
	wait_for "! kill -0 $sv 2>/dev/null"
}

@test "SIGKILL of vdsotool ends the whole tree, setsid daemons included" {
	run_bg -- sh -c 'sleep 43.5 & setsid sleep 44.5 & echo ready; wait'
	wait_for "grep -q ready '$OUT'"
	wait_for "pgrep -f 'sleep 44[.]5$' >/dev/null"
	kill -KILL $VPID
	wait $VPID || true
	wait_for "! pgrep -f 'sleep 4[34][.]5$' >/dev/null"
	wait_for '[ -z "$(leftovers $VPID)" ]'
}

@test "SIGKILL of the supervisor: the tree is ended, vdsotool says so and exits 125" {
	run_bg -- sh -c 'setsid sleep 45.5 & echo ready; wait'
	wait_for "grep -q ready '$OUT'"
	sv=$(session_procs $VPID)
	[ -n "$sv" ]
	kill -KILL $sv
	wait $VPID && st=0 || st=$?
	[ "$st" -eq 125 ]
	grep -q "supervisor died" "$OUT"
	wait_for "! pgrep -f 'sleep 45[.]5$' >/dev/null"
}

# The keeper of the session whose command line holds $1: it is the
# front's copy, command line included, reparented when the front returned.
keeper_of() {
	local k
	for k in $(pgrep -x vdsotool-keeper); do
		grep -qF -- "$1" /proc/$k/cmdline 2>/dev/null && echo "$k" && return 0
	done
	return 1
}

@test "SIGKILL of the supervisor after vdsotool returned: the keeper ends what the command left" {
	run_bg --at 2030-01-01T00:00:00Z -- sh -c '( setsid sleep 46.5 & ); exit 7'
	wait $VPID && st=0 || st=$?
	[ "$st" -eq 7 ]
	d=$(pgrep -f 'sleep 46[.]5$')
	[ -n "$d" ]
	sv=$(awk '{ print $4 }' /proc/$d/stat)
	[ "$(cat /proc/$sv/comm)" = vdsotool-super ]
	keeper=$(keeper_of 'sleep 46.5')
	[ -n "$keeper" ]
	kill -KILL "$sv"
	wait_for "! pgrep -f 'sleep 46[.]5$' >/dev/null"
	wait_for "! kill -0 $keeper 2>/dev/null"
}

@test "the keeper's death changes nothing: the daemon is served on, and ends the session when it ends" {
	d="$BATS_TEST_TMPDIR/daemon"
	run_bg --at 2030-01-01T00:00:00Z -- sh -c "
		( setsid sh -c 'sleep 1; date +%Y >$d.date; exec sleep 47.5' & ); exit 0"
	wait $VPID
	wait_for "keeper_of 'sleep 47.5' >/dev/null"
	keeper=$(keeper_of 'sleep 47.5')
	kill -KILL "$keeper"
	# Its exec after the keeper died was put on the virtual clock.
	wait_for "[ -s '$d.date' ]"
	[ "$(cat "$d.date")" = 2030 ]
	d=$(pgrep -f 'sleep 47[.]5$')
	sv=$(awk '{ print $4 }' /proc/$d/stat)
	[ "$(cat /proc/$sv/comm)" = vdsotool-super ]
	kill "$d"
	wait_for "! kill -0 $sv 2>/dev/null"
}

@test "a command that leaves nothing running: vdsotool starts two processes, no keeper" {
	# strace counts the forks of vdsotool itself (the command's exec is
	# refused under strace's ptrace, then runs on the real clock).
	run timeout 20 strace -f -e trace=clone,clone3,fork,vfork -o "$BATS_TEST_TMPDIR/st" \
		"$VDSOTOOL" run -- true
	[ "$status" -eq 0 ]
	[ "$(grep -cE '^[0-9]+ +(clone|clone3|fork|vfork)\(' "$BATS_TEST_TMPDIR/st")" -eq 2 ] ||
		{ cat "$BATS_TEST_TMPDIR/st"; false; }
}

@test "the command dies of SIGINT or SIGQUIT: so does vdsotool (a shell loop stops on Ctrl-C)" {
	for sig in INT QUIT; do
		run python3 -c "import subprocess, sys
p = subprocess.run(['$VDSOTOOL', 'run', '--', 'sh', '-c', 'kill -$sig \$\$'])
print(p.returncode)"
		[ "$output" = "-$(kill -l $sig)" ] || { echo "SIG$sig: $output"; false; }
	done
	# Other signals give 128+N, as env(1) and timeout(1) do.
	run "$VDSOTOOL" run -- sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
}

@test "--strict: a process that cannot be injected ends the run with 125 and the cause" {
	run timeout 20 strace -f -o /dev/null "$VDSOTOOL" run --strict --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 125 ]
	[[ "$output" == *"could not be put on the virtual clock"*"traced by pid"* ]]
	# Without --strict it runs, on the real clock, with one warning.
	run timeout 20 strace -f -o /dev/null "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 0 ]
	[[ "$output" == *"cannot put pid"*"on the virtual clock"* ]]
	[ "$(grep -c 'cannot put pid' <<<"$output")" -eq 1 ]
}

@test "a process that cannot be injected sees one clock: the real one, its system calls too" {
	# Traced from outside (strace -f vdsotool run), nothing is injected.
	# LeakSanitizer cannot run under ptrace: off, for a sanitizer build.
	run timeout 30 env ASAN_OPTIONS=detect_leaks=0 strace -f -o /dev/null "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/timeprobe"
	[ "$status" -eq 0 ]
	now=$(date +%s)
	while read -r path secs; do
		(( secs > now - 600 && secs < now + 600 )) || { echo "$path $secs is not real"; false; }
	done < <(grep -E '^(libc|raw)\.' <<<"$output")
	grep -q '^raw.clock_gettime' <<<"$output"
}

@test "a program traced from inside the session cannot exec there: a clear message, no crash" {
	# Below an injected process (strace -f inside run) a program that cannot
	# be injected would die of SIGSYS at its first trapped call: its exec
	# fails instead, and vdsotool says why and what to do.
	run timeout 30 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- strace -f -o /dev/null "$HELPERS/timeprobe"
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot exec: it is traced by pid"*"use run --stop and attach from outside"* ]]
	[[ "$output" != *"libc.time"* ]]
}

@test "--stop: the command waits, injected, for a debugger; continued it runs in 2030" {
	run_bg --stop --at 2030-01-01T00:00:00Z -- date +%Y
	wait_for "grep -q 'is stopped on the virtual clock' '$OUT'"
	pid=$(grep -o 'pid [0-9]*' "$OUT" | head -1 | cut -d' ' -f2)
	[ "$(awk '{ print $3 }' /proc/$pid/stat)" = T ]
	grep -qE "vdsotool-$VPID\.[0-9a-f]+-session" /proc/$pid/maps
	run timeout -s INT 0.5 strace -p "$pid"
	[[ "$output" == *"Process $pid attached"* ]]
	kill -CONT "$pid"
	wait $VPID
	grep -qx 2030 "$OUT"
}

@test "the processes of a session are told apart by name" {
	run_bg -- sh -c 'echo ready; sleep 2'
	wait_for "grep -q ready '$OUT'"
	sv=$(session_procs $VPID)
	[ -n "$sv" ]
	[ "$(cat /proc/$sv/comm)" = vdsotool-super ]
	wait $VPID
}
