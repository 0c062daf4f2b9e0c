// SPDX-License-Identifier: MIT
/*
 * spawnprobe PROGRAM [ARGS...]: runs PROGRAM three ways that share the
 * parent's memory until the exec: vfork(2), posix_spawn(3) (glibc uses
 * clone(CLONE_VM | CLONE_VFORK)), and a plain clone(CLONE_VFORK) thread of
 * execution; waits for each.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char **child_argv;
static char stack[64 * 1024];

static int clone_child(void *arg)
{
	(void)arg;
	execvp(child_argv[0], child_argv);
	_exit(127);
}

int main(int argc, char **argv)
{
	pid_t pid;
	int status;

	if (argc < 2)
		return 2;
	child_argv = argv + 1;
	pid = vfork();
	if (pid == 0) {
		execvp(child_argv[0], child_argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	if (posix_spawnp(&pid, child_argv[0], NULL, NULL, child_argv, environ))
		return 1;
	waitpid(pid, &status, 0);
	pid = clone(clone_child, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	if (pid < 0)
		return 1;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
