#!/usr/bin/env bats
# vdsotool help [COMMAND], vdsotool version, "did you mean", and the man
# page's EXAMPLES and ENVIRONMENT sections.

load ../lib/common

COMMANDS="info auxv maps dump syms bench run ctl fakeroot"

# One section of the rendered man page, without its heading.
man_section() {
	MANWIDTH=200 man -l docs/vdsotool.1 2>/dev/null | awk -v s="$1" '$0 == s { on = 1; next } on && /^[A-Z]/ { exit } on'
}

@test "help without a command is --help: the usage and every command, on stdout, exit 0" {
	run "$VDSOTOOL" help
	[ "$status" -eq 0 ]
	[ "$output" = "$("$VDSOTOOL" --help)" ]
	for c in $COMMANDS help version; do
		[[ "$output" == *"  $c "* ]]
	done
	# Without any command the same text is a usage error on stderr.
	run "$VDSOTOOL"
	[ "$status" -eq 2 ]
	[[ "$output" == "Usage: vdsotool"* ]]
	[ -z "$("$VDSOTOOL" 2>/dev/null)" ]
}

@test "help COMMAND prints exactly COMMAND --help, exit 0, for every command" {
	for c in $COMMANDS version; do
		run "$VDSOTOOL" help "$c"
		[ "$status" -eq 0 ] || { echo "help $c: $status" >&2; return 1; }
		[ "$output" = "$("$VDSOTOOL" "$c" --help)" ]
		[[ "$output" == "Usage: vdsotool $c"* ]]
	done
	run "$VDSOTOOL" help help
	[ "$status" -eq 0 ]
	[[ "$output" == "Usage: vdsotool help [COMMAND]"* ]]
}

@test "help: an unknown command or two commands are usage errors (2)" {
	run "$VDSOTOOL" help nosuchcommand
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == "vdsotool: help: unknown command 'nosuchcommand'" ]]
	run "$VDSOTOOL" help info run
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == "vdsotool: help: one command at most, got 'info' and 'run'" ]]
}

@test "version and --version and -V print the same line; version takes no argument" {
	run "$VDSOTOOL" version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^vdsotool\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ "$output" = "$("$VDSOTOOL" --version)" ]
	[ "$output" = "$("$VDSOTOOL" -V)" ]
	run "$VDSOTOOL" version extra
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "vdsotool: version: no arguments expected, got 'extra'" ]
}

@test "a misspelt command gets a suggestion: swapped, missing, extra, wrong letter, case" {
	while read -r typo meant; do
		run "$VDSOTOOL" "$typo"
		[ "$status" -eq 2 ] || return 1
		[ "${lines[0]}" = "vdsotool: unknown command '$typo' (did you mean '$meant'?)" ] ||
			{ echo "$typo: ${lines[0]}" >&2; return 1; }
		[ "${lines[1]}" = "Try 'vdsotool --help' for more information." ]
	done <<EOF
inof info
ifno info
auv auxv
mapss maps
dunp dump
SYMS syms
bnech bench
bech bench
rn run
hlep help
verison version
EOF
	run "$VDSOTOOL" help inof
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "vdsotool: help: unknown command 'inof' (did you mean 'info'?)" ]
}

@test "no suggestion when nothing is close: unrelated words, short ones two edits away" {
	for w in frobnicate ls xyz "" 0123456789012345678901234567890123456789; do
		run "$VDSOTOOL" "$w"
		[ "$status" -eq 2 ]
		[ "${lines[0]}" = "vdsotool: unknown command '$w'" ] || { echo "$w: ${lines[0]}" >&2; return 1; }
	done
}

@test "man page: help and version documented, EXAMPLES use real commands and options" {
	command -v man >/dev/null || skip "man not installed (man-db)"
	man_section "COMMAND: help" | grep -q "did you mean 'info'"
	man_section "COMMAND: version" | grep -q "vdsotool --version"
	examples=$(man_section EXAMPLES | sed -n 's/^ *\(vdsotool .*\)/\1/p')
	[ "$(wc -l <<<"$examples")" -ge 8 ]
	while read -r _ cmd args; do
		helptext=$("$VDSOTOOL" help "$cmd") || { echo "no command: $cmd" >&2; return 1; }
		for a in $args; do
			[ "$a" = "--" ] && break
			case $a in
			-[a-z] | --[a-z]*) grep -qE -- "(^|[ ,])${a%%=*}([ ,]|$)" <<<"$helptext" ||
				{ echo "$cmd has no option $a" >&2; return 1; } ;;
			esac
		done
		# Mechanisms named in a bench example exist.
		if [ "$cmd" = bench ]; then
			for a in $args; do
				[[ "$a" == -* || "$a" =~ ^[0-9]+$ || "$a" == *.csv ]] && continue
				grep -qE "^  $a " <<<"$helptext" || { echo "no mechanism $a" >&2; return 1; }
			done
		fi
	done <<<"$examples"
	# The main example does what the man page says.
	run bash -c "$(grep -m1 '^vdsotool run --at 2030' <<<"$examples" | sed "s|^vdsotool|$VDSOTOOL|") +%Y"
	[ "$output" = 2030 ]
}

@test "man page: ENVIRONMENT names every variable the program reads" {
	command -v man >/dev/null || skip "man not installed (man-db)"
	env_section=$(man_section ENVIRONMENT)
	vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)' src | sed -E 's/getenv\("(.*)"\)/\1/' | sort -u)
	[ -n "$vars" ]
	for v in $vars; do
		grep -q "$v" <<<"$env_section" || { echo "ENVIRONMENT lacks $v" >&2; return 1; }
	done
	[[ "$env_section" == *TZ* && "$env_section" == *FAKETIME* && "$env_section" == *LD_PRELOAD* ]]
}

@test "man page: what ENVIRONMENT says of libfaketime holds (both shifts apply)" {
	lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
	[ -n "$lib" ] || skip "libfaketime not installed (faketime)"
	today=$(date -u +%s)
	run "$VDSOTOOL" run --offset +1d -- env LD_PRELOAD="$lib" FAKETIME=+1d date -u +%s
	[ "$status" -eq 0 ]
	(( output - today >= 2 * 86400 - 60 && output - today <= 2 * 86400 + 60 ))
	# run itself adds nothing to the environment, and takes nothing away.
	run env -i A=1 "B=2 3" "$VDSOTOOL" run -- /usr/bin/env
	[ "$output" = "$(printf 'A=1\nB=2 3')" ]
}
