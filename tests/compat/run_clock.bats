#!/usr/bin/env bats
# The clock model under `run`: offsets, rates, freezing, which clocks are
# virtual, one timeline for the whole tree, monotonicity under threads.

load ../lib/common

# elapsed_between LO HI CLOCK MS [RUN OPTIONS]: the virtual CLOCK advances by
# more than LO and less than HI ns across a real sleep of MS milliseconds.
elapsed_between() {
	local lo=$1 hi=$2 clock=$3 ms=$4 delta
	shift 4
	run "$VDSOTOOL" run "$@" -- "$HELPERS/clockread" "$clock" "$ms"
	[ "$status" -eq 0 ] || return 1
	delta=$(sed -n 3p <<<"$output")
	(( delta > lo && delta < hi )) || { echo "$clock advanced $delta ns" >&2; return 1; }
}

@test "--offset +1y shifts realtime by 365 days" {
	real=$(date +%s)
	run "$VDSOTOOL" run --offset +1y -- date +%s
	[ "$status" -eq 0 ]
	d=$(( output - real - 365 * 86400 ))
	(( d >= -2 && d <= 5 ))
}

@test "--offset -90m shifts realtime back" {
	real=$(date +%s)
	run "$VDSOTOOL" run --offset -90m -- date +%s
	[ "$status" -eq 0 ]
	d=$(( output - real + 90 * 60 ))
	(( d >= -2 && d <= 5 ))
}

@test "--rate 10: a 1 s real sleep is about 10 s of virtual realtime" {
	elapsed_between 9000000000 16000000000 realtime 1000 --rate 10
}

@test "--rate 0.5 runs at half speed" {
	elapsed_between 450000000 900000000 realtime 1000 --rate 0.5
}

@test "--freeze: two reads 200 ms apart are equal, at the --at time" {
	run "$VDSOTOOL" run --freeze --at @1893456000 -- "$HELPERS/clockread" realtime 200
	[ "$status" -eq 0 ]
	[ "$(sed -n 1p <<<"$output")" = 1893456000000000000 ]
	[ "$(sed -n 3p <<<"$output")" = 0 ]
}

@test "--freeze freezes time() and gettimeofday and raw syscalls too" {
	run "$VDSOTOOL" run --freeze --at @1893456000 -- sh -c "$HELPERS/timeprobe all; sleep 1.1; $HELPERS/timeprobe all"
	[ "$status" -eq 0 ]
	[ "$(awk '{print $2}' <<<"$output" | sort -u)" = 1893456000 ]
}

@test "default: monotonic stays real under --rate 10" {
	elapsed_between 450000000 2000000000 monotonic 500 --rate 10
}

@test "--clocks all --rate 10: monotonic and boottime run 10x" {
	for c in monotonic boottime monotonic_raw; do
		elapsed_between 4500000000 9000000000 $c 500 --clocks all --rate 10
	done
}

@test "--clocks monotonic leaves realtime real" {
	real=$(date +%s)
	run "$VDSOTOOL" run --clocks monotonic --at 2030-01-01T00:00:00Z -- date +%s
	[ "$status" -eq 0 ]
	(( output - real >= 0 && output - real < 5 ))
}

@test "a virtual monotonic clock starts where the real one is: no jump" {
	before=$("$HELPERS/clockread" monotonic)
	run "$VDSOTOOL" run --clocks all --rate 10 --at 2030-01-01T00:00:00Z -- "$HELPERS/clockread" monotonic
	[ "$status" -eq 0 ]
	(( output >= before && output - before < 10000000000 ))
}

@test "the CPU-time clocks are never virtual" {
	elapsed_between -1 100000000 process_cputime 300 --clocks all --rate 1000
}

@test "TAI follows realtime and stays ahead of it" {
	run "$VDSOTOOL" run --at @1893456000 --freeze -- "$HELPERS/clockread" tai
	[ "$status" -eq 0 ]
	(( output >= 1893456000000000000 && output < 1893456100000000000 ))
}

@test "4 threads x 1M reads of a virtual monotonic clock under --rate 3 never go backwards" {
	run "$VDSOTOOL" run --clocks all --rate 3 -- "$HELPERS/mtclock" 4 1000000
	[ "$status" -eq 0 ]
	[ "$output" = "ok 4000000" ]
}

