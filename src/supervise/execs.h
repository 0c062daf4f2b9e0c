/* SPDX-License-Identifier: MIT */
/*
 * execve and execveat notifications: decide whether the exec can work,
 * seize the task so that its success stops it (PTRACE_EVENT_EXEC) and its
 * failure too (PTRACE_INTERRUPT), give it the session descriptors, and
 * hand it to the injection state machine.
 *
 * Two rules keep the supervisor from ever blocking:
 *  - an exec whose file does not exist (most failed execs are a PATH
 *    search) is let go without ptrace at all: looked up first in the
 *    task's own root (by the runtime, in the process, for an exec that
 *    comes from its exec gadget);
 *  - at most one exec per address space is in flight: PTRACE_SEIZE waits
 *    for the task's cred_guard_mutex, which a sibling thread's exec holds
 *    while de_thread() waits for threads the supervisor has not reaped yet.
 *    A second exec of the same process waits for the first to finish.
 */
#ifndef SUPERVISE_EXECS_H
#define SUPERVISE_EXECS_H

#include <linux/seccomp.h>
#include <sys/types.h>
#include "supervise/machine.h"
#include "supervise/notify.h"
#include "supervise/session.h"

struct execs {
	const struct notifier *nf;
	struct machine *m;
	int memfd, stats_fd;		/* the supervisor's descriptors to hand over */
	/* The runtime's exec gadget page: an exec made there is one whose
	 * file the runtime found (faccessat) a moment before. */
	uint64_t gadget_from, gadget_to;
	struct seccomp_notif *deferred;	/* waiting for a sibling's exec */
	size_t ndeferred, cap;
	unsigned long seen, fast_failed;
	int base_filters;		/* the command's seccomp filter count */
	int interrupt_first;		/* filter_wait_killable_recv(): see continue_interrupted() */
	/* A task that cannot be put on the virtual clock (why: a sentence);
	 * failed: its exec was made to fail rather than run without the clock. */
	void (*refused)(void *ctx, pid_t pid, const char *why, int failed);
	void *ctx;
};

void execs_init(struct execs *x, const struct notifier *nf, struct machine *m,
		const struct session *s, void (*refused)(void *, pid_t, const char *, int), void *ctx);
void execs_free(struct execs *x);

/* Handles one execve/execveat notification. */
void execs_notified(struct execs *x, const struct seccomp_notif *req);

/* Takes up the deferred notifications again (after an exec finished). */
void execs_retry(struct execs *x);

/* How many seccomp filters a task runs under (/proc/PID/status), or -1. */
int execs_filter_count(pid_t pid);

#endif /* SUPERVISE_EXECS_H */
