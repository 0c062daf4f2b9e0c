// SPDX-License-Identifier: MIT
/*
 * libvdso's raw system calls on this architecture, compared with the C
 * library's wrappers.  Built static with the cross compiler and run under
 * qemu-user (or natively); prints TAP.  No cmocka: it has no cross build.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <vdso/syscall.h>
#include <vdso/vdso.h>

static int n, failed;

static void ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, what);
	failed |= !cond;
}

static void skip(const char *what, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++n, what, why);
}

/* The kernel's 64-bit timespec, which every ABI's clock_gettime64 or
 * (on 64-bit ABIs) clock_gettime fills. */
struct kts64 {
	long long sec;
	long long nsec;
};

#if defined(__NR_clock_gettime64)
#define NR_CLOCK_GETTIME64 __NR_clock_gettime64
#else
#define NR_CLOCK_GETTIME64 __NR_clock_gettime
#endif

static void test_clock(void)
{
	struct kts64 raw;
	struct timespec libc;
	long ret = vdso_syscall2(NR_CLOCK_GETTIME64, CLOCK_REALTIME, (long)&raw);

	clock_gettime(CLOCK_REALTIME, &libc);
	ok(ret == 0 && raw.sec - (long long)libc.tv_sec <= 1 && (long long)libc.tv_sec - raw.sec <= 1,
	   "clock_gettime(CLOCK_REALTIME) agrees with libc's to the second");
}

static void test_pipe(void)
{
	int p[2];
	char buf[8] = { 0 };

	if (pipe(p)) {
		ok(0, "pipe");
		return;
	}
	ok(vdso_syscall3(__NR_write, p[1], (long)"libvdso", 7) == 7, "write(2) of 7 bytes returns 7");
	ok(read(p[0], buf, sizeof(buf)) == 7 && !memcmp(buf, "libvdso", 7),
	   "what write(2) wrote reads back through libc");
	close(p[0]);
	close(p[1]);
}

/* Six arguments: mmap, or mmap2 (offset in pages) on 32-bit ABIs. */
static void test_mmap(void)
{
#if defined(__NR_mmap2)
	long nr = __NR_mmap2;
#else
	long nr = __NR_mmap;
#endif
	long p = vdso_syscall6(nr, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

	ok(!vdso_syscall_failed(p), "mmap with six arguments maps a page");
	if (vdso_syscall_failed(p))
		return;
	((volatile char *)p)[100] = 42;
	ok(((volatile char *)p)[100] == 42, "the page is writable");
	ok(vdso_syscall2(__NR_munmap, p, 4096) == 0, "munmap returns 0");
}

static void test_vdso(void)
{
	const void *base = (const void *)getauxval(AT_SYSINFO_EHDR);
	int (*fn)(clockid_t, void *);
	struct vdso_image img;
	struct vdso_sym s;
	struct kts64 ts64;
	struct timespec ts;

	if (!base) {
		skip("clock_gettime through the vDSO", "no vDSO (AT_SYSINFO_EHDR) under this "
		     "qemu-user");
		return;
	}
	ok(vdso_image_parse_mapped(&img, base) == 0, "the vDSO parses");
	if (vdso_lookup(&img, vdso_arch_names.clock_gettime, vdso_arch_names.version, &s)) {
		ok(0, "the vDSO exports this architecture's clock_gettime");
		return;
	}
	fn = (int (*)(clockid_t, void *))vdso_sym_addr(&img, &s);
	/* 32-bit ABIs' __vdso_clock_gettime takes the 32-bit timespec, as libc's. */
	if (sizeof(long) == 4) {
		ok(fn(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_nsec < 1000000000,
		   "clock_gettime through the vDSO");
	} else {
		ok(fn(CLOCK_MONOTONIC, &ts64) == 0 && ts64.nsec < 1000000000,
		   "clock_gettime through the vDSO");
	}
}

#ifdef __i386__
/*
 * qemu-user passes no AT_SYSINFO: a stand-in with the same contract as the
 * kernel's __kernel_vsyscall (registers in, eax out, returns) still proves
 * that vdso_syscall_init switches the entry and that calls go through it.
 */
static volatile int stand_in_calls;
void stand_in_vsyscall(void);
__asm__(".text\n"
	"stand_in_vsyscall:\n"
	"	incl stand_in_calls\n"
	"	int $0x80\n"
	"	ret\n");
#endif

int main(void)
{
	const unsigned long *auxv = NULL;
	unsigned long at_sysinfo = getauxval(32);
	char name[64];

	(void)auxv;
	printf("# %s: sizeof(long) = %zu\n", vdso_arch_names.clock_gettime, sizeof(long));
	ok(vdso_syscall0(__NR_getpid) == getpid(), "getpid matches libc");
	ok(vdso_syscall1(__NR_close, -1) == -EBADF, "close(-1) returns -EBADF");
	ok(vdso_syscall_failed(-EBADF) && !vdso_syscall_failed(0), "error range is -4095..-1");
	test_clock();
	test_pipe();
	test_mmap();
	test_vdso();
	if (at_sysinfo) {
		/* i386: switch to __kernel_vsyscall and do it all again. */
		unsigned long vec[4] = { 32, at_sysinfo, 0, 0 };

		ok(vdso_syscall_init(vec) == 1, "vdso_syscall_init takes AT_SYSINFO");
		snprintf(name, sizeof(name), "getpid through __kernel_vsyscall");
		ok(vdso_syscall0(__NR_getpid) == getpid(), name);
		ok(vdso_syscall1(__NR_close, -1) == -EBADF, "close(-1) through __kernel_vsyscall");
		test_mmap();
	} else if (sizeof(long) == 4 && vdso_arch_names.time) {
#ifdef __i386__
		unsigned long vec[4] = { 32, (unsigned long)stand_in_vsyscall, 0, 0 };

		ok(vdso_syscall_init(vec) == 1, "vdso_syscall_init takes AT_SYSINFO");
		ok(vdso_syscall0(__NR_getpid) == getpid() && stand_in_calls == 1,
		   "getpid goes through the AT_SYSINFO entry (a stand-in: qemu-user has none)");
		ok(vdso_syscall1(__NR_close, -1) == -EBADF && stand_in_calls == 2,
		   "close(-1) through the AT_SYSINFO entry returns -EBADF");
		test_mmap();
#endif
	}
	printf("1..%d\n", n);
	return failed;
}
