#!/usr/bin/env bats
# vdsotool attach and detach: a running process (dynamic C, static musl,
# Go, Java) put on a virtual clock as soon as the attach returns, its children
# forked or exec'd afterwards too, ctl steering it, detach giving the real
# year and the kernel's vDSO back; the refusals (another user, no such
# process, a process already on a virtual clock), each with its status and
# no hang.

bats_require_minimum_version 1.5.0
load ../lib/common

# probe CMD...: started in the background, output in $OUT, its pid in
# $TPID; returns once it printed something.
probe() {
	start_bg "$@"
	wait_for "[ -s '$OUT' ]"
}

start_bg() {
	OUT="$BATS_TEST_TMPDIR/out"
	"$@" >"$OUT" 2>&1 3>&- &
	TPID=$!
	echo "$TPID" >>"$BATS_TEST_TMPDIR/pids"
}

teardown() {
	if [ -f "$BATS_TEST_TMPDIR/pids" ]; then
		xargs kill -KILL <"$BATS_TEST_TMPDIR/pids" 2>/dev/null || true
		wait $(cat "$BATS_TEST_TMPDIR/pids") 2>/dev/null || true
	fi
	remove_world_scratch
}

now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# attach_2030: attaches $TPID at 2030, then checks that a line of $OUT
# starting with "${1:-2030}" comes soon after (the program prints every
# 100 ms).  How soon is a benchmark's business (bench/attach.sh: a test
# bound on time fails on a loaded or a sanitizer build); here 2 s after
# the attach returned means it worked.
attach_2030() {
	local want=${1:-2030} t0 i
	local before
	before=$(wc -l <"$OUT")
	t0=$(now_ms)
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2030-01-01T00:00:00Z
	for i in $(seq 200); do
		tail -n +$((before + 1)) "$OUT" | grep -q "^$want" && break
		sleep 0.01
	done
	tail -n +$((before + 1)) "$OUT" | grep -q "^$want" || { echo "no $want in: $(tail -3 "$OUT")" >&2; return 1; }
	echo "2030 after $(( $(now_ms) - t0 )) ms, the attach included" >&2
}

# waits_take MIN MAX: three more waits of condloop in $OUT, each begun
# after now, lasting MIN..MAX ms.
waits_take() {
	local n
	n=$(wc -l <"$OUT")
	wait_for "[ \$(wc -l <'$OUT') -ge $((n + 4)) ]"
	tail -n +$((n + 2)) "$OUT" | awk -v lo="$1" -v hi="$2" '$2 < lo || $2 > hi { bad = 1; print } END { exit bad }'
}

# The real year is back in $OUT (a line after the detach returned).
real_year_back() {
	local year before
	year=$(date +%Y)
	before=$(wc -l <"$OUT")
	wait_for "tail -n +$((before + 1)) '$OUT' | grep -q '^$year'"
}

# The kernel's vDSO is where the auxiliary vector says; of the session only
# its page is left (one read-only page, by which attach and ctl find it),
# and the runtime at the fixed address, which the trap filter needs.
vdso_restored() {
	local ehdr
	ehdr=$(od -An -t x8 -w16 -v "/proc/$TPID/auxv" | awk '$1 == "0000000000000021" { sub(/^0+/, "", $2); print $2 }')
	grep -q "^$ehdr-.*\[vdso\]" "/proc/$TPID/maps"
	! grep -q " 00001000 .*memfd:vdsotool-" "/proc/$TPID/maps"
	[ "$(grep -c "memfd:vdsotool-" "/proc/$TPID/maps")" -eq 2 ]
	grep -qE " r--s 00000000 .*memfd:vdsotool-[0-9]+\.[0-9a-f]+-session" "/proc/$TPID/maps"
	grep -qE "^7e80000[0-9a-f]+-[0-9a-f]+ r-xp .*memfd:vdsotool-[0-9]+\.[0-9a-f]+-session" "/proc/$TPID/maps"
	! grep -q "\[vdso\]" <(grep "^7e80" "/proc/$TPID/maps")
}

@test "attach: a dynamic C program reads 2030 once attached; detach gives the real year and the vDSO back" {
	probe "$HELPERS/timeprobe" loop 200 50
	attach_2030
	grep -q "\[vdso\]" "/proc/$TPID/maps"
	run "$VDSOTOOL" ctl "$TPID" get --json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r .command)" = "$TPID" ]
	run -0 timeout 10 "$VDSOTOOL" detach "$TPID"
	real_year_back
	vdso_restored
	kill -0 "$TPID"
}

