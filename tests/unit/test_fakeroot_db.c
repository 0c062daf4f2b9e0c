// SPDX-License-Identifier: MIT
/*
 * The fakeroot record database against a brute-force model: every key
 * found after any mix of inserts, replacements and removals (removal is
 * where linear probing goes wrong), 200,000 records, the record limit
 * failing loudly, and a walk that sees each record once.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fakeroot/db.h"

static struct fr_attrs rec(uint64_t dev, uint64_t ino, uint32_t uid)
{
	struct fr_attrs r = { .dev = dev, .ino = ino, .uid = uid, .gid = uid + 1,
			      .mode = 0100644, .nlink = 1, .faked = FR_UID | FR_GID };
	return r;
}

static void test_put_get_replace(void **state)
{
	struct fr_db *db;
	struct fr_attrs r = rec(0xfe00, 42, 123);
	const struct fr_attrs *got;

	(void)state;
	assert_int_equal(fr_db_new(&db, 0), 0);
	assert_null(fr_db_get(db, 0xfe00, 42));
	assert_int_equal(fr_db_forget(db, 0xfe00, 42), 0);
	assert_int_equal(fr_db_put(db, &r), 0);
	got = fr_db_get(db, 0xfe00, 42);
	assert_non_null(got);
	assert_int_equal(got->uid, 123);
	assert_int_equal(got->gid, 124);
	/* Same inode number on another device is another file. */
	assert_null(fr_db_get(db, 0xfe01, 42));
	r.uid = 7;
	assert_int_equal(fr_db_put(db, &r), 0);
	assert_int_equal(fr_db_count(db), 1);
	assert_int_equal(fr_db_get(db, 0xfe00, 42)->uid, 7);
	assert_int_equal(fr_db_forget(db, 0xfe00, 42), 1);
	assert_null(fr_db_get(db, 0xfe00, 42));
	assert_int_equal(fr_db_count(db), 0);
	fr_db_free(db);
}

static void test_refuses_empty_or_unknown_flags(void **state)
{
	struct fr_db *db;
	struct fr_attrs r = rec(1, 2, 3);

	(void)state;
	assert_int_equal(fr_db_new(&db, 0), 0);
	r.faked = 0;
	assert_int_equal(fr_db_put(db, &r), -EINVAL);
	r.faked = FR_ALL + 1;
	assert_int_equal(fr_db_put(db, &r), -EINVAL);
	assert_int_equal(fr_db_count(db), 0);
	fr_db_free(db);
}

/* Reference: a flat array indexed by a small key space, so collisions,
 * long clusters and wrap-around deletions all happen often. */
#define KEYS 3000

static void check_against_model(const struct fr_db *db, const struct fr_attrs *model,
				 const int *present)
{
	size_t k, n = 0;

	for (k = 0; k < KEYS; k++) {
		const struct fr_attrs *got = fr_db_get(db, k % 3, k / 3);

		if (present[k]) {
			assert_non_null(got);
			assert_memory_equal(got, &model[k], sizeof(*got));
			n++;
		} else {
			assert_null(got);
		}
	}
	assert_int_equal(fr_db_count(db), n);
}

static void test_random_operations_match_model(void **state)
{
	struct fr_attrs *model = calloc(KEYS, sizeof(*model));
	int *present = calloc(KEYS, sizeof(*present));
	unsigned seed = 7;
	struct fr_db *db;
	int i;

	(void)state;
	assert_non_null(model);
	assert_non_null(present);
	assert_int_equal(fr_db_new(&db, 0), 0);
	for (i = 0; i < 200000; i++) {
		size_t k = (size_t)rand_r(&seed) % KEYS;

		if (rand_r(&seed) % 3) {
			model[k] = rec(k % 3, k / 3, (uint32_t)rand_r(&seed));
			present[k] = 1;
			assert_int_equal(fr_db_put(db, &model[k]), 0);
		} else {
			assert_int_equal(fr_db_forget(db, k % 3, k / 3), present[k]);
			present[k] = 0;
		}
		if (i % 5000 == 0)
			check_against_model(db, model, present);
	}
	check_against_model(db, model, present);
	fr_db_free(db);
	free(model);
	free(present);
}

