// SPDX-License-Identifier: MIT
/*
 * The time specification parser against values worked out independently:
 * epoch seconds from GNU date(1) and well-known instants, durations and
 * 32.32 rates by hand. Every rejection is checked for a message that names
 * the bad part, and for leaving the output untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "clock/spec.h"

#define SEC 1000000000ll
#define MIN (60 * SEC)
#define HOUR (3600 * SEC)
#define DAY (86400 * SEC)
#define Q32 4294967296ull
#define SENTINEL 0x5a5a5a5a5a5a5a5all

static void time_ok(const char *text, int64_t want)
{
	char err[256] = "";
	int64_t ns = SENTINEL;

	if (clock_parse_time(text, &ns, err, sizeof(err)) != 0)
		fail_msg("'%s' rejected: %s", text, err);
	if (ns != want)
		fail_msg("'%s': got %lld, want %lld", text, (long long)ns, (long long)want);
}

/* A rejection: -1, output untouched, a message that quotes the input and names why. */
static void check_err(int rc, const char *err, const char *what, const char *text,
		      const char *needle)
{
	char prefix[300];

	if (rc != -1)
		fail_msg("%s '%s' accepted, want an error containing '%s'", what, text, needle);
	snprintf(prefix, sizeof(prefix), "bad %s '", what);
	if (strncmp(err, prefix, strlen(prefix)) != 0)
		fail_msg("'%s': message '%s' does not start with '%s'", text, err, prefix);
	if (!strstr(err, needle))
		fail_msg("'%s': message '%s' does not contain '%s'", text, err, needle);
}

static void time_bad(const char *text, const char *needle)
{
	char err[256] = "";
	int64_t ns = SENTINEL;
	int rc = clock_parse_time(text, &ns, err, sizeof(err));

	check_err(rc, err, "time", text, needle);
	assert_int_equal(ns, SENTINEL);
}

static void duration_ok(const char *text, int64_t want)
{
	char err[256] = "";
	int64_t ns = SENTINEL;

	if (clock_parse_duration(text, &ns, err, sizeof(err)) != 0)
		fail_msg("'%s' rejected: %s", text, err);
	if (ns != want)
		fail_msg("'%s': got %lld, want %lld", text, (long long)ns, (long long)want);
}

static void duration_bad(const char *text, const char *needle)
{
	char err[256] = "";
	int64_t ns = SENTINEL;
	int rc = clock_parse_duration(text, &ns, err, sizeof(err));

	check_err(rc, err, "duration", text, needle);
	assert_int_equal(ns, SENTINEL);
}

static void rate_ok(const char *text, uint64_t want)
{
	char err[256] = "";
	uint64_t q = SENTINEL;

	if (clock_parse_rate(text, &q, err, sizeof(err)) != 0)
		fail_msg("'%s' rejected: %s", text, err);
	if (q != want)
		fail_msg("'%s': got %llu, want %llu", text, (unsigned long long)q,
			 (unsigned long long)want);
}

static void rate_bad(const char *text, const char *needle)
{
	char err[256] = "";
	uint64_t q = SENTINEL;
	int rc = clock_parse_rate(text, &q, err, sizeof(err));

	check_err(rc, err, "rate", text, needle);
	assert_int_equal(q, SENTINEL);
}

static void faketime_ok(const char *text, int has_at, int64_t at_ns, int64_t offset_ns,
			uint64_t rate, int frozen)
{
	struct clock_spec s;
	char err[256] = "";

	memset(&s, 0x5a, sizeof(s));
	if (clock_parse_faketime(text, &s, err, sizeof(err)) != 0)
		fail_msg("'%s' rejected: %s", text, err);
	if (s.has_at != has_at || s.at_ns != at_ns || s.offset_ns != offset_ns ||
	    s.rate_q32 != rate || s.frozen != frozen)
		fail_msg("'%s': got has_at %d at %lld offset %lld rate %llu frozen %d", text,
			 s.has_at, (long long)s.at_ns, (long long)s.offset_ns,
			 (unsigned long long)s.rate_q32, s.frozen);
}

static void faketime_bad(const char *text, const char *needle)
{
	struct clock_spec s, before;
	char err[300] = "";
	int rc;

	clock_spec_init(&s);
	s.offset_ns = 12345;
	before = s;
	rc = clock_parse_faketime(text, &s, err, sizeof(err));
	check_err(rc, err, "FAKETIME spec", text, needle);
	assert_memory_equal(&s, &before, sizeof(s));
}

