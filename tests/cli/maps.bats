#!/usr/bin/env bats
# vdsotool maps: the kernel's mappings, as /proc/PID/maps has them.

load ../lib/common

@test "maps -p PID lists exactly the kernel mappings of /proc/PID/maps" {
	run "$VDSOTOOL" maps --json -p $$
	[ "$status" -eq 0 ]
	python3 - "$output" $$ <<'PY'
import json, sys
d = json.loads(sys.argv[1])
want = []
for line in open(f"/proc/{sys.argv[2]}/maps"):
    f = line.split()
    if len(f) >= 6 and f[5] in ("[vdso]", "[vvar]", "[vvar_vclock]", "[vsyscall]"):
        s, e = (int(x, 16) for x in f[0].split("-"))
        want.append((f[5], s, e, f[1]))
assert d["schema"] == "vdsotool-maps/1"
got = [(m["name"], int(m["start"], 16), int(m["end"], 16), m["perms"]) for m in d["mappings"]]
assert got == want, (got, want)
assert all(int(m["size"], 16) == int(m["end"], 16) - int(m["start"], 16) for m in d["mappings"])
PY
}

@test "the vsyscall mode follows the [vsyscall] permissions" {
	run "$VDSOTOOL" maps
	[ "$status" -eq 0 ]
	perms=$(awk '$NF == "[vsyscall]" { print $2 }' /proc/self/maps)
	case "$perms" in
	--xp) [[ "$output" == *"vsyscall mode: xonly"* ]] ;;
	r-xp) [[ "$output" == *"vsyscall mode: emulate"* || "$output" == *"vsyscall mode: native"* ]] ;;
	"") [[ "$output" == *"vsyscall mode: none"* ]] ;;
	esac
}

@test "a missing pid exits 1 with a message" {
	run "$VDSOTOOL" maps -p 999999999
	[ "$status" -eq 1 ]
	[[ "$output" == *"no such process"* ]]
}
