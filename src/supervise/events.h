/* SPDX-License-Identifier: MIT */
/*
 * One place that turns what wait(2) reports about a tracee into an event,
 * the way strace's next_event() does: exit, exec, interrupt, group stop,
 * single-step trap, breakpoint trap, or a signal on its way to the task.
 * Pure functions of the wait status and the siginfo, so that the state
 * machine can be tested with recorded statuses.
 */
#ifndef SUPERVISE_EVENTS_H
#define SUPERVISE_EVENTS_H

#include <signal.h>
#include <sys/types.h>

enum trace_ev {
	TEV_EXITED,		/* exited or killed: the tid is gone */
	TEV_EXEC,		/* PTRACE_EVENT_EXEC; msg is the tid before the exec */
	TEV_INTERRUPT,		/* PTRACE_EVENT_STOP after PTRACE_INTERRUPT */
	TEV_GROUP_STOP,		/* PTRACE_EVENT_STOP of a job-control stop (sig) */
	TEV_STEP,		/* SIGTRAP from PTRACE_SINGLESTEP */
	TEV_BREAKPOINT,		/* SIGTRAP from an int3 */
	TEV_SIGNAL,		/* any other signal-delivery-stop (sig, code) */
	TEV_OTHER,		/* a ptrace event nobody asked for */
	TEV_CONTINUED,		/* SIGCONT woke it (WCONTINUED): it is not stopped */
};

struct trace_event {
	pid_t pid;
	enum trace_ev kind;
	int sig;		/* TEV_GROUP_STOP, TEV_SIGNAL; exit: the raw status */
	int code;		/* si_code of a signal-delivery-stop */
	unsigned long msg;	/* TEV_EXEC: the former tid */
	int status;		/* the raw wait status */
	siginfo_t info;		/* of a signal-delivery-stop, for re-injection */
};

/* Does a stop of a traced task need PTRACE_GETSIGINFO to be classified? */
int event_needs_siginfo(int status);

/* Fills ev from a wait status of a traced task (and its siginfo when
 * event_needs_siginfo() said so, else info may be NULL). */
void event_classify(pid_t pid, int status, const siginfo_t *info, struct trace_event *ev);

/* A name for messages and test failures. */
const char *event_name(enum trace_ev kind);

#endif /* SUPERVISE_EVENTS_H */