static void test_init(void **state)
{
	struct clock_spec s;

	(void)state;
	memset(&s, 0xff, sizeof(s));
	clock_spec_init(&s);
	assert_int_equal(s.has_at, 0);
	assert_int_equal(s.at_ns, 0);
	assert_int_equal(s.offset_ns, 0);
	assert_int_equal(s.rate_q32, Q32);
	assert_int_equal(s.frozen, 0);
	assert_false(clock_spec_is_frozen(&s));
	s.rate_q32 = 0;
	assert_true(clock_spec_is_frozen(&s));
}

static void test_time_known_instants(void **state)
{
	(void)state;
	time_ok("1970-01-01T00:00:00Z", 0);
	time_ok("1970-01-01", 0);
	time_ok("1970-01-02", 86400 * SEC);
	time_ok("2030-01-01T00:00:00Z", 1893456000 * SEC);
	time_ok("2030-01-01", 1893456000 * SEC);
	time_ok("2030-01-01 00:00:00", 1893456000 * SEC);	/* no zone is UTC */
	time_ok("2030-01-01t00:00:00z", 1893456000 * SEC);	/* RFC 3339 lower case */
	time_ok("2030-01-01T00:00", 1893456000 * SEC);
	time_ok("2000-02-29", 951782400 * SEC);
	time_ok("2038-01-19T03:14:08Z", 2147483648 * SEC);
	time_ok("2038-01-19T03:14:07Z", 2147483647 * SEC);
	time_ok("2009-02-13T23:31:30Z", 1234567890 * SEC);
	time_ok("2262-04-11T23:47:16Z", 9223372036 * SEC);
	time_ok("2262-04-11T23:47:16.854775807Z", INT64_MAX);
	time_ok("2262-04-12T01:47:16.854775807+02:00", INT64_MAX);
}

static void test_time_fractions(void **state)
{
	(void)state;
	time_ok("2030-01-01T00:00:00.5Z", 1893456000 * SEC + 500000000);
	time_ok("2030-01-01T00:00:00,25Z", 1893456000 * SEC + 250000000);
	time_ok("2030-01-01T00:00:00.000000001Z", 1893456000 * SEC + 1);
	time_ok("2030-01-01T00:00:00.123456789Z", 1893456000 * SEC + 123456789);
	/* Zeros past the ninth digit change nothing, so they are fine. */
	time_ok("2030-01-01T00:00:00.1234567890000Z", 1893456000 * SEC + 123456789);
	time_ok("2030-01-01T00:00:00.999999999+01:00", 1893452400 * SEC + 999999999);
}

static void test_time_offsets(void **state)
{
	const int64_t t = 1893456000 * SEC;

	(void)state;
	time_ok("2030-01-01T02:00:00+02:00", t);
	time_ok("2030-01-01T02:00:00+0200", t);
	time_ok("2030-01-01T02:00:00+02", t);
	time_ok("2030-01-01 02:00:00+02:00", t);
	time_ok("2029-12-31T18:30:00-0530", t);
	time_ok("2029-12-31T18:30:00-05:30", t);
	time_ok("2030-01-01T05:45+05:45", t);
	time_ok("2030-01-01T00:00:00-00:00", t);
	time_ok("2030-01-01T00:00:00+00", t);
	time_ok("2030-01-01T23:59:00+23:59", t);
	time_ok("2029-12-31T00:01:00-23:59", t);
	/* The written date may be 1969 when the offset brings it past the epoch. */
	time_ok("1969-12-31T23:00:00-01:00", 0);
	time_bad("2030-01-01T00:00:00+00:00:01", "trailing characters ':01'");
}

static void test_time_leap_years(void **state)
{
	(void)state;
	time_ok("1972-02-29", 68169600 * SEC);
	time_ok("2024-02-29", 1709164800 * SEC);
	time_ok("2000-03-01", (951782400 + 86400) * SEC);
	time_ok("2100-03-01", 4107542400 * SEC);
	time_ok("2204-02-29", 7389360000 * SEC);
	time_ok("2200-03-01", 7263216000 * SEC);
	time_bad("2200-02-29", "day 29 out of range for February 2200 (28 days)");
	/* 2400 is a leap year: the day is valid, the instant is past int64 ns. */
	time_bad("2400-02-29", "after 2262-04-11T23:47:16.854775807Z");
	time_bad("2400-02-30", "day 30 out of range for February 2400 (29 days)");
	time_bad("2100-02-29", "day 29 out of range for February 2100 (28 days)");
	time_bad("2031-02-29", "day 29 out of range for February 2031");
	time_bad("2030-02-30", "day 30 out of range for February 2030");
	time_bad("2000-02-30", "day 30 out of range for February 2000 (29 days)");
	time_bad("2030-04-31", "day 31 out of range for April 2030 (30 days)");
	time_bad("2030-06-31", "June");
	time_bad("2030-09-31", "September");
	time_bad("2030-11-31", "November");
	time_bad("2030-01-32", "day 32 out of range for January");
	time_bad("2030-01-00", "day 00 out of range");
}

