// SPDX-License-Identifier: MIT
/* execveat_run PROGRAM [ARGS...]: runs PROGRAM through execveat(2) on an
 * O_PATH descriptor with AT_EMPTY_PATH, as fexecve does. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	int fd;

	if (argc < 2)
		return 2;
	fd = open(argv[1], O_PATH | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[1]);
		return 127;
	}
	syscall(SYS_execveat, fd, "", argv + 1, environ, AT_EMPTY_PATH);
	perror("execveat");
	return 126;
}
