/* SPDX-License-Identifier: MIT */
/*
 * Everything the injection state machine does to a tracee, behind a table
 * of operations: ptrace requests, the tracee's memory, signals.  The
 * supervisor plugs in the real system calls (tracer_sys); the unit tests
 * plug in a recorder that plays back wait statuses and checks every step.
 * None of these operations waits: waiting happens in one place only, the
 * supervisor's event loop.
 */
#ifndef SUPERVISE_TRACER_H
#define SUPERVISE_TRACER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

enum resume_how {
	RESUME_CONT,
	RESUME_STEP,
	RESUME_DETACH,
};

struct tracer_ops {
	int (*getregs)(void *ctx, pid_t tid, struct user_regs_struct *regs);
	int (*setregs)(void *ctx, pid_t tid, const struct user_regs_struct *regs);
	int (*getsigmask)(void *ctx, pid_t tid, uint64_t *mask);
	int (*setsigmask)(void *ctx, pid_t tid, uint64_t mask);
	int (*setsiginfo)(void *ctx, pid_t tid, const siginfo_t *info);
	/* PTRACE_CONT, PTRACE_SINGLESTEP or PTRACE_DETACH with signal sig. */
	int (*resume)(void *ctx, pid_t tid, enum resume_how how, int sig);
	/* The tracee's memory, through /proc/TID/mem (which can write into
	 * read-only text, as a debugger's breakpoints do). */
	int (*mem_open)(void *ctx, pid_t tid);
	int (*mem_read)(void *ctx, int fd, uint64_t addr, void *buf, size_t len);
	int (*mem_write)(void *ctx, int fd, uint64_t addr, const void *buf, size_t len);
	void (*mem_close)(void *ctx, int fd);
	/* AT_SYSINFO_EHDR of the tracee, or 0. */
	uint64_t (*vdso_base)(void *ctx, pid_t tid);
	int (*kill)(void *ctx, pid_t tid, int sig);
	/* Is SIGCONT pending (blocked) for the task? */
	int (*sigcont_pending)(void *ctx, pid_t tid);
	/* Its time namespace's offsets, per clock id (struct vclock_proc). */
	void (*timens)(void *ctx, pid_t tid, int64_t *off);
};

struct tracer {
	const struct tracer_ops *ops;
	void *ctx;
};

/* The real thing: ptrace(2), /proc, tgkill. */
extern const struct tracer_ops tracer_sys;

#endif /* SUPERVISE_TRACER_H */
