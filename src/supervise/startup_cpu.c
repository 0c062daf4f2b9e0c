// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <sched.h>
#include "supervise/raw.h"
#include "supervise/startup_cpu.h"

static cpu_set_t caller_mask;
static int pinned;

int startup_cpu_pin(void)
{
	cpu_set_t one;
	int cpu;

	if (sched_getaffinity(0, sizeof(caller_mask), &caller_mask))
		return 0;
	cpu = sched_getcpu();
	if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &caller_mask))
		return 0;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	pinned = !sched_setaffinity(0, sizeof(one), &one);
	return pinned;
}

/* The argument, not the flag: the supervisor clears the flag when it
 * releases the command, which may come first. */
RAW void startup_cpu_front_done(int was_pinned)
{
	if (was_pinned)
		raw_sys(SYS_sched_setaffinity, 0, sizeof(caller_mask), (long)&caller_mask, 0);
}

void startup_cpu_release(pid_t tid)
{
	if (!pinned)
		return;
	pinned = 0;
	sched_setaffinity(tid, sizeof(caller_mask), &caller_mask);
	sched_setaffinity(0, sizeof(caller_mask), &caller_mask);
}
