#!/usr/bin/env bash
# Runs the test layers and ends with one summary line:
#   total: N passed, N failed, N skipped
# Usage: tests/run-all.sh [unit|cli|compat|fuzz ...]   (default: all)
set -u
cd "$(dirname "$0")/.."
export BUILD="${BUILD:-build}"
export VDSOTOOL="${VDSOTOOL:-$PWD/$BUILD/vdsotool}"
layers=("$@")
[ ${#layers[@]} -eq 0 ] && layers=(unit cli compat fuzz)

passed=0 failed=0 skipped=0
failures=()

# Count a TAP stream; echo it through so the log shows every test.
count_tap() {
	local name=$1 line
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case "$line" in
		# cmocka reports a skipped test as "not ok N # SKIP".
		"not ok "*"# skip"* | "not ok "*"# SKIP"*) skipped=$((skipped + 1)) ;;
		"not ok "*) failed=$((failed + 1)); failures+=("$name: ${line#not ok }") ;;
		"ok "*"# skip"* | "ok "*"# SKIP"*) skipped=$((skipped + 1)) ;;
		"ok "*) passed=$((passed + 1)) ;;
		esac
	done
}

run_unit() {
	local t
	for t in "$BUILD"/tests/unit/test_*; do
		[ -x "$t" ] || continue
		echo "# unit: ${t##*/}"
		count_tap "${t##*/}" < <(CMOCKA_MESSAGE_OUTPUT=TAP timeout -k 5 300 "$t" 2>&1)
	done
	echo "# unit: libvdso is freestanding"
	if tests/lib/check-freestanding.sh "$BUILD/libvdso.a"; then
		count_tap freestanding <<<"ok 1 - libvdso.a needs no symbol from outside itself"
	else
		count_tap freestanding <<<"not ok 1 - libvdso.a calls outside itself"
	fi
}

# One bats process per file, its output in a file, under a time limit: a
# test that hangs fails its file and the suite goes on, and a process it
# left behind holding the output cannot keep the count waiting.
FILE_LIMIT=${FILE_LIMIT:-900}
run_bats() {
	local dir=$1 f log rc limit
	ls "$dir"/*.bats >/dev/null 2>&1 || return 0
	log=$(mktemp /tmp/vdsotool-tap.XXXXXX)
	for f in "$dir"/*.bats; do
		echo "# $f"
		limit=$FILE_LIMIT
		# The fresh copy's whole suite runs inside one of its tests.
		[ "${f##*/}" != fresh.bats ] || limit=$((FILE_LIMIT * 3))
		timeout -k 10 "$limit" bats --tap "$f" >"$log" 2>&1
		rc=$?
		count_tap "$f" <"$log"
		case $rc in
		124 | 137)
			count_tap "$f" <<<"not ok - $f did not finish within ${limit} s (the last test above hung)" ;;
		esac
	done
	rm -f "$log"
}

run_fuzz() {
	[ -x fuzz/smoke.sh ] || return 0
	echo "# fuzz smoke"
	count_tap fuzz < <(fuzz/smoke.sh 2>&1)
}

for layer in "${layers[@]}"; do
	case $layer in
	unit) run_unit ;;
	cli) run_bats tests/cli ;;
	compat) run_bats tests/compat ;;
	fuzz) run_fuzz ;;
	*) echo "unknown layer $layer" >&2; exit 2 ;;
	esac
done

if [ ${#failures[@]} -gt 0 ]; then
	echo "# failures:"
	printf '#   %s\n' "${failures[@]}"
fi
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
