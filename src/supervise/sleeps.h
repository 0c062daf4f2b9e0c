/* SPDX-License-Identifier: MIT */
/*
 * Absolute sleeps on a virtual clock: clock_nanosleep(TIMER_ABSTIME) with
 * a deadline in virtual time.  The kernel would wait for that value on the
 * real clock (years, under --at 2030); the supervisor instead arms a
 * timerfd for the real instant at which the virtual clock reaches the
 * deadline and answers the notification when it fires.  A signal to the
 * sleeper cancels the notification in the kernel, so the sleep is
 * interrupted as a real one would be; the cancelled sleep is noticed within
 * a sweep interval and its timer freed.  There is no limit on how many
 * sleeps are pending.
 */
#ifndef SUPERVISE_SLEEPS_H
#define SUPERVISE_SLEEPS_H

#include <linux/seccomp.h>
#include <poll.h>
#include "supervise/notify.h"
#include "supervise/session.h"

/* How often pending sleeps are checked for cancellation. */
#define SLEEPS_SWEEP_MS 200

struct sleep_wait {
	__u64 id;
	int tfd;
	int clk;
	int64_t virt;			/* the deadline, in the supervisor's timeline */
	pid_t tid;			/* the sleeper */
};

struct sleeps {
	struct sleep_wait *w;
	size_t n, cap;
	unsigned long emulated;
};

/*
 * Handles a clock_nanosleep request.  Returns 1 when it was answered (an
 * error, or a deadline already past), 0 when the sleep is pending, -1 when
 * the call should simply continue in the kernel.
 */
int sleeps_begin(struct sleeps *z, const struct session *s, const struct notifier *nf,
		 const struct seccomp_notif *req);

/* Fills up to max pollfds for the pending sleeps; returns how many. */
size_t sleeps_pollfds(const struct sleeps *z, struct pollfd *p, size_t max);

/* Answers the sleeps whose timers fired (revents set in p, in order). */
void sleeps_fire(struct sleeps *z, const struct notifier *nf, const struct pollfd *p, size_t n);

/* Re-arms every pending sleep for the session's clocks as they are now
 * (after vdsotool ctl set): a deadline the clock has already passed fires
 * at once. */
void sleeps_rearm(struct sleeps *z, const struct session *s);

/*
 * Ends tid's pending sleeps (vdsotool detach).  restart: each call starts
 * over, in the kernel or here, as the session is by then; only for a
 * thread with a ptrace interrupt pending, for the restart happens on the
 * way to that stop (the notification's wait cannot be interrupted once
 * received: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV).  Else EINTR, which
 * an absolute sleep may return.
 */
void sleeps_end(struct sleeps *z, const struct notifier *nf, pid_t tid, int restart);

/* Frees the sleeps whose callers were interrupted or died. */
void sleeps_sweep(struct sleeps *z, const struct notifier *nf);

void sleeps_free(struct sleeps *z);

/* The real reading at which clock clk shows virt (exposed for tests). */
int64_t sleeps_real_deadline(const struct vclock_session *p, int clk, int64_t virt);

#endif /* SUPERVISE_SLEEPS_H */
