// SPDX-License-Identifier: MIT
/*
 * The range rule for the start of the virtual realtime clock, the same for
 * --at, --offset, both, and FAKETIME strings: exactly at each limit, one
 * nanosecond past it, sums that overflow int64, and the headroom that
 * CLOCK_TAI and a long session need above the latest start. The limits
 * are worked out by hand: 2262-01-01T00:00:00Z is 9214646400 s (GNU
 * date -u -d 2262-01-01 +%s), INT64_MAX ns is 2262-04-11T23:47:16.854775807Z.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "clock/model.h"
#include "clock/spec.h"

#define SEC 1000000000ll
#define DAY (86400 * SEC)
#define MAX_START (9214646400ll * SEC)
/* 2026-12-02T04:26:03Z: any "now" will do, a plausible one reads best. */
#define NOW (1796185563ll * SEC)
#define TAI_AHEAD (37 * SEC)

static void spec_at(struct clock_spec *s, const char *at)
{
	char err[256];

	if (clock_spec_set_at(s, "--at", at, err, sizeof(err)))
		fail_msg("--at '%s' rejected by the parser: %s", at, err);
}

static void spec_offset(struct clock_spec *s, const char *off)
{
	char err[256];

	if (clock_spec_set_offset(s, "--offset", off, err, sizeof(err)))
		fail_msg("--offset '%s' rejected by the parser: %s", off, err);
}

static struct clock_spec make(const char *at, const char *off)
{
	struct clock_spec s;

	clock_spec_init(&s);
	if (at)
		spec_at(&s, at);
	if (off)
		spec_offset(&s, off);
	return s;
}

static void passes(const struct clock_spec *s, int64_t now)
{
	char err[512] = "";
	const char *opt = "untouched";

	if (clock_spec_check(s, now, &opt, err, sizeof(err)) != 0)
		fail_msg("at %lld offset %lld now %lld rejected: %s: %s", (long long)s->at_ns,
			 (long long)s->offset_ns, (long long)now, opt, err);
}

/* Rejected, blaming opt, with a message "bad KIND 'TEXT': ..." containing needle. */
static void fails(const struct clock_spec *s, int64_t now, const char *want_opt,
		  const char *want_prefix, const char *needle)
{
	char err[512] = "";
	const char *opt = NULL;

	if (clock_spec_check(s, now, &opt, err, sizeof(err)) != -1)
		fail_msg("at %lld offset %lld now %lld accepted, want '%s'", (long long)s->at_ns,
			 (long long)s->offset_ns, (long long)now, needle);
	if (!opt || strcmp(opt, want_opt) != 0)
		fail_msg("'%s': blames '%s', want '%s'", err, opt ? opt : "(null)", want_opt);
	if (strncmp(err, want_prefix, strlen(want_prefix)) != 0)
		fail_msg("'%s' does not start with '%s'", err, want_prefix);
	if (!strstr(err, needle))
		fail_msg("'%s' does not contain '%s'", err, needle);
}

static void test_at_limits(void **state)
{
	struct clock_spec s;

	(void)state;
	s = make("1970-01-01T00:00:00Z", NULL);
	passes(&s, NOW);
	s = make("@0", NULL);
	passes(&s, NOW);
	s = make("2262-01-01T00:00:00Z", NULL);
	assert_int_equal(s.at_ns, MAX_START);
	passes(&s, NOW);
	s = make("2262-01-01T00:00:00.000000001Z", NULL);
	fails(&s, NOW, "--at", "bad time '2262-01-01T00:00:00.000000001Z': ",
	      "after 2262-01-01T00:00:00Z, the latest start");
	s = make("2262-04-11T23:47:16.854775807Z", NULL);
	fails(&s, NOW, "--at", "bad time '2262-04-11T23:47:16.854775807Z': ",
	      "after 2262-01-01T00:00:00Z");
	/* The real time does not matter to --at alone. */
	s = make("2262-01-01T00:00:00Z", NULL);
	passes(&s, 0);
	passes(&s, INT64_MAX);
	passes(&s, -1);
}

