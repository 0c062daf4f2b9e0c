// SPDX-License-Identifier: MIT
/*
 * bench's reports from a made-up measurement, so that every expected
 * string is known: units chosen per row, the noise rule and its warning,
 * what each row calls, the 2007 figures, and the logarithm the chart uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include "bench/bench.h"
#include "common/output_file.h"

static void close_to(double got, double want, double eps)
{
	if (got - want > eps || want - got > eps)
		fail_msg("got %.9g, want %.9g", got, want);
}

static const char *formatted(double ns)
{
	static char buf[32];

	bench_format(buf, sizeof(buf), ns, bench_unit_for(ns));
	return buf;
}

static void test_units(void **state)
{
	(void)state;
	assert_string_equal(formatted(27.74), "27.7 ns");
	assert_string_equal(formatted(999.9), "999.9 ns");
	/* Would round to "1000.0 ns": the next unit instead. */
	assert_string_equal(formatted(999.96), "1.00 \xc2\xb5s");
	assert_string_equal(formatted(7288.5), "7.29 \xc2\xb5s");
	assert_string_equal(formatted(25560.7), "25.56 \xc2\xb5s");
	assert_string_equal(formatted(1.5e6), "1.50 ms");
}

static void test_log10(void **state)
{
	(void)state;
	close_to(bench_log10(1), 0, 1e-6);
	close_to(bench_log10(10), 1, 1e-6);
	close_to(bench_log10(2), 0.30103, 1e-5);
	close_to(bench_log10(880), 2.944483, 1e-5);
	close_to(bench_log10(0.001), -3, 1e-6);
	close_to(bench_log10(31.6227766), 1.5, 1e-6);
}

static void test_noise_rule(void **state)
{
	struct bench_result r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.status = BENCH_OK;
	r.st.median = 100;
	r.st.spread = 25;
	assert_false(bench_noisy(&r));		/* a quarter is still fine */
	r.st.spread = 25.1;
	assert_true(bench_noisy(&r));
	r.status = BENCH_UNSUPPORTED;
	assert_false(bench_noisy(&r));
}

static struct bench_entry entries[4];
static struct bench_facts facts;
static struct bench_plan plan = { 10, 3, NULL };
static const struct bench_report rep = { &facts, entries, 4, &plan };

static void measured(struct bench_entry *e, const char *name, double median, double min,
		     double spread, double ratio)
{
	memset(e, 0, sizeof(*e));
	e->mech = bench_find(name);
	assert_non_null(e->mech);
	e->res.status = BENCH_OK;
	e->res.st.median = median;
	e->res.st.min = min;
	e->res.st.spread = spread;
	e->res.rounds = 10;
	e->res.warmup = 3;
	e->res.batch = 1000;
	e->ratio = ratio;
}

static int setup(void **state)
{
	(void)state;
	memset(&facts, 0, sizeof(facts));
	strcpy(facts.cpu_model, "Test CPU");
	strcpy(facts.kernel, "6.1.0");
	strcpy(facts.clocksource, "tsc");
	strcpy(facts.vsyscall, "xonly");
	measured(&entries[0], "vdso", 27.74, 25.4, 48.0, 1);
	measured(&entries[1], "syscall-getpid", 1100, 1040, 120, 39.7);
	memset(&entries[2], 0, sizeof(entries[2]));
	entries[2].mech = bench_find("int80");
	entries[2].res.status = BENCH_UNSUPPORTED;
	strcpy(entries[2].res.reason, "no IA32 emulation");
	measured(&entries[3], "ptrace-syscall", 25560.7, 24667, 2790.1, 921.5);
	return 0;
}

static char *table(void)
{
	static char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	bench_print_table(f, &rep);
	fclose(f);
	return buf;
}

static void has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("missing \"%s\" in:\n%s", want, text);
}

