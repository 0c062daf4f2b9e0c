// SPDX-License-Identifier: MIT
/*
 * The table: one row per mechanism saying what it calls, the figures in
 * the unit that fits the row, a log-scale bar (the mechanisms span five
 * orders of magnitude, so a linear bar would show only the slowest), the
 * 2007 figure where there is one, and a warning under the table for each
 * row whose rounds disagree.
 */
#include <stdio.h>
#include <string.h>
#include "bench/bench.h"

#define BAR_PER_DECADE 6
#define BAR_DECADES 6		/* 1 ns .. 1 ms */
#define CELL 10

static void bar(FILE *out, double ns)
{
	/* 10^((k + 0.5) / 6): where the bar's sixths of a decade round up. */
	static const double step[BAR_PER_DECADE] = { 1.212, 1.778, 2.610, 3.831, 5.623, 8.254 };
	int i, len = 0;

	while (ns >= 10) {
		ns /= 10;
		len += BAR_PER_DECADE;
	}
	for (i = 0; i < BAR_PER_DECADE; i++)
		if (ns >= step[i])
			len++;
	if (len < 1)
		len = 1;
	if (len > BAR_PER_DECADE * BAR_DECADES)
		len = BAR_PER_DECADE * BAR_DECADES;
	for (i = 0; i < BAR_PER_DECADE * BAR_DECADES; i++)
		fputc(i < len ? '#' : ' ', out);
}

/* Right-aligned in width columns: "µ" is two bytes but one column. */
static void cell(FILE *out, const char *s, int width)
{
	int cols = 0;
	const char *p;

	for (p = s; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	for (; cols < width; cols++)
		fputc(' ', out);
	fputs(s, out);
}

static void figure(FILE *out, double ns, const struct bench_unit *u)
{
	char buf[32];

	bench_format(buf, sizeof(buf), ns, u);
	cell(out, buf, CELL);
	fputc(' ', out);
}

static void row(FILE *out, const struct bench_entry *e)
{
	const struct bench_result *r = &e->res;
	const struct bench_unit *u;
	char ref[32];

	fprintf(out, "%-15s ", e->mech->name);
	if (r->status != BENCH_OK) {
		fprintf(out, "%s: %s\n", bench_status_name(r->status), r->reason);
		return;
	}
	u = bench_unit_for(r->st.median);
	figure(out, r->st.median, u);
	figure(out, r->st.min, u);
	figure(out, r->st.spread, u);
	if (e->ratio > 0)
		fprintf(out, "%7.1f  ", e->ratio);
	else
		fprintf(out, "%7s  ", "-");
	bar(out, r->st.median);
	fprintf(out, "  %s", e->mech->what);
	if (r->detail[0])
		fprintf(out, " [%s]", r->detail);
	/* In µs, as the seeds quote them. */
	if (e->mech->ref_ns > 0) {
		bench_format(ref, sizeof(ref), e->mech->ref_ns, bench_unit_for(1000));
		fprintf(out, "; 2007: %s (%s)", ref, e->mech->ref_what);
	}
	fputc('\n', out);
}

static void warning(FILE *out, const struct bench_entry *e)
{
	const struct bench_result *r = &e->res;
	const struct bench_unit *u = bench_unit_for(r->st.median);
	char spread[32], median[32];

	bench_format(spread, sizeof(spread), r->st.spread, u);
	bench_format(median, sizeof(median), r->st.median, u);
	fprintf(out, "warning: %s: spread %s is %.0f%% of the median %s (over %.0f%%): the rounds "
		"disagree; an idle machine, more --warmup or more -n may help\n", e->mech->name,
		spread, 100 * r->st.spread / r->st.median, median, 100 * BENCH_NOISE_FRACTION);
}

void bench_print_table(FILE *out, const struct bench_report *rep)
{
	static const char *const axis[] = { "1ns", "10ns", "100ns", "1us", "10us", "100us" };
	const struct bench_facts *f = rep->facts;
	size_t i;
	int j;

	fprintf(out, "cpu:         %s (children pinned to CPU %d)\n", f->cpu_model, f->cpu);
	fprintf(out, "kernel:      %s, clocksource %s, vsyscall %s\n", f->kernel, f->clocksource,
		f->vsyscall);
	fprintf(out, "meltdown:    %s\n", bench_meltdown(f));
	fprintf(out, "figures:     time per call, median of %u rounds after %u warm-up rounds; "
		"spread = p90 - p10 of the rounds\n\n", rep->plan->rounds, rep->plan->warmup);
	fprintf(out, "%-15s ", "mechanism");
	cell(out, "median", CELL);
	cell(out, "min", CELL + 1);
	cell(out, "spread", CELL + 1);
	fprintf(out, " %7s  ", "x vdso");
	for (j = 0; j < BAR_DECADES; j++)
		fprintf(out, "%-*s", BAR_PER_DECADE, axis[j]);
	fputs("  calls\n", out);
	for (i = 0; i < rep->n; i++)
		row(out, &rep->e[i]);
	for (i = 0; i < rep->n; i++)
		if (bench_noisy(&rep->e[i].res))
			warning(out, &rep->e[i]);
}