static void test_offset_limits(void **state)
{
	struct clock_spec s;

	(void)state;
	/* now + offset exactly at each limit, then one ns past it. */
	s = make(NULL, "+5s");
	passes(&s, MAX_START - 5 * SEC);
	fails(&s, MAX_START - 5 * SEC + 1, "--offset", "bad duration '+5s': ",
	      "now plus +5s is 2262-01-01T00:00:00.000000001Z, after 2262-01-01T00:00:00Z, the latest start");
	s = make(NULL, "-10s");
	passes(&s, 10 * SEC);
	fails(&s, 10 * SEC - 1, "--offset", "bad duration '-10s': ",
	      "before 1970-01-01T00:00:00Z, the earliest start");
	s = make(NULL, "+0");
	passes(&s, 0);
	passes(&s, MAX_START);
	fails(&s, MAX_START + 1, "--offset", "bad duration '+0': ", "after 2262-01-01");
	fails(&s, -1, "--offset", "bad duration '+0': ", "before 1970-01-01");
}

/* Issue 9 item 4: these were accepted and overflowed in the session. */
static void test_offset_issue_cases(void **state)
{
	struct clock_spec s;

	(void)state;
	s = make(NULL, "+292y");
	fails(&s, NOW, "--offset", "bad duration '+292y': ",
	      "now plus +292y is after 2262-04-11T23:47:16.854775807Z, the end of 64-bit "
	      "nanoseconds");
	s = make(NULL, "-100y");
	fails(&s, NOW, "--offset", "bad duration '-100y': ",
	      "now plus -100y is 1926-12-27T04:26:03Z, before 1970-01-01T00:00:00Z");
	s = make(NULL, "+235y");	/* 2261-..: in range */
	passes(&s, NOW);
	s = make(NULL, "+235y100d");	/* representable, past the latest start */
	fails(&s, NOW, "--offset", "bad duration '+235y100d': ",
	      "now plus +235y100d is 2262-01-14T04:26:03Z, after 2262-01-01T00:00:00Z");
	s = make(NULL, "+236y");	/* 2262-10-06: past the end of int64 ns */
	fails(&s, NOW, "--offset", "bad duration '+236y': ", "the end of 64-bit nanoseconds");
	s = make(NULL, "-56y");
	passes(&s, NOW);
	s = make(NULL, "-57y");
	fails(&s, NOW, "--offset", "bad duration '-57y': ", "before 1970");
}

static void test_at_plus_offset(void **state)
{
	struct clock_spec s;

	(void)state;
	/* The rule is on the sum: either alone may be out of range. */
	s = make("2262-03-01T00:00:00Z", "-1y");
	passes(&s, NOW);
	s = make("1970-01-01T00:00:00Z", "+292y");
	passes(&s, NOW);
	s = make("2262-01-01T00:00:00Z", "+0");
	passes(&s, NOW);
	s = make("2262-01-01T00:00:00Z", "+1ns");
	fails(&s, NOW, "--offset", "bad duration '+1ns': ",
	      "--at 2262-01-01T00:00:00Z plus +1ns is 2262-01-01T00:00:00.000000001Z, after "
	      "2262-01-01T00:00:00Z");
	s = make("@1", "-1s");
	passes(&s, NOW);
	s = make("@1", "-1000000001ns");
	fails(&s, NOW, "--offset", "bad duration '-1000000001ns': ",
	      "--at @1 plus -1000000001ns is 1969-12-31T23:59:59.999999999Z, before 1970");
	/* The old message's case: --at near the end plus a year overflows int64. */
	s = make("2262-04-11T00:00:00Z", "+1y");
	fails(&s, NOW, "--offset", "bad duration '+1y': ",
	      "--at 2262-04-11T00:00:00Z plus +1y is after 2262-04-11T23:47:16.854775807Z");
	s = make("2262-04-11T23:47:16.854775807Z", "+292y");
	fails(&s, NOW, "--offset", "bad duration '+292y': ", "the end of 64-bit nanoseconds");
	/* A spec put together by hand, with no source: still checked, without UB. */
	clock_spec_init(&s);
	s.has_at = 1;
	s.at_ns = INT64_MAX;
	s.offset_ns = INT64_MAX;
	fails(&s, NOW, "--offset", "bad duration '", "the end of 64-bit nanoseconds");
	s.at_ns = 0;
	s.offset_ns = INT64_MIN;
	fails(&s, NOW, "--offset", "bad duration '", "before 1970");
}

