#!/usr/bin/env bats
# The build: one version everywhere, the environment's compiler flags where
# they belong (Debian's dpkg-buildflags hardening), libvdso.so's exports.

load ../lib/common

@test "the version is the VERSION file's: --version, the version command, the man page footer" {
	v=$(cat VERSION)
	[[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]
	run "$VDSOTOOL" --version
	[ "$output" = "vdsotool $v" ]
	run "$VDSOTOOL" version
	[ "$output" = "vdsotool $v" ]
	make -s BUILD="$BUILD" man
	grep -q "^\.TH VDSOTOOL 1 \"[^\"]*\" \"vdsotool $v\"" "$BUILD/vdsotool.1"
	# Nowhere else in the tree is the version written out.
	run grep -rlF --exclude-dir=.git --exclude-dir='build*' "$v" Makefile mk src lib include image docs
	[ -z "$output" ]
}

@test "dpkg-buildflags hardening reaches the program, not lib/ nor the replacement vDSO" {
	command -v dpkg-buildflags >/dev/null || skip "dpkg-buildflags not installed (dpkg-dev)"
	out=$BATS_TEST_TMPDIR/hard plain=$BATS_TEST_TMPDIR/plain
	(
		eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
		[[ "$CPPFLAGS" == *_FORTIFY_SOURCE* && "$LDFLAGS" == *-z,now* ]]
		# Linked dynamically, as debian/rules links it.
		make -s -j2 BUILD="$out" LINK_STATIC= all
	)
	env -u CFLAGS -u CPPFLAGS -u LDFLAGS make -s BUILD="$plain" "$plain/image/vdsotool-image.so"
	# _FORTIFY_SOURCE took effect: libc calls went to their checking variants.
	nm -D --undefined-only "$out/vdsotool" | grep -qE ' __(printf|fprintf|snprintf|memcpy|read)_chk'
	nm -D --undefined-only "$out/vdsotool" | grep -q ' __stack_chk_fail'
	readelf -d "$out/vdsotool" | grep -q 'BIND_NOW'
	readelf -lW "$out/vdsotool" | grep -q 'GNU_RELRO'
	# lib/ stays freestanding: nothing undefined, in the archive or the .so.
	tests/lib/check-freestanding.sh "$out/libvdso.a"
	! nm -D --undefined-only "$out/libvdso.so" | grep -v ' __cxa_finalize\| _ITM_\| __gmon_start__'
	# The image: no flag of the environment reached it.
	cmp "$out/image/vdsotool-image.so" "$plain/image/vdsotool-image.so"
}

@test "libvdso.so: soname libvdso.so.0, linked against libc, exports exactly what include/vdso/ declares" {
	so=$(readlink -f "$BUILD/libvdso.so")
	[ "$(readlink "$BUILD/libvdso.so")" = libvdso.so.0 ]
	[ "$(readlink "$BUILD/libvdso.so.0")" = "libvdso.so.$(cat VERSION)" ]
	readelf -d "$so" | grep -q 'SONAME.*\[libvdso\.so\.0\]'
	readelf -d "$so" | grep -q 'NEEDED.*\[libc\.so\.6\]'
	exported=$(nm -D --defined-only "$so" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort)
	# Functions and objects the headers declare; static inline ones are not symbols.
	declared=$(grep -hvE '^\s*static' include/vdso/*.h |
		grep -oE '\bvdso_[a-z0-9_]+\s*(\(|;)' | grep -v '^vdso_arch_names\s*{' |
		sed -E 's/\s*[(;]$//' | sort -u)
	same_rows "$exported" "$declared"
}
