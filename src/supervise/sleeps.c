// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "supervise/sleeps.h"

/*
 * The real reading at which clock clk shows virt: the inverse of
 * vclock_apply.  A frozen clock never gets there; its sleeps last as long
 * in real time as their distance from the frozen value, as at rate 1.
 */
static int64_t real_deadline(const struct vclock_session *p, int clk, int64_t virt)
{
	const struct vclock_base *b = &p->clock[clk];
	uint64_t rate = p->rate_q32 ? p->rate_q32 : VCLOCK_RATE_ONE;
	__int128 d = (__int128)(virt - b->virt_ns);

	if (d <= 0)
		return b->real_ns + (int64_t)d;
	d = (d << 32) / rate;
	return d > INT64_MAX - b->real_ns ? INT64_MAX : b->real_ns + (int64_t)d;
}

static int read_user(const struct seccomp_notif *req, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)addr, len };

	return process_vm_readv(req->pid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -EFAULT;
}

int sleeps_begin(struct sleeps *z, const struct session *s, int notify_fd,
		 const struct seccomp_notif *req, struct seccomp_notif_resp *resp)
{
	int clk = (int)(uint32_t)req->data.args[0];
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };
	struct timespec ts;
	int64_t sec, nsec, real;
	__u64 id = req->id;
	int tfd;

	(void)notify_fd;
	if (z->n == SLEEPS_MAX || !vclock_is_virtual(s->page, clk))
		return -1;
	resp->id = req->id;
	resp->val = 0;
	resp->flags = 0;
	resp->error = read_user(req, req->data.args[2], &ts, sizeof(ts));
	if (resp->error)
		return 1;
	if (ts.tv_nsec < 0 || ts.tv_nsec >= VCLOCK_NSEC_PER_SEC || ts.tv_sec < 0) {
		resp->error = -EINVAL;
		return 1;
	}
	real = real_deadline(s->page, clk, vclock_ts_to_ns(ts.tv_sec, ts.tv_nsec));
	vclock_ns_to_ts(real, &sec, &nsec);
	if (sec < 0)
		return 1;
	its.it_value.tv_sec = sec;
	its.it_value.tv_nsec = nsec ? nsec : (sec ? 0 : 1);
	tfd = timerfd_create(clk, TFD_CLOEXEC | TFD_NONBLOCK);
	if (tfd < 0)
		return -1;
	if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL)) {
		close(tfd);
		return -1;
	}
	z->s[z->n].id = id;
	z->s[z->n].tfd = tfd;
	z->n++;
	z->emulated++;
	return 0;
}

int sleeps_pollfds(const struct sleeps *z, struct pollfd *p, int max)
{
	int i;

	for (i = 0; i < z->n && i < max; i++) {
		p[i].fd = z->s[i].tfd;
		p[i].events = POLLIN;
		p[i].revents = 0;
	}
	return i;
}

void sleeps_fire(struct sleeps *z, int notify_fd, const struct pollfd *p, int n)
{
	int i, keep = 0;

	for (i = 0; i < z->n; i++) {
		if (i < n && (p[i].revents & POLLIN)) {
			struct seccomp_notif_resp resp = { z->s[i].id, 0, 0, 0 };

			/* ENOENT: the sleeper was interrupted or died meanwhile. */
			ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
			close(z->s[i].tfd);
			continue;
		}
		z->s[keep++] = z->s[i];
	}
	z->n = keep;
}
