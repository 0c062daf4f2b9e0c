// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "clock/spec.h"
#include "common/json.h"
#include "ctl_report.h"

/* Clock ids that can be virtual, in the order they are shown. */
static const struct {
	int id;
	const char *name;
	int wall;			/* the realtime family: shown as a date */
} clocks[] = {
	{ 0, "CLOCK_REALTIME", 1 },	     { 5, "CLOCK_REALTIME_COARSE", 1 },
	{ 8, "CLOCK_REALTIME_ALARM", 1 },    { 11, "CLOCK_TAI", 1 },
	{ 1, "CLOCK_MONOTONIC", 0 },	     { 6, "CLOCK_MONOTONIC_COARSE", 0 },
	{ 4, "CLOCK_MONOTONIC_RAW", 0 },     { 7, "CLOCK_BOOTTIME", 0 },
	{ 9, "CLOCK_BOOTTIME_ALARM", 0 },
};

#define NCLOCKS (sizeof(clocks) / sizeof(clocks[0]))

void ctl_format_rate(uint64_t rate_q32, char *buf, size_t len)
{
	uint64_t whole = rate_q32 >> 32;
	/* The fraction to the nearest nanounit; at most 2^32 * 1e9 < 2^62. */
	uint64_t frac = ((rate_q32 & 0xffffffffull) * 1000000000ull + (1ull << 31)) >> 32;
	int n;

	if (frac == 1000000000ull) {
		whole++;
		frac = 0;
	}
	n = snprintf(buf, len, "%" PRIu64, whole);
	if (frac && n > 0 && (size_t)n < len) {
		char digits[16];
		int d = 9;

		snprintf(digits, sizeof(digits), "%09" PRIu64, frac);
		while (d > 0 && digits[d - 1] == '0')
			d--;
		snprintf(buf + n, len - (size_t)n, ".%.*s", d, digits);
	}
}

static int shown(const struct ctl_reply *r, int id)
{
	return (r->virtual_mask >> id) & 1;
}

void ctl_report_text(FILE *f, const struct ctl_reply *r)
{
	char rate[48], t[CLOCK_TIME_BUFLEN];
	size_t i;

	ctl_format_rate(r->rate_q32, rate, sizeof(rate));
	fprintf(f, "session:     %s (supervisor %d, uid %u)\n", r->name, r->supervisor, r->uid);
	fprintf(f, "command:     %d (%s)\n", r->command, r->command_running ? "running" : "exited");
	if (r->detached)
		fprintf(f, "detached:    on the real clock (vdsotool attach -p PID: on a virtual "
			"clock again)\n");
	else if (r->frozen)
		fprintf(f, "rate:        frozen (resumes at %s)\n", rate);
	else
		fprintf(f, "rate:        %s\n", rate);
	for (i = 0; i < NCLOCKS; i++) {
		int64_t ns = r->now_ns[clocks[i].id];

		if (!shown(r, clocks[i].id))
			continue;
		if (clocks[i].wall && clock_format_time(ns, t, sizeof(t)) > 0)
			fprintf(f, "%-24s %s\n", clocks[i].name, t);
		else
			fprintf(f, "%-24s %" PRId64 ".%09" PRId64 "\n", clocks[i].name,
				(int64_t)(ns / CLOCK_NS_PER_SEC), (int64_t)(ns % CLOCK_NS_PER_SEC));
	}
	fprintf(f, "processes:   %u", r->nprocs);
	for (i = 0; i < r->nlisted; i++)
		fprintf(f, "%s%d", i ? " " : " (", r->pids[i]);
	fprintf(f, "%s\n", r->nlisted < r->nprocs ? " ...)" : r->nlisted ? ")" : "");
}

void ctl_report_json(FILE *f, const struct ctl_reply *r, int pretty)
{
	char t[CLOCK_TIME_BUFLEN];
	struct json j;
	size_t i;

	json_document_begin(&j, f, pretty, "vdsotool-ctl/1");
	json_string(&j, "name", r->name);
	json_uint(&j, "uid", r->uid);
	json_uint(&j, "supervisor", (uint64_t)r->supervisor);
	if (r->front)
		json_uint(&j, "front", (uint64_t)r->front);
	else
		json_null(&j, "front");
	json_uint(&j, "command", (uint64_t)r->command);
	json_bool(&j, "command_running", r->command_running);
	json_double(&j, "rate", (double)r->rate_q32 / 4294967296.0, 9);
	json_hex(&j, "rate_q32", r->rate_q32);
	json_bool(&j, "frozen", r->frozen);
	json_bool(&j, "detached", r->detached);
	json_array_begin(&j, "clocks");
	for (i = 0; i < NCLOCKS; i++) {
		int64_t ns = r->now_ns[clocks[i].id];

		if (!shown(r, clocks[i].id))
			continue;
		json_object_begin(&j, NULL);
		json_string(&j, "name", clocks[i].name);
		json_uint(&j, "id", (uint64_t)clocks[i].id);
		/* Nanoseconds since the epoch pass 2^53: hex, as every 64-bit value. */
		json_hex(&j, "ns", (uint64_t)ns);
		json_int(&j, "sec", ns / CLOCK_NS_PER_SEC);
		json_int(&j, "nsec", ns % CLOCK_NS_PER_SEC);
		if (clocks[i].wall && clock_format_time(ns, t, sizeof(t)) > 0)
			json_string(&j, "time", t);
		else
			json_null(&j, "time");
		json_object_end(&j);
	}
	json_array_end(&j);
	json_uint(&j, "processes_total", r->nprocs);
	json_array_begin(&j, "processes");
	for (i = 0; i < r->nlisted; i++)
		json_uint(&j, NULL, (uint64_t)r->pids[i]);
	json_array_end(&j);
	json_document_end(&j);
}
