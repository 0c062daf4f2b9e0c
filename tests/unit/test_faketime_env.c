// SPDX-License-Identifier: MIT
/*
 * libfaketime's environment under vdsotool run: --faketime-env takes its
 * spec from FAKETIME (refusing what cannot be taken as libfaketime meant
 * it), and the note about FAKETIME and a preloaded libfaketime says what
 * happens to each, or nothing when there is nothing to say.
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
#include "faketime_env.h"

#define SEC 1000000000ll
#define DAY (86400 * SEC)
#define Q32 4294967296ull

static void spec_ok(const char *faketime, const char *fmt)
{
	struct clock_spec s;
	char err[256] = "";

	clock_spec_init(&s);
	if (faketime_env_spec(&s, faketime, fmt, err, sizeof(err)))
		fail_msg("FAKETIME '%s' FAKETIME_FMT '%s' rejected: %s", faketime,
			 fmt ? fmt : "(unset)", err);
}

static void spec_bad(const char *faketime, const char *fmt, const char *needle)
{
	struct clock_spec s, before;
	char err[256] = "";

	clock_spec_init(&s);
	s.offset_ns = 12345;
	before = s;
	if (faketime_env_spec(&s, faketime, fmt, err, sizeof(err)) != -1)
		fail_msg("FAKETIME '%s' accepted, want '%s'", faketime ? faketime : "(unset)",
			 needle);
	if (!strstr(err, needle))
		fail_msg("'%s' does not contain '%s'", err, needle);
	assert_memory_equal(&s, &before, sizeof(s));
}

static void test_spec_from_faketime(void **state)
{
	struct clock_spec s;
	char err[256];

	(void)state;
	clock_spec_init(&s);
	assert_int_equal(faketime_env_spec(&s, "+2,5y x10,0", NULL, err, sizeof(err)), 0);
	assert_int_equal(s.offset_ns, 365 * DAY * 5 / 2);
	assert_int_equal(s.rate_q32, 10 * Q32);
	assert_string_equal(s.offset_src.opt, "--faketime-env");
	assert_string_equal(s.offset_src.text, "+2,5y x10,0");
	assert_int_equal(faketime_env_spec(&s, "@2030-01-01 00:00:00", NULL, err, sizeof(err)), 0);
	assert_int_equal(s.at_ns, 1893456000 * SEC);
	assert_false(clock_spec_is_frozen(&s));
	spec_ok("2030-01-01 00:00:00", "");
	/* libfaketime's default format, spelt either way, changes nothing. */
	spec_ok("2030-01-01 00:00:00", "%Y-%m-%d %T");
	spec_ok("@2030-01-01 00:00:00", "%Y-%m-%d %H:%M:%S");
	/* FAKETIME_FMT is for absolute times only: offsets do not read it. */
	spec_ok("+1d", "%s");
	spec_ok("  -15d", "%c");
}

static void test_spec_errors(void **state)
{
	(void)state;
	spec_bad(NULL, NULL, "FAKETIME is not set (set it to a spec such as '+2d', or give "
			     "--faketime SPEC)");
	spec_bad("", NULL, "FAKETIME is set but empty");
	spec_bad("+0 i2,0", NULL, "bad FAKETIME spec '+0 i2,0': the 'i' increment modifier");
	spec_bad("%", NULL, "bad FAKETIME spec '%'");
	spec_bad("1893456000", "%s",
		 "FAKETIME_FMT is '%s': FAKETIME is read only in libfaketime's default format, "
		 "YYYY-MM-DD hh:mm:ss");
	spec_bad("@2030-01-01", "%Y-%m-%d", "FAKETIME_FMT is '%Y-%m-%d'");
}

static void note_is(const char *faketime, const char *preload, int env_used, const char *want)
{
	char buf[512];
	int n = faketime_env_note(faketime, preload, env_used, buf, sizeof(buf));

	if (!want) {
		if (n)
			fail_msg("unexpected note '%s'", buf);
		return;
	}
	if (!n)
		fail_msg("no note, want '%s'", want);
	assert_string_equal(buf, want);
}

static void test_note(void **state)
{
	(void)state;
	note_is(NULL, NULL, 0, NULL);
	note_is("", "", 0, NULL);
	note_is(NULL, "/usr/lib/libeatmydata.so", 0, NULL);
	note_is("+1d", NULL, 1, NULL);
	note_is("+1d", NULL, 0,
		"note: FAKETIME is set, but vdsotool ignores it unless --faketime-env is given");
	note_is("+1d", "", 0,
		"note: FAKETIME is set, but vdsotool ignores it unless --faketime-env is given");
	note_is(NULL, "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", 0,
		"note: LD_PRELOAD loads libfaketime into vdsotool and the command: it fakes the "
		"time again on top of vdsotool's clock and skews vdsotool's own reading of the "
		"real time (take it out of LD_PRELOAD)");
	note_is("+1d", "libeatmydata.so:libfaketimeMT.so.1", 0,
		"note: LD_PRELOAD loads libfaketime into vdsotool and the command: it fakes the "
		"time again on top of vdsotool's clock and skews vdsotool's own reading of the "
		"real time (take it out of LD_PRELOAD); "
		"vdsotool itself ignores FAKETIME unless --faketime-env is given");
	note_is("+1d", "/opt/libfaketime.so.1 other.so", 1,
		"note: LD_PRELOAD loads libfaketime into vdsotool and the command: it fakes the "
		"time again on top of vdsotool's clock and skews vdsotool's own reading of the "
		"real time (take it out of LD_PRELOAD)");
}

static void test_note_small_buffer(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(faketime_env_note("+1d", NULL, 0, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "note: F");
	assert_int_equal(faketime_env_note("+1d", NULL, 0, NULL, 0), 1);
}

static void test_reads_the_environment(void **state)
{
	struct clock_spec s;
	char err[256] = "";

	(void)state;
	clock_spec_init(&s);
	unsetenv("FAKETIME_FMT");
	unsetenv("FAKETIME");
	assert_int_equal(faketime_env_take(&s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "FAKETIME is not set"));
	setenv("FAKETIME", "-30m x2", 1);
	assert_int_equal(faketime_env_take(&s, err, sizeof(err)), 0);
	assert_int_equal(s.offset_ns, -30 * 60 * SEC);
	assert_int_equal(s.rate_q32, 2 * Q32);
	setenv("FAKETIME", "2030-01-01 00:00:00", 1);
	setenv("FAKETIME_FMT", "%s", 1);
	assert_int_equal(faketime_env_take(&s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "FAKETIME_FMT is '%s'"));
	unsetenv("FAKETIME_FMT");
	unsetenv("FAKETIME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_from_faketime),
		cmocka_unit_test(test_spec_errors),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_note_small_buffer),
		cmocka_unit_test(test_reads_the_environment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