static void test_time_leap_second(void **state)
{
	(void)state;
	/* Unix time has no leap seconds: 23:59:60 is the next midnight, as with timegm(). */
	time_ok("2016-12-31T23:59:60Z", 1483228800 * SEC);
	time_ok("2016-12-31T23:59:60.5Z", 1483228800 * SEC + 500000000);
	time_ok("2017-01-01T00:59:60+01:00", 1483228800 * SEC);
	time_ok("2016-12-31T18:29:60-05:30", 1483228800 * SEC);
	time_bad("2030-01-01T12:00:60Z", "second 60 is only valid as a leap second");
	time_bad("2016-12-31T23:59:60+01:00", "leap second");
	time_bad("2030-01-01T00:00:61Z", "second 61 out of range");
}

static void test_time_epoch(void **state)
{
	(void)state;
	time_ok("@0", 0);
	time_ok("@1893456000", 1893456000 * SEC);
	time_ok("@1.5", 1500000000);
	time_ok("@0.000000001", 1);
	time_ok("@00000000001", SEC);
	time_ok("@1.1234567890000", 1123456789);
	time_ok("@9223372036.854775807", INT64_MAX);
	time_bad("@9223372036.854775808", "out of range");
	time_bad("@9223372037", "epoch seconds '9223372037' out of range");
	time_bad("@99999999999999999999", "'99999999999999999999' out of range");
	time_bad("@99999999999999999999999999999999999999", "out of range");
	time_bad("@1.1234567891", "more than 9 significant fractional digits in '1234567891'");
	time_bad("@", "missing seconds after '@'");
	time_bad("@-1", "before 1970 is not supported");
	time_bad("@+1", "expected seconds since the epoch at '+1'");
	time_bad("@1.", "missing digits after '.'");
	time_bad("@.5", "expected seconds");
	time_bad("@1,5", "a decimal comma ('1,5') is only accepted in FAKETIME strings");
	time_bad("@1e9", "trailing characters 'e9'");
	time_bad("@ 1", "expected seconds since the epoch at ' 1'");
	time_bad("@1 ", "trailing characters ' '");
	time_bad("@@1", "expected seconds");
}

