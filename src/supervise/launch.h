/* SPDX-License-Identifier: MIT */
/*
 * Starts the command: a child in its own process group that installs the
 * filter, hands its listener to the supervisor over a socket and execs at
 * once.  Its execve waits in the filter until the supervisor reads the
 * notification, so no other hand-shake is needed.  The filter is
 * inherited by everything the command starts.
 */
#ifndef SUPERVISE_LAUNCH_H
#define SUPERVISE_LAUNCH_H

#include <signal.h>
#include <sys/types.h>
#include "supervise/filter.h"

struct launch {
	pid_t pid;
	int sock;			/* the listener comes this way */
	int notify_fd;
};

/* Starts the child; returns 0 or -1 with why in err.  unblock is the mask
 * the child restores; who names the command in its messages. */
int launch_command(struct launch *l, const struct filter_prog *prog, char **argv, const char *who,
		   const sigset_t *unblock, char *err, size_t errlen);

/* The command's child shares this process's memory until its exec, and
 * makes it dumpable so that the supervisor can seize it for that exec
 * without CAP_SYS_PTRACE.  The supervisor calls this once the child left
 * (its exec event, or its exit) or before an exec it could not seize goes
 * on: nothing of the tree may read or write the supervisor's memory.  Only
 * the first call does anything. */
void launch_memory_private(void);

/* Takes the listener the child sends once its filter is in place. */
int launch_listener(struct launch *l, char *err, size_t errlen);

#endif /* SUPERVISE_LAUNCH_H */