static void test_table(void **state)
{
	char *t = table();

	(void)state;
	has(t, "median of 10 rounds after 3 warm-up rounds");
	/* Each row in its own unit, and what it calls. */
	has(t, "\nvdso               27.7 ns    25.4 ns    48.0 ns     1.0  ");
	has(t, "clock_gettime(CLOCK_MONOTONIC) through the vDSO, called directly\n");
	has(t, "\nsyscall-getpid     1.10 \xc2\xb5s    1.04 \xc2\xb5s    0.12 \xc2\xb5s    39.7  ");
	has(t, "getpid() with the syscall instruction; 2007: 1.24 \xc2\xb5s (sysenter)\n");
	has(t, "\nptrace-syscall    25.56 \xc2\xb5s   24.67 \xc2\xb5s    2.79 \xc2\xb5s   921.5  ");
	has(t, "\nint80           unsupported: no IA32 emulation\n");
	/* The one noisy row is warned about, with the rule's fraction. */
	has(t, "\nwarning: vdso: spread 48.0 ns is 173% of the median 27.7 ns (over 25%)");
	assert_null(strstr(t, "warning: syscall-getpid"));
	assert_null(strstr(t, "warning: ptrace-syscall"));
}

/* A report file written through bench's writer, read back whole. */
static char *written(int (*write)(struct output_file *, const struct bench_report *))
{
	static char buf[16384];
	char dir[] = "/tmp/bench-report.XXXXXX", path[64];
	struct output_file o;
	FILE *f;
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out", dir);
	assert_int_equal(output_open(&o, path), 0);
	assert_int_equal(write(&o, &rep), 0);
	assert_int_equal(output_commit(&o), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	unlink(path);
	rmdir(dir);
	return buf;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;

	for (; (text = strstr(text, what)); text++)
		n++;
	return n;
}

static void test_svg(void **state)
{
	char *svg;

	(void)state;
	strcpy(facts.cpu_model, "A&B <x> \xff\x01");
	svg = written(bench_write_svg);
	/* XML's specials escaped; what XML cannot carry replaced. */
	has(svg, "A&amp;B &lt;x&gt; &#xfffd;&#xfffd;");
	has(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
	/* Three measured rows, three bars; int80 is unsupported: no bar. */
	assert_int_equal(count(svg, "<rect class=\"bar\""), 3);
	assert_int_equal(count(svg, "class=\"bar\" data-mechanism=\"int80\""), 0);
	/* 2007 marks for syscall-getpid and int80, whether measured or not. */
	assert_int_equal(count(svg, "class=\"ref2007\""), 2);
	/* 1 ns at x 170, 1 ms at 780: 101.67 px a decade; 1.24 us is
	 * 3.0934 decades in, 1.1 us 3.0414. */
	has(svg, "data-ns=\"1240.000\" x1=\"484.5\"");
	has(svg, "data-mechanism=\"syscall-getpid\" data-ns=\"1100.000\" x=\"170\" "
		 "y=\"108.0\" width=\"309.2\"");
}

static void test_markdown(void **state)
{
	char *md;

	(void)state;
	strcpy(entries[2].res.reason, "a|b");
	md = written(bench_write_markdown);
	has(md, "| `vdso` | clock_gettime(CLOCK_MONOTONIC) through the vDSO, called directly | "
		"27.7 ns | 25.4 ns | 48.0 ns | 1.0 | | noisy |\n");
	has(md, "| `int80` | getpid() with int $0x80, the i386 entry | unsupported: a\\|b | | | | "
		"1.67 \xc2\xb5s (int 0x80) |  |\n");
	has(md, "| `syscall-getpid` | getpid() with the syscall instruction | 1.10 \xc2\xb5s | "
		"1.04 \xc2\xb5s | 0.12 \xc2\xb5s | 39.7 | 1.24 \xc2\xb5s (sysenter) |  |\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_log10),
		cmocka_unit_test(test_noise_rule),
		cmocka_unit_test_setup(test_table, setup),
		cmocka_unit_test_setup(test_svg, setup),
		cmocka_unit_test_setup(test_markdown, setup),
	};

	return cmocka_run_group_tests_name("bench_report", tests, NULL, NULL);
}
