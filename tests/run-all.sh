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
		count_tap "${t##*/}" < <(CMOCKA_MESSAGE_OUTPUT=TAP "$t" 2>&1)
	done
	echo "# unit: libvdso is freestanding"
	if tests/lib/check-freestanding.sh "$BUILD/libvdso.a"; then
		count_tap freestanding <<<"ok 1 - libvdso.a needs no symbol from outside itself"
	else
		count_tap freestanding <<<"not ok 1 - libvdso.a calls outside itself"
	fi
}

run_bats() {
	local dir=$1 files
	files=$(ls "$dir"/*.bats 2>/dev/null) || return 0
	echo "# $dir"
	# shellcheck disable=SC2086
	count_tap "$dir" < <(bats --tap $files 2>&1)
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
