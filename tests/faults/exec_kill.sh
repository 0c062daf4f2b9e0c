#!/usr/bin/env bash
# Fault injection for vdsotool run: a tight exec loop (reexec), killed at a
# random moment, in turn: the command, the supervisor or the front
# (SIGKILL), or the front with SIGTERM.  Every round must end within
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

# The supervisor is the front's child (its maps are unreadable: it is not
# dumpable).  A keeper, started only for what the command leaves running,
# never is in this loop: the loop ends with its command.
supervisor_of() {
	pgrep -P "$1" -x vdsotool-super
}

# Keepers of this loop's sessions (a keeper is the front's copy: same
# command line).
keepers() {
	local k
	for k in $(pgrep -x vdsotool-keeper); do
		grep -qF -- "$reexec" /proc/$k/cmdline 2>/dev/null && echo "$k"
	done
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
	sv='' cmd=''
	for i in $(seq 200); do
		sv=$(supervisor_of "$front") &&
			cmd=$(pgrep -P "$sv" | head -1) && [ -n "$cmd" ] && break
		sleep 0.01
	done
	sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
	case $((r % 4)) in
	0) victim=$cmd; sig=KILL ;;
	1) victim=$sv; sig=KILL ;;
	2) victim=$front; sig=KILL ;;
	3) victim=$front; sig=TERM ;;
	esac
	[ -n "$victim" ] && kill -"$sig" "$victim" 2>/dev/null
	if ! ends "$front"; then
		hangs=$((hangs + 1))
		echo "round $r: vdsotool (pid $front) still running after 10 s (killed $sig ${victim:-none})" >&2
		kill -KILL "$front" 2>/dev/null
	fi
	wait "$front" 2>/dev/null
	# Up to 10 s: a loaded machine reaps slowly.
	for i in $(seq 200); do
		! alive_as "$sv" vdsotool-super && [ -z "$(keepers)" ] &&
			! pgrep -f "^$reexec -1\$" >/dev/null && break
		sleep 0.05
	done
	if alive_as "$sv" vdsotool-super || [ -n "$(keepers)" ] ||
		pgrep -f "^$reexec -1\$" >/dev/null; then
		left=$((left + 1))
		echo "round $r: left behind after killing ${victim:-none} with SIG$sig:" >&2
		ps -o pid,ppid,stat,comm -p "$(echo $sv $(keepers) \
			$(pgrep -f "^$reexec -1\$") | tr ' ' ,)" >&2
		pkill -KILL -f "^$reexec -1\$"
		kill -KILL $sv 2>/dev/null
	fi
	done_rounds=$((done_rounds + 1))
done
echo "$done_rounds rounds, $hangs hangs, $left with leftovers"
[ "$hangs" -eq 0 ] && [ "$left" -eq 0 ]