static void test_offset_sum_overflows(void **state)
{
	struct clock_spec s;

	(void)state;
	s = make(NULL, "+1ns");
	passes(&s, MAX_START - 1);
	fails(&s, INT64_MAX, "--offset", "bad duration '+1ns': ", "end of 64-bit");
	s = make(NULL, "-1ns");
	fails(&s, INT64_MIN, "--offset", "bad duration '-1ns': ", "before 1970");
	s = make(NULL, "+292y");
	fails(&s, INT64_MAX, "--offset", "bad duration '+292y': ", "end of 64-bit");
	s = make(NULL, "-292y");
	fails(&s, INT64_MIN + 1, "--offset", "bad duration '-292y': ", "before 1970");
}

static void test_faketime_forms(void **state)
{
	struct clock_spec s;
	char err[256];

	(void)state;
	clock_spec_init(&s);
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "+292y x2", err, sizeof(err)), 0);
	fails(&s, NOW, "--faketime", "bad FAKETIME spec '+292y x2': ",
	      "now plus +9208512000s is after 2262-04-11T23:47:16.854775807Z");
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "-100y", err, sizeof(err)), 0);
	fails(&s, NOW, "--faketime", "bad FAKETIME spec '-100y': ", "before 1970");
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "+1d", err, sizeof(err)), 0);
	passes(&s, NOW);
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime-env", "@2262-01-01 00:00:00", err,
						 sizeof(err)), 0);
	passes(&s, NOW);
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime-env", "@2262-01-01 00:00:01", err,
						 sizeof(err)), 0);
	fails(&s, NOW, "--faketime-env", "bad FAKETIME spec '@2262-01-01 00:00:01': ",
	      "after 2262-01-01T00:00:00Z, the latest start");
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "2262-02-01 00:00:00", err,
						 sizeof(err)), 0);
	fails(&s, NOW, "--faketime", "bad FAKETIME spec '2262-02-01 00:00:00': ", "after 2262");
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "1970-01-01 00:00:00", err,
						 sizeof(err)), 0);
	passes(&s, NOW);
}

/*
 * At the latest start, every clock of the realtime family as fill_params()
 * computes it (real + shift) fits in int64, CLOCK_TAI 37 s ahead included,
 * and 100 days of session at rate 1, or 10 days at rate 10, read exactly,
 * without reaching the saturation at INT64_MAX.
 */
static void test_headroom_for_tai_and_a_long_session(void **state)
{
	const int64_t real_rt = NOW, real_tai = NOW + TAI_AHEAD;
	int64_t shift, virt_rt, virt_tai;
	struct vclock_base rt = { 0 }, tai = { 0 };
	struct clock_spec s = make("2262-01-01T00:00:00Z", NULL);

	(void)state;
	passes(&s, real_rt);
	assert_true(CLOCK_START_HEADROOM_NS > TAI_AHEAD + 100 * DAY);
	assert_true(CLOCK_START_HEADROOM_NS < TAI_AHEAD + 102 * DAY);
	assert_false(__builtin_sub_overflow(s.at_ns, real_rt, &shift));
	assert_false(__builtin_add_overflow(real_rt, shift, &virt_rt));
	assert_false(__builtin_add_overflow(real_tai, shift, &virt_tai));
	assert_int_equal(virt_rt, MAX_START);
	assert_int_equal(virt_tai, MAX_START + TAI_AHEAD);

	rt.real_ns = real_rt;
	rt.virt_ns = virt_rt;
	tai.real_ns = real_tai;
	tai.virt_ns = virt_tai;
	vclock_base_finish(&rt);
	vclock_base_finish(&tai);
	assert_int_equal(vclock_apply(VCLOCK_RATE_ONE, &tai, real_tai + 100 * DAY),
			 MAX_START + TAI_AHEAD + 100 * DAY);
	assert_int_equal(vclock_apply(VCLOCK_RATE_ONE, &rt, real_rt + 100 * DAY),
			 MAX_START + 100 * DAY);
	assert_int_equal(vclock_apply(10ull << 32, &tai, real_tai + 10 * DAY),
			 MAX_START + TAI_AHEAD + 100 * DAY);
	/* Past the headroom the clocks stop at the limit rather than wrap. */
	assert_int_equal(vclock_apply(VCLOCK_RATE_ONE, &tai, real_tai + 102 * DAY), INT64_MAX);

	/* One ns later is refused, so none of this can be reached from a spec. */
	s = make("2262-01-01T00:00:00.000000001Z", NULL);
	fails(&s, real_rt, "--at", "bad time '", "after 2262-01-01T00:00:00Z");
}

