/* SPDX-License-Identifier: MIT */
/*
 * Raw system calls with the kernel's register conventions, no errno:
 * the result is the kernel's own value, -4095..-1 meaning -errno.
 * Implemented per architecture in lib/arch/<arch>/.
 */
#ifndef VDSO_SYSCALL_H
#define VDSO_SYSCALL_H

#ifdef __cplusplus
extern "C" {
#endif

long vdso_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

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
