#!/usr/bin/env bats
# vdsotool dump: byte-identical to an independent dump; never a partial file.

load ../lib/common

setup() {
	sleep 60 &
	SLEEPER=$!
}

teardown() {
	kill "$SLEEPER" 2>/dev/null || true
}

@test "dump -p PID is byte-identical to an independent dump of the same process" {
	needs_attach
	python3 tests/lib/dump_vdso.py "$SLEEPER" "$BATS_TEST_TMPDIR/ref.so"
	run "$VDSOTOOL" dump -p "$SLEEPER" -o "$BATS_TEST_TMPDIR/ours.so"
	[ "$status" -eq 0 ]
	cmp "$BATS_TEST_TMPDIR/ref.so" "$BATS_TEST_TMPDIR/ours.so"
}

@test "readelf -n of the dump shows the build-id that info prints" {
	run "$VDSOTOOL" dump -o "$BATS_TEST_TMPDIR/self.so"
	[ "$status" -eq 0 ]
	id=$(readelf -n "$BATS_TEST_TMPDIR/self.so" | awk '/Build ID:/ { print $3 }')
	[ -n "$id" ]
	run "$VDSOTOOL" info
	[[ "$output" == *"build-id $id"* ]]
}

@test "dump -o - writes to a pipe, and refuses a terminal" {
	needs_attach
	"$VDSOTOOL" dump -p "$SLEEPER" -o - >"$BATS_TEST_TMPDIR/piped.so"
	python3 tests/lib/dump_vdso.py "$SLEEPER" "$BATS_TEST_TMPDIR/ref.so"
	cmp "$BATS_TEST_TMPDIR/ref.so" "$BATS_TEST_TMPDIR/piped.so"
	run script -qec "'$VDSOTOOL' dump -o -" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"refusing to write a binary image to a terminal"* ]]
}

@test "an output path in a missing directory: exit 1, a message, no file" {
	run "$VDSOTOOL" dump -o "$BATS_TEST_TMPDIR/missing/dir/v.so"
	[ "$status" -eq 1 ]
	[[ "$output" == "vdsotool: dump: cannot write $BATS_TEST_TMPDIR/missing/dir/v.so: No such file or directory" ]]
	[ ! -e "$BATS_TEST_TMPDIR/missing" ]
}

@test "a pid that does not exist: exit 1, a message, no file and no temporary" {
	run "$VDSOTOOL" dump -p 999999999 -o "$BATS_TEST_TMPDIR/v.so"
	[ "$status" -eq 1 ]
	[[ "$output" == *"no such process"* ]]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR" | grep -v '^bats')" ]
}

@test "a pid you may not read: exit 1, not permitted, no file" {
	[ "$(id -u)" -eq 0 ] || [ ! -O /proc/1 ] || skip "pid 1 belongs to this user: nothing here is unreadable"
	chmod 777 "$BATS_TEST_TMPDIR"
	run unprivileged "$VDSOTOOL" dump -p 1 -o "$BATS_TEST_TMPDIR/v.so"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not permitted"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/v.so" ]
}

@test "an unwritable directory: exit 1, nothing left behind" {
	# 555: not writable by its owner either, when that is us and not root.
	mkdir "$BATS_TEST_TMPDIR/ro" && chmod 555 "$BATS_TEST_TMPDIR/ro"
	chmod 777 "$BATS_TEST_TMPDIR"
	run unprivileged "$VDSOTOOL" dump -o "$BATS_TEST_TMPDIR/ro/v.so"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Permission denied"* ]]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/ro")" ]
}

@test "usage: -o is required; unknown options; exit 2" {
	run "$VDSOTOOL" dump
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" dump -o
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" dump --nope -o x
	[ "$status" -eq 2 ]
	[ ! -e x ]
}
