#!/usr/bin/env bats
# vdsotool run: the command line, exit statuses, signals, terminals,
# tracers, and what is left behind.

bats_require_minimum_version 1.5.0
load ../lib/common

@test "--help prints usage and exits 0" {
	run "$VDSOTOOL" run --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: vdsotool run"* ]]
}

@test "the command's own exit status is returned" {
	run "$VDSOTOOL" run -- sh -c 'exit 7'
	[ "$status" -eq 7 ]
}

@test "127 and a message when the command does not exist" {
	run -127 "$VDSOTOOL" run -- /nonexistent/program
	[[ "$output" == "vdsotool: run: cannot run '/nonexistent/program': No such file or directory" ]]
}

@test "127 for a name not found on PATH" {
	run -127 "$VDSOTOOL" run -- no-such-command-anywhere
}

@test "126 when the command is not executable" {
	f="$BATS_TEST_TMPDIR/notexec"
	echo 'echo hi' >"$f"
	chmod 644 "$f"
	run -126 "$VDSOTOOL" run -- "$f"
	[[ "$output" == *"Permission denied"* ]]
}

@test "128+N when the command is killed by signal N" {
	run "$VDSOTOOL" run -- sh -c 'kill -KILL $$'
	[ "$status" -eq 137 ]
	run "$VDSOTOOL" run -- sh -c 'kill -SEGV $$'
	[ "$status" -eq 139 ]
}

@test "125 for an unknown option, a missing command, a bad --clocks" {
	run "$VDSOTOOL" run --bogus -- true
	[ "$status" -eq 125 ]
	[[ "$output" == "vdsotool: run: "* ]]
	run "$VDSOTOOL" run --at
	[ "$status" -eq 125 ]
	run "$VDSOTOOL" run --at 2030-01-01T00:00:00Z
	[ "$status" -eq 125 ]
	[[ "$output" == *"no command given"* ]]
	run "$VDSOTOOL" run --clocks sundial -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"unknown clock 'sundial'"* ]]
	run "$VDSOTOOL" run --faketime '+1d' --rate 2 -- true
	[ "$status" -eq 125 ]
	run "$VDSOTOOL" run --at 2262-04-11T00:00:00Z --offset +1y -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"the end of 64-bit nanoseconds"* ]]
}

@test "--faketime accepts libfaketime's forms and rejects increments clearly" {
	run "$VDSOTOOL" run --faketime '@2030-01-01 00:00:00' -- date -u +%Y
	[ "$status" -eq 0 ]
	[ "$output" = 2030 ]
	run "$VDSOTOOL" run --faketime '2030-01-01 00:00:00' -- sh -c 'date +%s; sleep 1.1; date +%s'
	[ "$status" -eq 0 ]
	[ "$(sort -u <<<"$output")" = "$T2030" ]
	real=$(date +%s)
	run "$VDSOTOOL" run --faketime '+2d x10' -- "$HELPERS/clockread" realtime 500
	[ "$status" -eq 0 ]
	(( $(sed -n 1p <<<"$output") / 1000000000 - real - 2 * 86400 < 5 ))
	delta=$(sed -n 3p <<<"$output")
	(( delta > 4500000000 && delta < 7000000000 ))
	run "$VDSOTOOL" run --faketime '+0 i2.0' -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"increment"*"not supported"* ]]
}

@test "125 and a message naming the bad part for bad time specs" {
	for spec in "" garbage 10000-01-01T00:00:00Z 2030-13-01T00:00:00Z @99999999999999999999999; do
		run "$VDSOTOOL" run --at "$spec" -- true
		[ "$status" -eq 125 ]
		[[ "$output" == "vdsotool: run: --at: bad time '$spec'"* ]]
	done
	for spec in "" 1x ++1d 99999999999y; do
		run "$VDSOTOOL" run --offset "$spec" -- true
		[ "$status" -eq 125 ]
		[[ "$output" == "vdsotool: run: --offset: bad duration '$spec'"* ]]
	done
	for spec in "" -2 x fast; do
		run "$VDSOTOOL" run --rate "$spec" -- true
		[ "$status" -eq 125 ]
		[[ "$output" == "vdsotool: run: --rate: bad rate '$spec'"* ]]
	done
}

