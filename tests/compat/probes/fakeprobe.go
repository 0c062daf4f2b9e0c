// fakeprobe for Go (CGO_ENABLED=0): the same commands as
// tests/helpers/fakeprobe.c, through Go's os and syscall packages, which
// make raw system calls of their own (os.Getuid, os.Chown, os.Lstat).
package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
)

func num(s string) int {
	n, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeprobe: bad number", s)
		os.Exit(2)
	}
	return int(n)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	a := os.Args[1:]
	for len(a) > 0 {
		switch {
		case a[0] == "id":
			fmt.Println(os.Getuid(), os.Geteuid(), os.Getgid(), os.Getegid())
			a = a[1:]
		case a[0] == "touch" && len(a) > 1:
			f, err := os.OpenFile(a[1], os.O_WRONLY|os.O_CREATE, 0644)
			check(err)
			f.Close()
			a = a[2:]
		case a[0] == "chown" && len(a) > 3:
			check(os.Chown(a[1], num(a[2]), num(a[3])))
			a = a[4:]
		case a[0] == "chmod" && len(a) > 2:
			m, err := strconv.ParseUint(a[2], 8, 32)
			check(err)
			check(syscall.Chmod(a[1], uint32(m)))
			a = a[3:]
		case a[0] == "mknod" && len(a) > 4:
			t := uint32(syscall.S_IFCHR)
			if a[2] == "b" {
				t = syscall.S_IFBLK
			}
			maj, min := num(a[3]), num(a[4])
			dev := (maj&0xfff)<<8 | min&0xff | (min&^0xff)<<12
			check(syscall.Mknod(a[1], t|0644, dev))
			a = a[5:]
		case a[0] == "stat" && len(a) > 1:
			fi, err := os.Lstat(a[1])
			check(err)
			st := fi.Sys().(*syscall.Stat_t)
			rdev := uint64(st.Rdev)
			maj := (rdev>>8)&0xfff | (rdev>>32)&^0xfff
			min := rdev&0xff | (rdev>>12)&^0xff
			fmt.Printf("%d %d %o %d %d\n", st.Uid, st.Gid, st.Mode, maj, min)
			a = a[2:]
		default:
			fmt.Fprintln(os.Stderr, "fakeprobe: bad command", a[0])
			os.Exit(2)
		}
	}
}
