/* SPDX-License-Identifier: MIT */
/*
 * Answers the time system calls the filter sends to the supervisor (raw
 * syscalls of static programs, the vsyscall page's emulation) with the
 * virtual time written into the caller's memory.
 */
#ifndef SUPERVISE_CLOCKCALLS_H
#define SUPERVISE_CLOCKCALLS_H

#include <linux/seccomp.h>
#include "supervise/notify.h"
#include "supervise/session.h"

/* Answers a clock_gettime, gettimeofday or time request.  Returns 1 if req
 * was one of those, 0 otherwise. */
int clockcalls_answer(const struct session *s, const struct notifier *nf,
		      const struct seccomp_notif *req);

#endif /* SUPERVISE_CLOCKCALLS_H */
