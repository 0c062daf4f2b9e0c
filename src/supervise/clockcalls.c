// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include "supervise/clockcalls.h"

/*
 * Writes into the caller.  The notification is checked first: its pid may
 * have died and been reused since the request was read, and writing into a
 * stranger's memory is the one thing that must never happen.
 */
static int put_user(int notify_fd, const struct seccomp_notif *req, uint64_t addr,
		    const void *buf, size_t len)
{
	struct iovec local = { (void *)buf, len }, remote = { (void *)addr, len };
	__u64 id = req->id;

	if (ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id))
		return -ENOENT;
	if (process_vm_writev(req->pid, &local, 1, &remote, 1, 0) != (ssize_t)len)
		return -EFAULT;
	return 0;
}

static void answer_clock_gettime(const struct session *s, int fd, const struct seccomp_notif *req,
				 struct seccomp_notif_resp *resp)
{
	int clk = (int)(uint32_t)req->data.args[0];
	struct timespec ts;
	int64_t ns, sec, nsec;

	resp->error = session_virtual_now(s, clk, &ns);
	if (resp->error)
		return;
	vclock_ns_to_ts(ns, &sec, &nsec);
	ts.tv_sec = sec;
	ts.tv_nsec = nsec;
	resp->error = put_user(fd, req, req->data.args[1], &ts, sizeof(ts));
}

static void answer_gettimeofday(const struct session *s, int fd, const struct seccomp_notif *req,
				struct seccomp_notif_resp *resp)
{
	struct timeval tv;
	struct timezone tz;
	int64_t ns = 0, sec, nsec;

	if (req->data.args[0]) {
		session_virtual_now(s, CLOCK_REALTIME, &ns);
		vclock_ns_to_ts(ns, &sec, &nsec);
		tv.tv_sec = sec;
		tv.tv_usec = nsec / 1000;
		resp->error = put_user(fd, req, req->data.args[0], &tv, sizeof(tv));
	}
	if (!resp->error && req->data.args[1]) {
		struct timeval ignored;

		/* The kernel's sys_tz, as the real call would report it. */
		gettimeofday(&ignored, &tz);
		resp->error = put_user(fd, req, req->data.args[1], &tz, sizeof(tz));
	}
}

static void answer_time(const struct session *s, int fd, const struct seccomp_notif *req,
			struct seccomp_notif_resp *resp)
{
	int64_t ns = 0, sec, nsec;
	time_t t;

	session_virtual_now(s, CLOCK_REALTIME_COARSE, &ns);
	vclock_ns_to_ts(ns, &sec, &nsec);
	t = (time_t)sec;
	resp->val = t;
	if (req->data.args[0])
		resp->error = put_user(fd, req, req->data.args[0], &t, sizeof(t));
}

int clockcalls_answer(const struct session *s, int notify_fd, const struct seccomp_notif *req,
		      struct seccomp_notif_resp *resp)
{
	resp->id = req->id;
	resp->val = 0;
	resp->error = 0;
	resp->flags = 0;
	switch (req->data.nr) {
	case __NR_clock_gettime:
		answer_clock_gettime(s, notify_fd, req, resp);
		return 1;
	case __NR_gettimeofday:
		answer_gettimeofday(s, notify_fd, req, resp);
		return 1;
	case __NR_time:
		answer_time(s, notify_fd, req, resp);
		return 1;
	}
	return 0;
}
