#!/usr/bin/env bash
# Side-by-side cost of the virtual clock: native, under `vdsotool run`, and
# under libfaketime (Debian's faketime), in one run, medians of ROUNDS.
# Then `vdsotool ctl`: the read cost after a live change, and how long a
# change takes from the request to the first changed reading in the tree.
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
cc -O2 -o "$LOOP" bench/clock_loop.c -lpthread
# Go's channel-and-timer traffic (bench/go_timers), when Go is there.
GOLOOP=$PWD/$BUILD/bench/go_timers
(cd bench/go_timers && GOCACHE=$PWD/../../$BUILD/gocache GO111MODULE=off GOTOOLCHAIN=local \
	CGO_ENABLED=0 go build -o "$GOLOOP" .) 2>/dev/null || GOLOOP=
# vdsotool ctl's own code, linked in, so that a request is timed without
# the exec of vdsotool around it.
CTL_LAT=$PWD/$BUILD/bench/ctl_latency
cc -O2 -Isrc -Iinclude -o "$CTL_LAT" bench/ctl_latency.c "$BUILD/libcore.a" "$BUILD/libvdso.a"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
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

# session NAME [RUN OPTIONS] -- CMD: a named session in the background,
# once it answers (SESSION_PID: its vdsotool run).
session() {
	local name=$1 i
	shift
	"$VDSOTOOL" run --name "$name" "$@" >"$TMP/$name.out" 2>&1 &
	SESSION_PID=$!
	for i in $(seq 500); do
		"$VDSOTOOL" ctl "$name" get >/dev/null 2>&1 && return 0
		sleep 0.01
	done
	echo "session $name did not start" >&2
	return 1
}

# ctl_round: N_CTL changes (--offset +1d) sent from here; the tree's reader
# notes the first changed reading of each.  Adds the median latency from
# the request to that reading, and the median round trip, in us.
ctl_round() {
	local name=bench-ctl-$$
	session "$name" --at $AT -- timeout 60 "$LOOP" watch $N_CTL
	# A change made before the reader's first reading is one it cannot
	# see: every later reading would be matched with the wrong request.
	for _ in $(seq 500); do grep -q '^ready' "$TMP/$name.out" && break; sleep 0.01; done
	"$CTL_LAT" "$name" $N_CTL >"$TMP/sent"
	wait "$SESSION_PID" || true
	# The i-th request made the clock jump to day i: a reading that
	# jumped K days (it missed K-1 changes) belongs to the last of them.
	samples[ctl_seen]+="$(awk 'NR == FNR { sent[NR] = $1; next } $1 == "ready" { next } { day += $2; if (day in sent) print ($1 - sent[day]) / 1000 }' \
		"$TMP/sent" "$TMP/$name.out" | median) "
	samples[ctl_reply]+="$(awk '{ print ($2 - $1) / 1000 }' "$TMP/sent" | median) "
}

# The whole command, exec of vdsotool included: N_CTL_EXEC changes, in us each.
ctl_exec_round() {
	local name=bench-ctlx-$$ s e i
	session "$name" --at $AT -- sleep 60
	s=$(date +%s%N)
	for ((i = 0; i < N_CTL_EXEC; i++)); do
		"$VDSOTOOL" ctl "$name" set --offset +1s
	done
	e=$(date +%s%N)
	kill "$SESSION_PID"
	wait "$SESSION_PID" 2>/dev/null || true
	samples[ctl_exec]+="$(( (e - s) / N_CTL_EXEC / 1000 )) "
}

# The read cost in a session whose clock was changed live (CHANGE...);
# under $PIN (taskset -c 0: the whole session on one CPU) when set.
changed_read() {
	local key=$1 name=bench-read-$$
	shift
	$PIN "$VDSOTOOL" run --name "$name" --at $AT -- sh -c "sleep 0.3; exec '$LOOP' vdso $N_READ" \
		>"$TMP/$name.out" 2>&1 &
	SESSION_PID=$!
	for _ in $(seq 500); do "$VDSOTOOL" ctl "$name" get >/dev/null 2>&1 && break; sleep 0.01; done
	"$VDSOTOOL" ctl "$name" set "$@"
	wait "$SESSION_PID"
	samples[$key]+="$(cat "$TMP/$name.out") "
}

# A loop under --clocks all --rate 2 times itself on a clock running twice
# as fast: halve it.
halved() {
	awk '{ printf "%.2f\n", $1 / 2 }' < <("$@")
}

