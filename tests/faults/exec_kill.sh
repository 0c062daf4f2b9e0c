#!/usr/bin/env bash
# Fault injection for vdsotool run: a tight exec loop (reexec), killed at a
# random moment, in turn: the command, the supervisor, the front, or the
# keeper (SIGKILL), or the front with SIGTERM.  Every round must end within
# ten seconds (no hang) and leave nothing behind: no process of the
# session, no process of the loop.  Optionally under a seccomp wrapper
# that denies one system call (DENY=ptrace, ...).
#
#   tests/faults/exec_kill.sh ROUNDS
set -u
cd "$(dirname "$0")/../.."
: "${BUILD:=build}"
: "${VDSOTOOL:=$PWD/$BUILD/vdsotool}"
rounds=${1:-200}
reexec="$PWD/$BUILD/tests/helpers/reexec"
wrap=()
[ -n "${DENY:-}" ] && wrap=("$PWD/$BUILD/tests/helpers/denysys" "$DENY")
hangs=0 left=0 done_rounds=0

supervisor_of() {
	local p
	for p in $(grep -l "memfd:vdsotool-$1-session" /proc/[0-9]*/maps 2>/dev/null); do
		p=${p#/proc/}
		p=${p%/maps}
		[ "$(cat /proc/$p/comm 2>/dev/null)" = vdsotool-super ] && echo "$p"
	done
	return 0
}

# The looping command (its pid stays across the execs); it may be between
# two images for a moment, when its command line cannot be read.
find_loop() {
	local i p
	for i in $(seq 100); do
		p=$(pgrep -f "^$reexec -1\$" | head -1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.01
	done
}

# Waits up to ten seconds for pid $1 to end.
ends() {
	local i
	for i in $(seq 200); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}

for ((r = 0; r < rounds; r++)); do
	"${wrap[@]}" "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$reexec" -1 >/dev/null 2>&1 &
	front=$!
	sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
	case $((r % 5)) in
	0) victim=$(find_loop); sig=KILL ;;
	1) victim=$(supervisor_of "$front"); sig=KILL ;;
	2) victim=$front; sig=KILL ;;
	3) victim=$front; sig=TERM ;;
	4) sv=$(supervisor_of "$front"); victim=$([ -n "$sv" ] && awk '{ print $4 }' "/proc/$sv/stat" 2>/dev/null); sig=KILL ;;
	esac
	[ -n "$victim" ] && kill -"$sig" "$victim" 2>/dev/null
	# The keeper's death alone ends nothing: end the loop itself then.
	if [ $((r % 5)) -eq 4 ]; then
		sleep 0.05
		for i in $(seq 50); do
			loop=$(find_loop)
			[ -z "$loop" ] && break
			kill -KILL "$loop" 2>/dev/null
			sleep 0.02
		done
	fi
	if ! ends "$front"; then
		hangs=$((hangs + 1))
		echo "round $r: vdsotool (pid $front) still running after 10 s (killed $sig ${victim:-none})" >&2
		kill -KILL "$front" 2>/dev/null
	fi
	wait "$front" 2>/dev/null
	for i in $(seq 100); do
		[ -z "$(supervisor_of "$front")" ] && ! pgrep -f "^$reexec -1\$" >/dev/null && break
		sleep 0.05
	done
	if [ -n "$(supervisor_of "$front")" ] || pgrep -f "^$reexec -1\$" >/dev/null; then
		left=$((left + 1))
		echo "round $r: left behind after killing ${victim:-none} with SIG$sig:" >&2
		ps -o pid,ppid,stat,comm -p "$(supervisor_of "$front") $(pgrep -f "^$reexec -1\$")" >&2
		pkill -KILL -f "^$reexec -1\$"
	fi
	done_rounds=$((done_rounds + 1))
done
echo "$done_rounds rounds, $hangs hangs, $left with leftovers"
[ "$hangs" -eq 0 ] && [ "$left" -eq 0 ]
