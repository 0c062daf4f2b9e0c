// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common/proc.h"
#include "supervise/members.h"

/* The session's supervisors map the memfd too (attach --tree has one per
 * process it attached with a listener of its own), but are no members. */
static int is_supervisor(pid_t pid)
{
	return proc_comm_is(pid, "vdsotool-super");
}

static pid_t front_pid;

void members_not_front(pid_t front)
{
	front_pid = front;
}

/* By its pid and its name: a pid reused after the front returned is no
 * vdsotool. */
static int is_front(pid_t pid)
{
	return pid == front_pid && proc_comm_is(pid, "vdsotool");
}

int members_has(pid_t pid, const char *name)
{
	char path[48], line[512], want[96];
	int found = 0;
	FILE *f;

	if (pid == getpid() || is_supervisor(pid) || is_front(pid))
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	snprintf(want, sizeof(want), "/memfd:%s ", name);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, want) != NULL;
	fclose(f);
	return found;
}

size_t members_pids(const char *name, pid_t **pids)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t n = 0, cap = 0;

	*pids = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		pid_t pid = (pid_t)atoi(e->d_name);

		if (pid <= 0 || !members_has(pid, name))
			continue;
		if (n == cap) {
			pid_t *p = realloc(*pids, (cap = cap ? cap * 2 : 16) * sizeof(*p));

			if (!p)
				break;
			*pids = p;
		}
		(*pids)[n++] = pid;
	}
	closedir(d);
	return n;
}
