// SPDX-License-Identifier: MIT
/*
 * Live changes (vclock_rebase): a change of pace never jumps, readings
 * stay monotone across any number of changes, --at/--offset move the
 * realtime family only (realtime may go back, monotonic never), the clamp
 * at the base still holds for a coarse clock after a change, the range
 * rule refuses what the start would refuse, and a refused change leaves
 * everything as it was.  Expected values are worked out by hand.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "clock/rebase.h"
#include "clock/spec.h"

#define NS 1000000000LL
#define RATE(x) ((uint64_t)(x) << 32)
/* REALTIME, MONOTONIC, MONOTONIC_RAW, REALTIME_COARSE, MONOTONIC_COARSE,
 * BOOTTIME, REALTIME_ALARM, BOOTTIME_ALARM, TAI: --clocks all. */
#define ALL ((1u << 0) | (1u << 1) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | \
	     (1u << 8) | (1u << 9) | (1u << 11))
#define REALTIME_FAMILY ((1u << 0) | (1u << 5) | (1u << 8) | (1u << 11))
#define T2030 (1893456000LL * NS)
#define YEAR (365LL * 86400 * NS)

/* A session started at real readings real[] (REALTIME at r0, the others
 * at their own), realtime at 2030, monotonic and boottime at their real
 * value, as session.c does. */
struct fixture {
	struct vclock_session p;
	struct vclock_pace pace;
	int64_t real[VCLOCK_NCLOCKS];
};

static void start(struct fixture *f, int64_t r0, uint64_t rate)
{
	int clk;

	memset(f, 0, sizeof(*f));
	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++)
		f->real[clk] = r0 + clk * 1000;		/* distinct, like real clocks */
	f->real[11] = r0 + 37 * NS;			/* TAI is 37 s ahead */
	f->real[5] = f->real[0];
	f->real[6] = f->real[1];
	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++) {
		struct vclock_base *b = &f->p.clock[clk];

		b->real_ns = f->real[vclock_base_clock(clk)];
		b->virt_ns = (REALTIME_FAMILY >> clk) & 1 ? b->real_ns + (T2030 - r0) : b->real_ns;
		vclock_base_finish(b);
	}
	f->pace = vclock_pace_start(rate, 0);
	f->p.rate_q32 = rate;
}

/* The real readings dt after the start. */
static void later(const struct fixture *f, int64_t dt, int64_t out[VCLOCK_NCLOCKS])
{
	int clk;

	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++)
		out[clk] = f->real[clk] + dt;
}

static int64_t now(const struct fixture *f, int clk, int64_t real)
{
	return vclock_apply(f->p.rate_q32, &f->p.clock[clk], real);
}

static enum vclock_rebase_result change(struct fixture *f, const int64_t real[VCLOCK_NCLOCKS],
					const struct vclock_change *c)
{
	return vclock_rebase(&f->p, &f->pace, real, ALL, REALTIME_FAMILY, c, NULL);
}

static void test_rate_change_does_not_jump(void **state)
{
	struct vclock_change c = { .has_rate = 1, .rate_q32 = RATE(10) };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS];

	(void)state;
	start(&f, 100 * NS, RATE(1));
	later(&f, 10 * NS, r);
	/* 10 s at rate 1: 2030 + 10 s.  Then rate 10 from there. */
	assert_int_equal(now(&f, 0, r[0]), T2030 + 10 * NS);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(now(&f, 0, r[0]), T2030 + 10 * NS);
	assert_int_equal(now(&f, 0, r[0] + NS), T2030 + 20 * NS);
	assert_int_equal(now(&f, 1, r[1]), r[1]);
	assert_int_equal(now(&f, 1, r[1] + NS), r[1] + 10 * NS);
	/* And back to 1 five real seconds later: 2030 + 10 + 50 s, no jump. */
	c.rate_q32 = RATE(1);
	later(&f, 15 * NS, r);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(now(&f, 0, r[0]), T2030 + 60 * NS);
	assert_int_equal(now(&f, 0, r[0] + 2 * NS), T2030 + 62 * NS);
	assert_int_equal(f.p.rate_q32, RATE(1));
}

