/* SPDX-License-Identifier: MIT */
/*
 * The virtual-clock model, shared by the supervisor and the replacement
 * vDSO image (so it is header-only, freestanding, and free of division
 * instructions on the hot path: constant divisors become multiplications).
 *
 * For each virtualised clock:  virtual = virt_base + rate * (real - real_base)
 * with rate an unsigned 32.32 fixed-point number; rate 1 is a plain offset
 * and rate 0 a frozen clock.  The transform is monotone in real, so a clock
 * that never goes backwards in the kernel never does here either, and it
 * is clamped at virt_base: a clock never reads below its start.  That is
 * what lets a coarse clock share its fine clock's base (a coarse reading
 * taken just after the start lags it by up to a tick) and still keep the
 * kernel's order, coarse <= fine.
 */
#ifndef SRC_CLOCK_MODEL_H
#define SRC_CLOCK_MODEL_H

#include <stdint.h>

#define VCLOCK_NSEC_PER_SEC 1000000000LL
#define VCLOCK_RATE_ONE (1ull << 32)
#define VCLOCK_NCLOCKS 12		/* clock ids 0..11 (CLOCK_REALTIME..CLOCK_TAI) */
#define VCLOCK_SESSION_MAGIC 0x7664736fu	/* "vdso" */
#define VCLOCK_SESSION_VERSION 1

struct vclock_base {
	int64_t real_ns;		/* the real clock when the session started */
	int64_t virt_ns;		/* the virtual clock at that instant */
	/* The same, pre-split for the rate-1 fast path, which then needs no
	 * multiplication: virtual = real + off, never below virt. */
	int64_t off_sec, off_nsec;	/* virt_ns - real_ns, 0 <= off_nsec < 1e9 */
	int64_t virt_sec, virt_nsec;	/* virt_ns */
	/* And for the other rates: the reading is scaled in seconds and
	 * nanoseconds since the base, never as one number of nanoseconds. */
	int64_t real_sec, real_nsec;	/* real_ns */
};

/*
 * The session page: written only by the supervisor, mapped read-only into
 * every process of the tree.  seq is a sequence counter (odd while the
 * supervisor writes) so that the parameters can be changed live.
 */
struct vclock_session {
	uint32_t magic;
	uint32_t version;
	volatile uint32_t seq;
	uint32_t virtual_mask;		/* bit N: clock id N is virtual */
	uint64_t rate_q32;
	uint32_t stats_enabled;		/* count reads on the stats page */
	uint32_t warp;			/* run --warp: the runtime slices waits finer */
	/* Call sites are patched in a process with at most this many seccomp
	 * filters: the session's and those it started under; one more is
	 * the program's own, whose policy may kill for an mprotect.  0:
	 * never (--no-patch). */
	uint32_t patch_filters_max;
	/* The virtual time --warp skipped since the start: time that passed,
	 * not a clock that was set, so a relative kernel timer's time left
	 * shrinks by it (where a jump of realtime by ctl leaves it alone). */
	int64_t warped_ns;
	struct vclock_base clock[VCLOCK_NCLOCKS];
	/* Entry points of the original vDSO, moved to a session-fixed address. */
	uint64_t orig_clock_gettime;
	uint64_t orig_gettimeofday;
	uint64_t orig_time;
	uint64_t orig_clock_getres;
	uint64_t orig_getcpu;
	uint64_t orig_getrandom;
};

/*
 * Per process, private: the offsets of its time namespace relative to the
 * supervisor's, per clock id (zero outside a time namespace).  The model
 * runs in the supervisor's timeline; the offsets come off before and go
 * back on after.
 */
struct vclock_proc {
	int64_t offset_ns[VCLOCK_NCLOCKS];
};

/* Counters the image bumps when --stats asked for them (shared, writable). */
struct vclock_stats {
	volatile uint64_t image_reads;
	volatile uint64_t runtime_calls;	/* answered in the process (SIGSYS) */
	volatile uint64_t patched_sites;	/* raw time call sites sent to a stub */
};

