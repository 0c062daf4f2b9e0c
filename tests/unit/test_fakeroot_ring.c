// SPDX-License-Identifier: MIT
/*
 * Changes sent one way (fakeroot/table.h's ring, drained by
 * fr_sys_drain): they come out in order and whole; a reader sees that a
 * change of its inode is still waiting, and only of its inode; a full
 * ring or a held lock sends the writer the synchronous way; the lock of
 * a writer that died is freed; a head the tree scribbled on cannot make
 * the supervisor read past the ring.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "fakeroot/db.h"
#include "fakeroot/sys/sys.h"
#include "fakeroot/table.h"

#define ARENA (1 << 20)

struct fixture {
	struct fr_sys s;
	struct fr_table *t;
	struct fr_ring *r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->t = mmap(NULL, ARENA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f->r = mmap(NULL, sizeof(*f->r), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		    0);
	assert_true(f->t != MAP_FAILED && f->r != MAP_FAILED);
	assert_int_equal(fr_db_new(&f->s.db, 0), 0);
	assert_int_equal(fr_db_share(f->s.db, f->t, ARENA, 0), 0);
	f->s.table = f->t;
	f->s.ring = f->r;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fr_db_free(f->s.db);
	munmap(f->t, ARENA);
	munmap(f->r, sizeof(*f->r));
	free(f);
	return 0;
}

static void change(uint64_t *m, unsigned op, uint64_t ino, uint64_t what)
{
	struct fr_attrs real = { .dev = 1, .ino = ino, .mode = 0100644, .nlink = 1,
				 .uid = 1000, .gid = 1000 };

	fr_record_args(m, op, &real, what);
}

static const struct fr_attrs *record(struct fixture *f, uint64_t ino)
{
	return fr_db_get(f->s.db, 1, ino);
}

static void test_changes_come_out_in_order(void **state)
{
	struct fixture *f = *state;
	uint64_t m[6];

	/* chmod 4755, then chown: chown clears set-user-ID, as for root. */
	change(m, FR_RECORD_CHMOD, 5, 04755);
	assert_int_equal(fr_ring_put(f->r, f->t, 1, m), 0);
	change(m, FR_RECORD_CHOWN, 5, 7 | 8ull << 32);
	assert_int_equal(fr_ring_put(f->r, f->t, 1, m), 0);
	assert_true(fr_ring_pending(f->r, f->t, 1, 5));
	assert_false(fr_ring_pending(f->r, f->t, 1, 6));
	assert_false(fr_ring_pending(f->r, f->t, 2, 5));
	assert_null(record(f, 5));
	fr_sys_drain(&f->s);
	assert_false(fr_ring_pending(f->r, f->t, 1, 5));
	assert_int_equal(f->t->applied, 2);
	assert_int_equal(f->s.queued, 2);
	assert_int_equal(record(f, 5)->uid, 7);
	assert_int_equal(record(f, 5)->gid, 8);
	assert_int_equal(record(f, 5)->mode & 07777, 0755);
}

static void test_a_full_ring_sends_the_writer_the_slow_way(void **state)
{
	struct fixture *f = *state;
	uint64_t m[6], i;

	for (i = 0; i < FR_RING_SLOTS; i++) {
		change(m, FR_RECORD_CHOWN, 100 + i, i);
		assert_int_equal(fr_ring_put(f->r, f->t, 1, m), 0);
	}
	change(m, FR_RECORD_CHOWN, 99, 1);
	assert_int_equal(fr_ring_put(f->r, f->t, 1, m), -1);
	assert_true(fr_ring_pending(f->r, f->t, 1, 100 + FR_RING_SLOTS - 1));
	fr_sys_drain(&f->s);
	/* Room again, and the slots are reused whole. */
	assert_int_equal(fr_ring_put(f->r, f->t, 1, m), 0);
	fr_sys_drain(&f->s);
	for (i = 0; i < FR_RING_SLOTS; i++)
		assert_int_equal(record(f, 100 + i)->uid, i);
	assert_int_equal(record(f, 99)->uid, 1);
	assert_int_equal(f->r->lock, 0);
}

static void test_a_held_lock_is_waited_for_briefly_and_a_dead_holders_freed(void **state)
{
	struct fixture *f = *state;
	uint64_t m[6];
	pid_t child;
	int status;

	change(m, FR_RECORD_CHOWN, 3, 1);
	/* A live holder (this thread): the writer gives up, the lock stays. */
	f->r->lock = (int32_t)syscall(SYS_gettid);
	assert_int_equal(fr_ring_put(f->r, f->t, 1, m), -1);
	fr_sys_drain(&f->s);
	assert_int_equal(f->r->lock, (int32_t)syscall(SYS_gettid));
	/* A holder that died: the next drain frees its lock. */
	child = fork();
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, &status, 0), child);
	f->r->lock = child;
	assert_int_equal(fr_ring_put(f->r, f->t, 1, m), -1);
	f->r->head = f->t->applied + 1;	/* something to drain */
	fr_sys_drain(&f->s);
	assert_int_equal(f->r->lock, 0);
	assert_int_equal(fr_ring_put(f->r, f->t, 1, m), 0);
}

static void test_a_scribbled_head_is_bounded(void **state)
{
	struct fixture *f = *state;

	f->r->head = 1ull << 60;
	assert_true(fr_ring_pending(f->r, f->t, 1, 1));
	fr_sys_drain(&f->s);
	assert_int_equal(f->t->applied, FR_RING_SLOTS);
	assert_int_equal(f->t->seq & 1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_changes_come_out_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_full_ring_sends_the_writer_the_slow_way,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_held_lock_is_waited_for_briefly_and_a_dead_holders_freed, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_a_scribbled_head_is_bounded, setup, teardown),
	};

	return cmocka_run_group_tests_name("fakeroot_ring", tests, NULL, NULL);
}
