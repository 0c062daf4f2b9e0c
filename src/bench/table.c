// SPDX-License-Identifier: MIT
/* The mechanisms, in the order the table shows them: cheapest first. */
#include <string.h>
#include "bench/bench.h"

/* The 2007 figures quoted by the seeds (a Pentium-era machine). */
const struct bench_mech bench_mechs[] = {
	{ "vdso", "clock_gettime(CLOCK_MONOTONIC) through the vDSO, called directly", 0, NULL,
	  bench_vdso },
	{ "libc", "clock_gettime(CLOCK_MONOTONIC) through the C library", 0, NULL, bench_libc },
	{ "vsyscall", "gettimeofday() through the vsyscall page at 0xffffffffff600000", 880,
	  "vsyscall page", bench_vsyscall },
	{ "syscall-getpid", "getpid() with the syscall instruction", 1240, "sysenter",
	  bench_syscall_getpid },
	{ "syscall-clock", "clock_gettime(CLOCK_MONOTONIC) with the syscall instruction", 0, NULL,
	  bench_syscall_clock },
	{ "int80", "getpid() with int $0x80, the i386 entry", 1670, "int 0x80", bench_int80 },
	{ "seccomp-allow", "getpid() under a seccomp filter that allows it", 0, NULL,
	  bench_seccomp_allow },
	{ "seccomp-trap", "getpid() under SECCOMP_RET_TRAP, answered by a SIGSYS handler", 0, NULL,
	  bench_seccomp_trap },
	{ "sud", "getpid() under Syscall User Dispatch, answered by a SIGSYS handler", 0, NULL,
	  bench_sud },
	{ "ptrace-seccomp", "getpid() under SECCOMP_RET_TRACE, resumed by a ptrace tracer", 0,
	  NULL, bench_ptrace_seccomp },
	{ "ptrace-syscall", "getpid() stopped at entry and exit by PTRACE_SYSCALL", 0, NULL,
	  bench_ptrace_syscall },
	{ "seccomp-notify", "getpid() under seccomp user notification, answered by a supervisor",
	  0, NULL, bench_seccomp_notify },
	{ "run", "clock_gettime(CLOCK_MONOTONIC) through the replacement vDSO under vdsotool run",
	  0, NULL, bench_run },
};
const size_t bench_nmechs = sizeof(bench_mechs) / sizeof(bench_mechs[0]);

const struct bench_mech *bench_find(const char *name)
{
	size_t i;

	for (i = 0; i < bench_nmechs; i++)
		if (!strcmp(bench_mechs[i].name, name))
			return &bench_mechs[i];
	return NULL;
}
