// SPDX-License-Identifier: MIT
/*
 * chown and chmod families.  chown changes nothing real: the record is
 * the whole effect (fakeroot/ops.h says why).  chmod changes the real
 * mode to what the real user must keep, on the inode it stat'ed: the
 * path is opened once (O_PATH), and stat and chmod go through that
 * descriptor.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fakeroot/ops.h"
#include "fakeroot/sys/sys.h"
#include "fakeroot/sys/where.h"
#include "fakeroot/view.h"

#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif

struct call {
	int dirfd, follow, empty_ok;
	uint64_t path;
	uint64_t a, b;			/* uid and gid, or mode */
};

static int decode(const struct seccomp_notif *req, struct call *c)
{
	const __u64 *a = req->data.args;
	int flags = 0;

	*c = (struct call){ .dirfd = AT_FDCWD, .follow = 1 };
	switch (req->data.nr) {
	case __NR_chown:
	case __NR_lchown:
		c->follow = req->data.nr == __NR_chown;
		c->path = a[0];
		c->a = a[1];
		c->b = a[2];
		return 0;
	case __NR_fchown:
		c->dirfd = (int)a[0];
		c->empty_ok = 1;
		c->a = a[1];
		c->b = a[2];
		return 0;
	case __NR_fchownat:
		c->dirfd = (int)a[0];
		c->path = a[1];
		c->a = a[2];
		c->b = a[3];
		flags = (int)a[4];
		break;
	case __NR_chmod:
		c->path = a[0];
		c->a = a[1];
		return 0;
	case __NR_fchmod:
		c->dirfd = (int)a[0];
		c->empty_ok = 1;
		c->a = a[1];
		return 0;
	case __NR_fchmodat:
		c->dirfd = (int)a[0];
		c->path = a[1];
		c->a = a[2];
		return 0;
	case __NR_fchmodat2:
		c->dirfd = (int)a[0];
		c->path = a[1];
		c->a = a[2];
		flags = (int)a[3];
		break;
	default:
		return -1;
	}
	c->follow = !(flags & AT_SYMLINK_NOFOLLOW);
	c->empty_ok = !!(flags & AT_EMPTY_PATH);
	return 0;
}

static int is_chown(long nr)
{
	return nr == __NR_chown || nr == __NR_lchown || nr == __NR_fchown || nr == __NR_fchownat;
}

/* 0 done (r: the answer), or -1: let the kernel make the call. */
static int do_chown(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req,
		    struct fr_where *w, const struct call *c, int64_t *r)
{
	struct fr_attrs real;
	struct stat st;

	if (fr_where_stat(w, c->follow, &st) || !notify_valid(nf, req->id))
		return -1;
	fr_attrs_from_stat(&real, &st);
	*r = fr_db_chown(s->db, &real, (uint32_t)c->a, (uint32_t)c->b);
	return 0;
}

/*
 * chmod of the file an O_PATH descriptor names.  fchmodat2 takes the
 * descriptor itself (AT_EMPTY_PATH), which costs no walk of
 * /proc/self/fd; a kernel without it (ENOSYS, EINVAL), or a container
 * profile that refuses it with EPERM, goes through that link instead,
 * whose answer then stands.
 */
static int chmod_fd(int fd, mode_t mode)
{
	static int no_fchmodat2;
	char proc[40];

	if (!no_fchmodat2) {
		if (!syscall(__NR_fchmodat2, fd, "", mode, AT_EMPTY_PATH))
			return 0;
		if (errno == ENOSYS || errno == EINVAL)
			no_fchmodat2 = 1;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return chmod(proc, mode);
}

static int do_chmod(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req,
		    struct fr_where *w, const struct call *c, int64_t *r)
{
	mode_t mode = (mode_t)c->a & 07777;
	struct fr_attrs real;
	struct stat st;
	int fd;

	if (fr_where_anchor(w, nf, req))
		return -1;
	fd = w->self ? w->dirfd
		     : openat(w->dirfd, w->name, O_PATH | O_CLOEXEC | (c->follow ? 0 : O_NOFOLLOW));
	if (fd < 0) {
		*r = -errno;
		return 0;
	}
	if (fstat(fd, &st)) {
		*r = -errno;
	} else if (S_ISLNK(st.st_mode)) {
		*r = -EOPNOTSUPP;
	} else {
		/* Root may chmod a file the real user does not own: EPERM
		 * leaves it to the record alone. */
		if (chmod_fd(fd, fr_real_mode((st.st_mode & S_IFMT) | mode) & 07777) &&
		    errno != EPERM) {
			*r = -errno;
		} else {
			fr_attrs_from_stat(&real, &st);
			*r = fr_db_chmod(s->db, &real, mode);
		}
	}
	if (fd != w->dirfd)
		close(fd);
	return 0;
}

int fr_sys_owners(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req)
{
	struct fr_where w;
	struct call c;
	int64_t r = 0;
	int done;

	if (decode(req, &c))
		return 0;
	if (fr_where_read(&w, s->mem, nf, req, c.dirfd, c.path, c.empty_ok)) {
		fr_pass(nf, req);
		return 1;
	}
	if (is_chown(req->data.nr))
		done = do_chown(s, nf, req, &w, &c, &r);
	else
		done = do_chmod(s, nf, req, &w, &c, &r);
	fr_where_done(&w);
	if (done)
		fr_pass(nf, req);
	else
		fr_reply(nf, req, r);
	return 1;
}
