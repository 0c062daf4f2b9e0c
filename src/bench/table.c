// SPDX-License-Identifier: MIT
/* The mechanisms, in the order the table shows them: cheapest first. */
#include <string.h>
#include "bench/bench.h"

/* The 2007 figures quoted by the seeds (a Pentium-era machine). */
const struct bench_mech bench_mechs[] = {
	{ "vdso", "vDSO clock_gettime, called directly", 0, NULL, bench_vdso },
	{ "libc", "libc clock_gettime", 0, NULL, bench_libc },
	{ "vsyscall", "vsyscall page gettimeofday", 880, "vsyscall page", bench_vsyscall },
	{ "syscall-getpid", "syscall instruction: getpid", 1240, "sysenter", bench_syscall_getpid },
	{ "syscall-clock", "syscall instruction: clock_gettime", 0, NULL, bench_syscall_clock },
	{ "int80", "int $0x80: getpid", 1670, "int 0x80", bench_int80 },
	{ "seccomp-allow", "getpid, seccomp filter allows", 0, NULL, bench_seccomp_allow },
	{ "seccomp-trap", "getpid, SECCOMP_RET_TRAP + SIGSYS", 0, NULL, bench_seccomp_trap },
	{ "sud", "getpid, Syscall User Dispatch + SIGSYS", 0, NULL, bench_sud },
	{ "ptrace-seccomp", "getpid, SECCOMP_RET_TRACE + tracer", 0, NULL, bench_ptrace_seccomp },
	{ "ptrace-syscall", "getpid, PTRACE_SYSCALL stops", 0, NULL, bench_ptrace_syscall },
	{ "seccomp-notify", "getpid, seccomp user notification", 0, NULL, bench_seccomp_notify },
	{ "run", "clock_gettime under vdsotool run", 0, NULL, bench_run },
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
