#!/usr/bin/env bats
# vdsotool info: its vDSO/syscall classification matches what strace sees.

load ../lib/common

@test "every clock's classification matches strace's observation" {
	# The probe is built here, plain: a sanitizer runtime would make system
	# calls of its own (and LeakSanitizer cannot run under strace).
	probe="$BATS_TEST_TMPDIR/vdsocall"
	cc -O2 -Iinclude -o "$probe" tests/helpers/vdsocall.c lib/*.c lib/arch/x86_64/*.c
	run "$VDSOTOOL" info --json
	[ "$status" -eq 0 ]
	while read -r name id by; do
		# Only this clock's calls: a sanitizer runtime reads clocks of its own.
		trace=$(strace -f -qq -e trace=clock_gettime "$probe" "$id" 2>&1 >/dev/null |
			grep -c "clock_gettime($name," || true)
		if [ "$by" = syscall ]; then
			(( trace >= 1 )) || { echo "$name: info says syscall, strace saw none" >&2; return 1; }
		else
			[ "$by" = vdso ]
			(( trace == 0 )) || { echo "$name: info says vdso, strace saw a call" >&2; return 1; }
		fi
	done < <(python3 -c 'import json,sys; [print(c["name"], c["id"], c["served_by"]) for c in json.loads(sys.argv[1])["clocks"]]' "$output")
}

@test "the CPU-time clocks fall back to the system call on this kernel" {
	run "$VDSOTOOL" info
	[[ "$output" =~ CLOCK_PROCESS_CPUTIME_ID\ +syscall ]]
	[[ "$output" =~ CLOCK_THREAD_CPUTIME_ID\ +syscall ]]
}

@test "info --json has the documented fields; base and size match the [vdso] mapping" {
	run "$VDSOTOOL" info --json
	python3 - "$output" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["schema"] == "vdsotool-info/1"
assert set(d) == {"schema", "kernel", "vdso", "vsyscall_mode", "clocksource", "clocks", "functions"}, d.keys()
assert d["vsyscall_mode"] in ("none", "xonly", "emulate", "native")
assert len(d["clocks"]) == 9 and len(d["functions"]) == 5
assert all(c["served_by"] in ("vdso", "syscall", "absent", "error") for c in d["clocks"] + d["functions"])
assert len(d["vdso"]["build_id"]) == 40
cur = open("/sys/devices/system/clocksource/clocksource0/current_clocksource").read().strip()
assert d["clocksource"]["current"] == cur
PY
}

@test "info rejects -p and unknown options with exit 2" {
	run "$VDSOTOOL" info -p 1
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" info --bogus
	[ "$status" -eq 2 ]
}
