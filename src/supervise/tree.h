/* SPDX-License-Identifier: MIT */
/*
 * The process tree under `run`, found by ancestry: the supervisor is the
 * child subreaper of everything the command starts, so every process of the
 * tree stays its descendant however it daemonises (setsid, double fork),
 * and the front above it inherits them all if the supervisor dies.
 */
#ifndef SUPERVISE_TREE_H
#define SUPERVISE_TREE_H

#include <sys/types.h>

/* How many descendants this process has (0: none left). */
size_t tree_count(void);

/* The descendants' pids, in a malloc'd array (*pids; NULL when none);
 * returns how many. */
size_t tree_pids(pid_t **pids);

/* The same for the descendants of root, parents before their children. */
size_t tree_descendants(pid_t root, pid_t **pids);

/* pid is a descendant of this process (its ancestry leads here). */
int tree_has(pid_t pid);

/* SIGTERM, grace_ms, then SIGKILL to every descendant, reaping what this
 * process may reap, until none is left.  keep is spared (0: none). */
void tree_end(int grace_ms, pid_t keep);

#endif /* SUPERVISE_TREE_H */