static void test_offset_moves_realtime_only(void **state)
{
	struct vclock_change c = { .has_offset = 1, .offset_ns = YEAR };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS], tai_gap;

	(void)state;
	start(&f, 100 * NS, RATE(1));
	later(&f, 3 * NS, r);
	tai_gap = now(&f, 11, r[11]) - now(&f, 0, r[0]);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(now(&f, 0, r[0]), T2030 + 3 * NS + YEAR);
	assert_int_equal(now(&f, 5, r[0]), T2030 + 3 * NS + YEAR);
	assert_int_equal(now(&f, 8, r[8]), T2030 + 3 * NS + 8000 + YEAR);
	assert_int_equal(now(&f, 11, r[11]) - now(&f, 0, r[0]), tai_gap);
	/* Monotonic and boottime read what they read before. */
	assert_int_equal(now(&f, 1, r[1]), r[1]);
	assert_int_equal(now(&f, 7, r[7]), r[7]);
	assert_int_equal(now(&f, 6, r[1]), r[1]);
}

static void test_realtime_may_go_back_monotonic_never(void **state)
{
	struct vclock_change c = { .has_offset = 1, .offset_ns = -86400 * NS };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS], mono_before;

	(void)state;
	start(&f, 100 * NS, RATE(1));
	later(&f, NS, r);
	mono_before = now(&f, 1, r[1]);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(now(&f, 0, r[0]), T2030 + NS - 86400 * NS);
	assert_int_equal(now(&f, 1, r[1]), mono_before);
	assert_true(now(&f, 1, r[1] + 1) >= mono_before);
}

static void test_at_sets_realtime_exactly(void **state)
{
	struct vclock_change c = { .has_at = 1, .at_ns = T2030 + YEAR };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS];

	(void)state;
	start(&f, 100 * NS, RATE(3));
	later(&f, 7 * NS, r);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(now(&f, 0, r[0]), T2030 + YEAR);
	/* Still at rate 3. */
	assert_int_equal(now(&f, 0, r[0] + NS), T2030 + YEAR + 3 * NS);
	/* --at and --offset together: the time given plus the offset, as at the start. */
	c.has_offset = 1;
	c.offset_ns = -NS;
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(now(&f, 0, r[0]), T2030 + YEAR - NS);
}

static void test_freeze_resume_keeps_rate(void **state)
{
	struct vclock_change freeze = { .freeze = 1 }, resume = { .resume = 1 };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS];

	(void)state;
	start(&f, 100 * NS, RATE(10));
	later(&f, NS, r);
	assert_int_equal(change(&f, r, &freeze), VCLOCK_REBASE_OK);
	assert_true(f.pace.frozen);
	assert_int_equal(f.p.rate_q32, 0);
	assert_int_equal(now(&f, 0, r[0]), T2030 + 10 * NS);
	assert_int_equal(now(&f, 0, r[0] + 100 * NS), T2030 + 10 * NS);
	/* Resumed 5 s later: from the frozen value, at rate 10 again. */
	later(&f, 6 * NS, r);
	assert_int_equal(change(&f, r, &resume), VCLOCK_REBASE_OK);
	assert_false(f.pace.frozen);
	assert_int_equal(now(&f, 0, r[0]), T2030 + 10 * NS);
	assert_int_equal(now(&f, 0, r[0] + NS), T2030 + 20 * NS);
}

static void test_rate_while_frozen_waits_for_resume(void **state)
{
	struct vclock_change c = { .has_rate = 1, .rate_q32 = 0 };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS];

	(void)state;
	start(&f, 100 * NS, RATE(2));
	later(&f, NS, r);
	/* --rate 0 freezes and keeps rate 2 to resume at. */
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_true(f.pace.frozen);
	assert_int_equal(f.pace.rate_q32, RATE(2));
	c.rate_q32 = RATE(5);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_true(f.pace.frozen);
	assert_int_equal(f.p.rate_q32, 0);
	assert_int_equal(f.pace.rate_q32, RATE(5));
	/* A session started with --rate 0 resumes at 1. */
	f.pace = vclock_pace_start(0, 0);
	assert_true(f.pace.frozen);
	assert_int_equal(f.pace.rate_q32, RATE(1));
}

