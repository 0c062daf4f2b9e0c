#!/usr/bin/env bats
# vdsotool fakeroot: every program of the tree believes it is root and sees
# the owners, modes and devices it made, dynamic or static, C or Go.  The
# commands run as nobody (as root, a real chown would succeed and prove
# nothing) in a world-writable directory, with a public copy of vdsotool;
# Debian's fakeroot runs beside it where the tests compare the two.

load ../lib/common

setup() {
	W=$(world_scratch)
	mkdir -m 755 "$W/bin"
	cp "$VDSOTOOL" "$W/bin/vdsotool"
	for p in fakeprobe.musl fakeprobe.go; do
		[ ! -f "$PROBES/$p" ] || cp "$PROBES/$p" "$W/bin/"
	done
	cp "$HELPERS/vforkids" "$W/bin/"
	chmod 755 "$W"/bin/*
	cd "$W"
}

teardown() {
	remove_world_scratch
}

# vdsotool fakeroot ARGS..., as nobody.
fr() {
	unprivileged "$W/bin/vdsotool" fakeroot "$@"
}

need_probe() {
	[ -x "$W/bin/$1" ] || skip "$1 not built (make compat-probes)"
}

need_static_busybox() {
	[ -x /bin/busybox ] || skip "busybox is not installed (busybox-static)"
	file -L /bin/busybox | grep -q 'statically linked' ||
		skip "/bin/busybox is not the static one (Debian's busybox-static)"
}

need_fakeroot() {
	command -v fakeroot >/dev/null || skip "Debian's fakeroot is not installed"
}

# The checks every kind of program must pass, on the output of
#   id -u; chown 123:456 f and show it; mknod c0 c 1 3 and show it;
#   chmod 4755 r (root's, as nothing recorded it) and show it
# as "UID GID MODE MAJOR MINOR" lines (fakeprobe's stat).
check_probe_rows() {
	[ "${lines[0]}" = "0 0 0 0" ] || { echo "id: ${lines[0]}" >&2; return 1; }
	[ "${lines[1]}" = "123 456 100644 0 0" ] || { echo "chown: ${lines[1]}" >&2; return 1; }
	[ "${lines[2]}" = "0 0 20644 1 3" ] || { echo "mknod: ${lines[2]}" >&2; return 1; }
	[ "${lines[3]}" = "0 0 104755 0 0" ] || { echo "chmod: ${lines[3]}" >&2; return 1; }
}

# Nothing of it is real: the files are the real user's, c0 an empty
# regular placeholder, r without set-user-ID.
check_real_files() {
	local me
	me=$(unprivileged id -u)
	[ "$(stat -c '%u %F' f)" = "$me regular empty file" ]
	[ "$(stat -c '%u %F %a' c0)" = "$me regular empty file 600" ]
	[ "$(stat -c '%a' r)" = 755 ]
}

@test "dynamic coreutils: id -u is 0; chown, mknod and chmod 4755 show in ls" {
	run fr -- sh -c 'umask 022; id -u; id -g; touch f r; chown 123:456 f; ls -ln f
		mknod c0 c 1 3; ls -l c0; chmod 4755 r; ls -l r; stat -c "%u %g %a" r'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[[ "${lines[2]}" =~ ^-rw-r--r--\ 1\ 123\ 456\ 0\ .*\ f$ ]]
	[[ "${lines[3]}" =~ ^crw-r--r--\ 1\ root\ root\ 1,\ 3\ .*\ c0$ ]]
	[[ "${lines[4]}" =~ ^-rwsr-xr-x\ 1\ root\ root\ 0\ .*\ r$ ]]
	[ "${lines[5]}" = "0 0 4755" ]
	check_real_files
}

@test "static busybox (busybox-static): the same, through its own system calls" {
	need_static_busybox
	run fr -- /bin/busybox sh -c 'umask 022; busybox id -u; busybox touch f r
		busybox chown 123:456 f; busybox ls -ln f; busybox mknod c0 c 1 3
		busybox ls -l c0; busybox chmod 4755 r; busybox ls -l r'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[[ "${lines[1]}" =~ ^-rw-r--r--\ +1\ 123\ +456\ +0\ .*\ f$ ]]
	[[ "${lines[2]}" =~ ^crw-r--r--\ +1\ root\ +root\ +1,\ +3\ .*\ c0$ ]]
	[[ "${lines[3]}" =~ ^-rwsr-xr-x\ +1\ root\ +root\ +0\ .*\ r$ ]]
	check_real_files
}

@test "a static musl program: getuid, chown, mknod, chmod, lstat" {
	need_probe fakeprobe.musl
	run fr -- sh -c 'umask 022; exec bin/fakeprobe.musl id touch f touch r chown f 123 456 stat f \
		mknod c0 c 1 3 stat c0 chmod r 4755 stat r'
	[ "$status" -eq 0 ]
	check_probe_rows
	check_real_files
}

@test "a Go program: os.Getuid, os.Chown, syscall.Mknod, os.Lstat" {
	need_probe fakeprobe.go
	run fr -- sh -c 'umask 022; exec bin/fakeprobe.go id touch f touch r chown f 123 456 stat f \
		mknod c0 c 1 3 stat c0 chmod r 4755 stat r'
	[ "$status" -eq 0 ]
	check_probe_rows
	check_real_files
}

@test "side by side with Debian's fakeroot: static busybox and Go see the fake owner only here" {
	need_fakeroot
	need_static_busybox
	need_probe fakeprobe.go
	local me script
	me=$(unprivileged id -u)
	# chown by the dynamic coreutils: both record it; then static readers.
	script='touch f; chown 123:456 f; busybox id -u; busybox stat -c "%u %g" f
		bin/fakeprobe.go id stat f'
	run unprivileged fakeroot -- sh -c "$script"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$me" ]
	[ "${lines[1]}" = "$me $me" ]
	[ "${lines[2]%% *}" = "$me" ]
	[ "${lines[3]%% *}" = "$me" ]
	rm -f f
	run fr -- sh -c "$script"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = "123 456" ]
	[ "${lines[2]}" = "0 0 0 0" ]
	[ "${lines[3]%% *}" = 123 ]
}

@test "tar --numeric-owner -cf inside keeps the fake owners and devices (tar -tvf outside)" {
	run fr -- sh -c 'mkdir dir; touch dir/a dir/b; chown 123:456 dir/b; chown 7:8 dir
		mknod dir/null c 1 3; chmod 4711 dir/a; tar --numeric-owner -cf a.tar dir'
	[ "$status" -eq 0 ]
	run tar -tvf a.tar
	[ "$status" -eq 0 ]
	grep -qE '^drwxr-xr-x 7/8 .* dir/$' <<<"$output"
	grep -qE '^-rws--x--x 0/0 .* dir/a$' <<<"$output"
	grep -qE '^-rw-r--r-- 123/456 .* dir/b$' <<<"$output"
	grep -qE '^crw-r--r-- 0/0 +1,3 .* dir/null$' <<<"$output"
}

@test "dpkg-deb --build: root/root and a set-user-ID file in the package" {
	command -v dpkg-deb >/dev/null || skip "dpkg-deb is not installed"
	run fr -- sh -c 'umask 022; mkdir -p pkg/DEBIAN pkg/usr/bin
		printf "Package: t\nVersion: 1\nArchitecture: all\nMaintainer: a <a@b.example>\nDescription: t\n" \
			>pkg/DEBIAN/control
		cp /bin/true pkg/usr/bin/t; chmod 4755 pkg/usr/bin/t; dpkg-deb --build pkg t.deb'
	[ "$status" -eq 0 ]
	run dpkg-deb -c t.deb
	[ "$status" -eq 0 ]
	grep -qE '^-rwsr-xr-x root/root .* \./usr/bin/t$' <<<"$output"
	[ "$(grep -c ' root/root ' <<<"$output")" -eq "${#lines[@]}" ]
	# Unpacked as root, the package would install a real set-user-ID file;
	# here the placeholder never had the bit.
	[ "$(stat -c %a pkg/usr/bin/t)" = 755 ]
}

@test "dpkg-buildpackage -r'vdsotool fakeroot --': debhelper's package has the owners and set-user-ID bit its rules gave" {
	command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null ||
		skip "dpkg-buildpackage and debhelper are not installed"
	mkdir -p src/debian/source
	printf '#!/bin/sh\necho hi\n' >src/hi
	printf '%s\n' 'Source: vt-hi' 'Section: misc' 'Priority: optional' \
		'Maintainer: T <t@example.com>' 'Build-Depends: debhelper-compat (= 13)' \
		'Standards-Version: 4.6.2' 'Rules-Requires-Root: binary-targets' '' \
		'Package: vt-hi' 'Architecture: all' 'Depends: ${misc:Depends}' \
		'Description: a test package' ' of vdsotool fakeroot.' >src/debian/control
	printf '%s\n' '#!/usr/bin/make -f' '%:' '	dh $@' 'override_dh_auto_install:' \
		'	install -D -m 755 hi debian/vt-hi/usr/bin/vt-hi' \
		'	install -d debian/vt-hi/var/lib/vt-hi' 'override_dh_fixperms:' '	dh_fixperms' \
		'	chown daemon:daemon debian/vt-hi/var/lib/vt-hi' \
		'	chmod 4755 debian/vt-hi/usr/bin/vt-hi' >src/debian/rules
	chmod 755 src/debian/rules
	echo '3.0 (native)' >src/debian/source/format
	printf '%s\n' 'vt-hi (1.0) unstable; urgency=low' '' '  * test' '' \
		' -- T <t@example.com>  Thu, 03 Dec 2026 00:00:00 +0000' >src/debian/changelog
	chmod -R a+rwX src
	cd src
	run unprivileged env HOME="$W" dpkg-buildpackage -b -us -uc -r"$W/bin/vdsotool fakeroot --"
	[ "$status" -eq 0 ] || { echo "$output" >&2; false; }
	run dpkg-deb -c ../vt-hi_1.0_all.deb
	echo "$output"
	grep -qE '^-rwsr-xr-x root/root .* \./usr/bin/vt-hi$' <<<"$output"
	grep -qE '^drwxr-xr-x daemon/daemon .* \./var/lib/vt-hi/$' <<<"$output"
	[ "$(grep -c ' root/root ' <<<"$output")" -eq $(( ${#lines[@]} - 1 )) ]
	# The real files are nobody's, with no set-user-ID bit.
	[ "$(stat -c '%u %a' debian/vt-hi/usr/bin/vt-hi)" = "$(unprivileged id -u) 755" ]
}

@test "save file: ours loads into Debian's fakeroot -i, fakeroot -s's into ours" {
	need_fakeroot
	local fmt='%u %g %a %F %t %T'
	run fr -s ours.save -- sh -c 'umask 022; touch f; chown 123:456 f; mknod c0 c 1 3; chmod 4755 f'
	[ "$status" -eq 0 ]
	[ "$(wc -l <ours.save)" -eq 2 ]
	run unprivileged fakeroot -i ours.save -- stat -c "$fmt" f c0
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "123 456 4755 regular empty file 0 0" ]
	[ "${lines[1]}" = "0 0 644 character special file 1 3" ]
	run unprivileged fakeroot -s deb.save -- sh -c 'umask 022; touch g; chown 7:8 g; mknod b0 b 8 17'
	[ "$status" -eq 0 ]
	run fr -i deb.save -s again.save -- stat -c "$fmt" g b0
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "7 8 644 regular empty file 0 0" ]
	[ "${lines[1]}" = "0 0 644 block special file 8 11" ]
	same_rows "$(sort deb.save)" "$(sort again.save)"
}

@test "with --at @1700000000 --freeze: the fake owner and the fixed time in one session" {
	run fr --at @1700000000 --freeze -- sh -c 'touch h; chown 42:43 h; date +%s
		tar --numeric-owner --mtime=now -cf t.tar h'
	[ "$status" -eq 0 ]
	[ "$output" = 1700000000 ]
	run env TZ=UTC tar --full-time -tvf t.tar
	[[ "$output" =~ ^-rw-r--r--\ 42/43\ +0\ 2023-11-14\ 22:13:20\ h$ ]]
}

@test "set*id calls are remembered per process, inherited by children and across exec" {
	run fr -- python3 -u -c '
import os
os.setgroups([5, 6])
os.setresgid(7, 7, 7)
os.setresuid(8, 8, 8)
print(os.getresuid(), os.getresgid(), sorted(os.getgroups()))
try:
    os.setuid(0)
    print("setuid(0) succeeded")
except PermissionError:
    print("EPERM")
os.mkdir("d")
if os.fork() == 0:
    print(os.getuid(), os.getgid())
    os._exit(0)
os.wait()
os.execvp("sh", ["sh", "-c", "id -u; stat -c \"%u %g\" d"])'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "(8, 8, 8) (7, 7, 7) [5, 6]" ]
	[ "${lines[1]}" = EPERM ]
	[ "${lines[2]}" = "8 7" ]
	[ "${lines[3]}" = 8 ]
	[ "${lines[4]}" = "8 7" ]
	# Other processes of the tree are still root.
	run fr -- sh -c 'python3 -c "import os; os.setuid(9)"; id -u'
	[ "$output" = 0 ]
}

@test "unlink and rename keep the records right; -u shows unknown files with their real owner" {
	local me
	me=$(unprivileged id -u)
	run fr -s s -- sh -c 'touch a b c; chown 1:1 a; chown 2:2 b; chown 3:3 c; ln c c2
		mv b a; rm c; stat -c "%n %u" a c2'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "a 2" ]
	[ "${lines[1]}" = "c2 3" ]
	# a's first inode went with its last name; b's and c's live on.
	[ "$(wc -l <s)" -eq 2 ]
	run fr -u -- sh -c 'touch n; stat -c %u n; chown 5 n; stat -c %u n'
	[ "${lines[0]}" = "$me" ]
	[ "${lines[1]}" = 5 ]
}

@test "exit status is the command's; vdsotool's own errors are 125 with a reason" {
	run fr -- sh -c 'exit 3'
	[ "$status" -eq 3 ]
	echo 'not a record' >bad.save
	run fr -i bad.save -- true
	[ "$status" -eq 125 ]
	[[ "${lines[0]}" == "vdsotool: fakeroot: cannot load bad.save: line 1 is not a record"* ]]
	run fr -i missing.save -- true
	[ "$status" -eq 125 ]
	[ "${lines[0]}" = "vdsotool: fakeroot: cannot load missing.save: No such file or directory" ]
	run fr -s /proc/nonexistent/x -- true
	[ "$status" -eq 125 ]
	[[ "$output" == *"vdsotool: fakeroot: cannot write the save file /proc/nonexistent/x: "* ]]
	run fr
	[ "$status" -eq 125 ]
	[ "${lines[0]}" = "vdsotool: fakeroot: no command given" ]
	run fr --bogus -- true
	[ "$status" -eq 125 ]
}

@test "the stat family is answered inside the process, from the records the supervisor shares" {
	# 300 chowned files, then find -printf: one lstat each, none of which
	# may cost a notification.
	run fr --stats -- sh -c 'mkdir d; for i in $(seq 300); do : >d/f$i; done; chown 7:8 d/*
		find d -type f -printf "%U %G\n" | sort | uniq -c'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ *300\ 7\ 8$ ]]
	local answered
	answered=$(sed -n 's/.* \([0-9]*\) system call(s) answered in the process.*/\1/p' <<<"$output")
	[ "$answered" -ge 300 ]
}

