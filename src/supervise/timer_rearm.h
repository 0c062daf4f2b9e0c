/* SPDX-License-Identifier: MIT */
/*
 * After a live change of the session page (ctl set, --warp, attach again):
 * each process whose runtime keeps kernel timers (struct rt_timer, counted
 * in its data page's ntimers) is sent a SIGSYS with SI_QUEUE and
 * RT_REARM_VALUE, and its runtime moves them to the new clock
 * (image/runtime/timers.h).  Processes that keep none, or none whose
 * clock's model the change moved, are left alone: the signal would end
 * their poll or nanosleep with EINTR for nothing.
 */
#ifndef SUPERVISE_TIMER_REARM_H
#define SUPERVISE_TIMER_REARM_H

#include <stddef.h>
#include <sys/types.h>
#include "supervise/session.h"

/* How many processes were told. */
size_t timer_rearm(const struct session *s, const pid_t *pids, size_t n);

#endif /* SUPERVISE_TIMER_REARM_H */
