/* SPDX-License-Identifier: MIT */
/*
 * Reading the session page consistently, for the replacement image and the
 * in-process runtime alike (both freestanding).
 */
#ifndef SRC_CLOCK_SEQREAD_H
#define SRC_CLOCK_SEQREAD_H

#include <stdint.h>
#include "clock/model.h"

/*
 * The session page's seqcount, read as the kernel's own vDSO reads its
 * data page (lib/vdso/gettimeofday.c): wait while the supervisor writes
 * (seq odd), read, and start again if seq moved meanwhile.  The real clock
 * is read inside the loop together with the parameters: a reading from
 * before a change turned virtual with the parameters from after it (or the
 * other way round) could make a clock jump or run backwards.
 */
static inline uint32_t read_begin(const struct vclock_session *s)
{
	uint32_t seq;

	while ((seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE)) & 1)
		__builtin_ia32_pause();
	return seq;
}

static inline int read_retry(const struct vclock_session *s, uint32_t seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&s->seq, __ATOMIC_RELAXED) != seq;
}

/*
 * One load of each parameter, where it stands in the loop, as the kernel's
 * READ_ONCE: the page is a const object to the compiler, which may
 * therefore load a plain field again wherever it likes (it did: the rate,
 * after the retry check).  A volatile load happens exactly once, and, unlike
 * gcc's __atomic_load_n, folds the field's offset into the instruction:
 * the atomic form made gcc keep one pointer per field, spilled around the
 * call to the real clock (a measured 10% of a virtual read).
 */
#define LOAD(x) (*(const volatile __typeof__(x) *)&(x))

static inline void load_params(const struct vclock_session *s, int clk, uint64_t *rate,
			       struct vclock_base *b)
{
	const struct vclock_base *p = &s->clock[clk];

	*rate = LOAD(s->rate_q32);
	b->real_ns = LOAD(p->real_ns);
	b->virt_ns = LOAD(p->virt_ns);
	b->off_sec = LOAD(p->off_sec);
	b->off_nsec = LOAD(p->off_nsec);
	b->virt_sec = LOAD(p->virt_sec);
	b->virt_nsec = LOAD(p->virt_nsec);
	b->real_sec = LOAD(p->real_sec);
	b->real_nsec = LOAD(p->real_nsec);
}


#endif /* SRC_CLOCK_SEQREAD_H */
