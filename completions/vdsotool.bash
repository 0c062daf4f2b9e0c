# SPDX-License-Identifier: MIT
# bash completion for vdsotool(1).  Installed as
# $(BASHCOMPDIR)/vdsotool; works with or without the bash-completion package
# (with it, the command after "run --" or "fakeroot --" is completed as that
# command would be).
#
# The word lists are those of the program's --help texts;
# tests/cli/completion.bats fails when they drift apart.

_vdsotool_commands="info auxv maps dump syms bench run ctl attach detach fakeroot help version"
_vdsotool_mechanisms="vdso libc vsyscall syscall-getpid syscall-clock int80 seccomp-allow
	seccomp-trap sud ptrace-seccomp ptrace-syscall seccomp-notify run"
_vdsotool_clocks="realtime monotonic boottime all"

_vdsotool_options() {
	case $1 in
	info) echo "-j --json --pretty --help" ;;
	auxv | maps | syms) echo "-p --pid -j --json --pretty --help" ;;
	dump) echo "-p --pid -o --output --help" ;;
	bench) echo "-n --rounds --warmup -j --json --pretty --csv --export-markdown --svg --help" ;;
	run) echo "--at --offset --rate --freeze --faketime --faketime-env --clocks --stats" \
		"--strict --wait --kill-orphans --stop --name --warp --no-patch --help --" ;;
	ctl) echo "--at --offset --rate --freeze --resume -j --json --pretty --help" ;;
	fakeroot) echo "-s --save-file -i --load-file -u --unknown-is-real $(_vdsotool_options run)" ;;
	attach) echo "-p --pid --tree --at --offset --rate --freeze --faketime --faketime-env --clocks" \
		"--stats --name --no-patch --help" ;;
	detach) echo "--help" ;;
	esac
}

# Options whose value is the next word.
_vdsotool_takes_value() {
	case $1 in
	-p | --pid | -o | --output | -n | --rounds | --warmup | --csv | --export-markdown | \
		--svg | --at | --offset | --rate | --faketime | --clocks | --name | -s | --save-file | \
		-i | --load-file) return 0 ;;
	esac
	return 1
}

_vdsotool_pids() {
	local p pids=()
	for p in /proc/[0-9]*; do
		pids+=("${p#/proc/}")
	done
	COMPREPLY=($(compgen -W "${pids[*]}" -- "$1"))
}

# The names of the running sessions: their abstract control sockets.
_vdsotool_sessions() {
	awk '{ n = $NF; if (sub(/^@vdsotool\/ctl\/name\//, "", n)) print n }' /proc/net/unix 2>/dev/null
}

_vdsotool_files() {
	local IFS=$'\n'
	COMPREPLY=($(compgen -f -- "$1"))
	compopt -o filenames 2>/dev/null
}

# The value of option $1, being typed as $2.
_vdsotool_value() {
	case $1 in
	-p | --pid) _vdsotool_pids "$2" ;;
	-o | --output | --csv | --export-markdown | --svg | -s | --save-file | -i | --load-file)
		_vdsotool_files "$2" ;;
	--clocks)
		# A comma-separated list: complete the last item, keep the rest.
		local head=
		[[ $2 == *,* ]] && head=${2%,*},
		COMPREPLY=($(compgen -P "$head" -W "$_vdsotool_clocks" -- "${2##*,}"))
		compopt -o nospace 2>/dev/null
		;;
	*) COMPREPLY=() ;;
	esac
}

# "run [OPTIONS] [--] COMMAND ARGS": the word at $1 is the command.
_vdsotool_run_command() {
	if declare -F _command_offset >/dev/null; then
		_command_offset "$1"
	elif [ "$1" -eq "$COMP_CWORD" ]; then
		COMPREPLY=($(compgen -c -- "${COMP_WORDS[COMP_CWORD]}" | sort -u))
	else
		_vdsotool_files "${COMP_WORDS[COMP_CWORD]}"
	fi
}

_vdsotool() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i word
	COMPREPLY=()
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --opt=value arrives as three words: --opt, =, value.
	if [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
		_vdsotool_value "${COMP_WORDS[COMP_CWORD - 2]}" "$cur"
		return
	fi
	if [ "$cur" = "=" ]; then
		_vdsotool_value "$prev" ""
		return
	fi

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$_vdsotool_commands --help --version" -- "$cur"))
		return
	fi

	# Where the command's own arguments end: run's (and fakeroot's) COMMAND
	# starts after "--" or at its first word that is not an option or an
	# option's value.
	if [ "$cmd" = run ] || [ "$cmd" = fakeroot ]; then
		for ((i = i + 1; i < COMP_CWORD; i++)); do
			word=${COMP_WORDS[i]}
			if [ "$word" = "--" ]; then
				_vdsotool_run_command $((i + 1))
				return
			elif _vdsotool_takes_value "$word"; then
				i=$((i + 1))
				[ "${COMP_WORDS[i]}" = "=" ] && i=$((i + 1))
			elif [[ $word != -* ]] && [ "${COMP_WORDS[i - 1]}" != "=" ]; then
				_vdsotool_run_command "$i"
				return
			fi
		done
	fi

	if _vdsotool_takes_value "$prev"; then
		_vdsotool_value "$prev" "$cur"
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_vdsotool_options "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	help) [ "${COMP_WORDS[COMP_CWORD - 1]}" = help ] &&
		COMPREPLY=($(compgen -W "${_vdsotool_commands% help version}" -- "$cur")) ;;
	bench) COMPREPLY=($(compgen -W "$_vdsotool_mechanisms" -- "$cur")) ;;
	syms) _vdsotool_files "$cur" ;;
	run | fakeroot) COMPREPLY=($(compgen -c -- "$cur" | sort -u)) ;;
	detach) COMPREPLY=($(compgen -W "$(_vdsotool_sessions)" -- "$cur")) ;;
	ctl)
		# A session (NAME or PID), then get or set.
		local n=0
		for ((i = i + 1; i < COMP_CWORD; i++)); do
			word=${COMP_WORDS[i]}
			if _vdsotool_takes_value "$word"; then
				i=$((i + 1))
				[ "${COMP_WORDS[i]}" = "=" ] && i=$((i + 1))
			elif [[ $word != -* ]]; then
				n=$((n + 1))
			fi
		done
		case $n in
		0) COMPREPLY=($(compgen -W "$(_vdsotool_sessions)" -- "$cur")) ;;
		1) COMPREPLY=($(compgen -W "get set" -- "$cur")) ;;
		esac
		;;
	esac
}

complete -F _vdsotool vdsotool
