// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fakeroot/sys/where.h"

int fr_where_read(struct fr_where *w, struct fr_taskmem *m, const struct notifier *nf,
		  const struct seccomp_notif *req, int dirfd, uint64_t addr, int empty_ok)
{
	const char *rel;
	int r, n;

	w->dirfd = AT_FDCWD;
	w->path[0] = 0;
	if (addr) {
		r = fr_mem_read_string(m, nf, req, addr, w->path, sizeof(w->path));
		if (r)
			return r;
	}
	if (!w->path[0] && !empty_ok)
		return -ENOENT;
	rel = w->path;
	if (*rel == '/') {
		snprintf(w->prefix, sizeof(w->prefix), "/proc/%u/root", req->pid);
		while (*rel == '/')
			rel++;
	} else if (dirfd == AT_FDCWD) {
		snprintf(w->prefix, sizeof(w->prefix), "/proc/%u/cwd", req->pid);
	} else if (dirfd >= 0) {
		snprintf(w->prefix, sizeof(w->prefix), "/proc/%u/fd/%d", req->pid, dirfd);
	} else {
		return -EBADF;
	}
	w->rel = rel;
	/* "/" alone names the root directory itself. */
	w->self = !*rel;
	if (w->self)
		n = snprintf(w->buf, sizeof(w->buf), "%s", w->prefix);
	else
		n = snprintf(w->buf, sizeof(w->buf), "%s/%s", w->prefix, rel);
	w->name = w->buf;
	/* A path near PATH_MAX no longer fits behind the prefix: anchor it. */
	if (n >= PATH_MAX) {
		w->dirfd = open(w->prefix, O_PATH | O_CLOEXEC);
		if (w->dirfd < 0) {
			w->dirfd = AT_FDCWD;
			return -errno;
		}
		w->name = w->self ? "" : w->rel;
	}
	return 0;
}

int fr_where_anchor(struct fr_where *w, const struct notifier *nf,
		    const struct seccomp_notif *req)
{
	if (w->dirfd == AT_FDCWD) {
		w->dirfd = open(w->prefix, O_PATH | O_CLOEXEC);
		if (w->dirfd < 0) {
			w->dirfd = AT_FDCWD;
			return -errno;
		}
		w->name = w->self ? "" : w->rel;
	}
	return notify_valid(nf, req->id) ? 0 : -ENOENT;
}

void fr_where_done(struct fr_where *w)
{
	if (w->dirfd != AT_FDCWD)
		close(w->dirfd);
	w->dirfd = AT_FDCWD;
}

int fr_where_flags(const struct fr_where *w, int follow)
{
	/* The /proc link jumps to the file and stops there: following it
	 * is what names the file itself, link or not. */
	if (w->self)
		return w->dirfd == AT_FDCWD ? 0 : AT_EMPTY_PATH;
	return follow ? 0 : AT_SYMLINK_NOFOLLOW;
}

int fr_where_stat(const struct fr_where *w, int follow, struct stat *st)
{
	return fstatat(w->dirfd, w->name, st, fr_where_flags(w, follow)) ? -errno : 0;
}

int fr_where_statx(const struct fr_where *w, int flags, unsigned mask, struct statx *stx)
{
	int f = flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);

	f |= fr_where_flags(w, !(flags & AT_SYMLINK_NOFOLLOW));
	return statx(w->dirfd, w->name, f, mask, stx) ? -errno : 0;
}
