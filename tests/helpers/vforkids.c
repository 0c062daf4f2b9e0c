// SPDX-License-Identifier: MIT
/*
 * vforkids: prints its uid, then a vfork child (which shares its memory)
 * takes other ids, reads them and exits; prints the child's uid and its
 * own again, which must not have changed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	volatile int child_uid = -1;
	pid_t pid;

	printf("%d\n", (int)getuid());
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		if (setresuid(5, 5, 5) == 0)
			child_uid = (int)getuid();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, NULL, 0) != pid)
		return 1;
	printf("%d %d\n", child_uid, (int)getuid());
	return 0;
}
