// SPDX-License-Identifier: MIT
/*
 * The records as the tree's processes read them (fakeroot/table.h): a
 * shared database answers every lookup the way the supervisor's own
 * fr_db_get does, through growth, deletions and records loaded before it
 * was shared; a reader racing the writer never takes a torn answer; an
 * arena too small moves the table to the heap and the readers are told to
 * ask.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>
#include "fakeroot/db.h"
#include "fakeroot/table.h"

static void *arena(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(p != MAP_FAILED);
	return p;
}

/* A database shared in t, an arena of size bytes. */
static struct fr_db *shared_db(struct fr_table *t, size_t size)
{
	struct fr_db *db;

	assert_int_equal(fr_db_new(&db, 0), 0);
	assert_int_equal(fr_db_share(db, t, size, 0), 0);
	return db;
}

static void drop(struct fr_db *db, struct fr_table *t, size_t size)
{
	fr_db_free(db);
	munmap(t, size);
}

static struct fr_attrs rec(uint64_t dev, uint64_t ino, uint32_t uid)
{
	return (struct fr_attrs){ .dev = dev, .ino = ino, .uid = uid, .gid = uid + 1,
				  .mode = 0100644, .nlink = 1, .faked = FR_UID | FR_GID };
}

/* The real file (dev, ino), a regular file, as a process stats it. */
static enum fr_found find(const struct fr_table *t, uint64_t dev, uint64_t ino,
			  struct fr_attrs *out)
{
	struct fr_attrs real = { .dev = dev, .ino = ino, .mode = 0100600 };
	unsigned flags = 99;
	uint64_t need = 0;
	enum fr_found f = fr_table_find(t, t->arena_size, &real, out, &flags, &need);

	if (f != FR_ASK)
		assert_true(flags == 0 || flags == FR_UNKNOWN_IS_REAL);
	return f;
}

/* Every key of 0..n on two devices: the table and fr_db_get agree. */
static void agree(const struct fr_db *db, const struct fr_table *t, uint64_t n)
{
	struct fr_attrs got;
	uint64_t dev, ino;

	assert_int_equal(t->seq & 1, 0);
	for (dev = 1; dev <= 2; dev++)
		for (ino = 0; ino < n; ino++) {
			const struct fr_attrs *want = fr_db_get(db, dev, ino);
			enum fr_found f = find(t, dev, ino, &got);

			if (!want) {
				assert_int_equal(f, FR_NONE);
				continue;
			}
			assert_int_equal(f, FR_FOUND);
			assert_memory_equal(&got, want, sizeof(got));
		}
}

