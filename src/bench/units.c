// SPDX-License-Identifier: MIT
/*
 * Scaling figures for people: the mechanisms span 20 ns to 100 µs, and
 * "25560.7" makes a reader count digits.  Also the logarithm the charts
 * need, computed here so that vdsotool needs no libm.
 */
#include <stdio.h>
#include "bench/bench.h"

static const struct bench_unit units[] = {
	{ "ns", 1, 1 },
	{ "\xc2\xb5s", 1e3, 2 },	/* U+00B5 MICRO SIGN */
	{ "ms", 1e6, 2 },
};

const struct bench_unit *bench_unit_for(double ns)
{
	/* 999.95 ns would print as 1000.0 ns: it belongs to the next unit. */
	if (ns < 999.95)
		return &units[0];
	if (ns < 999995)
		return &units[1];
	return &units[2];
}

void bench_format(char *buf, size_t len, double ns, const struct bench_unit *u)
{
	snprintf(buf, len, "%.*f %s", u->decimals, ns / u->ns, u->name);
}

/*
 * Decades by division, then the mantissa m in [1, 10) digit by digit in
 * base 2: squaring m doubles its logarithm, and when the square reaches
 * 10 that binary digit of log10(m) is 1.
 */
double bench_log10(double x)
{
	double result = 0, bit = 0.5;
	int i;

	if (x <= 0)
		return -1e300;
	while (x >= 10) {
		x /= 10;
		result += 1;
	}
	while (x < 1) {
		x *= 10;
		result -= 1;
	}
	for (i = 0; i < 30; i++) {
		x *= x;
		if (x >= 10) {
			x /= 10;
			result += bit;
		}
		bit /= 2;
	}
	return result;
}
