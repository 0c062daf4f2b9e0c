// SPDX-License-Identifier: MIT
/*
 * The three outputs: a table with a log-scale bar (the mechanisms span
 * five orders of magnitude, so a linear bar would show only the slowest),
 * JSON and CSV.  JSON and CSV carry every figure and the machine facts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bench/bench.h"
#include "common/output_file.h"
#include "common/json.h"

#define BAR_PER_DECADE 6
#define BAR_DECADES 6		/* 1 ns .. 1 ms */

const char *bench_status_name(int status)
{
	switch (status) {
	case BENCH_OK:
		return "ok";
	case BENCH_UNSUPPORTED:
		return "unsupported";
	default:
		return "failed";
	}
}

static const char *meltdown_state(const struct bench_facts *f)
{
	unsigned i;

	for (i = 0; i < f->nvulns; i++)
		if (!strcmp(f->vuln_name[i], "meltdown"))
			return f->vuln_state[i];
	return "unknown";
}

static void bar(FILE *out, double ns)
{
	/* 10^((k + 0.5) / 6): where the bar's sixths of a decade round up
	 * (computed here so that vdsotool needs no libm). */
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

void bench_print_table(FILE *out, const struct bench_facts *f, const struct bench_entry *e,
		       size_t n, unsigned rounds)
{
	static const char *const axis[] = { "1ns", "10ns", "100ns", "1us", "10us", "100us" };
	size_t i;
	int j;

	fprintf(out, "cpu:         %s (children pinned to CPU %d)\n", f->cpu_model, f->cpu);
	fprintf(out, "kernel:      %s, clocksource %s, vsyscall %s\n", f->kernel, f->clocksource,
		f->vsyscall);
	fprintf(out, "meltdown:    %s\n", meltdown_state(f));
	fprintf(out, "figures:     ns per call over %u rounds; spread = p90 - p10 of the rounds\n\n",
		rounds);
	fprintf(out, "%-15s %9s %9s %8s %8s  ", "mechanism", "median", "min", "spread", "x vdso");
	for (j = 0; j < BAR_DECADES; j++)
		fprintf(out, "%-*s", BAR_PER_DECADE, axis[j]);
	fprintf(out, " 2007\n");
	for (i = 0; i < n; i++) {
		const struct bench_result *r = &e[i].res;

		fprintf(out, "%-15s ", e[i].mech->name);
		if (r->status != BENCH_OK) {
			fprintf(out, "%s: %s\n", bench_status_name(r->status), r->reason);
			continue;
		}
		fprintf(out, "%9.1f %9.1f %8.1f ", r->st.median, r->st.min, r->st.spread);
		if (e[i].ratio > 0)
			fprintf(out, "%8.1f  ", e[i].ratio);
		else
			fprintf(out, "%8s  ", "-");
		bar(out, r->st.median);
		if (e[i].mech->ref_ns > 0)
			fprintf(out, " %.2f us (%s)", e[i].mech->ref_ns / 1000, e[i].mech->ref_what);
		if (r->detail[0])
			fprintf(out, " [%s]", r->detail);
		fputc('\n', out);
	}
}

/* A figure, or null when there is none. */
static void optional_ns(struct json *j, const char *key, int ok, double v)
{
	if (ok)
		json_double(j, key, v, 3);
	else
		json_null(j, key);
}

void bench_print_json(FILE *out, const struct bench_facts *f, const struct bench_entry *e,
		      size_t n, unsigned rounds, int pretty)
{
	struct json j;
	size_t i;
	unsigned v;

	json_document_begin(&j, out, pretty, "vdsotool-bench/1");
	json_string(&j, "unit", "ns_per_call");
	json_string(&j, "spread", "p90-p10");
	json_uint(&j, "rounds", rounds);
	json_object_begin(&j, "machine");
	json_string(&j, "cpu_model", f->cpu_model);
	json_string(&j, "kernel", f->kernel);
	json_string(&j, "clocksource", f->clocksource);
	json_string(&j, "vsyscall", f->vsyscall);
	json_int(&j, "cpu", f->cpu);
	json_object_begin(&j, "mitigations");
	for (v = 0; v < f->nvulns; v++)
		json_string(&j, f->vuln_name[v], f->vuln_state[v]);
	json_object_end(&j);
	json_object_end(&j);
	json_array_begin(&j, "mechanisms");
	for (i = 0; i < n; i++) {
		const struct bench_result *r = &e[i].res;
		int ok = r->status == BENCH_OK;

		json_object_begin(&j, NULL);
		json_string(&j, "name", e[i].mech->name);
		json_string(&j, "status", bench_status_name(r->status));
		json_string(&j, "reason", ok ? NULL : r->reason);
		json_string(&j, "detail", r->detail[0] ? r->detail : NULL);
		optional_ns(&j, "median_ns", ok, r->st.median);
		optional_ns(&j, "min_ns", ok, r->st.min);
		optional_ns(&j, "spread_ns", ok, r->st.spread);
		optional_ns(&j, "ratio", ok && e[i].ratio > 0, e[i].ratio);
		json_uint(&j, "rounds", ok ? r->rounds : 0);
		json_uint(&j, "batch", ok ? r->batch : 0);
		optional_ns(&j, "ref_2007_ns", e[i].mech->ref_ns > 0, e[i].mech->ref_ns);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_document_end(&j);
}

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

/*
 * A rectangular file, one row per mechanism; the machine facts repeat on
 * every row so that rows from several machines can be concatenated.
 */
static int csv_body(FILE *out, const struct bench_facts *f, const struct bench_entry *e, size_t n)
{
	char mit[4096];
	size_t i, len = 0;
	unsigned v;

	mit[0] = '\0';
	for (v = 0; v < f->nvulns && len < sizeof(mit); v++)
		len += (size_t)snprintf(mit + len, sizeof(mit) - len, "%s%s=%s", v ? "; " : "",
					f->vuln_name[v], f->vuln_state[v]);
	fputs("name,status,reason,detail,median_ns,min_ns,spread_ns,ratio,rounds,batch,"
	      "cpu_model,kernel,clocksource,vsyscall,cpu,mitigations\n", out);
	for (i = 0; i < n; i++) {
		const struct bench_result *r = &e[i].res;
		int ok = r->status == BENCH_OK;

		fprintf(out, "%s,%s,", e[i].mech->name, bench_status_name(r->status));
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
		csv_num(out, ok && e[i].ratio > 0, e[i].ratio);
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
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

/* Built in memory, then written whole and committed. */
int bench_write_csv(struct output_file *o, const struct bench_facts *f,
		    const struct bench_entry *e, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int ret;

	if (!out)
		return -ENOMEM;
	ret = csv_body(out, f, e, n);
	if (fclose(out) || ret) {
		free(buf);
		return -ENOMEM;
	}
	ret = output_write(o, buf, len);
	free(buf);
	return ret;
}