@test "detach: memory the process mapped while attached stays its own (the kernel's [vvar] goes back to a place kept for it)" {
	probe "$HELPERS/holdmap"
	attach_2030
	wait_for "grep -q '^mapped' '$OUT'"
	run -0 timeout 10 "$VDSOTOOL" detach "$TPID"
	real_year_back
	vdso_restored
	sleep 0.1
	! grep -q clobbered "$OUT"
	kill -0 "$TPID"
}

@test "detach: a program that mapped its own memory over the kept place keeps it; the detach says why the vDSO stays (125)" {
	probe "$HELPERS/holdmap" over
	attach_2030
	wait_for "grep -q '^mapped' '$OUT'"
	run -125 timeout 10 "$VDSOTOOL" detach "$TPID"
	[[ "$output" == *"now holds the program's own memory"* ]]
	real_year_back
	sleep 0.1
	! grep -q clobbered "$OUT"
	kill -0 "$TPID"
}

@test "attach: a process attached as it starts, on its way through execve (env PROG): attach and detach work, 15 times" {
	local i
	for i in $(seq 15); do
		start_bg env "$HELPERS/timeprobe" loop 100 20
		[ $((i % 3)) = 0 ] || sleep 0.00$((i % 3))
		run -0 timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2030-01-01T00:00:00Z
		wait_for "grep -q '^2030' '$OUT'"
		run -0 timeout 10 "$VDSOTOOL" detach "$TPID"
		real_year_back
		kill -0 "$TPID"
		kill -KILL "$TPID"
		wait "$TPID" 2>/dev/null || true
	done
}

@test "attach: ctl steers an attached process; --name names it" {
	probe "$HELPERS/timeprobe" loop 200 50
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --name tatt --at 2030-01-01T00:00:00Z
	wait_for "grep -q '^2030' '$OUT'"
	"$VDSOTOOL" ctl tatt set --offset +1y
	wait_for "tail -1 '$OUT' | grep -q '^2031'"
	run -0 timeout 10 "$VDSOTOOL" detach tatt
	real_year_back
}

@test "attach: attach again after a detach, with new clock options; ctl tells a detached session" {
	probe "$HELPERS/timeprobe" loop 200 50
	attach_2030
	run -0 timeout 10 "$VDSOTOOL" detach "$TPID"
	real_year_back
	run -0 "$VDSOTOOL" ctl "$TPID" get
	[[ "$output" == *"detached"* ]]
	run -125 "$VDSOTOOL" ctl "$TPID" set --offset +1y
	[[ "$output" == *"detached"* ]]
	run -125 timeout 10 "$VDSOTOOL" detach "$TPID"
	[[ "$output" == *"already detached"* ]]
	run -0 timeout 10 "$VDSOTOOL" attach -p "$TPID" --name again --at 2040-06-01T00:00:00Z
	wait_for "tail -1 '$OUT' | grep -q '^2040'"
	"$VDSOTOOL" ctl again set --offset +1y
	wait_for "tail -1 '$OUT' | grep -q '^2041'"
	# Attached now: a second attach is refused, and says by which session.
	run -125 timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2030-01-01T00:00:00Z
	[[ "$output" == *"already on a virtual clock"*again* ]]
	run -0 timeout 10 "$VDSOTOOL" detach again
	real_year_back
	vdso_restored
}

@test "attach: 100 attach/detach cycles of a threaded process: it keeps running, no mapping piles up" {
	start_bg "$HELPERS/mtclock" 4 0 "$BATS_TEST_TMPDIR/stop"
	wait_for "[ \$(ls /proc/$TPID/task | wc -l) -eq 5 ]"
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --rate 2
	timeout 10 "$VDSOTOOL" detach "$TPID"
	maps=$(wc -l <"/proc/$TPID/maps")
	for i in $(seq 99); do
		timeout 10 "$VDSOTOOL" attach -p "$TPID" --rate 2 || { echo "attach $i failed" >&2; false; }
		timeout 10 "$VDSOTOOL" detach "$TPID" || { echo "detach $i failed" >&2; false; }
	done
	[ "$(wc -l <"/proc/$TPID/maps")" -eq "$maps" ]
	# The notify filter and the runtime's trap filter, once each.
	grep -q "Seccomp_filters:.2$" "/proc/$TPID/status"
	touch "$BATS_TEST_TMPDIR/stop"
	wait "$TPID"
	grep -q "^ok" "$OUT"
	# And the timeprobe: 2030 once more after the cycles.
	probe "$HELPERS/timeprobe" loop 200 50
	for i in $(seq 10); do
		timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2030-01-01T00:00:00Z
		timeout 10 "$VDSOTOOL" detach "$TPID"
	done
	attach_2030
	timeout 10 "$VDSOTOOL" detach "$TPID"
	real_year_back
}

