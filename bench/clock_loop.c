// SPDX-License-Identifier: MIT
/*
 * clock_loop MODE N: N clock reads, prints the mean ns per read.
 *   vdso  clock_gettime(CLOCK_REALTIME) through libc (and so the vDSO)
 *   raw   the clock_gettime system call itself
 *   exec  N fork+exec+wait of /bin/true, prints the mean us per exec
 *   execfail  N execve of a file that does not exist (a PATH miss), in
 *         this process: prints the mean us per failed exec
 * Timed with CLOCK_MONOTONIC_RAW, which `run` never virtualises.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 1000000, i;
	struct timespec ts;
	double t0, t1;

	if (argc < 2)
		return 2;
	t0 = now_ns();
	if (!strcmp(argv[1], "vdso")) {
		for (i = 0; i < n; i++)
			clock_gettime(CLOCK_REALTIME, &ts);
	} else if (!strcmp(argv[1], "raw")) {
		for (i = 0; i < n; i++)
			syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
	} else if (!strcmp(argv[1], "execfail")) {
		char *args[] = { "missing", NULL };

		for (i = 0; i < n; i++)
			execv("/nonexistent/vdsotool-bench/missing", args);
	} else if (!strcmp(argv[1], "exec")) {
		for (i = 0; i < n; i++) {
			pid_t p = fork();

			if (p == 0) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(127);
			}
			waitpid(p, NULL, 0);
		}
	} else {
		return 2;
	}
	t1 = now_ns();
	if (!strcmp(argv[1], "exec") || !strcmp(argv[1], "execfail"))
		printf("%.2f\n", (t1 - t0) / n / 1000.0);
	else
		printf("%.2f\n", (t1 - t0) / n);
	return 0;
}
