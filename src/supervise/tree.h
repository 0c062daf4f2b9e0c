/* SPDX-License-Identifier: MIT */
/*
 * The process tree under `run`: ending what is left of it when the command
 * exits, and a watchdog that ends it when the supervisor itself is killed.
 */
#ifndef SUPERVISE_TREE_H
#define SUPERVISE_TREE_H

#include <sys/types.h>

/* SIGTERM, a short grace, then SIGKILL to every descendant but keep;
 * reaps them (the supervisor is their subreaper). */
void tree_end(pid_t keep);

/*
 * Forks the watchdog: it waits on a pipe, and if the supervisor dies
 * without saying goodbye it kills the command's process group and every
 * process that maps the session memfd (they are the tree, wherever setsid
 * took them).  Returns its pid and the pipe's write end in *fd.
 */
pid_t watchdog_start(const char *memfd_name, pid_t pgid, int *fd);

/* Tells the watchdog all is well and lets it go. */
void watchdog_stop(pid_t pid, int fd);

#endif /* SUPERVISE_TREE_H */
