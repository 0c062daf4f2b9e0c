#!/usr/bin/env bats
# README's two commands, as written there, in a throw-away copy of the tree
# (no build output, no git), run by a user without privilege: what someone
# who has just cloned the project would do.  The copy's own suite runs this
# file too, where it skips instead of recursing.

load ../lib/common

setup_file() {
	[ -z "${VDSOTOOL_FRESH_INNER:-}" ] || return 0
	FRESH=$(mktemp -d /tmp/fresh-tree.XXXXXX)
	export FRESH
	chmod 755 "$FRESH"
	mkdir "$FRESH/src" "$FRESH/home"
	tar -c --exclude=./.git --exclude=./build --exclude='./build-*' -f - . | tar -x -C "$FRESH/src"
	[ "$(id -u)" -ne 0 ] || chown -R 65534:65534 "$FRESH"
}

teardown_file() {
	[ -z "${FRESH:-}" ] || rm -rf "$FRESH"
}

# README's command after the line that starts with $1 (an indented block).
readme_command() {
	awk -v intro="$1" 'index($0, intro) == 1 { found = 1; next }
		found && /^    [^ ]/ { sub(/^    /, ""); print; exit }' README.md
}

# Runs a command line in the copy as a user without privilege, with a
# plain environment: Debian's PATH for users (no sbin), no make jobserver.  Two things keep the
# copy's suite short, neither changing what it checks: make builds two jobs
# at a time, each fuzzer runs 2 seconds instead of 10, and the fault loops
# 40 rounds instead of 200.
in_copy() {
	unprivileged env -i PATH=/usr/local/bin:/usr/bin:/bin \
		HOME="$FRESH/home" LANG=C.UTF-8 ${TERM:+TERM=$TERM} VDSOTOOL_FRESH_INNER=1 \
		MAKEFLAGS=-j2 FUZZ_SMOKE_SECONDS=2 FAULT_ROUNDS=40 bash -c "cd '$FRESH/src' && $1"
}

@test "README's first command builds from a fresh copy and shows 2030" {
	[ -z "${VDSOTOOL_FRESH_INNER:-}" ] || skip "inside a fresh copy's own run"
	cmd=$(readme_command "Build and show the main job")
	[ "$cmd" = "make && build/vdsotool run --at 2030-01-01T00:00:00Z -- date" ]
	[ ! -e "$FRESH/src/build" ]
	run in_copy "$cmd"
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" == *" 2030" ]]
	[ "$(stat -c %u "$FRESH/src/build/vdsotool")" -ne 0 ]
}

@test "without the packages and without sudo, make test says what to install and stops" {
	[ -z "${VDSOTOOL_FRESH_INNER:-}" ] || skip "inside a fresh copy's own run"
	if [ "$(id -u)" -ne 0 ] && sudo -n true 2>/dev/null; then
		skip "this user has sudo without a password: make test would install"
	fi
	list=$FRESH/packages
	printf '%s\n' '# a list with one package that does not exist' \
		'build-essential build' 'vdsotool-no-such-package test' >"$list"
	chmod 644 "$list"
	run in_copy "VDSOTOOL_PACKAGES='$list' make test-unit"
	[ "$status" -ne 0 ]
	[[ "$output" == *"vdsotool: test-unit: missing packages: vdsotool-no-such-package"* ]]
	[[ "$output" == *"sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends vdsotool-no-such-package'"* ]]
	# It stopped before building anything.
	[ ! -e "$FRESH/src/build/tests/unit" ]
}

@test "README's test command passes in the fresh copy, without privilege" {
	[ -z "${VDSOTOOL_FRESH_INNER:-}" ] || skip "inside a fresh copy's own run"
	# README's command builds with the default compiler into build/: the
	# clang and sanitizer runs of the suite would only repeat it.
	[ "$BUILD" = build ] || skip "README's make test is the default build's, not $BUILD's"
	cmd=$(readme_command "Run the whole test suite")
	[ "$cmd" = "make test" ]
	run in_copy "$cmd"
	printf '%s\n' "${lines[@]}" | grep -E '^(not ok|# failures|#   )' >&2 || true
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" =~ ^total:\ [0-9]+\ passed,\ 0\ failed,\ [0-9]+\ skipped$ ]]
	# The copy's suite ran this file and skipped it there, counted.
	printf '%s\n' "${lines[@]}" | grep -q "# skip inside a fresh copy's own run"
}
