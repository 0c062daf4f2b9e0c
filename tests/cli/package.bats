#!/usr/bin/env bats
# make deb: three packages that lintian accepts, whose files work when
# unpacked into a scratch root.

load ../lib/common

# The packages are the release build's: a sanitizer build would make one
# that needs libasan (the default build's suite checks them).
no_sanitizer() {
	[ -z "${SANITIZE:-}" ] || skip "packages are not built from a sanitizer build"
}

setup_file() {
	[ -z "${SANITIZE:-}" ] || return 0
	for t in dpkg-buildpackage dh lintian; do
		command -v "$t" >/dev/null || return 0
	done
	export DEBS=$BATS_FILE_TMPDIR/deb
	make -s BUILD="$BUILD" DEB_OUT="$DEBS" deb >/dev/null
}

need_debs() {
	no_sanitizer
	for t in dpkg-buildpackage dh lintian; do
		command -v "$t" >/dev/null || skip "$t not installed (make deb needs debhelper, dpkg-dev, lintian)"
	done
}

@test "make deb builds vdsotool, libvdso0 and libvdso-dev at the VERSION file's version" {
	need_debs
	v=$(cat VERSION)
	for p in vdsotool libvdso0 libvdso-dev; do
		[ -f "$DEBS/${p}_${v}_amd64.deb" ] || { echo "no $p" >&2; return 1; }
		[ "$(dpkg-deb -f "$DEBS/${p}_${v}_amd64.deb" Version)" = "$v" ]
	done
	dpkg-deb -f "$DEBS/vdsotool_${v}_amd64.deb" Depends | grep -q '^libc6 (>= '
	dpkg-deb -f "$DEBS/libvdso-dev_${v}_amd64.deb" Depends | grep -q "libvdso0 (= $v)"
}

@test "lintian finds no error and no warning in the packages" {
	need_debs
	run lintian --fail-on error,warning "$DEBS"/*.deb
	echo "$output"
	[ "$status" -eq 0 ]
	! grep -E '^[EW]: ' <<<"$output"
}

@test "each package holds its files; the library's links follow the soname" {
	need_debs
	v=$(cat VERSION)
	contents() { dpkg-deb -c "$DEBS/${1}_${v}_amd64.deb" | awk '$1 !~ /^d/ { print $6 }' | grep -v '^./usr/share/doc/' | sort; }
	same_rows "$(contents vdsotool)" "$(sort <<EOF
./usr/bin/vdsotool
./usr/share/bash-completion/completions/vdsotool
./usr/share/man/man1/vdsotool.1.gz
./usr/share/zsh/vendor-completions/_vdsotool
EOF
)"
	same_rows "$(contents libvdso0)" "$(sort <<EOF
./usr/lib/x86_64-linux-gnu/libvdso.so.$v
./usr/lib/x86_64-linux-gnu/libvdso.so.0
EOF
)"
	same_rows "$(contents libvdso-dev)" "$(sort <<EOF
./usr/include/vdso/auxv.h
./usr/include/vdso/syscall.h
./usr/include/vdso/vdso.h
./usr/lib/x86_64-linux-gnu/libvdso.a
./usr/lib/x86_64-linux-gnu/libvdso.so
./usr/lib/x86_64-linux-gnu/pkgconfig/libvdso.pc
EOF
)"
}

@test "unpacked with dpkg -x: vdsotool --version, its man page, run, hardening" {
	need_debs
	root=$BATS_TEST_TMPDIR/root
	for d in "$DEBS"/*.deb; do
		dpkg -x "$d" "$root"
	done
	run "$root/usr/bin/vdsotool" --version
	[ "$output" = "vdsotool $(cat VERSION)" ]
	run env MANWIDTH=80 man -l "$root/usr/share/man/man1/vdsotool.1.gz"
	[ "$status" -eq 0 ]
	[[ "$output" == *"vdsotool - look at, measure and move"* ]]
	[[ "${lines[-1]}" == *"vdsotool $(cat VERSION)"* ]]
	run "$root/usr/bin/vdsotool" run --at 2030-01-01T00:00:00Z -- date +%Y
	[ "$output" = 2030 ]
	# The package build passed Debian's hardening flags through.
	nm -D --undefined-only "$root/usr/bin/vdsotool" | grep -qE ' __(printf|fprintf|snprintf|memcpy|read)_chk'
	readelf -d "$root/usr/bin/vdsotool" | grep -q BIND_NOW
	readelf -d "$root/usr/lib/x86_64-linux-gnu/libvdso.so.0" | grep -q 'SONAME.*libvdso\.so\.0'
}