static void test_records_loaded_before_sharing_move_in(void **state)
{
	const size_t size = 1 << 20;
	struct fr_table *t = arena(size);
	struct fr_db *db;
	uint64_t i;

	(void)state;
	assert_int_equal(fr_db_new(&db, 0), 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(fr_db_put(db, &(struct fr_attrs){ .dev = 1, .ino = i * 7,
				.uid = (uint32_t)i, .mode = 0100644, .faked = FR_UID }), 0);
	assert_int_equal(fr_db_share(db, t, size, FR_UNKNOWN_IS_REAL), 0);
	assert_int_equal(t->magic, FR_TABLE_MAGIC);
	assert_int_equal(t->count, 100);
	assert_int_equal(t->flags, FR_UNKNOWN_IS_REAL);
	agree(db, t, 800);
	/* Sharing twice, or into too little, is refused. */
	assert_int_equal(fr_db_share(db, t, size, 0), -EINVAL);
	fr_db_free(db);
	assert_int_equal(fr_db_new(&db, 0), 0);
	assert_int_equal(fr_db_share(db, arena(4096), 64, 0), -EINVAL);
	drop(db, t, size);
}

static void test_growth_and_deletions_read_back_exactly(void **state)
{
	const size_t size = 8 << 20;
	struct fr_table *t = arena(size);
	struct fr_db *db;
	uint64_t i;

	(void)state;
	srandom(7);
	db = shared_db(t, size);
	assert_int_equal(find(t, 1, 1, &(struct fr_attrs){ 0 }), FR_NONE);
	for (i = 0; i < 20000; i++) {
		uint64_t dev = 1 + (uint64_t)(random() % 2), ino = (uint64_t)(random() % 5000);

		if (random() % 3)
			assert_int_equal(fr_db_put(db, &(struct fr_attrs){ .dev = dev, .ino = ino,
					.uid = (uint32_t)i, .mode = 0100644, .faked = FR_UID }), 0);
		else
			fr_db_forget(db, dev, ino);
		if (i % 997 == 0)
			agree(db, t, 5000);
	}
	agree(db, t, 5000);
	assert_int_equal(t->count, fr_db_count(db));
	assert_int_equal(t->flags & FR_TABLE_ELSEWHERE, 0);
	drop(db, t, size);
}

static void test_stale_record_is_not_shown(void **state)
{
	const size_t size = 1 << 20;
	struct fr_table *t = arena(size);
	struct fr_attrs dir = rec(1, 5, 7), got;
	struct fr_db *db;

	(void)state;
	dir.mode = 040755;
	db = shared_db(t, size);
	assert_int_equal(fr_db_put(db, &dir), 0);
	/* find() stats a regular file: a directory's record cannot be its. */
	assert_int_equal(find(t, 1, 5, &got), FR_NONE);
	drop(db, t, size);
}

/* A change in progress (seq odd), or one whose writer died in it: the
 * table cannot answer, and the reader asks rather than read a record the
 * writer may be half way through.  The race below tests the same only by
 * chance. */
static void test_a_change_in_progress_makes_readers_ask(void **state)
{
	const size_t size = 1 << 20;
	struct fr_table *t = arena(size);
	struct fr_attrs r = rec(1, 5, 7), got;
	struct fr_db *db;

	(void)state;
	db = shared_db(t, size);
	assert_int_equal(fr_db_put(db, &r), 0);
	assert_int_equal(find(t, 1, 5, &got), FR_FOUND);
	__atomic_fetch_add(&t->seq, 1, __ATOMIC_RELEASE);
	assert_int_equal(find(t, 1, 5, &got), FR_ASK);
	assert_int_equal(find(t, 1, 6, &got), FR_ASK);
	__atomic_fetch_add(&t->seq, 1, __ATOMIC_RELEASE);
	assert_int_equal(find(t, 1, 5, &got), FR_FOUND);
	assert_int_equal(got.uid, 7);
	drop(db, t, size);
}

static void test_outgrown_arena_tells_readers_to_ask(void **state)
{
	/* Room for the header and the first tables, not for 1000 records. */
	const size_t size = 64 * 1024;
	struct fr_table *t = arena(size);
	struct fr_db *db;
	uint64_t i;

	(void)state;
	db = shared_db(t, size);
	for (i = 0; i < 1000; i++) {
		struct fr_attrs r = rec(1, i, (uint32_t)i);

		assert_int_equal(fr_db_put(db, &r), 0);
		if (t->flags & FR_TABLE_ELSEWHERE)
			break;
		assert_int_equal(find(t, 1, i, &r), FR_FOUND);
	}
	assert_true(t->flags & FR_TABLE_ELSEWHERE);
	assert_int_equal(t->seq & 1, 0);
	assert_int_equal(find(t, 1, 0, &(struct fr_attrs){ 0 }), FR_ASK);
	/* The supervisor's own view goes on, on the heap. */
	for (; i < 1000; i++) {
		struct fr_attrs r = rec(1, i, (uint32_t)i);

		assert_int_equal(fr_db_put(db, &r), 0);
	}
	for (i = 0; i < 1000; i++)
		assert_int_equal(fr_db_get(db, 1, i)->uid, i);
	drop(db, t, size);
}

/* Keys 0..STABLE-1 of device 9 are never deleted, only rewritten (uid =
 * ino + STABLE * k, gid = uid + 1): a reader must always find them whole
 * while the writer rewrites them and fills and empties device 1 around
 * them. */
#define STABLE 64

struct race {
	const struct fr_table *t;
	volatile int stop;
	unsigned long reads, asks, bad;
};

static void *reader(void *arg)
{
	struct race *r = arg;
	struct fr_attrs got;
	uint64_t ino = 0;

	while (!r->stop) {
		enum fr_found f = find(r->t, 9, ino, &got);

		/* Asking the supervisor is never wrong, only slower. */
		if (f == FR_ASK)
			r->asks++;
		else if (f != FR_FOUND || got.uid % STABLE != ino || got.gid != got.uid + 1 ||
			 got.ino != ino)
			r->bad++;
		r->reads++;
		ino = (ino + 1) % STABLE;
	}
	return NULL;
}

static void test_reader_racing_the_writer_never_sees_a_torn_table(void **state)
{
	const size_t size = 64 << 20;
	struct fr_table *t = arena(size);
	struct race r = { .t = t };
	struct fr_db *db;
	pthread_t th;
	uint64_t i;

	(void)state;
	db = shared_db(t, size);
	for (i = 0; i < STABLE; i++) {
		struct fr_attrs s = rec(9, i, (uint32_t)i);

		assert_int_equal(fr_db_put(db, &s), 0);
	}
	assert_int_equal(pthread_create(&th, NULL, reader, &r), 0);
	for (i = 0; i < 1000000; i++) {
		struct fr_attrs w = rec(1, i % 50000, (uint32_t)i);

		if (i % 2) {
			w = rec(9, i % STABLE, (uint32_t)(i % STABLE + STABLE * i));
			assert_int_equal(fr_db_put(db, &w), 0);
		} else if (i % 4 == 2)
			fr_db_forget(db, 1, (i * 13) % 50000);
		else
			assert_int_equal(fr_db_put(db, &w), 0);
	}
	r.stop = 1;
	pthread_join(th, NULL);
	assert_true(r.reads > 0);
	assert_int_equal(r.bad, 0);
	assert_true(r.asks < r.reads / 100);
	assert_int_equal(t->flags & FR_TABLE_ELSEWHERE, 0);
	drop(db, t, size);
}

/* A reader that mapped less than the live table is told how much to map. */
static void test_a_short_mapping_is_told_to_grow(void **state)
{
	const size_t size = 1 << 20;
	struct fr_table *t = arena(size);
	struct fr_attrs real = { .dev = 1, .ino = 3, .mode = 0100600 }, got;
	struct fr_db *db;
	unsigned flags;
	uint64_t need = 0, i;

	(void)state;
	db = shared_db(t, size);
	for (i = 0; i < 1000; i++) {
		struct fr_attrs r = rec(1, i, (uint32_t)i);

		assert_int_equal(fr_db_put(db, &r), 0);
	}
	assert_int_equal(fr_table_find(t, 4096, &real, &got, &flags, &need), FR_GROW);
	assert_int_equal(need, t->slots_off + t->cap * sizeof(struct fr_attrs));
	assert_int_equal(fr_table_find(t, need, &real, &got, &flags, &need), FR_FOUND);
	assert_int_equal(got.uid, 3);
	drop(db, t, size);
}

/* A change the runtime sends comes out as it went in; a link count past
 * 32 bits is capped (it only goes to the save file). */
static void test_record_message_round_trip(void **state)
{
	struct fr_attrs real = { .dev = 0xfedcba9876543210ull, .ino = 0x123456789abcdefull,
				 .rdev = 0x0103, .nlink = 7, .uid = 4000000000u, .gid = 5,
				 .mode = 0104755 }, got;
	uint64_t m[6];

	(void)state;
	fr_record_args(m, FR_RECORD_CHMOD, &real, 04755);
	assert_int_equal(fr_record_decode(m, &got), FR_RECORD_CHMOD);
	assert_memory_equal(&got, &real, sizeof(got));
	assert_int_equal(m[5], 04755);
	real.nlink = 1ull << 40;
	fr_record_args(m, FR_RECORD_CHOWN, &real, 1 | 2ull << 32);
	assert_int_equal(fr_record_decode(m, &got), FR_RECORD_CHOWN);
	assert_int_equal(got.nlink, 0xffffffffu);
	assert_int_equal(got.mode, 0104755);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_loaded_before_sharing_move_in),
		cmocka_unit_test(test_growth_and_deletions_read_back_exactly),
		cmocka_unit_test(test_stale_record_is_not_shown),
		cmocka_unit_test(test_a_short_mapping_is_told_to_grow),
		cmocka_unit_test(test_record_message_round_trip),
		cmocka_unit_test(test_a_change_in_progress_makes_readers_ask),
		cmocka_unit_test(test_outgrown_arena_tells_readers_to_ask),
		cmocka_unit_test(test_reader_racing_the_writer_never_sees_a_torn_table),
	};

	return cmocka_run_group_tests_name("fakeroot_table", tests, NULL, NULL);
}
