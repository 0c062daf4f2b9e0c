#!/usr/bin/env bats
# vdsotool run where containers and CI runners put it: without privilege,
# in user and pid namespaces, as PID 1, with system calls refused as a
# runtime's seccomp profile refuses them, and as the Dockerfile's image
# (built and started here without Docker).  See docs/containers.md.

bats_require_minimum_version 1.5.0
load ../lib/common

setup() {
	# A world-readable copy of the program, for an unprivileged user.
	PUBLIC=$(mktemp -d /tmp/containers-test.XXXXXX)
	chmod 755 "$PUBLIC"
	cp "$VDSOTOOL" "$HELPERS/timeprobe" "$PUBLIC/"
	chmod 755 "$PUBLIC"/*
}

teardown() {
	rm -rf "$PUBLIC"
}

# unshare's user namespace is available to this user (not switched off by
# sysctl or, on Ubuntu 24.04, by AppArmor).
need_userns() {
	unprivileged unshare -Ur true 2>/dev/null ||
		skip "no unprivileged user namespaces here (kernel.unprivileged_userns_clone or AppArmor)"
}

@test "as a user without privilege: the virtual clock reaches date and raw system calls" {
	run unprivileged "$PUBLIC/vdsotool" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 0 ]
	[ "$output" = 2030 ]
	run unprivileged "$PUBLIC/vdsotool" run --at 2030-01-01T00:00:00Z -- "$PUBLIC/timeprobe"
	[ "$status" -eq 0 ]
	grep -q '^raw.clock_gettime ' <<<"$output"
	all_in_2030 "$(awk '{ print $2 }' <<<"$output")"
	[ "$(unprivileged id -u)" -ne 0 ]
}

@test "in new user and pid namespaces (rootless containers): unshare -Urpf --mount-proc" {
	need_userns
	run unprivileged unshare -Urpf --mount-proc "$PUBLIC/vdsotool" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 0 ]
	[ "$output" = 2030 ]
	# It ran as PID 1 of that namespace, the command below its supervisor.
	run unprivileged unshare -Urpf --mount-proc "$PUBLIC/vdsotool" run -- \
		sh -c 'cat /proc/1/comm /proc/$PPID/comm'
	[ "${lines[0]}" = vdsotool ]
	[ "${lines[1]}" = vdsotool-super ]
}

# A pid namespace without a user namespace: root, where the runtime allows
# unshare(2) (Docker's default profile does not).
need_pidns() {
	unshare -pf --mount-proc true 2>/dev/null ||
		skip "cannot create a pid namespace here (needs root, and unshare allowed)"
}

@test "as PID 1 of a new pid namespace: unshare -pf --mount-proc" {
	need_pidns
	run unshare -pf --mount-proc "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 0 ]
	[ "$output" = 2030 ]
}

@test "as PID 1: SIGTERM from outside (docker stop) ends the tree with 143, nothing left" {
	need_pidns
	unshare -pf --mount-proc "$VDSOTOOL" run -- sh -c 'sleep 36 & setsid sleep 37 & echo ready; wait' \
		>"$BATS_TEST_TMPDIR/out" 2>&1 &
	UNSHARE=$!
	for _ in $(seq 100); do grep -q ready "$BATS_TEST_TMPDIR/out" && break; sleep 0.05; done
	# The namespace's PID 1: the child of unshare, and vdsotool.
	init=$(pgrep -P "$UNSHARE")
	[ "$(cat /proc/"$init"/comm)" = vdsotool ]
	grep -qE '^NSpid:.*[[:space:]]1$' /proc/"$init"/status
	kill -TERM "$init"
	start=$SECONDS
	wait "$UNSHARE" || status=$?
	[ "${status:-0}" -eq 143 ]
	(( SECONDS - start < 5 ))
	! pgrep -f 'sleep 3[67]$'
}

@test "two containers of one pod: each runs vdsotool as its PID 1, ctl by pid reaches each one's own session" {
	need_pidns
	local d=$BATS_TEST_TMPDIR a b pa pb
	# Two pid namespaces sharing this network namespace (and so the abstract
	# socket names): both fronts are PID 1 in their own namespace.
	unshare -pf --mount-proc "$VDSOTOOL" run --name pod-a-$$ --at 2030-01-01T00:00:00Z -- "$HELPERS/timeprobe" loop 600 50 >"$d/a" 2>&1 &
	a=$!
	unshare -pf --mount-proc "$VDSOTOOL" run --name pod-b-$$ --at 2041-01-01T00:00:00Z -- "$HELPERS/timeprobe" loop 600 50 >"$d/b" 2>&1 &
	b=$!
	for _ in $(seq 100); do [ -s "$d/a" ] && [ -s "$d/b" ] && break; sleep 0.05; done
	pa=$(for p in $(pgrep -x timeprobe); do [ "$(readlink /proc/$p/fd/1)" = "$d/a" ] && echo $p; done | head -1)
	pb=$(for p in $(pgrep -x timeprobe); do [ "$(readlink /proc/$p/fd/1)" = "$d/b" ] && echo $p; done | head -1)
	[ -n "$pa" ] && [ -n "$pb" ]
	run -0 "$VDSOTOOL" ctl "$pa" get --json
	[ "$(echo "$output" | jq -r .name)" = "pod-a-$$" ]
	run -0 "$VDSOTOOL" ctl "$pb" get --json
	[ "$(echo "$output" | jq -r .name)" = "pod-b-$$" ]
	"$VDSOTOOL" ctl "$pb" set --offset +1y
	for _ in $(seq 100); do tail -1 "$d/b" | grep -q "^2042" && break; sleep 0.05; done
	tail -1 "$d/b" | grep -q "^2042"
	tail -1 "$d/a" | grep -q '^2030'
	kill -TERM "$(pgrep -P "$a")" "$(pgrep -P "$b")"
	wait "$a" "$b" || true
}

# The Kubernetes sidecar (docs/k8s/attach-sidecar.yaml) with what runs
# here: the app is PID 1 of its own pid and mount namespaces (and of a user
# namespace with "rootless"); the sidecar enters them, as a pod sharing its
# process namespace does, and attaches to PID 1, steers and detaches it.
sidecar() {
	local as=$1 out=$BATS_TEST_TMPDIR/app name="sidecar-$$" app i enter drop=()
	# setpriv execs what it runs: $! is unshare's pid, the app its child.
	[ "$(id -u)" -ne 0 ] || drop=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	if [ "$as" = rootless ]; then
		"${drop[@]}" unshare -Urpf --mount-proc "$PUBLIC/timeprobe" loop 600 50 >"$out" 2>&1 &
		enter=("${drop[@]}" nsenter -U -p -m --preserve-credentials)
	else
		unshare -pf --mount-proc "$PUBLIC/timeprobe" loop 600 50 >"$out" 2>&1 &
		enter=(nsenter -p -m)
	fi
	UNSHARE=$!
	for i in $(seq 100); do app=$(pgrep -P "$UNSHARE") && [ -s "$out" ] && break; sleep 0.05; done
	grep -qE '^NSpid:.*[[:space:]]1$' /proc/"$app"/status
	sc() { "${enter[@]}" -t "$app" "$PUBLIC/vdsotool" "$@"; }
	in_year() {
		for i in $(seq 100); do tail -1 "$out" | grep -q "^$1" && return 0; sleep 0.05; done
		echo "not $1: $(tail -2 "$out")" >&2
		return 1
	}
	sc attach -p 1 --name "$name" --at 2030-01-01T00:00:00Z
	in_year 2030
	sc ctl "$name" set --offset +1y
	in_year 2031
	sc detach 1
	in_year "$(date +%Y)"
	sc attach -p 1 --at 2035-01-01T00:00:00Z
	in_year 2035
	sc detach 1
	kill -KILL "$app"
	wait "$UNSHARE" || true
}

@test "sidecar: vdsotool attach from the app's pid namespace (shareProcessNamespace), as root" {
	need_pidns
	sidecar root
}

@test "sidecar: vdsotool attach from the app's user and pid namespaces (rootless)" {
	need_userns
	sidecar rootless
}

# A raw clock_gettime(CLOCK_REALTIME) system call: "return errno seconds".
# (The return value is checked: a failed call leaves the buffer as it was.)
RAW_CLOCK='import ctypes
class TS(ctypes.Structure):
    _fields_ = [("s", ctypes.c_long), ("ns", ctypes.c_long)]
libc = ctypes.CDLL(None, use_errno=True)
ts = TS()
r = libc.syscall(228, 0, ctypes.byref(ts))
print(r, ctypes.get_errno(), ts.s)'

@test "refused system calls: what run does (see the table in docs/containers.md)" {
	deny=$HELPERS/deny
	# memfd_create: nothing can start; exit 125 with the reason.
	run "$deny" memfd_create "$VDSOTOOL" run -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"cannot create the session memfd: Operation not permitted"* ]]
	# seccomp: exit 125.
	run "$deny" seccomp "$VDSOTOOL" run -- true
	[ "$status" -eq 125 ]
	[[ "$output" == "vdsotool: run: "*"Operation not permitted"* ]]
	# Another listener in the chain (a runtime that intercepts system calls).
	run "$deny" listener "$VDSOTOOL" run -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"Device or resource busy"* ]]
	# ptrace: a warning naming it; the process sees one clock, the real one.
	# (LeakSanitizer stops threads with ptrace at exit: off in a SANITIZE build.)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		run "$deny" ptrace "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- "$HELPERS/timeprobe"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "vdsotool: run: cannot put pid "*" on the virtual clock: ptrace denied: Operation not permitted"* ]]
	! all_in_2030 "$(awk '/^raw\./ { print $2 }' <<<"$output")" 2>/dev/null
	! all_in_2030 "$(awk '/^libc\./ { print $2 }' <<<"$output")" 2>/dev/null
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		run "$deny" ptrace "$VDSOTOOL" run --strict -- true
	[ "$status" -eq 125 ]
	# mremap: unused where ARCH_MAP_VDSO_64 works; without both, the process
	# is left untouched, on the real clock, with the reason.
	run "$deny" mremap "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$output" = 2030 ]
	run "$deny" mremap,map_vdso "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 0 ]
	[[ "$output" == *"mapping the session failed (rolled back)"* ]]
	# process_vm_readv, process_vm_writev, pidfd_open, pidfd_getfd: not
	# needed (/proc/PID/mem instead); vDSO reads and raw calls are virtual.
	for calls in process_vm_readv process_vm_writev pidfd_open,pidfd_getfd; do
		run "$deny" $calls "$VDSOTOOL" run --at 2030-01-01T00:00:00Z -- python3 -c "$RAW_CLOCK"
		[[ "$output" =~ ^0\ 0\ ([0-9]+)$ ]] || { echo "$calls: $output"; false; }
		all_in_2030 "${BASH_REMATCH[1]}"
	done
}

@test "refused process_vm_readv: /proc/PID/mem instead, the virtual clock all the same" {
	run "$HELPERS/deny" process_vm_readv "$VDSOTOOL" run --strict --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$status" -eq 0 ]
	[ "$output" = 2030 ]
}

@test "Yama ptrace_scope: run works at this machine's level" {
	[ -r /proc/sys/kernel/yama/ptrace_scope ] || skip "no Yama in this kernel"
	scope=$(cat /proc/sys/kernel/yama/ptrace_scope)
	run unprivileged "$PUBLIC/vdsotool" run --at 2030-01-01T00:00:00Z -- date +%Y
	if [ "$scope" -le 1 ]; then
		[ "$output" = 2030 ]
	else
		# Levels 2 and 3: not injected without the capability, and said so.
		[[ "$output" == *"cannot inject the virtual clock"* ]]
	fi
}

# The Dockerfile's instruction lines, continuation lines joined.
dockerfile() {
	sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' Dockerfile | grep -vE '^[[:space:]]*(#|$)'
}

@test "Dockerfile: instructions, paths and targets exist" {
	while read -r instr rest; do
		case $instr in
		FROM | RUN | WORKDIR | ENV | ENTRYPOINT | CMD) ;;
		COPY)
			[[ "$rest" == --from=* ]] && continue
			src=${rest% *}
			[ -e "$src" ] || { echo "COPY source missing: $src" >&2; return 1; } ;;
		*) echo "unexpected instruction: $instr" >&2; return 1 ;;
		esac
	done < <(dockerfile)
	dockerfile | grep -qx 'FROM scratch'
	for j in ENTRYPOINT CMD; do
		dockerfile | sed -n "s/^$j //p" | python3 -c 'import json, sys; assert isinstance(json.load(sys.stdin), list)'
	done
	# The packages it installs exist in Debian, and the make target.
	for p in $(dockerfile | grep -o 'install -y --no-install-recommends [a-z0-9 -]*' | cut -d' ' -f4-); do
		apt-cache show "$p" >/dev/null 2>&1 || { echo "no package $p" >&2; return 1; }
	done
	# The Dockerfile's build: the default one (not this suite's clang or
	# sanitizer build), asked of make without doing it.
	env -u MAKEFLAGS -u MAKELEVEL make -n BUILD=build SANITIZE= LDFLAGS=-static build/vdsotool >/dev/null
}

@test "Dockerfile: its build step, run here, gives an image whose entrypoint shows 2030" {
	command -v busybox >/dev/null || [ -x /bin/busybox ] || skip "busybox not installed (busybox-static)"
	# Under $PUBLIC: the unprivileged user must reach the root file system.
	src=$PUBLIC/src root=$PUBLIC/rootfs
	mkdir -p "$src"
	# The build context, as .dockerignore leaves it.
	tar -c --exclude-from=<(grep -v '^#' .dockerignore | sed 's|^|./|') -f - . | tar -x -C "$src"
	[ ! -e "$src/build" ]
	step=$(dockerfile | sed -n 's/^RUN \(make .*\)/\1/p')
	[ -n "$step" ]
	# A build stage's environment is the image's, not this suite's (BUILD...).
	(cd "$src" && env -i PATH="$PATH" HOME="$PUBLIC" bash -ec "${step//\/rootfs/$root}") \
		>"$BATS_TEST_TMPDIR/log" 2>&1 ||
		{ cat "$BATS_TEST_TMPDIR/log" >&2; return 1; }
	file "$root/bin/vdsotool" | grep -q 'statically linked'
	[ "$(stat -c %a "$root/tmp")" = 1777 ]
	# docker run IMAGE: ENTRYPOINT then CMD, PID 1 in its own namespaces,
	# that root file system and nothing else.
	mapfile -t argv < <(for j in ENTRYPOINT CMD; do
		dockerfile | sed -n "s/^$j //p" | python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)))'
	done)
	need_userns
	chmod -R a+rX "$root"
	# chroot lives in sbin, which a user's PATH on Debian leaves out.
	chroot=$(PATH=$PATH:/usr/sbin:/sbin command -v chroot)
	run unprivileged unshare -Urmpf --mount-proc="$root/proc" "$chroot" "$root" env -i PATH=/bin "${argv[@]}"
	[ "$status" -eq 0 ]
	[[ "$output" == *" 2030" ]]
	[[ "$output" == "Tue Jan  1 00:0"* ]]
}
