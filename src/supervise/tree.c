// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "supervise/tree.h"

struct pidset {
	pid_t *p;
	size_t n, cap;
};

static void add(struct pidset *s, pid_t pid)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		pid_t *n = realloc(s->p, cap * sizeof(*n));

		if (!n)
			return;
		s->p = n;
		s->cap = cap;
	}
	s->p[s->n++] = pid;
}

/* Appends the children of every thread of pid (/proc, Linux 3.5+). */
static void add_children(pid_t pid, struct pidset *s)
{
	char path[64];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		char cpath[320];
		FILE *f;
		int c;

		if (d->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof(cpath), "/proc/%d/task/%s/children", (int)pid, d->d_name);
		f = fopen(cpath, "re");
		if (!f)
			continue;
		while (fscanf(f, "%d", &c) == 1)
			add(s, c);
		fclose(f);
	}
	closedir(dir);
}

static void descendants_of(pid_t root, struct pidset *s)
{
	size_t i;

	s->n = 0;
	add_children(root, s);
	for (i = 0; i < s->n; i++)
		add_children(s->p[i], s);
}

size_t tree_count(void)
{
	struct pidset s = { 0 };
	size_t n;

	descendants_of(getpid(), &s);
	n = s.n;
	free(s.p);
	return n;
}

size_t tree_pids(pid_t **pids)
{
	return tree_descendants(getpid(), pids);
}

size_t tree_descendants(pid_t root, pid_t **pids)
{
	struct pidset s = { 0 };

	descendants_of(root, &s);
	*pids = s.p;
	return s.n;
}

/* The parent of pid from /proc/PID/stat (after the command name, which
 * may hold spaces and parentheses: the last ')' ends it); 0 when gone. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;
	int ppid = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return 0;
	return ppid;
}

int tree_has(pid_t pid)
{
	pid_t self = getpid();
	int depth;

	/* Deeper than any real tree; a loop cannot happen, but a bound is cheap. */
	for (depth = 0; pid > 1 && depth < 4096; depth++) {
		pid = parent_of(pid);
		if (pid == self)
			return 1;
	}
	return 0;
}

void tree_end(int grace_ms, pid_t keep)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct pidset s = { 0 };
	int round, left;
	size_t i;

	/* Ten seconds at most: a process stuck in the kernel cannot be helped. */
	for (round = 0; round < 1000; round++) {
		while (waitpid(-1, NULL, __WALL | WNOHANG) > 0)
			;
		descendants_of(getpid(), &s);
		for (i = 0, left = 0; i < s.n; i++) {
			if (s.p[i] == keep)
				continue;
			left++;
			kill(s.p[i], round * 10 < grace_ms ? SIGTERM : SIGKILL);
			/* A stopped process acts on SIGTERM only when continued. */
			if (round * 10 < grace_ms)
				kill(s.p[i], SIGCONT);
		}
		if (!left)
			break;
		nanosleep(&tick, NULL);
	}
	free(s.p);
}
