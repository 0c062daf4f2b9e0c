#!/usr/bin/env bash
# libvdso must link into a -nostdlib program: every symbol it leaves
# undefined has to be defined by one of its own members.
set -euo pipefail
lib=$1
# The sanitizer build's instrumentation calls its runtime, and 32-bit PIC
# code names the linker-made _GLOBAL_OFFSET_TABLE_; nothing else may appear.
missing=$(comm -23 <(nm "$lib" | awk '$1 == "U" { print $2 }' | grep -Ev '^(__(asan|ubsan)_|_GLOBAL_OFFSET_TABLE_$)' | sort -u) \
		  <(nm "$lib" | awk 'NF == 3 && $2 ~ /[TDRBVW]/ { print $3 }' | sort -u))
if [ -n "$missing" ]; then
	echo "libvdso needs: $missing" >&2
	exit 1
fi