@test "one timeline: processes started later read the same virtual clock" {
	# (clockread's own sleep is real time: every other one is virtual.)
	run "$VDSOTOOL" run --rate 10 --at @1893456000 -- sh -c "
		$HELPERS/clockread realtime; $HELPERS/clockread monotonic 500 >/dev/null
		$HELPERS/clockread realtime"
	[ "$status" -eq 0 ]
	a=$(sed -n 1p <<<"$output"); b=$(sed -n 2p <<<"$output")
	# 0.5 s real is 5 s virtual for the second process too, not a fresh start.
	(( b - a > 4500000000 && b - a < 8000000000 ))
}

@test "--stats counts injections, image reads and system calls answered in the process" {
	run "$VDSOTOOL" run --stats --at @1893456000 -- "$HELPERS/timeprobe" all
	[ "$status" -eq 0 ]
	line=$(grep 'stats:' <<<"$output")
	[[ "$line" == *"1 process(es) injected"* ]]
	calls=$(sed -E 's/.* ([0-9]+) system call\(s\) answered in the process.*/\1/' <<<"$line")
	# The three raw time calls, and the signal calls of the C library's start.
	(( calls >= 3 ))
	[[ "$line" == *", 0 by the supervisor"* ]]
	reads=$(sed -E 's/.* ([0-9]+) clock read\(s\) through the image.*/\1/' <<<"$line")
	(( reads >= 3 ))
}

@test "the session page is read-only to every process of the tree" {
	run "$VDSOTOOL" run -- "$HELPERS/sessionpoke"
	[ "$status" -eq 0 ]
	[[ "$output" != *ALLOWED* ]]
	[[ "$output" == *"mprotect-write denied"* ]]
}

# wall_ms CMD...: runs CMD, sets WALL to the real milliseconds it took.
wall_ms() {
	local s e
	s=$(date +%s%N)
	run "$@"
	e=$(date +%s%N)
	WALL=$(( (e - s) / 1000000 ))
}

@test "an absolute sleep on the virtual realtime clock lasts its virtual length, not until 2030" {
	wall_ms timeout 20 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/abssleep" realtime 700
	[ "$status" -eq 0 ]
	set -- $output
	[ "$1" = 0 ]
	(( $2 >= 700 && $2 < 1500 ))
	(( WALL >= 650 && WALL < 3000 ))
}

@test "--clocks all --rate 10: an absolute monotonic sleep of 2 virtual s takes about 0.2 real s" {
	wall_ms "$VDSOTOOL" run --clocks all --rate 10 -- sh -c "
		$HELPERS/clockread realtime 500 >/dev/null; $HELPERS/abssleep monotonic 2000"
	[ "$status" -eq 0 ]
	set -- $output
	[ "$1" = 0 ]
	(( $2 >= 2000 && $2 < 4000 ))
	# 0.5 s of real sleep, then 0.2 s: before, the deadline slid 4.5 s further.
	(( WALL >= 650 && WALL < 2500 ))
}

@test "python3 time.sleep (absolute CLOCK_MONOTONIC) follows a virtual monotonic clock" {
	wall_ms "$VDSOTOOL" run --clocks all --rate 10 -- python3 -c '
import time
t = time.monotonic(); time.sleep(0.3); busy = time.monotonic()
time.sleep(3); print(round(time.monotonic() - busy, 1))'
	[ "$status" -eq 0 ]
	[ "$(cut -d. -f1 <<<"$output")" -ge 3 ]
	(( WALL < 3000 ))
}

@test "a signal interrupts an emulated absolute sleep with EINTR, as a real one" {
	wall_ms timeout 20 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/abssleep" realtime 10000 alarm
	[ "$status" -eq 0 ]
	set -- $output
	[ "$1" = 4 ]
	(( WALL >= 900 && WALL < 5000 ))
}

@test "--freeze: an absolute sleep into the virtual future waits until the clock moves; a past one returns" {
	# A frozen clock never reaches a later time: the sleep waits (for a
	# vdsotool ctl that resumes it), without spinning.
	wall_ms timeout 2 "$VDSOTOOL" run --freeze --at 2030-01-01T00:00:00Z -- "$HELPERS/abssleep" realtime 500
	[ "$status" -eq 124 ]
	# A deadline already reached returns at once.
	wall_ms timeout 20 "$VDSOTOOL" run --freeze --at 2030-01-01T00:00:00Z -- "$HELPERS/abssleep" realtime 0
	[ "$status" -eq 0 ]
	(( WALL < 2000 ))
}

@test "relative sleeps are untouched at rate 1 (an offset): sleep 0.5 takes 0.5 s" {
	wall_ms "$VDSOTOOL" run --clocks all --offset +1h -- sleep 0.5
	[ "$status" -eq 0 ]
	(( WALL >= 480 && WALL < 2500 ))
}
