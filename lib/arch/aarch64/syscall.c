// SPDX-License-Identifier: MIT
/* aarch64: svc #0, nr in x8, arguments in x0..x5, result in x0. */
#include <vdso/syscall.h>

long vdso_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a1;
	register long x1 __asm__("x1") = a2;
	register long x2 __asm__("x2") = a3;
	register long x3 __asm__("x3") = a4;
	register long x4 __asm__("x4") = a5;
	register long x5 __asm__("x5") = a6;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory", "cc");
	return x0;
}

int vdso_syscall_init(const unsigned long *auxv)
{
	(void)auxv;
	return 0;
}

/* arch/arm64/kernel/vdso/vdso.lds.S: the entries are __kernel_*, under LINUX_2.6.39. */
const struct vdso_arch_names vdso_arch_names = {
	.version = "LINUX_2.6.39",
	.clock_gettime = "__kernel_clock_gettime",
	.gettimeofday = "__kernel_gettimeofday",
	.time = 0,
	.clock_getres = "__kernel_clock_getres",
	.getcpu = 0,
};
