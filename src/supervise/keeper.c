// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "supervise/keeper.h"
#include "supervise/members.h"

/* The keeper holds no terminal and no pipe of the command's. */
static void let_go_of_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
}

/* SIGKILL to every process of the session until none is left; ten seconds
 * at most (a process stuck in the kernel cannot be helped).  A killed one
 * is a zombie with empty maps: no member any more. */
static void end_members(const char *name)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	int round;

	for (round = 0; round < 1000; round++) {
		pid_t *pids = NULL;
		size_t n = members_pids(name, &pids), i;

		for (i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		free(pids);
		if (!n)
			return;
		nanosleep(&tick, NULL);
	}
}

static void __attribute__((noreturn)) keeper_main(const char *name, int line)
{
	struct pollfd p = { line, POLLIN, 0 };
	sigset_t all;
	char c;

	/* Signals meant for the job are the front's; the keeper ends by
	 * itself or by SIGKILL. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	prctl(PR_SET_NAME, "vdsotool-keeper");
	let_go_of_stdio();
	if (chdir("/"))
		_exit(1);
	/* The line ends (POLLHUP, read 0) when the supervisor exits, however. */
	for (;;) {
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!(p.revents & POLLIN) || read(line, &c, 1) <= 0)
			break;
	}
	/* After a normal end nothing maps the session any more. */
	end_members(name);
	_exit(0);
}

int keeper_start(const char *name)
{
	int line[2];
	long pid;

	if (pipe2(line, O_CLOEXEC))
		return -1;
	fflush(NULL);
	/* A fork whose child is the supervisor's sibling: glibc's fork()
	 * has no flag for it.  The child uses nothing of glibc's that keeps
	 * the thread id (it only reads /proc, kills and exits). */
	pid = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid < 0) {
		close(line[0]);
		close(line[1]);
		return -1;
	}
	if (pid == 0) {
		close(line[1]);
		keeper_main(name, line[0]);
	}
	close(line[0]);
	return 0;
}
