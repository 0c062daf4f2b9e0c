// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "supervise/sleeps.h"
#include "supervise/timens.h"

/*
 * The inverse of vclock_apply, rounded up so that the sleeper never wakes
 * before the virtual deadline, and saturating instead of wrapping.  A
 * frozen clock never gets there; its sleeps last as long in real time as
 * their distance from the frozen value, as at rate 1.
 */
int64_t sleeps_real_deadline(const struct vclock_session *p, int clk, int64_t virt)
{
	const struct vclock_base *b = &p->clock[clk];
	uint64_t rate = p->rate_q32 ? p->rate_q32 : VCLOCK_RATE_ONE;
	__int128 d = (__int128)virt - b->virt_ns, real;

	if (d > 0)
		d = ((d << 32) + (__int128)rate - 1) / (__int128)rate;
	real = (__int128)b->real_ns + d;
	if (real > INT64_MAX)
		return INT64_MAX;
	if (real < INT64_MIN)
		return INT64_MIN;
	return (int64_t)real;
}

/* Arms tfd for the real instant at which clk reaches virt; an instant
 * already past (or before the epoch) fires at once. */
static int arm(int tfd, const struct vclock_session *p, int clk, int64_t virt)
{
	struct itimerspec its = { { 0, 0 }, { 0, 1 } };
	int64_t real = sleeps_real_deadline(p, clk, virt), sec, nsec;

	if (real > 0) {
		vclock_ns_to_ts(real, &sec, &nsec);
		its.it_value.tv_sec = sec;
		its.it_value.tv_nsec = nsec;
	}
	return timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static int grow(struct sleeps *z)
{
	size_t cap;
	struct sleep_wait *n;

	if (z->n < z->cap)
		return 0;
	cap = z->cap ? z->cap * 2 : 16;
	n = realloc(z->w, cap * sizeof(*n));
	if (!n)
		return -ENOMEM;
	z->w = n;
	z->cap = cap;
	return 0;
}

int sleeps_begin(struct sleeps *z, const struct session *s, const struct notifier *nf,
		 const struct seccomp_notif *req)
{
	int clk = (int)(uint32_t)req->data.args[0];
	struct timespec ts;
	int64_t virt, off[VCLOCK_NCLOCKS];
	int tfd, err;

	if (!vclock_is_virtual(s->page, clk) || grow(z))
		return -1;
	err = notify_read(nf, req, req->data.args[2], &ts, sizeof(ts));
	if (err == -ENOENT)
		return 1;
	if (err || ts.tv_nsec < 0 || ts.tv_nsec >= VCLOCK_NSEC_PER_SEC || ts.tv_sec < 0) {
		notify_answer(nf, req->id, 0, err ? EFAULT : EINVAL);
		return 1;
	}
	/* In the supervisor's timeline, out of the caller's time namespace. */
	timens_offsets((pid_t)req->pid, off);
	virt = vclock_ts_to_ns(ts.tv_sec, ts.tv_nsec) - off[clk];
	if (sleeps_real_deadline(s->page, clk, virt) <= 0) {
		notify_answer(nf, req->id, 0, 0);
		return 1;
	}
	tfd = timerfd_create(clk, TFD_CLOEXEC | TFD_NONBLOCK);
	if (tfd < 0)
		return -1;
	if (arm(tfd, s->page, clk, virt)) {
		close(tfd);
		return -1;
	}
	z->w[z->n] = (struct sleep_wait){ .id = req->id, .tfd = tfd, .clk = clk, .virt = virt,
					  .tid = (pid_t)req->pid };
	z->n++;
	z->emulated++;
	return 0;
}

size_t sleeps_pollfds(const struct sleeps *z, struct pollfd *p, size_t max)
{
	size_t i;

	for (i = 0; i < z->n && i < max; i++) {
		p[i].fd = z->w[i].tfd;
		p[i].events = POLLIN;
		p[i].revents = 0;
	}
	return i;
}

void sleeps_fire(struct sleeps *z, const struct notifier *nf, const struct pollfd *p, size_t n)
{
	size_t i, keep = 0;

	for (i = 0; i < z->n; i++) {
		if (i < n && (p[i].revents & POLLIN)) {
			/* ENOENT: the sleeper was interrupted or died meanwhile. */
			notify_answer(nf, z->w[i].id, 0, 0);
			close(z->w[i].tfd);
			continue;
		}
		z->w[keep++] = z->w[i];
	}
	z->n = keep;
}

void sleeps_rearm(struct sleeps *z, const struct session *s)
{
	size_t i;

	/* Setting a timerfd also clears an expiry not yet read: a sleep whose
	 * deadline moved later does not end early. */
	for (i = 0; i < z->n; i++)
		arm(z->w[i].tfd, s->page, z->w[i].clk, z->w[i].virt);
}

/* The kernel's own "restart this call" (include/linux/errno.h), which the
 * return to user space turns into a restart when a signal or a ptrace
 * stop is pending; without one it would reach the program as is. */
#define ERESTARTNOINTR 513

void sleeps_end(struct sleeps *z, const struct notifier *nf, pid_t tid, int restart)
{
	size_t i, keep = 0;

	for (i = 0; i < z->n; i++) {
		if (z->w[i].tid == tid) {
			notify_answer(nf, z->w[i].id, 0, restart ? ERESTARTNOINTR : EINTR);
			close(z->w[i].tfd);
			continue;
		}
		z->w[keep++] = z->w[i];
	}
	z->n = keep;
}

void sleeps_sweep(struct sleeps *z, const struct notifier *nf)
{
	size_t i, keep = 0;

	for (i = 0; i < z->n; i++) {
		if (!notify_valid(nf, z->w[i].id)) {
			close(z->w[i].tfd);
			continue;
		}
		z->w[keep++] = z->w[i];
	}
	z->n = keep;
}

void sleeps_free(struct sleeps *z)
{
	size_t i;

	for (i = 0; i < z->n; i++)
		close(z->w[i].tfd);
	free(z->w);
	memset(z, 0, sizeof(*z));
}
