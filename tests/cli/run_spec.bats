#!/usr/bin/env bats
# vdsotool run: how time specifications reach the session: the range rule
# for the start of the virtual clock, libfaketime's forms and $FAKETIME,
# and the hint for an unquoted date and time.

bats_require_minimum_version 1.5.0
load ../lib/common

# 2262-01-01T00:00:00Z, the latest start: (292 * 365 + 71 leap days) * 86400.
TMAX=$(( (292 * 365 + 71) * 86400 ))

@test "range: --offset +292y and -100y are refused (they used to overflow or go before 1970)" {
	run -125 "$VDSOTOOL" run --offset +292y -- date
	[[ "${lines[0]}" == "vdsotool: run: --offset: bad duration '+292y': now plus +292y is after 2262-04-11T23:47:16.854775807Z, the end of 64-bit nanoseconds"* ]]
	run -125 "$VDSOTOOL" run --offset -100y -- date
	[[ "${lines[0]}" == "vdsotool: run: --offset: bad duration '-100y': now plus -100y is 19"*", before 1970-01-01T00:00:00Z, the earliest start" ]]
	run -125 "$VDSOTOOL" run --faketime '+292y x2' -- date
	[[ "${lines[0]}" == "vdsotool: run: --faketime: bad FAKETIME spec '+292y x2': now plus +9208512000s is after 2262-04-11"* ]]
	run -125 "$VDSOTOOL" run --faketime '-100y' -- date
	[[ "${lines[0]}" == *"before 1970-01-01T00:00:00Z"* ]]
}

@test "range: the limits themselves are accepted, one nanosecond past is not" {
	[ "$TMAX" -eq 9214646400 ]
	run -0 "$VDSOTOOL" run --at 2262-01-01T00:00:00Z -- "$HELPERS/timeprobe"
	for n in $(awk '{print $2}' <<<"$output"); do
		(( n >= TMAX && n < TMAX + 60 ))
	done
	run -0 "$VDSOTOOL" run --at 2262-01-01T00:00:00Z -- "$HELPERS/clockread" tai
	(( output / 1000000000 >= TMAX && output / 1000000000 < TMAX + 60 + 37 ))
	run -125 "$VDSOTOOL" run --at 2262-01-01T00:00:00.000000001Z -- true
	[[ "${lines[0]}" == "vdsotool: run: --at: bad time '2262-01-01T00:00:00.000000001Z': after 2262-01-01T00:00:00Z, the latest start"* ]]
	run -0 "$VDSOTOOL" run --freeze --at 1970-01-01T00:00:00Z -- "$HELPERS/clockread" realtime
	[ "$output" = 0 ]
	run -125 "$VDSOTOOL" run --at @0 --offset -1ns -- true
	[[ "${lines[0]}" == "vdsotool: run: --offset: bad duration '-1ns': --at @0 plus -1ns is 1969-12-31T23:59:59.999999999Z, before 1970-01-01T00:00:00Z"* ]]
	run -0 "$VDSOTOOL" run --freeze --at @1 --offset -1s -- "$HELPERS/clockread" realtime
	[ "$output" = 0 ]
}

@test "range: the rule is on --at plus --offset, whichever is out alone" {
	run -0 "$VDSOTOOL" run --at 2262-03-01T00:00:00Z --offset -1y -- date -u +%F
	[ "$output" = 2261-03-01 ]
	run -125 "$VDSOTOOL" run --at 2262-03-01T00:00:00Z -- true
	[[ "${lines[0]}" == "vdsotool: run: --at: bad time '2262-03-01T00:00:00Z': after 2262-01-01T00:00:00Z"* ]]
	run -125 "$VDSOTOOL" run --at 2262-04-11T00:00:00Z --offset +1y -- true
	[[ "${lines[0]}" == "vdsotool: run: --offset: bad duration '+1y': --at 2262-04-11T00:00:00Z plus +1y is after 2262-04-11T23:47:16.854775807Z"* ]]
	run -125 "$VDSOTOOL" run --faketime '@2262-01-01 00:00:01' -- true
	[[ "${lines[0]}" == "vdsotool: run: --faketime: bad FAKETIME spec '@2262-01-01 00:00:01': after 2262-01-01T00:00:00Z"* ]]
	run -0 "$VDSOTOOL" run --faketime '2262-01-01 00:00:00' -- date -u +%F
	[ "$output" = 2262-01-01 ]
}

LIBFAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1

# The virtual realtime clock in seconds under vdsotool run "$@".
vsecs() {
	"$VDSOTOOL" run "$@" -- date +%s
}

@test "faketime forms: libfaketime's decimal comma, as libfaketime reads the dot" {
	[ -r "$LIBFAKETIME" ] || skip "libfaketime not installed"
	# libfaketime reads a comma only under a locale that has one; its dot
	# form is the reference (in the C locale '+2,5y' is +2y to it).
	for pair in '+2,5y|+2.5y' '+1,5h|+1.5h' '-7d x0,2|-7d x0.2' '+1y x0,5|+1y x0.5' '-1,5m|-1.5m'; do
		ours=$(vsecs --faketime "${pair%|*}")
		theirs=$(LD_PRELOAD="$LIBFAKETIME" FAKETIME="${pair#*|}" date +%s)
		(( ours - theirs < 3 && theirs - ours < 3 )) || { echo "$pair: $ours vs $theirs"; false; }
	done
	run -0 "$VDSOTOOL" run --faketime '+2,5y x10,0' -- "$HELPERS/clockread" realtime 300
	delta=$(sed -n 3p <<<"$output")
	(( delta > 2700000000 && delta < 4500000000 ))
}

@test "faketime forms: a decimal comma elsewhere is refused with what to write" {
	run -125 "$VDSOTOOL" run --offset 1,5h -- true
	[ "${lines[0]}" = "vdsotool: run: --offset: bad duration '1,5h': a decimal comma ('1,5') is only accepted in FAKETIME strings: write '1.5'" ]
	run -125 "$VDSOTOOL" run --rate x0,5 -- true
	[[ "${lines[0]}" == *"write '0.5'" ]]
}

@test "µs and us are microseconds" {
	run -0 "$VDSOTOOL" run --freeze --at @0 --offset +1500000µs -- "$HELPERS/clockread" realtime
	[ "$output" = 1500000000 ]
	run -0 "$VDSOTOOL" run --freeze --at @0 --offset +1s250000us -- "$HELPERS/clockread" realtime
	[ "$output" = 1250000000 ]
	run -0 "$VDSOTOOL" run --faketime '+1µs x0' -- true
}

@test "--faketime-env takes the spec from FAKETIME, without a note" {
	FAKETIME='@2030-01-01 00:00:00' run -0 --separate-stderr "$VDSOTOOL" run --faketime-env -- date -u +%Y
	[ "$output" = 2030 ]
	[ -z "$stderr" ]
	FAKETIME='2030-01-01 00:00:00' run -0 "$VDSOTOOL" run --faketime-env -- sh -c 'date +%s; sleep 1.1; date +%s'
	[ "$(sort -u <<<"$output")" = "$T2030" ]
	real=$(date +%s)
	FAKETIME='+2,5y' run -0 "$VDSOTOOL" run --faketime-env -- date +%s
	d=$(( output - real - 912 * 86400 - 43200 ))
	(( d > -5 && d < 5 ))
}

@test "--faketime-env: clear errors when FAKETIME is unset, empty, bad, or in another format" {
	run -125 env -u FAKETIME "$VDSOTOOL" run --faketime-env -- true
	[ "${lines[0]}" = "vdsotool: run: --faketime-env: FAKETIME is not set (set it to a spec such as '+2d', or give --faketime SPEC)" ]
	FAKETIME= run -125 "$VDSOTOOL" run --faketime-env -- true
	[ "${lines[0]}" = "vdsotool: run: --faketime-env: FAKETIME is set but empty" ]
	FAKETIME='+1y i2,0' run -125 "$VDSOTOOL" run --faketime-env -- true
	[[ "${lines[0]}" == "vdsotool: run: --faketime-env: bad FAKETIME spec '+1y i2,0': the 'i' increment modifier"* ]]
	FAKETIME=1893456000 FAKETIME_FMT=%s run -125 "$VDSOTOOL" run --faketime-env -- true
	[[ "${lines[0]}" == "vdsotool: run: --faketime-env: FAKETIME_FMT is '%s'"* ]]
	FAKETIME=+292y run -125 "$VDSOTOOL" run --faketime-env -- true
	[[ "${lines[0]}" == "vdsotool: run: --faketime-env: bad FAKETIME spec '+292y': now plus +9208512000s is after"* ]]
	FAKETIME=+1d run -125 "$VDSOTOOL" run --faketime-env --faketime +2d -- true
	[[ "${lines[0]}" == *"--faketime-env: cannot be combined with --faketime" ]]
	FAKETIME=+1d run -125 "$VDSOTOOL" run --faketime-env --rate 2 -- true
	[[ "${lines[0]}" == *"--faketime-env: cannot be combined with --at, --offset, --rate or --freeze" ]]
}

