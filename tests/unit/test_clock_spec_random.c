// SPDX-License-Identifier: MIT
/*
 * The time specification parser on thousands of random inputs, against an
 * independent computation: glibc's timegm() and gmtime_r() for dates (the
 * parser itself must not use them, having no TZ dependence), 128-bit sums
 * for durations, long double for rates. The seed is fixed so a failure
 * reproduces; CLOCK_SPEC_SEED=N tries others.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "clock/spec.h"

#define ROUNDS 20000
#define NS 1000000000ll

static uint64_t rng_state;

/* xorshift64*: reproducible everywhere, unlike rand(). */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static int64_t between(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static int setup(void **state)
{
	const char *env = getenv("CLOCK_SPEC_SEED");

	(void)state;
	rng_state = env ? strtoull(env, NULL, 0) : 0x9e3779b97f4a7c15ull;
	if (!rng_state)
		rng_state = 1;
	return 0;
}

/* Appends a fraction of `digits` digits (0: none) and returns its value in ns. */
static int64_t add_fraction(char *buf, size_t len, int digits)
{
	int64_t v = 0, scale = NS;
	size_t n = strlen(buf);
	int i;

	if (!digits)
		return 0;
	if (n + digits + 2 > len)
		return 0;
	buf[n++] = rnd() & 1 ? '.' : ',';
	for (i = 0; i < digits; i++) {
		int dig = (int)(rnd() % 10);

		buf[n++] = (char)('0' + dig);
		scale /= 10;
		v += dig * scale;
	}
	buf[n] = '\0';
	return v;
}

static void test_random_dates_against_timegm(void **state)
{
	int i, valid = 0, invalid_day = 0, early = 0, late = 0;

	(void)state;
	for (i = 0; i < ROUNDS; i++) {
		/* Mostly in the int64 ns range, some up to 9999 to see them refused. */
		int y = (int)(rnd() % 8 ? between(1969, 2263) : between(1969, 9999));
		int mo = (int)between(1, 12), d = (int)between(1, 31);
		int hh = (int)between(0, 23), mi = (int)between(0, 59);
		int ss = (int)(rnd() % 50 ? between(0, 59) : 60);
		int form = (int)between(0, 3), zone = (int)between(0, 4);
		int oh = (int)between(0, 23), om = (int)(rnd() % 2 ? 0 : between(0, 59));
		int east = (rnd() & 1 ? 1 : -1) * (oh * 3600 + om * 60);
		char text[96], err[256];
		int64_t frac = 0, got = -1;
		struct tm tm = { 0 };
		__int128 want;
		time_t t;
		int rc;

		if (form == 0) {	/* date only: midnight UTC */
			snprintf(text, sizeof(text), "%04d-%02d-%02d", y, mo, d);
			hh = mi = ss = 0;
			east = 0;
		} else {
			snprintf(text, sizeof(text), "%04d-%02d-%02d%c%02d:%02d", y, mo, d,
				 form == 1 ? ' ' : 'T', hh, mi);
			if (form == 3)
				ss = 0;	/* hh:mm only */
			else {
				snprintf(text + strlen(text), sizeof(text) - strlen(text), ":%02d",
					 ss);
				frac = add_fraction(text, sizeof(text), (int)between(0, 9) *
								  (int)(rnd() & 1));
			}
			if (zone == 0) {
				east = 0;
			} else if (zone == 1) {
				east = 0;
				strcat(text, "Z");
			} else if (zone == 2) {
				snprintf(text + strlen(text), sizeof(text) - strlen(text),
					 "%c%02d:%02d", east < 0 ? '-' : '+', oh, om);
			} else if (zone == 3) {
				snprintf(text + strlen(text), sizeof(text) - strlen(text),
					 "%c%02d%02d", east < 0 ? '-' : '+', oh, om);
			} else {
				om = 0;
				east = (east < 0 ? -1 : 1) * oh * 3600;
				snprintf(text + strlen(text), sizeof(text) - strlen(text),
					 "%c%02d", east < 0 ? '-' : '+', oh);
			}
		}

		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = hh;
		tm.tm_min = mi;
		/* Seconds added after, so that :60 cannot move the date timegm() checks. */
		t = timegm(&tm) + ss;
		rc = clock_parse_time(text, &got, err, sizeof(err));

		/* timegm() normalises 31 April to 1 May: that is an invalid day. */
		if (tm.tm_mon != mo - 1 || tm.tm_mday != d) {
			if (rc != -1 || !strstr(err, "out of range for"))
				fail_msg("'%s' should be refused as an invalid day: rc %d '%s'",
					 text, rc, err);
			invalid_day++;
			continue;
		}
		want = ((__int128)t - east) * NS + frac;
		if (ss == 60 && ((int64_t)t - east) % 86400 != 0) {
			if (rc != -1 || !strstr(err, "leap second"))
				fail_msg("'%s' is no leap second: rc %d '%s'", text, rc, err);
			continue;
		}
		if (want < 0) {
			if (rc != -1 || !strstr(err, "before 1970"))
				fail_msg("'%s' is before 1970: rc %d '%s'", text, rc, err);
			early++;
		} else if (want > INT64_MAX) {
			if (rc != -1 || !strstr(err, "after 2262"))
				fail_msg("'%s' is after 2262: rc %d '%s'", text, rc, err);
			late++;
		} else {
			if (rc != 0)
				fail_msg("'%s' refused: %s", text, err);
			if (got != (int64_t)want)
				fail_msg("'%s': got %lld, timegm says %lld", text, (long long)got,
					 (long long)want);
			valid++;
		}
	}
	/* Make sure every branch was exercised, or the test proves little. */
	assert_true(valid > ROUNDS / 2);
	assert_true(invalid_day > 50);
	assert_true(early > 5);
	assert_true(late > 50);
}

static void test_random_epoch_against_gmtime(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < ROUNDS; i++) {
		int64_t ns = (int64_t)(rnd() >> 1), sec, frac;
		char got[CLOCK_TIME_BUFLEN], want[64], text[64], err[256];
		struct tm tm;
		time_t t;
		int64_t back = -1;
		int n;

		if (i % 4 == 0)
			ns -= ns % NS;	/* whole seconds: no fraction printed */
		else if (i % 4 == 1)
			ns -= ns % 1000000;
		if (i % 16 == 2)
			ns = -ns;	/* formatting works before 1970 too */
		sec = ns / NS;
		frac = ns % NS;
		if (frac < 0) {
			frac += NS;
			sec--;
		}
		t = (time_t)sec;
		assert_non_null(gmtime_r(&t, &tm));
		n = (int)strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S", &tm);
		if (frac) {
			int digits = 9;
			int64_t f = frac;

			while (f % 10 == 0) {
				f /= 10;
				digits--;
			}
			n += snprintf(want + n, sizeof(want) - n, ".%0*lld", digits, (long long)f);
		}
		snprintf(want + n, sizeof(want) - n, "Z");
		assert_int_equal(clock_format_time(ns, got, sizeof(got)), strlen(want));
		assert_string_equal(got, want);

		if (ns < 0)
			continue;
		/* The formatted text and @SECONDS.FRAC both parse back to the same ns. */
		if (clock_parse_time(got, &back, err, sizeof(err)))
			fail_msg("'%s' refused: %s", got, err);
		assert_int_equal(back, ns);
		snprintf(text, sizeof(text), "@%lld.%09lld", (long long)sec, (long long)frac);
		back = -1;
		if (clock_parse_time(text, &back, err, sizeof(err)))
			fail_msg("'%s' refused: %s", text, err);
		assert_int_equal(back, ns);
	}
}

