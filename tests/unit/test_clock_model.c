// SPDX-License-Identifier: MIT
/*
 * The virtual-clock model: the rate-1 fast path agrees with the general
 * transform to the nanosecond; rates scale; nothing reads below the start;
 * the map is monotone; values computed by hand, not by the code under test.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "clock/model.h"

#define NS 1000000000LL

static struct vclock_base base(int64_t real, int64_t virt)
{
	struct vclock_base b = { .real_ns = real, .virt_ns = virt };

	vclock_base_finish(&b);
	return b;
}

static void test_offset_by_hand(void **state)
{
	/* 2030-01-01T00:00:00Z = 1893456000 s, started at real 1000.5 s. */
	struct vclock_base b = base(1000 * NS + NS / 2, 1893456000LL * NS);

	(void)state;
	assert_int_equal(vclock_apply(VCLOCK_RATE_ONE, &b, 1000 * NS + NS / 2), 1893456000LL * NS);
	assert_int_equal(vclock_apply(VCLOCK_RATE_ONE, &b, 1003 * NS), 1893456002LL * NS + NS / 2);
	/* Before the start (a coarse clock's first tick): clamped at the start. */
	assert_int_equal(vclock_apply(VCLOCK_RATE_ONE, &b, 999 * NS), 1893456000LL * NS);
}

static void test_rates_by_hand(void **state)
{
	struct vclock_base b = base(5 * NS, 100 * NS);

	(void)state;
	assert_int_equal(vclock_apply(10ull << 32, &b, 6 * NS), 110 * NS);
	assert_int_equal(vclock_apply(1ull << 31, &b, 7 * NS), 101 * NS);	/* 0.5x */
	assert_int_equal(vclock_apply(0, &b, 1000 * NS), 100 * NS);		/* frozen */
	assert_int_equal(vclock_apply(3ull << 32, &b, 5 * NS + 1), 100 * NS + 3);
}

static void test_saturates_instead_of_wrapping(void **state)
{
	struct vclock_base b = base(0, INT64_MAX - NS);

	(void)state;
	assert_int_equal(vclock_apply(1000000ull << 32, &b, 100 * NS), INT64_MAX);
}

static void test_fast_path_agrees_with_general_path(void **state)
{
	unsigned seed = 42;
	int i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		int64_t real0 = (int64_t)(rand_r(&seed) % 2000000) * NS + rand_r(&seed) % NS;
		int64_t virt0 = (int64_t)(rand_r(&seed) % 4000000000LL) * NS + rand_r(&seed) % NS;
		int64_t now = real0 + (int64_t)(rand_r(&seed) % 200000) * NS / 7 -
			      (i % 10 == 0 ? (int64_t)(rand_r(&seed) % NS) : 0);
		struct vclock_base b = base(real0, virt0);
		int64_t sec, nsec, want = vclock_apply(VCLOCK_RATE_ONE, &b, now);

		vclock_ns_to_ts(now, &sec, &nsec);
		vclock_shift_ts(&b, &sec, &nsec);
		assert_int_equal(sec * NS + nsec, want);
		assert_true(nsec >= 0 && nsec < NS);
	}
}

/* The rate path on (sec, nsec) gives vclock_apply's nanosecond, and says
 * so where it would saturate. */
static void test_scaled_path_agrees_with_general_path(void **state)
{
	static const uint64_t rates[] = { 0, 1, 1ull << 31, 2ull << 32, 10ull << 32,
					  (1ull << 32) / 3, 1000000ull << 32, 0xffffffffffffffffull };
	unsigned seed = 7;
	int i;

	(void)state;
	for (i = 0; i < 400000; i++) {
		uint64_t rate = rates[i % 8];
		int64_t real0 = (int64_t)(rand_r(&seed) % 2000000) * NS + rand_r(&seed) % NS;
		int64_t virt0 = i % 97 == 0 ? INT64_MAX - (int64_t)(rand_r(&seed) % 1000) * NS
					    : (int64_t)(rand_r(&seed) % 4000000000LL) * NS +
						      rand_r(&seed) % NS;
		int64_t now = real0 + (int64_t)(rand_r(&seed) % 2000000) * NS / 7 -
			      (i % 10 == 0 ? (int64_t)(rand_r(&seed) % NS) : 0);
		struct vclock_base b = base(real0, virt0);
		int64_t sec, nsec, want = vclock_apply(rate, &b, now);

		vclock_ns_to_ts(now, &sec, &nsec);
		if (!vclock_scale_ts(rate, &b, &sec, &nsec)) {
			/* Only where the general path saturates, or nearly. */
			assert_true(want / NS >= INT64_MAX / NS - (int64_t)(rate >> 32) - 3);
			continue;
		}
		assert_int_equal(sec * NS + nsec, want);
		assert_true(nsec >= 0 && nsec < NS);
	}
}

