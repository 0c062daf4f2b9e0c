// SPDX-License-Identifier: MIT
/*
 * The stat family: the supervisor makes the call itself, on the path as
 * the process resolves it, lays the record over the result and writes it
 * into the process.  (SECCOMP_USER_NOTIF_FLAG_CONTINUE cannot be used:
 * the supervisor would never see the result to fix it up.)  When the
 * supervisor cannot make the call (an error, a path it cannot read), the
 * kernel makes it instead: errors come out exactly as without fakeroot.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "fakeroot/sys/sys.h"
#include "fakeroot/sys/where.h"
#include "fakeroot/view.h"

struct call {
	int dirfd, flags, follow, empty_ok, is_statx;
	uint64_t path, buf;
	unsigned mask;
};

static int decode(const struct seccomp_notif *req, struct call *c)
{
	const __u64 *a = req->data.args;

	*c = (struct call){ .dirfd = AT_FDCWD, .follow = 1 };
	switch (req->data.nr) {
	case __NR_stat:
		c->path = a[0];
		c->buf = a[1];
		return 0;
	case __NR_lstat:
		c->path = a[0];
		c->buf = a[1];
		c->follow = 0;
		return 0;
	case __NR_fstat:
		c->dirfd = (int)a[0];
		c->buf = a[1];
		c->empty_ok = 1;
		return 0;
	case __NR_newfstatat:
		c->dirfd = (int)a[0];
		c->path = a[1];
		c->buf = a[2];
		c->flags = (int)a[3];
		break;
	case __NR_statx:
		c->dirfd = (int)a[0];
		c->path = a[1];
		c->flags = (int)a[2];
		c->mask = (unsigned)a[3];
		c->buf = a[4];
		c->is_statx = 1;
		break;
	default:
		return -1;
	}
	c->follow = !(c->flags & AT_SYMLINK_NOFOLLOW);
	c->empty_ok = !!(c->flags & AT_EMPTY_PATH);
	return 0;
}

int fr_sys_stat(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req)
{
	struct fr_where w;
	struct stat st;
	struct statx stx;
	struct call c;
	int r;

	if (decode(req, &c))
		return 0;
	/* The path is left to the kernel: the call itself faults. */
	if (!c.buf || fr_where_read(&w, s->mem, nf, req, c.dirfd, c.path, c.empty_ok)) {
		fr_pass(nf, req);
		return 1;
	}
	if (c.is_statx)
		r = fr_where_statx(&w, c.flags, c.mask, &stx);
	else
		r = fr_where_stat(&w, c.follow, &st);
	fr_where_done(&w);
	if (r) {
		fr_pass(nf, req);
		return 1;
	}
	if (c.is_statx) {
		fr_view_statx(s->db, s->flags, &stx);
		r = fr_mem_write(s->mem, nf, req, c.buf, &stx, sizeof(stx));
	} else {
		fr_view_stat(s->db, s->flags, &st);
		r = fr_mem_write(s->mem, nf, req, c.buf, &st, sizeof(st));
	}
	fr_reply(nf, req, r == -ENOENT ? r : r ? -EFAULT : 0);
	return 1;
}
