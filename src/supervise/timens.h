/* SPDX-License-Identifier: MIT */
/*
 * Time namespaces (Linux 5.6+): a process in one reads CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME (and their variants) shifted by its namespace's offsets.
 * The session's clock model is kept in the supervisor's own timeline; a
 * process in another time namespace gets its offsets taken out before the
 * model and put back after, in its image (the per-process page) and in the
 * supervisor's answers alike.
 */
#ifndef SUPERVISE_TIMENS_H
#define SUPERVISE_TIMENS_H

#include <stdint.h>
#include <sys/types.h>
#include "clock/model.h"

/* The offsets of pid's time namespace relative to the supervisor's, per
 * clock id (0 for clocks a namespace does not shift).  Returns 1 when any
 * is nonzero, 0 when all are (the same namespace, the common case). */
int timens_offsets(pid_t pid, int64_t off[VCLOCK_NCLOCKS]);

#endif /* SUPERVISE_TIMENS_H */
