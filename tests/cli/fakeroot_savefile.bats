#!/usr/bin/env bats
# fakeroot's save file, both ways with Debian's fakeroot on the same files:
# what `fakeroot -s` writes, src/fakeroot loads and shows as fakeroot -i
# shows it; what src/fakeroot writes, `fakeroot -i` accepts and shows as we
# do.  tests/helpers/core_fakeroot.c drives src/fakeroot on real files.

load ../lib/common

STAT_FMT='%u %g %a %F %t %T'

setup() {
	command -v fakeroot >/dev/null || skip "Debian's fakeroot is not installed"
	HELPER="$PWD/$HELPERS/core_fakeroot"
	[ -x "$HELPER" ] || skip "core_fakeroot not built (make helpers)"
	cd "$(scratch)"
	umask 022
}

# A save file from Debian's fakeroot, and what its stat showed inside.
debian_session() {
	fakeroot -s deb.save -- sh -c "touch f; chown 123:456 f; mknod c0 c 1 3; mknod b0 b 8 17
		chmod 4755 f; mkdir d; chown 7:8 d; touch g; chmod 0 g; touch plain
		stat -c '$STAT_FMT' f c0 b0 d g plain" >inside
}

EXPECTED_DEBIAN='123 456 4755 regular empty file 0 0
0 0 644 character special file 1 3
0 0 644 block special file 8 11
7 8 755 directory 0 0
0 0 0 regular empty file 0 0
0 0 644 regular empty file 0 0'

@test "a save file written by fakeroot -s loads with the fields faked wrote" {
	debian_session
	# What faked wrote, read independently: five records, bases as documented.
	grep -qE '^dev=[0-9a-f]+,ino=[0-9]+,mode=104755,uid=123,gid=456,nlink=1,rdev=0$' deb.save
	grep -qE '^dev=[0-9a-f]+,ino=[0-9]+,mode=20644,uid=0,gid=0,nlink=1,rdev=259$' deb.save
	[ "$(wc -l <deb.save)" -eq 5 ]
	run "$HELPER" view deb.save f c0 b0 d g plain
	[ "$status" -eq 0 ]
	same_rows "$output" "$EXPECTED_DEBIAN"
	# The same as the processes inside the fakeroot session saw.
	same_rows "$output" "$(cat inside)"
}

@test "our view of fakeroot's save file is fakeroot -i's view of it" {
	debian_session
	run "$HELPER" view deb.save f c0 b0 d g plain
	[ "$status" -eq 0 ]
	same_rows "$output" "$(fakeroot -i deb.save -- stat -c "$STAT_FMT" f c0 b0 d g plain)"
}

@test "fakeroot's save file comes back unchanged from our load and save" {
	debian_session
	run "$HELPER" apply -i deb.save ours.save
	[ "$status" -eq 0 ]
	same_rows "$(sort deb.save)" "$(sort ours.save)"
	# Ours is sorted by device and inode: equal databases, equal files.
	same_rows "$(cat ours.save)" "$(sort -t, -k1,1 -k2.5n ours.save)"
}

EXPECTED_OURS='123 456 4755 regular empty file 0 0
0 0 644 character special file 1 3
0 0 644 block special file 8 11
7 8 500 directory 0 0
0 0 0 regular empty file 0 0
0 0 644 fifo 0 0
0 0 644 socket 0 0
0 9 644 regular empty file 0 0'

our_session() {
	touch f g plain
	"$HELPER" apply ours.save chown f 123 456 mknod c0 c 1 3 mknod b0 b 8 17 chmod f 4755 \
		mkdir d 0500 chown d 7 8 chmod g 0 mknod p p 0 0 mknod s s 0 0 chown plain -1 9
}

@test "a save file we write is accepted by fakeroot -i, which shows what we show" {
	our_session
	run "$HELPER" view ours.save f c0 b0 d g p s plain
	[ "$status" -eq 0 ]
	same_rows "$output" "$EXPECTED_OURS"
	same_rows "$output" "$(fakeroot -i ours.save -- stat -c "$STAT_FMT" f c0 b0 d g p s plain)"
	# The real files are the real user's, readable and writable by it.
	[ "$(stat -c '%a %F' c0 d g p)" = "600 regular empty file
700 directory
600 regular empty file
644 fifo" ]
}

@test "fakeroot -i then -s gives our save file back unchanged" {
	our_session
	fakeroot -i ours.save -s again.save -- true
	same_rows "$(sort ours.save)" "$(sort again.save)"
}

@test "unknown-is-real (-u): both keep the real owner of files with no record" {
	our_session
	touch g2
	# As root, give the unknown file a real owner that is not root.
	[ "$(id -u)" -ne 0 ] || chown 4321:4322 g2
	real=$(stat -c '%u %g' g2)
	[ "$real" != "0 0" ]
	run "$HELPER" view -u ours.save g2 f plain
	[ "$status" -eq 0 ]
	same_rows "$output" "$(fakeroot -u -i ours.save -- stat -c "$STAT_FMT" g2 f plain)"
	[ "$(head -1 <<<"$output" | cut -d' ' -f1,2)" = "$real" ]
	run "$HELPER" view ours.save g2
	[ "${output%% regular*}" = "0 0 644" ]
}

@test "a record goes with the last link of its inode, not before" {
	touch f
	"$HELPER" apply kept.save chown f 5 6
	ln f f2
	"$HELPER" apply -i kept.save kept2.save rm f
	[ "$(wc -l <kept2.save)" -eq 1 ]
	[ "$("$HELPER" view kept2.save f2 | cut -d' ' -f1,2)" = "5 6" ]
	"$HELPER" apply -i kept2.save gone.save rm f2
	[ ! -s gone.save ]
	# Renaming onto the last link of a recorded file drops its record too.
	touch a b
	"$HELPER" apply mv.save chown a 1 1 chown b 2 2 mv a b
	[ "$(wc -l <mv.save)" -eq 1 ]
	[ "$("$HELPER" view mv.save b | cut -d' ' -f1,2)" = "1 1" ]
}

@test "a save that cannot be written fails, names the file, leaves nothing behind" {
	touch f
	mkdir in-the-way
	touch in-the-way/x
	run "$HELPER" apply in-the-way chown f 1 1
	[ "$status" -eq 1 ]
	[[ "$output" == "core_fakeroot: save in-the-way: "* ]]
	[ "$(ls -A)" = "f
in-the-way" ]
	[ "$(ls -A in-the-way)" = "x" ]
	run "$HELPER" apply nodir/out.save chown f 1 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"No such file or directory" ]]
}

@test "a malformed save file is refused with its line number" {
	printf 'dev=fe00,ino=1,mode=100644,uid=0,gid=0,nlink=1,rdev=0\n\ndev=fe00,ino=2,mode=100644,uid=-1,gid=0,nlink=1,rdev=0\n' >bad.save
	touch f
	run "$HELPER" view bad.save f
	[ "$status" -eq 1 ]
	[[ "$output" == *"bad.save: line 3 is not a record"* ]]
}
