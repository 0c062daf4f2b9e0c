// SPDX-License-Identifier: MIT
/*
 * reexec N: execs itself N more times (forever when N < 0), then exits 0.
 * A tight exec loop for the fault tests: killing it, or the supervisor,
 * at a random moment lands in the middle of an injection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 0;
	char next[32], *args[3] = { argv[0], next, NULL };

	if (n == 0)
		return 0;
	snprintf(next, sizeof(next), "%ld", n < 0 ? n : n - 1);
	execv("/proc/self/exe", args);
	perror("execv");
	return 1;
}
