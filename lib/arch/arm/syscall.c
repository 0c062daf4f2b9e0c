// SPDX-License-Identifier: MIT
/*
 * arm (EABI): svc #0, nr in r7, arguments in r0..r5, result in r0.
 * Written as a whole function in assembly: r7 is the Thumb-2 frame
 * pointer, which inline asm may not claim, and r4/r5 are callee-saved.
 * AAPCS passes nr, a1, a2, a3 in r0..r3 and a4..a6 on the stack.
 */
#include <vdso/syscall.h>

__asm__(".text\n"
	".syntax unified\n"
	".arm\n"
	".align 2\n"
	".global vdso_syscall6\n"
	".type vdso_syscall6, %function\n"
	"vdso_syscall6:\n"
	"	push {r4, r5, r7, lr}\n"
	"	mov r7, r0\n"
	"	mov r0, r1\n"
	"	mov r1, r2\n"
	"	mov r2, r3\n"
	"	ldr r3, [sp, #16]\n"
	"	ldr r4, [sp, #20]\n"
	"	ldr r5, [sp, #24]\n"
	"	svc #0\n"
	"	pop {r4, r5, r7, pc}\n"
	".size vdso_syscall6, .-vdso_syscall6\n");

int vdso_syscall_init(const unsigned long *auxv)
{
	(void)auxv;
	return 0;
}

/* arch/arm/vdso/vdso.lds.S: __vdso_* under LINUX_2.6; no time, no getcpu. */
const struct vdso_arch_names vdso_arch_names = {
	.version = "LINUX_2.6",
	.clock_gettime = "__vdso_clock_gettime",
	.gettimeofday = "__vdso_gettimeofday",
	.time = 0,
	.clock_getres = "__vdso_clock_getres",
	.getcpu = 0,
};
