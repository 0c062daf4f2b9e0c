// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "supervise/clockcalls.h"
#include "supervise/timens.h"

/* The caller's virtual reading, in its own time namespace. */
static int virtual_now(const struct session *s, const struct seccomp_notif *req, int clk,
		       int64_t *ns)
{
	int64_t off[VCLOCK_NCLOCKS];
	int err = session_virtual_now(s, clk, ns);

	if (!err && (unsigned)clk < VCLOCK_NCLOCKS && timens_offsets((pid_t)req->pid, off))
		*ns += off[clk];
	return err;
}

static int answer_clock_gettime(const struct session *s, const struct notifier *nf,
				const struct seccomp_notif *req)
{
	int clk = (int)(uint32_t)req->data.args[0];
	struct timespec ts;
	int64_t ns, sec, nsec;
	int err = virtual_now(s, req, clk, &ns);

	if (err)
		return err;
	vclock_ns_to_ts(ns, &sec, &nsec);
	ts.tv_sec = sec;
	ts.tv_nsec = nsec;
	return notify_write(nf, req, req->data.args[1], &ts, sizeof(ts));
}

static int answer_gettimeofday(const struct session *s, const struct notifier *nf,
			       const struct seccomp_notif *req)
{
	struct timeval tv;
	struct timezone tz;
	int64_t ns = 0, sec, nsec;
	int err = 0;

	if (req->data.args[0]) {
		virtual_now(s, req, CLOCK_REALTIME, &ns);
		vclock_ns_to_ts(ns, &sec, &nsec);
		tv.tv_sec = sec;
		tv.tv_usec = nsec / 1000;
		err = notify_write(nf, req, req->data.args[0], &tv, sizeof(tv));
	}
	if (!err && req->data.args[1]) {
		struct timeval ignored;

		/* The kernel's sys_tz, as the real call would report it. */
		gettimeofday(&ignored, &tz);
		err = notify_write(nf, req, req->data.args[1], &tz, sizeof(tz));
	}
	return err;
}

static int answer_time(const struct session *s, const struct notifier *nf,
		       const struct seccomp_notif *req, time_t *t)
{
	int64_t ns = 0, sec, nsec;

	virtual_now(s, req, CLOCK_REALTIME_COARSE, &ns);
	vclock_ns_to_ts(ns, &sec, &nsec);
	*t = (time_t)sec;
	if (req->data.args[0])
		return notify_write(nf, req, req->data.args[0], t, sizeof(*t));
	return 0;
}

int clockcalls_answer(const struct session *s, const struct notifier *nf,
		      const struct seccomp_notif *req)
{
	time_t t = 0;
	int err;

	switch (req->data.nr) {
	case __NR_clock_gettime:
		err = answer_clock_gettime(s, nf, req);
		break;
	case __NR_gettimeofday:
		err = answer_gettimeofday(s, nf, req);
		break;
	case __NR_time:
		err = answer_time(s, nf, req, &t);
		break;
	default:
		return 0;
	}
	/* ENOENT: the caller is gone or was interrupted; nobody to answer. */
	if (err != -ENOENT)
		notify_answer(nf, req->id, t, err ? -err : 0);
	return 1;
}
