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
#define NR_mmap 9
#define NR_ioctl 16
#define PROT_RW 3
#define MAP_PRIVATE_ANON 0x22
#define TFD_IOC_SET_TICKS 0x40085400ul	/* _IOW('T', 0, u64) */
#define POLLIN 1

struct k_pollfd {
	int32_t fd;
	int16_t events, revents;
};

struct timer_model {
	uint64_t rate;
	int64_t real_ns, virt_ns, warped;
	uint32_t seq;
};

/* Slot i of the whole table (the data page's, then the chained struct
 * rt_timer_page of abi.h), or NULL past its end. */
static struct rt_timer *timer_slot(struct rt_data *d, unsigned long i)
{
	struct rt_timer_page *p;

	if (i < RT_TIMER_SLOTS)
		return &d->timers[i];
	i -= RT_TIMER_SLOTS;
	for (p = (struct rt_timer_page *)d->more_timers; p; p = (struct rt_timer_page *)p->next) {
		if (i < RT_TIMERS_PER_PAGE)
			return &p->timers[i];
		i -= RT_TIMERS_PER_PAGE;
	}
	return NULL;
}

/* The first slot of a page added at the end of the table, or NULL when
 * the kernel has no memory for it. */
static struct rt_timer *timers_grow(struct rt_data *d)
{
	long page = S(NR_mmap, 0, 4096, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
	uint64_t *link = &d->more_timers;

	if ((unsigned long)page >= -4095ul)
		return NULL;
	while (*link)
		link = &((struct rt_timer_page *)*link)->next;
	*link = (uint64_t)page;
	return &((struct rt_timer_page *)page)->timers[0];
}

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
		m->warped = LOAD(s->warped_ns);
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

/*
 * The real instant, on t's clock, of t's next expiry, with the kernel's
 * value of t: its time left plus a reading of the clock around it, taken
 * again while a preemption came between the reads (the sum would be off
 * by it, and timer_ours below would take the timer for another one).
 * 0, or -1: the timer is gone.
 */
#define TIMER_READ_NS 100000

static int timer_next(const struct rt_data *d, const struct rt_timer *t, struct k_itimerspec *cur,
		      int64_t *at)
{
	struct k_timespec a, b;
	int64_t before, after;
	int tries = 0;

	do {
		if (real_clock(d, t->clk, &a) || timer_get(t, cur) || real_clock(d, t->clk, &b))
			return -1;
		before = vclock_ts_to_ns(a.tv_sec, a.tv_nsec);
		after = vclock_ts_to_ns(b.tv_sec, b.tv_nsec);
	} while (after - before > TIMER_READ_NS && ++tries < 8);
	*at = sat_add(before + (after - before) / 2,
		      vclock_ts_to_ns(cur->it_value.tv_sec, cur->it_value.tv_nsec));
	return 0;
}

/*
 * The expiries of timerfd fd that the program has not read yet (fdinfo
 * "ticks:"; a poll first, so that a timer with none costs one call).  A
 * set zeroes them: a move puts them back (TFD_IOC_SET_TICKS, on a kernel
 * built with CONFIG_CHECKPOINT_RESTORE) or an expiry the program had
 * coming would be lost, and a blocking read would wait a period more.
 */
static uint64_t timerfd_ticks(long fd)
{
	char path[48] = "/proc/self/fdinfo/", buf[512];
	struct k_pollfd p = { .fd = (int32_t)fd, .events = POLLIN };
	long ticks;

	if (S(NR_poll, &p, 1, 0, 0, 0, 0) != 1 || !(p.revents & POLLIN))
		return 0;
	utoa(path + 18, fd);
	if (read_small(path, buf, sizeof(buf)) < 0 || find_field(buf, NULL, "ticks:", &ticks) ||
	    ticks < 0)
		return 0;
	return (uint64_t)ticks;
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
	int64_t left, next, at;
	uint64_t ticks;

	/* A child's copy of its parent's table: the parent moves a shared
	 * timerfd; POSIX timers and ITIMER_REAL are not inherited. */
	if (t->owner != self_pid() || timer_next(d, t, &cur, &at) ||
	    (!cur.it_value.tv_sec && !cur.it_value.tv_nsec) ||
	    vclock_ts_to_ns(cur.it_interval.tv_sec, cur.it_interval.tv_nsec) != t->real_interval) {
		timer_free(d, t);
		return;
	}
	left = vclock_ts_to_ns(cur.it_value.tv_sec, cur.it_value.tv_nsec);
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
		/* What a warp skipped meanwhile has passed for it too. */
		left = real_to_virt(left, paced(t->rate)) - (m.warped - t->warped);
		next = left > 0 ? virt_to_real(left, paced(m.rate)) : 0;
		if (!next)
			next = 1;	/* 0 would disarm it */
	}
	ns_to_kts(next, &its.it_value);
	t->real_interval = kernel_paced(m.rate) ? t->interval :
						  virt_to_real(t->interval, m.rate);
	ns_to_kts(t->real_interval, &its.it_interval);
	ticks = t->kind == RT_TIMER_FD ? timerfd_ticks(t->id) : 0;
	if (timer_set(t, t->flags, &its)) {
		timer_free(d, t);
		return;
	}
	if (ticks)
		S(NR_ioctl, t->id, TFD_IOC_SET_TICKS, &ticks, 0, 0, 0);
	if (t->kind == RT_TIMER_ITIMER)	/* kept in microseconds */
		t->real_interval = (t->real_interval + NSEC_PER_USEC - 1) / NSEC_PER_USEC *
				   NSEC_PER_USEC;
	/* A relative set counts from the moment of the call: read back. */
	if (!(t->flags & TIMER_ABSTIME) && timer_next(d, t, &cur, &next)) {
		timer_free(d, t);
		return;
	}
	t->real_next = next;
	t->rate = m.rate;
	t->real_ns = m.real_ns;
	t->virt_ns = m.virt_ns;
	t->warped = m.warped;
	d->rearms++;
}

