#!/usr/bin/env bats
# Real programs and runtimes see the virtual clock under `run`, through
# every path: libc and the vDSO, raw system calls, the vsyscall page.

load ../lib/common

@test "date prints 2030" {
	run2030 date -u +%Y-%m-%dT%H:%M
	[ "$status" -eq 0 ]
	[[ "$output" == 2030-01-01T00:0* ]]
}

@test "dynamic glibc program: time, gettimeofday, clock_gettime and their raw syscalls" {
	run2030 "$HELPERS/timeprobe" all
	[ "$status" -eq 0 ]
	[ "$(grep -c . <<<"$output")" -eq 6 ]
	all_in_2030 "$output"
}

@test "static glibc program, libc and raw paths" {
	file "$PROBES/timeprobe.static" | grep -q 'statically linked'
	run2030 "$PROBES/timeprobe.static" all
	[ "$status" -eq 0 ]
	[ "$(grep -c . <<<"$output")" -eq 6 ]
	all_in_2030 "$output"
}

@test "static musl program, libc and raw paths" {
	file "$PROBES/timeprobe.musl" | grep -q 'statically linked'
	run2030 "$PROBES/timeprobe.musl" all
	[ "$status" -eq 0 ]
	[ "$(grep -c . <<<"$output")" -eq 6 ]
	all_in_2030 "$output"
}

@test "the legacy vsyscall page's gettimeofday is virtual too" {
	run "$HELPERS/timeprobe" vsyscall
	if [[ "$output" == *unavailable* ]]; then
		# No page on this kernel (vsyscall=none): then it is absent under run too.
		run2030 "$HELPERS/timeprobe" vsyscall
		[[ "$output" == *unavailable* ]]
		return
	fi
	run2030 "$HELPERS/timeprobe" vsyscall
	[ "$status" -eq 0 ]
	all_in_2030 "$output"
}

@test "Go program built with CGO_ENABLED=0 (static, own vDSO parser)" {
	file "$PROBES/timeprobe.go" | grep -q 'statically linked'
	run2030 "$PROBES/timeprobe.go"
	[ "$status" -eq 0 ]
	all_in_2030 "$output"
}

@test "the command starts with the caller's CPU mask, not the one vdsotool starts on" {
	# vdsotool starts on one CPU (startup_cpu.h) and must give the command
	# the caller's mask before its first instruction: Go reads it there.
	[ "$(nproc)" -gt 1 ] || skip "one CPU: a pinned mask would look the same"
	[ "$("$VDSOTOOL" run -- "$PROBES/timeprobe.go" cpus)" = "$(nproc)" ]
	[ "$("$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- nproc)" = "$(nproc)" ]
	# A narrower caller's mask is kept as it is.
	[ "$(taskset -c 1 "$VDSOTOOL" run -- grep Cpus_allowed_list /proc/self/status)" = \
		"$(taskset -c 1 grep Cpus_allowed_list /proc/self/status)" ]
	# An exec vdsotool cannot seize (strace holds the command) gets it too.
	[ "$(strace -f -o /dev/null "$VDSOTOOL" run -- "$PROBES/timeprobe.go" cpus 2>/dev/null)" = "$(nproc)" ]
	# So does the supervisor, once the command runs.
	run_bg -- sh -c 'echo ready; sleep 2'
	wait_for "grep -q ready '$OUT'"
	sv=$(pgrep -P $VPID -x vdsotool-super)
	[ "$(grep Cpus_allowed_list /proc/$sv/status)" = "$(grep Cpus_allowed_list /proc/self/status)" ]
	wait $VPID
}

@test "Go program built with cgo (dynamic, Go and C clocks)" {
	file "$PROBES/timeprobe.cgo" | grep -q 'dynamically linked'
	run2030 "$PROBES/timeprobe.cgo"
	[ "$status" -eq 0 ]
	[ "$(wc -w <<<"$output")" -eq 2 ]
	all_in_2030 "$output"
}

@test "python3 time.time and datetime" {
	run2030 python3 -c 'import time, datetime; print(int(time.time()), datetime.datetime.now(datetime.timezone.utc).year)'
	[ "$status" -eq 0 ]
	set -- $output
	all_in_2030 "$1"
	[ "$2" = 2030 ]
}

@test "perl time and localtime" {
	run2030 perl -e 'print time, " ", (gmtime)[5] + 1900, "\n"'
	[ "$status" -eq 0 ]
	set -- $output
	all_in_2030 "$1"
	[ "$2" = 2030 ]
}

@test "java: System.currentTimeMillis and java.time.Instant" {
	run2030 java -Xshare:auto -cp "$PROBES" Timeprobe
	[ "$status" -eq 0 ]
	[ "$(wc -w <<<"$output")" -eq 2 ]
	all_in_2030 "$output"
}

@test "a shell that forks children, and a pipeline" {
	run2030 sh -c 'a=$(date +%s); b=$(date +%s | cat | cat); echo $a $b; date +%s | tr -d "\n" | wc -c'
	[ "$status" -eq 0 ]
	all_in_2030 "$(head -1 <<<"$output")"
	[ "$(tail -1 <<<"$output")" -eq 10 ]
}

@test "a setsid grandchild sees the same clock" {
	out="$BATS_TEST_TMPDIR/grandchild"
	run2030 sh -c "setsid sh -c 'date +%s > $out.tmp; mv $out.tmp $out' & while [ ! -e $out ]; do sleep 0.05; done"
	[ "$status" -eq 0 ]
	all_in_2030 "$(cat "$out")"
}

@test "a program exec'd through execveat" {
	run2030 "$HELPERS/execveat_run" "$(command -v date)" +%s
	[ "$status" -eq 0 ]
	all_in_2030 "$output"
}

@test "threads: a multi-threaded program's threads all read the virtual clock" {
	run2030 python3 -c '
import threading, time
out = []
ts = [threading.Thread(target=lambda: out.append(int(time.time()))) for _ in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
print(*out)'
	[ "$status" -eq 0 ]
	[ "$(wc -w <<<"$output")" -eq 4 ]
	all_in_2030 "$output"
}

@test "children started by vfork, posix_spawn and clone(CLONE_VFORK) all see the virtual clock" {
	run2030 "$HELPERS/spawnprobe" date +%s
	[ "$status" -eq 0 ]
	[ "$(grep -c . <<<"$output")" -eq 3 ]
	all_in_2030 "$output"
}

@test "python3 subprocess children (vfork/posix_spawn inside CPython)" {
	run2030 python3 -c 'import subprocess; print(subprocess.run(["date", "+%s"], capture_output=True, text=True).stdout.strip())'
	[ "$status" -eq 0 ]
	all_in_2030 "$output"
}

@test "no privilege can be gained under run: no_new_privs is set in the tree" {
	run "$VDSOTOOL" run -- sh -c 'grep NoNewPrivs /proc/self/status'
	[ "$status" -eq 0 ]
	[[ "$output" == *"NoNewPrivs:"*1 ]]
}

@test "a non-leader thread that execs: the new program is injected all the same" {
	run2030 python3 -c '
import threading, os, time
t = threading.Thread(target=lambda: os.execvp("date", ["date", "+%s"]))
t.start(); time.sleep(10)'
	[ "$status" -eq 0 ]
	all_in_2030 "$output"
}