static void test_nothing_to_check(void **state)
{
	struct clock_spec s;

	(void)state;
	/* Neither --at nor --offset: the real time, whatever it reads, is not the user's. */
	clock_spec_init(&s);
	s.rate_q32 = 10ull << 32;
	passes(&s, NOW);
	passes(&s, -5 * SEC);
	passes(&s, INT64_MAX);
	s.frozen = 1;
	passes(&s, INT64_MIN);
}

static void test_parse_failure_leaves_spec(void **state)
{
	struct clock_spec s, before;
	char err[256] = "";

	(void)state;
	s = make("2030-01-01T00:00:00Z", "+1d");
	before = s;
	assert_int_equal(clock_spec_set_at(&s, "--at", "2030-13-01", err, sizeof(err)), -1);
	assert_string_equal(err, "bad time '2030-13-01': month 13 out of range (01..12)");
	assert_int_equal(clock_spec_set_offset(&s, "--offset", "1x", err, sizeof(err)), -1);
	assert_int_equal(strncmp(err, "bad duration '1x': ", 19), 0);
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "+0 i2", err, sizeof(err)), -1);
	assert_int_equal(strncmp(err, "bad FAKETIME spec '+0 i2': ", 27), 0);
	assert_memory_equal(&s, &before, sizeof(s));
	/* The sources record what was given. */
	assert_string_equal(s.at_src.opt, "--at");
	assert_string_equal(s.at_src.text, "2030-01-01T00:00:00Z");
	assert_string_equal(s.offset_src.opt, "--offset");
	assert_string_equal(s.offset_src.kind, "duration");
}

