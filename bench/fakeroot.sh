#!/usr/bin/env bash
# The cost of faking root: `tar -xf` then `tar -cf` of a 20,000-file tree,
# `find -ls` over it, and 400 short processes (`id -u`, `ls -ld /`: what
# each exec costs), natively, under Debian's fakeroot (LD_PRELOAD and
# a message-queue round trip to faked per call) and under `vdsotool
# fakeroot` (a seccomp notification per call), medians of ROUNDS, rounds
# interleaved so that the three see the same machine.
#   bench/fakeroot.sh [ROUNDS] [FILES]   (defaults 5 and 20000; needs fakeroot)
# BASE=/path/to/another/vdsotool adds a column for it (a build of an older
# commit, say), timed in the same rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
FILES=${2:-20000}
BUILD=${BUILD:-build}
VDSOTOOL=$PWD/$BUILD/vdsotool
[ -x "$VDSOTOOL" ] || make -s "$BUILD/vdsotool"
command -v fakeroot >/dev/null || { echo "bench/fakeroot.sh: needs Debian's fakeroot" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The tree: FILES small files in 100 directories, archived once.
mkdir "$TMP/src"
(
	cd "$TMP/src"
	for d in $(seq 100); do
		mkdir "d$d"
		for f in $(seq $((FILES / 100))); do
			echo "$d $f" >"d$d/f$f"
		done
	done
)
tar -C "$TMP/src" -cf "$TMP/tree.tar" .
rm -rf "$TMP/src"

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# ms WRAPPER... -- CMD: wall-clock milliseconds of CMD under WRAPPER.
ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

declare -A samples
wrappers=(native fakeroot vdsotool)
[ -z "${BASE:-}" ] || wrappers+=(base)
wrap() {
	case $1 in
	native) shift; "$@" ;;
	fakeroot) shift; fakeroot -- "$@" ;;
	vdsotool) shift; "$VDSOTOOL" fakeroot -- "$@" ;;
	base) shift; "$BASE" fakeroot -- "$@" ;;
	esac
}

for r in $(seq "$ROUNDS"); do
	for w in "${wrappers[@]}"; do
		dir=$TMP/x-$w
		rm -rf "$dir" "$TMP/out.tar"
		mkdir "$dir"
		samples[$w,xf]+="$(ms wrap $w tar -C "$dir" -xf "$TMP/tree.tar") "
		samples[$w,cf]+="$(ms wrap $w tar -C "$dir" -cf "$TMP/out.tar" .) "
		samples[$w,find]+="$(ms wrap $w find "$dir" -ls) "
		samples[$w,procs]+="$(ms wrap $w bash -c 'for i in $(seq 200); do id -u; ls -ld /; done') "
	done
	echo "round $r of $ROUNDS done" >&2
done

printf '%s files, median of %s rounds, milliseconds (%s, %s CPUs)\n\n' "$FILES" "$ROUNDS" \
	"$(uname -r)" "$(nproc)"
cells() { printf '| %-22s' "$1"; shift; printf ' | %9s' "$@"; printf ' |\n'; }
rule=()
for w in "${wrappers[@]}"; do rule+=(--------:); done
cells step "${wrappers[@]}"
cells ---------------------- "${rule[@]}"
for step in xf cf find procs; do
	case $step in
	xf) label="tar -xf" ;;
	cf) label="tar -cf" ;;
	find) label="find -ls" ;;
	procs) label="400 processes" ;;
	esac
	row=()
	for w in "${wrappers[@]}"; do
		row+=("$(tr ' ' '\n' <<<"${samples[$w,$step]}" | grep . | median)")
	done
	cells "$label" "${row[@]}"
done