# sleeper_detached OUTFILE [ATTACH OPTIONS]: attaches $TPID an hour behind,
# lets the abssleep writing OUTFILE start its 30 s absolute sleep, detaches.
# That deadline, an hour behind the real clock plus 30 s, has passed on the
# real clock: the sleep ends at the detach, not 30 s later, and the detach
# does not wait for it.  (A SANITIZE build's abssleep must not check for
# leaks at its exit: LeakSanitizer ptraces the process then, and the detach
# may still be at it, as it would be at a process a debugger holds.)
sleeper_detached() {
	local out=$1 t0
	shift
	timeout 10 "$VDSOTOOL" attach -p "$TPID" "$@" --offset -1h
	touch "$BATS_TEST_TMPDIR/go"
	sleep 0.5
	t0=$(now_ms)
	timeout 10 "$VDSOTOOL" detach "$TPID"
	wait_for "[ -s '$out' ]"
	(( $(now_ms) - t0 < 5000 ))
	grep -q "^0 " "$out"
}

@test "detach: an absolute sleep in progress starts over on the real clock (as after a clock change)" {
	start_bg env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$HELPERS/abssleep" realtime 30000 after "$BATS_TEST_TMPDIR/go"
	# The attach is for abssleep, not for env on its way to exec it.
	wait_for "[ \"\$(cat /proc/$TPID/comm 2>/dev/null)\" = abssleep ]"
	sleeper_detached "$OUT"
}

@test "detach --tree: a descendant's absolute sleep (its own supervisor's) does not hold the detach" {
	local d=$BATS_TEST_TMPDIR
	start_bg bash -c "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 '$HELPERS/abssleep' realtime 30000 after '$d/go' >'$d/child'; sleep 600"
	wait_for "pgrep -P $TPID -x abssleep >/dev/null"
	sleeper_detached "$d/child" --tree
	pkill -KILL -P "$TPID" || true
}

@test "attach: static musl and Go programs read 2030 once attached; detach gives the real year" {
	[ -x "$PROBES/timeprobe.musl" ] && [ -x "$PROBES/timeprobe.go" ] || skip "make compat-probes"
	probe "$PROBES/timeprobe.musl" loop 200 50
	attach_2030
	timeout 10 "$VDSOTOOL" detach "$TPID"
	real_year_back
	vdso_restored
	probe "$PROBES/timeprobe.go" loop 200
	attach_2030
	timeout 10 "$VDSOTOOL" detach "$TPID"
	real_year_back
	vdso_restored
}

@test "attach: a running JVM reads 2030 once attached, the real year after detach, 2035 attached again" {
	[ -f "$PROBES/Timeprobe.class" ] && command -v java >/dev/null || skip "make compat-probes"
	probe java -Xshare:auto -cp "$PROBES" Timeprobe loop 600
	attach_2030
	timeout 10 "$VDSOTOOL" detach "$TPID"
	real_year_back
	vdso_restored
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2035-01-01T00:00:00Z
	wait_for "tail -1 '$OUT' | grep -q '^2035'"
	timeout 10 "$VDSOTOOL" detach "$TPID"
	real_year_back
	kill -0 "$TPID"
}

@test "attach: children forked and exec'd after the attach read 2030, and the real year after detach" {
	probe bash -c 'while :; do echo "exec $(date +%Y)"; (printf "fork %(%Y)T\n" -1); sleep 0.05; done'
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2030-01-01T00:00:00Z
	wait_for "tail -2 '$OUT' | grep -q '^exec 2030' && tail -2 '$OUT' | grep -q '^fork 2030'"
	# Every line printed once the attach settled is 2030.
	sleep 0.3
	! tail -4 "$OUT" | grep -vq 2030
	timeout 10 "$VDSOTOOL" detach "$TPID"
	wait_for "tail -2 '$OUT' | grep -q '^exec $(date +%Y)' && tail -2 '$OUT' | grep -q '^fork $(date +%Y)'"
}

