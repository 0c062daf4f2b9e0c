# Shared by the bats tests. VDSOTOOL and BUILD come from tests/run-all.sh;
# running a .bats file by hand from the project root works too.
: "${BUILD:=build}"
: "${VDSOTOOL:=$PWD/$BUILD/vdsotool}"
HELPERS="$BUILD/tests/helpers"
export VDSOTOOL BUILD HELPERS
# Tests that run make start afresh: the make that runs the suite leaves its
# jobserver settings in the environment, without the descriptors.
unset MAKEFLAGS MFLAGS MAKELEVEL

# A scratch directory of the test's own, removed by bats.
scratch() {
	echo "$BATS_TEST_TMPDIR"
}

PROBES="$BUILD/probes"
export PROBES
# 2030-01-01T00:00:00Z, computed independently: (60 years * 365 + 15 leap days) * 86400.
T2030=$(( (60 * 365 + 15) * 86400 ))

# Every number in $1 lies within the first ten minutes of 2030.
all_in_2030() {
	local n count=0
	for n in $1; do
		[[ "$n" =~ ^[0-9]+$ ]] || continue
		if (( n < T2030 || n > T2030 + 600 )); then
			echo "not in 2030: $n (in: $1)" >&2
			return 1
		fi
		count=$((count + 1))
	done
	(( count > 0 )) || { echo "no number in: $1" >&2; return 1; }
}

# Runs the command under vdsotool run --at 2030-01-01T00:00:00Z.
run2030() {
	run "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$@"
}

# What session $1 (its supervisor's pid; any session when empty) could leave
# behind: files in /dev/shm or /tmp under the names a session uses (its
# memfds are "vdsotool-PID.HEX-session" and "vdsotool-stats"), and processes
# still mapping its memfd.  Only those names count: on a shared machine other
# files in /tmp may well have "vdsotool" in their name, and without a pid
# other sessions' processes are none of this test's business.
leftovers() {
	ls -A /dev/shm /tmp 2>/dev/null | grep -E "^vdsotool-(${1:-[0-9]+}\.[0-9a-f]+-session|stats)" || true
	[ -z "${1:-}" ] || grep -lE "memfd:vdsotool-$1\.[0-9a-f]+-session" /proc/[0-9]*/maps 2>/dev/null || true
}

# Runs "$@" without privilege: as nobody (65534) when we are root, as we are
# otherwise.  The program must be readable and executable by that user.
unprivileged() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# Skips unless this test may read the memory of (or attach to) a process
# that is not its descendant, such as a sleep it started in the background:
# Yama's ptrace_scope 1 and 2 allow that only to root (CAP_SYS_PTRACE), 3 to
# nobody.  No Yama, no restriction beyond the same user.
needs_attach() {
	local scope
	scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null) || return 0
	if [ "$scope" -ge 3 ] || { [ "$scope" -ge 1 ] && [ "$(id -u)" -ne 0 ]; }; then
		skip "Yama ptrace_scope=$scope: reading another process's memory needs root here"
	fi
}

# Two row sets are equal and not empty (an empty pair would prove nothing).
same_rows() {
	[ -n "$1" ] || { echo "no rows on the left" >&2; return 1; }
	[ -n "$2" ] || { echo "no rows on the right" >&2; return 1; }
	diff <(echo "$1") <(echo "$2")
}

# A scratch directory every user may enter and write, for tests that run
# vdsotool as another user: bats's own lies under a 0700 directory, where
# any such test would fail for that reason alone.  The file's teardown
# calls remove_world_scratch.
world_scratch() {
	local d
	d=$(mktemp -d /tmp/scratch-world.XXXXXX)
	chmod 777 "$d"
	echo "$d" >>"$BATS_TEST_TMPDIR/world-scratch"
	echo "$d"
}

remove_world_scratch() {
	[ ! -f "$BATS_TEST_TMPDIR/world-scratch" ] || xargs rm -rf <"$BATS_TEST_TMPDIR/world-scratch"
}

# Runs the rest of the line as user and group 65534 (nobody).
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# Starts `sleep 60` for the tests that read another process, and waits
# until it is sleep (its exec complete): caught mid-exec, a process has
# no [vdso] for a moment.
start_sleeper() {
	local i
	sleep 60 &
	SLEEPER=$!
	for i in $(seq 200); do
		[ "$(cat /proc/$SLEEPER/comm 2>/dev/null)" = sleep ] &&
			grep -q '\[vdso\]' /proc/$SLEEPER/maps 2>/dev/null && return 0
		sleep 0.01
	done
}

# wait_for COND: evaluates COND every 20 ms until it holds; fails with a
# message after 10 s.
wait_for() {
	local i
	for i in $(seq 500); do
		eval "$1" && return 0
		sleep 0.02
	done
	echo "timed out waiting for: $1" >&2
	return 1
}

# run_bg ARGS...: vdsotool run ARGS in the background with default signal
# dispositions (bash makes background jobs ignore SIGINT and SIGQUIT);
# output in $OUT, the front's pid in $VPID.
run_bg() {
	OUT="$BATS_TEST_TMPDIR/out"
	env --default-signal "$VDSOTOOL" run "$@" >"$OUT" 2>&1 &
	VPID=$!
}
