// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include "supervise/events.h"

#ifndef TRAP_BRKPT
#define TRAP_BRKPT 1
#endif
#ifndef TRAP_TRACE
#define TRAP_TRACE 2
#endif

int event_needs_siginfo(int status)
{
	return WIFSTOPPED(status) && (status >> 16) == 0;
}

/*
 * A single step reports SIGTRAP with TRAP_TRACE, or TRAP_BRKPT when the
 * step ends a system call (x86's syscall-exit report); int3 reports
 * SI_KERNEL.  A SIGTRAP sent with kill() carries SI_USER or SI_TKILL and is
 * an ordinary signal for the task.
 */
static enum trace_ev trap_kind(int code)
{
	if (code == TRAP_TRACE || code == TRAP_BRKPT)
		return TEV_STEP;
	if (code == SI_KERNEL)
		return TEV_BREAKPOINT;
	return TEV_SIGNAL;
}

void event_classify(pid_t pid, int status, const siginfo_t *info, struct trace_event *ev)
{
	int event = status >> 16;

	memset(ev, 0, sizeof(*ev));
	ev->pid = pid;
	ev->status = status;
	if (WIFCONTINUED(status)) {
		ev->kind = TEV_CONTINUED;
		return;
	}
	if (!WIFSTOPPED(status)) {
		ev->kind = TEV_EXITED;
		ev->sig = status;
		return;
	}
	ev->sig = WSTOPSIG(status);
	switch (event) {
	case 0:
		ev->code = info ? info->si_code : 0;
		if (info)
			ev->info = *info;
		ev->kind = ev->sig == SIGTRAP ? trap_kind(ev->code) : TEV_SIGNAL;
		return;
	case PTRACE_EVENT_EXEC:
		ev->kind = TEV_EXEC;
		return;
	case PTRACE_EVENT_STOP:
		/* Under PTRACE_SEIZE a group stop reports its stopping signal;
		 * an interrupt (or a stop while listening) reports SIGTRAP. */
		ev->kind = ev->sig == SIGTRAP ? TEV_INTERRUPT : TEV_GROUP_STOP;
		return;
	default:
		ev->kind = TEV_OTHER;
		return;
	}
}

const char *event_name(enum trace_ev kind)
{
	static const char *const names[] = {
		[TEV_EXITED] = "exited", [TEV_EXEC] = "exec", [TEV_INTERRUPT] = "interrupt",
		[TEV_GROUP_STOP] = "group-stop", [TEV_STEP] = "step",
		[TEV_BREAKPOINT] = "breakpoint", [TEV_SIGNAL] = "signal", [TEV_OTHER] = "other",
		[TEV_CONTINUED] = "continued",
	};

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}
