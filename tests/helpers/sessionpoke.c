// SPDX-License-Identifier: MIT
/*
 * sessionpoke [SUPERVISOR_PID]: run inside `vdsotool run`, tries every way a
 * process of the tree could change the session page that all of them read
 * (directly, or through the supervisor's memory), or break the stats page,
 * and prints one line per attempt: "<attempt> denied" or "<attempt>
 * ALLOWED".  Exits 1 if any attempt got through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int find_mapping(const char *name, const char *perms, unsigned long *start,
			unsigned long *end)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		if (strstr(line, name) && strstr(line, perms))
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

/* The stats page is the tree's to write (the image counts there), but
 * not to resize: a truncated page would SIGBUS every reader. */
static int poke_stats(void)
{
	unsigned long start, end;
	char path[128];
	int fd, bad;

	if (!find_mapping("vdsotool-stats", " rw-s ", &start, &end))
		return 0;
	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx", start, end);
	fd = open(path, O_RDWR);
	bad = report("stats-truncate", fd >= 0 && ftruncate(fd, 0) == 0);
	if (fd >= 0)
		close(fd);
	return bad;
}

/* The supervisor holds the one writable view of the session page. */
static int poke_supervisor(const char *pid)
{
	char path[64];
	int fd, bad;

	snprintf(path, sizeof(path), "/proc/%s/mem", pid);
	fd = open(path, O_RDWR);
	bad = report("supervisor-mem", fd >= 0);
	if (fd >= 0)
		close(fd);
	return bad;
}

int main(int argc, char **argv)
{
	unsigned long start, end;
	char path[128], byte = 1;
	int fd, bad = 0;

	if (!find_mapping("-session (deleted)", " r--s ", &start, &end)) {
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
	bad |= poke_stats();
	if (argc > 1)
		bad |= poke_supervisor(argv[1]);
	return bad;
}
