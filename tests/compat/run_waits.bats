#!/usr/bin/env bats
# Every wait follows the clock it is measured on: under --clocks all
# --rate R a wait of S takes S/R of real time, in C (glibc and static
# musl), coreutils, bash, python3, perl, Go and Java.  Real time is the
# kernel's uptime (/proc/uptime), which no session makes virtual; the
# bounds are wide (the machine is shared), and each one fails when waits
# take their native time.

load ../lib/common

uptime_now() {
	cut -d' ' -f1 /proc/uptime
}

# Each line "MODE SECONDS" of $1 has SECONDS within [lo, hi).
all_within() {
	local lo=$2 hi=$3
	awk -v lo="$lo" -v hi="$hi" 'NF != 2 || $2 < lo || $2 >= hi { print "out of [" lo ", " hi "): " $0; bad = 1 }
		END { exit bad }' <<<"$1"
}

# measured_about S LINE NAME: LINE is "NAME X", the virtual seconds a wait of
# S measured on the program's own clock, with X in [S, S + 0.5): at rate 10
# a wake-up 5 ms late on a loaded machine is 50 ms of virtual time.
measured_about() {
	awk -v s="$1" -v name="$3" '{ ok = $1 == name && $2 >= s && $2 < s + 0.5 }
		END { if (!ok) print "expected " name " about " s ": " $0; exit !ok }' <<<"$2"
}

@test "--rate 10: each C wait of 1 s takes about 0.1 s (glibc and static musl)" {
	for probe in "$HELPERS/waits" "$PROBES/waits.musl"; do
		run timeout 60 "$VDSOTOOL" run --clocks all --rate 10 -- "$probe" all 1
		[ "$status" -eq 0 ]
		[ "${#lines[@]}" -eq 22 ]
		all_within "$output" 0.07 0.6
	done
}

@test "--rate 10: futex waits (relative, condvars on both clocks, semaphores) where futex_waitv is refused (a container's profile) or missing" {
	for probe in "$HELPERS/waits" "$PROBES/waits.musl"; do
		for m in futex cond.realtime cond.monotonic sem_timedwait; do
			run timeout 60 "$HELPERS/deny" futex_waitv "$VDSOTOOL" run --clocks all --rate 10 -- "$probe" "$m" 1
			[ "$status" -eq 0 ] || { echo "$probe $m: $status $output" >&2; false; }
			all_within "$output" 0.07 0.6
		done
	done
}

@test "--rate 0.5: each C wait of 0.1 s takes about 0.2 s; alarm(1) 2 s" {
	run timeout 60 "$VDSOTOOL" run --clocks all --rate 0.5 -- "$HELPERS/waits" all 0.1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 22 ]
	all_within "$(grep -v '^alarm ' <<<"$output")" 0.17 1.0
	all_within "$(grep '^alarm ' <<<"$output")" 1.9 3.0
}

@test "--rate 10: what alarm and getitimer say is left is virtual time (alarm(5) leaves 5, not 1)" {
	run "$VDSOTOOL" run --clocks all --rate 10 -- "$HELPERS/waits" alarm-left 5
	[ "$status" -eq 0 ]
	[ "$output" = 5 ]
}

@test "--rate 10: coreutils sleep 10 and timeout 10 sleep 60, bash read -t 10 take about 1 s" {
	t0=$(uptime_now)
	run "$VDSOTOOL" run --rate 10 -- sleep 10
	[ "$status" -eq 0 ]
	t1=$(uptime_now)
	run "$VDSOTOOL" run --rate 10 -- timeout 10 sleep 60
	[ "$status" -eq 124 ]
	t2=$(uptime_now)
	# The writer that never writes must not hold the output run collects.
	run "$VDSOTOOL" run --kill-orphans --clocks all --rate 10 -- \
		bash -c 'read -t 10 x < <(sleep 100 2>/dev/null)'
	[ "$status" -eq 142 ]
	t3=$(uptime_now)
	awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
		print b - a, c - b, d - c
		exit !(b - a >= 0.9 && b - a < 5 && c - b >= 0.9 && c - b < 5 && d - c >= 0.9 && d - c < 5) }'
}

@test "--rate 10: python3 time.sleep, threading.Event.wait, asyncio.sleep of 2 s take about 0.2 s" {
	run timeout 60 "$VDSOTOOL" run --clocks all --rate 10 -- python3 -c '
import asyncio, threading, time
def up():
    return float(open("/proc/uptime").read().split()[0])
for name, f in (("sleep", lambda: time.sleep(2)), ("event", lambda: threading.Event().wait(2)),
                ("asyncio", lambda: asyncio.run(asyncio.sleep(2)))):
    t0 = up(); f(); print(name, "%.3f" % (up() - t0))
t0 = time.monotonic(); time.sleep(2); print("measured", round(time.monotonic() - t0))'
	[ "$status" -eq 0 ]
	all_within "$(head -3 <<<"$output")" 0.15 1.0
	[ "${lines[3]}" = "measured 2" ]
}