/* The rate path by hand: a borrow from the seconds, and a remainder of
 * several seconds (rate 10) that one compare cannot bring into range. */
static void test_scaled_path_by_hand(void **state)
{
	struct vclock_base b = base(1000 * NS + 900000000, 1893456000LL * NS);
	int64_t sec = 1001, nsec = 200000000;

	(void)state;
	assert_true(vclock_scale_ts(2ull << 32, &b, &sec, &nsec));
	assert_int_equal(sec, 1893456000LL);
	assert_int_equal(nsec, 600000000);
	sec = 1002;
	nsec = 150000000;
	assert_true(vclock_scale_ts(10ull << 32, &b, &sec, &nsec));
	assert_int_equal(sec, 1893456012LL);
	assert_int_equal(nsec, 500000000);
	sec = 1000;
	nsec = 0;
	assert_true(vclock_scale_ts(10ull << 32, &b, &sec, &nsec));
	assert_int_equal(sec, 1893456000LL);
	assert_int_equal(nsec, 0);
	/* Outside the years it handles, it hands over to the general path. */
	sec = 1LL << 40;
	assert_false(vclock_scale_ts(2ull << 32, &b, &sec, &nsec));
}

/* The written-out division by 1e9 against the compiler's, edges included. */
static void test_div_nsec(void **state)
{
	static const uint64_t edge[] = { 0, 999999999, 1000000000, 1999999999, 2000000000,
					 UINT64_MAX, UINT64_MAX - 1, 18446744073000000000ull,
					 18446744072999999999ull };
	unsigned seed = 7;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		assert_int_equal(vclock_div_nsec(edge[i]), edge[i] / 1000000000ull);
	for (i = 0; i < 2000000; i++) {
		uint64_t n = (uint64_t)rand_r(&seed) << 33 ^ (uint64_t)rand_r(&seed) << 2 ^
			     (uint64_t)rand_r(&seed);

		if (i & 1)
			n %= 100000000000ull;
		assert_int_equal(vclock_div_nsec(n), n / 1000000000ull);
	}
}

static void test_monotone_under_any_rate(void **state)
{
	static const uint64_t rates[] = { 0, 1, 1ull << 31, 1ull << 32, 3ull << 32,
					  (1ull << 32) / 3, 1000000ull << 32 };
	struct vclock_base b = base(123456789, 987654321);
	size_t r;
	int64_t t, prev;

	(void)state;
	for (r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		prev = INT64_MIN;
		for (t = 123456789 - 1000; t < 123456789 + 100000; t += 7) {
			int64_t v = vclock_apply(rates[r], &b, t);

			assert_true(v >= prev);
			assert_true(v >= 987654321);
			prev = v;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offset_by_hand),
		cmocka_unit_test(test_rates_by_hand),
		cmocka_unit_test(test_saturates_instead_of_wrapping),
		cmocka_unit_test(test_fast_path_agrees_with_general_path),
		cmocka_unit_test(test_scaled_path_agrees_with_general_path),
		cmocka_unit_test(test_scaled_path_by_hand),
		cmocka_unit_test(test_div_nsec),
		cmocka_unit_test(test_monotone_under_any_rate),
	};

	return cmocka_run_group_tests_name("clock_model", tests, NULL, NULL);
}
