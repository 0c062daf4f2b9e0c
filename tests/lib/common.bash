# Shared by the bats tests. VDSOTOOL and BUILD come from tests/run-all.sh;
# running a .bats file by hand from the project root works too.
: "${BUILD:=build}"
: "${VDSOTOOL:=$PWD/$BUILD/vdsotool}"
HELPERS="$BUILD/tests/helpers"
export VDSOTOOL BUILD HELPERS

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

# What a session could leave behind: files in /dev/shm or /tmp, and
# processes still mapping the session memfd of supervisor $1.
leftovers() {
	ls /dev/shm /tmp 2>/dev/null | grep -i vdsotool || true
	grep -l "memfd:vdsotool-$1-session" /proc/[0-9]*/maps 2>/dev/null || true
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
