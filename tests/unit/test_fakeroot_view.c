// SPDX-License-Identifier: MIT
/*
 * The fake view: unknown files show root:root (or their real owner with
 * FR_UNKNOWN_IS_REAL, as fakeroot -u), only faked fields change, stale
 * records are ignored, and stat and statx name one inode with one key and
 * get the same overlay, statx field by field as its mask says.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>
#include "fakeroot/db.h"
#include "fakeroot/view.h"

static struct fr_db *new_db(void)
{
	struct fr_db *db;

	assert_int_equal(fr_db_new(&db, 0), 0);
	return db;
}

static struct fr_attrs real_file(uint64_t ino, uint32_t mode)
{
	struct fr_attrs a = { .dev = 0x801, .ino = ino, .mode = mode, .uid = 1000, .gid = 100,
			      .nlink = 1, .rdev = 0 };
	return a;
}

static void put(struct fr_db *db, struct fr_attrs rec)
{
	assert_int_equal(fr_db_put(db, &rec), 0);
}

static void test_unknown_file_is_root_owned_unless_unknown_is_real(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs a = real_file(1, 0100640);

	(void)state;
	fr_view(db, 0, &a);
	assert_int_equal(a.uid, 0);
	assert_int_equal(a.gid, 0);
	assert_int_equal(a.mode, 0100640);
	a = real_file(1, 0100640);
	fr_view(db, FR_UNKNOWN_IS_REAL, &a);
	assert_int_equal(a.uid, 1000);
	assert_int_equal(a.gid, 100);
	fr_db_free(db);
}

static void test_only_faked_fields_change(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs rec = real_file(2, 0100644), a;

	(void)state;
	/* chowned to 123 only, with a stale mode snapshot that must not show. */
	rec.uid = 123;
	rec.mode = 0104777;
	rec.faked = FR_UID;
	put(db, rec);
	a = real_file(2, 0100600);
	fr_view(db, 0, &a);
	assert_int_equal(a.uid, 123);
	assert_int_equal(a.gid, 0);
	assert_int_equal(a.mode, 0100600);
	a = real_file(2, 0100600);
	fr_view(db, FR_UNKNOWN_IS_REAL, &a);
	assert_int_equal(a.uid, 123);
	assert_int_equal(a.gid, 100);
	fr_db_free(db);
}

static void test_device_on_placeholder(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs rec = real_file(3, 0100600), a;

	(void)state;
	rec.mode = 020666;
	rec.rdev = makedev(1, 3);
	rec.faked = FR_MODE | FR_RDEV;
	put(db, rec);
	a = real_file(3, 0100600);
	fr_view(db, 0, &a);
	assert_int_equal(a.mode, 020666);
	assert_int_equal(a.rdev, 259);	/* makedev(1, 3) as glibc encodes it */
	assert_int_equal(a.uid, 0);
	fr_db_free(db);
}

static void test_stale_record_is_ignored(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs rec = real_file(4, 040755), a;

	(void)state;
	/* A directory's record; the inode number now names a regular file. */
	rec.uid = 7;
	rec.mode = 040700;
	rec.faked = FR_UID | FR_MODE;
	put(db, rec);
	a = real_file(4, 0100644);
	fr_view(db, FR_UNKNOWN_IS_REAL, &a);
	assert_int_equal(a.uid, 1000);
	assert_int_equal(a.mode, 0100644);
	assert_null(fr_lookup(db, &a));
	/* A char-device record on a directory cannot be either. */
	assert_false(fr_record_fits(&(struct fr_attrs){ .mode = 020644 }, 040755));
	assert_true(fr_record_fits(&(struct fr_attrs){ .mode = 020644 }, 0100600));
	assert_true(fr_record_fits(&(struct fr_attrs){ .mode = 0140644 }, 0100600));
	assert_false(fr_record_fits(&(struct fr_attrs){ .mode = 0100644 }, 0120777));
	fr_db_free(db);
}

static void test_typeless_record_keeps_real_type(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs rec = real_file(5, 0100644), a;

	(void)state;
	/* What Debian's fakeroot saves for mknod(path, 0640, 0). */
	rec.mode = 0640;
	rec.faked = FR_ALL;
	put(db, rec);
	a = real_file(5, 0100644);
	fr_view(db, 0, &a);
	assert_int_equal(a.mode, 0100640);
	fr_db_free(db);
}

