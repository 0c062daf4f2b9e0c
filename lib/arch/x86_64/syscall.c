// SPDX-License-Identifier: MIT
/*
 * x86_64: nr in rax, arguments in rdi rsi rdx r10 r8 r9, result in rax.
 * The syscall instruction clobbers rcx (return rip) and r11 (rflags).
 */
#include <vdso/syscall.h>

long vdso_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

int vdso_syscall_init(const unsigned long *auxv)
{
	(void)auxv;
	return 0;
}

/* arch/x86/entry/vdso/vdso.lds.S: every entry under LINUX_2.6. */
const struct vdso_arch_names vdso_arch_names = {
	.version = "LINUX_2.6",
	.clock_gettime = "__vdso_clock_gettime",
	.gettimeofday = "__vdso_gettimeofday",
	.time = "__vdso_time",
	.clock_getres = "__vdso_clock_getres",
	.getcpu = "__vdso_getcpu",
};
