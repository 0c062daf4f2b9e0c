// SPDX-License-Identifier: MIT
/*
 * Run inside `vdsotool run`: tries every way a process of the tree could
 * change the session page that all of them read, and prints one line per
 * attempt: "<attempt> denied" or "<attempt> ALLOWED".  Exits 1 if any
 * attempt got through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int find_session(unsigned long *start, unsigned long *end)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		if (strstr(line, "-session (deleted)") && strstr(line, " r--s "))
			found = sscanf(line, "%lx-%lx", start, end) == 2;
	if (f)
		fclose(f);
	return found;
}

static int report(const char *what, int allowed)
{
	printf("%s %s\n", what, allowed ? "ALLOWED" : "denied");
	return allowed;
}

int main(void)
{
	unsigned long start, end;
	char path[128], byte = 1;
	int fd, bad = 0;

	if (!find_session(&start, &end)) {
		puts("no session page");
		return 2;
	}
	bad |= report("mprotect-write", !mprotect((void *)start, end - start,
						  PROT_READ | PROT_WRITE));
	fd = open("/proc/self/mem", O_RDWR);
	bad |= report("proc-self-mem", fd >= 0 && pwrite(fd, &byte, 1, (off_t)start) == 1);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx", start, end);
	fd = open(path, O_RDWR);
	if (fd >= 0) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		bad |= report("reopen-write", pwrite(fd, &byte, 1, 0) == 1);
		bad |= report("reopen-mmap-shared-write", p != MAP_FAILED);
		close(fd);
	} else {
		report("reopen", 0);
	}
	return bad;
}
