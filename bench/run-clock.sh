#!/usr/bin/env bash
# Side-by-side cost of the virtual clock: native, under `vdsotool run`, and
# under libfaketime (Debian's faketime), in one run, medians of ROUNDS.
#   bench/run-clock.sh [ROUNDS]        (default 7; needs faketime installed)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-7}
BUILD=${BUILD:-build}
VDSOTOOL=$PWD/$BUILD/vdsotool
LOOP=$PWD/$BUILD/bench/clock_loop
AT=2030-01-01T00:00:00Z
[ -x "$VDSOTOOL" ] || make -s "$BUILD/vdsotool"
mkdir -p "$BUILD/bench"
cc -O2 -o "$LOOP" bench/clock_loop.c
# libfaketime itself, preloaded as its faketime(1) wrapper does;
# FAKETIME_LIB names another copy (e.g. on a host without the package).
FAKETIME=${FAKETIME_LIB:-/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1}
[ -r "$FAKETIME" ] || FAKETIME=

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure LABEL CMD...: the median of ROUNDS runs of CMD, rounds interleaved
# with the other rows' by the caller's loop order.
declare -A samples
sample() {
	local key=$1
	shift
	samples[$key]+="$("$@") "
}

N_READ=2000000 N_RAW=200000 N_EXEC=200 N_FAIL=20000
for ((r = 0; r < ROUNDS; r++)); do
	sample vdso_native "$LOOP" vdso $N_READ
	sample vdso_run "$VDSOTOOL" run --at $AT -- "$LOOP" vdso $N_READ
	[ -z "$FAKETIME" ] || sample vdso_faketime env LD_PRELOAD="$FAKETIME" \
		FAKETIME="@2030-01-01 00:00:00" "$LOOP" vdso $N_READ
	sample raw_native "$LOOP" raw $N_RAW
	sample raw_run "$VDSOTOOL" run --at $AT -- "$LOOP" raw $N_RAW
	sample fail_native "$LOOP" execfail $N_FAIL
	sample fail_run "$VDSOTOOL" run --at $AT -- "$LOOP" execfail $N_FAIL
	sample exec_native "$LOOP" exec $N_EXEC
	sample exec_run "$VDSOTOOL" run --at $AT -- "$LOOP" exec $N_EXEC
	s=$(date +%s%N); /bin/true; e=$(date +%s%N); samples[start_native]+="$(( (e - s) / 1000 )) "
	s=$(date +%s%N); "$VDSOTOOL" run --at $AT -- /bin/true; e=$(date +%s%N)
	samples[start_run]+="$(( (e - s) / 1000 )) "
done

med() { tr ' ' '\n' <<<"${samples[$1]:-}" | grep . | median || true; }
row() { # name unit native other [third]
	printf '%-34s %10s %10s %8s\n' "$1" "$2" "$3" "$4"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", b / a }'; }

echo "vdsotool run clock benchmark: $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource), medians of $ROUNDS rounds"
printf '%-34s %10s %10s %8s\n' "measure" "native" "other" "ratio"
a=$(med vdso_native) b=$(med vdso_run) c=$(med vdso_faketime)
row "clock_gettime ns/call, run" "$a" "$b" "$(ratio "$a" "$b")"
if [ -n "$FAKETIME" ]; then
	row "clock_gettime ns/call, faketime" "$a" "$c" "$(ratio "$a" "$c")"
else
	row "clock_gettime ns/call, faketime" "$a" "n/a" "(no libfaketime)"
fi
a=$(med raw_native) b=$(med raw_run)
row "raw clock_gettime syscall ns, run" "$a" "$b" "$(ratio "$a" "$b")"
a=$(med fail_native) b=$(med fail_run)
row "failed exec (ENOENT) us, run" "$a" "$b" "+$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f us", b - a }')"
a=$(med exec_native) b=$(med exec_run)
row "fork+exec /bin/true us/exec, run" "$a" "$b" "$(ratio "$a" "$b")"
a=$(med start_native) b=$(med start_run)
row "/bin/true start-up us, run" "$a" "$b" "+$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f ms", (b - a) / 1000 }')"
