// SPDX-License-Identifier: MIT
/*
 * The trap filter: the second seccomp filter, installed in a process by
 * the installer (once per chain of execs: descendants inherit it).  It
 * sends to the in-process runtime (SECCOMP_RET_TRAP | RT_MARKER) exactly
 * the calls that must follow the virtual clock, and the signal calls that
 * could take SIGSYS away from it.  Everything else, and everything the
 * runtime itself (or the moved kernel vDSO) calls, passes.
 *
 * Each system call has a block of its own that ends in its own return, so
 * no jump reaches further than one block: BPF jump offsets are 8 bits.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include "supervise/abi.h"
#include "supervise/filter.h"

#define DATA(field) offsetof(struct seccomp_data, field)
#define ARG(n) DATA(args[n])
#define ARG_HI(n) (DATA(args[n]) + 4)
#define TRAP (SECCOMP_RET_TRAP | RT_MARKER)
#define ALLOW SECCOMP_RET_ALLOW

#define X32_BIT 0x40000000u
#define SIGSYS_NR 31
#define TIMER_ABSTIME 1
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK 0x7f
#define FUTEX_LOCK_PI 6
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_LOCK_PI2 13

struct block {
	struct sock_filter insn[48];
	unsigned len;
};

static void put(struct block *b, unsigned short code, unsigned char jt, unsigned char jf,
		uint32_t k)
{
	if (b->len < sizeof(b->insn) / sizeof(b->insn[0]))
		b->insn[b->len] = (struct sock_filter){ code, jt, jf, k };
	b->len++;
}

#define LD(b, off) put(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, off)
#define RET(b, v) put(b, BPF_RET | BPF_K, 0, 0, v)
#define JEQ(b, k, t, f) put(b, BPF_JMP | BPF_JEQ | BPF_K, t, f, k)
#define JSET(b, k, t, f) put(b, BPF_JMP | BPF_JSET | BPF_K, t, f, k)
#define JGE(b, k, t, f) put(b, BPF_JMP | BPF_JGE | BPF_K, t, f, k)

/* A = 1 << (arg n); traps when that clock is in mask, allows otherwise
 * (ids over 31, the CPU-time clocks' negative ones included, pass). */
static void clock_in(struct block *b, int n, uint32_t mask)
{
	LD(b, ARG(n));
	JGE(b, 32, 4, 0);
	put(b, BPF_MISC | BPF_TAX, 0, 0, 0);
	put(b, BPF_LD | BPF_IMM, 0, 0, 1);
	put(b, BPF_ALU | BPF_LSH | BPF_X, 0, 0, 0);
	JSET(b, mask, 1, 0);
	RET(b, ALLOW);
	RET(b, TRAP);
}

/* Traps when argument n is not NULL. */
static void nonnull(struct block *b, int n)
{
	LD(b, ARG(n));
	JEQ(b, 0, 0, 3);
	LD(b, ARG_HI(n));
	JEQ(b, 0, 0, 1);
	RET(b, ALLOW);
	RET(b, TRAP);
}

static void block_clock_gettime(struct block *b, uint32_t mask)
{
	clock_in(b, 0, mask);
}

static void block_always(struct block *b)
{
	RET(b, TRAP);
}

/* Absolute sleeps on a virtual clock; relative ones on a clock whose
 * waits follow it (clock_in is 8 instructions). */
static void block_sleep(struct block *b, uint32_t mask, uint32_t wait_mask)
{
	LD(b, ARG(1));
	JSET(b, TIMER_ABSTIME, 0, 8);
	clock_in(b, 0, mask);
	clock_in(b, 0, wait_mask);
}

/* Traps when argument n is not NULL; falls through when it is. */
static void trap_if_nonnull(struct block *b, int n)
{
	LD(b, ARG(n));
	JEQ(b, 0, 1, 0);
	RET(b, TRAP);
	LD(b, ARG_HI(n));
	JEQ(b, 0, 1, 0);
	RET(b, TRAP);
}

/* Traps when the int timeout at argument n is positive: 0 polls and a
 * negative one waits for ever, the same in any time. */
static void positive_int(struct block *b, int n)
{
	LD(b, ARG(n));
	JEQ(b, 0, 2, 0);
	JSET(b, 0x80000000u, 1, 0);
	RET(b, TRAP);
	RET(b, ALLOW);
}

/* setitimer and getitimer: ITIMER_REAL only. */
static void block_itimer(struct block *b)
{
	LD(b, ARG(0));
	JEQ(b, 0 /* ITIMER_REAL */, 0, 1);
	RET(b, TRAP);
	RET(b, ALLOW);
}

/* timerfd_settime and timer_settime with an absolute time: the runtime
 * looks up the timer's clock. */
