// SPDX-License-Identifier: MIT
/*
 * Round statistics.  Rounds are disturbed one way only (an interrupt, a
 * migration, a page fault makes a round slower, never faster), so the
 * median and the minimum describe the cost; p90 - p10 shows the noise
 * without letting one outlier dominate, as a standard deviation would.
 */
#include <stdlib.h>
#include "bench/bench.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Linear interpolation between closest ranks, position q * (n - 1). */
double bench_quantile(const double *sorted, size_t n, double q)
{
	double pos, frac;
	size_t lo;

	if (n == 0)
		return 0;
	if (q <= 0)
		return sorted[0];
	if (q >= 1)
		return sorted[n - 1];
	pos = q * (double)(n - 1);
	lo = (size_t)pos;
	frac = pos - (double)lo;
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

void bench_stats(double *v, size_t n, struct bench_stats *out)
{
	qsort(v, n, sizeof(*v), cmp_double);
	out->min = n ? v[0] : 0;
	out->median = bench_quantile(v, n, 0.5);
	out->p10 = bench_quantile(v, n, 0.1);
	out->p90 = bench_quantile(v, n, 0.9);
	out->spread = out->p90 - out->p10;
}

int bench_noisy(const struct bench_result *r)
{
	return r->status == BENCH_OK && r->st.spread > BENCH_NOISE_FRACTION * r->st.median;
}
