// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "supervise/filter.h"
#include "vdso/syscall.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#define FILTER_WAIT_KILLABLE_RECV SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV

#define DATA(field) offsetof(struct seccomp_data, field)
#define ARG0_LO DATA(args[0])
#define IP_LO DATA(instruction_pointer)
#define IP_HI (DATA(instruction_pointer) + 4)

struct builder {
	struct filter_prog *p;
	int overflow;
};

static unsigned emit(struct builder *b, unsigned short code, unsigned char jt, unsigned char jf,
		     uint32_t k)
{
	struct sock_filter f = { code, jt, jf, k };

	if (b->p->len >= FILTER_MAX_INSNS) {
		b->overflow = 1;
		return 0;
	}
	b->p->insn[b->p->len] = f;
	return b->p->len++;
}

static void ld(struct builder *b, uint32_t off)
{
	emit(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, off);
}

static void ret(struct builder *b, uint32_t action)
{
	emit(b, BPF_RET | BPF_K, 0, 0, action);
}

/* Forward-only jump targets, patched once the target's index is known. */
struct fixup {
	unsigned insn;
	int which;			/* 0: jt, 1: jf, 2: k (BPF_JA) */
	int label;
};

enum { L_NOTIFY, L_ALLOW, L_IP, L_CLOCK, L_SLEEP, L_SLEEP_ID, L_COUNT };

struct labels {
	unsigned at[L_COUNT];
	struct fixup fix[FILTER_MAX_INSNS];
	unsigned nfix;
};

static void jump(struct builder *b, struct labels *l, unsigned short code, uint32_t k,
		 int jt_label, int jf_label)
{
	unsigned i = emit(b, code, 0, 0, k);

	if (jt_label >= 0 && l->nfix < FILTER_MAX_INSNS)
		l->fix[l->nfix++] = (struct fixup){ i, code == (BPF_JMP | BPF_JA) ? 2 : 0,
						    jt_label };
	if (jf_label >= 0 && l->nfix < FILTER_MAX_INSNS)
		l->fix[l->nfix++] = (struct fixup){ i, 1, jf_label };
}

static void match_ids(struct builder *b, struct labels *l, uint32_t mask)
{
	unsigned id;

	for (id = 0; id < 32; id++)
		if ((mask >> id) & 1)
			jump(b, l, BPF_JMP | BPF_JEQ | BPF_K, id, L_NOTIFY, -1);
	jump(b, l, BPF_JMP | BPF_JA, 0, L_ALLOW, -1);
}

static int patch(struct filter_prog *prog, const struct labels *l)
{
	unsigned i;

	for (i = 0; i < l->nfix; i++) {
		const struct fixup *f = &l->fix[i];
		unsigned off = l->at[f->label] - f->insn - 1;

		if (l->at[f->label] <= f->insn || (f->which < 2 && off > 255))
			return -E2BIG;
		if (f->which == 0)
			prog->insn[f->insn].jt = (unsigned char)off;
		else if (f->which == 1)
			prog->insn[f->insn].jf = (unsigned char)off;
		else
			prog->insn[f->insn].k = off;
	}
	return 0;
}

/* The system calls the listener may be sent (before their arguments and
 * the caller's address are looked at). */
static void dispatch(struct builder *b, struct labels *l, uint32_t virtual_mask, const int *extra,
		     size_t n, int label)
{
	const unsigned short jeq = BPF_JMP | BPF_JEQ | BPF_K;
	size_t i;

	for (i = 0; i < n; i++)
		jump(b, l, jeq, (uint32_t)extra[i], label, -1);
	if (virtual_mask) {
		jump(b, l, jeq, __NR_execve, label, -1);
		jump(b, l, jeq, __NR_execveat, label, -1);
	}
	if (virtual_mask & 1) {
		jump(b, l, jeq, __NR_gettimeofday, label, -1);
		jump(b, l, jeq, __NR_time, label, -1);
	}
}

/*
 * Layout (jumps are forward only, so blocks come in this order): arch
 * check, system call number check, IP range check, system call number
 * dispatch, clock id checks for clock_gettime, flags and clock id checks
 * for clock_nanosleep, then the shared RET ALLOW and RET USER_NOTIF.
 *
 * Every other call is allowed having looked at nothing but the
 * architecture and the number: the kernel then knows the answer for it
 * without running the filter (its seccomp action cache, 5.11+), which a
 * look at the caller's address first would defeat for every call.
 */