@test "FAKETIME set without --faketime-env: one note, and the time is not taken from it" {
	real=$(date +%s)
	FAKETIME=+10d run -0 --separate-stderr "$VDSOTOOL" run -- sh -c 'date +%s; sh -c "date +%s"'
	for n in $output; do (( n - real > -5 && n - real < 5 )); done
	[ "$stderr" = "vdsotool: run: note: FAKETIME is set, but vdsotool ignores it unless --faketime-env is given" ]
	# No note for a usage error, nor for --help.
	FAKETIME=+10d run -125 --separate-stderr "$VDSOTOOL" run --bogus -- true
	[[ "$stderr" != *note* ]]
	FAKETIME=+10d run -0 --separate-stderr "$VDSOTOOL" run --help
	[ -z "$stderr" ]
}

@test "libfaketime in LD_PRELOAD: one note" {
	[ -r "$LIBFAKETIME" ] || skip "libfaketime not installed"
	# An ASan build refuses to start behind any preload.
	LD_PRELOAD=$LIBFAKETIME "$VDSOTOOL" --version >/dev/null 2>&1 ||
		skip "this vdsotool build cannot run with a preloaded library"
	LD_PRELOAD=$LIBFAKETIME FAKETIME=+0 run -0 --separate-stderr "$VDSOTOOL" run -- sh -c 'true; sh -c true'
	[ "$stderr" = "vdsotool: run: note: LD_PRELOAD loads libfaketime into vdsotool and the command: it fakes the time again on top of vdsotool's clock and skews vdsotool's own reading of the real time (take it out of LD_PRELOAD); vdsotool itself ignores FAKETIME unless --faketime-env is given" ]
}

@test "an unquoted date and time: 125 and a hint to quote them, not a run of '00:00:00'" {
	run -125 "$VDSOTOOL" run --at 2030-01-01 00:00:00 -- date
	[ "${lines[0]}" = "vdsotool: run: --at: bad time '2030-01-01': the command '00:00:00' looks like its time of day: quote date and time together, --at '2030-01-01 00:00:00'" ]
	run -125 "$VDSOTOOL" run --at=2030-01-01 12:30 -- date
	[[ "${lines[0]}" == *"--at '2030-01-01 12:30'" ]]
	run -125 "$VDSOTOOL" run --faketime @2030-01-01 00:00:00 x2 -- date
	[[ "${lines[0]}" == "vdsotool: run: --faketime: bad FAKETIME spec '@2030-01-01': "*"--faketime '@2030-01-01 00:00:00'" ]]
	# Quoted, or a date alone, or an explicit "--" before the command: no hint.
	run -0 "$VDSOTOOL" run --at '2030-01-01 00:00:00' -- date -u +%Y
	[ "$output" = 2030 ]
	run -0 "$VDSOTOOL" run --at 2030-01-01 -- date -u +%Y
	[ "$output" = 2030 ]
	run -127 "$VDSOTOOL" run --at 2030-01-01 -- 00:00:00
	[[ "$output" == *"cannot run '00:00:00'"* ]]
}

@test "run --help shows examples and the range" {
	run -0 "$VDSOTOOL" run --help
	[[ "$output" == *$'\nExamples:\n  vdsotool run --at \'2030-01-01 00:00:00\' -- date'* ]]
	[[ "$output" == *"1970-01-01T00:00:00Z..2262-01-01T00:00:00Z"* ]]
	# The examples' specs are accepted as written.
	run -0 "$VDSOTOOL" run --offset -1d --rate 10 -- true
	FAKETIME='+2,5y x10' run -0 "$VDSOTOOL" run --faketime-env -- true
}
