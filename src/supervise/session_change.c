// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "supervise/session_change.h"

static void write_begin(struct vclock_session *p, uint32_t seq)
{
	__atomic_store_n(&p->seq, seq + 1, __ATOMIC_RELAXED);
	/*
	 * A full fence, not only smp_wmb: the odd seq must be visible to every
	 * CPU before the real clocks are read (x86 lets a load, the TSC read
	 * included, pass an earlier store still in the store buffer).  Else a
	 * reader could validate the old parameters with a real reading taken
	 * after the change's, and a slower rate would then run it backwards.
	 * (MFENCE here, then the vDSO's LFENCE before RDTSC: the sequence the
	 * SDM gives for RDTSC after all earlier stores.)
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void write_end(struct vclock_session *p, uint32_t seq)
{
	/* Every parameter is visible before seq is even again. */
	__atomic_store_n(&p->seq, seq + 2, __ATOMIC_RELEASE);
}

enum vclock_rebase_result session_change(struct session *s, struct vclock_pace *pace,
					 const struct vclock_change *c, int64_t *realtime_now)
{
	struct vclock_session *p = s->page;
	uint32_t seq = __atomic_load_n(&p->seq, __ATOMIC_RELAXED), mask = p->virtual_mask;
	int64_t real[VCLOCK_NCLOCKS] = { 0 };
	enum vclock_rebase_result r;
	struct timespec ts;
	uint32_t need = 1;		/* realtime: the range rule's "now" */
	int clk;

	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++)
		if ((mask >> clk) & 1)
			need |= 1u << vclock_base_clock(clk);
	write_begin(p, seq);
	/* Only the clocks the change re-bases, once each: the window stays
	 * short (the tree's readers spin while it is open). */
	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++)
		if ((need >> clk) & 1 && !clock_gettime(clk, &ts))
			real[clk] = vclock_ts_to_ns(ts.tv_sec, ts.tv_nsec);
	r = vclock_rebase(p, pace, real, mask, CLOCKS_REALTIME, c, realtime_now);
	write_end(p, seq);
	if (r == VCLOCK_REBASE_OK)
		/* Shared (not FUTEX_PRIVATE): the waiters are other processes,
		 * whose read-only mappings of the memfd share this word. */
		syscall(SYS_futex, &p->seq, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
	return r;
}

void session_restart(struct session *s, const struct clock_spec *spec, uint32_t mask)
{
	struct vclock_session *p = s->page;
	uint32_t seq = __atomic_load_n(&p->seq, __ATOMIC_RELAXED);

	write_begin(p, seq);
	session_fill_params(p, spec, mask);
	write_end(p, seq);
	syscall(SYS_futex, &p->seq, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

void session_passthrough(struct session *s)
{
	struct vclock_session *p = s->page;
	uint32_t seq = __atomic_load_n(&p->seq, __ATOMIC_RELAXED);

	write_begin(p, seq);
	__atomic_store_n(&p->virtual_mask, 0, __ATOMIC_RELAXED);
	write_end(p, seq);
	syscall(SYS_futex, &p->seq, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}
