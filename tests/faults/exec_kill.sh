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
[ -n "${DENY:-}" ] && wrap=("$PWD/$BUILD/tests/helpers/deny" "$DENY")
hangs=0 left=0 done_rounds=0

# The keeper is the front's child, the supervisor the keeper's (the
# supervisor's maps are unreadable: it is not dumpable).
keeper_of() {
	pgrep -P "$1" -x vdsotool-keeper
}

# A process still running as what it was at the start of the round (a
# zombie left to init is dead: reaping it is init's job).
alive_as() {
	[ -n "$1" ] && [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ] &&
		[ "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" != Z ]
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
	sv='' kp='' cmd=''
	for i in $(seq 200); do
		kp=$(keeper_of "$front") && sv=$(pgrep -P "$kp" -x vdsotool-super) &&
			cmd=$(pgrep -P "$sv" | head -1) && [ -n "$cmd" ] && break
		sleep 0.01
	done
	sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
	case $((r % 5)) in
	0) victim=$cmd; sig=KILL ;;
	1) victim=$sv; sig=KILL ;;
	2) victim=$front; sig=KILL ;;
	3) victim=$front; sig=TERM ;;
	4) victim=$kp; sig=KILL ;;
	esac
	[ -n "$victim" ] && kill -"$sig" "$victim" 2>/dev/null
	# The keeper's death alone ends nothing: end the loop itself then.
	if [ $((r % 5)) -eq 4 ]; then
		sleep 0.05
		[ -n "$cmd" ] && kill -KILL "$cmd" 2>/dev/null
	fi
	if ! ends "$front"; then
		hangs=$((hangs + 1))
		echo "round $r: vdsotool (pid $front) still running after 10 s (killed $sig ${victim:-none})" >&2
		kill -KILL "$front" 2>/dev/null
	fi
	wait "$front" 2>/dev/null
	# Up to 10 s: a loaded machine reaps slowly.
	for i in $(seq 200); do
		! alive_as "$sv" vdsotool-super && ! alive_as "$kp" vdsotool-keeper &&
			! pgrep -f "^$reexec -1\$" >/dev/null && break
		sleep 0.05
	done
	if alive_as "$sv" vdsotool-super || alive_as "$kp" vdsotool-keeper ||
		pgrep -f "^$reexec -1\$" >/dev/null; then
		left=$((left + 1))
		echo "round $r: left behind after killing ${victim:-none} with SIG$sig:" >&2
		ps -o pid,ppid,stat,comm -p "$(echo $sv $kp $(pgrep -f "^$reexec -1\$") | tr ' ' ,)" >&2
		pkill -KILL -f "^$reexec -1\$"
		kill -KILL $sv $kp 2>/dev/null
	fi
	done_rounds=$((done_rounds + 1))
done
echo "$done_rounds rounds, $hangs hangs, $left with leftovers"
[ "$hangs" -eq 0 ] && [ "$left" -eq 0 ]
