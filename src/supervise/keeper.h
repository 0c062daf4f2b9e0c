/* SPDX-License-Identifier: MIT */
/*
 * The keeper: a process between the foreground vdsotool and the supervisor
 * whose one job is to be the tree's last ancestor.  It is a child
 * subreaper holding nothing; if the supervisor dies, every process of the
 * tree becomes the keeper's, and the keeper kills them all (a tree without
 * its supervisor would see ENOSYS from every trapped call).  The keeper's
 * own death changes nothing for the session: the supervisor serves on,
 * with the front (while it lives) as the subreaper above it.
 */
#ifndef SUPERVISE_KEEPER_H
#define SUPERVISE_KEEPER_H

#include <signal.h>
#include "supervise/supervisor.h"

/* Never returns. sock is the supervisor's end of the front's socket. */
void keeper_main(const struct run_options *o, int sock, const sigset_t *orig_mask)
	__attribute__((noreturn));

#endif /* SUPERVISE_KEEPER_H */
