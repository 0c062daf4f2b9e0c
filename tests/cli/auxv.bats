#!/usr/bin/env bats
# vdsotool auxv agrees with glibc's LD_SHOW_AUXV and with /proc/PID/auxv.

load ../lib/common

# Starts a sleep that also printed its own vector through glibc.
start_shown() {
	LD_SHOW_AUXV=1 sleep 60 >"$BATS_TEST_TMPDIR/shown" &
	SLEEPER=$!
	for _ in $(seq 50); do grep -q AT_PLATFORM "$BATS_TEST_TMPDIR/shown" 2>/dev/null && break; sleep 0.05; done
}

teardown() {
	[ -z "${SLEEPER:-}" ] || kill "$SLEEPER" 2>/dev/null || true
}

@test "auxv -p PID agrees with LD_SHOW_AUXV=1 of the same process on every entry" {
	needs_attach
	start_shown
	run "$VDSOTOOL" auxv -p "$SLEEPER"
	[ "$status" -eq 0 ]
	ours=$(sed -E 's/  \[.*\]$//' <<<"$output")
	n=0
	while IFS= read -r line; do
		if [[ "$line" == "AT_???"* ]]; then
			# glibc does not name it: compare the raw type and value.
			type=$(sed -E 's/AT_\?\?\? \((0x[0-9a-f]+)\): (0x[0-9a-f]+)/\1/' <<<"$line")
			value=$(sed -E 's/AT_\?\?\? \((0x[0-9a-f]+)\): (0x[0-9a-f]+)/\2/' <<<"$line")
			grep -q "$(( value ))" <<<"$(python3 tests/lib/auxv_decode.py "$SLEEPER" | awk -v t=$((type)) '$1 == t')"
		else
			grep -qxF "$line" <<<"$ours" || { echo "missing: $line" >&2; return 1; }
		fi
		n=$((n + 1))
	done <"$BATS_TEST_TMPDIR/shown"
	(( n >= 15 ))
}

@test "auxv --json agrees with /proc/PID/auxv decoded independently" {
	needs_attach
	start_shown
	run "$VDSOTOOL" auxv --json -p "$SLEEPER"
	[ "$status" -eq 0 ]
	same_rows "$(python3 -c 'import json,sys; [print(e["type"], int(e["value"], 16)) for e in json.loads(sys.argv[1])["entries"]]' "$output")" \
		"$(python3 tests/lib/auxv_decode.py "$SLEEPER")"
}

@test "AT_HWCAP flags are named from the bits (fpu is bit 0, sse2 bit 26)" {
	run "$VDSOTOOL" auxv --json
	python3 - "$output" <<'PY'
import json, sys
e = {x["name"]: x for x in json.loads(sys.argv[1])["entries"]}
hw = e["AT_HWCAP"]
value = int(hw["value"], 16)
assert ("fpu" in hw["flags"]) == bool(value & 1)
assert ("sse2" in hw["flags"]) == bool(value & (1 << 26))
assert e["AT_PLATFORM"]["text"] == "x86_64"
PY
}

@test "AT_EXECFN is read from the process's memory" {
	needs_attach
	start_sleeper
	run "$VDSOTOOL" auxv -p "$SLEEPER"
	[[ "$output" == *"AT_EXECFN:            /usr/bin/sleep"* || "$output" == *"AT_EXECFN:            /bin/sleep"* ]]
}

@test "a pid that does not exist, a bad pid" {
	run "$VDSOTOOL" auxv -p 999999999
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: auxv: cannot read the auxiliary vector of pid 999999999: no such process" ]
	run "$VDSOTOOL" auxv -p -5
	[ "$status" -eq 2 ]
}

@test "a pid you may not read: exit 1, not permitted, with a hint" {
	[ "$(id -u)" -eq 0 ] || [ ! -O /proc/1 ] || skip "pid 1 belongs to this user: nothing here is unreadable"
	run unprivileged "$VDSOTOOL" auxv -p 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"not permitted (hint: "* ]]
}
