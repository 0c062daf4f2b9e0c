// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "fakeroot/view.h"

void fr_attrs_from_stat(struct fr_attrs *a, const struct stat *st)
{
	*a = (struct fr_attrs){
		.dev = st->st_dev, .ino = st->st_ino, .rdev = st->st_rdev,
		.nlink = st->st_nlink, .uid = st->st_uid, .gid = st->st_gid,
		.mode = st->st_mode,
	};
}

void fr_attrs_from_statx(struct fr_attrs *a, const struct statx *stx)
{
	uint32_t m = stx->stx_mask;

	/* makedev() gives the dev_t that stat(2) would have: one key for both. */
	*a = (struct fr_attrs){
		.dev = makedev(stx->stx_dev_major, stx->stx_dev_minor),
		.ino = m & STATX_INO ? stx->stx_ino : 0,
		.rdev = makedev(stx->stx_rdev_major, stx->stx_rdev_minor),
		.nlink = m & STATX_NLINK ? stx->stx_nlink : 0,
		.uid = m & STATX_UID ? stx->stx_uid : 0,
		.gid = m & STATX_GID ? stx->stx_gid : 0,
		.mode = (m & STATX_TYPE ? stx->stx_mode & S_IFMT : 0) |
			(m & STATX_MODE ? stx->stx_mode & 07777 : 0),
	};
}

bool fr_record_fits(const struct fr_attrs *rec, uint32_t real_mode)
{
	uint32_t faked = rec->mode & S_IFMT, real = real_mode & S_IFMT;

	/* Typeless: what fakeroot stores for mknod(path, 0644, 0); and a
	 * statx without STATX_TYPE does not say what the real type is. */
	if (faked == 0 || real == 0 || faked == real)
		return true;
	/* Device and socket nodes live on as regular placeholder files; a
	 * FIFO too, in save files of fakeroot versions that faked them. */
	return real == S_IFREG && (S_ISCHR(faked) || S_ISBLK(faked) || S_ISSOCK(faked) ||
				   S_ISFIFO(faked));
}

const struct fr_attrs *fr_lookup(const struct fr_db *db, const struct fr_attrs *a)
{
	const struct fr_attrs *r = fr_db_get(db, a->dev, a->ino);

	return r && fr_record_fits(r, a->mode) ? r : NULL;
}

void fr_view(const struct fr_db *db, unsigned flags, struct fr_attrs *a)
{
	const struct fr_attrs *r = fr_lookup(db, a);
	uint32_t faked = r ? r->faked : 0;
	bool real_owner = flags & FR_UNKNOWN_IS_REAL;

	if (faked & FR_UID)
		a->uid = r->uid;
	else if (!real_owner)
		a->uid = 0;
	if (faked & FR_GID)
		a->gid = r->gid;
	else if (!real_owner)
		a->gid = 0;
	if (faked & FR_MODE) {
		uint32_t type = r->mode & S_IFMT ? r->mode & S_IFMT : a->mode & S_IFMT;

		a->mode = type | (r->mode & 07777);
	}
	if (faked & FR_RDEV)
		a->rdev = r->rdev;
}

void fr_view_stat(const struct fr_db *db, unsigned flags, struct stat *st)
{
	struct fr_attrs a;

	fr_attrs_from_stat(&a, st);
	fr_view(db, flags, &a);
	st->st_uid = a.uid;
	st->st_gid = a.gid;
	st->st_mode = a.mode;
	st->st_rdev = a.rdev;
}

void fr_view_statx(const struct fr_db *db, unsigned flags, struct statx *stx)
{
	struct fr_attrs a;
	uint32_t m = stx->stx_mask;

	fr_attrs_from_statx(&a, stx);
	if (m & STATX_INO)
		fr_view(db, flags, &a);
	else if (!(flags & FR_UNKNOWN_IS_REAL))
		a.uid = a.gid = 0;
	if (m & STATX_UID)
		stx->stx_uid = a.uid;
	if (m & STATX_GID)
		stx->stx_gid = a.gid;
	if (m & STATX_TYPE)
		stx->stx_mode = (uint16_t)((stx->stx_mode & ~S_IFMT) | (a.mode & S_IFMT));
	if (m & STATX_MODE)
		stx->stx_mode = (uint16_t)((stx->stx_mode & S_IFMT) | (a.mode & 07777));
	stx->stx_rdev_major = major(a.rdev);
	stx->stx_rdev_minor = minor(a.rdev);
}