int filter_build(struct filter_prog *prog, uint32_t virtual_mask, uint64_t ip_start,
		 uint64_t ip_end, const int *extra, size_t n)
{
	const unsigned short jeq = BPF_JMP | BPF_JEQ | BPF_K;
	struct builder b = { prog, 0 };
	struct labels l = { { 0 }, { { 0, 0, 0 } }, 0 };

	prog->len = 0;
	/* A span crossing a 4 GiB boundary would need a wider check. */
	if ((ip_start >> 32) != ((ip_end - 1) >> 32))
		return -EINVAL;

	/* Other ABIs (i386, x32) pass through: their layouts are not served. */
	ld(&b, DATA(arch));
	emit(&b, jeq, 1, 0, AUDIT_ARCH_X86_64);
	ret(&b, SECCOMP_RET_ALLOW);
	ld(&b, DATA(nr));
	dispatch(&b, &l, virtual_mask, extra, n, L_IP);
	jump(&b, &l, jeq, __NR_clock_gettime, L_IP, -1);
	jump(&b, &l, jeq, __NR_clock_nanosleep, L_IP, -1);
	jump(&b, &l, BPF_JMP | BPF_JA, 0, L_ALLOW, -1);

	/* The moved vDSO's own fall-back calls go through. */
	l.at[L_IP] = prog->len;
	ld(&b, IP_HI);
	emit(&b, jeq, 0, 4, (uint32_t)(ip_start >> 32));
	ld(&b, IP_LO);
	emit(&b, BPF_JMP | BPF_JGE | BPF_K, 0, 2, (uint32_t)ip_start);
	emit(&b, BPF_JMP | BPF_JGE | BPF_K, 1, 0, (uint32_t)ip_end);
	ret(&b, SECCOMP_RET_ALLOW);

	ld(&b, DATA(nr));
	dispatch(&b, &l, virtual_mask, extra, n, L_NOTIFY);
	jump(&b, &l, jeq, __NR_clock_gettime, L_CLOCK, -1);
	jump(&b, &l, jeq, __NR_clock_nanosleep, L_SLEEP, -1);
	jump(&b, &l, BPF_JMP | BPF_JA, 0, L_ALLOW, -1);

	l.at[L_CLOCK] = prog->len;
	ld(&b, ARG0_LO);
	match_ids(&b, &l, virtual_mask);

	/* Only absolute deadlines: a relative sleep means the same in any time. */
	l.at[L_SLEEP] = prog->len;
	ld(&b, DATA(args[1]));
	jump(&b, &l, BPF_JMP | BPF_JSET | BPF_K, FILTER_TIMER_ABSTIME, L_SLEEP_ID, L_ALLOW);
	l.at[L_SLEEP_ID] = prog->len;
	ld(&b, ARG0_LO);
	match_ids(&b, &l, virtual_mask & FILTER_SLEEP_CLOCKS);

	l.at[L_ALLOW] = prog->len;
	ret(&b, SECCOMP_RET_ALLOW);
	l.at[L_NOTIFY] = prog->len;
	ret(&b, SECCOMP_RET_USER_NOTIF);
	if (b.overflow)
		return -E2BIG;
	return patch(prog, &l);
}

int filter_wait_killable_recv(void)
{
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		       SECCOMP_FILTER_FLAG_NEW_LISTENER | FILTER_WAIT_KILLABLE_RECV, NULL) < 0 &&
	       errno == EFAULT;
}

/* Raw calls, nothing instrumented: the command's child runs it while it
 * shares the supervisor's memory, thread-local errno included (launch.c). */
__attribute__((no_sanitize("address", "undefined")))
int filter_install(const struct filter_prog *prog)
{
	struct sock_fprog fprog = {
		.len = prog->len,
		.filter = (struct sock_filter *)prog->insn,
	};
	long fd = vdso_syscall6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);

	if (fd)
		return (int)fd;
	/* Once the supervisor has read a notification, only SIGKILL may end
	 * the wait: an exec is not interrupted half way by a signal (5.19+). */
	fd = vdso_syscall6(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			   SECCOMP_FILTER_FLAG_NEW_LISTENER | FILTER_WAIT_KILLABLE_RECV,
			   (long)&fprog, 0, 0, 0);
	if (fd == -EINVAL)
		fd = vdso_syscall6(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				   SECCOMP_FILTER_FLAG_NEW_LISTENER, (long)&fprog, 0, 0, 0);
	return (int)fd;
}
