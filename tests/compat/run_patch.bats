#!/usr/bin/env bats
# Patched call sites: the first raw time system call from a site whose code
# the runtime knows (glibc's syscall(3), an inline `mov $NR,%eax; syscall`)
# rewrites that site to call the runtime without a SIGSYS; what a system
# call keeps (registers, flags, the red zone, other calls through the same
# site, execve going to the supervisor) stays kept; --no-patch and a policy
# against writable code leave the code as it is.

bats_require_minimum_version 1.5.0
load ../lib/common

AT=2030-01-01T00:00:00Z

teardown() {
	[ -z "${TPID:-}" ] || { kill -KILL "$TPID" 2>/dev/null; wait "$TPID" 2>/dev/null; } || true
}

sites() {
	sed -nE 's/.* ([0-9]+) call site\(s\) patched.*/\1/p' <<<"$1"
}

@test "glibc's syscall(3) is patched at its first raw clock_gettime: readings virtual and monotone, getpid through it still real; --stats counts the site" {
	run -0 timeout 20 "$VDSOTOOL" run --stats --at $AT -- "$HELPERS/rawsite" libc 5000
	[ "${lines[0]}" = "2030 ok patched" ]
	[ "$(sites "$output")" -eq 1 ]
	calls=$(sed -nE 's/.* ([0-9]+) system call\(s\) answered in the process.*/\1/p' <<<"$output")
	(( calls >= 5000 ))
}

@test "--no-patch leaves the code as it is and answers the same (through SIGSYS)" {
	run -0 timeout 20 "$VDSOTOOL" run --no-patch --stats --at $AT -- "$HELPERS/rawsite" libc 500
	[ "${lines[0]}" = "2030 ok as-is" ]
	[ "$(sites "$output")" -eq 0 ]
}

@test "inline mov \$228,%eax; syscall: every register but rax/rcx/r11, the flags and the red zone come back as the kernel leaves them; a site an 8-byte store cannot patch takes a 16-byte one (glibc)" {
	run -0 timeout 20 "$VDSOTOOL" run --at $AT -- "$HELPERS/rawsite" inline 2000
	[ "$output" = "2030 ok patched" ]
	run -0 timeout 20 "$VDSOTOOL" run --at $AT -- "$HELPERS/rawsite" inline16 2000
	[ "$output" = "2030 ok patched" ]
	# mov $228,%r8d ends in the same five bytes: not an instruction of its own.
	run -0 timeout 20 "$VDSOTOOL" run --at $AT -- "$HELPERS/rawsite" rex 200
	[ "$output" = "2030 ok as-is" ]
}

@test "the same inline site in a static musl program" {
	command -v musl-gcc >/dev/null || skip "musl-gcc is not installed"
	musl-gcc -O2 -static -o "$BATS_TEST_TMPDIR/rawsite" tests/helpers/rawsite.c
	for m in inline inline16; do
		run -0 timeout 20 "$VDSOTOOL" run --at $AT -- "$BATS_TEST_TMPDIR/rawsite" $m 2000
		[ "$output" = "2030 ok patched" ]
	done
	# musl's syscall(3) is not a shape the runtime knows: left alone, answered.
	run -0 timeout 20 "$VDSOTOOL" run --at $AT -- "$BATS_TEST_TMPDIR/rawsite" libc 200
	[[ "$output" == "2030 ok "* && "$output" != *patched ]]
}

@test "8 threads call through the site while it is patched: no crash, each one's readings monotone, 10 runs" {
	for i in $(seq 10); do
		run -0 timeout 20 "$VDSOTOOL" run --at $AT -- "$HELPERS/rawsite" threads 3000
		[ "$output" = "2030 ok patched" ]
	done
}

@test "a child forked after the patch calls through it; an execve made through the patched site is still injected" {
	run -0 timeout 20 "$VDSOTOOL" run --at $AT -- "$HELPERS/rawsite" fork 500
	[ "${lines[0]}" = "child 2030 ok" ]
	[ "${lines[1]}" = "2030 ok patched" ]
	# date reads the clock through the vDSO: 2030 only if the exec was seen.
	run -0 timeout 20 "$VDSOTOOL" run --at $AT -- "$HELPERS/rawsite" exec 500
	[ "$output" = "2030" ]
}

@test "a process that forbids writable code (prctl MDWE) keeps its code; its calls are answered all the same" {
	run -0 timeout 20 "$VDSOTOOL" run --stats --at $AT -- "$HELPERS/rawsite" mdwe 500
	[ "${lines[0]}" != "no-mdwe" ] || skip "this kernel has no PR_SET_MDWE"
	[ "${lines[0]}" = "2030 ok as-is" ]
	[ "$(sites "$output")" -eq 0 ]
}

@test "a process with a seccomp policy of its own (one that kills for an executable mprotect) keeps its code and lives" {
	run -0 timeout 20 "$VDSOTOOL" run --stats --at $AT -- "$HELPERS/rawsite" sandbox 500
	[ "${lines[0]}" = "2030 ok as-is" ]
	[ "$(sites "$output")" -eq 0 ]
	# And a child of it, exec'd under that policy, too.
	run -0 timeout 20 "$VDSOTOOL" run --at $AT -- sh -c "'$HELPERS/rawsite' sandbox 10 && '$HELPERS/rawsite' libc 10"
	[ "${lines[0]}" = "2030 ok as-is" ]
	[ "${lines[1]}" = "2030 ok patched" ]
}

@test "perl's syscall and python's ctypes libc.syscall go through the patched site" {
	run -0 timeout 20 "$VDSOTOOL" run --stats --at $AT -- perl -e \
		'my $t = pack("q2", 0, 0); for (1..2000) { syscall(228, 0, $t) == 0 or die "$!" } print((gmtime((unpack("q2", $t))[0]))[5] + 1900, "\n")'
	[ "${lines[0]}" = "2030" ]
	[ "$(sites "$output")" -eq 1 ]
	run -0 timeout 20 "$VDSOTOOL" run --at $AT -- python3 -c '
import ctypes, time
libc = ctypes.CDLL(None, use_errno=True)
ts = (ctypes.c_long * 2)()
for i in range(2000):
    assert libc.syscall(228, 0, ts) == 0
print(time.gmtime(ts[0]).tm_year)'
	[ "$output" = "2030" ]
}

@test "attach: a running process's site is patched once attached; after detach the same site reads the real clock, attached again the new one" {
	local out="$BATS_TEST_TMPDIR/out" year
	year=$(date -u +%Y)
	"$HELPERS/rawsite" loop 50 >"$out" 2>&1 3>&- &
	TPID=$!
	wait_for "grep -q '^$year as-is' '$out'"
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --at $AT
	wait_for "tail -1 '$out' | grep -q '^2030 patched'"
	timeout 10 "$VDSOTOOL" detach "$TPID"
	wait_for "tail -1 '$out' | grep -q '^$year patched'"
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2035-01-01T00:00:00Z
	wait_for "tail -1 '$out' | grep -q '^2035 patched'"
	timeout 10 "$VDSOTOOL" detach "$TPID"
	kill -0 "$TPID"
}
