#!/usr/bin/env bats
# run --warp: a tree that waits for nothing but time skips to its next
# deadline.  Real time is the kernel's uptime (/proc/uptime), which no
# session makes virtual.

load ../lib/common

uptime_now() {
	cut -d' ' -f1 /proc/uptime
}

# real_under LIMIT T0: less than LIMIT seconds of real time since T0.
real_under() {
	awk -v a="$2" -v b="$(uptime_now)" -v lim="$1" 'BEGIN { print b - a " s real"; exit !(b - a < lim) }'
}

@test "--warp: a shell that sleeps an hour ends at once and reads a clock an hour later" {
	t0=$(uptime_now)
	run timeout 60 "$VDSOTOOL" run --warp --stats -- sh -c 'date +%s; sleep 3600; date +%s'
	[ "$status" -eq 0 ]
	d=$(( lines[1] - lines[0] ))
	(( d >= 3600 && d < 3660 )) || { echo "the clock moved $d s" >&2; false; }
	[[ "$output" == *"--warp skipped 3"*" s in "*" jump(s)"* ]]
	real_under 10 "$t0"
}

# hour_at_once MODE...: each wait of the waits probes (glibc, static musl)
# of an hour ends in less than 5 s of real time.
hour_at_once() {
	local probe m
	for probe in "$HELPERS/waits" "$PROBES/waits.musl"; do
		for m in "$@"; do
			run timeout 30 "$VDSOTOOL" run --warp -- "$probe" "$m" 3600
			[ "$status" -eq 0 ] || { echo "$probe $m: $status $output" >&2; return 1; }
			awk '{ exit !($2 < 5) }' <<<"$output" || { echo "$probe: $output" >&2; return 1; }
		done
	done
}

@test "--warp: every C wait of an hour (glibc and static musl) ends at once" {
	hour_at_once nanosleep clock_nanosleep.realtime clock_nanosleep.monotonic poll ppoll select \
		epoll_wait futex cond.realtime cond.monotonic sem_timedwait sigtimedwait
}

@test "--warp: a wait on a kernel timer (timerfd read, in epoll or poll, POSIX timer, setitimer, alarm; glibc and static musl) ends at once" {
	hour_at_once timerfd.periodic epoll.timerfd poll.timerfd timer_create setitimer alarm
}

@test "--warp: a timer set before an exec (setitimer, alarm, timerfd relative and absolute, a timerfd numbered 100; glibc and static musl) is waited for by the new program and ends at once" {
	hour_at_once exec.setitimer exec.alarm exec.timerfd exec.timerfd.abs.realtime exec.timerfd.high
}

@test "--warp: perl's alarm 5 then exec sleep 3600: the alarm ends the sleep (142) five seconds later, not an hour" {
	t0=$(uptime_now)
	run timeout 60 "$VDSOTOOL" run --warp -- sh -c 'date +%s; perl -e "alarm 5; exec qw(sleep 3600)"; echo "status $?"; date +%s'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "status 142" ] || [ "${lines[2]}" = "status 142" ]
	d=$(( ${lines[-1]} - lines[0] ))
	(( d >= 5 && d < 60 )) || { echo "the clock moved $d s" >&2; false; }
	real_under 5 "$t0"
}

@test "--warp: timeout 10 sleep 3600 times out (124) at once, ten seconds later, not an hour" {
	t0=$(uptime_now)
	run timeout 60 "$VDSOTOOL" run --warp -- sh -c 'date +%s; timeout 10 sleep 3600; echo "status $?"; date +%s'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "status 124" ]
	d=$(( lines[2] - lines[0] ))
	(( d >= 10 && d < 60 )) || { echo "the clock moved $d s" >&2; false; }
	real_under 5 "$t0"
}

@test "--warp: Go time.Sleep, Ticker, context and time.After of an hour; its clock reads an hour later" {
	t0=$(uptime_now)
	run timeout 120 "$VDSOTOOL" run --warp -- "$PROBES/waits.go" 3600
	[ "$status" -eq 0 ]
	[ "${lines[4]}" = "go.measured 3600.0" ]
	real_under 60 "$t0"
}

@test "--warp: python3 time.sleep(3600)" {
	t0=$(uptime_now)
	run timeout 60 "$VDSOTOOL" run --warp -- python3 -c '
import time
t = time.time(); time.sleep(3600); print(round(time.time() - t))'
	[ "$status" -eq 0 ]
	[ "$output" = 3600 ]
	real_under 15 "$t0"
}

# The JVM's housekeeping threads wake every few milliseconds by default:
# warp skips in steps of that size.  Quieted (docs/run.md), four hours
# go by in about 20 s.
@test "--warp: Java Thread.sleep, a scheduled task and Object.wait of an hour each, the JVM's periodic tasks quieted" {
	t0=$(uptime_now)
	run timeout 120 "$VDSOTOOL" run --warp -- java -XX:+UnlockDiagnosticVMOptions -XX:-UsePerfData \
		-XX:GuaranteedSafepointInterval=0 -XX:AsyncDeflationInterval=0 \
		-XX:GuaranteedAsyncDeflationInterval=0 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
		-XX:CICompilerCount=1 -cp "$PROBES" Waits 3600
	[ "$status" -eq 0 ]
	grep -qx "java.measured 3600.0" <<<"$output"
	real_under 90 "$t0"
}

@test "--warp: a thread that waits for input (a pipe) is not idle: nothing is skipped" {
	t0=$(uptime_now)
	run timeout 30 "$VDSOTOOL" run --warp --kill-orphans -- sh -c 'sleep 100 | cat & sleep 1.5; date +%s'
	[ "$status" -eq 0 ]
	awk -v a="$t0" -v b="$(uptime_now)" 'BEGIN { print b - a; exit !(b - a >= 1.4) }'
}

@test "without --warp nothing is skipped; --warp under --freeze skips nothing either" {
	run timeout 30 "$VDSOTOOL" run --clocks all -- "$HELPERS/waits" nanosleep 1
	[ "$status" -eq 0 ]
	awk '{ exit !($2 >= 0.95) }' <<<"$output"
	run timeout 30 "$VDSOTOOL" run --warp --freeze -- "$HELPERS/waits" nanosleep 1
	[ "$status" -eq 0 ]
	awk '{ exit !($2 >= 0.95) }' <<<"$output"
}