static void test_time_errors(void **state)
{
	(void)state;
	time_bad("", "empty");
	time_bad("2030-13-01", "month 13 out of range (01..12)");
	time_bad("2030-00-01", "month 00 out of range");
	time_bad("10000-01-01", "year '10000' out of range (1970..9999)");
	time_bad("99999-01-01T00:00:00Z", "year '99999' out of range");
	time_bad("1969-12-31", "before 1970 is not supported");
	time_bad("9999-12-31T23:59:59Z", "after 2262-04-11T23:47:16.854775807Z, the end of 64-bit");
	time_bad("2262-04-11T23:47:16.854775808Z", "after 2262-04-11");
	time_bad("2262-04-11T23:47:17Z", "after 2262-04-11");
	time_bad("2262-04-11T23:47:16.854775807-00:01", "after 2262-04-11");
	time_bad("1900-01-01", "year 1900: before 1970 is not supported");
	time_bad("0000-01-01", "before 1970");
	time_bad("1970-01-01T00:00:00+01:00", "before 1970 is not supported");
	time_bad("1969-12-31T23:59:59Z", "before 1970");
	time_bad("-2030-01-01", "expected a date");
	time_bad("203-01-01", "year '203' must have 4 digits");
	time_bad("20300101", "basic format YYYYMMDD is not supported");
	time_bad("20300101T000000Z", "basic format YYYYMMDD is not supported");
	time_bad("203001011", "year '203001011' out of range");
	time_bad("2030-1-01", "month '1' must have 2 digits");
	time_bad("2030-001-01", "month '001' must have 2 digits");
	time_bad("2030-01-1", "day '1' must have 2 digits");
	time_bad("2030-01", "missing '-' after the month");
	time_bad("2030", "missing '-' after the year");
	time_bad("2030/01/01", "expected '-' after the year at '/01/01'");
	time_bad("2030-01-01T24:00", "hour 24 out of range (00..23)");
	time_bad("2030-01-01T24:00:00Z", "hour 24");
	time_bad("2030-01-01T99:00", "hour 99");
	time_bad("2030-01-01T23:60", "minute 60 out of range (00..59)");
	time_bad("2030-01-01T1:00", "hour '1' must have 2 digits");
	time_bad("2030-01-01T10", "missing ':' after the hour");
	time_bad("2030-01-01T1000", "hour '1000' must have 2 digits");
	time_bad("2030-01-01T10:00:0", "second '0' must have 2 digits");
	time_bad("2030-01-01T10:00:00.", "missing digits after '.'");
	time_bad("2030-01-01T10:00:00.Z", "missing digits after '.'");
	time_bad("2030-01-01T10:00:00.1234567891Z", "more than 9 significant fractional digits");
	time_bad("2030-01-01T", "missing time after the date");
	time_bad("2030-01-01 ", "missing time after the date");
	time_bad("2030-01-01Z", "expected 'T' or a space after the date at 'Z'");
	time_bad("2030-01-01  00:00", "expected the hour (2 digits) at ' 00:00'");
	time_bad("2030-01-01T00:00:00ZZ", "trailing characters 'Z'");
	time_bad("2030-01-01T00:00:00Z junk", "trailing characters ' junk'");
	time_bad("2030-01-01 junk", "expected the hour (2 digits) at 'junk'");
	time_bad("2030-01-01T00:00:00 UTC", "trailing characters ' UTC'");
	time_bad("2030-01-01T00:00:00+2", "UTC offset hour '2' must have 2 digits");
	time_bad("2030-01-01T00:00:00+", "expected the UTC offset hour (2 digits)");
	time_bad("2030-01-01T00:00:00+24:00", "UTC offset hour 24 out of range");
	time_bad("2030-01-01T00:00:00+02:60", "UTC offset minute 60 out of range");
	time_bad("2030-01-01T00:00:00+02:0", "UTC offset minute '0' must have 2 digits");
	time_bad("2030-01-01T00:00:00+02:", "expected the UTC offset minute");
	time_bad("2030-01-01T00:00:00+02001", "UTC offset minute '001' must have 2 digits");
	time_bad(" 2030-01-01", "expected a date YYYY-MM-DD or @SECONDS at ' 2030-01-01'");
	time_bad("now", "expected a date");
	time_bad("2030-01-01T00:00:00\x01", "trailing characters '\\x01'");
	time_bad("2030-01-01\xff", "expected 'T' or a space after the date at '\\xff'");
}

static void test_duration_valid(void **state)
{
	(void)state;
	duration_ok("+1y", 365 * DAY);
	duration_ok("1y", 365 * DAY);
	duration_ok("-90m", -90 * MIN);
	duration_ok("+3600s", 3600 * SEC);
	duration_ok("3600", 3600 * SEC);
	duration_ok("-3600", -3600 * SEC);
	duration_ok("+2d", 2 * DAY);
	duration_ok("1w", 7 * DAY);
	duration_ok("-1.5h", -90 * MIN);
	duration_ok("+0.5d", 12 * HOUR);
	duration_ok("1.5", 1500000000);
	duration_ok("250ms", 250000000);
	duration_ok("3us", 3000);
	/* The micro sign U+00B5 and the Greek mu U+03BC, both in UTF-8. */
	duration_ok("3\xc2\xb5s", 3000);
	duration_ok("3\xce\xbcs", 3000);
	duration_ok("1ms500\xc2\xb5s", 1500000);
	duration_ok("7ns", 7);
	duration_ok("1h30m", 90 * MIN);
	duration_ok("+1d2h", 26 * HOUR);
	duration_ok("-1d2h", -26 * HOUR);
	duration_ok("1y1w1d1h1m1s1ms1us1ns",
		    365 * DAY + 7 * DAY + DAY + HOUR + MIN + SEC + 1000000 + 1000 + 1);
	duration_ok("0", 0);
	duration_ok("-0", 0);
	duration_ok("+0s", 0);
	duration_ok("0.000000001s", 1);
	duration_ok("1.0000000000000s", SEC);
	/* Below a nanosecond rounds to the nearest, halves away from zero. */
	duration_ok("1.5ns", 2);
	duration_ok("-1.5ns", -2);
	duration_ok("0.4ns", 0);
	duration_ok("0.001us", 1);
	duration_ok("0.000000001h", 3600);
	duration_ok("0.0000005ms", 1);		/* half a nanosecond */
	duration_ok("0.0000004ms", 0);
	duration_ok("0.000000001y", 31536000);	/* exactly 31.536 ms */
	/* The int64 limit is 106751 days, 23:47:16.854775807. */
	duration_ok("106751d", 106751 * DAY);
	duration_ok("9223372036854775807ns", INT64_MAX);
	duration_ok("-9223372036854775807ns", -INT64_MAX);
	duration_ok("292y", 292 * 365 * DAY);
	duration_ok("9223372036.854775807s", INT64_MAX);
}

