// SPDX-License-Identifier: MIT
/* bench --json: schema vdsotool-bench/1 (vdsotool(1), COMMAND: bench). */
#include "bench/bench.h"
#include "common/json.h"

/* A figure, or null when there is none. */
static void optional_ns(struct json *j, const char *key, int ok, double v)
{
	if (ok)
		json_double(j, key, v, 3);
	else
		json_null(j, key);
}

static void machine(struct json *j, const struct bench_facts *f)
{
	unsigned v;

	json_object_begin(j, "machine");
	json_string(j, "cpu_model", f->cpu_model);
	json_string(j, "kernel", f->kernel);
	json_string(j, "clocksource", f->clocksource);
	json_string(j, "vsyscall", f->vsyscall);
	json_int(j, "cpu", f->cpu);
	json_object_begin(j, "mitigations");
	for (v = 0; v < f->nvulns; v++)
		json_string(j, f->vuln_name[v], f->vuln_state[v]);
	json_object_end(j);
	json_object_end(j);
}

static void mechanism(struct json *j, const struct bench_entry *e)
{
	const struct bench_result *r = &e->res;
	int ok = r->status == BENCH_OK;
	unsigned i;

	json_object_begin(j, NULL);
	json_string(j, "name", e->mech->name);
	json_string(j, "calls", e->mech->what);
	json_string(j, "status", bench_status_name(r->status));
	json_string(j, "reason", ok ? NULL : r->reason);
	json_string(j, "detail", r->detail[0] ? r->detail : NULL);
	optional_ns(j, "median_ns", ok, r->st.median);
	optional_ns(j, "min_ns", ok, r->st.min);
	optional_ns(j, "spread_ns", ok, r->st.spread);
	optional_ns(j, "ratio", ok && e->ratio > 0, e->ratio);
	json_uint(j, "rounds", ok ? r->rounds : 0);
	json_uint(j, "warmup", ok ? r->warmup : 0);
	json_uint(j, "batch", ok ? r->batch : 0);
	json_bool(j, "noisy", bench_noisy(r));
	optional_ns(j, "ref_2007_ns", e->mech->ref_ns > 0, e->mech->ref_ns);
	json_array_begin(j, "raw_ns");
	for (i = 0; ok && e->raw && i < r->rounds; i++)
		json_double(j, NULL, e->raw[i], 3);
	json_array_end(j);
	json_object_end(j);
}

void bench_print_json(FILE *out, const struct bench_report *rep, int pretty)
{
	struct json j;
	size_t i;

	json_document_begin(&j, out, pretty, "vdsotool-bench/1");
	json_string(&j, "unit", "ns_per_call");
	json_string(&j, "spread", "p90-p10");
	json_uint(&j, "rounds", rep->plan->rounds);
	json_uint(&j, "warmup", rep->plan->warmup);
	json_double(&j, "noise_threshold", BENCH_NOISE_FRACTION, 2);
	machine(&j, rep->facts);
	json_array_begin(&j, "mechanisms");
	for (i = 0; i < rep->n; i++)
		mechanism(&j, &rep->e[i]);
	json_array_end(&j);
	json_document_end(&j);
}
