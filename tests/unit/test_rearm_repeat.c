// SPDX-License-Identifier: MIT
/*
 * What the runtime repeats after the supervisor's re-arm signal ended a
 * wait with EINTR (supervise/abi.h, struct rt_rearm_repeat): only a wait
 * with no timeout, and only the call the supervisor saw (its arguments'
 * fold).  Repeating a timed one would start its timeout over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/syscall.h>
#include "supervise/abi.h"

#define NONE 0xffffffffull		/* an int -1 as a caller loads it */
#define PTR 0x7ffc12345678ull

static void untimed_waits_are_repeated(void **state)
{
	(void)state;
	assert_true(rt_untimed_wait(SYS_pause, (uint64_t[6]){ 0 }));
	assert_true(rt_untimed_wait(SYS_rt_sigsuspend, (uint64_t[6]){ PTR, 8 }));
	assert_true(rt_untimed_wait(SYS_epoll_wait, (uint64_t[6]){ 3, PTR, 1, NONE }));
	assert_true(rt_untimed_wait(SYS_epoll_wait, (uint64_t[6]){ 3, PTR, 1, (uint64_t)-1 }));
	assert_true(rt_untimed_wait(SYS_epoll_pwait, (uint64_t[6]){ 3, PTR, 1, NONE, PTR, 8 }));
	assert_true(rt_untimed_wait(SYS_epoll_pwait2, (uint64_t[6]){ 3, PTR, 1, 0, PTR, 8 }));
	assert_true(rt_untimed_wait(SYS_poll, (uint64_t[6]){ PTR, 1, NONE }));
	assert_true(rt_untimed_wait(SYS_ppoll, (uint64_t[6]){ PTR, 1, 0, PTR, 8 }));
	assert_true(rt_untimed_wait(SYS_select, (uint64_t[6]){ 4, PTR, 0, 0, 0 }));
	assert_true(rt_untimed_wait(SYS_pselect6, (uint64_t[6]){ 4, PTR, 0, 0, 0, PTR }));
	assert_true(rt_untimed_wait(SYS_rt_sigtimedwait, (uint64_t[6]){ PTR, 0, 0, 8 }));
	assert_true(rt_untimed_wait(SYS_io_getevents, (uint64_t[6]){ 1, 1, 1, PTR, 0 }));
}

static void timed_waits_and_other_calls_are_not(void **state)
{
	(void)state;
	assert_false(rt_untimed_wait(SYS_epoll_wait, (uint64_t[6]){ 3, PTR, 1, 0 }));
	assert_false(rt_untimed_wait(SYS_epoll_wait, (uint64_t[6]){ 3, PTR, 1, 60000 }));
	/* Only the int's 32 bits count: 0x1_0000_0000 is a timeout of 0. */
	assert_false(rt_untimed_wait(SYS_epoll_wait, (uint64_t[6]){ 3, PTR, 1, 1ull << 32 }));
	assert_false(rt_untimed_wait(SYS_epoll_pwait2, (uint64_t[6]){ 3, PTR, 1, PTR }));
	assert_false(rt_untimed_wait(SYS_poll, (uint64_t[6]){ PTR, 1, 100 }));
	assert_false(rt_untimed_wait(SYS_ppoll, (uint64_t[6]){ PTR, 1, PTR }));
	assert_false(rt_untimed_wait(SYS_select, (uint64_t[6]){ 4, PTR, 0, 0, PTR }));
	assert_false(rt_untimed_wait(SYS_pselect6, (uint64_t[6]){ 4, PTR, 0, 0, PTR }));
	assert_false(rt_untimed_wait(SYS_rt_sigtimedwait, (uint64_t[6]){ PTR, 0, PTR, 8 }));
	assert_false(rt_untimed_wait(SYS_io_getevents, (uint64_t[6]){ 1, 1, 1, PTR, PTR }));
	assert_false(rt_untimed_wait(SYS_nanosleep, (uint64_t[6]){ PTR, 0 }));
	assert_false(rt_untimed_wait(SYS_clock_nanosleep, (uint64_t[6]){ 0, 0, PTR, 0 }));
	/* An untimed futex wait restarts by itself (SA_RESTART). */
	assert_false(rt_untimed_wait(SYS_futex, (uint64_t[6]){ PTR, 0, 1, 0 }));
	assert_false(rt_untimed_wait(SYS_read, (uint64_t[6]){ 0, PTR, 1 }));
}

