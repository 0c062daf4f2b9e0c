// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "supervise/tree.h"

#define MAX_TREE 4096

/* Appends the children of every thread of pid (from /proc, kernel 3.5+). */
static size_t add_children(pid_t pid, pid_t *out, size_t n)
{
	char path[64];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return n;
	while ((d = readdir(dir)) && n < MAX_TREE) {
		char cpath[320];
		FILE *f;
		int c;

		if (d->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof(cpath), "/proc/%d/task/%s/children", (int)pid, d->d_name);
		f = fopen(cpath, "re");
		if (!f)
			continue;
		while (n < MAX_TREE && fscanf(f, "%d", &c) == 1)
			out[n++] = c;
		fclose(f);
	}
	closedir(dir);
	return n;
}

static size_t descendants(pid_t root, pid_t keep, pid_t *out)
{
	size_t n = add_children(root, out, 0), i, m = 0;

	for (i = 0; i < n; i++)
		n = add_children(out[i], out, n);
	for (i = 0; i < n; i++)
		if (out[i] != keep)
			out[m++] = out[i];
	return m;
}

static void reap_all(void)
{
	while (waitpid(-1, NULL, __WALL | WNOHANG) > 0)
		;
}

void tree_end(pid_t keep)
{
	static pid_t pids[MAX_TREE];
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	size_t n, i;
	int round;

	for (round = 0; round < 500; round++) {
		reap_all();
		n = descendants(getpid(), keep, pids);
		if (!n)
			return;
		/* A grace of 20 ticks (200 ms) for SIGTERM, then SIGKILL. */
		for (i = 0; i < n; i++)
			kill(pids[i], round < 20 ? SIGTERM : SIGKILL);
		nanosleep(&tick, NULL);
	}
}

static int maps_session(const char *pid, const char *needle)
{
	char path[300], line[512];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

static int kill_session_members(const char *needle)
{
	DIR *dir = opendir("/proc");
	struct dirent *d;
	int killed = 0;

	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		if (atoi(d->d_name) != getpid() && maps_session(d->d_name, needle)) {
			kill(atoi(d->d_name), SIGKILL);
			killed++;
		}
	}
	closedir(dir);
	return killed;
}

static void watchdog_main(int fd, const char *memfd_name, pid_t pgid)
{
	char needle[80], c = 0;
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	int round;

	setsid();
	snprintf(needle, sizeof(needle), "/memfd:%s ", memfd_name);
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
	if (c == 'x')
		_exit(0);
	/* The supervisor died: take the tree with it. */
	kill(-pgid, SIGKILL);
	for (round = 0; round < 50; round++) {
		if (!kill_session_members(needle) && round > 2)
			break;
		nanosleep(&tick, NULL);
	}
	_exit(0);
}

pid_t watchdog_start(const char *memfd_name, pid_t pgid, int *fd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		sigset_t all;
		int sig, devnull;

		close(p[1]);
		/* Hold nothing of the supervisor's: not the notification fd (the
		 * tree must see it close), not the command's pipes or terminal. */
		if (p[0] > 3)
			close_range(3, (unsigned)p[0] - 1, 0);
		close_range((unsigned)p[0] + 1, ~0u, 0);
		devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		for (sig = 1; sig < NSIG; sig++)
			if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
				signal(sig, SIG_IGN);
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		watchdog_main(p[0], memfd_name, pgid);
	}
	close(p[0]);
	*fd = p[1];
	return pid;
}

void watchdog_stop(pid_t pid, int fd)
{
	if (fd >= 0) {
		(void)!write(fd, "x", 1);
		close(fd);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}