@test "--rate 10: perl select and sleep of 2 s take about 0.2 s each" {
	t0=$(uptime_now)
	run "$VDSOTOOL" run --clocks all --rate 10 -- perl -e 'select(undef, undef, undef, 2); sleep 2'
	[ "$status" -eq 0 ]
	awk -v a="$t0" -v b="$(uptime_now)" 'BEGIN { print b - a; exit !(b - a >= 0.35 && b - a < 2) }'
}

@test "--rate 10: Go time.Sleep, Ticker, context.WithTimeout and time.After (pure Go and cgo)" {
	file "$PROBES/waits.cgo" | grep -q 'dynamically linked'
	for probe in "$PROBES/waits.go" "$PROBES/waits.cgo"; do
		run timeout 60 "$VDSOTOOL" run --clocks all --rate 10 -- "$probe" 2
		[ "$status" -eq 0 ]
		all_within "$(grep -v measured <<<"$output")" 0.15 1.0
		measured_about 2 "${lines[4]}" go.measured
	done
}

@test "--rate 10: Java Thread.sleep, ScheduledExecutorService, Object.wait" {
	run timeout 120 "$VDSOTOOL" run --clocks all --rate 10 -- java -cp "$PROBES" Waits 2
	[ "$status" -eq 0 ]
	all_within "$(grep -v measured <<<"$output")" 0.15 1.0
	measured_about 2 "${lines[3]}" java.measured
}

# Counted against the same program waiting for nothing: a sanitizer build
# of it makes trapped signal calls of its own at start.
answered() {
	sed -n 's/.* \([0-9]*\) system call(s) answered in the process.*/\1/p' <<<"$1"
}

@test "default mode (an offset): no relative wait is trapped, and each takes its time" {
	run "$VDSOTOOL" run --stats --offset +1h -- "$HELPERS/waits" none 0
	[ "$status" -eq 0 ]
	base=$(answered "$output")
	[ -n "$base" ]
	for m in nanosleep usleep clock_nanosleep.realtime clock_nanosleep.monotonic poll ppoll \
		select epoll_wait futex timerfd.periodic; do
		run "$VDSOTOOL" run --stats --offset +1h -- "$HELPERS/waits" "$m" 0.2
		[ "$status" -eq 0 ]
		[ "$(answered "$output")" = "$base" ] || { echo "$m: $output (baseline $base)"; false; }
		all_within "$(grep "^$m " <<<"$output")" 0.19 1.0
	done
}

# (An absolute deadline in a frozen clock's future waits until it moves.)
@test "--freeze: relative waits take their real duration" {
	for m in nanosleep clock_nanosleep.realtime clock_nanosleep.monotonic poll ppoll select \
		pselect epoll_wait futex timerfd.periodic timer_create setitimer; do
		run timeout 20 "$VDSOTOOL" run --clocks all --freeze -- "$HELPERS/waits" "$m" 0.2
		[ "$status" -eq 0 ]
		all_within "$output" 0.19 1.0
	done
}

@test "a live rate change reaches a relative sleep in progress: 100 s at rate 1, then rate 100" {
	name="waits-$$-$BATS_TEST_NUMBER"
	t0=$(uptime_now)
	"$VDSOTOOL" run --rate 1 --clocks all --name "$name" -- "$HELPERS/waits" nanosleep 100 \
		>"$BATS_TEST_TMPDIR/out" 2>&1 &
	pid=$!
	for i in $(seq 100); do
		"$VDSOTOOL" ctl "$name" get >/dev/null 2>&1 && break
		sleep 0.05
	done
	sleep 0.3
	run "$VDSOTOOL" ctl "$name" set --rate 100
	[ "$status" -eq 0 ]
	run timeout 15 tail --pid="$pid" -f /dev/null
	[ "$status" -eq 0 ]
	cat "$BATS_TEST_TMPDIR/out"
	awk -v a="$t0" -v b="$(uptime_now)" 'BEGIN { print b - a; exit !(b - a < 10) }'
}

@test "--rate 10: a JVM with 8 threads, garbage, timed waits and a scheduled task runs 30 s of its time in about 3 s" {
	t0=$(uptime_now)
	run timeout 60 "$VDSOTOOL" run --clocks all --rate 10 -- java -cp "$PROBES" Churn 30
	[ "$status" -eq 0 ]
	[[ "$output" == "done "* ]]
	awk -v a="$t0" -v b="$(uptime_now)" 'BEGIN { print b - a; exit !(b - a >= 2.9 && b - a < 20) }'
}
