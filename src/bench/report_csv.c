// SPDX-License-Identifier: MIT
/*
 * CSV: a rectangular file, one row per mechanism; the machine facts repeat
 * on every row so that rows from several machines can be concatenated.
 * New columns go at the end, so readers by position keep working.
 */
#include <stdio.h>
#include "bench/bench.h"

/* RFC 4180 quoting: always quote text fields, double inner quotes. */
static void csv_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s == '\n' ? ' ' : *s, out);
	}
	fputc('"', out);
}

static void csv_num(FILE *out, int ok, double v)
{
	if (ok)
		fprintf(out, "%.3f", v);
}

static void csv_body(FILE *out, const struct bench_report *rep)
{
	const struct bench_facts *f = rep->facts;
	char mit[4096];
	size_t i, len = 0;
	unsigned v;

	mit[0] = '\0';
	for (v = 0; v < f->nvulns && len < sizeof(mit); v++)
		len += (size_t)snprintf(mit + len, sizeof(mit) - len, "%s%s=%s", v ? "; " : "",
					f->vuln_name[v], f->vuln_state[v]);
	fputs("name,status,reason,detail,median_ns,min_ns,spread_ns,ratio,rounds,batch,"
	      "cpu_model,kernel,clocksource,vsyscall,cpu,mitigations,calls,warmup,noisy\n", out);
	for (i = 0; i < rep->n; i++) {
		const struct bench_entry *e = &rep->e[i];
		const struct bench_result *r = &e->res;
		int ok = r->status == BENCH_OK;

		fprintf(out, "%s,%s,", e->mech->name, bench_status_name(r->status));
		csv_str(out, ok ? "" : r->reason);
		fputc(',', out);
		csv_str(out, r->detail);
		fputc(',', out);
		csv_num(out, ok, r->st.median);
		fputc(',', out);
		csv_num(out, ok, r->st.min);
		fputc(',', out);
		csv_num(out, ok, r->st.spread);
		fputc(',', out);
		csv_num(out, ok && e->ratio > 0, e->ratio);
		fprintf(out, ",%u,%lu,", ok ? r->rounds : 0, ok ? r->batch : 0);
		csv_str(out, f->cpu_model);
		fputc(',', out);
		csv_str(out, f->kernel);
		fputc(',', out);
		csv_str(out, f->clocksource);
		fputc(',', out);
		csv_str(out, f->vsyscall);
		fprintf(out, ",%d,", f->cpu);
		csv_str(out, mit);
		fputc(',', out);
		csv_str(out, e->mech->what);
		fprintf(out, ",%u,%s\n", ok ? r->warmup : 0, ok ? (bench_noisy(r) ? "yes" : "no") : "");
	}
}

int bench_write_csv(struct output_file *o, const struct bench_report *rep)
{
	return bench_write_with(o, rep, csv_body);
}