@test "records past the shared table's room: the supervisor answers the tree's stats instead" {
	# 16 KiB hold fewer than 200 records: past them the table moves out
	# of the tree's reach, and every stat must still show its record.
	VDSOTOOL_FAKEROOT_TABLE_KIB=16 run fr -- sh -c 'mkdir d; for i in $(seq 400); do : >d/f$i; done
		chown 7:8 d/*; chmod 4700 d/f1; find d -type f -printf "%U %G\n" | sort | uniq -c
		stat -c %a d/f1'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ *400\ 7\ 8$ ]]
	[ "${lines[1]}" = 4700 ]
	VDSOTOOL_FAKEROOT_TABLE_KIB=abc run fr -- true
	[ "$status" -eq 125 ]
	[[ "${lines[0]}" == "vdsotool: fakeroot: bad VDSOTOOL_FAKEROOT_TABLE_KIB 'abc'"* ]]
}

@test "a process that is not injected (traced from outside) is faked by the supervisor" {
	command -v strace >/dev/null || skip "strace is not installed"
	need_static_busybox
	run unprivileged strace -f -o /dev/null "$W/bin/vdsotool" fakeroot -- sh -c 'touch f
		chown 5:6 f; stat -c "%u %g" f; busybox stat -c "%u %g" f; id -u'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "5 6" ]
	[ "${lines[1]}" = "5 6" ]
	[ "${lines[2]}" = 0 ]
}

@test "a small address-space limit (ulimit -v) still leaves room for the shared records" {
	# The table's mapping grows with the table, never to its whole
	# room at once: 256 MiB of address space under a 200 MB limit
	# killed every stat with SIGSYS.
	run fr -- sh -c 'ulimit -v 200000; mkdir d; for i in $(seq 2000); do : >d/f$i; done
		chown 7:8 d/*; find d -type f -printf "%U %G\n" | sort | uniq -c'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ *2000\ 7\ 8$ ]]
}

@test "rm -r of files without records never asks the supervisor; a recorded last link still does" {
	run fr --stats -s s -- sh -c 'mkdir d; for i in $(seq 300); do : >d/f$i; done
		: >kept; chown 9:9 kept d/f1; ln d/f1 f1-again; rm -r d; rm kept; stat -c %u f1-again'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 9 ]
	local by_supervisor
	by_supervisor=$(sed -n 's/.* \([0-9]*\) by the supervisor.*/\1/p' <<<"$output")
	[ "$by_supervisor" -lt 30 ]
	# kept's record went with it; f1's lives on with its other link.
	[ "$(wc -l <s)" -eq 1 ]
	grep -q "ino=$(stat -c %i f1-again),mode=100644,uid=9,gid=9," s
}

