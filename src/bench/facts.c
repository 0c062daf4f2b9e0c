// SPDX-License-Identifier: MIT
/*
 * Machine facts printed with every result: the figures mean little
 * without them.  The clocksource decides whether the vDSO can read the
 * clock at all (tsc and kvm-clock can; hpet or acpi_pm make every vDSO
 * call fall back to the syscall), and the vulnerability files show the
 * entry/exit mitigations (PTI for meltdown, retpolines, IBRS, VERW
 * buffer clearing) that make every crossing dearer than in 2007.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "bench/bench.h"
#include "common/proc.h"

/* A fact that cannot be read is reported as "unknown", not left out. */
static void read_line(const char *path, char *buf, size_t len)
{
	if (proc_read_line(path, buf, len))
		snprintf(buf, len, "unknown");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void read_vulns(struct bench_facts *f)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	char *names[BENCH_MAX_VULNS], path[512];
	struct dirent *d;
	unsigned i, n = 0;
	DIR *dp = opendir(dir);

	if (!dp)
		return;
	while ((d = readdir(dp)) && n < BENCH_MAX_VULNS) {
		if (d->d_name[0] == '.')
			continue;
		names[n] = strdup(d->d_name);
		if (names[n])
			n++;
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		snprintf(f->vuln_name[i], sizeof(f->vuln_name[i]), "%s", names[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		read_line(path, f->vuln_state[i], sizeof(f->vuln_state[i]));
		free(names[i]);
	}
	f->nvulns = n;
}

void bench_facts_read(struct bench_facts *f)
{
	char line[512];
	struct utsname u;
	FILE *cpu;

	snprintf(f->cpu_model, sizeof(f->cpu_model), "unknown");
	cpu = fopen("/proc/cpuinfo", "re");
	if (cpu) {
		while (fgets(line, sizeof(line), cpu)) {
			char *colon = strchr(line, ':');

			if (strncmp(line, "model name", 10) || !colon)
				continue;
			colon += 1 + (colon[1] == ' ');
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(f->cpu_model, sizeof(f->cpu_model), "%s", colon);
			break;
		}
		fclose(cpu);
	}
	if (uname(&u) == 0)
		snprintf(f->kernel, sizeof(f->kernel), "%s", u.release);
	else
		snprintf(f->kernel, sizeof(f->kernel), "unknown");
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  f->clocksource, sizeof(f->clocksource));
	snprintf(f->vsyscall, sizeof(f->vsyscall), "%s", bench_vsyscall_mode());
	read_vulns(f);
}