static inline int vclock_is_virtual(const struct vclock_session *s, int clk)
{
	return (unsigned)clk < VCLOCK_NCLOCKS && (s->virtual_mask >> clk) & 1;
}

/*
 * The clock whose real reading a clock's base is taken at: a coarse clock
 * shares its fine clock's (REALTIME_COARSE 5 -> REALTIME 0,
 * MONOTONIC_COARSE 6 -> MONOTONIC 1), so that both read exactly the base
 * at the start and after every change, and the clamp keeps coarse <= fine.
 */
static inline int vclock_base_clock(int clk)
{
	return clk == 5 ? 0 : clk == 6 ? 1 : clk;
}

/* Saturating: a virtual clock pinned at the int64 limit beats a wrapped one. */
static inline int64_t vclock_apply(uint64_t rate_q32, const struct vclock_base *b, int64_t real)
{
	int64_t delta = real - b->real_ns, scaled;
	__int128 prod;

	if (rate_q32 == VCLOCK_RATE_ONE) {
		scaled = delta;
	} else {
		/* The arithmetic shift floors, which keeps the map monotone. */
		prod = ((__int128)delta * (__int128)rate_q32) >> 32;
		if (prod > INT64_MAX)
			return INT64_MAX;
		scaled = (int64_t)prod;
	}
	if (scaled <= 0)
		return b->virt_ns;
	if (b->virt_ns > INT64_MAX - scaled)
		return INT64_MAX;
	return b->virt_ns + scaled;
}

/* Saturating at the int64 limits: a deadline of {INT64_MAX, 0} means
 * "never", not a time in 1677. */
static inline int64_t vclock_ts_to_ns(int64_t sec, int64_t nsec)
{
	int64_t ns;

	if (__builtin_mul_overflow(sec, VCLOCK_NSEC_PER_SEC, &ns) ||
	    __builtin_add_overflow(ns, nsec, &ns))
		return sec < 0 ? INT64_MIN : INT64_MAX;
	return ns;
}

/* Floor division, so that negative times still give 0 <= nsec < 1e9. */
static inline void vclock_ns_to_ts(int64_t ns, int64_t *sec, int64_t *nsec)
{
	int64_t s = ns / VCLOCK_NSEC_PER_SEC, r = ns % VCLOCK_NSEC_PER_SEC;

	if (r < 0) {
		r += VCLOCK_NSEC_PER_SEC;
		s--;
	}
	*sec = s;
	*nsec = r;
}

/* Fills the derived fields of b from real_ns and virt_ns. */
static inline void vclock_base_finish(struct vclock_base *b)
{
	vclock_ns_to_ts(b->virt_ns - b->real_ns, &b->off_sec, &b->off_nsec);
	vclock_ns_to_ts(b->virt_ns, &b->virt_sec, &b->virt_nsec);
	vclock_ns_to_ts(b->real_ns, &b->real_sec, &b->real_nsec);
}

/*
 * vclock_apply for rate 1 on a (sec, nsec) reading, in place: one add with
 * carry and the clamp; it agrees with vclock_apply to the nanosecond.
 */
static inline void vclock_shift_ts(const struct vclock_base *b, int64_t *sec, int64_t *nsec)
{
	int64_t s = *sec + b->off_sec, n = *nsec + b->off_nsec;

	if (n >= VCLOCK_NSEC_PER_SEC) {
		n -= VCLOCK_NSEC_PER_SEC;
		s++;
	}
	if (s < b->virt_sec || (s == b->virt_sec && n < b->virt_nsec)) {
		s = b->virt_sec;
		n = b->virt_nsec;
	}
	*sec = s;
	*nsec = n;
}

