// SPDX-License-Identifier: MIT
/*
 * The decisions of chown, chmod, mknod, creation, unlink and rename, seen
 * through the view a process gets: expected values by hand, from the
 * kernel's rules for root (chown drops set-user-ID, mknod refuses what it
 * refuses) and from what Debian's fakeroot records.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <cmocka.h>
#include "fakeroot/db.h"
#include "fakeroot/ops.h"
#include "fakeroot/view.h"

#define KEEP ((uint32_t)-1)

static struct fr_db *new_db(void)
{
	struct fr_db *db;

	assert_int_equal(fr_db_new(&db, 0), 0);
	return db;
}

static struct fr_attrs file(uint64_t ino, uint32_t mode)
{
	struct fr_attrs a = { .dev = 0x803, .ino = ino, .mode = mode, .uid = 1000, .gid = 1000,
			      .nlink = S_ISDIR(mode) ? 2 : 1 };
	return a;
}

/* What a process sees for the real attributes r. */
static struct fr_attrs seen(const struct fr_db *db, unsigned flags, struct fr_attrs r)
{
	fr_view(db, flags, &r);
	return r;
}

static void test_real_mode(void **state)
{
	(void)state;
	assert_int_equal(fr_real_mode(S_IFREG | 0), S_IFREG | 0600);
	assert_int_equal(fr_real_mode(S_IFREG | 0444), S_IFREG | 0644);
	assert_int_equal(fr_real_mode(S_IFREG | 04755), S_IFREG | 0755);
	assert_int_equal(fr_real_mode(S_IFREG | 02711), S_IFREG | 0711);
	assert_int_equal(fr_real_mode(S_IFREG | 01644), S_IFREG | 01644);
	assert_int_equal(fr_real_mode(S_IFDIR | 0500), S_IFDIR | 0700);
	assert_int_equal(fr_real_mode(S_IFDIR | 02755), S_IFDIR | 02755);
	assert_int_equal(fr_real_mode(S_IFDIR | 01777), S_IFDIR | 01777);
	assert_int_equal(fr_real_mode(S_IFIFO | 0), S_IFIFO | 0600);
}

static void test_new_mode(void **state)
{
	struct fr_attrs sgid_dir = file(1, S_IFDIR | 02775);

	(void)state;
	assert_int_equal(fr_new_mode(0644, 022, NULL), S_IFREG | 0644);
	assert_int_equal(fr_new_mode(S_IFREG | 04777, 022, NULL), S_IFREG | 04755);
	/* mkdir drops set-user-ID and set-group-ID from its argument... */
	assert_int_equal(fr_new_mode(S_IFDIR | 07777, 022, NULL), S_IFDIR | 01755);
	/* ...and inherits set-group-ID from its parent. */
	assert_int_equal(fr_new_mode(S_IFDIR | 0755, 022, &sgid_dir), S_IFDIR | 02755);
	assert_int_equal(fr_new_mode(S_IFREG | 0755, 022, &sgid_dir), S_IFREG | 0755);
	assert_int_equal(fr_new_mode(S_IFCHR | 0666, 027, NULL), S_IFCHR | 0640);
}

static void test_mknod_real(void **state)
{
	mode_t real = 0;

	(void)state;
	assert_int_equal(fr_mknod_real(S_IFCHR | 0666, &real), 0);
	assert_int_equal(real, S_IFREG | 0600);
	assert_int_equal(fr_mknod_real(S_IFBLK | 0660, &real), 0);
	assert_int_equal(real, S_IFREG | 0600);
	assert_int_equal(fr_mknod_real(S_IFSOCK | 0755, &real), 0);
	assert_int_equal(real, S_IFREG | 0600);
	/* As Debian's fakeroot: a FIFO is made for real. */
	assert_int_equal(fr_mknod_real(S_IFIFO | 0644, &real), 0);
	assert_int_equal(real, S_IFIFO | 0644);
	assert_int_equal(fr_mknod_real(S_IFIFO | 0, &real), 0);
	assert_int_equal(real, S_IFIFO | 0600);
	assert_int_equal(fr_mknod_real(0640, &real), 0);
	assert_int_equal(real, S_IFREG | 0640);
	real = 1;
	assert_int_equal(fr_mknod_real(S_IFDIR | 0755, &real), -EPERM);
	assert_int_equal(fr_mknod_real(S_IFLNK | 0777, &real), -EINVAL);
	assert_int_equal(fr_mknod_real(0170000 | 0644, &real), -EINVAL);
	assert_int_equal(real, 1);
}

