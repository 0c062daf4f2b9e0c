// SPDX-License-Identifier: MIT
/*
 * Bench statistics on small arrays whose median, minimum and p10/p90 are
 * worked out by hand (linear interpolation at q * (n - 1)), not by the
 * code under test.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "bench/bench.h"

#define EPS 1e-9

static void close_to(double got, double want)
{
	if (fabs(got - want) > EPS)
		fail_msg("got %.12g, want %.12g", got, want);
}

static void test_odd_unsorted(void **state)
{
	/* sorted: 1 2 3 4 5 6 7 8 9 10 100, n = 11, positions q * 10 */
	double v[] = { 9, 2, 100, 5, 1, 7, 3, 10, 4, 8, 6 };
	struct bench_stats st;

	(void)state;
	bench_stats(v, 11, &st);
	close_to(st.median, 6);		/* position 5 */
	close_to(st.min, 1);
	close_to(st.p10, 2);		/* position 1 */
	close_to(st.p90, 10);		/* position 9 */
	close_to(st.spread, 8);
}

static void test_even_interpolates(void **state)
{
	/* sorted: 10 20 30 40, n = 4, positions q * 3 */
	double v[] = { 40, 10, 30, 20 };
	struct bench_stats st;

	(void)state;
	bench_stats(v, 4, &st);
	close_to(st.median, 25);	/* position 1.5: 20 + 0.5 * 10 */
	close_to(st.min, 10);
	close_to(st.p10, 13);		/* position 0.3: 10 + 0.3 * 10 */
	close_to(st.p90, 37);		/* position 2.7: 30 + 0.7 * 10 */
	close_to(st.spread, 24);
}

static void test_single_and_constant(void **state)
{
	double one[] = { 42.5 };
	double same[] = { 3, 3, 3, 3, 3 };
	struct bench_stats st;

	(void)state;
	bench_stats(one, 1, &st);
	close_to(st.median, 42.5);
	close_to(st.min, 42.5);
	close_to(st.spread, 0);
	bench_stats(same, 5, &st);
	close_to(st.median, 3);
	close_to(st.spread, 0);
}

static void test_outlier_does_not_move_median(void **state)
{
	/* One interrupted round among 10: the median stays between 5 and 6,
	 * p90 moves only as far as interpolation toward it allows. */
	double v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 1e6 };
	struct bench_stats st;

	(void)state;
	bench_stats(v, 10, &st);
	close_to(st.median, 5.5);	/* position 4.5 */
	close_to(st.p10, 1.9);		/* position 0.9 */
	close_to(st.p90, 9 + 0.1 * (1e6 - 9));	/* position 8.1 */
}

static void test_quantile_ends(void **state)
{
	double v[] = { 1, 2, 4 };

	(void)state;
	close_to(bench_quantile(v, 3, 0), 1);
	close_to(bench_quantile(v, 3, 1), 4);
	close_to(bench_quantile(v, 3, 0.25), 1.5);	/* position 0.5 */
	close_to(bench_quantile(v, 3, 0.75), 3);	/* position 1.5 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_odd_unsorted),
		cmocka_unit_test(test_even_interpolates),
		cmocka_unit_test(test_single_and_constant),
		cmocka_unit_test(test_outlier_does_not_move_median),
		cmocka_unit_test(test_quantile_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
