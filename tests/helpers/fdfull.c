// SPDX-License-Identifier: MIT
/*
 * fdfull PROG [ARGS...]: fills its descriptor table up to RLIMIT_NOFILE
 * with close-on-exec descriptors, then execs PROG: at the exec there is
 * no free slot for anything to be added.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rlimit rl = { 64, 64 };

	if (argc < 2) {
		fprintf(stderr, "usage: fdfull PROG [ARGS...]\n");
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