static void test_chown_records_owner_and_keeps_live_mode(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs f = file(10, S_IFREG | 0644), v;

	(void)state;
	assert_int_equal(fr_db_chown(db, &f, 123, 456), 0);
	assert_int_equal(fr_db_get(db, f.dev, f.ino)->faked, FR_UID | FR_GID);
	/* The real mode changes later: the view follows it. */
	f.mode = S_IFREG | 0600;
	v = seen(db, 0, f);
	assert_int_equal(v.uid, 123);
	assert_int_equal(v.gid, 456);
	assert_int_equal(v.mode, S_IFREG | 0600);
	/* -1 leaves a field alone. */
	assert_int_equal(fr_db_chown(db, &f, KEEP, 9), 0);
	v = seen(db, 0, f);
	assert_int_equal(v.uid, 123);
	assert_int_equal(v.gid, 9);
	fr_db_free(db);
}

static void test_chown_one_field_of_unknown_file(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs f = file(11, S_IFREG | 0644), v;

	(void)state;
	assert_int_equal(fr_db_chown(db, &f, 5, KEEP), 0);
	assert_int_equal(fr_db_get(db, f.dev, f.ino)->faked, FR_UID);
	v = seen(db, 0, f);
	assert_int_equal(v.uid, 5);
	assert_int_equal(v.gid, 0);
	/* Unknown is real: the unchanged group is the real one. */
	v = seen(db, FR_UNKNOWN_IS_REAL, f);
	assert_int_equal(v.gid, 1000);
	/* chown(-1, -1) of a plain file records nothing. */
	f.ino = 12;
	assert_int_equal(fr_db_chown(db, &f, KEEP, KEEP), 0);
	assert_null(fr_db_get(db, f.dev, 12));
	fr_db_free(db);
}

static void test_chown_clears_setuid_like_the_kernel(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs f = file(20, S_IFREG | 0644), d = file(21, S_IFDIR | 06755), v;

	(void)state;
	/* chmod 6755 then chown: both bits go (group execute is set). */
	assert_int_equal(fr_db_chmod(db, &f, 06755), 0);
	assert_int_equal(fr_db_chown(db, &f, 0, 0), 0);
	assert_int_equal(seen(db, 0, f).mode, S_IFREG | 0755);
	/* chown then chmod, the order install(1) and tar use: the bits stay. */
	assert_int_equal(fr_db_chmod(db, &f, 04755), 0);
	assert_int_equal(seen(db, 0, f).mode, S_IFREG | 04755);
	/* Set-group-ID without group execute stays (root may keep it). */
	assert_int_equal(fr_db_chmod(db, &f, 06745), 0);
	assert_int_equal(fr_db_chown(db, &f, KEEP, KEEP), 0);
	assert_int_equal(seen(db, 0, f).mode, S_IFREG | 02745);
	/* Even chown(-1, -1) on a real set-user-ID file. */
	f.ino = 22;
	f.mode = S_IFREG | 04755;
	assert_int_equal(fr_db_chown(db, &f, KEEP, KEEP), 0);
	assert_int_equal(fr_db_get(db, f.dev, 22)->faked, FR_MODE);
	assert_int_equal(seen(db, 0, f).mode, S_IFREG | 0755);
	/* Directories keep theirs. */
	assert_int_equal(fr_db_chown(db, &d, 7, 8), 0);
	v = seen(db, 0, d);
	assert_int_equal(v.mode, S_IFDIR | 06755);
	assert_int_equal(v.uid, 7);
	fr_db_free(db);
}

