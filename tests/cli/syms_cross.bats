#!/usr/bin/env bats
# syms and libvdso on the vDSO shapes of five architectures, built here from
# source with Debian's cross compilers, against binutils-multiarch objdump.

load ../lib/common

ARCHES="x86_64:x86_64-linux-gnu-gcc:FIXTURE_X86_64
i386:i686-linux-gnu-gcc:FIXTURE_I386
arm:arm-linux-gnueabihf-gcc:FIXTURE_ARM
aarch64:aarch64-linux-gnu-gcc:FIXTURE_AARCH64
riscv64:riscv64-linux-gnu-gcc:FIXTURE_RISCV64"

# build ARCH CC MACRO STYLE: the fixture, with hash style both, sysv or gnu.
build() {
	local out="$BATS_TEST_TMPDIR/$1-$4.so"
	"$2" -D"$3" -O2 -fPIC -shared -nostdlib -Wl,--version-script=tests/cross/versions/$1.map \
		-Wl,--hash-style="$4" -Wl,-soname,linux-vdso.so.1 -o "$out" tests/cross/fixture_vdso.c
	echo "$out"
}

# "address version name" rows of objdump -T, hidden versions unbracketed;
# section symbols (flag d) are left out on both sides: objdump names them
# from the section headers, which libvdso does not read.
objdump_rows() {
	objdump -T "$1" | awk '$2 ~ /^[gwl]/ && $3 != "d" && NF >= 6 { v = $(NF-1); gsub(/[()]/, "", v); print $1, v, $NF }' | sort
}

syms_rows() {
	grep -v '^#' | awk '$3 != "SECTION" { v = $5; gsub(/[()]/, "", v); print $1, v, $6 }' | sort
}

@test "syms FILE agrees with objdump -T for every fixture of five architectures, three hash styles" {
	while IFS=: read -r arch cc macro; do
		for style in both sysv gnu; do
			f=$(build "$arch" "$cc" "$macro" "$style")
			run "$VDSOTOOL" syms "$f"
			[ "$status" -eq 0 ] || { echo "$arch/$style: $output" >&2; return 1; }
			same_rows "$(syms_rows <<<"$output")" "$(objdump_rows "$f")" ||
				{ echo "mismatch: $arch/$style" >&2; return 1; }
		done
	done <<<"$ARCHES"
}

@test "the ELF class and machine of each fixture are reported as readelf has them" {
	while IFS=: read -r arch cc macro; do
		f=$(build "$arch" "$cc" "$macro" both)
		run "$VDSOTOOL" syms --json "$f"
		class=$(readelf -h "$f" | awk '/Class:/ { sub("ELF", "", $2); print $2 }')
		machine=$(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(20); print(int.from_bytes(d[18:20],"little"))' "$f")
		python3 - "$output" "$class" "$machine" <<'PY' || return 1
import json, sys
d = json.loads(sys.argv[1])
assert d["class"] == int(sys.argv[2]), (d["class"], sys.argv[2])
assert d["machine"] == int(sys.argv[3]), (d["machine"], sys.argv[3])
PY
		[ "$(grep -v '^#' <<<"$(vdsotool_syms "$f")" | head -1 | awk '{ print length($1) }')" = "$([ "$class" = 64 ] && echo 16 || echo 8)" ] || return 1
	done <<<"$ARCHES"
}

vdsotool_syms() {
	"$VDSOTOOL" syms "$1"
}

@test "libvdso finds every symbol through DT_HASH and DT_GNU_HASH alike, per architecture" {
	while IFS=: read -r arch cc macro; do
		for style in both sysv gnu; do
			f=$(build "$arch" "$cc" "$macro" "$style")
			run "$HELPERS/symlist" "$f"
			[ "$status" -eq 0 ] || { echo "$arch/$style: $output" >&2; return 1; }
			case $style in
			sysv) want="# hash yes gnu_hash no" ;;
			gnu) want="# hash no gnu_hash yes" ;;
			both) want="# hash yes gnu_hash yes" ;;
			esac
			[ "$(head -1 <<<"$output")" = "$want" ] || return 1
			# Same names, versions and values as objdump (ARM: st_value
			# keeps the Thumb bit, objdump shows the code address).
			echo "$output" >"$BATS_TEST_TMPDIR/symlist"
			objdump -T "$f" >"$BATS_TEST_TMPDIR/objdump"
			python3 tests/lib/compare_symlist.py "$BATS_TEST_TMPDIR/symlist" \
				"$BATS_TEST_TMPDIR/objdump" $([ "$arch" = arm ] && echo --thumb) ||
				{ echo "symlist mismatch: $arch/$style" >&2; return 1; }
		done
	done <<<"$ARCHES"
}

@test "the live vDSO of this machine, dumped in the test, agrees too" {
	sleep 30 &
	pid=$!
	python3 tests/lib/dump_vdso.py $pid "$BATS_TEST_TMPDIR/live.so"
	kill $pid
	run "$HELPERS/symlist" "$BATS_TEST_TMPDIR/live.so"
	[ "$status" -eq 0 ]
	run "$VDSOTOOL" syms "$BATS_TEST_TMPDIR/live.so"
	same_rows "$(syms_rows <<<"$output")" "$(objdump_rows "$BATS_TEST_TMPDIR/live.so")"
}

@test "a big-endian ELF parses too (byte-swapped copy of a fixture's header checks)" {
	f=$(build aarch64 aarch64-linux-gnu-gcc FIXTURE_AARCH64 both)
	# An ELF claiming big-endian with little-endian fields is malformed: a clean error.
	python3 - "$f" "$BATS_TEST_TMPDIR/be.so" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read()); d[5] = 2
open(sys.argv[2], "wb").write(d)
PY
	run "$VDSOTOOL" syms "$BATS_TEST_TMPDIR/be.so"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not a valid ELF image"* ]]
}
