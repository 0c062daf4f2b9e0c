// SPDX-License-Identifier: MIT
/*
 * The two seccomp filters, run by a small classic-BPF interpreter: what
 * they answer, and that every call they do not want is allowed having
 * looked at nothing but the architecture and the number, as the kernel's
 * seccomp action cache needs in order to skip the filters for it
 * (seccomp_is_const_allow in kernel/seccomp.c, emulated here by its rules).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include "fakeroot/sys/sys.h"
#include "supervise/abi.h"
#include "supervise/filter.h"

#define IP_START 0x7e8000000000ull
#define IP_END 0x7e8000010000ull
#define OUTSIDE 0x555555554000ull
#define NR_MAX 460

/*
 * Runs prog on d.  As the kernel's emulation (as_kernel_cache): only nr and
 * arch may be loaded and only constant jumps and AND run; anything else
 * returns 0 (not decidable).  Otherwise every opcode the filters use; any
 * other fails the test.  Returns 1 with the answer in *out.
 */
static int eval(const struct filter_prog *prog, const struct seccomp_data *d,
		int as_kernel_cache, uint32_t *out)
{
	uint32_t a = 0, x = 0;
	unsigned pc;

	for (pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *f = &prog->insn[pc];
		uint32_t word;

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (as_kernel_cache && f->k != offsetof(struct seccomp_data, nr) &&
			    f->k != offsetof(struct seccomp_data, arch))
				return 0;
			assert_true(f->k % 4 == 0 && f->k < sizeof(*d));
			memcpy(&word, (const char *)d + f->k, 4);
			a = word;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= f->k;
			break;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += a & f->k ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			*out = f->k;
			return 1;
		default:
			if (as_kernel_cache)
				return 0;
			if (f->code == (BPF_LD | BPF_IMM))
				a = f->k;
			else if (f->code == (BPF_MISC | BPF_TAX))
				x = a;
			else if (f->code == (BPF_ALU | BPF_LSH | BPF_X))
				a = x < 32 ? a << x : 0;
			else
				fail_msg("opcode %#x at %u", f->code, pc);
		}
	}
	fail_msg("ran off the end");
	return 0;
}

/* prog's answer to d. */
static uint32_t run(const struct filter_prog *prog, const struct seccomp_data *d)
{
	uint32_t out = 0;

	assert_true(eval(prog, d, 0, &out));
	return out;
}

/* Whether the kernel's emulation finds call nr always allowed. */
static int const_allow(const struct filter_prog *prog, int nr)
{
	struct seccomp_data d;
	uint32_t out;

	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = AUDIT_ARCH_X86_64;
	return eval(prog, &d, 1, &out) && out == SECCOMP_RET_ALLOW;
}

static struct seccomp_data call(int nr, uint64_t ip, uint64_t a0, uint64_t a1)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = AUDIT_ARCH_X86_64;
	d.instruction_pointer = ip;
	d.args[0] = a0;
	d.args[1] = a1;
	return d;
}

static int in(int nr, const int *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == nr)
			return 1;
	return 0;
}

