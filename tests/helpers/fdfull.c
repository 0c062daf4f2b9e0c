// SPDX-License-Identifier: MIT
/*
 * fdfull [--hard] PROG [ARGS...]: fills its descriptor table up to
 * RLIMIT_NOFILE (soft 64; hard 128, or 64 with --hard) with close-on-exec
 * descriptors, then execs PROG: at the exec there is no free slot for
 * anything to be added.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rlimit rl = { 64, 128 };

	if (argc > 1 && !strcmp(argv[1], "--hard")) {
		rl.rlim_max = 64;
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: fdfull [--hard] PROG [ARGS...]\n");
		return 2;
	}
	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		perror("setrlimit");
		return 1;
	}
	while (open("/dev/null", O_RDONLY | O_CLOEXEC) >= 0)
		;
	execvp(argv[1], argv + 1);
	perror("execvp");
	return 127;
}
