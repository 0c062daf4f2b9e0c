#!/usr/bin/env bash
# fuzz/run.sh SECONDS [tap]: runs every built fuzz target for SECONDS on a
# fresh copy of its seed corpus.  With "tap", prints one TAP line per
# target (for tests/run-all.sh); exits non-zero if any target found a crash.
set -u
cd "$(dirname "$0")/.."
secs=${1:-60}
tap=${2:-}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
BUILD=${BUILD:-build}
failed=0 n=0

# The ELF seeds are made here, from this machine, not committed: the live
# vDSO (dumped by vdsotool) and the replacement image.
seed_elf() {
	local dir=$1
	"$BUILD/vdsotool" dump -o "$dir/live-vdso.so" 2>/dev/null || true
	cp "$BUILD/image/vdsotool-image.so" "$dir/replacement.so" 2>/dev/null || true
	[ -s "$dir/live-vdso.so" ] && head -c 1000 "$dir/live-vdso.so" >"$dir/live-head"
	return 0
}

for bin in "$FUZZ_BUILD"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	n=$((n + 1))
	corpus="$FUZZ_BUILD/corpus/$name"
	rm -rf "$corpus" && mkdir -p "$corpus"
	[ -d "fuzz/corpus/$name" ] && cp fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	[ "$name" = elf ] && seed_elf "$corpus"
	dict=()
	[ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
	log="$FUZZ_BUILD/$name.log"
	if "$bin" -max_total_time="$secs" -error_exitcode=77 -artifact_prefix="$FUZZ_BUILD/$name-" \
		"${dict[@]}" "$corpus" >"$log" 2>&1; then
		runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo '?')
		[ -n "$tap" ] && echo "ok $n - fuzz_$name ${secs}s, $runs runs, no crash"
		[ -z "$tap" ] && echo "fuzz_$name: ${secs}s, $runs runs, no crash"
	else
		failed=1
		[ -n "$tap" ] && echo "not ok $n - fuzz_$name found a crash (see $log)"
		[ -z "$tap" ] && { echo "fuzz_$name: CRASH, see $log" >&2; tail -30 "$log" >&2; }
	fi
done
exit $failed