static void test_listener_answers(void **state)
{
	struct filter_prog p;
	struct seccomp_data d;

	(void)state;
	assert_int_equal(filter_build(&p, 1u << 0, IP_START, IP_END, NULL, 0), 0);
	d = call(__NR_clock_gettime, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_USER_NOTIF);
	d = call(__NR_clock_gettime, IP_START + 0x100, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	d = call(__NR_clock_gettime, OUTSIDE, 1 /* CLOCK_MONOTONIC: real */, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	d = call(__NR_execve, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_USER_NOTIF);
	d = call(__NR_clock_nanosleep, OUTSIDE, 0, 1 /* TIMER_ABSTIME */);
	assert_int_equal(run(&p, &d), SECCOMP_RET_USER_NOTIF);
	d = call(__NR_clock_nanosleep, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	d = call(__NR_getppid, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
}

static void test_listener_leaves_other_calls_to_the_cache(void **state)
{
	static const int wanted[] = { __NR_execve, __NR_execveat, __NR_gettimeofday, __NR_time,
				      __NR_clock_gettime, __NR_clock_nanosleep, __NR_chown };
	const int extra[] = { __NR_chown };
	struct filter_prog p;
	int nr;

	(void)state;
	assert_int_equal(filter_build(&p, 0xfff, IP_START, IP_END, extra, 1), 0);
	for (nr = 0; nr < NR_MAX; nr++)
		assert_int_equal(const_allow(&p, nr), !in(nr, wanted, sizeof(wanted) /
								sizeof(wanted[0])));
}

/* Every call the trap filter may send the runtime, in its widest form
 * (every clock virtual, every wait following it). */
static const int trapped[] = {
	__NR_clock_gettime, __NR_clock_nanosleep, __NR_timerfd_settime, __NR_timer_settime,
	__NR_timerfd_gettime, __NR_timer_gettime, __NR_execve, __NR_execveat, __NR_futex,
	__NR_futex_waitv, __NR_gettimeofday, __NR_time, __NR_nanosleep, __NR_poll,
	__NR_epoll_wait, __NR_select, __NR_setitimer, __NR_getitimer, __NR_alarm,
	__NR_rt_sigtimedwait, __NR_rt_sigaction, __NR_rt_sigprocmask, __NR_rt_sigsuspend,
	__NR_ppoll, __NR_pselect6, __NR_epoll_pwait, __NR_epoll_pwait2,
};

static void test_trap_filter_answers(void **state)
{
	const uint32_t trap = SECCOMP_RET_TRAP | RT_MARKER;
	struct filter_prog p;
	struct seccomp_data d;
	size_t i;

	(void)state;
	assert_int_equal(filter_build_trap(&p, 0xfff, 0xfff, NULL, 0, IP_START, IP_END), 0);
	for (i = 0; i < sizeof(trapped) / sizeof(trapped[0]); i++) {
		/* The runtime's and the moved vDSO's own calls pass. */
		d = call(trapped[i], IP_START + 0x2000, 0, 1);
		assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	}
	d = call(__NR_clock_gettime, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), trap);
	d = call(__NR_clock_gettime, OUTSIDE, 40 /* not a clock id of ours */, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	d = call(__NR_nanosleep, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), trap);
	d = call(__NR_rt_sigaction, OUTSIDE, 31 /* SIGSYS */, 0);
	assert_int_equal(run(&p, &d), trap);
	d = call(__NR_rt_sigaction, OUTSIDE, 2, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	d = call(__NR_rt_sigprocmask, OUTSIDE, 1 /* SIG_UNBLOCK */, 0x1000);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	d = call(__NR_rt_sigprocmask, OUTSIDE, 0 /* SIG_BLOCK */, 0x1000);
	assert_int_equal(run(&p, &d), trap);
	d = call(RT_PROBE_NR, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ERRNO | RT_PROBE_ERRNO);
	d = call(__NR_getppid, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	/* Only the realtime clock virtual, no waits: nanosleep passes. */
	assert_int_equal(filter_build_trap(&p, 1, 0, NULL, 0, IP_START, IP_END), 0);
	d = call(__NR_nanosleep, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	d = call(__NR_clock_gettime, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), trap);
}

static void test_trap_filter_leaves_other_calls_to_the_cache(void **state)
{
	struct filter_prog p;
	int nr;

	(void)state;
	assert_int_equal(filter_build_trap(&p, 0xfff, 0xfff, NULL, 0, IP_START, IP_END), 0);
	assert_true(p.len <= SESSION_TRAP_MAX_INSNS);
	for (nr = 0; nr < NR_MAX; nr++)
		assert_int_equal(const_allow(&p, nr),
				 !in(nr, trapped, sizeof(trapped) / sizeof(trapped[0])));
}

/* fakeroot's stat family, with no virtual clock: trapped from the
 * program, passed from the runtime, with execve (made again until not
 * EINTR); every other call, the clock's included, left to the cache. */
static void test_trap_filter_extra_calls_without_a_clock(void **state)
{
	static const int stats[] = { __NR_stat, __NR_lstat, __NR_fstat, __NR_newfstatat,
				     __NR_statx };
	static const int want[] = { __NR_stat, __NR_lstat, __NR_fstat, __NR_newfstatat,
				    __NR_statx, __NR_execve, __NR_execveat, __NR_rt_sigaction,
				    __NR_rt_sigprocmask, __NR_rt_sigsuspend, __NR_ppoll,
				    __NR_pselect6, __NR_epoll_pwait, __NR_epoll_pwait2 };
	struct filter_prog p;
	struct seccomp_data d;
	size_t i;
	int nr;

	(void)state;
	assert_int_equal(filter_build_trap(&p, 0, 0, stats, 5, IP_START, IP_END), 0);
	for (i = 0; i < 5; i++) {
		d = call(stats[i], OUTSIDE, 0, 0);
		assert_int_equal(run(&p, &d), SECCOMP_RET_TRAP | RT_MARKER);
		d = call(stats[i], IP_START + 0x2000, 0, 0);
		assert_int_equal(run(&p, &d), SECCOMP_RET_ALLOW);
	}
	d = call(__NR_execve, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_TRAP | RT_MARKER);
	for (nr = 0; nr < NR_MAX; nr++)
		assert_int_equal(const_allow(&p, nr), !in(nr, want, sizeof(want) / sizeof(want[0])));
}

/* Everything at once: every clock virtual, every wait following it, and
 * fakeroot's calls: the trap filter still fits the session page. */
static void test_trap_filter_with_everything_fits(void **state)
{
	struct filter_prog p;
	struct seccomp_data d;
	size_t i;

	(void)state;
	assert_int_equal(filter_build_trap(&p, 0xfff, 0xfff, fr_sys_trap_nrs, fr_sys_ntrap_nrs,
					   IP_START, IP_END), 0);
	assert_true(p.len <= SESSION_TRAP_MAX_INSNS);
	for (i = 0; i < fr_sys_ntrap_nrs; i++) {
		d = call(fr_sys_trap_nrs[i], OUTSIDE, 0, 0);
		assert_int_equal(run(&p, &d), SECCOMP_RET_TRAP | RT_MARKER);
	}
	d = call(__NR_clock_gettime, OUTSIDE, 0, 0);
	assert_int_equal(run(&p, &d), SECCOMP_RET_TRAP | RT_MARKER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trap_filter_extra_calls_without_a_clock),
		cmocka_unit_test(test_trap_filter_with_everything_fits),
		cmocka_unit_test(test_listener_answers),
		cmocka_unit_test(test_listener_leaves_other_calls_to_the_cache),
		cmocka_unit_test(test_trap_filter_answers),
		cmocka_unit_test(test_trap_filter_leaves_other_calls_to_the_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
