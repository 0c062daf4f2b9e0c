// SPDX-License-Identifier: MIT
/* glibc's clock_gettime: the vDSO call plus the wrapper's dispatch. */
#include <time.h>
#include "bench/bench.h"

static void loop(void *arg, unsigned long n)
{
	struct timespec ts;

	(void)arg;
	while (n--)
		clock_gettime(CLOCK_MONOTONIC, &ts);
}

void bench_libc(struct bench_result *r, const struct bench_plan *plan)
{
	bench_measure(r, plan, loop, NULL, NULL);
}