PIN= N_READ=2000000 N_RAW=200000 N_EXEC=200 N_FAIL=20000 N_CTL=100 N_CTL_EXEC=20
N_COND=50000 N_FUTEX=100000 N_GO=100000 N_START=50
WAITS="--clocks all --rate 2"
for ((r = 0; r < ROUNDS; r++)); do
	sample vdso_native "$LOOP" vdso $N_READ
	sample vdso_run "$VDSOTOOL" run --at $AT -- "$LOOP" vdso $N_READ
	[ -z "$FAKETIME" ] || sample vdso_faketime env LD_PRELOAD="$FAKETIME" \
		FAKETIME="@2030-01-01 00:00:00" "$LOOP" vdso $N_READ
	sample raw_native "$LOOP" raw $N_RAW
	sample raw_run "$VDSOTOOL" run --at $AT -- "$LOOP" raw $N_RAW
	sample raw_trap "$VDSOTOOL" run --no-patch --at $AT -- "$LOOP" raw $((N_RAW / 10))
	sample other_native "$LOOP" getppid $N_RAW
	sample other_run "$VDSOTOOL" run --at $AT -- "$LOOP" getppid $N_RAW
	sample site_run "$VDSOTOOL" run --at $AT -- "$LOOP" sitegetppid $N_RAW
	sample fail_native "$LOOP" execfail $N_FAIL
	sample fail_run "$VDSOTOOL" run --at $AT -- "$LOOP" execfail $N_FAIL
	sample exec_native "$LOOP" exec $N_EXEC
	sample exec_run "$VDSOTOOL" run --at $AT -- "$LOOP" exec $N_EXEC
	sample cond_native "$LOOP" condvar $N_COND
	sample cond_run halved "$VDSOTOOL" run $WAITS -- "$LOOP" condvar $N_COND
	sample futex_native "$LOOP" futexwait $N_FUTEX
	sample futex_run halved "$VDSOTOOL" run $WAITS -- "$LOOP" futexwait $N_FUTEX
	if [ -n "$GOLOOP" ]; then
		sample go_native "$GOLOOP" $N_GO
		sample go_run halved "$VDSOTOOL" run $WAITS -- "$GOLOOP" $N_GO
	fi
	ctl_round
	ctl_exec_round
	changed_read vdso_changed --offset +1d
	changed_read vdso_rate2 --rate 2
	# The same on one CPU: from one process to the next, this host's
	# unpinned reads come out at either of two speeds (docs/run.md).
	sample vdso_native_pin taskset -c 0 "$LOOP" vdso $N_READ
	sample vdso_run_pin taskset -c 0 "$VDSOTOOL" run --at $AT -- "$LOOP" vdso $N_READ
	PIN="taskset -c 0" changed_read vdso_changed_pin --offset +1d
	PIN="taskset -c 0" changed_read vdso_rate2_pin --rate 2
	# N_START of each per sample: one alone is mostly the noise of the
	# date(1) calls around it.
	s=$(date +%s%N)
	for ((i = 0; i < N_START; i++)); do /bin/true; done
	e=$(date +%s%N)
	samples[start_native]+="$(( (e - s) / 1000 / N_START )) "
	s=$(date +%s%N)
	for ((i = 0; i < N_START; i++)); do "$VDSOTOOL" run --at $AT -- /bin/true; done
	e=$(date +%s%N)
	samples[start_run]+="$(( (e - s) / 1000 / N_START )) "
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
b=$(med raw_trap)
row "  the same, run --no-patch (SIGSYS)" "$a" "$b" "$(ratio "$a" "$b")"
a=$(med other_native) b=$(med other_run)
row "other syscall (getppid) ns, run" "$a" "$b" "$(ratio "$a" "$b")"
b=$(med site_run)
row "  the same, through a patched site" "$a" "$b" "$(ratio "$a" "$b")"
a=$(med cond_native) b=$(med cond_run)
row "condvar hand-off ns, --rate 2 (timed)" "$a" "$b" "$(ratio "$a" "$b")"
a=$(med futex_native) b=$(med futex_run)
row "one trapped wait (FUTEX_WAIT) ns" "$a" "$b" "$(ratio "$a" "$b")"
if [ -n "$GOLOOP" ]; then
	a=$(med go_native) b=$(med go_run)
	row "Go chan+timer round trip ns, --rate 2" "$a" "$b" "$(ratio "$a" "$b")"
fi
a=$(med fail_native) b=$(med fail_run)
row "failed exec (ENOENT) us, run" "$a" "$b" "+$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f us", b - a }')"
a=$(med exec_native) b=$(med exec_run)
row "fork+exec /bin/true us/exec, run" "$a" "$b" "$(ratio "$a" "$b")"
a=$(med start_native) b=$(med start_run)
row "/bin/true start-up us, run" "$a" "$b" "+$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f ms", (b - a) / 1000 }')"
a=$(med vdso_native)
b=$(med vdso_changed)
row "clock_gettime ns, after ctl --offset" "$a" "$b" "$(ratio "$a" "$b")"
b=$(med vdso_rate2)
row "clock_gettime ns, after ctl --rate 2" "$a" "$b" "$(ratio "$a" "$b")"
a=$(med vdso_native_pin)
b=$(med vdso_run_pin)
row "clock_gettime ns, run, one CPU" "$a" "$b" "$(ratio "$a" "$b")"
b=$(med vdso_changed_pin)
row "  after ctl --offset, one CPU" "$a" "$b" "$(ratio "$a" "$b")"
b=$(med vdso_rate2_pin)
row "  after ctl --rate 2, one CPU" "$a" "$b" "$(ratio "$a" "$b")"
row "ctl set -> changed reading us" "" "$(med ctl_seen)" "(median)"
row "ctl set round trip us, in-process" "" "$(med ctl_reply)" ""
row "vdsotool ctl set, whole command us" "" "$(med ctl_exec)" "(exec)"
