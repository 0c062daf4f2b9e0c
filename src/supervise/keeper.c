// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"
#include "supervise/keeper.h"
#include "supervise/tree.h"

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

void keeper_main(const struct run_options *o, int sock, const sigset_t *orig_mask)
{
	sigset_t all;
	pid_t sv;
	int status = 0;

	/* Signals meant for the job (kill %1, pkill vdsotool) are the front's
	 * to forward; the keeper only ever ends by itself or by SIGKILL. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* ps shows the three processes of a session apart. */
	prctl(PR_SET_NAME, "vdsotool-keeper");
	sv = fork();
	if (sv < 0) {
		report_error(run_who(o), "cannot start the supervisor: %s", strerror(errno));
		_exit(RUN_FAILED);
	}
	if (sv == 0)
		supervisor_main(o, sock, orig_mask);
	close(sock);
	let_go_of_stdio();
	while (waitpid(sv, &status, 0) < 0 && errno == EINTR)
		;
	/* Whatever is left was the tree's: normally nothing. */
	tree_end(0, 0);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : RUN_FAILED);
}