static void test_coarse_clamp_holds_after_change(void **state)
{
	struct vclock_change c = { .has_offset = 1, .offset_ns = YEAR };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS], fine;

	(void)state;
	start(&f, 100 * NS, RATE(1));
	later(&f, 2 * NS, r);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	fine = now(&f, 0, r[0]);
	/* A coarse reading a tick (4 ms) behind the change reads the base:
	 * the fine clock's value at the change, never the year before. */
	assert_int_equal(now(&f, 5, r[0] - 4000000), fine);
	assert_true(now(&f, 5, r[0] - 4000000) <= now(&f, 0, r[0] + 1));
	/* The same for the monotonic pair after a change of pace. */
	c = (struct vclock_change){ .has_rate = 1, .rate_q32 = RATE(1) / 2 };
	later(&f, 3 * NS, r);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(now(&f, 6, r[1] - 4000000), now(&f, 1, r[1]));
}

static void test_fast_path_fields_follow(void **state)
{
	struct vclock_change c = { .has_offset = 1, .offset_ns = -123456789 };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS], t, sec, nsec;

	(void)state;
	start(&f, 100 * NS, RATE(1));
	later(&f, 5 * NS + 17, r);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	for (t = r[0] - 3 * NS; t < r[0] + 3 * NS; t += 99999989) {
		vclock_ns_to_ts(t, &sec, &nsec);
		vclock_shift_ts(&f.p.clock[0], &sec, &nsec);
		assert_int_equal(sec * NS + nsec, now(&f, 0, t));
	}
}

static void test_range_rule_and_untouched_on_refusal(void **state)
{
	struct vclock_change c = { .has_offset = 1, .offset_ns = 250 * YEAR };
	struct fixture f;
	struct vclock_session before;
	struct vclock_pace pace_before;
	int64_t r[VCLOCK_NCLOCKS], rt;

	(void)state;
	start(&f, 100 * NS, RATE(1));
	later(&f, NS, r);
	before = f.p;
	pace_before = f.pace;
	assert_int_equal(vclock_rebase(&f.p, &f.pace, r, ALL, REALTIME_FAMILY, &c, &rt),
			 VCLOCK_REBASE_RANGE);
	assert_int_equal(rt, T2030 + NS);
	c.offset_ns = -61 * YEAR;			/* before 1970 */
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_RANGE);
	c.offset_ns = INT64_MAX;			/* overflows */
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_RANGE);
	c = (struct vclock_change){ .has_at = 1, .at_ns = CLOCK_START_MAX_NS + 1 };
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_RANGE);
	c = (struct vclock_change){ .freeze = 1, .resume = 1 };
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_CONFLICT);
	c = (struct vclock_change){ .has_rate = 1, .rate_q32 = CLOCK_RATE_MAX + 1 };
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_BAD_RATE);
	assert_memory_equal(&f.p, &before, sizeof(before));
	assert_memory_equal(&f.pace, &pace_before, sizeof(pace_before));
	/* The edges themselves are accepted. */
	c = (struct vclock_change){ .has_at = 1, .at_ns = CLOCK_START_MAX_NS };
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	c = (struct vclock_change){ .has_at = 1, .at_ns = 0 };
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
}

static void test_not_virtual_realtime_refuses_moves(void **state)
{
	struct vclock_change c = { .has_at = 1, .at_ns = T2030 };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS];
	uint32_t mono = (1u << 1) | (1u << 4) | (1u << 6);

	(void)state;
	start(&f, 100 * NS, RATE(1));
	later(&f, NS, r);
	assert_int_equal(vclock_rebase(&f.p, &f.pace, r, mono, REALTIME_FAMILY, &c, NULL),
			 VCLOCK_REBASE_NOT_VIRTUAL);
	/* A pace change touches only the virtual clocks. */
	c = (struct vclock_change){ .has_rate = 1, .rate_q32 = RATE(4) };
	f.p.clock[0].real_ns = 42;
	assert_int_equal(vclock_rebase(&f.p, &f.pace, r, mono, REALTIME_FAMILY, &c, NULL),
			 VCLOCK_REBASE_OK);
	assert_int_equal(f.p.clock[0].real_ns, 42);
	assert_int_equal(f.p.clock[1].real_ns, r[1]);
}

/*
 * A thousand changes of pace between 0 (frozen) and 1000x at random
 * instants: at every real instant the virtual monotonic clock is the sum
 * of rate times real time over the segments so far (summed here
 * independently, in 128 bits), and it never goes backwards.
 */
