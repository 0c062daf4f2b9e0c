// SPDX-License-Identifier: MIT
/*
 * fakeroot's save file: lines exactly as Debian's faked wrote them load
 * with the right fields and bases; what we write is byte for byte that
 * format; round trips keep every record; malformed lines are refused with
 * their number; writing is atomic and leaves nothing behind on failure.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>
#include "fakeroot/db.h"
#include "fakeroot/savefile.h"
#include "fakeroot/view.h"

/* Written by `fakeroot -s` (Debian 1.31) for: touch f; chown 123:456 f;
 * mknod c0 c 1 3; chmod 4755 f; mkdir d; chown 7:8 d; then chmod 0 g. */
static const char debian[] =
	"dev=fe00,ino=10952914,mode=104755,uid=123,gid=456,nlink=1,rdev=0\n"
	"dev=fe00,ino=10952915,mode=20644,uid=0,gid=0,nlink=1,rdev=259\n"
	"dev=fe00,ino=10952917,mode=40755,uid=7,gid=8,nlink=2,rdev=0\n"
	"dev=fe00,ino=10952920,mode=100000,uid=0,gid=0,nlink=1,rdev=0\n";

static struct fr_db *new_db(void)
{
	struct fr_db *db;

	assert_int_equal(fr_db_new(&db, 0), 0);
	return db;
}

static void test_debian_lines_load_with_their_fields(void **state)
{
	struct fr_db *db = new_db();
	const struct fr_attrs *r;

	(void)state;
	assert_int_equal(fr_save_parse(db, debian, strlen(debian), NULL), 0);
	assert_int_equal(fr_db_count(db), 4);
	r = fr_db_get(db, makedev(254, 0), 10952914);
	assert_non_null(r);
	assert_int_equal(r->uid, 123);
	assert_int_equal(r->gid, 456);
	assert_int_equal(r->mode, S_IFREG | S_ISUID | 0755);
	assert_int_equal(r->faked, FR_ALL);
	r = fr_db_get(db, 0xfe00, 10952915);
	assert_non_null(r);
	assert_int_equal(r->mode, S_IFCHR | 0644);
	assert_int_equal(major(r->rdev), 1);
	assert_int_equal(minor(r->rdev), 3);
	r = fr_db_get(db, 0xfe00, 10952917);
	assert_int_equal(r->mode, S_IFDIR | 0755);
	assert_int_equal(r->nlink, 2);
	assert_int_equal(fr_db_get(db, 0xfe00, 10952920)->mode, S_IFREG);
	fr_db_free(db);
}

static void test_format_is_faked_format_sorted(void **state)
{
	struct fr_db *db = new_db();
	char *text;
	size_t len;

	(void)state;
	/* Loaded in another order, written in (dev, ino) order. */
	assert_int_equal(fr_save_parse(db, debian + 65, strlen(debian) - 65, NULL), 0);
	assert_int_equal(fr_save_parse(db, debian, 65, NULL), 0);
	assert_int_equal(fr_db_count(db), 4);
	assert_int_equal(fr_save_format(db, 0, &text, &len), 0);
	assert_int_equal(len, strlen(debian));
	assert_string_equal(text, debian);
	free(text);
	fr_db_free(db);
}

