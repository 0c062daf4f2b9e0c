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

/*
 * Layout (jumps are forward only, so the blocks are placed in order):
 *   arch check, IP range check, syscall number dispatch, clock id dispatch,
 *   then the shared RET ALLOW / RET USER_NOTIF.
 */
int filter_build(struct filter_prog *prog, uint32_t virtual_mask, uint64_t ip_start,
		 uint64_t ip_end)
{
	struct builder b = { prog, 0 };
	unsigned ids[32], nids = 0, i, allow, notify;
	int realtime = virtual_mask & 1;
	unsigned short jeq = BPF_JMP | BPF_JEQ | BPF_K;

	prog->len = 0;
	for (i = 0; i < 32; i++)
		if ((virtual_mask >> i) & 1)
			ids[nids++] = i;
	/* A span crossing a 4 GiB boundary would need a wider check. */
	if ((ip_start >> 32) != ((ip_end - 1) >> 32))
		return -EINVAL;

	/* Other ABIs (i386, x32) pass through: their layouts are not served. */
	ld(&b, DATA(arch));
	emit(&b, jeq, 1, 0, AUDIT_ARCH_X86_64);
	ret(&b, SECCOMP_RET_ALLOW);
	ld(&b, IP_HI);
	emit(&b, jeq, 0, 4, (uint32_t)(ip_start >> 32));
	ld(&b, IP_LO);
	emit(&b, BPF_JMP | BPF_JGE | BPF_K, 0, 2, (uint32_t)ip_start);
	emit(&b, BPF_JMP | BPF_JGE | BPF_K, 1, 0, (uint32_t)ip_end);
	ret(&b, SECCOMP_RET_ALLOW);

	ld(&b, DATA(nr));
	/* Each test below jumps to the RET USER_NOTIF at the end (patched). */
	unsigned first = prog->len;

	emit(&b, jeq, 0, 0, __NR_execve);
	emit(&b, jeq, 0, 0, __NR_execveat);
	if (realtime) {
		emit(&b, jeq, 0, 0, __NR_gettimeofday);
		emit(&b, jeq, 0, 0, __NR_time);
	}
	unsigned cg = emit(&b, jeq, 0, 0, __NR_clock_gettime);
	unsigned last_nr = cg;
	allow = 0;

	/* Not clock_gettime: allow (jump over the clock id block). */
	unsigned skip = emit(&b, BPF_JMP | BPF_JA, 0, 0, 0);
	unsigned clk_block = prog->len;

	ld(&b, ARG0_LO);
	unsigned first_id = prog->len;

	for (i = 0; i < nids; i++)
		emit(&b, jeq, 0, 0, ids[i]);
	allow = emit(&b, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
	notify = emit(&b, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_USER_NOTIF);
	if (b.overflow)
		return -E2BIG;

	for (i = first; i < last_nr; i++)
		prog->insn[i].jt = (unsigned char)(notify - i - 1);
	prog->insn[cg].jt = (unsigned char)(clk_block - cg - 1);
	prog->insn[skip].k = allow - skip - 1;
	for (i = first_id; i < first_id + nids; i++)
		prog->insn[i].jt = (unsigned char)(notify - i - 1);
	return 0;
}

int filter_install(const struct filter_prog *prog)
{
	struct sock_fprog fprog = {
		.len = prog->len,
		.filter = (struct sock_filter *)prog->insn,
	};
	long fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fprog);
	return fd < 0 ? -errno : (int)fd;
}
