/* SPDX-License-Identifier: MIT */
/*
 * Relative waits and timers that follow a virtual clock running at a rate
 * other than 1: part of the runtime's one translation unit (runtime.c
 * includes it after its clock helpers: the blob is linked without
 * relocations, so it is compiled as one unit).
 *
 * The trap filter sends these calls here only when the session was
 * started with a rate or frozen (run's --rate, --freeze, a faketime rate):
 * at rate 1 a relative wait means the same in any time, and the default
 * mode must not pay for a trap on every poll.
 *
 * A relative wait of d, measured on clock C, becomes a deadline on the
 * virtual C (now + d), waited for in real slices of at most SLICE_NS, each
 * computed from the session page: a live change (vdsotool ctl) reaches a
 * wait within a slice.  A call that ends early (an event, a wake-up, a
 * signal) returns as the kernel's would; only the timeout is virtual.
 * Remaining-time outputs (nanosleep's rem, select's timeval, ppoll's and
 * pselect6's timespec) are given in virtual time.  A frozen clock's
 * relative waits take their real duration: a frozen clock would otherwise
 * never let them end.
 *
 * Kernel timers (timerfd, POSIX timers, ITIMER_REAL and alarm) cannot be
 * sliced: their relative values and intervals are divided by the rate
 * when they are set (a periodic timer fires R times as often) and their
 * readings multiplied back.  A live change re-arms them (timers.h).
 */
#ifndef IMAGE_RUNTIME_WAITS_H
#define IMAGE_RUNTIME_WAITS_H

#define NR_poll 7
#define NR_select 23
#define NR_nanosleep 35
#define NR_getitimer 36
#define NR_alarm 37
#define NR_setitimer 38
#define NR_timer_gettime 224
#define NR_epoll_wait 232
#define NR_timerfd_gettime 287
#define NR_rt_sigtimedwait 128

#define CLOCK_MONOTONIC 1
#define ITIMER_REAL 0
#define NSEC_PER_USEC 1000
#define NSEC_PER_MSEC 1000000

struct k_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct k_itimerval {
	struct k_timeval it_interval;
	struct k_timeval it_value;
};

/* The session's rate for clk, or exactly VCLOCK_RATE_ONE when clk is not
 * virtual; 0 when frozen. */
static uint64_t rate_of(const struct rt_data *d, int clk)
{
	if (!is_virtual(d, clk))
		return VCLOCK_RATE_ONE;
	return __atomic_load_n(&session(d)->rate_q32, __ATOMIC_RELAXED);
}

/* Whether waits on clk are the kernel's as asked: a real clock, rate 1, or
 * a frozen one (see above). */
static int kernel_paced(uint64_t rate)
{
	return rate == VCLOCK_RATE_ONE || rate == 0;
}

/* Virtual ns to real ns at rate (rounded up: never wake before); real to
 * virtual (rounded down: never report more left than there is). */
static int64_t virt_to_real(int64_t ns, uint64_t rate)
{
	uint64_t r;

	if (ns <= 0)
		return 0;
	r = scale_up((uint64_t)ns, rate);
	return r > INT64_MAX ? INT64_MAX : (int64_t)r;
}

static int64_t real_to_virt(int64_t ns, uint64_t rate)
{
	__int128 v = ((__int128)ns * (__int128)rate) >> 32;

	return v > INT64_MAX ? INT64_MAX : v < 0 ? 0 : (int64_t)v;
}

