// SPDX-License-Identifier: MIT
/*
 * A vDSO-shaped shared object: the entry points of one architecture's
 * kernel vDSO, with the kernel's names, built -nostdlib -shared with the
 * version script of that architecture (tests/cross/versions/ARCH.map).
 * The bodies do not matter; only the ELF shape does.  FIXTURE_ARCH selects
 * the names, as the kernel's linker scripts define them.
 */
#define ENTRY(name)            \
	int name(void);        \
	int name(void)         \
	{                      \
		return __LINE__; \
	}

#if defined(FIXTURE_X86_64) || defined(FIXTURE_I386)
/* arch/x86/entry/vdso/vdso.lds.S and vdso32/vdso32.lds.S */
ENTRY(__vdso_clock_gettime)
ENTRY(__vdso_gettimeofday)
ENTRY(__vdso_time)
ENTRY(__vdso_clock_getres)
ENTRY(__vdso_getcpu)
int clock_gettime(void) __attribute__((weak, alias("__vdso_clock_gettime")));
#ifdef FIXTURE_I386
ENTRY(__vdso_clock_gettime64)
ENTRY(__kernel_vsyscall)
ENTRY(__kernel_sigreturn)
ENTRY(__kernel_rt_sigreturn)
#endif
#elif defined(FIXTURE_ARM)
/* arch/arm/vdso/vdso.lds.S */
ENTRY(__vdso_clock_gettime)
ENTRY(__vdso_gettimeofday)
ENTRY(__vdso_clock_getres)
ENTRY(__vdso_clock_gettime64)
#elif defined(FIXTURE_AARCH64)
/* arch/arm64/kernel/vdso/vdso.lds.S */
ENTRY(__kernel_rt_sigreturn)
ENTRY(__kernel_gettimeofday)
ENTRY(__kernel_clock_gettime)
ENTRY(__kernel_clock_getres)
#elif defined(FIXTURE_RISCV64)
/* arch/riscv/kernel/vdso/vdso.lds.S */
ENTRY(__vdso_rt_sigreturn)
ENTRY(__vdso_gettimeofday)
ENTRY(__vdso_clock_gettime)
ENTRY(__vdso_clock_getres)
ENTRY(__vdso_getcpu)
ENTRY(__vdso_flush_icache)
ENTRY(__vdso_riscv_hwprobe)
#endif
