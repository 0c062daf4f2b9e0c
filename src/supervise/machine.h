/* SPDX-License-Identifier: MIT */
/*
 * The exec-time injection, as an explicit state machine per task.
 *
 *   execve notification ──seize, add fds, CONTINUE, INTERRUPT──▶ EXEC_WAIT
 *   EXEC_WAIT ──PTRACE_EVENT_EXEC──▶ INSTALLING   (installer copied over the
 *                                                  entry page, signals blocked)
 *   EXEC_WAIT ──interrupt / group stop / signal──▶ CLOSING (the exec failed:
 *                                                  close the fds through a
 *                                                  syscall instruction) or done
 *   INSTALLING ──int3 at the installer's trap──▶ done (page, registers and
 *                                                  signal mask restored; detach)
 *   CLOSING ──single-step trap after close──▶ CLOSING (next fd) or done
 *   RELEASE ──any stop──▶ done (a task seized in vain: detached)
 *   any ──exit──▶ gone;   any ──interrupt stop──▶ same state, resumed again
 *
 * Asynchronous signals are blocked (PTRACE_SETSIGMASK) from the first stop
 * to the detach, so none is lost or reordered: they stay pending and arrive
 * afterwards.  SIGSTOP, which cannot be blocked, is remembered and the stop
 * re-created at detach unless a SIGCONT came after it.  A fault of the
 * task's own (SIGSEGV at the installer or the gadget) ends the attempt; the
 * machine never steps a task twice for the same reason, so it cannot loop.
 * Nothing here waits: events come from the supervisor's single waiter.
 */
#ifndef SUPERVISE_MACHINE_H
#define SUPERVISE_MACHINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>
#include "supervise/abi.h"
#include "supervise/events.h"
#include "supervise/tracer.h"

#define MACHINE_CODE_MAX 4096

enum task_state {
	TS_EXEC_WAIT,
	TS_INSTALLING,
	TS_CLOSING,
	TS_RELEASE,		/* seized for nothing: let go at its next stop */
};

enum inject_outcome {
	OUT_INJECTED,		/* the new program runs on the virtual clock */
	OUT_EXEC_FAILED,	/* the exec failed; the old program goes on as it was */
	OUT_SKIPPED,		/* the new program runs on the real clock (why) */
	OUT_KILLED,		/* it could not be left runnable and was killed (why) */
	OUT_GONE,		/* it died meanwhile */
};

struct machine_report {
	pid_t pid;
	enum inject_outcome outcome;
	char why[160];
};

/* What every injection of a session shares. */
struct machine_config {
	const unsigned char *installer;	/* the installer blob */
	size_t installer_len;
	size_t params_off;		/* where its struct install_params goes */
	size_t entry_off;		/* where it starts */
	size_t trap_off;		/* its int3 */
	struct install_params params;	/* fd and stats_fd are per task */
	uint64_t fixed_gadget;		/* a syscall instruction of the moved kernel vDSO */
	uint64_t vdso_gadget_off;	/* the same within an unmoved kernel vDSO */
	/* What an extension adds to one task's parameters (run_extension's
	 * exec_params), or NULL. */
	void (*task_params)(void *ctx, pid_t tid, struct install_params *p);
	void *task_params_ctx;
};

struct task {
	pid_t tid;
	enum task_state state;
	int fd, stats_fd;		/* session fds in the tracee; -1 when none */
	enum resume_how resume_how;	/* repeated after an interrupt stop */
	int stop_sig;			/* a job-control stop to re-create */
	int have_info;			/* a signal to deliver at detach */
	siginfo_t info;
	int mask_saved;
	uint64_t saved_mask;
	struct user_regs_struct regs;	/* the program's own, put back at the end */
	int memfd;			/* /proc/TID/mem, or -1 */
	uint64_t page;			/* where the installer was copied */
	size_t code_len;
	uint64_t gadget;		/* CLOSING: the syscall instruction used */
	uint64_t carry;			/* timers for the new runtime (abi.h RT_CARRY_*) */
	unsigned char saved_code[MACHINE_CODE_MAX];
};

typedef void (*machine_report_fn)(void *ctx, const struct machine_report *r);

struct machine {
	struct tracer tr;
	const struct machine_config *cfg;
	struct task **tasks;
	size_t n, cap;
	machine_report_fn report;
	void *report_ctx;
};

void machine_init(struct machine *m, const struct tracer *tr, const struct machine_config *cfg,
		  machine_report_fn report, void *ctx);
void machine_free(struct machine *m);

/* A task seized at its execve notification, whose exec was let go and
 * interrupted; fd and stats_fd were added to it (-1: none).  -ENOMEM. */
int machine_add_exec(struct machine *m, pid_t tid, int fd, int stats_fd);

/* The timers its new program is to keep again (abi.h, RT_CARRY_*), as
 * its exec's notification named them. */
void machine_exec_carry(struct machine *m, pid_t tid, uint64_t carry);

/* A task seized but not to be injected after all (its notification went
 * away): it was interrupted, and is detached at the stop that follows,
 * since a running tracee cannot be detached.  -ENOMEM. */
int machine_add_release(struct machine *m, pid_t tid);

/* Feeds one event.  Returns 1 if it was a task of the machine's. */
int machine_event(struct machine *m, const struct trace_event *ev);

/* Is tid one of the machine's tasks? */
int machine_knows(const struct machine *m, pid_t tid);

/* Its state, or -1. */
int machine_state(const struct machine *m, pid_t tid);

/*
 * A task the machine holds notified another execve: its last exec failed
 * and the interrupt that would have stopped it is still pending (it was
 * back in the kernel before it could act).  The task becomes EXEC_WAIT for
 * this exec, with these fds (-1: keep the ones it has).  -ENOENT if not held.
 */
int machine_rearm_exec(struct machine *m, pid_t tid, int fd, int stats_fd);

/* The session fds the task holds for the machine (-1: none). */
void machine_task_fds(const struct machine *m, pid_t tid, int *fd, int *stats_fd);

/* The tasks in flight (for the exec serialisation of a thread group). */
static inline size_t machine_count(const struct machine *m)
{
	return m->n;
}

static inline pid_t machine_tid(const struct machine *m, size_t i)
{
	return m->tasks[i]->tid;
}

/* The signals blocked during an injection: all but those a fault raises. */
uint64_t machine_block_mask(void);

#endif /* SUPERVISE_MACHINE_H */
