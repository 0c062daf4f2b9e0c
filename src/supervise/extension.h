/* SPDX-License-Identifier: MIT */
/*
 * What a command built on run's supervisor adds to it (vdsotool fakeroot):
 * more system calls sent to the supervisor, and the code that answers
 * them.  The supervisor keeps everything else: the tree, the exec-time
 * injection, the clock, the lifecycle, the exit status.
 */
#ifndef SUPERVISE_EXTENSION_H
#define SUPERVISE_EXTENSION_H

#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/types.h>
#include "supervise/notify.h"
#include "supervise/session.h"

struct run_extension {
	const char *name;		/* the command, for messages ("fakeroot") */
	/* System calls the filter sends to the supervisor, besides run's. */
	const int *nrs;
	size_t nnrs;
	/* System calls the in-process runtime answers in every injected
	 * process (its trap filter sends them there: image/runtime/), with
	 * an arena of table_size bytes of the session memfd that the tree
	 * maps read-only at SESSION_TABLE_AT and start() gets as s->table. */
	const int *trap_nrs;
	size_t ntrap_nrs;
	size_t table_size;
	/* And ring_size bytes the tree maps writable at SESSION_RING_AT
	 * (after the stats page, in its memfd): start() gets them as
	 * s->ring. */
	size_t ring_size;
	void *ctx;
	/* In the supervisor, before the command starts; -1 with why in err
	 * ends the run with 125. */
	int (*start)(void *ctx, const struct session *s, char *err, size_t errlen);
	/* A notification (any: run's own calls come here first too).
	 * Returns 1 when it answered it, 0 to leave it to run. */
	int (*notified)(void *ctx, const struct notifier *nf, const struct seccomp_notif *req);
	/* At each injection, after the exec: what the new program's
	 * installer gets besides run's parameters (fakeroot: the fake ids). */
	void (*exec_params)(void *ctx, pid_t pid, struct install_params *p);
	/* The tree is gone, or the session ends early: last words (a save
	 * file).  Returns 0, or -1 with why in err: the run then fails. */
	int (*finish)(void *ctx, char *err, size_t errlen);
};

#endif /* SUPERVISE_EXTENSION_H */
