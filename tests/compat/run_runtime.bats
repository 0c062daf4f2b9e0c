#!/usr/bin/env bats
# The in-process runtime: the calls answered inside the process (SIGSYS
# from the trap filter), with the kernel's own semantics, and the program's
# own signal handling left as it was.

bats_require_minimum_version 1.5.0
load ../lib/common

# wall_ms CMD...: runs CMD, sets WALL to the real milliseconds it took.
wall_ms() {
	local s e
	s=$(date +%s%N)
	run "$@"
	e=$(date +%s%N)
	WALL=$(( (e - s) / 1000000 ))
}

@test "the program's own signals: masks, its SIGSYS handler, its own seccomp traps (glibc)" {
	# Built here without the suite's sanitizers: AddressSanitizer's own
	# signal handling spins on the probe's seccomp traps, with or without
	# vdsotool.
	cc -O2 -o "$BATS_TEST_TMPDIR/sigprobe" tests/helpers/sigprobe.c
	run timeout 20 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$BATS_TEST_TMPDIR/sigprobe"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(grep -c ' ok$' <<<"$output")" -eq 8 ]
}

@test "the program's own signals, in a static musl program" {
	command -v musl-gcc >/dev/null || skip "musl-gcc is not installed"
	musl-gcc -O2 -static -o "$BATS_TEST_TMPDIR/sigprobe" tests/helpers/sigprobe.c
	run timeout 20 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$BATS_TEST_TMPDIR/sigprobe"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(grep -c ' ok$' <<<"$output")" -eq 8 ]
}

@test "raw clock calls never fail with EINTR, under a 200 us signal storm (60,000 calls)" {
	run timeout 60 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/eintrprobe" clocks 20000
	[ "$status" -eq 0 ]
	[ "$output" = "60000 0" ]
}

@test "execve never fails with EINTR, each exec hit by a burst of signals (200 execs)" {
	run timeout 120 "$VDSOTOOL" run -- "$HELPERS/eintrprobe" exec 200
	[ "$status" -eq 0 ]
	[ "$output" = "200 0" ]
}

@test "execve never fails with EINTR: a signal while the supervisor has not read the exec's notification yet" {
	local d=$BATS_TEST_TMPDIR pid sv front i st
	env --default-signal "$VDSOTOOL" run -- "$HELPERS/eintrprobe" exec-after "$d/go" >"$d/out" 2>&1 &
	front=$!
	for i in $(seq 250); do [ -s "$d/out" ] && break; sleep 0.02; done
	pid=$(head -1 "$d/out")
	sv=$(pgrep -P $front -x vdsotool-super)
	kill -STOP "$sv"
	touch "$d/go"
	# In execve (59), waiting for a supervisor that does not read.
	for i in $(seq 250); do [[ "$(cat /proc/$pid/syscall 2>/dev/null)" == "59 "* ]] && break; sleep 0.02; done
	kill -USR1 "$pid"
	sleep 0.2
	kill -CONT "$sv"
	st=0
	wait "$front" || st=$?
	[ "$st" -eq 0 ] || { echo "status $st: $(cat "$d/out")" >&2; return 1; }
}

@test "an exec of a file that is not there fails in the process (ENOENT, ENOTDIR), without a round trip to the supervisor" {
	run timeout 60 "$VDSOTOOL" run --stats -- sh -c 'for i in $(seq 50); do /nonexistent/x; /etc/passwd/x; done 2>/dev/null; echo "$?"; exec /bin/true'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 127 ] || [ "${lines[0]}" = 126 ]
	# The supervisor saw the command's own PATH search and the last exec,
	# not the tree's hundred misses.
	execs=$(echo "$output" | sed -n 's/.*stats: \([0-9]*\) exec(s).*/\1/p')
	(( execs < 20 ))
	answered=$(echo "$output" | sed -n 's/.* \([0-9]*\) system call(s) answered in the process.*/\1/p')
	(( answered >= 100 ))
}

@test "an absolute sleep interrupted under an SA_RESTART handler returns EINTR, as the kernel's" {
	native=$("$HELPERS/abssleep" realtime 3000 alarm-restart)
	[ "${native%% *}" = 4 ]
	wall_ms timeout 20 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/abssleep" realtime 3000 alarm-restart
	[ "$status" -eq 0 ]
	set -- $output
	[ "$1" = 4 ]
	(( WALL >= 900 && WALL < 2500 ))
}

# Every absolute deadline on CLOCK_REALTIME is the program's virtual time:
# with only an offset, each wait must still take its 500 ms.
@test "default mode: absolute realtime waits take their time under --offset +1h and -1h" {
	for off in +1h -1h; do
		for kind in cond sem mutex timerfd timer; do
			run timeout 10 "$VDSOTOOL" run --offset "$off" -- "$HELPERS/waitprobe" "$kind" 500
			[ "$status" -eq 0 ] || { echo "$kind $off: timed out ($output)"; false; }
			set -- $output
			(( $2 >= 480 && $2 < 2000 )) || { echo "$kind $off: $output"; false; }
		done
	done
}

@test "default mode: C++ condition_variable::wait_until(system_clock::now() + 500ms)" {
	command -v g++ >/dev/null || skip "g++ is not installed"
	cat >"$BATS_TEST_TMPDIR/cv.cc" <<'EOF'
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
int main() {
	std::mutex m;
	std::condition_variable cv;
	std::unique_lock<std::mutex> lk(m);
	auto t0 = std::chrono::steady_clock::now();
	cv.wait_until(lk, std::chrono::system_clock::now() + std::chrono::milliseconds(500));
	auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
	std::printf("%lld\n", (long long)ms.count());
}
EOF
	g++ -O2 -pthread -o "$BATS_TEST_TMPDIR/cv" "$BATS_TEST_TMPDIR/cv.cc"
	for off in +1h -1h; do
		run timeout 10 "$VDSOTOOL" run --offset "$off" -- "$BATS_TEST_TMPDIR/cv"
		[ "$status" -eq 0 ]
		(( output >= 480 && output < 2000 )) || { echo "$off: $output"; false; }
	done
}

@test "raw clock calls are answered in the process: --stats says so, the supervisor saw none" {
	run "$VDSOTOOL" run --stats --at 2030-01-01T00:00:00Z -- "$HELPERS/eintrprobe" clocks 100
	[ "$status" -eq 0 ]
	[[ "$output" == *", 0 by the supervisor"* ]]
	calls=$(sed -nE 's/.* ([0-9]+) system call\(s\) answered in the process.*/\1/p' <<<"$output")
	(( calls >= 300 ))
}

@test "a process exec'd from an injected one adds no second trap filter" {
	run "$VDSOTOOL" run -- sh -c 'grep Seccomp_filters /proc/self/status; sh -c "grep Seccomp_filters /proc/self/status"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "${lines[1]}" ]
}
