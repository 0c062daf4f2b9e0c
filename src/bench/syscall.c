// SPDX-License-Identifier: MIT
/*
 * The `syscall` instruction itself (libvdso's vdso_syscall6): getpid does
 * almost no work, so it is the bare entry/exit cost, which on this kernel
 * includes the page-table switch of PTI; clock_gettime adds the clock read.
 */
#include <sys/syscall.h>
#include <time.h>
#include <vdso/syscall.h>
#include "bench/bench.h"

void bench_loop_getpid(void *arg, unsigned long n)
{
	(void)arg;
	while (n--)
		vdso_syscall0(SYS_getpid);
}

static void loop_clock(void *arg, unsigned long n)
{
	struct timespec ts;

	(void)arg;
	while (n--)
		vdso_syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
}

void bench_syscall_getpid(struct bench_result *r, const struct bench_plan *plan)
{
	bench_measure(r, plan, bench_loop_getpid, NULL, NULL);
}

void bench_syscall_clock(struct bench_result *r, const struct bench_plan *plan)
{
	bench_measure(r, plan, loop_clock, NULL, NULL);
}
