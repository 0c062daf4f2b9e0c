#!/usr/bin/env bats
# make install / make uninstall: the files, the directory variables, and a
# program built against the installed libvdso through pkg-config.

load ../lib/common
bats_require_minimum_version 1.5.0

# Installs into a staging root with the extra make arguments given.
stage() {
	STAGE=$BATS_TEST_TMPDIR/root
	make -s BUILD="$BUILD" DESTDIR="$STAGE" "$@" install
}

listing() {
	(cd "$1" && find . \( -type f -o -type l \) -printf '%p %m %y %l\n' | sort)
}

@test "make install puts every file under PREFIX (default /usr/local), with modes and links" {
	stage
	v=$(cat VERSION)
	same_rows "$(listing "$STAGE")" "$(sort <<EOF
./usr/local/bin/vdsotool 755 f 
./usr/local/include/vdso/auxv.h 644 f 
./usr/local/include/vdso/syscall.h 644 f 
./usr/local/include/vdso/vdso.h 644 f 
./usr/local/lib/libvdso.a 644 f 
./usr/local/lib/libvdso.so 777 l libvdso.so.0
./usr/local/lib/libvdso.so.0 777 l libvdso.so.$v
./usr/local/lib/libvdso.so.$v 644 f 
./usr/local/lib/pkgconfig/libvdso.pc 644 f 
./usr/local/share/bash-completion/completions/vdsotool 644 f 
./usr/local/share/man/man1/vdsotool.1 644 f 
./usr/local/share/zsh/site-functions/_vdsotool 644 f 
EOF
)"
	cmp "$STAGE/usr/local/bin/vdsotool" "$BUILD/vdsotool"
	"$STAGE/usr/local/bin/vdsotool" --version | grep -qx "vdsotool $v"
}

@test "each directory can be set on its own, and the .pc file names the ones given" {
	stage PREFIX=/opt/v BINDIR=/b LIBDIR=/l INCLUDEDIR=/i MANDIR=/m PKGCONFIGDIR=/pc \
		BASHCOMPDIR=/bash ZSHCOMPDIR=/zsh
	for f in b/vdsotool l/libvdso.a l/libvdso.so.0 i/vdso/vdso.h m/man1/vdsotool.1 pc/libvdso.pc \
		bash/vdsotool zsh/_vdsotool; do
		[ -e "$STAGE/$f" ] || { echo "missing: $f" >&2; return 1; }
	done
	[ ! -e "$STAGE/opt" ]
	grep -qx 'prefix=/opt/v' "$STAGE/pc/libvdso.pc"
	grep -qx 'libdir=/l' "$STAGE/pc/libvdso.pc"
	grep -qx 'includedir=/i' "$STAGE/pc/libvdso.pc"
	grep -qx "Version: $(cat VERSION)" "$STAGE/pc/libvdso.pc"
}

@test "pkg-config --cflags --libs libvdso builds tests/helpers/vdsocall.c against the installed tree" {
	command -v pkg-config >/dev/null || skip "pkg-config not installed"
	stage PREFIX=/usr
	export PKG_CONFIG_PATH=$STAGE/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$STAGE
	flags=$(pkg-config --cflags --libs libvdso)
	[[ "$flags" == *"-L$STAGE/usr/lib"*"-lvdso"* ]]
	prog=$BATS_TEST_TMPDIR/vdsocall
	# shellcheck disable=SC2086
	cc -o "$prog" "$PWD/tests/helpers/vdsocall.c" $flags
	readelf -d "$prog" | grep -q 'NEEDED.*\[libvdso\.so\.0\]'
	# It runs with the installed library, and only with it.
	LD_LIBRARY_PATH=$STAGE/usr/lib "$prog" 1
	run -127 "$prog" 1
	[[ "$output" == *"libvdso.so.0"* ]]
}

@test "a static program links the installed libvdso.a with pkg-config's --cflags" {
	command -v pkg-config >/dev/null || skip "pkg-config not installed"
	! nm "$BUILD/libvdso.a" | grep -q __asan || skip "libvdso.a of a SANITIZE build cannot be linked statically"
	stage PREFIX=/usr
	export PKG_CONFIG_PATH=$STAGE/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$STAGE
	prog=$BATS_TEST_TMPDIR/vdsocall.static
	# shellcheck disable=SC2046
	cc -static -o "$prog" "$PWD/tests/helpers/vdsocall.c" $(pkg-config --cflags libvdso) \
		"$STAGE/usr/lib/libvdso.a"
	file "$prog" | grep -q 'statically linked'
	"$prog" 1
}

@test "the installed man page renders and names the version" {
	command -v man >/dev/null || skip "man not installed (man-db)"
	stage
	run env MANWIDTH=80 man -l "$STAGE/usr/local/share/man/man1/vdsotool.1"
	[ "$status" -eq 0 ]
	[[ "$output" == *"vdsotool - look at, measure and move"* ]]
	[[ "${lines[-1]}" == *"vdsotool $(cat VERSION)"* ]]
}

@test "make uninstall removes every file make install put there" {
	stage PREFIX=/usr
	[ -n "$(listing "$STAGE")" ]
	make -s BUILD="$BUILD" DESTDIR="$STAGE" PREFIX=/usr uninstall
	[ -z "$(listing "$STAGE")" ]
	[ ! -e "$STAGE/usr/include/vdso" ]
}
