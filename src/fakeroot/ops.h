/* SPDX-License-Identifier: MIT */
/*
 * What each file-changing system call does under `vdsotool fakeroot`:
 * what to do to the real file, and what to record.  Pure decisions over
 * the database; the syscall layer does the real work around them.
 *
 * "real" is always the real attributes of the inode the call acts on
 * (lstat or fstat, as the call follows links or not, taken just before the
 * call), converted with fr_attrs_from_stat() or fr_attrs_from_statx().
 *
 * The protocol, call by call:
 *
 *   chown, fchown, lchown, fchownat
 *	No real chown (see fr_db_chown).  fr_db_chown(); the call returns 0,
 *	or what fr_db_chown returned.
 *
 *   chmod, fchmod, fchmodat
 *	Real chmod to fr_real_mode(the real file's type | mode).  If that
 *	succeeds or fails with EPERM (a file the real user does not own:
 *	root could), fr_db_chmod() and return its result; other errors
 *	return as they are.
 *
 *   mknod, mknodat
 *	want = fr_new_mode(mode, umask, parent); fr_mknod_real(want) says
 *	what to create for real (it refuses what the kernel refuses).  Create
 *	it exclusively (O_CREAT|O_EXCL for a placeholder: mknod never follows
 *	or truncates), give it exactly that mode (fchmod: the umask must not
 *	take bits away), lstat it, fr_db_created(..., want, dev, owner).
 *
 *   mkdir, mkdirat, open/openat/creat with O_CREAT that did create
 *	want = fr_new_mode(S_IFDIR or S_IFREG | mode, umask, parent); the new
 *	inode gets fr_real_mode(want) for real; fr_db_created().  (Whether
 *	open created the file: O_EXCL, or it did not exist before.)
 *
 *   unlink, unlinkat, rmdir
 *	After success: fr_db_removed(db, real attributes taken before it).
 *
 *   rename, renameat, renameat2 (not RENAME_EXCHANGE, where both live on)
 *	After success: fr_db_renamed(db, source, replaced target or NULL).
 *
 *   symlink, symlinkat
 *	fr_db_created() with want S_IFLNK | 0777: only an owner from an
 *	fsuid or fsgid other than 0 can be recorded.
 *
 *   link, linkat: nothing to do (records follow inodes).
 *
 * Every function returns 0 or -errno (-ENOMEM when the database cannot
 * grow; the call should then fail with ENOMEM).
 */
#ifndef SRC_FAKEROOT_OPS_H
#define SRC_FAKEROOT_OPS_H

#include <stdint.h>
#include <sys/types.h>
#include "fakeroot/db.h"
#include "fakeroot/overlay.h"

/* fr_real_mode(): overlay.h (the in-process runtime needs it too). */

/*
 * The mode a new inode should show: type (0 is a regular file, as for
 * mknod), permission bits less the umask (mkdir drops set-user-ID and
 * set-group-ID from its argument), and set-group-ID on a directory made
 * in a set-group-ID directory.  parent: the parent's view, or NULL.
 * Default ACLs, which replace the umask, are not modelled.
 */
mode_t fr_new_mode(mode_t mode, mode_t umask, const struct fr_attrs *parent);

/*
 * What mknod(want) creates for real, in *real: a FIFO and a regular file
 * are made as such (anyone may make them); a character or block device
 * or a socket becomes an empty regular placeholder, mode 0600.  -EPERM
 * for a directory, -EINVAL for any other type, as mknod(2).
 */
int fr_mknod_real(mode_t want, mode_t *real);

/*
 * chown(uid, gid), -1 meaning unchanged.  Records the owner; like the
 * kernel for root, it clears set-user-ID, and set-group-ID when group
 * execute is set, from a non-directory's (faked) mode, even for
 * chown(-1, -1).  Never asks for a real chown: it can only fail (EPERM)
 * for an unprivileged user, or, for a privileged one, hand real files to
 * other users, which is what fakeroot exists to avoid.  Debian's fakeroot
 * tries it and ignores EPERM.
 */
int fr_db_chown(struct fr_db *db, const struct fr_attrs *real, uint32_t uid, uint32_t gid);

/* chmod(mode): records the permission bits (the file type stays what it
 * shows).  -EOPNOTSUPP for a symbolic link, as fchmodat(2). */
int fr_db_chmod(struct fr_db *db, const struct fr_attrs *real, mode_t mode);

/*
 * A new inode was made (real: its attributes now) and should show mode
 * want, rdev (kept for character and block devices only) and owner
 * uid:gid (see fr_cred_new_owner).  Only what differs from the default
 * view is recorded; any older record of the inode number is stale and
 * goes.  With FR_UNKNOWN_IS_REAL new files keep their real owner, as
 * with fakeroot -u.
 */
int fr_db_created(struct fr_db *db, unsigned flags, const struct fr_attrs *real, mode_t want,
		  uint64_t rdev, uint32_t uid, uint32_t gid);

/*
 * unlink or rmdir succeeded on the inode that had attributes before: the
 * record goes with its last link (a directory has no other), so a reused
 * inode number never inherits it.  1 if a record went, else 0.
 */
int fr_db_removed(struct fr_db *db, const struct fr_attrs *before);

/*
 * rename succeeded: records follow inodes, so only a replaced target
 * matters (NULL: there was none).  Renaming onto another link of the same
 * inode changes nothing, as rename(2) does nothing then.  1 if a record
 * went, else 0.
 */
int fr_db_renamed(struct fr_db *db, const struct fr_attrs *src, const struct fr_attrs *replaced);

#endif /* SRC_FAKEROOT_OPS_H */
