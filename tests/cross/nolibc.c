// SPDX-License-Identifier: MIT
/*
 * libvdso with no C library at all: our own _start, the auxiliary vector
 * found behind envp, raw system calls for output and exit, and (where the
 * kernel or emulator maps one) a clock read through the vDSO.  Linked
 * -nostdlib -static against libvdso.a only: any libc or libgcc symbol
 * libvdso needed would fail the link.  Prints TAP.
 */
#include <stddef.h>
#include <stdint.h>
#include <asm/unistd.h>
#include <vdso/auxv.h>
#include <vdso/syscall.h>
#include <vdso/vdso.h>

/* Each architecture's entry: hand the initial stack pointer to start_c. */
#if defined(__x86_64__)
__asm__(".text\n.global _start\n_start:\n xor %rbp, %rbp\n mov %rsp, %rdi\n"
	" and $-16, %rsp\n call start_c\n hlt\n");
#elif defined(__i386__)
__asm__(".text\n.global _start\n_start:\n xor %ebp, %ebp\n mov %esp, %eax\n"
	" and $-16, %esp\n sub $12, %esp\n push %eax\n call start_c\n hlt\n");
#elif defined(__aarch64__)
__asm__(".text\n.global _start\n_start:\n mov x0, sp\n bl start_c\n");
#elif defined(__riscv)
__asm__(".text\n.global _start\n_start:\n mv a0, sp\n call start_c\n");
#elif defined(__arm__)
__asm__(".text\n.global _start\n_start:\n mov r0, sp\n bl start_c\n");
#endif

#ifndef __NR_exit_group
#define __NR_exit_group 248
#endif

struct kts {
	long sec;
	long nsec;
};

static int n, failed;

static void out(const char *s)
{
	size_t len = 0;

	while (s[len])
		len++;
	vdso_syscall3(__NR_write, 1, (long)s, (long)len);
}

static void out_num(long v)
{
	char buf[24];
	int i = (int)sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i > 0);
	out(buf + i);
}

static void ok(int cond, const char *what)
{
	n++;
	out(cond ? "ok " : "not ok ");
	out_num(n);
	out(" - ");
	out(what);
	out("\n");
	failed |= !cond;
}

void start_c(long *sp);

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1), **envp = argv + sp[0] + 1;
	const unsigned long *auxv = vdso_auxv_from_envp(envp);
	const void *base = vdso_base_from_auxv(auxv);
	struct vdso_image img;
	struct vdso_sym s;

	ok(sp[0] >= 1 && argv[0] != 0, "argc and argv from the initial stack");
	ok(vdso_auxv_get(auxv, 6) == 4096 || vdso_auxv_get(auxv, 6) >= 4096,
	   "AT_PAGESZ from the auxiliary vector behind envp");
	ok(vdso_syscall0(__NR_getpid) > 0, "getpid as a raw system call");
	ok(vdso_syscall1(__NR_close, -1) == -9, "close(-1) is -EBADF");
	if (!base) {
		n++;
		out("ok ");
		out_num(n);
		out(" - clock_gettime through the vDSO # SKIP no vDSO mapped (qemu-user)\n");
	} else if (vdso_image_parse_mapped(&img, base) ||
		   vdso_lookup(&img, vdso_arch_names.clock_gettime, vdso_arch_names.version, &s)) {
		ok(0, "the vDSO parses and exports clock_gettime");
	} else {
		int (*fn)(int, struct kts *) = (int (*)(int, struct kts *))vdso_sym_addr(&img, &s);
		struct kts t = { 0, 0 };

		ok(fn(1, &t) == 0 && t.nsec >= 0 && t.nsec < 1000000000 && (t.sec || t.nsec),
		   "clock_gettime(CLOCK_MONOTONIC) through the vDSO, without libc");
	}
	out("1..");
	out_num(n);
	out("\n");
	vdso_syscall1(__NR_exit_group, failed);
	for (;;)
		;
}
