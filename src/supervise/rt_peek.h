/* SPDX-License-Identifier: MIT */
/*
 * The supervisor's look into a process's runtime data (struct rt_data and
 * the pages of kept timers chained from it), through /proc/PID/mem: for
 * --warp (what the tree waits for) and for the re-arm after a change
 * (which processes keep a timer the change moved).
 */
#ifndef SUPERVISE_RT_PEEK_H
#define SUPERVISE_RT_PEEK_H

#include <sys/types.h>
#include "supervise/abi.h"
#include "supervise/session.h"

/* pid's runtime data page, read through mem (an open /proc/PID/mem): 0, or
 * -1 when there is none (no runtime there, or mem is not open). */
int rt_peek_data(const struct session *s, int mem, struct rt_data *d);

/*
 * Calls fn on each timer of d's table, the chained pages included, that
 * pid itself keeps (not a forked child's copy of its parent's), until fn
 * returns non-zero: returns that, or -1 when a page cannot be read (a
 * chain longer than memory could hold is one the program wrote over).
 */
int rt_peek_timers(int mem, pid_t pid, const struct rt_data *d,
		   int (*fn)(const struct rt_timer *t, void *arg), void *arg);

#endif /* SUPERVISE_RT_PEEK_H */
