/* SPDX-License-Identifier: MIT */
/*
 * Live changes to a running session's clocks (vdsotool ctl set): the new
 * model parameters from the old ones and the real clocks read now.  Pure
 * arithmetic, so that it can be tested by hand; the supervisor wraps it in
 * the session page's seqcount (src/supervise/session_change.c).
 *
 * Every change re-bases each virtual clock at the instant of the change:
 * its new base is (the real reading now, the virtual reading now), so a
 * change of pace never makes a clock jump, and the clamp at the base (see
 * model.h: a coarse clock's reading that lags its fine clock reads the
 * base) holds from the change on as it did from the start.  --at and
 * --offset then move the realtime family only, as they do at the start
 * and as settimeofday(2) moves the real clocks: realtime may jump, in
 * either direction; monotonic and boottime only ever change pace, so they
 * never go backwards.
 */
#ifndef SRC_CLOCK_REBASE_H
#define SRC_CLOCK_REBASE_H

#include <stdint.h>
#include "clock/model.h"

/* What one change asks for; any combination. */
struct vclock_change {
	int has_at;		/* realtime reads at_ns (plus offset_ns when has_offset) */
	int64_t at_ns;
	int has_offset;		/* realtime moves by offset_ns from where it is (or from at_ns) */
	int64_t offset_ns;
	int has_rate;		/* the pace from now on; 0 means freeze (the rate is kept) */
	uint64_t rate_q32;
	int freeze, resume;	/* stop the clocks / let them run at the kept rate */
	int64_t advance_ns;	/* every virtual clock moves this far ahead (run --warp) */
};

/*
 * The pace of a session.  The page holds the effective rate (0 while
 * frozen); the rate to resume at is kept here, so --freeze then --resume
 * goes back to --rate 10, not to 1.  rate_q32 is never 0.
 */
struct vclock_pace {
	uint64_t rate_q32;
	int frozen;
};

/* The pace a session starts with: --rate 0 is --freeze at rate 1. */
struct vclock_pace vclock_pace_start(uint64_t rate_q32, int frozen);

enum vclock_rebase_result {
	VCLOCK_REBASE_OK = 0,
	VCLOCK_REBASE_NOT_VIRTUAL,	/* --at/--offset, and realtime is not virtual */
	VCLOCK_REBASE_RANGE,		/* the new realtime is outside the range rule (spec.h) */
	VCLOCK_REBASE_CONFLICT,		/* --freeze with --resume */
	VCLOCK_REBASE_BAD_RATE,		/* above CLOCK_RATE_MAX */
};

/*
 * Applies c to the parameters p (rate_q32 and clock[] of the clocks in
 * virtual_mask; nothing else is touched) and to pace.  real[clk] is clock
 * clk's real reading now, all read together; a coarse clock is re-based on
 * its fine clock's reading, as at the start.  realtime_mask names the
 * realtime family.  *realtime_now (may be NULL) receives the virtual
 * realtime before the change, which the range rule's message names.
 * On any result but OK, p and pace are left as they were.
 */
enum vclock_rebase_result vclock_rebase(struct vclock_session *p, struct vclock_pace *pace,
					const int64_t real[VCLOCK_NCLOCKS], uint32_t virtual_mask,
					uint32_t realtime_mask, const struct vclock_change *c,
					int64_t *realtime_now);

#endif /* SRC_CLOCK_REBASE_H */
