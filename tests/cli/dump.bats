#!/usr/bin/env bats
# vdsotool dump: byte-identical to an independent dump; never a partial file.

load ../lib/common

setup() {
	start_sleeper
}

teardown() {
	kill "$SLEEPER" 2>/dev/null || true
	remove_world_scratch
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

@test "a pid you may not read: exit 1, not permitted, no file and no temporary" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as another user (setpriv)"
	d=$(world_scratch)
	run as_nobody "$VDSOTOOL" dump -p 1 -o "$d/v.so"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not permitted"* ]]
	[ -z "$(ls -A "$d")" ]
}

@test "an unwritable directory: exit 1, nothing left behind" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as another user (setpriv)"
	d=$(world_scratch)
	mkdir "$d/ro" && chmod 755 "$d/ro"
	as_nobody touch "$d/reachable"
	run as_nobody "$VDSOTOOL" dump -o "$d/ro/v.so"
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: dump: cannot write $d/ro/v.so: Permission denied" ]
	[ -z "$(ls -A "$d/ro")" ]
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

# What -o does to what is already at the path (vdsotool(1), OUTPUT FILES).

@test "a character device is written into, not replaced (a /dev/null made with mknod)" {
	[ "$(id -u)" -eq 0 ] || skip "mknod needs root"
	d=$(scratch)
	mknod -m 0666 "$d/null" c 1 3
	run "$VDSOTOOL" dump -o "$d/null"
	[ "$status" -eq 0 ]
	[ -c "$d/null" ]
	[ "$(stat -c '%t:%T %a' "$d/null")" = "1:3 666" ]
	[ -z "$(ls -A "$d" | grep -v -e '^null$' -e '^bats')" ]
}

@test "a FIFO is written into, and its reader gets the image" {
	d=$(scratch)
	mkfifo "$d/fifo"
	timeout 5 cat "$d/fifo" >"$d/got" &
	reader=$!
	run timeout 5 "$VDSOTOOL" dump -p "$SLEEPER" -o "$d/fifo"
	[ "$status" -eq 0 ]
	wait "$reader"
	[ -p "$d/fifo" ]
	python3 tests/lib/dump_vdso.py "$SLEEPER" "$d/ref.so"
	cmp "$d/ref.so" "$d/got"
}

@test "a link to /proc/self/fd/1 (as /dev/stdout is) into a pipe writes into the pipe" {
	# A link of the test's own: a broken vdsotool replaces it, not the
	# system's /dev/stdout.
	d=$(scratch)
	ln -s /proc/self/fd/1 "$d/stdout"
	"$VDSOTOOL" dump -p "$SLEEPER" -o "$d/stdout" | cat >"$d/got"
	[ -L "$d/stdout" ]
	python3 tests/lib/dump_vdso.py "$SLEEPER" "$d/ref.so"
	cmp "$d/ref.so" "$d/got"
}

@test "a symbolic link is followed: the file it names is replaced, the link stays" {
	d=$(scratch)
	echo old >"$d/target.so"
	chmod 640 "$d/target.so"
	ln -s target.so "$d/link"
	run "$VDSOTOOL" dump -p "$SLEEPER" -o "$d/link"
	[ "$status" -eq 0 ]
	[ "$(readlink "$d/link")" = target.so ]
	python3 tests/lib/dump_vdso.py "$SLEEPER" "$d/ref.so"
	cmp "$d/ref.so" "$d/target.so"
	[ "$(stat -c %a "$d/target.so")" = 640 ]
}

@test "a symbolic link to a missing file is refused, and nothing is created" {
	d=$(scratch)
	ln -s nowhere.so "$d/link"
	run "$VDSOTOOL" dump -o "$d/link"
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: dump: cannot write $d/link: a symbolic link to a missing file (hint: create the file it names, or remove the link)" ]
	[ ! -e "$d/nowhere.so" ]
	[ -z "$(ls -A "$d" | grep -v -e '^link$' -e '^bats')" ]
}

@test "an existing file keeps its mode (0600 stays 0600)" {
	d=$(scratch)
	: >"$d/out.so"
	chmod 600 "$d/out.so"
	run "$VDSOTOOL" dump -o "$d/out.so"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$d/out.so")" = 600 ]
	[ "$(stat -c %s "$d/out.so")" -gt 0 ]
}

@test "as root, another user's file keeps its owner, group and mode" {
	[ "$(id -u)" -eq 0 ] || skip "chown to another user needs root"
	d=$(scratch)
	echo old >"$d/theirs.so"
	chown 65534:65534 "$d/theirs.so"
	chmod 604 "$d/theirs.so"
	run "$VDSOTOOL" dump -o "$d/theirs.so"
	[ "$status" -eq 0 ]
	[ "$(stat -c '%u:%g %a' "$d/theirs.so")" = "65534:65534 604" ]
	[ "$(stat -c %s "$d/theirs.so")" -gt 4 ]
}

@test "another user's 0600 file that you may not open is refused, even in a directory you may write" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as another user (setpriv)"
	d=$(world_scratch)
	as_nobody touch "$d/reachable"
	echo secret >"$d/root.so"
	chmod 600 "$d/root.so"
	ln "$d/root.so" "$d/root-link.so"
	run as_nobody "$VDSOTOOL" dump -o "$d/root.so"
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: dump: cannot write $d/root.so: Permission denied" ]
	[ "$(stat -c '%u %a %h' "$d/root.so")" = "0 600 2" ]
	[ "$(cat "$d/root.so")" = secret ]
	[ -z "$(ls -A "$d" | grep -v -e '^root' -e '^reachable$')" ]
}

@test "a file you may write but whose owner you cannot keep is refused, unchanged" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as another user (setpriv)"
	d=$(world_scratch)
	as_nobody touch "$d/reachable"
	echo shared >"$d/shared.so"
	chmod 666 "$d/shared.so"
	run as_nobody "$VDSOTOOL" dump -o "$d/shared.so"
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: dump: cannot write $d/shared.so: its owner and group cannot be kept (hint: remove it first, write elsewhere, or run as its owner)" ]
	[ "$(stat -c '%u %a' "$d/shared.so")" = "0 666" ]
	[ "$(cat "$d/shared.so")" = shared ]
	[ -z "$(ls -A "$d" | grep -v -e '^shared.so$' -e '^reachable$')" ]
}

@test "a file with another hard link is refused: replacing it would break the link" {
	d=$(scratch)
	echo old >"$d/a.so"
	ln "$d/a.so" "$d/b.so"
	run "$VDSOTOOL" dump -o "$d/a.so"
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: dump: cannot write $d/a.so: it has other hard links, which replacing it would break (hint: remove it first, or write elsewhere)" ]
	[ "$(stat -c %h "$d/a.so")" = 2 ]
	[ "$(cat "$d/b.so")" = old ]
}

@test "a directory, a socket: refused with what they are" {
	d=$(scratch)
	mkdir "$d/dir"
	run "$VDSOTOOL" dump -o "$d/dir"
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: dump: cannot write $d/dir: Is a directory" ]
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$d/sock"
	run "$VDSOTOOL" dump -o "$d/sock"
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: dump: cannot write $d/sock: a socket, which vdsotool does not write to" ]
	[ -S "$d/sock" ]
}