static void block_abs_settime(struct block *b)
{
	LD(b, ARG(1));
	JSET(b, TIMER_ABSTIME, 1, 0);
	RET(b, ALLOW);
	RET(b, TRAP);
}

static void block_sigaction(struct block *b)
{
	/* SIGSYS: always; another signal: when a handler is set (its mask). */
	LD(b, ARG(0));
	JEQ(b, SIGSYS_NR, 6, 0);
	nonnull(b, 1);
	RET(b, TRAP);
}

/* A mask that blocks: SIG_BLOCK or SIG_SETMASK with a set. */
static void block_sigprocmask(struct block *b)
{
	LD(b, ARG(0));
	JEQ(b, 1 /* SIG_UNBLOCK */, 0, 1);
	RET(b, ALLOW);
	nonnull(b, 1);
}

/*
 * futex with an absolute deadline on a virtual clock: FUTEX_LOCK_PI
 * (always CLOCK_REALTIME), FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI and
 * FUTEX_LOCK_PI2 (CLOCK_REALTIME with the flag, else CLOCK_MONOTONIC).
 * FUTEX_WAIT's timeout is relative, whatever the flag says.
 */
static void block_futex(struct block *b, int realtime, int monotonic, int relative)
{
	LD(b, ARG(3));
	JEQ(b, 0, 0, 3);
	LD(b, ARG_HI(3));
	JEQ(b, 0, 0, 1);
	RET(b, ALLOW);
	LD(b, ARG(1));
	put(b, BPF_ALU | BPF_AND | BPF_K, 0, 0, FUTEX_CMD_MASK);
	JEQ(b, FUTEX_LOCK_PI, 0, 1);
	RET(b, realtime ? TRAP : ALLOW);
	JEQ(b, FUTEX_WAIT_BITSET, 2, 0);
	JEQ(b, FUTEX_WAIT_REQUEUE_PI, 1, 0);
	JEQ(b, FUTEX_LOCK_PI2, 0, 4);
	LD(b, ARG(1));
	JSET(b, FUTEX_CLOCK_REALTIME, 0, 1);
	RET(b, realtime ? TRAP : ALLOW);
	RET(b, monotonic ? TRAP : ALLOW);
	/* FUTEX_WAIT: a relative timeout, on CLOCK_MONOTONIC. */
	JEQ(b, 0, 0, 1);
	RET(b, relative ? TRAP : ALLOW);
	RET(b, ALLOW);
}

/* futex_waitv(waiters, n, flags, timeout, clockid): absolute timeout. */
static void block_futex_waitv(struct block *b, uint32_t mask)
{
	LD(b, ARG(3));
	JEQ(b, 0, 0, 3);
	LD(b, ARG_HI(3));
	JEQ(b, 0, 0, 1);
	RET(b, ALLOW);
	clock_in(b, 4, mask);
}

/* The calls the filter looks into, each with its block. */
struct entries {
	struct entry {
		uint32_t nr;
		struct block body;
	} e[64];
	unsigned n;
	int overflow;
};

#define ADD(nr_, fill)                                              \
	do {                                                        \
		if (l_.n == sizeof(l_.e) / sizeof(l_.e[0])) {       \
			l_.overflow = 1;                            \
			break;                                      \
		}                                                   \
		struct block *b_ = &l_.e[l_.n].body;                \
		b_->len = 0;                                        \
		l_.e[l_.n++].nr = (nr_);                            \
		fill;                                               \
	} while (0)

static int emit(struct filter_prog *p, struct sock_filter f)
{
	if (p->len >= FILTER_MAX_INSNS)
		return -1;
	p->insn[p->len++] = f;
	return 0;
}

/*
 * Layout: the architecture and the number, the probe; then whether the
 * number is one of the entries at all (every other call is allowed having
 * looked at nothing more, which lets the kernel's seccomp action cache
 * answer it without running the filter, 5.11+); then the caller's address
 * (the runtime's and the moved vDSO's own calls pass); then each entry's
 * number and block, each block ending in a return of its own.
 */
