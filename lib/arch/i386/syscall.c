// SPDX-License-Identifier: MIT
/*
 * i386: nr in eax, arguments in ebx ecx edx esi edi ebp, result in eax;
 * entered through __kernel_vsyscall (the vDSO picks sysenter or syscall,
 * whichever the CPU does fastest) when the kernel passed AT_SYSINFO and
 * vdso_syscall_init was told, else through int $0x80, which always works.
 * ebx (the PIC register) and ebp (the frame pointer) are the caller's, so
 * the call is one assembly function that saves all four callee-saved
 * registers; cdecl passes everything on the stack.
 */
#include <vdso/syscall.h>

#define AT_NULL 0
#define AT_SYSINFO 32

long vdso_i386_enter(long nr, long a1, long a2, long a3, long a4, long a5, long a6, long entry);

__asm__(".text\n"
	".global vdso_i386_enter\n"
	".type vdso_i386_enter, @function\n"
	"vdso_i386_enter:\n"
	"	push %ebp\n"
	"	push %edi\n"
	"	push %esi\n"
	"	push %ebx\n"
	"	mov 20(%esp), %eax\n"
	"	mov 24(%esp), %ebx\n"
	"	mov 28(%esp), %ecx\n"
	"	mov 32(%esp), %edx\n"
	"	mov 36(%esp), %esi\n"
	"	mov 40(%esp), %edi\n"
	"	mov 44(%esp), %ebp\n"
	"	cmpl $0, 48(%esp)\n"
	"	je 1f\n"
	"	call *48(%esp)\n"
	"	jmp 2f\n"
	"1:	int $0x80\n"
	"2:	pop %ebx\n"
	"	pop %esi\n"
	"	pop %edi\n"
	"	pop %ebp\n"
	"	ret\n"
	".size vdso_i386_enter, .-vdso_i386_enter\n");

/* Set once by vdso_syscall_init; a word-sized store, no libc needed. */
static long kernel_vsyscall;

int vdso_syscall_init(const unsigned long *auxv)
{
	for (; auxv && auxv[0] != AT_NULL; auxv += 2) {
		if (auxv[0] == AT_SYSINFO) {
			kernel_vsyscall = (long)auxv[1];
			return 1;
		}
	}
	return 0;
}

long vdso_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return vdso_i386_enter(nr, a1, a2, a3, a4, a5, a6, kernel_vsyscall);
}

/* arch/x86/entry/vdso/vdso32/vdso32.lds.S: __vdso_* under LINUX_2.6,
 * __kernel_vsyscall under LINUX_2.5. */
const struct vdso_arch_names vdso_arch_names = {
	.version = "LINUX_2.6",
	.clock_gettime = "__vdso_clock_gettime",
	.gettimeofday = "__vdso_gettimeofday",
	.time = "__vdso_time",
	.clock_getres = "__vdso_clock_getres",
	.getcpu = "__vdso_getcpu",
};
