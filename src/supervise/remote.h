/* SPDX-License-Identifier: MIT */
/*
 * System calls made by a ptrace-stopped tracee on the supervisor's behalf:
 * point its registers at a "syscall" instruction, single-step over it, read
 * the result.  The kernel reports the step at syscall exit, so the tracee
 * never runs a single instruction past the gadget.
 */
#ifndef SUPERVISE_REMOTE_H
#define SUPERVISE_REMOTE_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

struct remote {
	pid_t pid;
	struct user_regs_struct saved;	/* restored by remote_finish */
	uint64_t gadget;		/* address of a syscall instruction */
	int pending_signal;		/* arrived meanwhile: deliver at detach */
};

/*
 * At PTRACE_EVENT_EXEC the tracee is still inside execve, whose return
 * value would overwrite rax on the way out: one single step completes the
 * system call and stops at its exit, where the registers are final.
 */
int remote_leave_syscall(pid_t pid, int *pending);

/* Saves the registers of a stopped tracee. */
int remote_begin(struct remote *r, pid_t pid, uint64_t gadget);

/* Runs one system call; returns its raw result, or -errno of ptrace itself
 * in *perr (0 when the call ran). */
long remote_syscall(struct remote *r, int *perr, long nr, uint64_t a1, uint64_t a2, uint64_t a3,
		    uint64_t a4, uint64_t a5, uint64_t a6);

/* Puts the saved registers back. */
int remote_finish(struct remote *r);

#endif /* SUPERVISE_REMOTE_H */
