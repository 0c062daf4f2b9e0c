#!/usr/bin/env bats
# vdsotool run against faults and hostile programs: every case here once
# hung the supervisor, lost a process to the real clock without a word,
# or let the tree reach into the supervisor.  None may hang: each command
# runs under timeout.

bats_require_minimum_version 1.5.0
load ../lib/common

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as another user"
}

@test "the command killed in the middle of its injections: vdsotool returns 137, every time" {
	local r="$PWD/$HELPERS/reexec"
	for i in $(seq 60); do
		"$VDSOTOOL" run -- "$r" -1 >/dev/null 2>&1 &
		front=$!
		sleep "0.0$((RANDOM % 10))"
		for j in $(seq 100); do
			p=$(pgrep -f "^$r -1\$" | head -1)
			[ -n "$p" ] && break
			sleep 0.01
		done
		kill -KILL "$p"
		for j in $(seq 200); do
			kill -0 "$front" 2>/dev/null || break
			sleep 0.05
		done
		! kill -0 "$front" 2>/dev/null || { kill -KILL "$front"; echo "round $i hung"; false; }
		wait "$front" && st=0 || st=$?
		[ "$st" -eq 137 ]
	done
}

# 200 rounds (FAULT_ROUNDS; make test-faults runs 2000).
@test "fault injection: a tight exec loop killed at random points, 200 times: no hang, nothing left" {
	n=${FAULT_ROUNDS:-200}
	run timeout 900 tests/faults/exec_kill.sh "$n"
	echo "$output" | grep -v Killed
	[ "$status" -eq 0 ]
	[[ "$output" == *"$n rounds, 0 hangs, 0 with leftovers"* ]]
}

@test "fault injection under seccomp profiles denying ptrace, process_vm_*, pidfd_*, kcmp, openat2, ARCH_MAP_VDSO_64" {
	for deny in ptrace process_vm_readv,process_vm_writev pidfd_open,pidfd_getfd,pidfd_send_signal \
		kcmp,openat2 map_vdso; do
		DENY=$deny run timeout 300 tests/faults/exec_kill.sh $(( ${FAULT_ROUNDS:-200} / 10 ))
		[ "$status" -eq 0 ] || { echo "DENY=$deny: $output" | grep -v Killed; false; }
	done
}

@test "each denied call: a clean message and 125 under --strict, or the virtual clock where a fallback exists" {
	# ptrace is the one thing injection cannot do without.
	run timeout 20 "$HELPERS/deny" ptrace "$VDSOTOOL" run --strict --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 125 ]
	[[ "$output" == *"ptrace denied: Operation not permitted"* ]]
	run timeout 20 "$HELPERS/deny" ptrace "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 0 ]
	[[ "$output" == *"cannot put pid"*"ptrace denied"* ]]
	# Without seccomp or memfd_create there is no session at all.
	run timeout 20 "$HELPERS/deny" seccomp "$VDSOTOOL" run -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"seccomp: Operation not permitted"* ]]
	run timeout 20 "$HELPERS/deny" memfd_create "$VDSOTOOL" run -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"memfd"*"Operation not permitted"* ]]
	# The rest have fallbacks: /proc/PID/mem, a serialised exec, mremap.
	for deny in process_vm_readv,process_vm_writev pidfd_open,pidfd_getfd kcmp openat2 map_vdso; do
		run timeout 20 "$HELPERS/deny" "$deny" "$VDSOTOOL" run --strict --at 2030-01-01T00:00:00Z -- \
			"$HELPERS/timeprobe"
		[ "$status" -eq 0 ] || { echo "DENY=$deny: $output"; false; }
		all_in_2030 "$(cut -d' ' -f2 <<<"$output")"
	done
}

@test "an absolute sleep until the end of time sleeps, as natively" {
	# Natively clock_nanosleep(REALTIME, ABSTIME, {INT64_MAX, 0}) never returns.
	run timeout -s KILL 1.5 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/abssleep" realtime max
	[ "$status" -eq 137 ]
	[ -z "$output" ]
}

@test "300 interrupted absolute sleeps leave nothing behind: the next sleep takes its 200 ms" {
	run timeout 60 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/sleepstorm" 300
	[ "$status" -eq 0 ]
	read -r eintr ms <<<"$output"
	[ "$eintr" -eq 300 ]
	(( ms >= 195 && ms < 1500 ))
}