static void test_empty_database_is_an_empty_file(void **state)
{
	struct fr_db *db = new_db();
	char *text;
	size_t len = 1;

	(void)state;
	assert_int_equal(fr_save_format(db, 0, &text, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(fr_save_parse(db, "", 0, NULL), 0);
	assert_int_equal(fr_save_parse(db, "\n \n\t\n", 5, NULL), 0);
	assert_int_equal(fr_db_count(db), 0);
	fr_db_free(db);
}

static void test_wide_values_round_trip(void **state)
{
	struct fr_db *db = new_db(), *again = new_db();
	struct fr_attrs r = { .dev = UINT64_MAX, .ino = UINT64_MAX, .rdev = UINT64_MAX,
			      .nlink = UINT64_MAX, .uid = UINT32_MAX, .gid = UINT32_MAX - 1,
			      .mode = 0177777, .faked = FR_ALL };
	char *text;
	size_t len;

	(void)state;
	assert_int_equal(fr_db_put(db, &r), 0);
	assert_int_equal(fr_save_format(db, 0, &text, &len), 0);
	assert_string_equal(text, "dev=ffffffffffffffff,ino=18446744073709551615,mode=177777,"
				  "uid=4294967295,gid=4294967294,nlink=18446744073709551615,"
				  "rdev=18446744073709551615\n");
	assert_int_equal(fr_save_parse(again, text, len, NULL), 0);
	assert_memory_equal(fr_db_get(again, UINT64_MAX, UINT64_MAX), &r, sizeof(r));
	free(text);
	fr_db_free(db);
	fr_db_free(again);
}

static void test_unfaked_fields_save_as_faked_would_show_them(void **state)
{
	struct fr_db *db = new_db();
	/* chowned to 5 only; the real group 1000 and mode 0640 when recorded. */
	struct fr_attrs r = { .dev = 0x803, .ino = 9, .uid = 5, .gid = 1000, .mode = 0100640,
			      .nlink = 3, .faked = FR_UID };
	char *text;
	size_t len;

	(void)state;
	assert_int_equal(fr_db_put(db, &r), 0);
	assert_int_equal(fr_save_format(db, 0, &text, &len), 0);
	assert_string_equal(text, "dev=803,ino=9,mode=100640,uid=5,gid=0,nlink=3,rdev=0\n");
	free(text);
	assert_int_equal(fr_save_format(db, FR_UNKNOWN_IS_REAL, &text, &len), 0);
	assert_string_equal(text, "dev=803,ino=9,mode=100640,uid=5,gid=1000,nlink=3,rdev=0\n");
	free(text);
	fr_db_free(db);
}

static void test_round_trip_of_many_records_through_a_file(void **state)
{
	char dir[] = "/tmp/fr-save-XXXXXX", path[64];
	struct fr_db *db = new_db(), *back = new_db();
	const struct fr_attrs *r;
	size_t cursor = 0, n = 0;
	unsigned seed = 3;
	uint64_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/save", dir);
	for (i = 0; i < 100000; i++) {
		struct fr_attrs a = { .dev = 0x800 + i % 4, .ino = i * 7919,
				      .rdev = i % 5 ? 0 : makedev(i % 300, i % 1000),
				      .nlink = 1 + i % 3, .uid = (uint32_t)rand_r(&seed),
				      .gid = (uint32_t)rand_r(&seed),
				      .mode = (i % 5 ? S_IFREG : S_IFCHR) | (uint32_t)(i % 07777),
				      .faked = FR_ALL };

		assert_int_equal(fr_db_put(db, &a), 0);
	}
	assert_int_equal(fr_save_write(db, 0, path), 0);
	assert_int_equal(fr_save_load(back, path, NULL), 0);
	assert_int_equal(fr_db_count(back), 100000);
	while ((r = fr_db_next(db, &cursor))) {
		assert_memory_equal(fr_db_get(back, r->dev, r->ino), r, sizeof(*r));
		n++;
	}
	assert_int_equal(n, 100000);
	unlink(path);
	rmdir(dir);
	fr_db_free(db);
	fr_db_free(back);
}

static void test_later_line_replaces_earlier(void **state)
{
	static const char text[] = "dev=1,ino=2,mode=100644,uid=1,gid=1,nlink=1,rdev=0\n"
				   "dev=1,ino=2,mode=100600,uid=9,gid=9,nlink=1,rdev=0";
	struct fr_db *db = new_db();

	(void)state;
	/* The last line has no newline: still a line. */
	assert_int_equal(fr_save_parse(db, text, strlen(text), NULL), 0);
	assert_int_equal(fr_db_count(db), 1);
	assert_int_equal(fr_db_get(db, 1, 2)->uid, 9);
	assert_int_equal(fr_db_get(db, 1, 2)->mode, 0100600);
	fr_db_free(db);
}

static void test_malformed_lines_are_refused_with_their_number(void **state)
{
	static const char *const bad[] = {
		"dev=1,ino=2,mode=100644,uid=1,gid=1,nlink=1",			/* short */
		"dev=1,ino=2,mode=100644,uid=1,gid=1,nlink=1,rdev=0,x=1",	/* long */
		"dev=1,ino=2,mode=100644,uid=-1,gid=1,nlink=1,rdev=0",	/* sign */
		"dev=1,ino=2,mode=100644,uid=4294967296,gid=1,nlink=1,rdev=0",
		"dev=1,ino=2,mode=200000,uid=1,gid=1,nlink=1,rdev=0",		/* mode range */
		"dev=1,ino=2,mode=100648,uid=1,gid=1,nlink=1,rdev=0",		/* octal */
		"dev=1,ino=2a,mode=100644,uid=1,gid=1,nlink=1,rdev=0",	/* decimal */
		"dev=g,ino=2,mode=100644,uid=1,gid=1,nlink=1,rdev=0",		/* hex */
		"dev=1,ino=,mode=100644,uid=1,gid=1,nlink=1,rdev=0",		/* empty */
		"dev=1,ino=18446744073709551616,mode=100644,uid=1,gid=1,nlink=1,rdev=0",
		"DEV=1,ino=2,mode=100644,uid=1,gid=1,nlink=1,rdev=0",
		"dev=1, ino=2,mode=100644,uid=1,gid=1,nlink=1,rdev=0",
		"mode=100644,uid=1,gid=1,nlink=1,rdev=0 /some/path",		/* DB_PATH build */
	};
	static const char good[] = "dev=1,ino=2,mode=100644,uid=1,gid=1,nlink=1,rdev=0\n\n";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fr_db *db = new_db();
		char text[256];
		size_t line = 0;

		/* Good line, blank line, the bad one, then a good one never read. */
		snprintf(text, sizeof(text), "%s%s\n%s", good, bad[i], good);
		assert_int_equal(fr_save_parse(db, text, strlen(text), &line), -EINVAL);
		assert_int_equal(line, 3);
		fr_db_free(db);
	}
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_write_is_atomic_and_leaves_nothing_on_failure(void **state)
{
	char dir[] = "/tmp/fr-atomic-XXXXXX", path[64], sub[64], missing[64];
	struct fr_db *db = new_db(), *back;
	struct fr_attrs r = { .dev = 1, .ino = 2, .mode = 0100644, .nlink = 1, .faked = FR_ALL };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/save", dir);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	snprintf(missing, sizeof(missing), "%s/none/save", dir);
	/* An old, longer file is replaced whole, not overwritten in place. */
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 100; i++)
		fprintf(f, "dev=9,ino=%d,mode=100644,uid=1,gid=1,nlink=1,rdev=0\n", i);
	fclose(f);
	assert_int_equal(fr_db_put(db, &r), 0);
	assert_int_equal(fr_save_write(db, 0, path), 0);
	back = new_db();
	assert_int_equal(fr_save_load(back, path, NULL), 0);
	assert_int_equal(fr_db_count(back), 1);
	assert_non_null(fr_db_get(back, 1, 2));
	fr_db_free(back);
	assert_int_equal(count_entries(dir), 1);

	/* Failures: no directory to write in; a directory in the way. */
	assert_int_equal(fr_save_write(db, 0, missing), -ENOENT);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(mkdir(strcat(strcpy(path, sub), "/x"), 0700), 0);
	assert_true(fr_save_write(db, 0, sub) < 0);
	/* Nothing new beside save and sub: no temporary left. */
	assert_int_equal(count_entries(dir), 2);
	assert_int_equal(count_entries(sub), 1);

	assert_int_equal(fr_save_load(db, missing, NULL), -ENOENT);
	rmdir(path);
	rmdir(sub);
	snprintf(path, sizeof(path), "%s/save", dir);
	unlink(path);
	rmdir(dir);
	fr_db_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_lines_load_with_their_fields),
		cmocka_unit_test(test_format_is_faked_format_sorted),
		cmocka_unit_test(test_empty_database_is_an_empty_file),
		cmocka_unit_test(test_wide_values_round_trip),
		cmocka_unit_test(test_unfaked_fields_save_as_faked_would_show_them),
		cmocka_unit_test(test_round_trip_of_many_records_through_a_file),
		cmocka_unit_test(test_later_line_replaces_earlier),
		cmocka_unit_test(test_malformed_lines_are_refused_with_their_number),
		cmocka_unit_test(test_write_is_atomic_and_leaves_nothing_on_failure),
	};

	return cmocka_run_group_tests_name("fakeroot_savefile", tests, NULL, NULL);
}
