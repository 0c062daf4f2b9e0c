// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <sys/stat.h>
#include "fakeroot/view.h"

const struct fr_attrs *fr_lookup(const struct fr_db *db, const struct fr_attrs *a)
{
	const struct fr_attrs *r = fr_db_get(db, a->dev, a->ino);

	return r && fr_record_fits(r, a->mode) ? r : NULL;
}

void fr_view(const struct fr_db *db, unsigned flags, struct fr_attrs *a)
{
	fr_overlay(fr_lookup(db, a), flags, a);
}

void fr_view_stat(const struct fr_db *db, unsigned flags, struct stat *st)
{
	struct fr_attrs a;

	fr_attrs_from_stat(&a, st);
	fr_view(db, flags, &a);
	fr_stat_show(st, &a);
}

void fr_view_statx(const struct fr_db *db, unsigned flags, struct statx *stx)
{
	struct fr_attrs a;

	fr_attrs_from_statx(&a, stx);
	fr_overlay(fr_statx_named(stx) ? fr_lookup(db, &a) : NULL, flags, &a);
	fr_statx_show(stx, &a);
}
