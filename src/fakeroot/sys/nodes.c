// SPDX-License-Identifier: MIT
/*
 * Calls that make or remove names: mknod and mkdir (made here, in the
 * process's directory, as fakeroot/ops.h says), unlink, rmdir and rename
 * (made here only when they take a record with them; otherwise the
 * kernel makes them, which costs nothing to the record database).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fakeroot/ops.h"
#include "fakeroot/sys/sys.h"
#include "fakeroot/sys/where.h"
#include "fakeroot/view.h"

/* The process's umask (/proc/PID/status, Linux 4.7+); 022 if unknown. */
static mode_t umask_of(pid_t pid)
{
	char path[40], buf[512];
	const char *u;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 022;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 022;
	buf[n] = 0;
	u = strstr(buf, "Umask:");
	return u ? (mode_t)strtoul(u + 6, NULL, 8) & 0777 : 022;
}

/* The directory a new name goes in: pfd (the anchor, or opened here:
 * *own) and the last component in base.  0 or -errno. */
static int parent_of(struct fr_where *w, int *pfd, int *own, char *base, size_t len)
{
	char dir[PATH_MAX];
	size_t n = strlen(w->rel);
	const char *slash;

	while (n > 1 && w->rel[n - 1] == '/')
		n--;
	if (n >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, w->rel, n);
	dir[n] = 0;
	slash = strrchr(dir, '/');
	*own = 0;
	*pfd = w->dirfd;
	if (strlen(slash ? slash + 1 : dir) >= len)
		return -ENAMETOOLONG;
	strcpy(base, slash ? slash + 1 : dir);
	if (!slash)
		return 0;
	dir[slash - dir] = 0;
	*pfd = openat(w->dirfd, *dir ? dir : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*pfd < 0)
		return -errno;
	*own = 1;
	return 0;
}

/* Makes the node (mkdir or mknod) and records it; the answer. */
static int64_t make(struct fr_sys *s, const struct seccomp_notif *req, int pfd, const char *base,
		    int dir, mode_t mode, uint64_t rdev)
{
	struct fr_attrs parent, made;
	mode_t want, real;
	uint32_t uid, gid;
	struct stat st;
	int64_t r;
	int fd;

	if (fstat(pfd, &st))
		return -errno;
	fr_attrs_from_stat(&parent, &st);
	fr_view(s->db, s->flags, &parent);
	/* Devices need CAP_MKNOD, which only a process with euid 0 has. */
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && fr_procs_get(s->procs, (pid_t)req->pid)->euid)
		return -EPERM;
	want = fr_new_mode(mode, umask_of((pid_t)req->pid), &parent);
	if (dir) {
		real = fr_real_mode(want);
		r = mkdirat(pfd, base, real & 07777);
	} else if ((r = fr_mknod_real(want, &real))) {
		return r;
	} else if (S_ISFIFO(real)) {
		r = mknodat(pfd, base, real, 0);
	} else {
		/* mknod never follows a link nor reuses a file. */
		fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    real & 07777);
		r = fd < 0 ? -1 : close(fd);
	}
	if (r)
		return -errno;
	if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW))
		return -errno;
	fr_attrs_from_stat(&made, &st);
	fr_cred_new_owner(fr_procs_get(s->procs, (pid_t)req->pid), &parent, &uid, &gid);
	return fr_db_created(s->db, s->flags, &made, want, rdev, uid, gid);
}

/* mkdir that shows just what the kernel makes (no record to drop, owner
 * root, the owner keeps rwx) is left to the kernel. */
static int plain_mkdir(struct fr_sys *s, const struct seccomp_notif *req, mode_t mode)
{
	const struct fr_cred *c;

	if (fr_db_count(s->db) || (mode & 0700) != 0700)
		return 0;
	if (s->flags & FR_UNKNOWN_IS_REAL)
		return 1;
	c = fr_procs_get(s->procs, (pid_t)req->pid);
	return c->fsuid == 0 && c->fsgid == 0;
}

static int create(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req)
{
	const __u64 *a = req->data.args;
	int dirfd = AT_FDCWD, pfd, own, is_dir = 1;
	uint64_t path, rdev = 0;
	char base[NAME_MAX + 2];
	struct fr_where w;
	mode_t mode;
	int64_t r;

	switch (req->data.nr) {
	case __NR_mkdir:
		path = a[0];
		mode = S_IFDIR | ((mode_t)a[1] & 07777);
		break;
	case __NR_mkdirat:
		dirfd = (int)a[0];
		path = a[1];
		mode = S_IFDIR | ((mode_t)a[2] & 07777);
		break;
	case __NR_mknod:
		is_dir = 0;
		path = a[0];
		mode = (mode_t)a[1] & (S_IFMT | 07777);
		rdev = (uint32_t)a[2];
		break;
	default:
		is_dir = 0;
		dirfd = (int)a[0];
		path = a[1];
		mode = (mode_t)a[2] & (S_IFMT | 07777);
		rdev = (uint32_t)a[3];
		break;
	}
	if ((is_dir && plain_mkdir(s, req, mode)) ||
	    fr_where_read(&w, s->mem, nf, req, dirfd, path, 0)) {
		fr_pass(nf, req);
		return 1;
	}
	if (w.self || fr_where_anchor(&w, nf, req)) {
		fr_where_done(&w);
		fr_pass(nf, req);
		return 1;
	}
	r = parent_of(&w, &pfd, &own, base, sizeof(base));
	if (!r) {
		r = make(s, req, pfd, base, is_dir, mode, rdev);
		if (own)
			close(pfd);
	}
	fr_where_done(&w);
	fr_reply(nf, req, r);
	return 1;
}

