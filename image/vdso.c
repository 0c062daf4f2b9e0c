// SPDX-License-Identifier: MIT
/*
 * The replacement vDSO that `vdsotool run` maps into every process of the
 * tree in place of the kernel's.  Virtual clocks are the real ones read
 * through the original vDSO (moved by the supervisor to an address fixed
 * for the session, so the seccomp filter lets its fallback system calls
 * through) and transformed by the session's model.  Everything else is
 * forwarded to the original untouched.
 *
 * Built -nostdlib -fPIC with image.lds: it must not need relocations, so
 * it reaches its data only through hidden symbols (RIP-relative).
 */
#include <stddef.h>
#include <stdint.h>
#include "clock/model.h"
#include "clock/seqread.h"

#define ENOSYS 38

/* The kernel's x86_64 ABI types; no libc header is available here. */
struct k_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct k_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct k_timezone;

extern const struct vclock_session vdsotool_session_page __attribute__((visibility("hidden")));
extern struct vclock_stats vdsotool_stats_page __attribute__((visibility("hidden")));
extern const struct vclock_proc vdsotool_proc_page __attribute__((visibility("hidden")));

typedef int (*clock_gettime_fn)(int, struct k_timespec *);
typedef int (*gettimeofday_fn)(struct k_timeval *, struct k_timezone *);
typedef long (*time_fn)(long *);
typedef int (*getcpu_fn)(unsigned *, unsigned *, void *);
typedef long (*getrandom_fn)(void *, size_t, unsigned, void *, size_t);

/* The exported entry points, declared for -Wmissing-prototypes. */
int __vdso_clock_gettime(int clk, struct k_timespec *ts);
int __vdso_gettimeofday(struct k_timeval *tv, struct k_timezone *tz);
long __vdso_time(long *t);
int __vdso_clock_getres(int clk, struct k_timespec *res);
int __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache);
long __vdso_getrandom(void *buf, size_t len, unsigned flags, void *state, size_t state_len);

static inline const struct vclock_session *session(void)
{
	return &vdsotool_session_page;
}

static inline void count_read(const struct vclock_session *s)
{
	if (__builtin_expect(s->stats_enabled, 0))
		__atomic_fetch_add(&vdsotool_stats_page.image_reads, 1, __ATOMIC_RELAXED);
}

/* Reads clk through the original vDSO and turns it virtual, consistently
 * with one version of the parameters.  In a time namespace, the model runs
 * on the supervisor's timeline. */
static inline int read_virtual(const struct vclock_session *s, clock_gettime_fn orig, int clk,
			       struct k_timespec *ts)
{
	int64_t sec, nsec, off = vdsotool_proc_page.offset_ns[clk];
	struct vclock_base base;
	uint64_t rate;
	uint32_t seq;
	int ret;

	do {
		seq = read_begin(s);
		ret = orig(clk, ts);
		if (ret)
			return ret;
		load_params(s, clk, &rate, &base);
	} while (read_retry(s, seq));
	sec = ts->tv_sec;
	nsec = ts->tv_nsec;
	if (__builtin_expect(off == 0 && rate == VCLOCK_RATE_ONE, 1))
		vclock_shift_ts(&base, &sec, &nsec);
	else if (off != 0 || !vclock_scale_ts(rate, &base, &sec, &nsec))
		vclock_ns_to_ts(vclock_apply(rate, &base, vclock_ts_to_ns(sec, nsec) - off) + off,
				&sec, &nsec);
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
	return 0;
}

int __vdso_clock_gettime(int clk, struct k_timespec *ts)
{
	const struct vclock_session *s = session();
	clock_gettime_fn orig = (clock_gettime_fn)s->orig_clock_gettime;
	int ret;

	if (!orig)
		return -ENOSYS;
	if (!vclock_is_virtual(s, clk))
		return orig(clk, ts);
	ret = read_virtual(s, orig, clk, ts);
	if (ret)
		return ret;
	count_read(s);
	return 0;
}

int __vdso_gettimeofday(struct k_timeval *tv, struct k_timezone *tz)
{
	const struct vclock_session *s = session();
	clock_gettime_fn cgt = (clock_gettime_fn)s->orig_clock_gettime;
	gettimeofday_fn orig = (gettimeofday_fn)s->orig_gettimeofday;
	struct k_timespec ts;
	int ret;

	if (!orig || !cgt)
		return -ENOSYS;
	if (!tv || !vclock_is_virtual(s, 0))
		return orig(tv, tz);
	if (tz) {
		ret = orig(NULL, tz);
		if (ret)
			return ret;
	}
	ret = read_virtual(s, cgt, 0, &ts);
	if (ret)
		return ret;
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	count_read(s);
	return 0;
}

/* The kernel's time() reads the coarse realtime seconds; so does this one. */
long __vdso_time(long *t)
{
	const struct vclock_session *s = session();
	clock_gettime_fn cgt = (clock_gettime_fn)s->orig_clock_gettime;
	time_fn orig = (time_fn)s->orig_time;
	struct k_timespec ts;

	if (!orig || !cgt)
		return -ENOSYS;
	if (!vclock_is_virtual(s, 5))
		return orig(t);
	if (read_virtual(s, cgt, 5, &ts))
		return orig(t);
	if (t)
		*t = ts.tv_sec;
	count_read(s);
	return ts.tv_sec;
}

/* A virtual clock ticks at the real one's resolution. */
int __vdso_clock_getres(int clk, struct k_timespec *res)
{
	clock_gettime_fn orig = (clock_gettime_fn)session()->orig_clock_getres;

	return orig ? orig(clk, res) : -ENOSYS;
}

int __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
	getcpu_fn orig = (getcpu_fn)session()->orig_getcpu;

	return orig ? orig(cpu, node, cache) : -ENOSYS;
}

long __vdso_getrandom(void *buf, size_t len, unsigned flags, void *state, size_t state_len)
{
	getrandom_fn orig = (getrandom_fn)session()->orig_getrandom;

	return orig ? orig(buf, len, flags, state, state_len) : -ENOSYS;
}

int clock_gettime(int, struct k_timespec *) __attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct k_timeval *, struct k_timezone *)
	__attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
int clock_getres(int, struct k_timespec *) __attribute__((weak, alias("__vdso_clock_getres")));
int getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
long getrandom(void *, size_t, unsigned, void *, size_t)
	__attribute__((weak, alias("__vdso_getrandom")));
