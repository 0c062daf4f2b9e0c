#!/usr/bin/env bash
# Cross-builds libvdso and its raw-syscall test for each architecture and
# runs it under qemu-user-static (natively for the host), as TAP; ends with
# "cross: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.."
archs=${ARCHS:-"x86_64 i386 arm aarch64 riscv64"}
passed=0 failed=0 skipped=0

for arch in $archs; do
	echo "# $arch"
	bin=build-$arch/tests/cross/test_syscalls
	[ "$arch" = "$(uname -m)" ] && bin=build/tests/cross/test_syscalls
	nolibc=${bin%/test_syscalls}/nolibc
	if ! make -s ARCH="$arch" "$bin" "$nolibc" all >/dev/null 2>"/tmp/vdsotool-cross-$arch.log"; then
		echo "not ok - $arch: build failed"
		cat "/tmp/vdsotool-cross-$arch.log"
		failed=$((failed + 1))
		continue
	fi
	lib=build-$arch/libvdso.a
	[ "$arch" = "$(uname -m)" ] && lib=build/libvdso.a
	if tests/lib/check-freestanding.sh "$lib"; then
		echo "ok - $arch: libvdso.a needs nothing outside itself (freestanding)"
		passed=$((passed + 1))
	else
		echo "not ok - $arch: libvdso.a calls outside itself"
		failed=$((failed + 1))
	fi
	runner=()
	[ "$arch" = "$(uname -m)" ] || runner=("qemu-$arch-static")
	while IFS= read -r line; do
		echo "$line"
		case $line in
		"not ok"*) failed=$((failed + 1)) ;;
		"ok "*"# SKIP"*) skipped=$((skipped + 1)) ;;
		"ok "*) passed=$((passed + 1)) ;;
		"# exit "[1-9]*) echo "not ok - $arch: the test exited non-zero"; failed=$((failed + 1)) ;;
		esac
	done < <("${runner[@]}" "$bin" 2>&1; echo "# exit $?"; echo "# no libc:";
		 "${runner[@]}" "$nolibc" 2>&1; echo "# exit $?")
done
rm -f /tmp/vdsotool-cross-*.log
echo "cross: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