static void test_duration_errors(void **state)
{
	(void)state;
	duration_bad("", "empty");
	duration_bad("+", "missing number after '+'");
	duration_bad("-", "missing number after '-'");
	duration_bad("++1d", "expected a number at '+1d'");
	duration_bad("+-1d", "expected a number at '-1d'");
	duration_bad("1x", "unknown unit 'x'");
	duration_bad("1D", "unknown unit 'D'");
	duration_bad("1mo", "unknown unit 'mo'");
	duration_bad("1M", "unknown unit 'M'");
	duration_bad("1sec", "unknown unit 'sec'");
	duration_bad("d", "expected a number at 'd'");
	duration_bad("h1", "expected a number at 'h1'");
	duration_bad("1.2.3s", "unexpected '.3s' after '1.2'");
	duration_bad("1.s", "missing digits after '.'");
	duration_bad(".5s", "expected a number at '.5s'");
	duration_bad("1 d", "unexpected ' d' after '1'");
	duration_bad(" 1d", "expected a number at ' 1d'");
	duration_bad("1d ", "expected a number at ' '");
	duration_bad("1h30", "missing unit after '30'");
	duration_bad("1m1h", "unit 'h' after 'm'");
	duration_bad("1h1h", "unit 'h' after 'h'");
	duration_bad("1h-30m", "expected a number at '-30m'");
	duration_bad("1,5h", "a decimal comma ('1,5') is only accepted in FAKETIME strings: "
			     "write '1.5'");
	duration_bad("1,h", "unexpected ',h' after '1'");
	duration_bad("1h30m,5s", "expected a number at ',5s'");
	duration_bad("1e3s", "unknown unit 'e'");
	duration_bad("293y", "out of range");
	duration_bad("-293y", "out of range");
	duration_bad("106752d", "out of range");
	duration_bad("9223372036854775808ns", "out of range");
	duration_bad("-9223372036854775808ns", "out of range");
	duration_bad("292y292y", "unit 'y' after 'y'");
	duration_bad("292y30w", "out of range");
	duration_ok("292y2w", (292 * 365 + 14) * DAY);
	duration_bad("99999999999999999999s", "number '99999999999999999999' too large");
	duration_bad("1.0000000001s", "more than 9 significant fractional digits");
	duration_bad("1\xc2\xb5", "unknown unit '\\xc2\\xb5'");
	duration_bad("1\xb5s", "unknown unit '\\xb5s'");
	duration_bad("1us1\xc2\xb5s", "unit '\xc2\xb5s' after 'us'");
	duration_bad("1\xce\xbcs1us", "unit 'us' after '\xce\xbcs'");
	duration_bad("1\xc2\xb5s1ms", "unit 'ms' after '\xc2\xb5s'");
}

static void test_rate_valid(void **state)
{
	(void)state;
	rate_ok("1", Q32);
	rate_ok("10", 10 * Q32);
	rate_ok("x10", 10 * Q32);
	rate_ok("0.5", Q32 / 2);
	rate_ok("x0.5", Q32 / 2);
	rate_ok("2.5", 5 * Q32 / 2);
	rate_ok("0.25", Q32 / 4);
	rate_ok("0", 0);
	rate_ok("0.0", 0);
	rate_ok("x0", 0);
	rate_ok("1000000", 1000000ull * Q32);
	rate_ok("1000000.000000000", 1000000ull * Q32);
	rate_ok("007", 7 * Q32);
	/* 0.1 * 2^32 = 429496729.6 rounds up; 0.3 * 2^32 = 1288490188.8 up too. */
	rate_ok("0.1", 429496730);
	rate_ok("0.3", 1288490189);
	/* 1/3 to 9 digits: 1431655763.57... */
	rate_ok("0.333333333", 1431655764);
	/* 1e-9 * 2^32 = 4.29...: the smallest non-zero rate is not rounded to 0. */
	rate_ok("0.000000001", 4);
	/* 0.0000000001 has too many digits; 1e-9 * 0.1 would round to 0 anyway. */
	rate_ok("1.000000001", Q32 + 4);
}

