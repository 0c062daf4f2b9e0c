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
