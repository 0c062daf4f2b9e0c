// SPDX-License-Identifier: MIT
/*
 * "holdmap": prints "YEAR" of a CLOCK_REALTIME reading every 20 ms, 1000
 * times.  Once it sees itself attached (its [vdso] is no longer where the
 * auxiliary vector says), it maps six pages with mmap(NULL), as a program
 * that allocates does, fills them and prints "mapped ADDR"; from then on
 * each line checks them and a changed byte prints "clobbered" and exits 1.
 * The top-down allocator puts such a mapping in the highest gap that fits:
 * the place the kernel's [vvar] left when attach moved it, unless attach
 * keeps that place; detach must never put [vvar] back over a program's
 * memory.  "holdmap over" maps them with MAP_FIXED right below the vDSO's
 * entry, over whatever attach keeps there, as a hostile or careless
 * program could.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <time.h>

#define LEN (6 * 4096)

/* Whether /proc/self/maps names [vdso] at the vector's address. */
static int kernel_vdso_home(void)
{
	unsigned long at = getauxval(AT_SYSINFO_EHDR), lo;
	char line[512];
	int home = 0;
	FILE *f = fopen("/proc/self/maps", "re");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[vdso]") && sscanf(line, "%lx-", &lo) == 1 && lo == at)
			home = 1;
	if (f)
		fclose(f);
	return home;
}

int main(int argc, char **argv)
{
	int over = argc > 1 && !strcmp(argv[1], "over");
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	unsigned char *held = NULL;
	int i;
	size_t k;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < 1000; i++) {
		struct timespec now;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &now);
		gmtime_r(&now.tv_sec, &tm);
		printf("%d\n", tm.tm_year + 1900);
		if (!held && !kernel_vdso_home()) {
			void *at = over ? (void *)(getauxval(AT_SYSINFO_EHDR) - LEN) : NULL;

			held = mmap(at, LEN, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | (over ? MAP_FIXED : 0), -1, 0);
			if (held == MAP_FAILED)
				return 2;
			memset(held, 0xa5, LEN);
			printf("mapped %p\n", (void *)held);
		}
		for (k = 0; held && k < LEN; k++)
			if (held[k] != 0xa5) {
				printf("clobbered at %p\n", (void *)(held + k));
				return 1;
			}
		nanosleep(&tick, NULL);
	}
	return 0;
}