@test "attach: a C program's realtime condvar and semaphore deadlines keep their length once attached (the runtime goes in), ahead and behind, and after detach" {
	local mode
	for mode in cond sem; do
		probe "$HELPERS/condloop" "$mode" 200
		# 4 years ahead: a deadline the kernel read in real time would
		# hold each wait for 4 years.
		timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2030-01-01T00:00:00Z
		waits_take 150 2000
		kill -KILL "$TPID"
		# An hour behind: it would end each wait at once.
		probe "$HELPERS/condloop" "$mode" 200
		timeout 10 "$VDSOTOOL" attach -p "$TPID" --offset -1h
		waits_take 150 2000
		# The wait in progress ends (its deadline is in the real past)
		# and the next ones are real.
		timeout 10 "$VDSOTOOL" detach "$TPID"
		waits_take 150 2000
		kill -KILL "$TPID"
	done
}

@test "attach: a timer a program of the session set follows ctl set (the runtime re-arms it when told)" {
	probe bash -c "echo started; sleep 0.5; exec '$HELPERS/timerchange' abs.timerfd"
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2030-01-01T00:00:00Z --name tatt
	wait_for "grep -q armed '$OUT'"
	"$VDSOTOOL" ctl tatt set --offset +61s
	wait_for "grep -q fired '$OUT'"
}

@test "attach: timers set before the attach follow its clock: timerfd, POSIX timer and setitimer at --rate 10 (glibc, static musl)" {
	local p k gaps
	for p in "$HELPERS/timerchange" "$PROBES/timerchange.musl"; do
	for k in timerfd timer itimer; do
		start_bg "$p" "tick.$k"
		wait_for "grep -q '^tick 1 ' '$OUT'"
		timeout 10 "$VDSOTOOL" attach -p "$TPID" --clocks all --rate 10
		# A second of the virtual clock is a tenth of one now: the
		# ticks after the attach (from the fifth, whatever the attach
		# took) come a tenth of a second apart, not a second.
		wait_for "grep -q '^tick 9 ' '$OUT'"
		gaps=$(awk '$1 == "tick" && $2 >= 5 && $2 <= 9 { if (last) print $3 - last; last = $3 }' "$OUT")
		echo "$p tick.$k, real seconds between ticks: $gaps" >&2
		awk '$1 > 0.6 { bad = 1 } END { exit bad }' <<<"$gaps"
		kill -KILL "$TPID"
		wait "$TPID" 2>/dev/null || true
	done
	done
}

@test "attach: an absolute realtime timerfd set before the attach fires when --offset puts the clock past it, as after settimeofday" {
	local p
	for p in "$HELPERS/timerchange" "$PROBES/timerchange.musl"; do
		start_bg "$p" abs.timerfd
		wait_for "grep -q armed '$OUT'"
		timeout 10 "$VDSOTOOL" attach -p "$TPID" --offset +61s
		# Natively a minute later.
		wait_for "grep -q fired '$OUT'"
		awk '$1 == "fired" && $2 > 10 { exit 1 }' "$OUT"
		kill -KILL "$TPID" 2>/dev/null || true
		wait "$TPID" 2>/dev/null || true
	done
}

@test "attach: programs exec'd in the session answer raw clock calls in 2030, and in the real year after detach" {
	probe bash -c "while :; do '$HELPERS/timeprobe' raw | grep '^raw.clock_gettime'; sleep 0.05; done"
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --at 2030-01-01T00:00:00Z
	wait_for "tail -1 '$OUT' | grep -q ' 189'"
	timeout 10 "$VDSOTOOL" detach "$TPID"
	# Their runtime stays (its filter does): it must read the real clock.
	wait_for "[ \"\$(tail -1 '$OUT' | cut -d' ' -f2)\" -lt 1800000000 ]"
}

@test "attach --tree: a process and its descendants (children, a grandchild) on the clock together" {
	local d=$BATS_TEST_TMPDIR
	start_bg bash -c "'$HELPERS/timeprobe' loop 600 50 >'$d/child' & sh -c \"'$HELPERS/timeprobe' loop 600 50 >'$d/grandchild'; :\" & exec '$HELPERS/timeprobe' loop 600 50"
	wait_for "[ -s '$d/child' ] && [ -s '$d/grandchild' ] && [ -s '$OUT' ]"
	all_say() {
		local f
		for f in "$OUT" "$d/child" "$d/grandchild"; do
			tail -1 "$f" | grep -q "^$1" || return 1
		done
	}
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --tree --at 2030-01-01T00:00:00Z
	wait_for "all_say 2030"
	"$VDSOTOOL" ctl "$TPID" set --offset +1y
	wait_for "all_say 2031"
	run -0 "$VDSOTOOL" ctl "$TPID" get --json
	[ "$(echo "$output" | jq .processes_total)" -eq 4 ]
	super=$(echo "$output" | jq .supervisor)
	procs=$(echo "$output" | jq -r '.processes[]')
	echo "$procs" >>"$BATS_TEST_TMPDIR/pids"
	timeout 10 "$VDSOTOOL" detach "$TPID"
	wait_for "all_say $(date +%Y)"
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --tree --at 2035-01-01T00:00:00Z
	wait_for "all_say 2035"
	timeout 10 "$VDSOTOOL" detach "$TPID"
	wait_for "all_say $(date +%Y)"
	# The supervisors (one per listener) leave with the processes.
	kill -KILL $procs
	wait_for "[ ! -d /proc/$super ]"
}

