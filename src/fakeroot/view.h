/* SPDX-License-Identifier: MIT */
/*
 * What a process under `vdsotool fakeroot` sees when it stats a file: the
 * real attributes with the inode's record laid over them.
 *
 * A file with no record (or an owner field its record does not fake)
 * shows as owned by root:root, as Debian's fakeroot shows it; with
 * FR_UNKNOWN_IS_REAL (fakeroot -u, --unknown-is-real) it keeps its real
 * owner.  Mode and rdev are only ever changed where the record fakes them.
 *
 * A record whose file type cannot belong to the real inode (a directory
 * record on a regular file, say) was left by an inode that died unseen
 * and whose number was reused; it is ignored, never shown.
 */
#ifndef SRC_FAKEROOT_VIEW_H
#define SRC_FAKEROOT_VIEW_H

#include <stdbool.h>
#include <sys/stat.h>
#include "fakeroot/db.h"

struct statx;

enum {
	FR_UNKNOWN_IS_REAL = 1u << 0,
};

/* The real attributes of a stat(2) or statx(2) result (faked = 0).  A
 * statx field missing from stx_mask reads as 0. */
void fr_attrs_from_stat(struct fr_attrs *a, const struct stat *st);
void fr_attrs_from_statx(struct fr_attrs *a, const struct statx *stx);

/* Whether rec may describe an inode whose real st_mode is real_mode. */
bool fr_record_fits(const struct fr_attrs *rec, uint32_t real_mode);

/* The record of the real inode a, or NULL (none, or stale). */
const struct fr_attrs *fr_lookup(const struct fr_db *db, const struct fr_attrs *a);

/* Overlays, in place; flags: FR_UNKNOWN_IS_REAL or 0. */
void fr_view(const struct fr_db *db, unsigned flags, struct fr_attrs *a);
void fr_view_stat(const struct fr_db *db, unsigned flags, struct stat *st);
/*
 * statx: only the fields the kernel returned (stx_mask) are rewritten, and
 * STATX_TYPE and STATX_MODE separately; stx_mask itself never changes.
 * Without STATX_INO the inode cannot be named: it is treated as unknown.
 */
void fr_view_statx(const struct fr_db *db, unsigned flags, struct statx *stx);

#endif /* SRC_FAKEROOT_VIEW_H */