static int assemble(struct filter_prog *p, const struct entries *l, const struct sock_filter *head,
		    unsigned nhead, uint64_t ip_start, uint64_t ip_end)
{
	const struct sock_filter ip_check[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, DATA(instruction_pointer) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(ip_start >> 32), 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, DATA(instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)ip_start, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)ip_end, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, DATA(nr)),
	};
	unsigned i;
	int bad = l->overflow;

	p->len = 0;
	for (i = 0; i < nhead; i++)
		bad |= emit(p, head[i]);
	/* Entry i jumps over the n - i - 1 entries after it and the RET. */
	for (i = 0; i < l->n; i++)
		bad |= emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, l->e[i].nr,
							    (unsigned char)(l->n - i), 0));
	bad |= emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ALLOW));
	for (i = 0; i < sizeof(ip_check) / sizeof(ip_check[0]); i++)
		bad |= emit(p, ip_check[i]);
	for (i = 0; i < l->n; i++) {
		const struct block *b = &l->e[i].body;
		unsigned k;

		if (b->len > sizeof(b->insn) / sizeof(b->insn[0]) || b->len > 255)
			return -1;
		bad |= emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, l->e[i].nr, 0,
							    (unsigned char)b->len));
		for (k = 0; k < b->len; k++)
			bad |= emit(p, b->insn[k]);
	}
	bad |= emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ALLOW));
	return bad ? -1 : 0;
}

int filter_build_trap(struct filter_prog *prog, uint32_t virtual_mask, uint32_t wait_mask,
		      const int *extra, size_t nextra, uint64_t ip_start, uint64_t ip_end)
{
	const int realtime = virtual_mask & 1, monotonic = (virtual_mask >> 1) & 1;
	/* The clock that poll, select, epoll, nanosleep, FUTEX_WAIT and
	 * ITIMER_REAL measure on. */
	const int mono_waits = (wait_mask & virtual_mask) >> 1 & 1;
	const struct sock_filter head[] = {
		/* Other ABIs pass: their layouts are not served. */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, DATA(arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, DATA(nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_BIT, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ALLOW),
		/* The probe that tells an installer this filter is there. */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, RT_PROBE_NR, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | RT_PROBE_ERRNO),
	};
	struct entries l_ = { .n = 0 };
	size_t i;

	if ((ip_start >> 32) != ((ip_end - 1) >> 32))
		return -1;
	if (virtual_mask || nextra) {
		/* Made again by the runtime until not EINTR (runtime.c). */
		ADD(__NR_execve, block_always(b_));
		ADD(__NR_execveat, block_always(b_));
	}
	for (i = 0; i < nextra; i++)
		ADD((uint32_t)extra[i], block_always(b_));
	if (virtual_mask) {
		ADD(__NR_clock_gettime, block_clock_gettime(b_, virtual_mask));
		ADD(__NR_clock_nanosleep, block_sleep(b_, virtual_mask, wait_mask));
		if (wait_mask) {
			/* The timer's clock is known only from /proc: the
			 * runtime looks. */
			ADD(__NR_timerfd_settime, block_always(b_));
			ADD(__NR_timer_settime, block_always(b_));
			ADD(__NR_timerfd_gettime, block_always(b_));
			ADD(__NR_timer_gettime, block_always(b_));
		} else {
			ADD(__NR_timerfd_settime, block_abs_settime(b_));
			ADD(__NR_timer_settime, block_abs_settime(b_));
		}
		ADD(__NR_futex, block_futex(b_, realtime, monotonic, mono_waits));
		ADD(__NR_futex_waitv, block_futex_waitv(b_, virtual_mask));
	}
	if (realtime) {
		ADD(__NR_gettimeofday, block_always(b_));
		ADD(__NR_time, block_always(b_));
	}
	if (mono_waits) {
		ADD(__NR_nanosleep, block_always(b_));
		ADD(__NR_poll, positive_int(b_, 2));
		ADD(__NR_epoll_wait, positive_int(b_, 3));
		ADD(__NR_select, nonnull(b_, 4));
		ADD(__NR_setitimer, block_itimer(b_));
		ADD(__NR_getitimer, block_itimer(b_));
		ADD(__NR_alarm, block_always(b_));
		ADD(__NR_rt_sigtimedwait, nonnull(b_, 2));
	}
	ADD(__NR_rt_sigaction, block_sigaction(b_));
	ADD(__NR_rt_sigprocmask, block_sigprocmask(b_));
	ADD(__NR_rt_sigsuspend, block_always(b_));
	/* Their signal masks (SIGSYS must stay open), and under mono_waits
	 * their timeouts. */
	ADD(__NR_ppoll, { if (mono_waits) trap_if_nonnull(b_, 2); nonnull(b_, 3); });
	ADD(__NR_pselect6, { if (mono_waits) trap_if_nonnull(b_, 4); nonnull(b_, 5); });
	ADD(__NR_epoll_pwait, { trap_if_nonnull(b_, 4);
		if (mono_waits) positive_int(b_, 3); else RET(b_, ALLOW); });
	ADD(__NR_epoll_pwait2, { if (mono_waits) trap_if_nonnull(b_, 3); nonnull(b_, 4); });
	return assemble(prog, &l_, head, sizeof(head) / sizeof(head[0]), ip_start, ip_end);
}
