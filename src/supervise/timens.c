// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "supervise/timens.h"

/* monotonic and boottime offsets of a process's namespace, from the
 * initial one's; 0 when the kernel has no time namespaces. */
static void read_offsets(const char *pid, int64_t *mono, int64_t *boot)
{
	char path[64], name[32];
	long long sec, nsec;
	FILE *f;

	*mono = *boot = 0;
	snprintf(path, sizeof(path), "/proc/%s/timens_offsets", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fscanf(f, "%31s %lld %lld", name, &sec, &nsec) == 3) {
		int64_t ns = (int64_t)sec * VCLOCK_NSEC_PER_SEC + nsec;

		if (!strcmp(name, "monotonic") || !strcmp(name, "1"))
			*mono = ns;
		else if (!strcmp(name, "boottime") || !strcmp(name, "7"))
			*boot = ns;
	}
	fclose(f);
}

int timens_offsets(pid_t pid, int64_t off[VCLOCK_NCLOCKS])
{
	static ino_t own_ns;
	static int64_t own_mono, own_boot;
	struct stat st;
	char path[64], who[16];
	int64_t mono, boot;

	memset(off, 0, sizeof(off[0]) * VCLOCK_NCLOCKS);
	if (!own_ns) {
		if (stat("/proc/self/ns/time", &st))
			return 0;
		own_ns = st.st_ino;
		read_offsets("self", &own_mono, &own_boot);
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/time", (int)pid);
	if (stat(path, &st) || st.st_ino == own_ns)
		return 0;
	snprintf(who, sizeof(who), "%d", (int)pid);
	read_offsets(who, &mono, &boot);
	mono -= own_mono;
	boot -= own_boot;
	off[CLOCK_MONOTONIC] = off[CLOCK_MONOTONIC_RAW] = off[CLOCK_MONOTONIC_COARSE] = mono;
	off[CLOCK_BOOTTIME] = off[CLOCK_BOOTTIME_ALARM] = boot;
	return mono || boot;
}
