// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>
#include "common/vsyscall.h"

static int cmdline_says_native(void)
{
	char line[4096];
	FILE *f = fopen("/proc/cmdline", "re");
	int native = 0;

	if (f && fgets(line, sizeof(line), f))
		native = strstr(line, "vsyscall=native") != NULL;
	if (f)
		fclose(f);
	return native;
}

const char *vsyscall_mode(const struct kernel_vma *vmas, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(vmas[i].name, "[vsyscall]"))
			continue;
		if (vmas[i].perms[0] != 'r')
			return "xonly";
		return cmdline_says_native() ? "native" : "emulate";
	}
	return "none";
}
