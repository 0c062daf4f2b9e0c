/* SPDX-License-Identifier: MIT */
/*
 * Which fake credentials (fakeroot/cred.h) each process of the tree has.
 *
 * Only processes whose credentials differ from root's, or were ever
 * changed, have an entry; all others are root, and while no process has
 * an entry no question costs anything.  Entries are per thread group:
 * glibc, musl and Go apply a set*id call to every thread, so one struct
 * per process is what programs expect.  Each entry holds a pidfd, so a
 * recycled pid never inherits a dead process's credentials.
 *
 * A process without an entry inherits its parent's, found through
 * /proc/PID/status (PPid) the first time it asks or changes anything.
 * The parent must still be alive then; a child whose changed parent
 * exited before the child's first set*id or get*id call starts as root.
 * A parent that changes its credentials after fork and before the
 * child's first call passes the new ones on (docs/fakeroot.md).
 */
#ifndef SRC_FAKEROOT_SYS_PROCS_H
#define SRC_FAKEROOT_SYS_PROCS_H

#include <sys/types.h>
#include "fakeroot/cred.h"

struct fr_procs;

int fr_procs_new(struct fr_procs **out);
void fr_procs_free(struct fr_procs *p);

/* The credentials of thread tid's process, to read: root's when it has
 * none of its own.  Valid until the next call. */
const struct fr_cred *fr_procs_get(struct fr_procs *p, pid_t tid);

/* The same, to change: made (inherited or root) if need be; NULL when
 * memory or a pidfd runs out (*err: -errno). */
struct fr_cred *fr_procs_own(struct fr_procs *p, pid_t tid, int *err);

/* tid is about to exec: the saved and filesystem ids follow. */
void fr_procs_exec(struct fr_procs *p, pid_t tid);

#endif /* SRC_FAKEROOT_SYS_PROCS_H */
