/* SPDX-License-Identifier: MIT */
/*
 * run --warp: when the whole tree waits for nothing but time, the virtual
 * clocks jump to the earliest deadline it waits for, and a test that
 * sleeps an hour ends at once, reading a clock an hour later.
 *
 * Idle means every thread of every process of the tree is blocked (state
 * S or D) in one of:
 *   - a wait the runtime holds for a virtual deadline (its instruction
 *     pointer in the runtime, the deadline in the process's struct
 *     rt_wait slots): a timed wait;
 *   - a futex wait without a timeout, wait4/waitid, pause, rt_sigsuspend,
 *     sigwaitinfo, a read of a timerfd, an epoll wait or a poll without a
 *     timeout on timerfds only: only another thread or a kernel timer can
 *     end it.
 * The earliest deadline is that of the runtimes' waits and of the kernel
 * timers they keep (struct rt_timer: those set through the runtime, which
 * under --warp are all but those set before the exec into the session).
 * Anything else (running, stopped, reading a pipe or a socket, a timed
 * wait on a real clock) is work or input the tree waits for, and no time
 * is skipped.  The tree must look idle, with the same earliest deadline,
 * at two scans in a row, and no thread may have run in between (their
 * schedstat run time and count unchanged).
 */
#ifndef SUPERVISE_WARP_H
#define SUPERVISE_WARP_H

#include <stdint.h>
#include <sys/types.h>
#include "clock/rebase.h"
#include "supervise/session.h"

/* What one thread is doing, from its /proc state and syscall line. */
enum warp_thread {
	WARP_BUSY,		/* running, or blocked on something but time */
	WARP_UNTIMED,		/* blocked until another thread acts */
	WARP_TIMED,		/* in a runtime wait: see its rt_wait slot */
	WARP_READ,		/* reading: untimed if from a timerfd, else busy */
	WARP_EPOLL,		/* epoll without a timeout: untimed if on timerfds only */
	WARP_POLL,		/* poll without a timeout: the same */
	WARP_GONE,		/* a zombie, or gone meanwhile */
};

/* state: the letter of /proc/TID/stat; line: /proc/TID/syscall's text;
 * [rt_start, rt_end): the runtime's code. */
enum warp_thread warp_classify(char state, const char *line, uint64_t rt_start, uint64_t rt_end);

struct warp {
	int64_t last_scan_ns;		/* real monotonic */
	int pending_clk;		/* the deadline the previous scan found, */
	int64_t pending;		/* on that clock (-1: none) */
	uint64_t pending_activity;	/* and what the threads had run by then */
	int hurry;			/* look again in WARP_CONFIRM_MS */
	uint64_t warps;			/* how many times the clocks jumped */
	int64_t skipped_ns;		/* how far in all */
};

/* Every WARP_SCAN_MS at most, from the supervisor's loop: scans the tree
 * and, idle twice with the same earliest deadline and no thread run in
 * between, moves the clocks there.  Returns 1 when it moved them.  The
 * second look, and the first after a jump, come WARP_CONFIRM_MS later. */
#define WARP_SCAN_MS 10
#define WARP_CONFIRM_MS 1
int warp_poll(struct warp *w, struct session *s, struct vclock_pace *pace);

/* How long the supervisor's loop may wait before the next warp_poll. */
int warp_timeout_ms(const struct warp *w);

#endif /* SUPERVISE_WARP_H */