static void test_rate_errors(void **state)
{
	(void)state;
	rate_bad("", "empty");
	rate_bad("-1", "negative rate");
	rate_bad("-0.5", "negative rate");
	rate_bad("x-1", "negative rate");
	rate_bad("1000001", "rate '1000001' above the maximum 1000000");
	rate_bad("1000000.000000001", "above the maximum");
	rate_bad("99999999999999999999", "above the maximum");
	rate_bad("x", "missing number after 'x'");
	rate_bad("X10", "expected a number at 'X10'");
	rate_bad("10x", "trailing characters 'x'");
	rate_bad("xx10", "expected a number at 'x10'");
	rate_bad("abc", "expected a number at 'abc'");
	rate_bad("+2", "expected a number at '+2'");
	rate_bad("1e3", "trailing characters 'e3'");
	rate_bad("0,5", "a decimal comma ('0,5') is only accepted in FAKETIME strings: "
			"write '0.5'");
	rate_bad("x10,0", "write '10.0'");
	rate_bad("1.", "missing digits after '.'");
	rate_bad(".5", "expected a number");
	rate_bad(" 2", "expected a number");
	rate_bad("2 ", "trailing characters ' '");
	rate_bad("0.0000000001", "more than 9 significant fractional digits");
	rate_bad("inf", "expected a number");
	rate_bad("nan", "expected a number");
}

static void test_faketime_valid(void **state)
{
	const int64_t t = 1893456000 * SEC;

	(void)state;
	faketime_ok("@2030-01-01 00:00:00", 1, t, 0, Q32, 0);
	faketime_ok("2030-01-01 00:00:00", 1, t, 0, 0, 1);
	faketime_ok("+2d", 0, 0, 2 * DAY, Q32, 0);
	faketime_ok("-30m", 0, 0, -30 * MIN, Q32, 0);
	faketime_ok("-120", 0, 0, -120 * SEC, Q32, 0);
	faketime_ok("+1y", 0, 0, 365 * DAY, Q32, 0);
	faketime_ok("-2.5h", 0, 0, -150 * MIN, Q32, 0);
	faketime_ok("+2d x10", 0, 0, 2 * DAY, 10 * Q32, 0);
	faketime_ok("+0 x0.5", 0, 0, 0, Q32 / 2, 0);
	faketime_ok("+0 x0", 0, 0, 0, 0, 1);
	faketime_ok("@2030-01-01 00:00:00 x2", 1, t, 0, 2 * Q32, 0);
	faketime_ok("@2030-01-01", 1, t, 0, Q32, 0);
	faketime_ok("2030-01-01", 1, t, 0, 0, 1);
	faketime_ok("@2030-01-01 02:00:00+02:00", 1, t, 0, Q32, 0);
	faketime_ok("@2030-01-01T00:00:00Z x3", 1, t, 0, 3 * Q32, 0);
	faketime_ok("2030-01-01 00:00:00.5", 1, t + 500000000, 0, 0, 1);
	faketime_ok("  +1h\t", 0, 0, HOUR, Q32, 0);
	faketime_ok("+1h   x2", 0, 0, HOUR, 2 * Q32, 0);
	/* libfaketime's documented examples, with its decimal comma. */
	faketime_ok("+2,5y x10,0", 0, 0, 365 * DAY * 5 / 2, 10 * Q32, 0);
	faketime_ok("+2,5y x0,50", 0, 0, 365 * DAY * 5 / 2, Q32 / 2, 0);
	faketime_ok("+1,5h", 0, 0, 90 * MIN, Q32, 0);
	faketime_ok("+1y x0,5", 0, 0, 365 * DAY, Q32 / 2, 0);
	faketime_ok("-7d x0,2", 0, 0, -7 * DAY, 858993459, 0);	/* 0.2 * 2^32 = 858993459.2 */
	faketime_ok("+5y x10", 0, 0, 5 * 365 * DAY, 10 * Q32, 0);
	faketime_ok("+14d", 0, 0, 14 * DAY, Q32, 0);
	faketime_ok("-15d", 0, 0, -15 * DAY, Q32, 0);
	faketime_ok("-10m", 0, 0, -10 * MIN, Q32, 0);
	faketime_ok("+1.5h", 0, 0, 90 * MIN, Q32, 0);
	faketime_ok("+0 x2", 0, 0, 0, 2 * Q32, 0);
	faketime_ok("2020-12-24 20:30:00", 1, 1608841800 * SEC, 0, 0, 1);
	faketime_ok("@2020-12-24 20:30:00", 1, 1608841800 * SEC, 0, Q32, 0);
	faketime_ok("@2000-01-01 11:12:13", 1, 946725133 * SEC, 0, Q32, 0);
	faketime_ok("2008-12-24 08:15:42", 1, 1230106542 * SEC, 0, 0, 1);
	faketime_ok("@2030-01-01 00:00:00,5 x2", 1, t + 500000000, 0, 2 * Q32, 0);
	faketime_ok("+10\xc2\xb5s", 0, 0, 10000, Q32, 0);
	faketime_ok("+1,000000001s x0,000000001", 0, 0, SEC + 1, 4, 0);
}

