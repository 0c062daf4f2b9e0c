// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <unistd.h>
#include "supervise/rt_peek.h"

int rt_peek_data(const struct session *s, int mem, struct rt_data *d)
{
	if (mem < 0 || pread(mem, d, sizeof(*d), (off_t)s->rt_data_at) != (ssize_t)sizeof(*d) ||
	    d->magic != RT_DATA_MAGIC)
		return -1;
	return 0;
}

static int each_own(const struct rt_timer *t, size_t n, pid_t pid,
		    int (*fn)(const struct rt_timer *t, void *arg), void *arg)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		if (t[i].kind && t[i].owner == pid && (r = fn(&t[i], arg)))
			return r;
	return 0;
}

int rt_peek_timers(int mem, pid_t pid, const struct rt_data *d,
		   int (*fn)(const struct rt_timer *t, void *arg), void *arg)
{
	struct rt_timer_page page;
	uint64_t at;
	int pages = 0, r = each_own(d->timers, RT_TIMER_SLOTS, pid, fn, arg);

	for (at = d->more_timers; at && !r; at = page.next) {
		if (++pages > 4096 ||
		    pread(mem, &page, sizeof(page), (off_t)at) != (ssize_t)sizeof(page))
			return -1;
		r = each_own(page.timers, RT_TIMERS_PER_PAGE, pid, fn, arg);
	}
	return r;
}
