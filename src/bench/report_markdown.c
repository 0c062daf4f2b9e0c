// SPDX-License-Identifier: MIT
/*
 * bench --export-markdown: the table as GitHub-flavoured Markdown, to
 * paste into an issue or a report, with a sentence saying what the figures
 * are and where they were taken.
 */
#include <stdio.h>
#include "bench/bench.h"

/* A table cell: a '|' would end it and a newline the row. */
static void md_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

static void md_figure(FILE *out, double ns, const struct bench_unit *u)
{
	char buf[32];

	bench_format(buf, sizeof(buf), ns, u);
	fprintf(out, " %s |", buf);
}

static void md_row(FILE *out, const struct bench_entry *e)
{
	const struct bench_result *r = &e->res;
	const struct bench_unit *u = bench_unit_for(r->st.median);

	fprintf(out, "| `%s` | ", e->mech->name);
	md_text(out, e->mech->what);
	if (r->detail[0]) {
		fputs(" [", out);
		md_text(out, r->detail);
		fputc(']', out);
	}
	fputs(" |", out);
	if (r->status != BENCH_OK) {
		fprintf(out, " %s: ", bench_status_name(r->status));
		md_text(out, r->reason);
		fputs(" | | | |", out);
	} else {
		md_figure(out, r->st.median, u);
		md_figure(out, r->st.min, u);
		md_figure(out, r->st.spread, u);
		if (e->ratio > 0)
			fprintf(out, " %.1f |", e->ratio);
		else
			fputs(" |", out);
	}
	if (e->mech->ref_ns > 0) {
		char ref[32];

		bench_format(ref, sizeof(ref), e->mech->ref_ns, bench_unit_for(1000));
		fprintf(out, " %s (%s) |", ref, e->mech->ref_what);
	} else {
		fputs(" |", out);
	}
	fprintf(out, " %s |\n", bench_noisy(r) ? "noisy" : "");
}

static void md_body(FILE *out, const struct bench_report *rep)
{
	const struct bench_facts *f = rep->facts;
	size_t i;

	fprintf(out, "Time per call across the user/kernel boundary: median of %u rounds after "
		"%u warm-up rounds; spread = p90 - p10 of the rounds; noisy when the spread "
		"exceeds %.0f%% of the median.  ",
		rep->plan->rounds, rep->plan->warmup, 100 * BENCH_NOISE_FRACTION);
	md_text(out, f->cpu_model);
	fputs(", Linux ", out);
	md_text(out, f->kernel);
	fputs(", clocksource ", out);
	md_text(out, f->clocksource);
	fputs(", meltdown: ", out);
	md_text(out, bench_meltdown(f));
	fputs(".\n\n", out);
	fputs("| Mechanism | Calls | Median | Min | Spread | \xc3\x97 vDSO | 2007 | Noise |\n"
	      "|:---|:---|---:|---:|---:|---:|---:|:---|\n", out);
	for (i = 0; i < rep->n; i++)
		md_row(out, &rep->e[i]);
}

int bench_write_markdown(struct output_file *o, const struct bench_report *rep)
{
	return bench_write_with(o, rep, md_body);
}
