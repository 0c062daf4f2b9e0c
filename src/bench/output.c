// SPDX-License-Identifier: MIT
/* What every bench report shares: status names, facts, building a file. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench/bench.h"
#include "common/output_file.h"

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

const char *bench_meltdown(const struct bench_facts *f)
{
	unsigned i;

	for (i = 0; i < f->nvulns; i++)
		if (!strcmp(f->vuln_name[i], "meltdown"))
			return f->vuln_state[i];
	return "unknown";
}

/* Built in memory, then written whole: a failure midway leaves the file
 * untouched rather than half written (output_commit renames it). */
int bench_write_with(struct output_file *o, const struct bench_report *rep,
		     void (*body)(FILE *out, const struct bench_report *rep))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int ret;

	if (!out)
		return -ENOMEM;
	body(out, rep);
	ret = ferror(out);
	if (fclose(out) || ret) {
		free(buf);
		return -ENOMEM;
	}
	ret = output_write(o, buf, len);
	free(buf);
	return ret;
}