@test "changes still waiting for the supervisor when the tree ends reach the save file" {
	# 100 chowns fit the ring the tree sends them through one way; the
	# last process to run makes them, so nothing asks the supervisor
	# after them but the end.
	mkdir d
	for i in $(seq 100); do : >d/f$i; done
	run fr -s s -- chown 5:6 -R d
	[ "$status" -eq 0 ]
	[ "$(grep -c 'uid=5,gid=6,' s)" -eq 101 ]
}

@test "python3, perl and java see the fake owners and devices through their own calls" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	command -v perl >/dev/null || skip "perl is not installed"
	run fr -- sh -c 'touch a b; python3 -c "
import os
os.chown(\"a\", 11, 12); st = os.stat(\"a\"); print(st.st_uid, st.st_gid, os.getuid())
os.mknod(\"c\", 0o600 | 0o20000, os.makedev(4, 5)); st = os.lstat(\"c\")
print(oct(st.st_mode), os.major(st.st_rdev), os.minor(st.st_rdev))"
		perl -e "chown 21, 22, q(b); my @s = stat(q(b)); print qq(\$s[4] \$s[5] \$<\n)"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "11 12 0" ]
	[ "${lines[1]}" = "0o20600 4 5" ]
	[ "${lines[2]}" = "21 22 0" ]
	command -v java >/dev/null || skip "java is not installed"
	cat >C.java <<'JAVA'
public class C {
	public static void main(String[] a) throws Exception {
		java.nio.file.Path p = java.nio.file.Paths.get("b");
		System.out.println(java.nio.file.Files.getAttribute(p, "unix:uid") + " " +
				   java.nio.file.Files.getAttribute(p, "unix:gid"));
	}
}
JAVA
	chmod 644 C.java
	run fr -- sh -c 'chown 31:32 b; java C.java'
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "31 32" ]
}

