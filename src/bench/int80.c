// SPDX-License-Identifier: MIT
/*
 * int $0x80 from 64-bit code enters the kernel's IA32 compat path (32-bit
 * syscall numbers, 32-bit arguments).  Without IA32 emulation (config off,
 * or ia32_emulation=0 on the command line) the IDT gate is absent and the
 * instruction raises #GP, i.e. SIGSEGV; a kernel that keeps the gate but
 * refuses compat syscalls answers -ENOSYS.  So a throw-away grandchild
 * tries it first, and only a working one is measured.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench/bench.h"

#define NR32_GETPID 20

static long int80_getpid(void)
{
	long ret = NR32_GETPID;

	__asm__ volatile("int $0x80" : "+a"(ret) : : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static void loop(void *arg, unsigned long n)
{
	(void)arg;
	while (n--)
		int80_getpid();
}

void bench_int80(struct bench_result *r, const struct bench_plan *plan)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		bench_fail(r, BENCH_FAILED, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		struct rlimit none = { 0, 0 };
		long ret;

		/* The expected SIGSEGV must not leave a core file behind. */
		setrlimit(RLIMIT_CORE, &none);
		signal(SIGSEGV, SIG_DFL);
		ret = int80_getpid();
		_exit(ret == -ENOSYS ? 3 : ret == getpid() ? 0 : 4);
	}
	if (waitpid(pid, &status, 0) != pid) {
		bench_fail(r, BENCH_FAILED, "waitpid: %s", strerror(errno));
		return;
	}
	if (WIFSIGNALED(status)) {
		bench_fail(r, BENCH_UNSUPPORTED,
			   "int $0x80 raised %s: kernel without IA32 emulation "
			   "(CONFIG_IA32_EMULATION off or ia32_emulation=0)",
			   strsignal(WTERMSIG(status)));
		return;
	}
	if (WEXITSTATUS(status) == 3) {
		bench_fail(r, BENCH_UNSUPPORTED,
			   "int $0x80 getpid returned -ENOSYS: IA32 syscalls disabled");
		return;
	}
	if (WEXITSTATUS(status) != 0) {
		bench_fail(r, BENCH_FAILED, "int $0x80 getpid returned a wrong pid");
		return;
	}
	bench_measure(r, plan, loop, NULL, NULL);
}
