#!/usr/bin/env bats
# Shell completion: bash (called the way bash calls it: COMP_WORDS and
# COMP_CWORD, then COMPREPLY) and zsh (loads under compinit); both word
# lists against the program's own --help texts.

load ../lib/common

BASH_COMP=completions/vdsotool.bash
ZSH_COMP=completions/_vdsotool

# complete WORD...: what the bash completion offers for the last word.
complete_words() {
	bash -c 'source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_vdsotool vdsotool "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BASH_COMP" "$@"
}

# The words of vdsotool's --help texts.
help_commands() {
	"$VDSOTOOL" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ && on > 0 && n++ { on = 0 }'
}
help_options() {
	"$VDSOTOOL" "$1" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE '\-\-?[a-z-]+' | grep -v '^-h$'
}
help_mechanisms() {
	"$VDSOTOOL" bench --help | awk '/^Mechanisms/ { on = 1; next } on && NF { print $1 }'
}

@test "bash: sourcing the completion registers it for vdsotool" {
	run bash -c "source $BASH_COMP; complete -p vdsotool"
	[ "$status" -eq 0 ]
	[ "$output" = "complete -F _vdsotool vdsotool" ]
}

@test "bash: commands, options, clock names, mechanisms, pids, files" {
	run complete_words vdsotool in
	[ "$output" = info ]
	run complete_words vdsotool ""
	for w in info run help version --help --version; do
		[[ " ${lines[*]} " == *" $w "* ]]
	done
	run complete_words vdsotool run --c
	[ "$output" = --clocks ]
	run complete_words vdsotool run --clocks mo
	[ "$output" = monotonic ]
	run complete_words vdsotool run --clocks realtime,b
	[ "$output" = realtime,boottime ]
	run complete_words vdsotool run --clocks = a
	[ "$output" = all ]
	run complete_words vdsotool bench seccomp-n
	[ "$output" = seccomp-notify ]
	run complete_words vdsotool bench --json ptrace-
	[ "${lines[*]}" = "ptrace-seccomp ptrace-syscall" ]
	run complete_words vdsotool help sy
	[ "$output" = syms ]
	sleep 30 &
	run complete_words vdsotool auxv -p "$!"
	kill $!
	[ "$output" = "$!" ]
	run complete_words vdsotool maps --pid = 1
	[[ " ${lines[*]} " == *" 1 "* ]]
	run complete_words vdsotool dump -o /etc/host
	[[ " ${lines[*]} " == *" /etc/hostname "* ]]
}

@test "bash: ctl completes a running session's name, then get or set, then their options" {
	env --default-signal "$VDSOTOOL" run --name compl-test -- sleep 20 3>&- &
	front=$!
	for i in $(seq 200); do
		"$VDSOTOOL" ctl compl-test get >/dev/null 2>&1 && break
		sleep 0.02
	done
	run complete_words vdsotool ctl compl-te
	kill -KILL $front
	wait $front 2>/dev/null || true
	[ "$output" = compl-test ]
	run complete_words vdsotool ctl build s
	[ "$output" = set ]
	run complete_words vdsotool ctl build set --re
	[ "$output" = --resume ]
	run complete_words vdsotool ctl --json build g
	[ "$output" = get ]
}

@test "bash: after run's options, the command and its arguments are completed as such" {
	# The command word: a program from PATH, whether or not -- comes first.
	run complete_words vdsotool run --at 2030-01-01T00:00:00Z -- dat
	[[ " ${lines[*]} " == *" date "* ]]
	run complete_words vdsotool run --at=2030-01-01T00:00:00Z --freeze dat
	[[ " ${lines[*]} " == *" date "* ]]
	# Its arguments are not vdsotool's options.
	run complete_words vdsotool run --at 2030-01-01T00:00:00Z -- date --c
	[[ "$output" != *--clocks* ]]
	run complete_words vdsotool run --at 2030-01-01T00:00:00Z -- date /etc/host
	[[ " ${lines[*]} " == *" /etc/hostname "* ]]
}

@test "bash: the word lists are the program's (commands, options, mechanisms, clocks)" {
	source "$BASH_COMP"
	same_rows "$(tr ' ' '\n' <<<"$_vdsotool_commands" | sort)" "$(help_commands | sort)"
	for c in info auxv maps dump syms bench run ctl attach fakeroot; do
		same_rows "$(_vdsotool_options "$c" | tr ' ' '\n' | grep -vxE -- '--help|--' | sort)" \
			"$(help_options "$c" | grep -vx -- --help | sort)" || { echo "options of $c" >&2; return 1; }
	done
	# detach has --help only.
	[ "$(_vdsotool_options detach)" = --help ] && [ -z "$(help_options detach | grep -vx -- --help)" ]
	same_rows "$(tr -s ' \t\n' '\n' <<<"$_vdsotool_mechanisms" | sort)" "$(help_mechanisms | sort)"
	# Every clock name is accepted, and they are the ones the error lists.
	for c in $_vdsotool_clocks; do
		"$VDSOTOOL" run --clocks "$c" -- true
	done
	read -ra names <<<"$_vdsotool_clocks"
	listed=$(IFS=,; echo "${names[*]:0:${#names[@]}-1}")
	run "$VDSOTOOL" run --clocks nosuch -- true
	[[ "$output" == *"(${listed//,/, } or ${names[-1]})"* ]]
}

@test "zsh: the completion loads under compinit and its lists are the program's" {
	command -v zsh >/dev/null || skip "zsh not installed"
	zsh -n "$ZSH_COMP"
	run zsh -fc "fpath=($PWD/completions \$fpath); autoload -U compinit; compinit -u -D
		print -r -- \$_comps[vdsotool]; autoload -Uz +X _vdsotool && print loaded"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = _vdsotool ]
	[ "${lines[1]}" = loaded ]
	zcommands=$(sed -n "/^commands=(/,/^)/p" "$ZSH_COMP" | grep -oE "^\s+'[a-z]+" | tr -d "\t '" | sort)
	same_rows "$zcommands" "$(help_commands | sort)"
	zmech=$(sed -n '/^mechanisms=(/,/)$/p' "$ZSH_COMP" | sed 's/mechanisms=(//; s/)//' | tr -s ' \t\n' '\n' | grep . | sort)
	same_rows "$zmech" "$(help_mechanisms | sort)"
	grep -q "compadd - realtime monotonic boottime all'" "$ZSH_COMP"
	for c in info auxv maps dump syms bench run ctl attach detach fakeroot; do
		for o in $(help_options "$c"); do
			grep -qE -- "[{,'\"]$o[]+=,}[]" "$ZSH_COMP" || { echo "zsh lacks $c $o" >&2; return 1; }
		done
	done
}
