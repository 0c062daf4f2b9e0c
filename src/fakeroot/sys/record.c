// SPDX-License-Identifier: MIT
/*
 * A change the in-process runtime made (image/runtime/fakestat.h): the
 * chown family and fchmod arrive as FR_RECORD_NR with the values the
 * record needs (fakeroot/table.h).  Nothing is read from the process, so
 * nothing needs the notification checked valid either.
 */
#include <errno.h>
#include "fakeroot/ops.h"
#include "fakeroot/sys/sys.h"
#include "fakeroot/table.h"
#include "supervise/attach.h"

_Static_assert(FR_RECORD_NR != ATTACH_FD_NR && FR_RECORD_NR != RT_PROBE_NR,
	       "the supervisor's made-up system calls need numbers of their own");

int fr_sys_record(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req)
{
	const uint64_t *a = (const uint64_t *)req->data.args;
	struct fr_attrs real;
	int64_t r;

	if (req->data.nr != FR_RECORD_NR)
		return 0;
	switch (fr_record_decode(a, &real)) {
	case FR_RECORD_CHOWN:
		r = fr_db_chown(s->db, &real, (uint32_t)a[5], (uint32_t)(a[5] >> 32));
		break;
	case FR_RECORD_CHMOD:
		r = fr_db_chmod(s->db, &real, (mode_t)(a[5] & 07777));
		break;
	default:
		r = -EINVAL;
	}
	fr_reply(nf, req, r);
	return 1;
}
