#!/usr/bin/env bats
# Every command's JSON: strict JSON and UTF-8 for python and jq, a schema
# name first, 64-bit values as hex strings that survive jq 1.6 (which
# rounds numbers above 2^53), -j and --pretty everywhere --json is.

load ../lib/common

setup_file() {
	sleep 120 &
	echo $! >"$BATS_FILE_TMPDIR/sleeper"
	python3 tests/lib/dump_vdso.py "$!" "$BATS_FILE_TMPDIR/vdso.so"
}

teardown_file() {
	kill "$(cat "$BATS_FILE_TMPDIR/sleeper")" 2>/dev/null || true
}

# The command line of each command's JSON, without the JSON option.
cmdline() {
	local pid
	pid=$(cat "$BATS_FILE_TMPDIR/sleeper")
	case $1 in
	info) echo info ;;
	auxv) echo "auxv -p $pid" ;;
	maps) echo "maps -p $pid" ;;
	syms) echo "syms $BATS_FILE_TMPDIR/vdso.so" ;;
	bench) echo "bench -n 3 vdso int80" ;;
	esac
}

# $1 command, $2 the JSON option: the document passes python's strict
# decoders (bytes as strict UTF-8), the shared rules, and jq.
check_doc() {
	local out="$BATS_TEST_TMPDIR/$1.json"
	# shellcheck disable=SC2046
	"$VDSOTOOL" $(cmdline "$1") "$2" >"$out"
	python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8", "strict"), strict=True)' <"$out"
	python3 tests/lib/json_check.py "$1" <"$out"
	jq -e ".schema == \"vdsotool-$1/1\"" <"$out" >/dev/null
}

@test "info, auxv, maps, syms, bench: --json, -j and --pretty pass python (strict) and jq" {
	for c in info auxv maps syms bench; do
		for o in --json -j --pretty; do
			check_doc "$c" "$o" || { echo "$c $o" >&2; return 1; }
		done
	done
}

@test "--json is one line; --pretty is indented and the same document" {
	for c in info auxv maps syms; do
		# shellcheck disable=SC2046
		compact=$("$VDSOTOOL" $(cmdline "$c") --json)
		# shellcheck disable=SC2046
		pretty=$("$VDSOTOOL" $(cmdline "$c") --pretty)
		[ "$(wc -l <<<"$compact")" -eq 1 ]
		[ "$(wc -l <<<"$pretty")" -gt 3 ]
		[[ "$(sed -n 2p <<<"$pretty")" == "  \"schema\": \"vdsotool-$c/1\"," ]]
		# Two runs of info are two processes: only the vDSO base may differ.
		[ "$(jq -cS 'del(.vdso.base)' <<<"$compact")" = "$(jq -cS 'del(.vdso.base)' <<<"$pretty")" ]
	done
}

@test "the [vsyscall] start above 2^53 survives jq unchanged" {
	grep -q '\[vsyscall\]' /proc/self/maps || skip "this kernel maps no [vsyscall] page"
	want=0x$(awk '$NF == "[vsyscall]" { split($1, a, "-"); print a[1] }' /proc/self/maps)
	[ "$want" = 0xffffffffff600000 ]
	run "$VDSOTOOL" maps --json
	[ "$status" -eq 0 ]
	got=$(jq -r '.mappings[] | select(.name == "[vsyscall]") | .start' <<<"$output")
	[ "$got" = "$want" ]
	python3 -c 'import sys; assert int(sys.argv[1], 16) == 0xffffffffff600000 > 2**53' "$got"
}

@test "every address, size and raw value of every command is a hex string" {
	pid=$(cat "$BATS_FILE_TMPDIR/sleeper")
	info=$("$VDSOTOOL" info --json)
	[[ $(jq -r '.vdso.base' <<<"$info") =~ ^0x[0-9a-f]+$ ]]
	[[ $(jq -r '.vdso.size' <<<"$info") =~ ^0x[0-9a-f]+$ ]]
	[ "$(jq '[.entries[].value | strings | test("^0x[0-9a-f]+$")] | all and length > 10' <<<"$("$VDSOTOOL" auxv -p "$pid" -j)")" = true ]
	[ "$(jq '[.mappings[] | .start, .end, .size | strings] | length > 3' <<<"$("$VDSOTOOL" maps -p "$pid" -j)")" = true ]
	[ "$(jq '[.symbols[] | .address, .value, .size | strings | test("^0x")] | all and length > 10' <<<"$("$VDSOTOOL" syms "$BATS_FILE_TMPDIR/vdso.so" -j)")" = true ]
}

@test "with ASLR off, info's vDSO base and size are maps' [vdso] start and size" {
	setarch -R true 2>/dev/null || skip "setarch -R is not permitted here"
	info=$(setarch -R "$VDSOTOOL" info --json)
	maps=$(setarch -R "$VDSOTOOL" maps --json)
	[ "$(jq -r .vdso.base <<<"$info")" = "$(jq -r '.mappings[] | select(.name == "[vdso]") | .start' <<<"$maps")" ]
	[ "$(jq -r .vdso.size <<<"$info")" = "$(jq -r '.mappings[] | select(.name == "[vdso]") | .size' <<<"$maps")" ]
}

@test "a file name that is not UTF-8 comes out as U+FFFD, and the document stays strict" {
	bad=$(printf '%s/vdso-\377\376.so' "$BATS_TEST_TMPDIR")
	cp "$BATS_FILE_TMPDIR/vdso.so" "$bad"
	"$VDSOTOOL" syms --json "$bad" >"$BATS_TEST_TMPDIR/out.json"
	python3 tests/lib/json_check.py syms <"$BATS_TEST_TMPDIR/out.json"
	grep -qF 'vdso-\ufffd\ufffd.so' "$BATS_TEST_TMPDIR/out.json"
	[ "$(jq -r .source <"$BATS_TEST_TMPDIR/out.json")" = "$BATS_TEST_TMPDIR/vdso-��.so" ]
}

@test "a string read from another process that is not UTF-8 (AT_EXECFN) is replaced too" {
	link=$(printf '%s/sl\377eep' "$BATS_TEST_TMPDIR")
	ln -s "$(command -v sleep)" "$link"
	"$link" 60 &
	pid=$!
	# Until its exec is done it is a copy of this shell, with this shell's vector.
	for _ in $(seq 200); do
		[ "$(readlink /proc/$pid/exe)" = "$(readlink -f "$(command -v sleep)")" ] && break
		sleep 0.01
	done
	"$VDSOTOOL" auxv -p "$pid" --json >"$BATS_TEST_TMPDIR/out.json"
	kill "$pid"
	python3 tests/lib/json_check.py auxv <"$BATS_TEST_TMPDIR/out.json"
	[ "$(jq -r '.entries[] | select(.name == "AT_EXECFN") | .text' <"$BATS_TEST_TMPDIR/out.json")" = "$BATS_TEST_TMPDIR/sl�eep" ]
}

@test "dump has no JSON: --json, --pretty and -j are usage errors" {
	for o in --json --pretty -j; do
		run "$VDSOTOOL" dump "$o" -o "$BATS_TEST_TMPDIR/x"
		[ "$status" -eq 2 ]
		[ ! -e "$BATS_TEST_TMPDIR/x" ]
	done
}
