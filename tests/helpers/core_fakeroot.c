// SPDX-License-Identifier: MIT
/*
 * core_fakeroot: drives src/fakeroot on real files, the way the syscall
 * layer will, so tests can compare it with Debian's fakeroot.
 *
 *   core_fakeroot view [-u] SAVE PATH...
 *	Loads SAVE and prints, per PATH (not followed), what a process
 *	would see, as `stat -c '%u %g %a %F %t %T'` prints it.
 *   core_fakeroot apply [-u] [-i SAVE_IN] SAVE_OUT OP...
 *	Starts from SAVE_IN (or nothing), does each OP as ops.h says the
 *	system call must, then writes SAVE_OUT.  OPs:
 *	  chown PATH UID GID     (as lchown; -1 leaves one alone)
 *	  chmod PATH OCTAL
 *	  mknod PATH c|b|p|s MAJOR MINOR   (mode 0666 less the umask)
 *	  mkdir PATH OCTAL
 *	  rm PATH                (unlink or rmdir)
 *	  mv FROM TO
 *
 * Exit status 0, or 1 with a message naming the failing step.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "fakeroot/cred.h"
#include "fakeroot/db.h"
#include "fakeroot/ops.h"
#include "fakeroot/savefile.h"
#include "fakeroot/view.h"

struct session {
	struct fr_db *db;
	struct fr_cred cred;
	unsigned flags;
	mode_t umask;
};

static int fail(const char *what, const char *path, int err)
{
	fprintf(stderr, "core_fakeroot: %s %s: %s\n", what, path, strerror(-err));
	return 1;
}

static int real_attrs(const char *path, struct fr_attrs *a)
{
	struct stat st;

	if (lstat(path, &st))
		return -errno;
	fr_attrs_from_stat(a, &st);
	return 0;
}

/* The parent directory as the process sees it. */
static int parent_view(const struct session *s, const char *path, struct fr_attrs *a)
{
	char *copy = strdup(path);
	int err;

	if (!copy)
		return -ENOMEM;
	err = real_attrs(dirname(copy), a);
	free(copy);
	if (!err)
		fr_view(s->db, s->flags, a);
	return err;
}

static const char *type_name(const struct stat *st, mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return st->st_size ? "regular file" : "regular empty file";
	case S_IFDIR: return "directory";
	case S_IFCHR: return "character special file";
	case S_IFBLK: return "block special file";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	case S_IFLNK: return "symbolic link";
	default: return "weird file";
	}
}

static int view(const struct session *s, const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return fail("lstat", path, -errno);
	fr_view_stat(s->db, s->flags, &st);
	printf("%u %u %o %s %x %x\n", st.st_uid, st.st_gid, st.st_mode & 07777,
	       type_name(&st, st.st_mode), major(st.st_rdev), minor(st.st_rdev));
	return 0;
}

/* mknod and mkdir: create for real as fr_mknod_real/fr_real_mode say,
 * give it exactly that mode, then record what it should show. */
static int create(struct session *s, const char *path, mode_t mode, dev_t rdev)
{
	struct fr_attrs parent, made;
	mode_t want, real;
	uint32_t uid, gid;
	int err, fd;

	err = parent_view(s, path, &parent);
	if (err)
		return err;
	want = fr_new_mode(mode, s->umask, &parent);
	if (S_ISDIR(want)) {
		real = fr_real_mode(want);
		if (mkdir(path, 0700))
			return -errno;
	} else {
		err = fr_mknod_real(want, &real);
		if (err)
			return err;
		if (S_ISFIFO(real)) {
			if (mkfifo(path, 0600))
				return -errno;
		} else {
			/* mknod never follows a link nor reuses a file. */
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
			if (fd < 0)
				return -errno;
			close(fd);
		}
	}
	if (chmod(path, real & 07777))
		return -errno;
	err = real_attrs(path, &made);
	if (err)
		return err;
	fr_cred_new_owner(&s->cred, &parent, &uid, &gid);
	return fr_db_created(s->db, s->flags, &made, want, rdev, uid, gid);
}

static int do_chmod(struct session *s, const char *path, mode_t mode)
{
	struct fr_attrs a;
	int err = real_attrs(path, &a);

	if (err)
		return err;
	/* Root could chmod a file the real user does not own: EPERM is fine. */
	if (chmod(path, fr_real_mode((a.mode & S_IFMT) | mode) & 07777) && errno != EPERM)
		return -errno;
	return fr_db_chmod(s->db, &a, mode);
}

