// SPDX-License-Identifier: MIT
/*
 * clockpair CLOCK: reads CLOCK through the C library (the vDSO) and through
 * the syscall instruction, back to back, and prints both in ns.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	clockid_t c = CLOCK_REALTIME;
	struct timespec a, b;

	if (argc > 1 && !strcmp(argv[1], "monotonic"))
		c = CLOCK_MONOTONIC;
	else if (argc > 1 && !strcmp(argv[1], "boottime"))
		c = CLOCK_BOOTTIME;
	clock_gettime(c, &a);
	syscall(SYS_clock_gettime, c, &b);
	printf("%lld %lld\n", a.tv_sec * 1000000000LL + a.tv_nsec, b.tv_sec * 1000000000LL + b.tv_nsec);
	return 0;
}