static void test_two_hundred_thousand_records(void **state)
{
	const uint64_t n = 200000;
	struct fr_db *db;
	uint64_t i;

	(void)state;
	assert_int_equal(fr_db_new(&db, 0), 0);
	for (i = 0; i < n; i++) {
		struct fr_attrs r = rec(0x803, 1000000 + i, (uint32_t)i);

		assert_int_equal(fr_db_put(db, &r), 0);
	}
	assert_int_equal(fr_db_count(db), n);
	for (i = 0; i < n; i += 2)
		assert_int_equal(fr_db_forget(db, 0x803, 1000000 + i), 1);
	assert_int_equal(fr_db_count(db), n / 2);
	for (i = 0; i < n; i++) {
		const struct fr_attrs *got = fr_db_get(db, 0x803, 1000000 + i);

		if (i % 2) {
			assert_non_null(got);
			assert_int_equal(got->uid, (uint32_t)i);
		} else {
			assert_null(got);
		}
	}
	fr_db_free(db);
}

static void test_limit_fails_loudly_and_changes_nothing(void **state)
{
	struct fr_db *db;
	struct fr_attrs r;
	uint64_t i;

	(void)state;
	assert_int_equal(fr_db_new(&db, 1000), 0);
	for (i = 0; i < 1000; i++) {
		r = rec(1, i, (uint32_t)i);
		assert_int_equal(fr_db_put(db, &r), 0);
	}
	r = rec(1, 5000, 5);
	assert_int_equal(fr_db_put(db, &r), -ENOMEM);
	assert_null(fr_db_get(db, 1, 5000));
	assert_int_equal(fr_db_count(db), 1000);
	/* Replacing an existing record needs no room. */
	r = rec(1, 10, 99);
	assert_int_equal(fr_db_put(db, &r), 0);
	assert_int_equal(fr_db_get(db, 1, 10)->uid, 99);
	for (i = 0; i < 1000; i++)
		assert_non_null(fr_db_get(db, 1, i));
	/* Room again after a removal. */
	assert_int_equal(fr_db_forget(db, 1, 0), 1);
	r = rec(1, 5000, 5);
	assert_int_equal(fr_db_put(db, &r), 0);
	fr_db_free(db);
}

static void test_walk_sees_each_record_once(void **state)
{
	enum { N = 5000 };
	unsigned char *seen = calloc(N, 1);
	const struct fr_attrs *r;
	struct fr_db *db;
	size_t cursor = 0, walked = 0;
	uint64_t i;

	(void)state;
	assert_non_null(seen);
	assert_int_equal(fr_db_new(&db, 0), 0);
	assert_null(fr_db_next(db, &cursor));
	for (i = 0; i < N; i++) {
		struct fr_attrs a = rec(9, i, 0);

		assert_int_equal(fr_db_put(db, &a), 0);
	}
	for (i = 0; i < N; i += 3)
		fr_db_forget(db, 9, i);
	cursor = 0;
	while ((r = fr_db_next(db, &cursor))) {
		assert_int_equal(r->dev, 9);
		assert_true(r->ino < N && r->ino % 3 != 0);
		assert_int_equal(seen[r->ino], 0);
		seen[r->ino] = 1;
		walked++;
	}
	assert_int_equal(walked, fr_db_count(db));
	assert_int_equal(walked, N - (N + 2) / 3);
	fr_db_free(db);
	free(seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_replace),
		cmocka_unit_test(test_refuses_empty_or_unknown_flags),
		cmocka_unit_test(test_random_operations_match_model),
		cmocka_unit_test(test_two_hundred_thousand_records),
		cmocka_unit_test(test_limit_fails_loudly_and_changes_nothing),
		cmocka_unit_test(test_walk_sees_each_record_once),
	};

	return cmocka_run_group_tests_name("fakeroot_db", tests, NULL, NULL);
}
