/* SPDX-License-Identifier: MIT */
/*
 * Starts the command: a child in its own process group that installs the
 * filter, hands its listener to the supervisor over a socket, waits for the
 * go-ahead and execs.  The filter is inherited by everything it starts.
 */
#ifndef SUPERVISE_LAUNCH_H
#define SUPERVISE_LAUNCH_H

#include <signal.h>
#include <sys/types.h>
#include "supervise/filter.h"

struct launch {
	pid_t pid;
	int notify_fd;
	int go_fd;			/* write one byte to let the child exec */
};

/* Returns 0 or -1 with why in err. unblock is the mask the child restores. */
int launch_command(struct launch *l, const struct filter_prog *prog, char **argv,
		   const sigset_t *unblock, char *err, size_t errlen);

/* Lets the child go on to execve. */
int launch_go(struct launch *l);

#endif /* SUPERVISE_LAUNCH_H */