static int do_rm(struct session *s, const char *path)
{
	struct fr_attrs a;
	int err = real_attrs(path, &a);

	if (err)
		return err;
	if (S_ISDIR(a.mode) ? rmdir(path) : unlink(path))
		return -errno;
	fr_db_removed(s->db, &a);
	return 0;
}

static int do_mv(struct session *s, const char *from, const char *to)
{
	struct fr_attrs src, dst;
	int err = real_attrs(from, &src), had_dst;

	if (err)
		return err;
	had_dst = real_attrs(to, &dst) == 0;
	if (rename(from, to))
		return -errno;
	fr_db_renamed(s->db, &src, had_dst ? &dst : NULL);
	return 0;
}

static mode_t octal(const char *s)
{
	return (mode_t)strtoul(s, NULL, 8);
}

/* One OP at argv[0]; returns how many words it used, or -1 after a message. */
static int apply_one(struct session *s, int argc, char **argv)
{
	const char *op = argv[0], *path = argc > 1 ? argv[1] : "";
	struct fr_attrs a;
	int err = -EINVAL, used = 0;

	if (!strcmp(op, "chown") && argc >= 4) {
		used = 4;
		err = real_attrs(path, &a);
		if (!err)
			err = fr_db_chown(s->db, &a, (uint32_t)strtol(argv[2], NULL, 10),
					  (uint32_t)strtol(argv[3], NULL, 10));
	} else if (!strcmp(op, "chmod") && argc >= 3) {
		used = 3;
		err = do_chmod(s, path, octal(argv[2]));
	} else if (!strcmp(op, "mknod") && argc >= 5) {
		static const char types[] = "cbps";
		static const mode_t fmt[] = { S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK };
		const char *t = strchr(types, argv[2][0]);

		used = 5;
		if (t && argv[2][0])
			err = create(s, path, fmt[t - types] | 0666,
				     makedev(strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0)));
	} else if (!strcmp(op, "mkdir") && argc >= 3) {
		used = 3;
		err = create(s, path, S_IFDIR | octal(argv[2]), 0);
	} else if (!strcmp(op, "rm") && argc >= 2) {
		used = 2;
		err = do_rm(s, path);
	} else if (!strcmp(op, "mv") && argc >= 3) {
		used = 3;
		err = do_mv(s, path, argv[2]);
	}
	if (err) {
		fail(op, path, err);
		return -1;
	}
	return used;
}

int main(int argc, char **argv)
{
	struct session s = { .flags = 0 };
	const char *cmd = argc > 1 ? argv[1] : "", *in = NULL, *save;
	int i = 2, err, rc = 0;

	if (argc > i && !strcmp(argv[i], "-u")) {
		s.flags |= FR_UNKNOWN_IS_REAL;
		i++;
	}
	if (!strcmp(cmd, "apply") && argc > i + 1 && !strcmp(argv[i], "-i")) {
		in = argv[i + 1];
		i += 2;
	}
	if (argc <= i || (strcmp(cmd, "view") && strcmp(cmd, "apply"))) {
		fprintf(stderr, "usage: core_fakeroot view [-u] SAVE PATH... | "
				"apply [-u] [-i SAVE_IN] SAVE_OUT OP...\n");
		return 2;
	}
	save = argv[i++];
	if (!strcmp(cmd, "view"))
		in = save;
	s.umask = umask(0);
	umask(s.umask);
	if (fr_db_new(&s.db, 0) || fr_cred_init(&s.cred))
		return fail("start", "", -ENOMEM);
	if (in) {
		size_t line = 0;

		err = fr_save_load(s.db, in, &line);
		if (err == -EINVAL)
			fprintf(stderr, "core_fakeroot: %s: line %zu is not a record\n", in, line);
		if (err)
			return fail("load", in, err);
	}
	if (!strcmp(cmd, "view")) {
		for (; i < argc; i++)
			rc |= view(&s, argv[i]);
	} else {
		while (i < argc && rc == 0) {
			int used = apply_one(&s, argc - i, argv + i);

			if (used < 0)
				rc = 1;
			else
				i += used;
		}
		if (!rc) {
			err = fr_save_write(s.db, s.flags, save);
			if (err)
				rc = fail("save", save, err);
		}
	}
	fr_cred_free(&s.cred);
	fr_db_free(s.db);
	return rc;
}
