/* SPDX-License-Identifier: MIT */
/*
 * The fakeroot record database: (st_dev, st_ino) -> the attributes a
 * process under `vdsotool fakeroot` must see instead of the real ones.
 *
 * A record says, field by field, what is faked: a file that was chowned
 * but never chmodded keeps showing its real, live mode.  The fields that
 * are not faked still hold the real value as it was when the record was
 * last written, because fakeroot's save file has no notion of "not faked"
 * and must carry a value for every field.
 *
 * An open-addressing hash table that doubles as it fills: 100,000 records
 * cost about 12 MiB.  It never drops a record to make room; an insertion
 * that cannot get memory (or would pass the optional record limit) fails
 * with -ENOMEM and leaves the database as it was.
 *
 * Not thread-safe: one supervisor thread owns a database.
 */
#ifndef SRC_FAKEROOT_DB_H
#define SRC_FAKEROOT_DB_H

#include <stddef.h>
#include <stdint.h>

/* Which fields of a record are faked. */
enum {
	FR_UID = 1u << 0,
	FR_GID = 1u << 1,
	FR_MODE = 1u << 2,		/* the whole st_mode: file type and permission bits */
	FR_RDEV = 1u << 3,
	FR_ALL = FR_UID | FR_GID | FR_MODE | FR_RDEV,
};

/*
 * An inode's attributes, real or faked.  dev and rdev are dev_t values as
 * glibc's makedev() encodes them, which is what struct stat carries and
 * what fakeroot's save file writes.
 */
struct fr_attrs {
	uint64_t dev, ino;		/* the key */
	uint64_t rdev;
	uint64_t nlink;			/* as last seen; only the save file uses it */
	uint32_t uid, gid;
	uint32_t mode;			/* full st_mode */
	uint32_t faked;			/* FR_* bits; 0 for real attributes */
};

struct fr_db;

/* A new empty database; max_records 0 means no limit but memory. */
int fr_db_new(struct fr_db **out, size_t max_records);
void fr_db_free(struct fr_db *db);

size_t fr_db_count(const struct fr_db *db);

/* The record of (dev, ino), or NULL.  Valid until the next change. */
const struct fr_attrs *fr_db_get(const struct fr_db *db, uint64_t dev, uint64_t ino);

/*
 * Inserts rec, or replaces the record with the same key.  -EINVAL when
 * rec->faked is 0 (a record that fakes nothing is no record: forget it),
 * -ENOMEM when it cannot grow; on error nothing changed.
 */
int fr_db_put(struct fr_db *db, const struct fr_attrs *rec);

/* Removes the record of (dev, ino); 1 if there was one, else 0. */
int fr_db_forget(struct fr_db *db, uint64_t dev, uint64_t ino);

/*
 * From now on the table lives in arena (size bytes, zeroed, never used
 * before), shared with readers as table.h describes; flags: the view's
 * (FR_UNKNOWN_IS_REAL).  Records already there move in.  Growing past
 * the arena moves the table back to the heap and tells the readers.
 * fr_db_free leaves the arena alone.  -EINVAL: already shared, or too
 * small.
 */
int fr_db_share(struct fr_db *db, void *arena, size_t size, unsigned flags);

/*
 * Walks the records in table order: start with *cursor = 0, stop at NULL.
 * The database must not change during a walk.
 */
const struct fr_attrs *fr_db_next(const struct fr_db *db, size_t *cursor);

#endif /* SRC_FAKEROOT_DB_H */
