// SPDX-License-Identifier: MIT
#include <errno.h>
#include <sys/stat.h>
#include "fakeroot/ops.h"
#include "fakeroot/view.h"

mode_t fr_new_mode(mode_t mode, mode_t umask, const struct fr_attrs *parent)
{
	mode_t type = mode & S_IFMT ? mode & S_IFMT : S_IFREG;
	mode_t perms = mode & ~umask & (S_ISDIR(type) ? 01777 : 07777);

	if (S_ISDIR(type) && parent && (parent->mode & S_ISGID))
		perms |= S_ISGID;
	return type | perms;
}

int fr_mknod_real(mode_t want, mode_t *real)
{
	switch (want & S_IFMT) {
	case 0:
	case S_IFREG:
		*real = fr_real_mode(S_IFREG | (want & 07777));
		return 0;
	case S_IFIFO:
		*real = fr_real_mode(want);
		return 0;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFSOCK:
		*real = S_IFREG | 0600;
		return 0;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

/* The inode's record to change: the current one with its real fields
 * brought up to date, or a fresh one (faked 0) if none fits. */
static struct fr_attrs record_to_change(const struct fr_db *db, const struct fr_attrs *real)
{
	const struct fr_attrs *old = fr_lookup(db, real);
	struct fr_attrs rec = *real;

	rec.faked = 0;
	if (!old)
		return rec;
	rec.faked = old->faked;
	if (old->faked & FR_UID)
		rec.uid = old->uid;
	if (old->faked & FR_GID)
		rec.gid = old->gid;
	if (old->faked & FR_MODE)
		rec.mode = old->mode & S_IFMT ? old->mode : (real->mode & S_IFMT) | old->mode;
	if (old->faked & FR_RDEV)
		rec.rdev = old->rdev;
	return rec;
}

int fr_db_chown(struct fr_db *db, const struct fr_attrs *real, uint32_t uid, uint32_t gid)
{
	struct fr_attrs rec = record_to_change(db, real);
	uint32_t mode = rec.mode;

	if (uid != (uint32_t)-1) {
		rec.uid = uid;
		rec.faked |= FR_UID;
	}
	if (gid != (uint32_t)-1) {
		rec.gid = gid;
		rec.faked |= FR_GID;
	}
	if (!S_ISDIR(mode)) {
		mode &= ~(uint32_t)S_ISUID;
		if (mode & S_IXGRP)
			mode &= ~(uint32_t)S_ISGID;
		if (mode != rec.mode) {
			rec.mode = mode;
			rec.faked |= FR_MODE;
		}
	}
	/* chown(-1, -1) of a plain file: nothing to remember. */
	return rec.faked ? fr_db_put(db, &rec) : 0;
}

int fr_db_chmod(struct fr_db *db, const struct fr_attrs *real, mode_t mode)
{
	struct fr_attrs rec;

	if (S_ISLNK(real->mode))
		return -EOPNOTSUPP;
	rec = record_to_change(db, real);
	rec.mode = (rec.mode & S_IFMT) | (mode & 07777);
	rec.faked |= FR_MODE;
	return fr_db_put(db, &rec);
}

int fr_db_created(struct fr_db *db, unsigned flags, const struct fr_attrs *real, mode_t want,
		  uint64_t rdev, uint32_t uid, uint32_t gid)
{
	struct fr_attrs rec = *real;

	rec.faked = 0;
	if (want != real->mode) {
		rec.mode = want;
		rec.faked |= FR_MODE;
	}
	if ((S_ISCHR(want) || S_ISBLK(want)) && rdev != real->rdev) {
		rec.rdev = rdev;
		rec.faked |= FR_RDEV;
	}
	/* The default view already shows root (or, with -u, the real owner). */
	if (!(flags & FR_UNKNOWN_IS_REAL)) {
		if (uid != 0) {
			rec.uid = uid;
			rec.faked |= FR_UID;
		}
		if (gid != 0) {
			rec.gid = gid;
			rec.faked |= FR_GID;
		}
	}
	if (!rec.faked) {
		fr_db_forget(db, real->dev, real->ino);
		return 0;
	}
	return fr_db_put(db, &rec);
}

int fr_db_removed(struct fr_db *db, const struct fr_attrs *before)
{
	if (S_ISDIR(before->mode) || before->nlink <= 1)
		return fr_db_forget(db, before->dev, before->ino);
	return 0;
}

int fr_db_renamed(struct fr_db *db, const struct fr_attrs *src, const struct fr_attrs *replaced)
{
	if (!replaced || (replaced->dev == src->dev && replaced->ino == src->ino))
		return 0;
	return fr_db_removed(db, replaced);
}