static int64_t sat_add(int64_t a, int64_t b)
{
	int64_t r;

	return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

static void ns_to_kts(int64_t ns, struct k_timespec *ts)
{
	int64_t sec, nsec;

	vclock_ns_to_ts(ns, &sec, &nsec);
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
}

static int kts_valid(const struct k_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < VCLOCK_NSEC_PER_SEC;
}

/* ---- a relative wait, sliced ---- */

struct vwait {
	int clk;
	int64_t until;		/* the virtual deadline on clk */
	int64_t real_until;	/* once the clock froze: a real monotonic deadline */
	struct rt_wait *slot;	/* where --warp sees it, or NULL */
	uint64_t rearms;	/* rt_data.rearm_signals as the slice began */
};


static int64_t real_monotonic(const struct rt_data *d)
{
	struct k_timespec ts;

	if (real_clock(d, CLOCK_MONOTONIC, &ts))
		return 0;
	return vclock_ts_to_ns(ts.tv_sec, ts.tv_nsec);
}

/* Starts a wait of rel virtual ns on clk.  Returns 0 when it must be
 * sliced, -1 when the kernel can wait as asked: a real clock, or a frozen
 * one.  At rate 1 it is sliced all the same, for a live change of the rate
 * to reach it (the trap is paid already; a slice costs a clock read). */
static int vwait_begin(const struct rt_data *d, int clk, int64_t rel, struct vwait *w)
{
	int64_t now;

	if (!is_virtual(d, clk) || !rate_of(d, clk) || virtual_now(d, clk, &now))
		return -1;
	w->clk = clk;
	w->until = sat_add(now, rel);
	w->real_until = 0;
	w->slot = wait_publish(d, clk, w->until);
	return 0;
}

/* The wait is over: ret passes through. */
static long vwait_end(struct vwait *w, long ret)
{
	wait_unpublish(w->slot);
	return ret;
}

/* The time left, 0 once the deadline has come: virtual, or real once the
 * clock froze or stopped being virtual (a detach: a relative wait keeps
 * the real time it had left under the last model). */
static int64_t vwait_left(const struct rt_data *d, struct vwait *w)
{
	struct k_timespec ts;
	int64_t now;

	if (!w->real_until && !is_virtual(d, w->clk) && !real_clock(d, w->clk, &ts))
		w->real_until = sat_add(real_monotonic(d),
					model_deadline(d, w->clk, w->until) -
						vclock_ts_to_ns(ts.tv_sec, ts.tv_nsec));
	if (w->real_until) {
		now = real_monotonic(d);
		return now >= w->real_until ? 0 : w->real_until - now;
	}
	if (virtual_now(d, w->clk, &now))
		return 0;
	return now >= w->until ? 0 : w->until - now;
}

/* The real ns to wait next (at most a slice), or 0: the deadline came.  A
 * clock that froze during the wait leaves the rest of it to real time,
 * as a wait that began frozen takes its real duration. */
static int64_t vwait_slice(const struct rt_data *d, struct vwait *w)
{
	int64_t left = vwait_left(d, w), real;
	uint64_t rate;

	if (!left)
		return 0;
	rate = w->real_until ? VCLOCK_RATE_ONE : rate_of(d, w->clk);
	if (!rate) {
		w->real_until = sat_add(real_monotonic(d), left);
		rate = VCLOCK_RATE_ONE;
	}
	real = virt_to_real(left, rate);
	w->rearms = rearms_now(d);
	return real > slice_max(d) ? slice_max(d) : real;
}

/*
 * Whether the slice that returned ret was ended by the supervisor's re-arm
 * SIGSYS, as an absolute sleep's can be.  The supervisor tells another
 * thread when it can (timer_rearm.c); a single-threaded program's timed
 * wait is told all the same.
 */
static int rearm_ended(const struct rt_data *d, const struct vwait *w, long ret)
{
	return rearm_ended_since(d, w->rearms, ret);
}

/*
 * One slice of a sleep, spent on the session page's seq: a change of the
 * clock (vdsotool ctl, a --warp) wakes it at once (the supervisor calls
 * FUTEX_WAKE there).  A timeout, a wake-up and a seq that moved all mean
 * "look again"; only a signal ends the sleep.
 */
static long sleep_slice(const struct rt_data *d, int64_t ns)
{
	const struct vclock_session *s = session(d);
	uint32_t seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
	struct k_timespec ts;
	long ret;

	ns_to_kts(ns, &ts);
	ret = S(NR_futex, &s->seq, FUTEX_WAIT, seq, &ts, 0, 0);
	return ret == -EINTR ? -EINTR : 0;
}

/* nanosleep, and clock_nanosleep without TIMER_ABSTIME: slept on the real
 * clock in slices; EINTR leaves the virtual time left in *rem. */
static long do_rel_sleep(const struct rt_data *d, long nr, const uint64_t *a)
{
	int clk = nr == NR_nanosleep ? CLOCK_MONOTONIC : (int)a[0];
	uint64_t reqp = nr == NR_nanosleep ? a[0] : a[2], remp = nr == NR_nanosleep ? a[1] : a[3];
	struct k_timespec req, ts;
	struct vwait w;
	int64_t slice;
	long ret;

	if (copy_in(&req, reqp, sizeof(req)))
		return -EFAULT;
	if (!kts_valid(&req))
		return -EINVAL;
	if (vwait_begin(d, clk, vclock_ts_to_ns(req.tv_sec, req.tv_nsec), &w))
		return PASS(nr, a[0], a[1], a[2], a[3], 0, 0);
	while ((slice = vwait_slice(d, &w))) {
		ret = sleep_slice(d, slice);
		if (rearm_ended(d, &w, ret))
			continue;
		if (ret == -EINTR && remp) {
			ns_to_kts(vwait_left(d, &w), &ts);
			if (copy_out(remp, &ts, sizeof(ts)))
				ret = -EFAULT;
		}
		if (ret)
			return vwait_end(&w, ret);
	}
	return vwait_end(&w, 0);
}

/* A signal mask argument with SIGSYS taken out (the runtime's handler must
 * stay reachable); mask is the storage. */
static long mask_arg(uint64_t p, uint64_t *mask, uint64_t *out)
{
	*out = 0;
	if (!p)
		return 0;
	if (copy_in(mask, p, sizeof(*mask)))
		return -EFAULT;
	*mask &= ~SIGSYS_BIT;
	*out = (uint64_t)(uintptr_t)mask;
	return 0;
}

/*
 * poll and ppoll: the real call, with a timeout of one slice, until
 * something happens or the virtual deadline comes.  ppoll writes the
 * virtual time left back, as the kernel writes the real one.
 */
static long do_poll(const struct rt_data *d, long nr, const uint64_t *a)
{
	uint64_t mask, maskp = 0;
	struct k_timespec req, ts;
	struct vwait w;
	int64_t rel, slice;
	long ret = 0;

	if (nr == NR_poll) {
		rel = (int64_t)(int32_t)a[2] * NSEC_PER_MSEC;
	} else {
		if (mask_arg(a[3], &mask, &maskp))
			return -EFAULT;
		if (!a[2])
			return PASS(NR_ppoll, a[0], a[1], 0, maskp, a[4], 0);
		if (copy_in(&req, a[2], sizeof(req)))
			return -EFAULT;
		if (!kts_valid(&req))
			return -EINVAL;
		rel = vclock_ts_to_ns(req.tv_sec, req.tv_nsec);
	}
	if (rel <= 0 || vwait_begin(d, CLOCK_MONOTONIC, rel, &w)) {
		if (nr == NR_poll)
			return PASS(NR_poll, a[0], a[1], a[2], 0, 0, 0);
		return PASS(NR_ppoll, a[0], a[1], a[2], maskp, a[4], 0);
	}
	while ((slice = vwait_slice(d, &w))) {
		ns_to_kts(slice, &ts);
		ret = S(NR_ppoll, a[0], a[1], &ts, maskp, a[4], 0);
		if (rearm_ended(d, &w, ret))
			continue;
		if (ret)
			break;
	}
	if (nr == NR_ppoll) {
		ns_to_kts(vwait_left(d, &w), &ts);
		if (copy_out(a[2], &ts, sizeof(ts)))
			ret = -EFAULT;
	}
	return vwait_end(&w, ret);
}

/*
 * select and pselect6.  The real call clears the sets when it times out,
 * so each slice starts from a copy of what the program asked for; sets of
 * more than SELECT_MAX_FDS descriptors are waited for as asked (the copy
 * lives on the signal stack).
 */
#define SELECT_MAX_FDS 1024
#define SELECT_WORDS (SELECT_MAX_FDS / 64)

static long do_select(const struct rt_data *d, long nr, const uint64_t *a)
{
	uint64_t sets[3][SELECT_WORDS], arg[2] = { 0, 8 }, mask, maskp = 0, bytes;
	struct k_timespec req, ts;
	struct k_timeval tv;
	struct vwait w;
	int64_t rel, slice;
	long ret = 0, n = (long)(int32_t)a[0];
	int i;

	if (nr == NR_pselect6 && a[5]) {
		if (copy_in(arg, a[5], sizeof(arg)) || mask_arg(arg[0], &mask, &maskp))
			return -EFAULT;
		arg[0] = maskp;
	}
	if (!a[4]) {
		if (nr == NR_select)
			return PASS(NR_select, a[0], a[1], a[2], a[3], 0, 0);
		return PASS(NR_pselect6, a[0], a[1], a[2], a[3], 0, arg);
	}
	if (nr == NR_select) {
		if (copy_in(&tv, a[4], sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		rel = sat_add(vclock_ts_to_ns(tv.tv_sec, 0), tv.tv_usec * NSEC_PER_USEC);
	} else {
		if (copy_in(&req, a[4], sizeof(req)))
			return -EFAULT;
		if (!kts_valid(&req))
			return -EINVAL;
		rel = vclock_ts_to_ns(req.tv_sec, req.tv_nsec);
	}
	if (n < 0 || n > SELECT_MAX_FDS || rel <= 0 ||
	    vwait_begin(d, CLOCK_MONOTONIC, rel, &w)) {
		if (nr == NR_select)
			return PASS(NR_select, a[0], a[1], a[2], a[3], a[4], 0);
		return PASS(NR_pselect6, a[0], a[1], a[2], a[3], a[4], arg);
	}
	bytes = (uint64_t)(n + 63) / 64 * 8;
	for (i = 0; i < 3; i++)
		if (a[1 + i] && copy_in(sets[i], a[1 + i], bytes))
			return vwait_end(&w, -EFAULT);
	while ((slice = vwait_slice(d, &w))) {
		ns_to_kts(slice, &ts);
		ret = S(NR_pselect6, a[0], a[1], a[2], a[3], &ts, arg);
		if (ret && !rearm_ended(d, &w, ret))
			break;
		for (i = 0; i < 3; i++)
			if (a[1 + i])
				copy_out(a[1 + i], sets[i], bytes);
	}
	ns_to_kts(vwait_left(d, &w), &ts);
	if (nr == NR_select) {
		tv.tv_sec = ts.tv_sec;
		tv.tv_usec = ts.tv_nsec / NSEC_PER_USEC;
		return vwait_end(&w, copy_out(a[4], &tv, sizeof(tv)) ? -EFAULT : ret);
	}
	return vwait_end(&w, copy_out(a[4], &ts, sizeof(ts)) ? -EFAULT : ret);
}

/* epoll_wait, epoll_pwait (milliseconds) and epoll_pwait2 (a timespec):
 * sliced with epoll_pwait2. */
static long do_epoll(const struct rt_data *d, long nr, const uint64_t *a)
{
	uint64_t mask, maskp = 0;
	struct k_timespec req, ts;
	struct vwait w;
	int64_t rel, slice;
	long ret = 0;

	if (nr != NR_epoll_wait && mask_arg(a[4], &mask, &maskp))
		return -EFAULT;
	if (nr == NR_epoll_pwait2) {
		if (!a[3])
			return PASS(nr, a[0], a[1], a[2], 0, maskp, a[5]);
		if (copy_in(&req, a[3], sizeof(req)))
			return -EFAULT;
		if (!kts_valid(&req))
			return -EINVAL;
		rel = vclock_ts_to_ns(req.tv_sec, req.tv_nsec);
	} else {
		rel = (int64_t)(int32_t)a[3] * NSEC_PER_MSEC;
	}
	if (rel <= 0 || vwait_begin(d, CLOCK_MONOTONIC, rel, &w))
		return PASS(nr, a[0], a[1], a[2], a[3], maskp, a[5]);
	while ((slice = vwait_slice(d, &w))) {
		ns_to_kts(slice, &ts);
		ret = S(NR_epoll_pwait2, a[0], a[1], a[2], &ts, maskp, maskp ? a[5] : 8);
		if (rearm_ended(d, &w, ret))
			continue;
		if (ret)
			break;
	}
	return vwait_end(&w, ret);
}

/* FUTEX_WAIT's timeout is relative, on CLOCK_MONOTONIC.  A wake-up that
 * comes between two slices is not lost when, as every user of futexes
 * does, the waker changed the word first: the next slice's FUTEX_WAIT
 * returns EAGAIN and the program looks again. */
static long do_futex_wait(const struct rt_data *d, const uint64_t *a)
{
	struct k_timespec req, ts;
	struct vwait w;
	int64_t slice;
	long ret = -ETIMEDOUT;

	if (copy_in(&req, a[3], sizeof(req)))
		return -EFAULT;
	if (!kts_valid(&req) || vwait_begin(d, CLOCK_MONOTONIC,
					     vclock_ts_to_ns(req.tv_sec, req.tv_nsec), &w))
		return PASS(NR_futex, a[0], a[1], a[2], a[3], a[4], a[5]);
	while ((slice = vwait_slice(d, &w))) {
		ns_to_kts(sat_add(real_monotonic(d), slice), &ts);
		ret = futex_slice(d, a[0], a[1], (uint32_t)a[2], CLOCK_MONOTONIC, &ts);
		if (ret != -ETIMEDOUT && !rearm_ended(d, &w, ret))
			return vwait_end(&w, ret);
	}
	return vwait_end(&w, -ETIMEDOUT);
}

/* rt_sigtimedwait: a relative timeout on CLOCK_MONOTONIC; EAGAIN when it
 * passes with no signal. */
static long do_sigtimedwait(const struct rt_data *d, const uint64_t *a)
{
	struct k_timespec req, ts;
	struct vwait w;
	int64_t slice;
	long ret = -EAGAIN;

	if (copy_in(&req, a[2], sizeof(req)))
		return -EFAULT;
	if (!kts_valid(&req) || vwait_begin(d, CLOCK_MONOTONIC,
					     vclock_ts_to_ns(req.tv_sec, req.tv_nsec), &w))
		return S(NR_rt_sigtimedwait, a[0], a[1], a[2], a[3], 0, 0);
	while ((slice = vwait_slice(d, &w))) {
		ns_to_kts(slice, &ts);
		ret = S(NR_rt_sigtimedwait, a[0], a[1], &ts, a[3], 0, 0);
		if (ret != -EAGAIN && !rearm_ended(d, &w, ret))
			return vwait_end(&w, ret);
	}
	return vwait_end(&w, -EAGAIN);
}

/* ---- timers ---- */

static void kts_scale(struct k_timespec *ts, uint64_t rate, int to_real)
{
	int64_t ns = vclock_ts_to_ns(ts->tv_sec, ts->tv_nsec);

	if (!ns)
		return;
	ns_to_kts(to_real ? virt_to_real(ns, rate) : real_to_virt(ns, rate), ts);
}

static void ktv_scale(struct k_timeval *tv, uint64_t rate, int to_real)
{
	struct k_timespec ts = { tv->tv_sec, tv->tv_usec * NSEC_PER_USEC };

	kts_scale(&ts, rate, to_real);
	tv->tv_sec = ts.tv_sec;
	/* Rounded up when it is a timer's value: never before its time. */
	tv->tv_usec = (ts.tv_nsec + (to_real ? NSEC_PER_USEC - 1 : 0)) / NSEC_PER_USEC;
	if (tv->tv_usec == 1000000) {
		tv->tv_sec++;
		tv->tv_usec = 0;
	}
}

/* The clock a timer of call nr (set or get) measures on, or -1. */
static int timer_clock_of(long nr, long id)
{
	return nr == NR_timerfd_settime || nr == NR_timerfd_gettime ? timerfd_clock(id) :
								      timer_clock(id);
}

/* timerfd_settime and timer_settime: an absolute value on a virtual clock
 * becomes the real instant it stands for; under a rate, a relative value
 * and the interval are divided by it, and the old value read back in
 * virtual time. */
static long do_settime(const struct rt_data *d, long nr, int clk, const uint64_t *a)
{
	struct k_itimerspec its, old;
	uint64_t rate;
	long ret;

	if (clk < 0 || !is_virtual(d, clk) || !a[2])
		return S(nr, a[0], a[1], a[2], a[3], 0, 0);
	rate = rate_of(d, clk);
	if (copy_in(&its, a[2], sizeof(its)))
		return -EFAULT;
	/* A zero it_value disarms, whatever the clock. */
	if (its.it_value.tv_sec || its.it_value.tv_nsec) {
		if (a[1] & TIMER_ABSTIME)
			to_real(d, clk, &its.it_value);
		else if (!kernel_paced(rate))
			kts_scale(&its.it_value, rate, 1);
	}
	if (!kernel_paced(rate))
		kts_scale(&its.it_interval, rate, 1);
	ret = S(nr, a[0], a[1], &its, a[3] ? &old : 0, 0, 0);
	if (ret || !a[3])
		return ret;
	if (!kernel_paced(rate)) {
		kts_scale(&old.it_value, rate, 0);
		kts_scale(&old.it_interval, rate, 0);
	}
	return copy_out(a[3], &old, sizeof(old));
}

static long do_gettime(const struct rt_data *d, long nr, const uint64_t *a)
{
	int clk = timer_clock_of(nr, (long)a[0]);
	uint64_t rate = clk < 0 ? VCLOCK_RATE_ONE : rate_of(d, clk);
	struct k_itimerspec cur;
	long ret;

	if (kernel_paced(rate))
		return S(nr, a[0], a[1], 0, 0, 0, 0);
	ret = S(nr, a[0], &cur, 0, 0, 0, 0);
	if (ret)
		return ret;
	kts_scale(&cur.it_value, rate, 0);
	kts_scale(&cur.it_interval, rate, 0);
	return copy_out(a[1], &cur, sizeof(cur));
}

/* ITIMER_REAL and alarm count on CLOCK_MONOTONIC, as the kernel's timer
 * for them does (setting the realtime clock does not move them). */
static long do_setitimer(const struct rt_data *d, const uint64_t *a)
{
	uint64_t rate = rate_of(d, CLOCK_MONOTONIC);
	struct k_itimerval its, old;
	long ret;

	if ((long)a[0] != ITIMER_REAL || kernel_paced(rate))
		return S(NR_setitimer, a[0], a[1], a[2], 0, 0, 0);
	if (a[1]) {
		if (copy_in(&its, a[1], sizeof(its)))
			return -EFAULT;
		if (its.it_value.tv_usec < 0 || its.it_value.tv_usec >= 1000000 ||
		    its.it_interval.tv_usec < 0 || its.it_interval.tv_usec >= 1000000)
			return -EINVAL;
		ktv_scale(&its.it_value, rate, 1);
		ktv_scale(&its.it_interval, rate, 1);
	}
	ret = S(NR_setitimer, a[0], a[1] ? &its : 0, a[2] ? &old : 0, 0, 0, 0);
	if (ret || !a[2])
		return ret;
	ktv_scale(&old.it_value, rate, 0);
	ktv_scale(&old.it_interval, rate, 0);
	return copy_out(a[2], &old, sizeof(old));
}

static long do_getitimer(const struct rt_data *d, const uint64_t *a)
{
	uint64_t rate = rate_of(d, CLOCK_MONOTONIC);
	struct k_itimerval cur;
	long ret;

	if ((long)a[0] != ITIMER_REAL || kernel_paced(rate))
		return S(NR_getitimer, a[0], a[1], 0, 0, 0, 0);
	ret = S(NR_getitimer, a[0], &cur, 0, 0, 0, 0);
	if (ret)
		return ret;
	ktv_scale(&cur.it_value, rate, 0);
	ktv_scale(&cur.it_interval, rate, 0);
	return copy_out(a[1], &cur, sizeof(cur));
}

/* alarm(s) is setitimer(ITIMER_REAL, s seconds): alarm(1) under rate 10
 * is a tenth of a second, never 0 (which would cancel it).  The old value
 * is rounded as the kernel rounds it. */
static long do_alarm(const struct rt_data *d, const uint64_t *a)
{
	uint64_t rate = rate_of(d, CLOCK_MONOTONIC);
	struct k_itimerval its = { { 0, 0 }, { (int64_t)(uint32_t)a[0], 0 } }, old;
	long ret;

	if (kernel_paced(rate))
		return S(NR_alarm, a[0], 0, 0, 0, 0, 0);
	ktv_scale(&its.it_value, rate, 1);
	ret = S(NR_setitimer, ITIMER_REAL, &its, &old, 0, 0, 0);
	if (ret)
		return ret;
	ktv_scale(&old.it_value, rate, 0);
	if ((!old.it_value.tv_sec && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
		old.it_value.tv_sec++;
	return old.it_value.tv_sec;
}

#endif /* IMAGE_RUNTIME_WAITS_H */
