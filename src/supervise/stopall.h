/* SPDX-License-Identifier: MIT */
/*
 * Every thread of a running process, held still by ptrace, as `strace -p`
 * does: PTRACE_SEIZE and PTRACE_INTERRUPT each thread listed in
 * /proc/PID/task, again until a pass finds no new one (a thread created
 * meanwhile is created by a thread not yet stopped), then wait for each
 * one's stop.  Nothing is changed in the process; the caller does that,
 * then lets them all go.
 */
#ifndef SUPERVISE_STOPALL_H
#define SUPERVISE_STOPALL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stopall {
	pid_t pid;
	pid_t *tid;
	int *sig;			/* a signal each one stopped for, handed back at release */
	size_t n, cap;
};

/*
 * Seizes and stops every thread of pid.  0, or -errno with why in err
 * (-ESRCH: no such process; -EPERM: ptrace refused).  On failure the
 * threads already seized are let go.
 */
int stopall_seize(struct stopall *s, pid_t pid, char *err, size_t errlen);

/*
 * The same, calling unblock(ctx, tid) for each thread once it is seized
 * and interrupted, before its stop is waited for: a thread blocked where
 * an interrupt cannot reach it (in a seccomp notification the caller
 * holds) must be let out by the caller.
 */
int stopall_seize_unblocking(struct stopall *s, pid_t pid, void (*unblock)(void *ctx, pid_t tid),
			     void *ctx, char *err, size_t errlen);

struct stopall_range {
	uint64_t lo, hi;		/* [lo, hi) */
};

/*
 * Single-steps every thread whose instruction pointer lies in one of the
 * ranges until it is in none, except one standing exactly at an address
 * of keep[] (nkeep of them): code is about to change there.  0, or -EBUSY
 * when a thread stayed inside for too long (a blocked system call).
 */
int stopall_step_out(struct stopall *s, const struct stopall_range *r, size_t nr,
		     const uint64_t *keep, size_t nkeep);

/* Detaches every thread, handing back the signals they stopped for. */
void stopall_release(struct stopall *s);

#endif /* SUPERVISE_STOPALL_H */