/* Re-arms every kept timer, now or, if the table is busy, when its holder
 * lets it go. */
static void timers_rearm(struct rt_data *d)
{
	struct rt_timer *t;
	unsigned long i;

	__atomic_store_n(&d->rearm_again, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&d->rearm_again, __ATOMIC_SEQ_CST)) {
		if (__atomic_exchange_n(&d->timer_lock, 1, __ATOMIC_ACQUIRE))
			return;
		if (__atomic_exchange_n(&d->rearm_again, 0, __ATOMIC_SEQ_CST))
			for (i = 0; (t = timer_slot(d, i)); i++)
				if (t->kind)
					timer_move(d, t);
		__atomic_store_n(&d->timer_lock, 0, __ATOMIC_SEQ_CST);
	}
}

/*
 * Whether a kept timer that ends waits with a signal (a POSIX timer,
 * ITIMER_REAL) is due within TIMER_SIGNAL_SOON_NS.  Its signal, queued by
 * the kernel a moment after a set, may come after the re-arm handler looked
 * for pending signals and before a repeated wait begins: that wait would
 * then outlive the handler the program counted on to end it.
 */
#define TIMER_SIGNAL_SOON_NS (50 * NSEC_PER_MSEC)

static int timers_signal_soon(const struct rt_data *d)
{
	struct k_timespec now;
	const struct rt_timer *t;
	unsigned long i;

	for (i = 0; (t = timer_slot((struct rt_data *)d, i)); i++) {
		if (t->kind != RT_TIMER_POSIX && t->kind != RT_TIMER_ITIMER)
			continue;
		if (real_clock(d, t->clk, &now) ||
		    t->real_next - vclock_ts_to_ns(now.tv_sec, now.tv_nsec) <= TIMER_SIGNAL_SOON_NS)
			return 1;
	}
	return 0;
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
 * timer_lock.  Only with no memory for more slots does a timer work
 * without following a live change.
 */
static void timer_keep(struct rt_data *d, int kind, int id, int clk, int flags, int64_t interval,
		       const struct timer_model *m)
{
	struct rt_timer probe = { .kind = kind, .id = id, .clk = clk }, *t = NULL, *free_slot = NULL, *s;
	struct k_itimerspec cur;
	int64_t at;
	unsigned long i;

	for (i = 0; !t && (s = timer_slot(d, i)); i++) {
		if (s->kind == kind && s->id == id && s->owner == self_pid())
			t = s;
		else if (!s->kind && !free_slot)
			free_slot = s;
	}
	if (timer_next(d, &probe, &cur, &at) || (!cur.it_value.tv_sec && !cur.it_value.tv_nsec)) {
		if (t)
			timer_free(d, t);
		return;
	}
	if (!t) {
		if (!(t = free_slot) && !(t = timers_grow(d)))
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
	t->real_next = at;
	t->rate = m->rate;
	t->real_ns = m->real_ns;
	t->virt_ns = m->virt_ns;
	t->warped = m->warped;
	/* A change between the model and now: the supervisor may have
	 * looked at ntimers before this timer counted. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (read_begin(session(d)) != m->seq)
		__atomic_store_n(&d->rearm_again, 1, __ATOMIC_SEQ_CST);
}

/*
 * At an exec: the kept timers the kernel keeps across it, as execve's
 * sixth argument for the supervisor (abi.h, RT_CARRY_*).  The process's
 * own only: a forked child's copy names its parent's timers.
 */
static uint64_t timers_to_carry(struct rt_data *d)
{
	uint64_t bits = 0;
	struct rt_timer *t;
	unsigned long i;
	long pid;

	if (!__atomic_load_n(&d->ntimers, __ATOMIC_RELAXED))
		return 0;
	pid = self_pid();
	for (i = 0; (t = timer_slot(d, i)); i++) {
		if (!t->kind || t->owner != pid)
			continue;
		if (t->kind == RT_TIMER_ITIMER)
			bits |= RT_CARRY_ITIMER;
		else if (t->kind == RT_TIMER_FD && t->id >= 0)
			bits |= t->id < RT_CARRY_FDS ? 1ull << t->id : RT_CARRY_HIGH_FDS;
	}
	return bits ? RT_CARRY_MAGIC << RT_CARRY_SHIFT | bits : 0;
}

/* The virtual interval of a timer the kernel runs at real_interval. */
static int64_t carried_interval(const struct k_itimerspec *cur, uint64_t rate)
{
	int64_t real = vclock_ts_to_ns(cur->it_interval.tv_sec, cur->it_interval.tv_nsec);

	return kernel_paced(rate) ? real : real_to_virt(real, rate);
}

/* The model an adopted timer was set under: set_under, or (NULL) the
 * model of now. */
static void model_set_under(const struct rt_data *d, int clk, const struct timer_model *set_under,
			    struct timer_model *m)
{
	if (set_under)
		*m = *set_under;
	else
		model_now(d, clk, m);
}

/* Keeps timerfd fd, when it is an armed timer on a virtual clock, as set
 * under set_under (model_set_under). */
static void adopt_timerfd(struct rt_data *d, long fd, const struct timer_model *set_under)
{
	char path[48] = "/proc/self/fdinfo/", buf[512];
	struct k_itimerspec cur;
	struct timer_model m;
	long clk, flags;

	utoa(path + 18, fd);
	if (read_small(path, buf, sizeof(buf)) < 0 || find_field(buf, NULL, "clockid:", &clk) ||
	    !is_virtual(d, (int)clk))
		return;
	/* Printed in octal: 0, 01, 02 or 03 read the same in decimal. */
	if (find_field(buf, NULL, "settime flags:", &flags))
		flags = 0;
	if (S(NR_timerfd_gettime, fd, &cur, 0, 0, 0, 0))
		return;
	model_set_under(d, (int)clk, set_under, &m);
	timer_keep(d, RT_TIMER_FD, (int)fd, (int)clk, (int)flags, carried_interval(&cur, m.rate), &m);
}

static void adopt_itimer(struct rt_data *d, const struct timer_model *set_under)
{
	struct rt_timer probe = { .kind = RT_TIMER_ITIMER };
	struct k_itimerspec cur;
	struct timer_model m;

	if (!is_virtual(d, CLOCK_MONOTONIC) || timer_get(&probe, &cur))
		return;
	model_set_under(d, CLOCK_MONOTONIC, set_under, &m);
	timer_keep(d, RT_TIMER_ITIMER, 0, CLOCK_MONOTONIC, 0, carried_interval(&cur, m.rate), &m);
}

#define NR_getdents64 217
#define O_DIRECTORY_CLOEXEC 02200000

struct k_dirent64 {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

/* Keeps every timerfd numbered from min_fd up (adopt_timerfd): all the
 * descriptors of /proc/self/fd are looked at, not only the low ones. */
static void adopt_timerfds_from(struct rt_data *d, long min_fd, const struct timer_model *set_under)
{
	char buf[1024];
	long dir, n, i;

	dir = S(NR_open, "/proc/self/fd", O_DIRECTORY_CLOEXEC, 0, 0, 0, 0);
	while (dir >= 0 && (n = S(NR_getdents64, dir, buf, sizeof(buf), 0, 0, 0)) > 0) {
		for (i = 0; i < n;) {
			const struct k_dirent64 *e = (const void *)(buf + i);
			long fd;

			if (!parse_uint(e->name, &fd) && fd != dir && fd >= min_fd)
				adopt_timerfd(d, fd, set_under);
			i += e->reclen;
		}
	}
	if (dir >= 0)
		S(NR_close, dir, 0, 0, 0, 0, 0);
}

/*
 * At rt_init after an exec: keeps again the timers the old program kept
 * (carry, from timers_to_carry through the supervisor).  The old program
 * moved each to every change of the clock, so the model of now is the one
 * each was set under; the kernel tells the rest (a timerfd's clock and
 * flags from fdinfo).  What is not an armed timer on a virtual clock any
 * more (a timerfd closed by the exec, FD_CLOEXEC) is left alone.
 */
static void timers_adopt(struct rt_data *d, uint64_t carry)
{
	long fd;

	if (!rt_carry_of(carry))
		return;
	timers_lock(d);
	if (carry & RT_CARRY_ITIMER)
		adopt_itimer(d, NULL);
	for (fd = 0; fd < RT_CARRY_FDS; fd++)
		if (carry & (1ull << fd))
			adopt_timerfd(d, fd, NULL);
	if (carry & RT_CARRY_HIGH_FDS)
		adopt_timerfds_from(d, RT_CARRY_FDS, NULL);
	timers_unlock(d);
}

/* POSIX timers of the process (/proc/self/timers: "ID:", then its
 * "ClockID:"; the first 4 KiB of it, some sixty timers), kept as relative
 * ones: the kernel does not say which were set with TIMER_ABSTIME. */
static void adopt_posix_timers(struct rt_data *d, const struct timer_model *set_under)
{
	char buf[4096];
	const char *p = buf;
	long id = -1, clk;

	if (read_small("/proc/self/timers", buf, sizeof(buf)) <= 0)
		return;
	while (*p) {
		if (starts(p, "ID:"))
			parse_uint(p + 3, &id);
		else if (starts(p, "ClockID:") && id >= 0 && !parse_uint(p + 8, &clk) &&
			 is_virtual(d, (int)clk)) {
			struct rt_timer probe = { .kind = RT_TIMER_POSIX, .id = (int)id };
			struct k_itimerspec cur;

			if (!timer_get(&probe, &cur))
				timer_keep(d, RT_TIMER_POSIX, (int)id, (int)clk, 0,
					   carried_interval(&cur, set_under->rate), set_under);
			id = -1;
		}
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++;
	}
}

/*
 * At rt_init in a process vdsotool attach brings in (RT_CARRY_ATTACH):
 * every timer it has on a virtual clock, timerfds (all of /proc/self/fd),
 * POSIX timers and ITIMER_REAL, was set while its clocks were real, so
 * each is kept as set under the identity model and then moved to the
 * session's, as a live change moves it: a relative timer keeps the time it
 * had left (at --rate 10 a tenth of it in real time), an absolute
 * deadline on the realtime clock fires when the virtual clock comes to it
 * (at once when --at put the clock past it, as after settimeofday).
 */
static void timers_adopt_attach(struct rt_data *d)
{
	struct timer_model real;

	model_now(d, CLOCK_REALTIME, &real);
	real.rate = VCLOCK_RATE_ONE;
	real.real_ns = real.virt_ns = 0;
	real.seq--;		/* not the page's: timer_keep asks for a move */
	timers_lock(d);
	adopt_itimer(d, &real);
	adopt_posix_timers(d, &real);
	adopt_timerfds_from(d, 0, &real);
	timers_unlock(d);
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
