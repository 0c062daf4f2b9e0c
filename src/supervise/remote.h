/* SPDX-License-Identifier: MIT */
/*
 * System calls made by a stopped tracee on the tracer's behalf: its
 * registers point at a syscall instruction already in its address space
 * (the kernel vDSO has one), one single step runs it, the result is in
 * rax.  The exec-time machine (machine.c) steps its close() calls this way
 * from the event loop; attach (attach.c) runs a whole sequence, waiting
 * for each step itself, on a process nobody else is tracing.
 */
#ifndef SUPERVISE_REMOTE_H
#define SUPERVISE_REMOTE_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

/* The registers that make the instruction at gadget run system call nr.
 * orig_rax is -1: not inside a system call, so no restart logic rewrites
 * rip or rax when the task resumes. */
void remote_regs(struct user_regs_struct *r, uint64_t gadget, long nr, const uint64_t a[6]);

struct remote {
	pid_t tid;
	uint64_t gadget;
	struct user_regs_struct saved;	/* put back by remote_end */
	uint64_t saved_mask;
	int stop_sig;			/* a stop signal that came meanwhile, re-sent at the end */
	int other_sig;			/* any other signal, re-sent at the end */
};

/* tid is in a ptrace stop: saves its registers and blocks its signals.
 * 0 or -errno. */
int remote_begin(struct remote *r, pid_t tid, uint64_t gadget);

/* Starts system call nr in the tracee (one single step); 0 or -errno. */
int remote_start(struct remote *r, long nr, const uint64_t a[6]);

/* Waits for the step to end; *ret gets the kernel's value (-4095..-1 is
 * -errno).  0, or -errno when the task went away or did not step. */
int remote_finish(struct remote *r, long *ret);

/* Both; returns the kernel's value, or a ptrace failure as -errno. */
long remote_call(struct remote *r, long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		 uint64_t a4, uint64_t a5);

/*
 * Calls fn(a0, a1, a2) in the tracee, on its own stack below the red zone,
 * returning to address 0: the fault there ends the call (nothing else
 * runs: the tracee's signals are blocked).  0 with fn's return value in
 * *ret, or -errno (-EFAULT: it faulted elsewhere).
 */
int remote_fcall(struct remote *r, uint64_t fn, uint64_t a0, uint64_t a1, uint64_t a2, long *ret);

/* Puts the registers and the signal mask back; the task stays stopped. */
int remote_end(struct remote *r);

#endif /* SUPERVISE_REMOTE_H */