@test "the stats page cannot be resized by the tree (it would SIGBUS every reader)" {
	run timeout 20 "$VDSOTOOL" run --stats -- "$HELPERS/sessionpoke"
	[ "$status" -eq 0 ]
	[[ "$output" == *"stats-truncate denied"* ]]
	[[ "$output" != *ALLOWED* ]]
	[[ "$output" == *"vdsotool: run: stats:"* ]]
}

@test "the tree cannot reach the supervisor's memory (it is not dumpable)" {
	need_root
	chmod 755 "$BATS_TEST_TMPDIR"
	run timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups "$VDSOTOOL" run -- \
		sh -c "exec $HELPERS/sessionpoke \$PPID"
	[ "$status" -eq 0 ]
	[[ "$output" == *"supervisor-mem denied"* ]]
	[[ "$output" != *ALLOWED* ]]
}

@test "an unprivileged command found along PATH after a directory it may not enter runs on the virtual clock" {
	# Each failed execve along PATH is seized and let go; the next one
	# must still be seizable without CAP_SYS_PTRACE.
	need_root
	d="$BATS_TEST_TMPDIR"
	chmod 755 "$d"
	mkdir -m 700 "$d/closed"
	run timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups \
		env PATH="$d/closed:$d/closed:/usr/bin:/bin" "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 0 ]
	[ "$output" = 2030 ]
}

@test "300 execs at the same moment: every one injected, none left on the real clock" {
	d="$BATS_TEST_TMPDIR"
	mkfifo "$d/go"
	run timeout 120 "$VDSOTOOL" run --stats --at 2030-01-01T00:00:00Z -- sh -c "
		for i in \$(seq 300); do (read _ <'$d/go'; exec $HELPERS/timeprobe >'$d/out.'\$i) & done
		sleep 1; exec 3>'$d/go'; exec 3>&-; wait"
	[ "$status" -eq 0 ]
	[[ "$output" == *" 0 not injected"* ]]
	[ "$(cat "$d"/out.* | grep -c '^raw.clock_gettime')" -eq 300 ]
	all_in_2030 "$(cat "$d"/out.* | cut -d' ' -f2)"
}

@test "eight threads exec at once, 15 times over: no deadlock, the winner is injected" {
	for i in $(seq 15); do
		run timeout 20 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/threadexec" 8 /bin/date +%Y
		[ "$status" -eq 0 ] || { echo "run $i: $status $output"; false; }
		[ "$output" = 2030 ]
	done
}

@test "a process that unmapped the vDSO and the session, then failed an exec, neither hangs nor spins the supervisor" {
	f="$BATS_TEST_TMPDIR/notexec"
	echo 'not a program' >"$f"
	chmod 644 "$f"
	run timeout 20 "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- sh -c "'$HELPERS/hostile' '$f' /bin/date +%Y; echo \"hostile \$?\"; /bin/date +%Y"
	[ "$status" -eq 0 ]
	# Its execve goes to the runtime it unmapped: it dies there (SIGSEGV)...
	[[ "$output" == *"hostile 139"* ]]
	# ... and the rest of the tree execs on, on the virtual clock.
	[ "${lines[-1]}" = 2030 ]
}

# A shell looking a command up in PATH fails execs (EACCES in a directory
# it may not search, ENOENT in one without the file) before the one that
# succeeds.  A failed exec once left the task armed for a stop that came
# after it had already entered its next execve: that exec's notification
# then waited for ever.
@test "execs that fail (EACCES, ENOENT) on the way along PATH: no hang, every program on the virtual clock" {
	need_root
	local pub i
	pub=$(mktemp -d /tmp/vt-path.XXXXXX)
	chmod 755 "$pub"
	cp "$VDSOTOOL" "$pub/"
	mkdir -m 700 "$pub/locked"
	for i in $(seq 30); do
		run timeout -k 2 10 setpriv --reuid=65534 --regid=65534 --clear-groups \
			env PATH="$pub/locked:$pub/locked:$pub/locked:$pub/none:/usr/bin:/bin" "$pub/vdsotool" run --at 2030-01-01T00:00:00Z -- \
			sh -c 'for i in 1 2 3 4 5 6; do date +%Y; done'
		[ "$status" -eq 0 ] || { echo "run $i: status $status: $output"; rm -rf "$pub"; false; }
		[ "$output" = "$(printf '2030\n%.0s' 1 2 3 4 5 6)" ] || { echo "run $i: $output"; rm -rf "$pub"; false; }
	done
	rm -rf "$pub"
}

