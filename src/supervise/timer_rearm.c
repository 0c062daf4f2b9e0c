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
#include "supervise/timer_rearm.h"

/* Whether kept timer t of pid was converted with another map from real to
 * virtual than the one its clock follows now (the runtime's model_now:
 * the identity when the clock is not virtual).  A change re-bases every
 * clock, so the same map may come with another base: compared as maps. */
static int timer_stale(const struct vclock_session *p, pid_t pid, const struct rt_timer *t)
{
	struct vclock_base was = { .real_ns = t->real_ns, .virt_ns = t->virt_ns };
	const struct vclock_base *b;
	int clk = t->clk;

	if (!t->kind || t->owner != pid)
		return 0;
	if (!vclock_is_virtual(p, clk))
		return t->rate != VCLOCK_RATE_ONE || t->real_ns != t->virt_ns;
	b = &p->clock[vclock_base_clock(clk)];
	return t->rate != p->rate_q32 || vclock_apply(t->rate, &was, b->real_ns) != b->virt_ns;
}

/* Whether pid's runtime keeps a timer the change moved: only those are
 * told (a realtime offset leaves a monotonic timer, and its epoll_wait,
 * alone).  What cannot be read is told, to be safe. */
static int keeps_stale_timers(const struct session *s, pid_t pid)
{
	struct rt_timer_page page;
	struct rt_data *d = malloc(sizeof(*d));
	char path[48];
	uint64_t at;
	int fd, i, pages = 0, stale = 0;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !d) {
		free(d);
		if (fd >= 0)
			close(fd);
		return 0;	/* gone */
	}
	if (pread(fd, d, sizeof(*d), (off_t)s->rt_data_at) != (ssize_t)sizeof(*d) ||
	    d->magic != RT_DATA_MAGIC || d->ntimers <= 0)
		goto out;
	for (i = 0; i < RT_TIMER_SLOTS && !stale; i++)
		stale = timer_stale(s->page, pid, &d->timers[i]);
	for (at = d->more_timers; at && !stale; at = page.next) {
		if (++pages > 4096 ||
		    pread(fd, &page, sizeof(page), (off_t)at) != (ssize_t)sizeof(page)) {
			stale = 1;
			break;
		}
		for (i = 0; i < (int)RT_TIMERS_PER_PAGE && !stale; i++)
			stale = timer_stale(s->page, pid, &page.timers[i]);
	}
out:
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