@test "attach: without --tree the children stay on the real clock" {
	local d=$BATS_TEST_TMPDIR
	start_bg bash -c "'$HELPERS/timeprobe' loop 600 50 >'$d/child' & exec '$HELPERS/timeprobe' loop 600 50"
	wait_for "[ -s '$d/child' ] && [ -s '$OUT' ]"
	attach_2030
	sleep 0.3
	tail -1 "$d/child" | grep -q "^$(date +%Y)"
	timeout 10 "$VDSOTOOL" detach "$TPID"
	pkill -KILL -P "$TPID" || true
}

@test "attach: 16 threads reading CLOCK_MONOTONIC through attach and detach: no crash, never backwards" {
	start_bg "$HELPERS/mtclock" 16 0 "$BATS_TEST_TMPDIR/stop"
	wait_for "[ \$(ls /proc/$TPID/task | wc -l) -eq 17 ]"
	timeout 10 "$VDSOTOOL" attach -p "$TPID" --rate 3
	[ "$(ls /proc/$TPID/task | wc -l)" -eq 17 ]
	sleep 0.3
	timeout 10 "$VDSOTOOL" detach "$TPID"
	sleep 0.2
	touch "$BATS_TEST_TMPDIR/stop"
	wait "$TPID"
	grep -q "^ok" "$OUT"
}

@test "attach: another user is refused (126) with the reason, and the process is untouched" {
	[ "$(id -u)" -eq 0 ] || skip "needs root: setpriv to another uid"
	pub=$(world_scratch)
	cp "$VDSOTOOL" "$pub/"
	chmod 755 "$pub/vdsotool"
	probe "$HELPERS/timeprobe" loop 200 50
	run -126 timeout 10 setpriv --reuid=65534 --regid=65534 --clear-groups "$pub/vdsotool" attach -p "$TPID" --at 2030-01-01T00:00:00Z
	[ "$output" = "vdsotool: attach: pid $TPID: cannot read its mappings: Permission denied (needs what strace -p needs: the same user and a Yama ptrace_scope that allows it, or CAP_SYS_PTRACE; and no other tracer)" ]
	grep -q "Seccomp_filters:.0" "/proc/$TPID/status"
	! grep -q "^2030" "$OUT"
}

@test "attach: no such process (127), an exited one, bad options (125): clean messages, no hang" {
	run -127 timeout 10 "$VDSOTOOL" attach -p 999999999 --at 2030-01-01T00:00:00Z
	[ "$output" = "vdsotool: attach: -p: bad pid '999999999'" ] || [[ "$output" == "vdsotool: attach: pid 999999999: no such process"* ]]
	true &
	gone=$!
	wait "$gone"
	run -127 timeout 10 "$VDSOTOOL" attach -p "$gone"
	[[ "$output" == "vdsotool: attach: pid $gone: no such process"* ]]
	run -125 "$VDSOTOOL" attach --at 2030-01-01T00:00:00Z
	[[ "$output" == *"no process given (-p PID)"* ]]
	run -125 "$VDSOTOOL" attach -p 1 extra
	[[ "$output" == *"unexpected argument 'extra'"* ]]
	run -125 "$VDSOTOOL" attach -p 1 --at yesterday-ish
	[[ "$output" == *"--at"* ]]
	run -127 timeout 10 "$VDSOTOOL" detach 999999999
	[[ "$output" == "vdsotool: detach: "* ]]
}

@test "attach: a process already on a virtual clock is refused (run's, or attached twice)" {
	probe "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/timeprobe" loop 200 50
	inner=$(pgrep -f "timeprobe loop 200 50" | while read -r p; do [ "$(cat /proc/$p/comm)" = timeprobe ] && echo "$p"; done | head -1)
	run -125 timeout 10 "$VDSOTOOL" attach -p "$inner"
	[[ "$output" == *"already on a virtual clock"* ]]
}
