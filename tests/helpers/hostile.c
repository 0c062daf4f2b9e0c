// SPDX-License-Identifier: MIT
/*
 * hostile NOTEXEC PROG [ARGS...]: a process that does not trust vdsotool to
 * keep its address space: it unmaps [vvar], [vvar_vclock], [vdso], the
 * replacement image, the session pages and the moved vDSO (the runtime
 * with them), tries to exec a file that is not executable (EACCES: the
 * exec fails after the supervisor took it), says "survived", then execs
 * PROG.  Under run the runtime that would answer its trapped execve is
 * gone: it dies of SIGSEGV there, and the supervisor must not care.
 * hostile --stay SECONDS: unmaps the same, then sleeps as "hostile-stays".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long start[64], end[64];
	char line[512], *none[] = { argv[1], NULL };
	int n = 0, i;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: hostile NOTEXEC PROG [ARGS...] | --stay SECONDS\n");
		return 2;
	}
	f = fopen("/proc/self/maps", "re");
	while (f && n < 64 && fgets(line, sizeof(line), f))
		if (strstr(line, "[vdso]") || strstr(line, "[vvar") || strstr(line, "vdsotool"))
			if (sscanf(line, "%lx-%lx", &start[n], &end[n]) == 2)
				n++;
	if (f)
		fclose(f);
	/* A sanitizer's SEGV handler would turn the death the tests expect
	 * into its own report and exit 1. */
	signal(SIGSEGV, SIG_DFL);
	/* The image is in place of [vdso] and its pages are the memfd's;
	 * anything at the session's fixed address goes too. */
	for (i = 0; i < n; i++)
		syscall(SYS_munmap, start[i], end[i] - start[i]);
	syscall(SYS_munmap, 0x7e8000000000ul, 0x100000ul);
	if (!strcmp(argv[1], "--stay")) {
		struct timespec t = { atoi(argv[2]), 0 };

		/* Found by tests under this name once the unmapping is done. */
		prctl(PR_SET_NAME, "hostile-stays");
		syscall(SYS_nanosleep, &t, NULL);
		return 0;
	}
	syscall(SYS_execve, argv[1], none, NULL);
	if (write(1, "survived\n", 9) != 9)
		return 1;
	syscall(SYS_execve, argv[2], argv + 2, NULL);
	return 1;
}
