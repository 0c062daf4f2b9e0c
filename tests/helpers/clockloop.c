// SPDX-License-Identifier: MIT
/*
 * clockloop [N] [ROUNDS]: an independent measure of clock_gettime
 * (CLOCK_MONOTONIC, through libc and so the vDSO): ROUNDS rounds of N
 * calls, prints the median ns per call.  Pinned to CPU 0 as bench's
 * children are; timed with CLOCK_MONOTONIC_RAW like bench.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 50000, rounds = argc > 2 ? atol(argv[2]) : 21, i, r;
	struct timespec ts;
	cpu_set_t set;
	double *v, t0;

	if (n <= 0 || rounds <= 0 || !(v = calloc((size_t)rounds, sizeof(*v))))
		return 2;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (r = -1; r < rounds; r++) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			clock_gettime(CLOCK_MONOTONIC, &ts);
		if (r >= 0)
			v[r] = (now_ns() - t0) / (double)n;
	}
	qsort(v, (size_t)rounds, sizeof(*v), cmp);
	printf("%.3f\n", v[rounds / 2]);
	free(v);
	return 0;
}