static void test_error_buffers(void **state)
{
	struct clock_spec s = make(NULL, "+292y");
	char err[8];

	(void)state;
	memset(err, 'x', sizeof(err));
	assert_int_equal(clock_spec_check(&s, NOW, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "bad dur");
	assert_int_equal(clock_spec_check(&s, NOW, NULL, NULL, 0), -1);
	memset(err, 'x', sizeof(err));
	assert_int_equal(clock_spec_check(&s, NOW, NULL, err, 0), -1);
	assert_int_equal(err[0], 'x');
}

static void test_check_now(void **state)
{
	struct clock_spec s = make(NULL, "+0");
	const char *opt = NULL;
	char err[256] = "";

	(void)state;
	/* This machine's clock is somewhere in 1970..2262. */
	if (clock_spec_check_now(&s, &opt, err, sizeof(err)))
		fail_msg("now rejected: %s", err);
	s = make(NULL, "+292y");
	assert_int_equal(clock_spec_check_now(&s, &opt, err, sizeof(err)), -1);
	assert_string_equal(opt, "--offset");
}

/* Issue 12 item 7: "--at 2030-01-01 00:00:00 -- date" ran "00:00:00". */
static void split_fails(const struct clock_spec *s, const char *prev, const char *next,
			const char *want_opt, const char *want)
{
	char err[512] = "";
	const char *opt = NULL;

	if (clock_spec_check_split(s, prev, next, &opt, err, sizeof(err)) != -1)
		fail_msg("'%s' then '%s': no hint, want '%s'", prev, next, want);
	assert_non_null(opt);
	assert_string_equal(opt, want_opt);
	assert_string_equal(err, want);
}

static void split_passes(const struct clock_spec *s, const char *prev, const char *next)
{
	char err[512] = "";
	const char *opt = NULL;

	if (clock_spec_check_split(s, prev, next, &opt, err, sizeof(err)) != 0)
		fail_msg("'%s' then '%s': unexpected hint '%s'", prev, next, err);
}

static void test_split_date_and_time(void **state)
{
	static const char *const times[] = {
		"00:00:00", "00:00", "23:59:60", "9:30", "12:30:15.25", "12:30:15,5", "12:30:15Z",
		"12:30:15+02:00", "12:30-0530", "12:30z",
	};
	static const char *const not_times[] = {
		"date", "00", "00:0", "00:000", "000:00", "00:00:0", "12:30:15.", "12:30:15+2",
		"12:30:15 ", "./00:00", "12-30", "2030-01-01", ":00", "",
	};
	struct clock_spec s;
	char err[256], want[256];
	size_t i;

	(void)state;
	s = make("2030-01-01", NULL);
	split_fails(&s, s.at_src.text, "00:00:00", "--at",
		    "bad time '2030-01-01': the command '00:00:00' looks like its time of day: "
		    "quote date and time together, --at '2030-01-01 00:00:00'");
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		snprintf(want, sizeof(want), "bad time '2030-01-01': the command '%s' looks like "
			 "its time of day: quote date and time together, --at '2030-01-01 %s'",
			 times[i], times[i]);
		split_fails(&s, "--at=2030-01-01", times[i], "--at", want);
	}
	for (i = 0; i < sizeof(not_times) / sizeof(not_times[0]); i++)
		split_passes(&s, "2030-01-01", not_times[i]);
	/* After an explicit "--" the command is what the user says it is. */
	split_passes(&s, "--", "00:00:00");
	split_passes(&s, "2030-01-01", NULL);
	/* Only a bare date invites the mistake. */
	s = make("2030-01-01T00:00:00Z", NULL);
	split_passes(&s, "2030-01-01T00:00:00Z", "00:00:00");
	s = make("@1893456000", NULL);
	split_passes(&s, "@1893456000", "00:00:00");
	s = make(NULL, "+1d");
	split_passes(&s, "+1d", "00:00:00");
	clock_spec_init(&s);
	split_passes(&s, "run", "00:00:00");

	/* FAKETIME's forms, given on the command line. */
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "@2030-01-01", err, sizeof(err)), 0);
	split_fails(&s, "@2030-01-01", "00:00:00", "--faketime",
		    "bad FAKETIME spec '@2030-01-01': the command '00:00:00' looks like its time "
		    "of day: quote date and time together, --faketime '@2030-01-01 00:00:00'");
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "2030-01-01", err, sizeof(err)), 0);
	split_fails(&s, "2030-01-01", "12:00", "--faketime",
		    "bad FAKETIME spec '2030-01-01': the command '12:00' looks like its time "
		    "of day: quote date and time together, --faketime '2030-01-01 12:00'");
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime", "@2030-01-01 00:00:00", err,
						 sizeof(err)), 0);
	split_passes(&s, "@2030-01-01 00:00:00", "12:00");
	/* $FAKETIME is one string: nothing of it can have spilled into the command. */
	assert_int_equal(clock_spec_set_faketime(&s, "--faketime-env", "@2030-01-01", err,
						 sizeof(err)), 0);
	split_passes(&s, "--faketime-env", "00:00:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_at_limits),
		cmocka_unit_test(test_offset_limits),
		cmocka_unit_test(test_offset_issue_cases),
		cmocka_unit_test(test_at_plus_offset),
		cmocka_unit_test(test_offset_sum_overflows),
		cmocka_unit_test(test_faketime_forms),
		cmocka_unit_test(test_headroom_for_tai_and_a_long_session),
		cmocka_unit_test(test_nothing_to_check),
		cmocka_unit_test(test_parse_failure_leaves_spec),
		cmocka_unit_test(test_error_buffers),
		cmocka_unit_test(test_check_now),
		cmocka_unit_test(test_split_date_and_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
