/* SPDX-License-Identifier: MIT */
/*
 * Kernel timers that follow a live change of the clock (vdsotool ctl,
 * --warp): part of the runtime's one translation unit, after waits.h.
 *
 * A timer the program sets through the runtime is converted once, with the
 * model (rate and base) of the moment, and the kernel then counts real
 * time.  Each such timer is kept in the data page (struct rt_timer) with
 * that model.  When the supervisor changes the session page it sends every
 * process that keeps timers a SIGSYS (SI_QUEUE, RT_REARM_VALUE); the
 * handler reads each timer's next expiry from the kernel, maps it back to
 * virtual time with the timer's own model, and sets it again for the new
 * one: an absolute deadline keeps its virtual instant (a jump of the
 * realtime clock past it fires it at once), a relative timer keeps the
 * virtual time it had left, and an interval is divided by the new rate.
 *
 * One thread at a time works on the table (timer_lock).  A re-arm that
 * comes while the lock is held (another thread, or this one interrupted
 * inside a set) is left to the holder, which runs it as it unlocks; a set
 * that read the page before a change re-arms itself (the supervisor may
 * have looked at ntimers before the set added its timer).
 */
#ifndef IMAGE_RUNTIME_TIMERS_H
#define IMAGE_RUNTIME_TIMERS_H

#define TIMER_FLAGS_KEPT 3	/* TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET */
#define SI_QUEUE (-1)

struct timer_model {
	uint64_t rate;
	int64_t real_ns, virt_ns;
	uint32_t seq;
};

/* The model clk follows now: the session's, or the identity when clk is
 * not virtual (after a detach, a clock left real). */
static void model_now(const struct rt_data *d, int clk, struct timer_model *m)
{
	const struct vclock_session *s = session(d);
	struct vclock_base b;
	uint32_t seq;

	do {
		seq = read_begin(s);
		load_params(s, vclock_base_clock(clk), &m->rate, &b);
		if (!vclock_is_virtual(s, clk)) {
			m->rate = VCLOCK_RATE_ONE;
			b.real_ns = b.virt_ns = 0;
		}
	} while (read_retry(s, seq));
	m->real_ns = b.real_ns;
	m->virt_ns = b.virt_ns;
	m->seq = seq;
}

static int model_same(const struct rt_timer *t, const struct timer_model *m)
{
	return t->rate == m->rate && t->real_ns == m->real_ns && t->virt_ns == m->virt_ns;
}

/* A frozen clock's timers count as at rate 1, as its relative waits do. */
static uint64_t paced(uint64_t rate)
{
	return rate ? rate : VCLOCK_RATE_ONE;
}

/* The virtual instant of real reading e under t's model, in the process's
 * namespace (the model runs in the supervisor's timeline). */
static int64_t timer_virt(const struct rt_timer *t, int64_t off, int64_t e)
{
	struct vclock_base b = { .real_ns = t->real_ns, .virt_ns = t->virt_ns };

	return sat_add(vclock_apply(paced(t->rate), &b, e - off), off);
}

/* The real reading at which virtual v comes under m, rounded up. */
static int64_t timer_real(const struct timer_model *m, int64_t off, int64_t v)
{
	int64_t delta = v - off - m->virt_ns;

	return sat_add(sat_add(m->real_ns, virt_to_real(delta, paced(m->rate))), off);
}

/* The kernel's value of timer t: 0, or -errno (it is gone). */
static long timer_get(const struct rt_timer *t, struct k_itimerspec *cur)
{
	struct k_itimerval itv;
	long ret;

	if (t->kind == RT_TIMER_FD)
		return S(NR_timerfd_gettime, t->id, cur, 0, 0, 0, 0);
	if (t->kind == RT_TIMER_POSIX)
		return S(NR_timer_gettime, t->id, cur, 0, 0, 0, 0);
	ret = S(NR_getitimer, ITIMER_REAL, &itv, 0, 0, 0, 0);
	cur->it_value.tv_sec = itv.it_value.tv_sec;
	cur->it_value.tv_nsec = itv.it_value.tv_usec * NSEC_PER_USEC;
	cur->it_interval.tv_sec = itv.it_interval.tv_sec;
	cur->it_interval.tv_nsec = itv.it_interval.tv_usec * NSEC_PER_USEC;
	return ret;
}

