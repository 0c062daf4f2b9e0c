/* SPDX-License-Identifier: MIT */
/*
 * A path argument of a notified system call, resolved as the calling
 * process would resolve it: relative to its working directory, its root
 * or one of its descriptors, through /proc/PID/{cwd,root,fd/N}, never
 * the supervisor's own.
 *
 * Two forms.  Composed: one path string "/proc/PID/cwd/REL" that any
 * *at call takes with AT_FDCWD, no descriptor opened: for calls that only
 * look (stat, and chown, which changes nothing real).  Anchored: the
 * /proc link opened (O_PATH) and the notification checked still valid
 * afterwards, so that a recycled pid cannot make the supervisor act in
 * another process's directory: for calls that change real files.
 *
 * Symbolic links with absolute targets, and ".." above the process's
 * root, resolve in the supervisor's root: the same one unless the tree
 * runs chrooted (docs/fakeroot.md).
 */
#ifndef SRC_FAKEROOT_SYS_WHERE_H
#define SRC_FAKEROOT_SYS_WHERE_H

#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "fakeroot/sys/taskmem.h"
#include "supervise/notify.h"

struct statx;

struct fr_where {
	int dirfd;			/* AT_FDCWD (composed) or the anchor */
	const char *name;		/* with dirfd */
	int self;			/* the path is the anchor itself (AT_EMPTY_PATH) */
	const char *rel;		/* the path below the anchor ("" when self) */
	char prefix[48];		/* /proc/PID/cwd, /proc/PID/root or /proc/PID/fd/N */
	char path[PATH_MAX];		/* as the process passed it */
	char buf[PATH_MAX + 48];
};

/*
 * Reads the path at addr (dirfd: the call's, or AT_FDCWD; empty_ok: an
 * empty path means dirfd itself, AT_EMPTY_PATH) and composes it.  addr 0
 * counts as empty.  0, or -errno when the path cannot be read or means
 * nothing: the caller lets the kernel do the call (and fail) itself.
 */
int fr_where_read(struct fr_where *w, struct fr_taskmem *m, const struct notifier *nf,
		  const struct seccomp_notif *req, int dirfd, uint64_t addr, int empty_ok);

/* Opens the anchor and checks the notification: 0 or -errno. */
int fr_where_anchor(struct fr_where *w, const struct notifier *nf,
		    const struct seccomp_notif *req);

/* Closes the anchor, if any. */
void fr_where_done(struct fr_where *w);

/* The *at flags for dirfd/name: AT_SYMLINK_NOFOLLOW unless follow, and
 * what naming the anchor itself needs instead. */
int fr_where_flags(const struct fr_where *w, int follow);

/* stat(2) and statx(2) of it; 0 or -errno. */
int fr_where_stat(const struct fr_where *w, int follow, struct stat *st);
int fr_where_statx(const struct fr_where *w, int flags, unsigned mask, struct statx *stx);

#endif /* SRC_FAKEROOT_SYS_WHERE_H */
