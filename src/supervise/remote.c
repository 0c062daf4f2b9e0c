// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include "supervise/remote.h"

int remote_begin(struct remote *r, pid_t pid, uint64_t gadget)
{
	r->pid = pid;
	r->gadget = gadget;
	r->pending_signal = 0;
	return ptrace(PTRACE_GETREGS, pid, 0, &r->saved) ? -errno : 0;
}

/*
 * Waits for the single-step trap.  Two other stops can come first, before
 * the tracee ran anything: the PTRACE_EVENT_STOP of the supervisor's
 * interrupt (when the exec finished before the interrupt was sent, the
 * trap is still pending), and a signal arriving meanwhile, which is kept
 * in *pending for delivery at detach.  Both are resumed into the step.
 */
static int wait_step(pid_t pid, int *pending)
{
	int status, event, sig;

	for (;;) {
		if (waitpid(pid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return -ESRCH;
		event = status >> 16;
		sig = WSTOPSIG(status);
		if (event == 0 && sig == SIGTRAP)
			return 0;
		if (event == PTRACE_EVENT_STOP || event == 0) {
			if (event == 0)
				*pending = sig;
			if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0))
				return -errno;
			continue;
		}
		return -EIO;
	}
}

int remote_leave_syscall(pid_t pid, int *pending)
{
	if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0))
		return -errno;
	return wait_step(pid, pending);
}

long remote_syscall(struct remote *r, int *perr, long nr, uint64_t a1, uint64_t a2, uint64_t a3,
		    uint64_t a4, uint64_t a5, uint64_t a6)
{
	struct user_regs_struct regs = r->saved;

	regs.rip = r->gadget;
	regs.rax = (uint64_t)nr;
	/* -1: not inside a system call, so no restart logic rewrites rip/rax
	 * when the tracee resumes from this stop. */
	regs.orig_rax = (uint64_t)-1;
	regs.rdi = a1;
	regs.rsi = a2;
	regs.rdx = a3;
	regs.r10 = a4;
	regs.r8 = a5;
	regs.r9 = a6;
	*perr = 0;
	if (ptrace(PTRACE_SETREGS, r->pid, 0, &regs) ||
	    ptrace(PTRACE_SINGLESTEP, r->pid, 0, 0)) {
		*perr = -errno;
		return *perr;
	}
	*perr = wait_step(r->pid, &r->pending_signal);
	if (*perr)
		return *perr;
	if (ptrace(PTRACE_GETREGS, r->pid, 0, &regs)) {
		*perr = -errno;
		return *perr;
	}
	return (long)regs.rax;
}

int remote_finish(struct remote *r)
{
	return ptrace(PTRACE_SETREGS, r->pid, 0, &r->saved) ? -errno : 0;
}