static long timer_set(const struct rt_timer *t, int flags, const struct k_itimerspec *its)
{
	struct k_itimerval itv;

	if (t->kind == RT_TIMER_FD)
		return S(NR_timerfd_settime, t->id, flags, its, 0, 0, 0);
	if (t->kind == RT_TIMER_POSIX)
		return S(NR_timer_settime, t->id, flags, its, 0, 0, 0);
	/* Rounded up to the microsecond: never before its time, never 0. */
	itv.it_value.tv_sec = its->it_value.tv_sec;
	itv.it_value.tv_usec = (its->it_value.tv_nsec + NSEC_PER_USEC - 1) / NSEC_PER_USEC;
	itv.it_interval.tv_sec = its->it_interval.tv_sec;
	itv.it_interval.tv_usec = (its->it_interval.tv_nsec + NSEC_PER_USEC - 1) / NSEC_PER_USEC;
	if (itv.it_value.tv_usec == 1000000) {
		itv.it_value.tv_sec++;
		itv.it_value.tv_usec = 0;
	}
	if (itv.it_interval.tv_usec == 1000000) {
		itv.it_interval.tv_sec++;
		itv.it_interval.tv_usec = 0;
	}
	return S(NR_setitimer, ITIMER_REAL, &itv, 0, 0, 0, 0);
}

static void timer_free(struct rt_data *d, struct rt_timer *t)
{
	t->kind = 0;
	__atomic_fetch_sub(&d->ntimers, 1, __ATOMIC_RELAXED);
}

/*
 * Moves one timer to the model its clock has now.  A timer that is not
 * armed any more (a one-shot that fired, one the program disarmed without
 * us, a closed descriptor, an id now another timer's, or the same timer set
 * again by a call the filter let through: its interval differs, or its next
 * expiry is not one the kept one can have come to) is forgotten instead.
 */
#define TIMER_SLACK_NS 1000000

static int timer_ours(const struct rt_timer *t, int64_t next)
{
	int64_t off = next - t->real_next, r;

	if (!t->real_interval)
		return off >= -TIMER_SLACK_NS && off <= TIMER_SLACK_NS;
	if (off < -TIMER_SLACK_NS)
		return 0;
	r = (off + TIMER_SLACK_NS) % t->real_interval;
	return r <= 2 * TIMER_SLACK_NS;
}

static void timer_move(struct rt_data *d, struct rt_timer *t)
{
	int64_t off = (unsigned)t->clk < INSTALL_NCLOCKS ? d->ns_offset[t->clk] : 0;
	struct k_itimerspec cur, its;
	struct timer_model m;
	struct k_timespec now;
	int64_t left, next, at;

	/* A child's copy of its parent's table: the parent moves a shared
	 * timerfd; POSIX timers and ITIMER_REAL are not inherited. */
	if (t->owner != self_pid() || timer_get(t, &cur) || real_clock(d, t->clk, &now) ||
	    (!cur.it_value.tv_sec && !cur.it_value.tv_nsec) ||
	    vclock_ts_to_ns(cur.it_interval.tv_sec, cur.it_interval.tv_nsec) != t->real_interval) {
		timer_free(d, t);
		return;
	}
	left = vclock_ts_to_ns(cur.it_value.tv_sec, cur.it_value.tv_nsec);
	at = sat_add(vclock_ts_to_ns(now.tv_sec, now.tv_nsec), left);
	if (!timer_ours(t, at)) {
		timer_free(d, t);
		return;
	}
	model_now(d, t->clk, &m);
	if (model_same(t, &m))
		return;
	if (t->flags & TIMER_ABSTIME) {
		next = timer_real(&m, off, timer_virt(t, off, at));
	} else {
		next = virt_to_real(real_to_virt(left, paced(t->rate)), paced(m.rate));
		if (!next)
			next = 1;	/* 0 would disarm it */
	}
	ns_to_kts(next, &its.it_value);
	t->real_interval = kernel_paced(m.rate) ? t->interval :
						  virt_to_real(t->interval, m.rate);
	ns_to_kts(t->real_interval, &its.it_interval);
	if (timer_set(t, t->flags, &its)) {
		timer_free(d, t);
		return;
	}
	if (t->kind == RT_TIMER_ITIMER)	/* kept in microseconds */
		t->real_interval = (t->real_interval + NSEC_PER_USEC - 1) / NSEC_PER_USEC *
				   NSEC_PER_USEC;
	t->real_next = t->flags & TIMER_ABSTIME ? next :
						  sat_add(vclock_ts_to_ns(now.tv_sec, now.tv_nsec), next);
	t->rate = m.rate;
	t->real_ns = m.real_ns;
	t->virt_ns = m.virt_ns;
	d->rearms++;
}

