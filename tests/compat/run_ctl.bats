#!/usr/bin/env bats
# vdsotool ctl on real programs and runtimes: one session runs a dynamic C
# program, a static musl one, a Go one and a Java one, each printing
# "YEAR MILLISECONDS" of its own realtime reading every 100 ms; changes made
# with ctl reach all four at once.  (The command-line side, errors and the
# rest: tests/cli/ctl.bats.)

load ../lib/common

PROGRAMS="c musl go java"

setup() {
	[ -x "$PROBES/timeprobe.musl" ] && [ -x "$PROBES/timeprobe.go" ] && [ -f "$PROBES/Timeprobe.class" ] ||
		skip "the probes are not built (make compat-probes)"
	D=$BATS_TEST_TMPDIR
}

teardown() {
	[ -z "${VPID:-}" ] || { kill -KILL "$VPID" 2>/dev/null; wait "$VPID" 2>/dev/null; } || true
}

# Starts the four looping probes (COUNT readings each) under one session
# named $1, and returns once each has printed three readings.
start_four() {
	local name=$1 count=$2 i f
	shift 2
	env --default-signal "$VDSOTOOL" run --name "$name" "$@" -- sh -c "
		'$HELPERS/timeprobe' loop $count >'$D/c' &
		'$PROBES/timeprobe.musl' loop $count >'$D/musl' &
		'$PROBES/timeprobe.go' loop $count >'$D/go' &
		java -Xshare:auto -XX:TieredStopAtLevel=1 -cp '$PROBES' Timeprobe loop $count >'$D/java' &
		wait" >"$D/run.out" 2>&1 3>&- &
	VPID=$!
	for i in $(seq 600); do
		for f in $PROGRAMS; do
			[ -f "$D/$f" ] && [ "$(wc -l <"$D/$f")" -ge 3 ] || continue 2
		done
		return 0
	done
	echo "the probes did not start: $(cat "$D/run.out"; tail -n 2 "$D"/c "$D"/musl "$D"/go "$D"/java)" >&2
	return 1
}

# counts: the number of readings each probe has printed so far.
counts() {
	local f
	for f in $PROGRAMS; do
		wc -l <"$D/$f"
	done | tr '\n' ' '
}

# steady FILE MAXSTEP: the readings rise at every line, by less than MAXSTEP ms.
steady() {
	awk -v max="$2" 'NR > 1 { d = $2 - prev; if (d <= 0 || d >= max) { print FILENAME ": step " d " at line " NR; bad = 1 } }
		{ prev = $2 } END { exit bad }' "$1"
}

@test "ctl set --offset +1y: a C, a static musl, a Go and a Java program all read 2031 within 200 ms" {
	start_four t 60 --at 2030-01-01T00:00:00Z
	"$VDSOTOOL" ctl t set --offset +1y
	read -ra n0 <<<"$(counts)"
	sleep 0.2
	read -ra n1 <<<"$(counts)"
	i=0
	for f in $PROGRAMS; do
		head -n 2 "$D/$f" | awk '$1 != 2030 { exit 1 }' || { echo "$f before" >&2; return 1; }
		(( n1[i] > n0[i] )) || { echo "$f printed nothing in 200 ms" >&2; return 1; }
		sed -n "$((n0[i] + 1)),$((n1[i]))p" "$D/$f" | awk '$1 != 2031 { exit 1 }' ||
			{ echo "$f: $(cat "$D/$f")" >&2; return 1; }
		i=$((i + 1))
	done
}

@test "ctl set --rate 10, then --rate 1: none of the four programs sees a jump, each one's readings rise" {
	start_four t 40 --at 2030-01-01T00:00:00Z
	sleep 0.5
	"$VDSOTOOL" ctl t set --rate 10
	sleep 1
	"$VDSOTOOL" ctl t set --rate 1
	sleep 1
	for f in $PROGRAMS; do
		# 100 ms steps at rate 1, 1000 at rate 10 (plus a loaded machine's
		# lateness); a change that did not re-base would jump by seconds.
		steady "$D/$f" 2000
		awk 'NR > 1 && $2 - prev > 800 { fast++ } { prev = $2 } END { exit !(fast >= 5) }' "$D/$f" ||
			{ echo "$f never ran at rate 10" >&2; return 1; }
	done
}

@test "ctl set --freeze holds all four programs at one value; --resume goes on from it" {
	start_four t 40 --at 2030-01-01T00:00:00Z
	"$VDSOTOOL" ctl t set --freeze
	read -ra n0 <<<"$(counts)"
	frozen=$("$VDSOTOOL" ctl t get --json | jq -r '.clocks[] | select(.name == "CLOCK_REALTIME") | .sec * 1000 + (.nsec / 1000000 | floor)')
	sleep 0.8
	# Counted before the resume: a loaded machine may let a program print
	# two lines between the resume and a count after it.
	read -ra n1 <<<"$(counts)"
	"$VDSOTOOL" ctl t set --resume
	sleep 0.5
	i=0
	for f in $PROGRAMS; do
		(( n1[i] - n0[i] >= 4 )) || { echo "$f printed too little while frozen" >&2; return 1; }
		# While frozen (but for a line printed as the freeze came): one value, ctl's.
		vals=$(sed -n "$((n0[i] + 2)),$((n1[i] - 1))p" "$D/$f" | awk '{ print $2 }' | sort -u)
		[ "$vals" = "$frozen" ] || { echo "$f while frozen: $vals (ctl: $frozen)" >&2; return 1; }
		# Then on from there, not from where the clock would have been.
		awk -v f="$frozen" 'NR > 1 && $2 > f { d = $2 - f; exit } END { exit !(d > 0 && d < 400) }' "$D/$f" ||
			{ echo "$f after resume: $(cat "$D/$f")" >&2; return 1; }
		i=$((i + 1))
	done
}