static void test_faketime_errors(void **state)
{
	(void)state;
	faketime_bad("", "empty");
	faketime_bad("   ", "empty");
	faketime_bad("+0 i2.0", "the 'i' increment modifier of libfaketime is not supported");
	faketime_bad("@2030-01-01 00:00:00 i5", "'i' increment modifier");
	faketime_bad("%", "'%' form (follow a file's timestamp) is not supported");
	faketime_bad("2030-01-01 00:00:00 x2", "an absolute time is frozen, so 'x2' would do "
					       "nothing");
	faketime_bad("@1893456000", "'@' must be followed by a date");
	faketime_bad("@", "'@' must be followed by a date");
	faketime_bad("@ 2030-01-01", "'@' must be followed by a date");
	faketime_bad("x10", "expected +OFFSET, -OFFSET, @DATE TIME or DATE TIME at 'x10'");
	faketime_bad("now", "expected +OFFSET");
	faketime_bad("+2d x1 x2", "more than one 'x' speed modifier");
	faketime_bad("+2d foo", "unknown modifier 'foo'");
	faketime_bad("+2d x-1", "negative rate");
	faketime_bad("+2d x2000000", "above the maximum");
	faketime_bad("+2d x", "missing number after 'x'");
	faketime_bad("+2x", "unknown unit 'x'");
	faketime_bad("++2d", "expected a number at '+2d'");
	faketime_bad("+2mo", "unknown unit 'mo'");
	faketime_bad("2030-13-01 00:00:00", "month 13 out of range");
	faketime_bad("@2030-01-01 24:00:00", "hour 24 out of range");
	faketime_bad("@1969-12-31 00:00:00", "before 1970");
	faketime_bad("@2030-01-01 00:00:00 junk", "unknown modifier 'junk'");
	faketime_bad("2030-01-01 00:00:00 2030", "unknown modifier '2030'");
	faketime_bad("+1,h", "missing digits after ','");
	faketime_bad("+2,5,5y", "unexpected ',5y' after '2,5'");
	faketime_bad("+2d x1,", "missing digits after ','");
	faketime_bad("+2d x,5", "expected a number at ',5'");
	faketime_bad("+1,0000000001s", "more than 9 significant fractional digits");
	faketime_bad("-7d i2,0", "'i' increment modifier");
}