static void test_thousand_changes_sum_and_monotone(void **state)
{
	static const uint64_t rates[] = { 0, RATE(1), RATE(10), RATE(1000), RATE(1) / 3,
					  RATE(1) / 1000 };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS], t = 0, prev, seg_start = 0;
	__int128 expect = 0;
	uint64_t rate = RATE(1);
	unsigned seed = 7;
	int i;

	(void)state;
	start(&f, 1000 * NS, RATE(1));
	prev = now(&f, 1, f.real[1]);
	for (i = 0; i < 1000; i++) {
		struct vclock_change c = { .has_rate = 1 };
		int64_t step = (int64_t)(rand_r(&seed) % 5000000) + 1, v;

		/* Readings just before and at the change. */
		t += step;
		v = now(&f, 1, f.real[1] + t - 1);
		assert_true(v >= prev);
		prev = v;
		later(&f, t, r);
		expect += ((__int128)(t - seg_start) * rate) >> 32;
		c.rate_q32 = rates[rand_r(&seed) % (sizeof(rates) / sizeof(rates[0]))];
		if (c.rate_q32 == 0)
			c = (struct vclock_change){ .freeze = 1 };
		else if (f.pace.frozen)
			c.resume = 1;
		assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
		v = now(&f, 1, r[1]);
		assert_true(v >= prev);
		/* Each segment floors once: at most one ns lost per change. */
		assert_true(v - f.real[1] <= (int64_t)expect && (int64_t)expect - (v - f.real[1]) <= i + 1);
		prev = v;
		rate = c.freeze ? 0 : c.rate_q32;
		seg_start = t;
	}
}

/* run --warp: every virtual clock moves ahead by the same amount, at the
 * same pace; a warp past the range rule or backwards is refused. */
static void test_advance_moves_every_clock(void **state)
{
	struct vclock_change c = { .advance_ns = 3600 * NS };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS];
	int clk;

	(void)state;
	start(&f, 100 * NS, RATE(2));
	later(&f, NS, r);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(now(&f, 0, r[0]), T2030 + 2 * NS + 3600 * NS);
	assert_int_equal(now(&f, 1, r[1]), r[1] + NS + 3600 * NS);
	assert_int_equal(now(&f, 7, r[7]), r[7] + NS + 3600 * NS);
	assert_int_equal(now(&f, 1, r[1] + NS), r[1] + 3 * NS + 3600 * NS);
	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++)
		if ((ALL >> clk) & 1)
			assert_true(now(&f, clk, r[vclock_base_clock(clk)]) >= 3600 * NS);
	c.advance_ns = -NS;
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_RANGE);
	c.advance_ns = INT64_MAX;
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_RANGE);
	assert_int_equal(now(&f, 0, r[0]), T2030 + 2 * NS + 3600 * NS);
}

/* The session counts what warps skipped (a relative kernel timer takes it
 * off its time left); a set of the clock is not a warp. */
static void test_warps_are_counted(void **state)
{
	struct vclock_change c = { .advance_ns = 3600 * NS };
	struct fixture f;
	int64_t r[VCLOCK_NCLOCKS];

	(void)state;
	start(&f, 100 * NS, RATE(1));
	later(&f, NS, r);
	assert_int_equal(f.p.warped_ns, 0);
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	c.advance_ns = 60 * NS;
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(f.p.warped_ns, 3660 * NS);
	c = (struct vclock_change){ .has_offset = 1, .offset_ns = 86400 * NS };
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_OK);
	assert_int_equal(f.p.warped_ns, 3660 * NS);
	c = (struct vclock_change){ .advance_ns = -NS };
	assert_int_equal(change(&f, r, &c), VCLOCK_REBASE_RANGE);
	assert_int_equal(f.p.warped_ns, 3660 * NS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_change_does_not_jump),
		cmocka_unit_test(test_offset_moves_realtime_only),
		cmocka_unit_test(test_realtime_may_go_back_monotonic_never),
		cmocka_unit_test(test_at_sets_realtime_exactly),
		cmocka_unit_test(test_freeze_resume_keeps_rate),
		cmocka_unit_test(test_rate_while_frozen_waits_for_resume),
		cmocka_unit_test(test_coarse_clamp_holds_after_change),
		cmocka_unit_test(test_fast_path_fields_follow),
		cmocka_unit_test(test_range_rule_and_untouched_on_refusal),
		cmocka_unit_test(test_not_virtual_realtime_refuses_moves),
		cmocka_unit_test(test_thousand_changes_sum_and_monotone),
		cmocka_unit_test(test_advance_moves_every_clock),
		cmocka_unit_test(test_warps_are_counted),
	};

	return cmocka_run_group_tests_name("clock_rebase", tests, NULL, NULL);
}
