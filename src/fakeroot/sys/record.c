// SPDX-License-Identifier: MIT
/*
 * Changes the in-process runtime made (image/runtime/fakestat.h): the
 * chown family and fchmod, as the values the record needs
 * (fakeroot/table.h), one way through the ring or, when it is full, as
 * FR_RECORD_NR.  Nothing is read from the process, so nothing needs the
 * notification checked valid either.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include "fakeroot/ops.h"
#include "fakeroot/sys/sys.h"
#include "fakeroot/table.h"
#include "report.h"
#include "supervise/attach.h"

_Static_assert(FR_RECORD_NR != ATTACH_FD_NR && FR_RECORD_NR != RT_PROBE_NR &&
		       FR_IDS_NR != ATTACH_FD_NR && FR_IDS_NR != RT_PROBE_NR && FR_IDS_NR != FR_RECORD_NR,
	       "the supervisor's made-up system calls need numbers of their own");

static int64_t apply(struct fr_sys *s, const uint64_t *m)
{
	struct fr_attrs real;

	switch (fr_record_decode(m, &real)) {
	case FR_RECORD_CHOWN:
		return fr_db_chown(s->db, &real, (uint32_t)m[5], (uint32_t)(m[5] >> 32));
	case FR_RECORD_CHMOD:
		return fr_db_chmod(s->db, &real, (mode_t)(m[5] & 07777));
	default:
		return -EINVAL;
	}
}

/* A writer that died holding the lock (its tid gone, or reused by a
 * process that is not writing) would send every later change the slow
 * way: its lock is freed.  A tid's liveness is all that can be asked. */
static void free_dead_lock(struct fr_ring *r)
{
	int32_t holder = __atomic_load_n(&r->lock, __ATOMIC_ACQUIRE);

	if (holder > 0 && kill(holder, 0) && errno == ESRCH)
		__atomic_compare_exchange_n(&r->lock, &holder, 0, 0, __ATOMIC_RELEASE,
					    __ATOMIC_RELAXED);
}

void fr_sys_drain(struct fr_sys *s)
{
	struct fr_ring *r = s->ring;
	uint64_t h, a, i, m[6];

	if (!r || !s->table)
		return;
	a = s->table->applied;
	h = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
	if (h == a)
		return;
	/* A head the tree scribbled on: take what a ring can hold. */
	if (h < a || h - a > FR_RING_SLOTS)
		h = a + FR_RING_SLOTS;
	for (; a < h; a++) {
		for (i = 0; i < 6; i++)
			m[i] = __atomic_load_n(&r->slot[a % FR_RING_SLOTS].m[i], __ATOMIC_RELAXED);
		/* The call returned 0 long ago: a change that cannot be kept
		 * is said, not lost in silence. */
		if (apply(s, m) == -ENOMEM && !s->lost++)
			report_error("fakeroot", "cannot record a change of owner or mode: out of "
				     "memory (those files keep the view they had)");
		s->queued++;
	}
	__atomic_store_n(&s->table->applied, a, __ATOMIC_RELEASE);
	if (__atomic_load_n(&r->head, __ATOMIC_RELAXED) < a)
		__atomic_store_n(&r->head, a, __ATOMIC_RELAXED);
	free_dead_lock(r);
}

int fr_sys_record(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req)
{
	if (req->data.nr != FR_RECORD_NR)
		return 0;
	fr_reply(nf, req, apply(s, (const uint64_t *)req->data.args));
	return 1;
}
