/* SPDX-License-Identifier: MIT */
/*
 * What a process under `vdsotool fakeroot` sees when it stats a file: the
 * real attributes with the inode's record laid over them, by the rule of
 * overlay.h, looked up in the supervisor's database.
 */
#ifndef SRC_FAKEROOT_VIEW_H
#define SRC_FAKEROOT_VIEW_H

#include <stdbool.h>
#include <sys/stat.h>
#include "fakeroot/db.h"
#include "fakeroot/overlay.h"

/* The record of the real inode a, or NULL (none, or stale). */
const struct fr_attrs *fr_lookup(const struct fr_db *db, const struct fr_attrs *a);

/* Overlays, in place; flags: FR_UNKNOWN_IS_REAL or 0. */
void fr_view(const struct fr_db *db, unsigned flags, struct fr_attrs *a);
void fr_view_stat(const struct fr_db *db, unsigned flags, struct stat *st);
/* statx: as fr_statx_show() says; without STATX_INO the inode cannot be
 * named: it is treated as unknown. */
void fr_view_statx(const struct fr_db *db, unsigned flags, struct statx *stx);

#endif /* SRC_FAKEROOT_VIEW_H */