static void test_chmod(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs f = file(30, S_IFREG | 0644), lnk = file(31, S_IFLNK | 0777), v;

	(void)state;
	assert_int_equal(fr_db_chown(db, &f, 33, 44), 0);
	assert_int_equal(fr_db_chmod(db, &f, 0), 0);
	/* The real file got fr_real_mode(): 0600; the view says 0. */
	f.mode = S_IFREG | 0600;
	v = seen(db, 0, f);
	assert_int_equal(v.mode, S_IFREG | 0);
	assert_int_equal(v.uid, 33);
	assert_int_equal(v.gid, 44);
	/* Only permission bits come from chmod's argument. */
	assert_int_equal(fr_db_chmod(db, &f, S_IFDIR | 0755), 0);
	assert_int_equal(seen(db, 0, f).mode, S_IFREG | 0755);
	assert_int_equal(fr_db_chmod(db, &lnk, 0644), -EOPNOTSUPP);
	assert_null(fr_db_get(db, lnk.dev, lnk.ino));
	fr_db_free(db);
}

static void test_mknod_device_then_chmod_keeps_type(void **state)
{
	struct fr_db *db = new_db();
	mode_t want = fr_new_mode(S_IFCHR | 0666, 022, NULL), real_mode;
	struct fr_attrs placeholder, v;

	(void)state;
	assert_int_equal(fr_mknod_real(want, &real_mode), 0);
	placeholder = file(40, (uint32_t)real_mode);
	assert_int_equal(fr_db_created(db, 0, &placeholder, want, makedev(1, 3), 0, 0), 0);
	/* As fakeroot saves it: mode=20644, rdev=259, owner root (not recorded). */
	assert_int_equal(fr_db_get(db, placeholder.dev, 40)->faked, FR_MODE | FR_RDEV);
	v = seen(db, 0, placeholder);
	assert_int_equal(v.mode, S_IFCHR | 0644);
	assert_int_equal(v.rdev, 259);
	assert_int_equal(v.uid, 0);
	assert_int_equal(fr_db_chmod(db, &placeholder, 0600), 0);
	assert_int_equal(seen(db, 0, placeholder).mode, S_IFCHR | 0600);
	assert_int_equal(fr_db_chown(db, &placeholder, 0, 5), 0);
	v = seen(db, 0, placeholder);
	assert_int_equal(v.mode, S_IFCHR | 0600);
	assert_int_equal(v.gid, 5);
	assert_int_equal(v.rdev, 259);
	fr_db_free(db);
}

static void test_created(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs f = file(50, S_IFREG | 0644), d = file(51, S_IFDIR | 0700), v;
	struct fr_attrs lnk = file(52, S_IFLNK | 0777);

	(void)state;
	/* Nothing differs from the default view: no record. */
	assert_int_equal(fr_db_created(db, 0, &f, S_IFREG | 0644, 0, 0, 0), 0);
	assert_int_equal(fr_db_count(db), 0);
	/* mkdir -m 500 (real: 0700) by a process whose fsuid is 1000. */
	assert_int_equal(fr_db_created(db, 0, &d, S_IFDIR | 0500, 0, 1000, 0), 0);
	v = seen(db, 0, d);
	assert_int_equal(v.mode, S_IFDIR | 0500);
	assert_int_equal(v.uid, 1000);
	assert_int_equal(v.gid, 0);
	/* fakeroot -u: new files keep their real owner. */
	assert_int_equal(fr_db_created(db, FR_UNKNOWN_IS_REAL, &f, S_IFREG | 0644, 0, 1000, 5), 0);
	assert_null(fr_db_get(db, f.dev, f.ino));
	/* A new inode with the number of a dead one drops its record. */
	assert_int_equal(fr_db_chown(db, &f, 77, 77), 0);
	assert_int_equal(fr_db_created(db, 0, &f, S_IFREG | 0644, 0, 0, 0), 0);
	assert_null(fr_db_get(db, f.dev, f.ino));
	assert_int_equal(seen(db, 0, f).uid, 0);
	/* A symlink made by fsuid 1000: only the owner. */
	assert_int_equal(fr_db_created(db, 0, &lnk, S_IFLNK | 0777, 0, 1000, 0), 0);
	assert_int_equal(fr_db_get(db, lnk.dev, lnk.ino)->faked, FR_UID);
	/* rdev is only kept for devices. */
	assert_int_equal(fr_db_created(db, 0, &f, S_IFREG | 0600, 99, 0, 0), 0);
	assert_int_equal(fr_db_get(db, f.dev, f.ino)->faked, FR_MODE);
	fr_db_free(db);
}

