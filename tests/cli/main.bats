#!/usr/bin/env bats
# The top-level command line: help, version, unknown commands.

load ../lib/common

@test "--help lists every command and exits 0" {
	run "$VDSOTOOL" --help
	[ "$status" -eq 0 ]
	for c in info auxv maps dump syms bench run ctl; do
		[[ "$output" == *"  $c "* ]]
	done
}

@test "--version prints the version" {
	run "$VDSOTOOL" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^vdsotool\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "no command is a usage error (2)" {
	run "$VDSOTOOL"
	[ "$status" -eq 2 ]
	[[ "$output" == *"Usage: vdsotool"* ]]
}

@test "an unknown command is a usage error with the standard message" {
	run "$VDSOTOOL" frobnicate
	[ "$status" -eq 2 ]
	[[ "$output" == *"vdsotool: unknown command 'frobnicate'"* ]]
}
