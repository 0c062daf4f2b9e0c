/* SPDX-License-Identifier: MIT */
/*
 * The rule of the fake view, and the real mode a chmod leaves, in one
 * place for their two users: the supervisor (view.c, ops.c) and the
 * in-process runtime, which answers the stat family and makes the chown
 * family and fchmod inside every injected process
 * (image/runtime/fakestat.h).  So it is header-only and calls nothing:
 * no libc, no allocation.
 *
 * A file with no record (or an owner field its record does not fake)
 * shows as owned by root:root, as Debian's fakeroot shows it; with
 * FR_UNKNOWN_IS_REAL (fakeroot -u, --unknown-is-real) it keeps its real
 * owner.  Mode and rdev change only where the record fakes them.  A
 * record whose file type cannot belong to the real inode (a directory
 * record on a regular file, say) was left by an inode that died unseen
 * and whose number was reused: it is ignored, never shown.
 */
#ifndef SRC_FAKEROOT_OVERLAY_H
#define SRC_FAKEROOT_OVERLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <linux/stat.h>		/* struct statx, with or without _GNU_SOURCE */
#include "fakeroot/db.h"

enum {
	FR_UNKNOWN_IS_REAL = 1u << 0,
};

/* dev_t as glibc's makedev() encodes it (what struct stat carries), so
 * that stat and statx name an inode with one key. */
static inline uint64_t fr_makedev(uint32_t major, uint32_t minor)
{
	return ((uint64_t)(major & 0xfffff000u) << 32) | ((uint64_t)(major & 0xfffu) << 8) |
	       ((uint64_t)(minor & 0xffffff00u) << 12) | (minor & 0xffu);
}

static inline uint32_t fr_major(uint64_t dev)
{
	return (uint32_t)(((dev >> 32) & 0xfffff000u) | ((dev >> 8) & 0xfffu));
}

static inline uint32_t fr_minor(uint64_t dev)
{
	return (uint32_t)(((dev >> 12) & 0xffffff00u) | (dev & 0xffu));
}

/* Whether rec may describe an inode whose real st_mode is real_mode. */
static inline bool fr_record_fits(const struct fr_attrs *rec, uint32_t real_mode)
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

/* a (real attributes) as the view shows them, given the inode's fitting
 * record r or NULL. */
static inline void fr_overlay(const struct fr_attrs *r, unsigned flags, struct fr_attrs *a)
{
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

/*
 * The mode a file that should show mode `want` gets for real: the real
 * user keeps read and write (and search on directories), because root
 * can read and write any file and the build must be able to as well.  A
 * non-directory never gets set-user-ID or set-group-ID for real: it would
 * be a program that runs as the real user for anyone who can reach it,
 * and the bits are recorded anyway.
 */
static inline uint32_t fr_real_mode(uint32_t want)
{
	uint32_t type = want & S_IFMT, perms = want & 07777;

	if (S_ISDIR(type))
		return type | perms | 0700;
	return type | (perms & ~(uint32_t)(S_ISUID | S_ISGID)) | 0600;
}

/* The real attributes of a stat(2) or statx(2) result (faked = 0).  A
 * statx field missing from stx_mask reads as 0. */
static inline void fr_attrs_from_stat(struct fr_attrs *a, const struct stat *st)
{
	*a = (struct fr_attrs){
		.dev = st->st_dev, .ino = st->st_ino, .rdev = st->st_rdev,
		.nlink = st->st_nlink, .uid = st->st_uid, .gid = st->st_gid,
		.mode = st->st_mode,
	};
}

static inline void fr_attrs_from_statx(struct fr_attrs *a, const struct statx *stx)
{
	uint32_t m = stx->stx_mask;

	*a = (struct fr_attrs){
		.dev = fr_makedev(stx->stx_dev_major, stx->stx_dev_minor),
		.ino = m & STATX_INO ? stx->stx_ino : 0,
		.rdev = fr_makedev(stx->stx_rdev_major, stx->stx_rdev_minor),
		.nlink = m & STATX_NLINK ? stx->stx_nlink : 0,
		.uid = m & STATX_UID ? stx->stx_uid : 0,
		.gid = m & STATX_GID ? stx->stx_gid : 0,
		.mode = (m & STATX_TYPE ? stx->stx_mode & S_IFMT : 0) |
			(m & STATX_MODE ? stx->stx_mode & 07777 : 0),
	};
}

/* Writes the view a back into a result. */
static inline void fr_stat_show(struct stat *st, const struct fr_attrs *a)
{
	st->st_uid = a->uid;
	st->st_gid = a->gid;
	st->st_mode = a->mode;
	st->st_rdev = a->rdev;
}

/* statx: only the fields the kernel returned (stx_mask) are rewritten, and
 * STATX_TYPE and STATX_MODE separately; stx_mask itself never changes. */
static inline void fr_statx_show(struct statx *stx, const struct fr_attrs *a)
{
	uint32_t m = stx->stx_mask;

	if (m & STATX_UID)
		stx->stx_uid = a->uid;
	if (m & STATX_GID)
		stx->stx_gid = a->gid;
	if (m & STATX_TYPE)
		stx->stx_mode = (uint16_t)((stx->stx_mode & ~S_IFMT) | (a->mode & S_IFMT));
	if (m & STATX_MODE)
		stx->stx_mode = (uint16_t)((stx->stx_mode & S_IFMT) | (a->mode & 07777));
	stx->stx_rdev_major = fr_major(a->rdev);
	stx->stx_rdev_minor = fr_minor(a->rdev);
}

/* A statx without STATX_INO cannot name its inode: it is unknown. */
static inline bool fr_statx_named(const struct statx *stx)
{
	return stx->stx_mask & STATX_INO;
}

#endif /* SRC_FAKEROOT_OVERLAY_H */
