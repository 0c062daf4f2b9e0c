/* SPDX-License-Identifier: MIT */
/*
 * Live changes to the session page (vdsotool ctl set), written under the
 * page's seqcount so that every thread of every process of the tree sees
 * the old parameters or the new ones, never a mix; then a FUTEX_WAKE on
 * the seq word, for code in the tree that waits for changes (an
 * in-process runtime re-arming its own sleeps).
 *
 * The protocol is the kernel's for its vDSO data page: the writer makes
 * seq odd, writes, makes it even again; a reader waits while seq is odd
 * and retries when seq changed across its read (image/vdso.c).  The real
 * clocks the change is based on are read inside the odd window, so every
 * reading that completes with the old parameters was taken before the
 * change and every reading with the new ones after it: no clock runs
 * backwards across a change of pace.
 */
#ifndef SUPERVISE_SESSION_CHANGE_H
#define SUPERVISE_SESSION_CHANGE_H

#include "clock/rebase.h"
#include "supervise/session.h"

/* Applies c to the session page (see vclock_rebase for the results);
 * pace is the session's, kept by the caller.  *realtime_now receives the
 * virtual realtime just before the change (may be NULL). */
enum vclock_rebase_result session_change(struct session *s, struct vclock_pace *pace,
					 const struct vclock_change *c, int64_t *realtime_now);

/* vdsotool detach: no clock is virtual any more, for every process at
 * once (the image and the runtime then read the real clocks). */
void session_passthrough(struct session *s);

/* A detached session attached again: the clocks of mask virtual from now,
 * as spec says, for every process at once. */
void session_restart(struct session *s, const struct clock_spec *spec, uint32_t mask);

#endif /* SUPERVISE_SESSION_CHANGE_H */