@test "getuid and the like are answered in the process, and follow set*id" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	run fr --stats -- python3 -c '
import os
n = sum(os.getuid() + os.geteuid() + os.getgid() + os.getegid() for _ in range(500))
print(n, os.getuid(), os.getgid())
os.setresgid(20, 20, 20); os.setresuid(10, 11, 0)
print(os.getuid(), os.geteuid(), os.getgid(), os.getegid(), os.getresuid())
os.setresuid(0, 0, 0)
print(os.getuid(), os.geteuid())'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0 0 0" ]
	[ "${lines[1]}" = "10 11 20 20 (10, 11, 0)" ]
	[ "${lines[2]}" = "0 0" ]
	local by_supervisor
	by_supervisor=$(sed -n 's/.* \([0-9]*\) by the supervisor.*/\1/p' <<<"$output")
	[ "$by_supervisor" -lt 100 ]
	# A vfork child shares its parent's memory, the runtime's copy of the
	# ids included: its own ids must not become the parent's.
	run fr -- bin/vforkids
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = "5 0" ]
}

@test "a new program starts with its fake ids: id -u after each exec asks the supervisor nothing, and keeps ids set before the exec" {
	run fr --stats -- bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do id -u; done | sort -u; id -g'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[[ "$output" == *" 0 by the supervisor"* ]]
	# Ids set before an exec are the new program's (perl exec's id).
	run fr -- perl -e '$( = "7 7"; $) = "7 7"; $< = $> = 5; exec "sh", "-c", "id -u; id -g"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 5 ]
	[ "${lines[1]}" = 7 ]
}
