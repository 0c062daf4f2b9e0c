/* SPDX-License-Identifier: MIT */
/*
 * Absolute sleeps on a virtual clock: clock_nanosleep(TIMER_ABSTIME) with
 * a deadline in virtual time.  The kernel would wait for that value on the
 * real clock (years, under --at 2030); the supervisor instead arms a
 * timerfd for the real instant at which the virtual clock reaches the
 * deadline and answers the notification when it fires.  A signal to the
 * sleeper cancels the notification in the kernel, so the sleep is
 * interrupted as a real one would be; the late answer is then ignored.
 */
#ifndef SUPERVISE_SLEEPS_H
#define SUPERVISE_SLEEPS_H

#include <linux/seccomp.h>
#include <poll.h>
#include "supervise/session.h"

#define SLEEPS_MAX 256

struct sleeps {
	int n;
	struct {
		__u64 id;
		int tfd;
	} s[SLEEPS_MAX];
	unsigned long emulated;
};

/*
 * Handles a clock_nanosleep request.  Returns 1 when resp holds an answer
 * to send now (an error, or a deadline already past), 0 when the sleep is
 * pending, -1 when the call should simply continue in the kernel.
 */
int sleeps_begin(struct sleeps *z, const struct session *s, int notify_fd,
		 const struct seccomp_notif *req, struct seccomp_notif_resp *resp);

/* Fills pollfds for the pending sleeps; returns how many. */
int sleeps_pollfds(const struct sleeps *z, struct pollfd *p, int max);

/* Answers the sleeps whose timers fired (revents set in p, in order). */
void sleeps_fire(struct sleeps *z, int notify_fd, const struct pollfd *p, int n);

#endif /* SUPERVISE_SLEEPS_H */
