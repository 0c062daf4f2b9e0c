#!/usr/bin/env bash
# How long `vdsotool attach` takes for a process of 1, 8 and 64 threads,
# each thread reading CLOCK_MONOTONIC in a loop (tests/helpers/mtclock.c):
# the wall time of the whole command (vdsotool's start, the daemon's fork,
# the stop of every thread, the remote calls, the detach of ptrace), an
# upper bound of the time the process stands still; then, on the same
# process, an attach again after the detach (the detached session's
# supervisor does it: no daemon to start, no filter to install) and its
# detach.  Medians of ROUNDS, a fresh process each round.
#   bench/attach.sh [ROUNDS]          (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-7}
BUILD=${BUILD:-build}
VDSOTOOL=$PWD/$BUILD/vdsotool
MT=$PWD/$BUILD/tests/helpers/mtclock
[ -x "$VDSOTOOL" ] && [ -x "$MT" ] || make -s "$BUILD/vdsotool" helpers
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '%-8s %12s %12s %12s %12s\n' threads "attach ms" "detach ms" "again ms" "detach ms"
for n in 1 8 64; do
	: >"$TMP/a"
	: >"$TMP/d"
	: >"$TMP/a2"
	: >"$TMP/d2"
	for r in $(seq "$ROUNDS"); do
		rm -f "$TMP/stop"
		"$MT" "$n" 0 "$TMP/stop" >/dev/null &
		pid=$!
		until [ "$(ls "/proc/$pid/task" | wc -l)" -eq $((n + 1)) ]; do sleep 0.01; done
		t0=$(date +%s%N)
		"$VDSOTOOL" attach -p "$pid" --at 2030-01-01T00:00:00Z
		t1=$(date +%s%N)
		"$VDSOTOOL" detach "$pid" >/dev/null
		t2=$(date +%s%N)
		echo "scale=2; ($t1 - $t0) / 1000000" | bc >>"$TMP/a"
		"$VDSOTOOL" attach -p "$pid" --at 2030-01-01T00:00:00Z
		t3=$(date +%s%N)
		"$VDSOTOOL" detach "$pid" >/dev/null
		t4=$(date +%s%N)
		echo "scale=2; ($t2 - $t1) / 1000000" | bc >>"$TMP/d"
		echo "scale=2; ($t3 - $t2) / 1000000" | bc >>"$TMP/a2"
		echo "scale=2; ($t4 - $t3) / 1000000" | bc >>"$TMP/d2"
		touch "$TMP/stop"
		wait "$pid"
	done
	printf '%-8s %12s %12s %12s %12s\n' "$n" "$(median <"$TMP/a")" "$(median <"$TMP/d")" \
		"$(median <"$TMP/a2")" "$(median <"$TMP/d2")"
done