/*
 * vclock_apply for any rate on a (sec, nsec) reading, in place; it agrees
 * with vclock_apply to the nanosecond.  With the time since the base as ds
 * seconds and dn nanoseconds (0 <= dn < 1e9) and rate = R / 2^32:
 *   rate * (ds * 1e9 + dn) = A * 1e9 + (F * 1e9 + dn * R) / 2^32
 * where ds * R = A * 2^32 + F; so the whole seconds A come out of one
 * multiplication, and what is left to floor is under (1 + rate) seconds,
 * which a compare or two brings into range.  Turning the reading into
 * nanoseconds, scaling that and splitting it again (two dependent
 * multiplications more, and a division by a constant) cost a read after
 * `--rate 2` 6.2 ns over the native 22.6 ns; this costs 4.4 (the rate-1
 * path 2.8).
 * Returns 0 where the clock would saturate or come within a few seconds
 * (the rate's whole part, and 3) of it, or for a reading outside
 * 1970..2242, for the caller to take the general path.
 */
/*
 * n / 1e9 for any n, as the multiplication a compiler makes of it (the
 * high half of (n >> 9) * ceil(2^75 / 1e9) / 2^9, shifted), written out:
 * in a block it took for cold, gcc made the division a div instruction
 * (tens of cycles), which a read after `ctl set --rate 2` takes when the
 * nanoseconds carry more than one second: up to half the reads, by the
 * base's nanoseconds.
 */
static inline uint64_t vclock_div_nsec(uint64_t n)
{
	return (uint64_t)(((unsigned __int128)(n >> 9) * 0x44B82FA09B5A53ull) >> 75);
}

/* Whole seconds of a virtual time vclock_scale_ts computes itself. */
#define VCLOCK_SCALE_SEC_MAX (INT64_MAX / VCLOCK_NSEC_PER_SEC - 1)

static inline int vclock_scale_ts(uint64_t rate_q32, const struct vclock_base *b, int64_t *sec,
				  int64_t *nsec)
{
	int64_t ds = *sec - b->real_sec, dn = *nsec - b->real_nsec, s;
	unsigned __int128 whole, part;
	uint64_t a, x, n;

	if ((uint64_t)*sec >= (1ull << 33) || (uint64_t)b->real_sec >= (1ull << 33))
		return 0;
	if (dn < 0) {
		dn += VCLOCK_NSEC_PER_SEC;
		ds--;
	}
	if (ds < 0 || (ds == 0 && dn == 0)) {
		*sec = b->virt_sec;
		*nsec = b->virt_nsec;
		return 1;
	}
	whole = (unsigned __int128)(uint64_t)ds * rate_q32;
	part = (unsigned __int128)(uint64_t)dn * rate_q32 +
	       (uint64_t)(uint32_t)whole * (uint64_t)VCLOCK_NSEC_PER_SEC;
	a = (uint64_t)(whole >> 32);
	x = (uint64_t)(part >> 32);
	/* The sum stays under INT64_MAX nanoseconds (9.22e9 s) when its whole
	 * seconds do: a, and at most rate + 1 more from x (x < (rate + 1) * 1e9),
	 * and a carry.  A compare where a multiplication and two overflow
	 * checks were: a read after --rate 2, -1 ns. */
	if ((whole >> 95) ||
	    (int64_t)a + (int64_t)(rate_q32 >> 32) + 2 > VCLOCK_SCALE_SEC_MAX - b->virt_sec)
		return 0;
	s = b->virt_sec + (int64_t)a;
	n = (uint64_t)b->virt_nsec + x;
	if (n >= (uint64_t)VCLOCK_NSEC_PER_SEC) {
		n -= VCLOCK_NSEC_PER_SEC;
		s++;
		if (n >= (uint64_t)VCLOCK_NSEC_PER_SEC) {
			uint64_t q = vclock_div_nsec(n);

			s += (int64_t)q;
			n -= q * VCLOCK_NSEC_PER_SEC;
		}
	}
	*sec = s;
	*nsec = (int64_t)n;
	return 1;
}

#endif /* SRC_CLOCK_MODEL_H */