/* Re-arms every kept timer, now or, if the table is busy, when its holder
 * lets it go. */
static void timers_rearm(struct rt_data *d)
{
	int i;

	__atomic_store_n(&d->rearm_again, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&d->rearm_again, __ATOMIC_SEQ_CST)) {
		if (__atomic_exchange_n(&d->timer_lock, 1, __ATOMIC_ACQUIRE))
			return;
		if (__atomic_exchange_n(&d->rearm_again, 0, __ATOMIC_SEQ_CST))
			for (i = 0; i < RT_TIMER_SLOTS; i++)
				if (d->timers[i].kind)
					timer_move(d, &d->timers[i]);
		__atomic_store_n(&d->timer_lock, 0, __ATOMIC_SEQ_CST);
	}
}

static void timers_lock(struct rt_data *d)
{
	while (__atomic_exchange_n(&d->timer_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
}

static void timers_unlock(struct rt_data *d)
{
	__atomic_store_n(&d->timer_lock, 0, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&d->rearm_again, __ATOMIC_SEQ_CST))
		timers_rearm(d);
}

/*
 * Keeps (or forgets, when the set disarmed it) the timer just set under
 * model m, with the virtual interval the program asked for.  Under
 * timer_lock.  With no slot left the timer works but does not follow a
 * live change.
 */
static void timer_keep(struct rt_data *d, int kind, int id, int clk, int flags, int64_t interval,
		       const struct timer_model *m)
{
	struct rt_timer probe = { .kind = kind, .id = id }, *t = NULL, *free_slot = NULL;
	struct k_itimerspec cur;
	struct k_timespec now;
	int i;

	for (i = 0; i < RT_TIMER_SLOTS && !t; i++) {
		struct rt_timer *s = &d->timers[i];

		if (s->kind == kind && s->id == id && s->owner == self_pid())
			t = s;
		else if (!s->kind && !free_slot)
			free_slot = s;
	}
	if (timer_get(&probe, &cur) || real_clock(d, clk, &now) ||
	    (!cur.it_value.tv_sec && !cur.it_value.tv_nsec)) {
		if (t)
			timer_free(d, t);
		return;
	}
	if (!t) {
		if (!(t = free_slot))
			return;
		__atomic_fetch_add(&d->ntimers, 1, __ATOMIC_RELAXED);
	}
	t->kind = kind;
	t->id = id;
	t->clk = clk;
	t->flags = flags & TIMER_FLAGS_KEPT;
	t->owner = (int32_t)self_pid();
	t->interval = interval;
	t->real_interval = vclock_ts_to_ns(cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
	t->real_next = sat_add(vclock_ts_to_ns(now.tv_sec, now.tv_nsec),
			       vclock_ts_to_ns(cur.it_value.tv_sec, cur.it_value.tv_nsec));
	t->rate = m->rate;
	t->real_ns = m->real_ns;
	t->virt_ns = m->virt_ns;
	/* A change between the model and now: the supervisor may have
	 * looked at ntimers before this timer counted. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (read_begin(session(d)) != m->seq)
		__atomic_store_n(&d->rearm_again, 1, __ATOMIC_SEQ_CST);
}

/* Whether a SIGSYS is the supervisor's call to re-arm. */
static int is_rearm(const struct k_siginfo_sys *si)
{
	uint64_t value;

	if (si->si_code != SI_QUEUE)
		return 0;
	__builtin_memcpy(&value, (const char *)si + 24, sizeof(value));
	return value == RT_REARM_VALUE;
}

#endif /* IMAGE_RUNTIME_TIMERS_H */
