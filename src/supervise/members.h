/* SPDX-License-Identifier: MIT */
/*
 * The processes of an attached session.  They are not the supervisor's
 * descendants (it came after them), so they are found by what every one
 * of them maps: the session memfd, by its name in /proc/PID/maps.  The
 * name holds the supervisor's pid, unique while it lives.
 */
#ifndef SUPERVISE_MEMBERS_H
#define SUPERVISE_MEMBERS_H

#include <stddef.h>
#include <sys/types.h>

/* The front of a `vdsotool run` session shares the supervisor's memory
 * (front.c), so it maps the memfd too, but is no member: told here once,
 * by the supervisor, before it starts anything that looks for members
 * (the keeper, a fork, inherits it). */
void members_not_front(pid_t front);

/* Does pid map the memfd called name? */
int members_has(pid_t pid, const char *name);

/* Every process that maps it, in a malloc'd array (*pids; NULL when
 * none); returns how many. */
size_t members_pids(const char *name, pid_t **pids);

#endif /* SUPERVISE_MEMBERS_H */
