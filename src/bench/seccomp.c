// SPDX-License-Identifier: MIT
/*
 * A raw classic-BPF seccomp filter (no libseccomp): check the audit arch
 * (an x32 or i386 syscall number means something else), then return
 * action for getpid and ALLOW for the rest, so the measuring code's own
 * syscalls (write to the pipe, exit) go through untouched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "bench/bench.h"

int bench_seccomp_install(unsigned action, unsigned flags)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	/* Unprivileged filters need no_new_privs; set it even as root so
	 * the bench behaves the same for everyone. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

void bench_seccomp_allow(struct bench_result *r, const struct bench_plan *plan)
{
	if (bench_seccomp_install(SECCOMP_RET_ALLOW, 0) < 0) {
		bench_fail(r, BENCH_UNSUPPORTED, "seccomp(SECCOMP_SET_MODE_FILTER): %s",
			   strerror(errno));
		return;
	}
	bench_measure(r, plan, bench_loop_getpid, NULL, NULL);
}