static void test_removed_forgets_with_the_last_link(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs f = file(60, S_IFREG | 0644), d = file(61, S_IFDIR | 0755);

	(void)state;
	assert_int_equal(fr_db_chown(db, &f, 1, 1), 0);
	assert_int_equal(fr_db_chown(db, &d, 1, 1), 0);
	f.nlink = 2;		/* another name remains */
	assert_int_equal(fr_db_removed(db, &f), 0);
	assert_non_null(fr_db_get(db, f.dev, f.ino));
	f.nlink = 1;
	assert_int_equal(fr_db_removed(db, &f), 1);
	assert_null(fr_db_get(db, f.dev, f.ino));
	/* rmdir ends a directory whatever its link count (subdirectories). */
	d.nlink = 5;
	assert_int_equal(fr_db_removed(db, &d), 1);
	assert_null(fr_db_get(db, d.dev, d.ino));
	fr_db_free(db);
}

static void test_renamed(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs src = file(70, S_IFREG | 0644), dst = file(71, S_IFREG | 0644);

	(void)state;
	assert_int_equal(fr_db_chown(db, &src, 1, 1), 0);
	assert_int_equal(fr_db_chown(db, &dst, 2, 2), 0);
	/* No target: the record follows the inode, nothing to do. */
	assert_int_equal(fr_db_renamed(db, &src, NULL), 0);
	assert_int_equal(fr_db_count(db), 2);
	/* Onto another link of the same inode: rename does nothing. */
	src.nlink = 2;
	assert_int_equal(fr_db_renamed(db, &src, &src), 0);
	assert_non_null(fr_db_get(db, src.dev, src.ino));
	/* Onto a target that has another link: it lives on. */
	dst.nlink = 2;
	assert_int_equal(fr_db_renamed(db, &src, &dst), 0);
	assert_non_null(fr_db_get(db, dst.dev, dst.ino));
	/* Onto its last link: its record goes, the source's stays. */
	dst.nlink = 1;
	assert_int_equal(fr_db_renamed(db, &src, &dst), 1);
	assert_null(fr_db_get(db, dst.dev, dst.ino));
	assert_non_null(fr_db_get(db, src.dev, src.ino));
	fr_db_free(db);
}

static void test_out_of_room_fails_and_changes_nothing(void **state)
{
	struct fr_db *db;
	struct fr_attrs a = file(80, S_IFREG | 0644), b = file(81, S_IFREG | 0644);

	(void)state;
	assert_int_equal(fr_db_new(&db, 1), 0);
	assert_int_equal(fr_db_chown(db, &a, 1, 1), 0);
	assert_int_equal(fr_db_chown(db, &b, 1, 1), -ENOMEM);
	assert_int_equal(fr_db_chmod(db, &b, 0), -ENOMEM);
	assert_int_equal(fr_db_created(db, 0, &b, S_IFCHR | 0600, 5, 0, 0), -ENOMEM);
	assert_null(fr_db_get(db, b.dev, b.ino));
	/* The record that exists can still change. */
	assert_int_equal(fr_db_chmod(db, &a, 0700), 0);
	assert_int_equal(seen(db, 0, a).mode, S_IFREG | 0700);
	fr_db_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_mode),
		cmocka_unit_test(test_new_mode),
		cmocka_unit_test(test_mknod_real),
		cmocka_unit_test(test_chown_records_owner_and_keeps_live_mode),
		cmocka_unit_test(test_chown_one_field_of_unknown_file),
		cmocka_unit_test(test_chown_clears_setuid_like_the_kernel),
		cmocka_unit_test(test_chmod),
		cmocka_unit_test(test_mknod_device_then_chmod_keeps_type),
		cmocka_unit_test(test_created),
		cmocka_unit_test(test_removed_forgets_with_the_last_link),
		cmocka_unit_test(test_renamed),
		cmocka_unit_test(test_out_of_room_fails_and_changes_nothing),
	};

	return cmocka_run_group_tests_name("fakeroot_ops", tests, NULL, NULL);
}
