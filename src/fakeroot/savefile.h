/* SPDX-License-Identifier: MIT */
/*
 * fakeroot's save file: what `fakeroot -s FILE` writes when the session
 * ends and `fakeroot -i FILE` loads, so a tree can move between Debian's
 * fakeroot and `vdsotool fakeroot` in both directions.  One line a record:
 *
 *   dev=fe00,ino=10952867,mode=104755,uid=123,gid=456,nlink=1,rdev=0
 *
 * dev in hexadecimal, mode in octal (the full st_mode), everything else
 * in decimal; dev and rdev are dev_t as glibc's makedev() encodes them
 * (rdev=259 is makedev(1, 3)).  nlink is the link count when the record
 * was made; faked(1) writes it and never reads it back.  The format names
 * no path: a save file only means something for the same files on the
 * same filesystem (same device and inode numbers).
 *
 * The format cannot say which fields are faked: faked(1) lays every field
 * of a record over the real file.  So a loaded record fakes all fields,
 * and a saved one writes, for a field it does not fake, what faked would
 * show: root (0) for the owner, or with FR_UNKNOWN_IS_REAL the real owner
 * as it was when the record was made; the real mode and rdev as they were.
 */
#ifndef SRC_FAKEROOT_SAVEFILE_H
#define SRC_FAKEROOT_SAVEFILE_H

#include <stddef.h>
#include "fakeroot/db.h"

/*
 * Adds the records of a save file's text to db (a later line for the same
 * inode replaces an earlier one, as in faked).  Lines of white space are
 * skipped; anything else that is not exactly a record line is -EINVAL,
 * with its 1-based number in *bad_line when bad_line is not NULL (faked
 * stops quietly at the first line it cannot read; losing the rest of a
 * file silently would be worse).  On error db keeps the records of the
 * lines before the bad one: load into a fresh database and drop it.
 */
int fr_save_parse(struct fr_db *db, const char *text, size_t len, size_t *bad_line);

/* The same from a file; -errno when it cannot be read. */
int fr_save_load(struct fr_db *db, const char *path, size_t *bad_line);

/*
 * The save file's text for db, records sorted by (dev, ino) so that equal
 * databases give equal files; flags: FR_UNKNOWN_IS_REAL or 0.  *text is
 * malloc'ed (and NUL-terminated); *len excludes the NUL.
 */
int fr_save_format(const struct fr_db *db, unsigned flags, char **text, size_t *len);

/*
 * Writes the save file at path atomically: a temporary file in the same
 * directory, fsync, rename over path.  Readers see the old file or the
 * whole new one, never part of it; on error nothing is left behind.
 */
int fr_save_write(const struct fr_db *db, unsigned flags, const char *path);

#endif /* SRC_FAKEROOT_SAVEFILE_H */
