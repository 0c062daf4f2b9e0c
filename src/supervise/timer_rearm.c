// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "supervise/abi.h"
#include "supervise/rt_peek.h"
#include "supervise/timer_rearm.h"

/* Whether kept timer t was converted with another map from real to
 * virtual than the one its clock follows now (the runtime's model_now: the
 * identity when the clock is not virtual).  A change re-bases every clock,
 * so the same map may come with another base: compared as maps. */
static int timer_stale(const struct rt_timer *t, void *session_page)
{
	const struct vclock_session *p = session_page;
	struct vclock_base was = { .real_ns = t->real_ns, .virt_ns = t->virt_ns };
	const struct vclock_base *b;

	if (!vclock_is_virtual(p, t->clk))
		return t->rate != VCLOCK_RATE_ONE || t->real_ns != t->virt_ns;
	b = &p->clock[vclock_base_clock(t->clk)];
	return t->rate != p->rate_q32 || vclock_apply(t->rate, &was, b->real_ns) != b->virt_ns;
}

/* Whether pid's runtime keeps a timer the change moved: only those are
 * told (a realtime offset leaves a monotonic timer, and its epoll_wait,
 * alone).  A table that cannot be read is told, to be safe. */
static int keeps_stale_timers(const struct session *s, pid_t pid)
{
	struct rt_data *d = malloc(sizeof(*d));
	char path[48];
	int fd, stale;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	stale = d && !rt_peek_data(s, fd, d) && d->ntimers > 0 &&
		rt_peek_timers(fd, pid, d, timer_stale, s->page) != 0;
	if (fd >= 0)
		close(fd);
	free(d);
	return stale;
}

size_t timer_rearm(const struct session *s, const pid_t *pids, size_t n)
{
	size_t i, told = 0;

	if (!s->rt_data_at)
		return 0;
	for (i = 0; i < n; i++) {
		siginfo_t si;

		if (!keeps_stale_timers(s, pids[i]))
			continue;
		memset(&si, 0, sizeof(si));
		si.si_signo = SIGSYS;
		si.si_code = SI_QUEUE;
		si.si_pid = getpid();
		si.si_uid = getuid();
		si.si_value.sival_ptr = (void *)(uintptr_t)RT_REARM_VALUE;
		if (!syscall(SYS_rt_sigqueueinfo, pids[i], SIGSYS, &si))
			told++;
	}
	return told;
}