/* Timed waits go on for the time they had left: through the kernel's
 * restart block, or made again where the kernel wrote the time left back. */
static void timed_waits_resume_for_the_time_left(void **state)
{
	(void)state;
	assert_int_equal(rt_timed_resumable(SYS_nanosleep, (uint64_t[6]){ PTR, 0 }),
			 RT_RESUME_RESTART);
	assert_int_equal(rt_timed_resumable(SYS_clock_nanosleep, (uint64_t[6]){ 1, 0, PTR, 0 }),
			 RT_RESUME_RESTART);
	/* An absolute deadline is the same deadline made again. */
	assert_int_equal(rt_timed_resumable(SYS_clock_nanosleep, (uint64_t[6]){ 1, 1, PTR, 0 }),
			 RT_RESUME_AGAIN);
	assert_int_equal(rt_timed_resumable(SYS_poll, (uint64_t[6]){ PTR, 1, 100 }),
			 RT_RESUME_RESTART);
	assert_int_equal(rt_timed_resumable(SYS_poll, (uint64_t[6]){ PTR, 1, 0 }), RT_RESUME_NONE);
	assert_int_equal(rt_timed_resumable(SYS_futex, (uint64_t[6]){ PTR, 128, 1, PTR }),
			 RT_RESUME_RESTART);
	assert_int_equal(rt_timed_resumable(SYS_futex, (uint64_t[6]){ PTR, 9 | 256, 1, PTR }),
			 RT_RESUME_RESTART);
	/* FUTEX_LOCK_PI restarts by other rules; an untimed wait by itself. */
	assert_int_equal(rt_timed_resumable(SYS_futex, (uint64_t[6]){ PTR, 6, 0, PTR }),
			 RT_RESUME_NONE);
	assert_int_equal(rt_timed_resumable(SYS_futex, (uint64_t[6]){ PTR, 0, 1, 0 }),
			 RT_RESUME_NONE);
	assert_int_equal(rt_timed_resumable(SYS_select, (uint64_t[6]){ 4, PTR, 0, 0, PTR }),
			 RT_RESUME_AGAIN);
	assert_int_equal(rt_timed_resumable(SYS_pselect6, (uint64_t[6]){ 4, PTR, 0, 0, PTR, PTR }),
			 RT_RESUME_AGAIN);
	assert_int_equal(rt_timed_resumable(SYS_ppoll, (uint64_t[6]){ PTR, 1, PTR, PTR, 8 }),
			 RT_RESUME_AGAIN);
	/* A second signal in a wait the first one resumed. */
	assert_int_equal(rt_timed_resumable(SYS_restart_syscall, (uint64_t[6]){ 0 }),
			 RT_RESUME_RESTART);
	/* epoll keeps no time left. */
	assert_int_equal(rt_timed_resumable(SYS_epoll_wait, (uint64_t[6]){ 3, PTR, 1, 60000 }),
			 RT_RESUME_NONE);
	assert_int_equal(rt_timed_resumable(SYS_epoll_pwait2, (uint64_t[6]){ 3, PTR, 1, PTR }),
			 RT_RESUME_NONE);
	assert_int_equal(rt_timed_resumable(SYS_read, (uint64_t[6]){ 0, PTR, 1 }), RT_RESUME_NONE);
}

/* A libc with one syscall instruction for every cancellable call (musl)
 * puts poll and epoll_pwait at the same pc: the fold tells them apart. */
static void the_fold_tells_each_argument(void **state)
{
	const uint64_t seen[6] = { 3, PTR, 1, NONE, 0, 8 };
	uint32_t fold = rt_args_fold(seen);
	int i;

	(void)state;
	assert_int_equal(fold, rt_args_fold((uint64_t[6]){ 3, PTR, 1, NONE, 0, 8 }));
	for (i = 0; i < 6; i++) {
		uint64_t other[6] = { 3, PTR, 1, NONE, 0, 8 };

		other[i] ^= 1;
		assert_int_not_equal(fold, rt_args_fold(other));
	}
	assert_int_not_equal(fold, rt_args_fold((uint64_t[6]){ PTR, 1, NONE, 0, 0, 0 }));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(untimed_waits_are_repeated),
		cmocka_unit_test(timed_waits_and_other_calls_are_not),
		cmocka_unit_test(timed_waits_resume_for_the_time_left),
		cmocka_unit_test(the_fold_tells_each_argument),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