@test "a full descriptor table at the exec still gets the virtual clock, or a message" {
	run timeout 20 "$VDSOTOOL" run --strict --at 2030-01-01T00:00:00Z -- "$HELPERS/fdfull" date +%Y
	[ "$status" -eq 0 ]
	[ "$output" = 2030 ]
	# At the hard limit: raised with CAP_SYS_RESOURCE, else refused aloud.
	run timeout 20 "$VDSOTOOL" run --strict --at 2030-01-01T00:00:00Z -- "$HELPERS/fdfull" --hard date +%Y
	if [ "$status" -eq 0 ]; then
		[ "$output" = 2030 ]
	else
		[ "$status" -eq 125 ]
		[[ "$output" == *"file descriptor table is full"* ]]
	fi
}

@test "SIGSTOP and SIGCONT during the exec, 300 times: every process injected" {
	d="$BATS_TEST_TMPDIR"
	run timeout 120 "$VDSOTOOL" run --stats --at 2030-01-01T00:00:00Z -- sh -c "
		for i in \$(seq 300); do
			$HELPERS/timeprobe >'$d/p.'\$i & p=\$!
			kill -STOP \$p; kill -CONT \$p; wait \$p
		done"
	[ "$status" -eq 0 ]
	[[ "$output" == *" 0 not injected"* ]]
	[ "$(cat "$d"/p.* | grep -c '^raw.clock_gettime')" -eq 300 ]
	all_in_2030 "$(cat "$d"/p.* | cut -d' ' -f2)"
}

@test "SIGKILL of vdsotool ends a setsid process that unmapped the session (the tree is found by ancestry)" {
	run_bg -- sh -c "setsid $HELPERS/hostile --stay 46 & wait"
	wait_for "pgrep -x hostile-stays >/dev/null"
	kill -KILL $VPID
	wait $VPID || true
	wait_for "! pgrep -x hostile-stays >/dev/null"
}

@test "ThreadSanitizer, MemorySanitizer and AddressSanitizer programs run under run" {
	src="$BATS_TEST_TMPDIR/san.c"
	printf '%s\n' '#include <stdio.h>' '#include <time.h>' \
		'int main(void) { struct tm tm; time_t t = time(NULL); gmtime_r(&t, &tm);' \
		'printf("%d\n", tm.tm_year + 1900); return 0; }' >"$src"
	n=0
	for cc in "gcc -fsanitize=thread" "clang -fsanitize=thread" "clang -fsanitize=memory" \
		"gcc -fsanitize=address" "clang -fsanitize=address"; do
		$cc -g -o "$BATS_TEST_TMPDIR/san" "$src" 2>/dev/null || continue
		n=$((n + 1))
		run timeout 30 "$VDSOTOOL" run --strict --at 2030-01-01T00:00:00Z -- "$BATS_TEST_TMPDIR/san"
		[ "$status" -eq 0 ] || { echo "$cc: $output"; false; }
		[ "$output" = 2030 ] || { echo "$cc: $output"; false; }
	done
	(( n >= 3 )) || skip "fewer than three sanitizer runtimes are installed"
}

@test "inside a time namespace the vDSO and the system call agree, at any rate, and sleeps end" {
	unshare -T true 2>/dev/null || skip "no time namespaces here (unshare -T)"
	for rate in 1 2; do
		run timeout 20 "$VDSOTOOL" run --clocks all --rate $rate -- \
			unshare -T --monotonic 100000 "$HELPERS/clockpair" monotonic
		[ "$status" -eq 0 ]
		read -r vdso raw <<<"$output"
		(( vdso - raw < 1000000000 && raw - vdso < 1000000000 )) || { echo "rate $rate: $output"; false; }
		(( vdso > 100000000000000 ))
	done
	run timeout 20 "$VDSOTOOL" run --clocks all --rate 2 -- unshare -T --monotonic 100000 \
		python3 -c 'import time; time.sleep(0.3); print("slept")'
	[ "$output" = slept ]
}