static void format_is(int64_t ns, const char *want)
{
	char buf[CLOCK_TIME_BUFLEN];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = clock_format_time(ns, buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_format(void **state)
{
	(void)state;
	format_is(0, "1970-01-01T00:00:00Z");
	format_is(1893456000 * SEC, "2030-01-01T00:00:00Z");
	format_is(1893456000 * SEC + 500000000, "2030-01-01T00:00:00.5Z");
	format_is(1893456000 * SEC + 1, "2030-01-01T00:00:00.000000001Z");
	format_is(1893456000 * SEC + 120000000, "2030-01-01T00:00:00.12Z");
	format_is(951782400 * SEC, "2000-02-29T00:00:00Z");
	format_is(2147483648 * SEC, "2038-01-19T03:14:08Z");
	format_is(7389360000 * SEC, "2204-02-29T00:00:00Z");
	format_is(4107542400 * SEC - 1, "2100-02-28T23:59:59.999999999Z");
	format_is(INT64_MAX, "2262-04-11T23:47:16.854775807Z");
	format_is(-1, "1969-12-31T23:59:59.999999999Z");
	format_is(-86400 * SEC, "1969-12-31T00:00:00Z");
	format_is(INT64_MIN, "1677-09-21T00:12:43.145224192Z");
}

static void test_format_small_buffer(void **state)
{
	char buf[64];

	(void)state;
	/* "2030-01-01T00:00:00Z" is 20 bytes and needs a 21st for the NUL. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(clock_format_time(1893456000 * SEC, buf, 20), -1);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(clock_format_time(1893456000 * SEC, buf, 0), -1);
	assert_int_equal(clock_format_time(1893456000 * SEC, buf, 21), 20);
	assert_string_equal(buf, "2030-01-01T00:00:00Z");
	assert_int_equal(clock_format_time(INT64_MAX, buf, 30), -1);
	assert_int_equal(clock_format_time(INT64_MAX, buf, 31), 30);
}

static void test_format_parse_round_trip(void **state)
{
	static const int64_t values[] = {
		0, 1, 999999999, 1893456000 * 1000000000ll + 10, 951782400 * 1000000000ll,
		7389360000 * 1000000000ll + 999999999, INT64_MAX,
	};
	char buf[CLOCK_TIME_BUFLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		assert_true(clock_format_time(values[i], buf, sizeof(buf)) > 0);
		time_ok(buf, values[i]);
	}
}

static void test_error_buffer(void **state)
{
	char err[8];
	int64_t ns;

	(void)state;
	/* A short buffer still gets a NUL-terminated prefix; none at all is fine too. */
	memset(err, 'x', sizeof(err));
	assert_int_equal(clock_parse_time("2030-13-01", &ns, err, sizeof(err)), -1);
	assert_string_equal(err, "bad tim");
	memset(err, 'x', sizeof(err));
	assert_int_equal(clock_parse_duration("1x", &ns, err, 1), -1);
	assert_int_equal(err[0], '\0');
	assert_int_equal(err[1], 'x');
	assert_int_equal(clock_parse_rate("-1", NULL, NULL, 0), -1);
	assert_int_equal(clock_parse_faketime("%", NULL, NULL, 0), -1);
	assert_int_equal(clock_parse_time("", &ns, err, 0), -1);
	assert_int_equal(err[0], '\0');
}

static char *repeat(char c, size_t n, const char *prefix, const char *suffix)
{
	size_t lp = strlen(prefix), ls = strlen(suffix);
	char *s = malloc(lp + n + ls + 1);

	assert_non_null(s);
	memcpy(s, prefix, lp);
	memset(s + lp, c, n);
	memcpy(s + lp + n, suffix, ls + 1);
	return s;
}

static void test_long_inputs(void **state)
{
	char err[256];
	char *s;

	(void)state;
	s = repeat('9', 100000, "", "s");
	duration_bad(s, "too large");
	clock_parse_duration(s, NULL, err, sizeof(err));
	/* The message quotes an excerpt, not 100000 digits. */
	assert_non_null(strstr(err, "..."));
	assert_true(strlen(err) < 200);
	free(s);

	s = repeat('0', 100000, "", "1s");
	duration_ok(s, SEC);	/* leading zeros are only zeros */
	free(s);
	s = repeat('0', 100000, "0.", "1s");
	duration_bad(s, "more than 9 significant fractional digits");
	free(s);
	s = repeat('0', 100000, "1.", "s");
	duration_ok(s, SEC);
	free(s);
	s = repeat('1', 100000, "@", "");
	time_bad(s, "out of range");
	free(s);
	s = repeat('2', 100000, "", "");
	time_bad(s, "out of range");
	free(s);
	s = repeat('x', 100000, "2030-01-01T00:00:00Z", "");
	time_bad(s, "trailing characters 'xxxx");
	free(s);
	s = repeat('5', 100000, "x", "");
	rate_bad(s, "above the maximum");
	free(s);
	s = repeat(' ', 100000, "+1d", "x2");
	faketime_ok(s, 0, 0, DAY, 2 * Q32, 0);
	free(s);
	s = repeat('1', 100000, "+", "h");
	faketime_bad(s, "too large");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_time_known_instants),
		cmocka_unit_test(test_time_fractions),
		cmocka_unit_test(test_time_offsets),
		cmocka_unit_test(test_time_leap_years),
		cmocka_unit_test(test_time_leap_second),
		cmocka_unit_test(test_time_epoch),
		cmocka_unit_test(test_time_errors),
		cmocka_unit_test(test_duration_valid),
		cmocka_unit_test(test_duration_errors),
		cmocka_unit_test(test_rate_valid),
		cmocka_unit_test(test_rate_errors),
		cmocka_unit_test(test_faketime_valid),
		cmocka_unit_test(test_faketime_errors),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_small_buffer),
		cmocka_unit_test(test_format_parse_round_trip),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_long_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
