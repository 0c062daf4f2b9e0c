// SPDX-License-Identifier: MIT
/*
 * SECCOMP_RET_TRAP: the kernel skips getpid and sends SIGSYS; the handler
 * answers by writing the return value into the saved rax of the
 * ucontext, which rt_sigreturn then restores.  Each call costs the
 * syscall entry, the filter, signal delivery, the handler and
 * rt_sigreturn (itself a syscall, allowed by the filter).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <vdso/syscall.h>
#include "bench/bench.h"

static volatile long fake_pid;

static void on_sigsys(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_RAX] = fake_pid;
}

void bench_seccomp_trap(struct bench_result *r, const struct bench_plan *plan)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	/* An answer no kernel would give, to check the handler ran. */
	fake_pid = 0x7eadbeef;
	if (sigaction(SIGSYS, &sa, NULL)) {
		bench_fail(r, BENCH_FAILED, "sigaction(SIGSYS): %s", strerror(errno));
		return;
	}
	if (bench_seccomp_install(SECCOMP_RET_TRAP, 0) < 0) {
		bench_fail(r, BENCH_UNSUPPORTED, "seccomp(SECCOMP_RET_TRAP): %s", strerror(errno));
		return;
	}
	if (vdso_syscall0(SYS_getpid) != fake_pid) {
		bench_fail(r, BENCH_FAILED, "getpid was not answered by the SIGSYS handler");
		return;
	}
	bench_measure(r, plan, bench_loop_getpid, NULL, NULL);
}
