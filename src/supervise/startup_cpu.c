// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <sched.h>
#include "supervise/startup_cpu.h"

static cpu_set_t caller_mask;
static int pinned;

void startup_cpu_pin(void)
{
	cpu_set_t one;
	int cpu;

	if (sched_getaffinity(0, sizeof(caller_mask), &caller_mask))
		return;
	cpu = sched_getcpu();
	if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &caller_mask))
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	pinned = !sched_setaffinity(0, sizeof(one), &one);
}

void startup_cpu_front_done(void)
{
	if (pinned)
		sched_setaffinity(0, sizeof(caller_mask), &caller_mask);
}

void startup_cpu_release(pid_t tid)
{
	if (!pinned)
		return;
	pinned = 0;
	sched_setaffinity(tid, sizeof(caller_mask), &caller_mask);
	sched_setaffinity(0, sizeof(caller_mask), &caller_mask);
}