/* A real file: stat and statx agree on the key, and both views agree. */
static void test_stat_and_statx_of_a_real_file(void **state)
{
	char path[] = "/tmp/fr-view-XXXXXX";
	int fd = mkstemp(path);
	struct fr_db *db = new_db();
	struct fr_attrs from_stat, from_statx, rec;
	struct stat st;
	struct statx stx;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx), 0);
	fr_attrs_from_stat(&from_stat, &st);
	fr_attrs_from_statx(&from_statx, &stx);
	assert_memory_equal(&from_stat, &from_statx, sizeof(from_stat));

	rec = from_stat;
	rec.uid = 123;
	rec.gid = 456;
	rec.mode = 0104755;
	rec.faked = FR_UID | FR_GID | FR_MODE;
	put(db, rec);
	fr_view_stat(db, 0, &st);
	fr_view_statx(db, 0, &stx);
	assert_int_equal(st.st_uid, 123);
	assert_int_equal(st.st_gid, 456);
	assert_int_equal(st.st_mode, 0104755);
	assert_int_equal(stx.stx_uid, 123);
	assert_int_equal(stx.stx_gid, 456);
	assert_int_equal(stx.stx_mode, 0104755);
	/* What the view does not fake stays the kernel's. */
	assert_int_equal(st.st_ino, from_stat.ino);
	assert_int_equal(stx.stx_nlink, 1);
	close(fd);
	unlink(path);
	fr_db_free(db);
}

static struct statx fake_statx(uint32_t mask)
{
	struct statx stx;

	memset(&stx, 0, sizeof(stx));
	stx.stx_mask = mask;
	stx.stx_dev_major = 8;
	stx.stx_dev_minor = 1;	/* makedev(8, 1) = 0x801 */
	stx.stx_ino = 6;
	stx.stx_mode = 0100600;
	stx.stx_uid = 1000;
	stx.stx_gid = 100;
	stx.stx_nlink = 1;
	return stx;
}

static void test_statx_rewrites_only_what_the_mask_has(void **state)
{
	struct fr_db *db = new_db();
	struct fr_attrs rec = real_file(6, 0100600);
	struct statx stx;

	(void)state;
	rec.uid = 5;
	rec.gid = 6;
	rec.mode = 060640;
	rec.rdev = makedev(8, 17);
	rec.faked = FR_ALL;
	put(db, rec);

	stx = fake_statx(STATX_BASIC_STATS);
	fr_view_statx(db, 0, &stx);
	assert_int_equal(stx.stx_uid, 5);
	assert_int_equal(stx.stx_gid, 6);
	assert_int_equal(stx.stx_mode, 060640);
	assert_int_equal(stx.stx_rdev_major, 8);
	assert_int_equal(stx.stx_rdev_minor, 17);
	assert_int_equal(stx.stx_mask, STATX_BASIC_STATS);

	/* Type asked for, permissions not: only the type changes. */
	stx = fake_statx(STATX_INO | STATX_TYPE);
	fr_view_statx(db, 0, &stx);
	assert_int_equal(stx.stx_mode, 060600);
	assert_int_equal(stx.stx_uid, 1000);	/* not in the mask: untouched */
	assert_int_equal(stx.stx_mask, STATX_INO | STATX_TYPE);

	/* Permissions only: the record still applies (the real type is not known). */
	stx = fake_statx(STATX_INO | STATX_MODE | STATX_UID);
	fr_view_statx(db, 0, &stx);
	assert_int_equal(stx.stx_mode, 0100640);
	assert_int_equal(stx.stx_uid, 5);

	/* No inode number: the record cannot be found; unknown-file rules. */
	stx = fake_statx(STATX_BASIC_STATS & ~STATX_INO);
	fr_view_statx(db, 0, &stx);
	assert_int_equal(stx.stx_uid, 0);
	assert_int_equal(stx.stx_mode, 0100600);
	stx = fake_statx(STATX_BASIC_STATS & ~STATX_INO);
	fr_view_statx(db, FR_UNKNOWN_IS_REAL, &stx);
	assert_int_equal(stx.stx_uid, 1000);
	fr_db_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_file_is_root_owned_unless_unknown_is_real),
		cmocka_unit_test(test_only_faked_fields_change),
		cmocka_unit_test(test_device_on_placeholder),
		cmocka_unit_test(test_stale_record_is_ignored),
		cmocka_unit_test(test_typeless_record_keeps_real_type),
		cmocka_unit_test(test_stat_and_statx_of_a_real_file),
		cmocka_unit_test(test_statx_rewrites_only_what_the_mask_has),
	};

	return cmocka_run_group_tests_name("fakeroot_view", tests, NULL, NULL);
}
