// SPDX-License-Identifier: MIT
#include "clock/rebase.h"
#include "clock/spec.h"

struct vclock_pace vclock_pace_start(uint64_t rate_q32, int frozen)
{
	struct vclock_pace p = { rate_q32 ? rate_q32 : VCLOCK_RATE_ONE, frozen || !rate_q32 };

	return p;
}

static int in_mask(uint32_t mask, int clk)
{
	return (mask >> clk) & 1;
}

/* Realtime family plus a shift that the range rule has bounded; TAI, 37 s
 * ahead, cannot reach the int64 limit from there, but saturate anyway. */
static int64_t shifted(int64_t v, int64_t shift)
{
	int64_t r;

	if (__builtin_add_overflow(v, shift, &r))
		return shift > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/* The realtime value the change asks for: 0, or -1 when it breaks the
 * range rule (the same rule as the start of a session). */
static int target_realtime(const struct vclock_change *c, int64_t now, int64_t *target)
{
	int64_t t = c->has_at ? c->at_ns : now;

	if (c->has_offset && __builtin_add_overflow(t, c->offset_ns, &t))
		return -1;
	if (t < CLOCK_START_MIN_NS || t > CLOCK_START_MAX_NS)
		return -1;
	*target = t;
	return 0;
}

enum vclock_rebase_result vclock_rebase(struct vclock_session *p, struct vclock_pace *pace,
					const int64_t real[VCLOCK_NCLOCKS], uint32_t virtual_mask,
					uint32_t realtime_mask, const struct vclock_change *c,
					int64_t *realtime_now)
{
	int moves = c->has_at || c->has_offset;
	int freezes = c->freeze || (c->has_rate && !c->rate_q32);
	int64_t v[VCLOCK_NCLOCKS], now, target = 0, shift = 0;
	struct vclock_pace np = *pace;
	int clk;

	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++)
		v[clk] = in_mask(virtual_mask, clk) ?
			vclock_apply(p->rate_q32, &p->clock[clk], real[vclock_base_clock(clk)]) : 0;
	now = in_mask(virtual_mask, 0) ? v[0] : real[0];
	if (realtime_now)
		*realtime_now = now;
	if (freezes && c->resume)
		return VCLOCK_REBASE_CONFLICT;
	if (c->has_rate && c->rate_q32 > CLOCK_RATE_MAX)
		return VCLOCK_REBASE_BAD_RATE;
	if (moves && !in_mask(virtual_mask, 0))
		return VCLOCK_REBASE_NOT_VIRTUAL;
	if (moves) {
		if (target_realtime(c, now, &target) || __builtin_sub_overflow(target, now, &shift))
			return VCLOCK_REBASE_RANGE;
	}
	/* A warp moves every clock forward; realtime stays within the rule. */
	if (c->advance_ns < 0 ||
	    (c->advance_ns && in_mask(virtual_mask, 0) &&
	     (__builtin_add_overflow(moves ? target : now, c->advance_ns, &target) ||
	      target > CLOCK_START_MAX_NS)))
		return VCLOCK_REBASE_RANGE;

	if (c->has_rate && c->rate_q32)
		np.rate_q32 = c->rate_q32;
	if (freezes)
		np.frozen = 1;
	if (c->resume)
		np.frozen = 0;
	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++) {
		struct vclock_base *b = &p->clock[clk];

		if (!in_mask(virtual_mask, clk))
			continue;
		b->real_ns = real[vclock_base_clock(clk)];
		b->virt_ns = shifted(in_mask(realtime_mask, clk) ? shifted(v[clk], shift) : v[clk],
				     c->advance_ns);
		vclock_base_finish(b);
	}
	p->rate_q32 = np.frozen ? 0 : np.rate_q32;
	p->warped_ns = shifted(p->warped_ns, c->advance_ns);
	*pace = np;
	return VCLOCK_REBASE_OK;
}
