// SPDX-License-Identifier: MIT
/* riscv64: ecall, nr in a7, arguments in a0..a5, result in a0. */
#include <vdso/syscall.h>

long vdso_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long a7 __asm__("a7") = nr;
	register long r0 __asm__("a0") = a1;
	register long r1 __asm__("a1") = a2;
	register long r2 __asm__("a2") = a3;
	register long r3 __asm__("a3") = a4;
	register long r4 __asm__("a4") = a5;
	register long r5 __asm__("a5") = a6;

	__asm__ volatile("ecall"
			 : "+r"(r0)
			 : "r"(a7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
			 : "memory");
	return r0;
}

int vdso_syscall_init(const unsigned long *auxv)
{
	(void)auxv;
	return 0;
}

/* arch/riscv/kernel/vdso/vdso.lds.S: __vdso_* under LINUX_4.15 (no time). */
const struct vdso_arch_names vdso_arch_names = {
	.version = "LINUX_4.15",
	.clock_gettime = "__vdso_clock_gettime",
	.gettimeofday = "__vdso_gettimeofday",
	.time = 0,
	.clock_getres = "__vdso_clock_getres",
	.getcpu = "__vdso_getcpu",
};
