#!/usr/bin/env bats
# vdsotool syms agrees with objdump -T on images dumped independently.

load ../lib/common

setup() {
	needs_attach
	start_sleeper
	DUMP="$BATS_TEST_TMPDIR/vdso.so"
	python3 tests/lib/dump_vdso.py "$SLEEPER" "$DUMP"
}

teardown() {
	kill "$SLEEPER" 2>/dev/null || true
}

# objdump -T rows as "address size version name" (ELF64 widths).
objdump_rows() {
	objdump -T "$1" | awk '$2 ~ /^[gwl]/ && NF >= 6 { print $1, $(NF-2), $(NF-1), $NF }' | sort
}

# syms rows in the same shape; versioned base symbols (*ABS*) left out as objdump does.
syms_rows() {
	grep -v '^#' | awk '{ v = $5; gsub(/[()]/, "", v); print $1, $2, v, $6 }' | sort
}

@test "syms -p PID equals objdump -T of an independent dump: names, versions, addresses, sizes" {
	run "$VDSOTOOL" syms -p "$SLEEPER"
	[ "$status" -eq 0 ]
	same_rows "$(syms_rows <<<"$output")" "$(objdump_rows "$DUMP")"
}

@test "syms FILE equals objdump -T on the same dump" {
	run "$VDSOTOOL" syms "$DUMP"
	[ "$status" -eq 0 ]
	same_rows "$(syms_rows <<<"$output")" "$(objdump_rows "$DUMP")"
}

@test "syms lists the version definition symbol and the __vdso_ entry points" {
	run "$VDSOTOOL" syms "$DUMP"
	[[ "$output" == *" OBJECT  GLOBAL LINUX_2.6      LINUX_2.6"* ]]
	[[ "$output" == *"__vdso_clock_gettime"* ]]
}

@test "syms --json parses and carries the same symbols" {
	run "$VDSOTOOL" syms --json "$DUMP"
	[ "$status" -eq 0 ]
	python3 - "$output" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["schema"] == "vdsotool-syms/1"
assert d["class"] == 64 and d["machine"] == 62 and d["byte_order"] == "little"
names = {s["name"] for s in d["symbols"]}
assert "__vdso_clock_gettime" in names, names
for s in d["symbols"]:
    assert set(s) == {"index", "name", "version", "hidden", "address", "value", "size", "type", "bind"}
    assert s["address"] == s["value"]  # x86_64 has no Thumb bit
    assert all(s[k].startswith("0x") and int(s[k], 16) >= 0 for k in ("address", "value", "size"))
PY
}

@test "syms under run (the kernel's [vdso], moved) matches objdump -T too" {
	run "$VDSOTOOL" run -- sh -c "python3 tests/lib/dump_vdso.py \$\$ $BATS_TEST_TMPDIR/img.so; $VDSOTOOL syms $BATS_TEST_TMPDIR/img.so"
	[ "$status" -eq 0 ]
	# Under run the [vdso] mapping is the kernel's, moved to the session's
	# fixed address; it still parses and agrees with objdump.
	same_rows "$(syms_rows <<<"$output")" "$(objdump_rows "$BATS_TEST_TMPDIR/img.so")"
}

@test "bad files: a clear message, exit 1, for non-ELF, empty, directory, missing" {
	printf 'not an elf\n' >"$BATS_TEST_TMPDIR/text"
	: >"$BATS_TEST_TMPDIR/empty"
	for f in "$BATS_TEST_TMPDIR/text" "$BATS_TEST_TMPDIR/empty"; do
		run "$VDSOTOOL" syms "$f"
		[ "$status" -eq 1 ]
		[[ "$output" == "vdsotool: syms: $f: not a valid ELF image"* ]]
	done
	run "$VDSOTOOL" syms "$BATS_TEST_TMPDIR"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Is a directory"* ]]
	run "$VDSOTOOL" syms /nonexistent
	[ "$status" -eq 1 ]
	[[ "$output" == *"No such file or directory"* ]]
}

@test "a FIFO nobody writes to is refused at once, not waited on (exit 1)" {
	f="$BATS_TEST_TMPDIR/fifo"
	mkfifo "$f"
	run timeout 5 "$VDSOTOOL" syms "$f"
	[ "$status" -eq 1 ]
	[ "$output" = "vdsotool: syms: cannot read $f: a FIFO, not a regular file (hint: give a vDSO image file, or -p PID for a process)" ]
}

@test "a character device is refused with what it is, not read" {
	run timeout 5 "$VDSOTOOL" syms /dev/zero
	[ "$status" -eq 1 ]
	[[ "$output" == "vdsotool: syms: cannot read /dev/zero: a character device, not a regular file (hint: "* ]]
	run timeout 5 "$VDSOTOOL" syms --json /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *"a character device, not a regular file"* ]]
}

@test "hundreds of truncated and bit-flipped images: exit 0 or 1 with a message, never a crash" {
	python3 - "$DUMP" "$BATS_TEST_TMPDIR" <<'PY'
import random, sys
data = open(sys.argv[1], "rb").read()
rnd = random.Random(7)
for i in range(150):
    open(f"{sys.argv[2]}/trunc{i}", "wb").write(data[:rnd.randrange(len(data))])
for i in range(250):
    b = bytearray(data)
    for _ in range(1 + i % 6):
        at = rnd.randrange(0x600 if i % 2 else len(b))
        b[at] ^= 1 << rnd.randrange(8)
    open(f"{sys.argv[2]}/flip{i}", "wb").write(bytes(b))
PY
	for f in "$BATS_TEST_TMPDIR"/trunc* "$BATS_TEST_TMPDIR"/flip*; do
		"$VDSOTOOL" syms "$f" >/dev/null 2>"$BATS_TEST_TMPDIR/err" && st=0 || st=$?
		if [ "$st" -ne 0 ]; then
			[ "$st" -eq 1 ] || { echo "$f: status $st" >&2; return 1; }
			grep -q '^vdsotool: syms: ' "$BATS_TEST_TMPDIR/err"
		fi
	done
}

@test "ELF files of other classes and machines parse when they are shared objects" {
	# Other machines are supported (see libvdso); an executable without a
	# dynamic symbol table is refused with the standard message.
	run "$VDSOTOOL" syms /bin/true
	[ "$status" -eq 0 ] || [[ "$output" == "vdsotool: syms: /bin/true: "* ]]
	[ -x "$PROBES/timeprobe.static" ] || { echo "build it: make $PROBES/timeprobe.static" >&2; return 1; }
	run "$VDSOTOOL" syms "$PROBES/timeprobe.static"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not a valid ELF image"* ]]
}

@test "usage errors exit 2: FILE and -p together, a bad pid, an unknown option" {
	run "$VDSOTOOL" syms "$DUMP" -p 1
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" syms -p x
	[ "$status" -eq 2 ]
	run "$VDSOTOOL" syms --frob
	[ "$status" -eq 2 ]
}
