/* SPDX-License-Identifier: MIT */
/*
 * Raw system calls with the kernel's register conventions, no errno:
 * the result is the kernel's own value, -4095..-1 meaning -errno.
 * Implemented per architecture in lib/arch/<arch>/ (docs/libvdso.md):
 *   x86_64   syscall    nr rax; rdi rsi rdx r10 r8 r9
 *   i386     int $0x80 or __kernel_vsyscall; nr eax; ebx ecx edx esi edi ebp
 *   arm      svc #0     nr r7; r0..r5 (EABI)
 *   aarch64  svc #0     nr x8; x0..x5
 *   riscv64  ecall      nr a7; a0..a5
 */
#ifndef VDSO_SYSCALL_H
#define VDSO_SYSCALL_H

#ifdef __cplusplus
extern "C" {
#endif

long vdso_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

/*
 * Optional: lets the library use the fastest entry the kernel offers.
 * On i386, AT_SYSINFO names __kernel_vsyscall, which then replaces
 * int $0x80 (returns 1); elsewhere there is nothing to set (returns 0).
 * Call it once, before other threads make system calls through libvdso.
 */
int vdso_syscall_init(const unsigned long *auxv);

static inline long vdso_syscall0(long nr)
{
	return vdso_syscall6(nr, 0, 0, 0, 0, 0, 0);
}

static inline long vdso_syscall1(long nr, long a1)
{
	return vdso_syscall6(nr, a1, 0, 0, 0, 0, 0);
}

static inline long vdso_syscall2(long nr, long a1, long a2)
{
	return vdso_syscall6(nr, a1, a2, 0, 0, 0, 0);
}

static inline long vdso_syscall3(long nr, long a1, long a2, long a3)
{
	return vdso_syscall6(nr, a1, a2, a3, 0, 0, 0);
}

static inline long vdso_syscall4(long nr, long a1, long a2, long a3, long a4)
{
	return vdso_syscall6(nr, a1, a2, a3, a4, 0, 0);
}

static inline long vdso_syscall5(long nr, long a1, long a2, long a3, long a4, long a5)
{
	return vdso_syscall6(nr, a1, a2, a3, a4, a5, 0);
}

/* True when a raw result is an error code rather than a value. */
static inline int vdso_syscall_failed(long ret)
{
	return (unsigned long)ret > -4096UL;
}

/* The architecture's vDSO entry names and version node (see lib/arch). */
struct vdso_arch_names {
	const char *version;		/* e.g. "LINUX_2.6" */
	const char *clock_gettime;
	const char *gettimeofday;	/* NULL where the arch has none */
	const char *time;
	const char *clock_getres;
	const char *getcpu;
};
extern const struct vdso_arch_names vdso_arch_names;

#ifdef __cplusplus
}
#endif

#endif /* VDSO_SYSCALL_H */
