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
#include "common/atomic_file.h"
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

static void json_num(FILE *out, int ok, double v)
{
	if (ok)
		fprintf(out, "%.3f", v);
	else
		fputs("null", out);
}

void bench_print_json(FILE *out, const struct bench_facts *f, const struct bench_entry *e,
		      size_t n, unsigned rounds)
{
	size_t i;
	unsigned v;

	fprintf(out, "{\n  \"schema\": \"vdsotool-bench/1\",\n  \"unit\": \"ns_per_call\",\n");
	fprintf(out, "  \"spread\": \"p90-p10\",\n  \"rounds\": %u,\n  \"machine\": {\n", rounds);
	fputs("    \"cpu_model\": ", out);
	json_write_escaped(out, f->cpu_model);
	fputs(",\n    \"kernel\": ", out);
	json_write_escaped(out, f->kernel);
	fputs(",\n    \"clocksource\": ", out);
	json_write_escaped(out, f->clocksource);
	fputs(",\n    \"vsyscall\": ", out);
	json_write_escaped(out, f->vsyscall);
	fprintf(out, ",\n    \"cpu\": %d,\n    \"mitigations\": {", f->cpu);
	for (v = 0; v < f->nvulns; v++) {
		fprintf(out, "%s\n      ", v ? "," : "");
		json_write_escaped(out, f->vuln_name[v]);
		fputs(": ", out);
		json_write_escaped(out, f->vuln_state[v]);
	}
	fputs("\n    }\n  },\n  \"mechanisms\": [", out);
	for (i = 0; i < n; i++) {
		const struct bench_result *r = &e[i].res;
		int ok = r->status == BENCH_OK;

		fprintf(out, "%s\n    {\"name\": ", i ? "," : "");
		json_write_escaped(out, e[i].mech->name);
		fputs(", \"status\": ", out);
		json_write_escaped(out, bench_status_name(r->status));
		fputs(", \"reason\": ", out);
		if (ok)
			fputs("null", out);
		else
			json_write_escaped(out, r->reason);
		fputs(", \"detail\": ", out);
		if (r->detail[0])
			json_write_escaped(out, r->detail);
		else
			fputs("null", out);
		fputs(", \"median_ns\": ", out);
		json_num(out, ok, r->st.median);
		fputs(", \"min_ns\": ", out);
		json_num(out, ok, r->st.min);
		fputs(", \"spread_ns\": ", out);
		json_num(out, ok, r->st.spread);
		fputs(", \"ratio\": ", out);
		json_num(out, ok && e[i].ratio > 0, e[i].ratio);
		fprintf(out, ", \"rounds\": %u, \"batch\": %lu", ok ? r->rounds : 0,
			ok ? r->batch : 0);
		fputs(", \"ref_2007_ns\": ", out);
		json_num(out, e[i].mech->ref_ns > 0, e[i].mech->ref_ns);
		fputc('}', out);
	}
	fputs("\n  ]\n}\n", out);
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

/* Built in memory, then written whole: the file is complete or absent. */
int bench_write_csv(const char *path, const struct bench_facts *f, const struct bench_entry *e,
		    size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int ret;

	if (!out)
		return -1;
	ret = csv_body(out, f, e, n);
	if (fclose(out) || ret) {
		free(buf);
		errno = errno ? errno : EIO;
		return -1;
	}
	ret = atomic_write_file(path, buf, len);
	free(buf);
	if (ret) {
		errno = -ret;
		return -1;
	}
	return 0;
}