/* The record a successful unlink or rename would take away, in *before;
 * 0 when there is none (the kernel may make the call). */
static int doomed(struct fr_sys *s, const struct fr_where *w, struct fr_attrs *before)
{
	const struct fr_attrs *rec;
	struct stat st;

	if (w->self || fr_where_stat(w, 0, &st))
		return 0;
	fr_attrs_from_stat(before, &st);
	rec = fr_lookup(s->db, before);
	return rec && (S_ISDIR(st.st_mode) || st.st_nlink <= 1);
}

static int remove_name(struct fr_sys *s, const struct notifier *nf,
		       const struct seccomp_notif *req)
{
	const __u64 *a = req->data.args;
	struct fr_attrs before;
	struct fr_where w;
	int dirfd = AT_FDCWD, flags = 0;
	uint64_t path = a[0];
	int64_t r;

	if (req->data.nr == __NR_rmdir)
		flags = AT_REMOVEDIR;
	if (req->data.nr == __NR_unlinkat) {
		dirfd = (int)a[0];
		path = a[1];
		flags = (int)a[2];
	}
	if (!fr_db_count(s->db) || fr_where_read(&w, s->mem, nf, req, dirfd, path, 0)) {
		fr_pass(nf, req);
		return 1;
	}
	if (!doomed(s, &w, &before) || fr_where_anchor(&w, nf, req)) {
		fr_where_done(&w);
		fr_pass(nf, req);
		return 1;
	}
	r = unlinkat(w.dirfd, w.name, flags) ? -errno : 0;
	if (!r)
		fr_db_removed(s->db, &before);
	fr_where_done(&w);
	fr_reply(nf, req, r);
	return 1;
}

static int rename_call(struct fr_sys *s, const struct notifier *nf,
		       const struct seccomp_notif *req)
{
	const __u64 *a = req->data.args;
	struct fr_attrs src, dst;
	struct fr_where *from, *to;
	int64_t r = 1;
	unsigned flags = 0;
	struct stat st;

	if (req->data.nr == __NR_renameat2)
		flags = (unsigned)a[4];
	if (!fr_db_count(s->db) || (flags & RENAME_EXCHANGE)) {
		fr_pass(nf, req);
		return 1;
	}
	from = malloc(2 * sizeof(*from));
	if (!from) {
		fr_pass(nf, req);
		return 1;
	}
	to = from + 1;
	from->dirfd = to->dirfd = AT_FDCWD;
	if (req->data.nr == __NR_rename) {
		if (fr_where_read(from, s->mem, nf, req, AT_FDCWD, a[0], 0) ||
		    fr_where_read(to, s->mem, nf, req, AT_FDCWD, a[1], 0))
			goto pass;
	} else if (fr_where_read(from, s->mem, nf, req, (int)a[0], a[1], 0) ||
		   fr_where_read(to, s->mem, nf, req, (int)a[2], a[3], 0)) {
		goto pass;
	}
	if (!doomed(s, to, &dst) || from->self || fr_where_stat(from, 0, &st))
		goto pass;
	fr_attrs_from_stat(&src, &st);
	if (fr_where_anchor(from, nf, req) || fr_where_anchor(to, nf, req))
		goto pass;
	r = renameat2(from->dirfd, from->name, to->dirfd, to->name, flags) ? -errno : 0;
	if (!r)
		fr_db_renamed(s->db, &src, &dst);
	fr_reply(nf, req, r);
	r = 0;
pass:
	if (r)
		fr_pass(nf, req);
	fr_where_done(from);
	fr_where_done(to);
	free(from);
	return 1;
}

int fr_sys_nodes(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req)
{
	switch (req->data.nr) {
	case __NR_mkdir:
	case __NR_mkdirat:
	case __NR_mknod:
	case __NR_mknodat:
		return create(s, nf, req);
	case __NR_unlink:
	case __NR_unlinkat:
	case __NR_rmdir:
		return remove_name(s, nf, req);
	case __NR_rename:
	case __NR_renameat:
	case __NR_renameat2:
		return rename_call(s, nf, req);
	}
	return 0;
}