@test "stdin, stdout and stderr pass through: echo hi | run -- cat" {
	run sh -c "echo hi | '$VDSOTOOL' run -- cat"
	[ "$status" -eq 0 ]
	[ "$output" = hi ]
	run sh -c "'$VDSOTOOL' run -- sh -c 'echo out; echo err >&2' 2>/dev/null"
	[ "$output" = out ]
}

@test "an interactive shell works under run, on a terminal" {
	run sh -c "printf 'date -u +%%Y\nexit 3\n' | script -qec \"'$VDSOTOOL' run --at 2030-01-01T00:00:00Z -- sh -i\" /dev/null"
	[ "$status" -eq 3 ]
	[[ "$output" == *2030* ]]
}

@test "SIGTERM, SIGINT, SIGHUP and SIGQUIT sent to vdsotool reach the command" {
	for sig in TERM INT HUP QUIT; do
		run_bg -- sh -c "trap 'echo got $sig; exit 3' $sig; echo ready; while :; do sleep 0.05; done"
		wait_for "grep -q ready '$OUT'"
		kill -$sig $VPID
		wait $VPID && st=0 || st=$?
		grep -q "got $sig" "$OUT"
		[ "$st" -eq 3 ]
	done
}

@test "strace and gdb can attach to a process under run; gdb sees the replacement vDSO" {
	needs_attach
	run_bg --at 2030-01-01T00:00:00Z -- sh -c 'echo ready; exec sleep 5.013'
	wait_for "grep -q ready '$OUT'"
	wait_for "pgrep -f '^sleep 5.013$' >/dev/null"
	pid=$(pgrep -f '^sleep 5.013$')
	run timeout -s INT 0.5 strace -p "$pid"
	[[ "$output" == *"Process $pid attached"* ]]
	run timeout 20 gdb -nx -batch -p "$pid" -ex 'info symbol __vdso_clock_gettime'
	[[ "$output" == *"in section .text of system-supplied DSO"* ]]
	kill $VPID
	wait $VPID || true
}

@test "nothing is left behind after a normal exit" {
	run_bg -- sh -c 'exit 0'
	wait $VPID
	wait_for '[ -z "$(leftovers $VPID)" ]'
}

@test "SIGTERM of vdsotool reaches the command's process group; nothing is left" {
	run_bg --kill-orphans -- sh -c 'sleep 32 & setsid sleep 33 & echo ready; wait'
	wait_for "grep -q ready '$OUT'"
	kill -TERM $VPID
	wait $VPID || true
	wait_for '[ -z "$(leftovers $VPID)" ]'
	! pgrep -f 'sleep 3[23]$'
}

@test "SIGKILL of vdsotool: the tree does not hang, it is ended, nothing is left" {
	run_bg -- sh -c 'sleep 34 & setsid sleep 35 & echo ready; wait'
	wait_for "grep -q ready '$OUT'"
	wait_for "pgrep -f 'sleep 35$' >/dev/null"
	# The check below sees the tree while it lives: it would see strays.
	[ -n "$(leftovers $VPID)" ]
	kill -KILL $VPID
	wait $VPID || true
	wait_for '[ -z "$(leftovers $VPID)" ]'
	wait_for "! pgrep -f 'sleep 3[45]$' >/dev/null"
}

@test "a nested run is refused with a clear message, not a crash" {
	run "$VDSOTOOL" run -- "$VDSOTOOL" run -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"nested sessions are not supported"* ]]
}

@test "job control on a terminal: Ctrl-Z stops the job and gives the shell back, fg resumes it" {
	sock="$BATS_TEST_TMPDIR/tmux"
	t() { tmux -S "$sock" "$@"; }
	t new-session -d -x 150 -y 40 bash --norc --noprofile -i
	t send-keys "'$VDSOTOOL' run --at 2030-01-01T00:00:00Z -- sh -c 'sleep 1.5; date -u +%Y; echo fini''shed'" Enter
	sleep 0.7
	t send-keys C-z
	sleep 0.5
	t send-keys "echo shell-is-back" Enter
	sleep 0.3
	t send-keys "fg" Enter
	wait_for "tmux -S '$sock' capture-pane -p | grep -q finished"
	screen=$(t capture-pane -p)
	t kill-server
	[[ "$screen" == *Stopped* ]]
	[[ "$screen" == *$'\nshell-is-back'* ]]
	[[ "$screen" == *$'\n2030'* ]]
}
