// SPDX-License-Identifier: MIT
/*
 * fakeprobe: the calls fakeroot must fake, made directly, for
 * tests/cli/fakeroot.bats.  Built as a helper and, static with musl, as
 * a probe (make compat-probes): a program no LD_PRELOAD reaches.
 *
 *   fakeprobe id                  "RUID EUID RGID EGID" (getuid, geteuid, ...)
 *   fakeprobe touch PATH          creates an empty file (mode 0644 less umask)
 *   fakeprobe chown PATH UID GID  chown(2)
 *   fakeprobe chmod PATH OCTAL    chmod(2)
 *   fakeprobe mknod PATH c|b MAJOR MINOR   mknod(2), mode 0644
 *   fakeprobe stat PATH           lstat(2): "UID GID OCTAL-MODE MAJOR MINOR"
 *
 * Several commands may follow each other on one command line.  Exit 0,
 * or 1 with the failing call's error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int fail(const char *what)
{
	perror(what);
	return 1;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i = 1, fd;

	while (i < argc) {
		const char *op = argv[i];

		if (!strcmp(op, "id")) {
			printf("%u %u %u %u\n", getuid(), geteuid(), getgid(), getegid());
			i += 1;
		} else if (!strcmp(op, "touch") && i + 1 < argc) {
			fd = open(argv[i + 1], O_WRONLY | O_CREAT, 0644);
			if (fd < 0)
				return fail("open");
			close(fd);
			i += 2;
		} else if (!strcmp(op, "chown") && i + 3 < argc) {
			if (chown(argv[i + 1], (uid_t)atol(argv[i + 2]), (gid_t)atol(argv[i + 3])))
				return fail("chown");
			i += 4;
		} else if (!strcmp(op, "chmod") && i + 2 < argc) {
			if (chmod(argv[i + 1], (mode_t)strtoul(argv[i + 2], NULL, 8)))
				return fail("chmod");
			i += 3;
		} else if (!strcmp(op, "mknod") && i + 4 < argc) {
			mode_t type = argv[i + 2][0] == 'b' ? S_IFBLK : S_IFCHR;

			if (mknod(argv[i + 1], type | 0644,
				  makedev(atoi(argv[i + 3]), atoi(argv[i + 4]))))
				return fail("mknod");
			i += 5;
		} else if (!strcmp(op, "stat") && i + 1 < argc) {
			if (lstat(argv[i + 1], &st))
				return fail("lstat");
			printf("%u %u %o %u %u\n", st.st_uid, st.st_gid, st.st_mode, major(st.st_rdev),
			       minor(st.st_rdev));
			i += 2;
		} else {
			fprintf(stderr, "fakeprobe: bad command '%s'\n", op);
			return 2;
		}
	}
	return 0;
}
