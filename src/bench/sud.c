// SPDX-License-Identifier: MIT
/*
 * Syscall User Dispatch: with the selector byte at BLOCK, every syscall
 * outside the exempt range is rolled back and turned into SIGSYS; the
 * handler answers by setting rax in the ucontext.  No filter runs, but
 * each call still pays syscall entry, signal delivery and rt_sigreturn.
 *
 * The handler runs with the selector at ALLOW (set at entry, so that
 * nothing it might call is dispatched again) and sets BLOCK back before
 * returning.  rt_sigreturn is then issued with BLOCK in force, and on
 * x86_64 the kernel exempts only the 32-bit vDSO's sigreturn landing pad,
 * not libc's 64-bit __restore_rt.  So the signal is installed with a
 * restorer of ours, and the exempt range given to prctl is exactly that
 * restorer (its two instructions and the ud2 after them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/prctl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <vdso/syscall.h>
#include "bench/bench.h"

#define KSA_RESTORER 0x04000000UL	/* SA_RESTORER, not exported to user space */

void bench_sud_restorer(void);
extern const char bench_sud_restorer_end[];
__asm__(".pushsection .text\n"
	".globl bench_sud_restorer\n"
	".hidden bench_sud_restorer\n"
	".type bench_sud_restorer, @function\n"
	"bench_sud_restorer:\n"
	"\tmovl $" "15" ", %eax\n"	/* __NR_rt_sigreturn */
	"\tsyscall\n"
	".globl bench_sud_restorer_end\n"
	".hidden bench_sud_restorer_end\n"
	"bench_sud_restorer_end:\n"
	"\tud2\n"
	".size bench_sud_restorer, . - bench_sud_restorer\n"
	".popsection\n");

/* The kernel's struct sigaction for rt_sigaction on x86_64. */
struct ksigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static volatile char selector = SYSCALL_DISPATCH_FILTER_ALLOW;
static volatile long fake_pid;

static void on_sigsys(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;

	selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_RAX] = fake_pid;
	selector = SYSCALL_DISPATCH_FILTER_BLOCK;
}

/* Only the loop is dispatched: the clock reads around it are vDSO calls
 * and make no syscall, but the selector is flipped outside the timed
 * crossings anyway so that nothing else ever lands in the handler. */
static void block(void *arg)
{
	(void)arg;
	selector = SYSCALL_DISPATCH_FILTER_BLOCK;
}

static void allow(void *arg)
{
	(void)arg;
	selector = SYSCALL_DISPATCH_FILTER_ALLOW;
}

void bench_sud(struct bench_result *r, const struct bench_plan *plan)
{
	static const struct bench_hooks hooks = { block, allow };
	struct ksigaction ksa;
	unsigned long start = (unsigned long)bench_sud_restorer;
	/* The kernel tests the ip after the syscall instruction, so the
	 * range must reach past it: it ends after the ud2 guard. */
	unsigned long len = (unsigned long)bench_sud_restorer_end + 2 - start;

	memset(&ksa, 0, sizeof(ksa));
	ksa.handler = on_sigsys;
	ksa.flags = SA_SIGINFO | KSA_RESTORER;
	ksa.restorer = bench_sud_restorer;
	/* An answer no kernel would give, to check the handler ran. */
	fake_pid = 0x7eadbeef;
	if (syscall(SYS_rt_sigaction, SIGSYS, &ksa, NULL, sizeof(ksa.mask))) {
		bench_fail(r, BENCH_FAILED, "rt_sigaction(SIGSYS): %s", strerror(errno));
		return;
	}
	if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, start, len, &selector)) {
		bench_fail(r, BENCH_UNSUPPORTED,
			   "PR_SET_SYSCALL_USER_DISPATCH: %s (needs Linux 5.11, "
			   "CONFIG_GENERIC_ENTRY)", strerror(errno));
		return;
	}
	selector = SYSCALL_DISPATCH_FILTER_BLOCK;
	if (vdso_syscall0(SYS_getpid) != fake_pid) {
		selector = SYSCALL_DISPATCH_FILTER_ALLOW;
		bench_fail(r, BENCH_FAILED, "getpid was not dispatched to the handler");
		return;
	}
	selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	bench_measure(r, plan, bench_loop_getpid, NULL, &hooks);
	selector = SYSCALL_DISPATCH_FILTER_ALLOW;
}