static const struct {
	const char *name;
	int64_t ns;
} units[] = {
	{ "y", 365 * 86400 * NS }, { "w", 7 * 86400 * NS }, { "d", 86400 * NS }, { "h", 3600 * NS },
	{ "m", 60 * NS }, { "s", NS }, { "ms", 1000000 }, { "us", 1000 }, { "ns", 1 },
};

static void test_random_durations(void **state)
{
	int i, ok = 0, overflow = 0;

	(void)state;
	for (i = 0; i < ROUNDS; i++) {
		char text[256], err[256];
		__int128 want = 0;
		int64_t got = 0;
		int u, sign = (int)between(0, 2), rc;
		size_t n = 0;

		if (sign)
			text[n++] = sign == 1 ? '+' : '-';
		/* A random ordered subset of the units, each with an integer count. */
		for (u = (int)between(0, 8); u < 9; u += (int)between(1, 4)) {
			int64_t v = rnd() % 4 ? between(0, 1000) : between(0, 400000);

			n += snprintf(text + n, sizeof(text) - n, "%lld%s", (long long)v,
				      units[u].name);
			want += (__int128)v * units[u].ns;
		}
		if (sign == 2)
			want = -want;
		rc = clock_parse_duration(text, &got, err, sizeof(err));
		if (want > INT64_MAX || want < -INT64_MAX) {
			if (rc != -1 || !strstr(err, "out of range"))
				fail_msg("'%s' overflows: rc %d '%s'", text, rc, err);
			overflow++;
			continue;
		}
		if (rc)
			fail_msg("'%s' refused: %s", text, err);
		if (got != (int64_t)want)
			fail_msg("'%s': got %lld, want %lld", text, (long long)got,
				 (long long)want);
		ok++;
	}
	assert_true(ok > ROUNDS / 2);
	assert_true(overflow > 10);
}

static void test_random_rates_against_long_double(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < ROUNDS; i++) {
		int64_t ip = rnd() % 2 ? between(0, 10) : between(0, 999999);
		int64_t frac = between(0, 999999999);
		char text[64], err[256];
		long double exact, diff;
		uint64_t q = 0;

		snprintf(text, sizeof(text), "%s%lld.%09lld", rnd() & 1 ? "x" : "", (long long)ip,
			 (long long)frac);
		if (clock_parse_rate(text, &q, err, sizeof(err)))
			fail_msg("'%s' refused: %s", text, err);
		/* A 64-bit mantissa holds ip * 2^32 + frac * 2^32 / 1e9 to 1e-9. */
		exact = ((long double)ip + (long double)frac / 1e9L) * 4294967296.0L;
		diff = (long double)q - exact;
		if (diff > 0.5L + 1e-6L || diff < -0.5L - 1e-6L)
			fail_msg("'%s': got %llu, exact %.6Lf", text, (unsigned long long)q, exact);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_random_dates_against_timegm, setup),
		cmocka_unit_test_setup(test_random_epoch_against_gmtime, setup),
		cmocka_unit_test_setup(test_random_durations, setup),
		cmocka_unit_test_setup(test_random_rates_against_long_double, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
