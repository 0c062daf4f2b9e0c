/* SPDX-License-Identifier: MIT */
/*
 * The fakeroot system-call layer: the run_extension that `vdsotool
 * fakeroot` hands to run's supervisor, and its handlers, one file per
 * family (ids.c, owners.c, nodes.c, stat.c).  Each handler answers the
 * notification and returns 1, or returns 0 to let run answer it (a call
 * this layer does not change goes on with SECCOMP_USER_NOTIF_FLAG_CONTINUE
 * from here, not from run, whose clock handling must not see it).
 */
#ifndef SRC_FAKEROOT_SYS_SYS_H
#define SRC_FAKEROOT_SYS_SYS_H

#include <linux/seccomp.h>
#include <stdint.h>
#include <sys/types.h>
#include "fakeroot/db.h"
#include "fakeroot/table.h"
#include "fakeroot/sys/procs.h"
#include "fakeroot/sys/taskmem.h"
#include "supervise/extension.h"
#include "supervise/notify.h"

struct fr_sys {
	struct fr_db *db;
	unsigned flags;			/* FR_UNKNOWN_IS_REAL */
	struct fr_procs *procs;
	struct fr_taskmem *mem;		/* the tree's memory, kept open */
	const char *save;		/* -s FILE, or NULL */
	mode_t umask;			/* the supervisor's own, for the save file */
	size_t table_bytes;		/* the shared records' arena; 0: the default */
	struct fr_table *table;		/* the arena's header, while it is shared */
	struct fr_ring *ring;		/* changes sent one way by the tree */
	unsigned long queued;		/* changes taken from the ring */
	unsigned long lost;		/* of them, not recorded (no memory) */
};

/* The shared records' arena (table.h): from 16 KiB to 1 GiB, 256 MiB by
 * default, a multiple of the page size. */
#define FR_SYS_TABLE_MIN_KIB 16ul
#define FR_SYS_TABLE_MAX_KIB (1ul << 20)

/* Fills ext for s (db, flags, save and table_bytes set, the rest 0). */
void fr_sys_extension(struct fr_sys *s, struct run_extension *ext);

/* Answers with r: a value, or -errno. */
void fr_reply(const struct notifier *nf, const struct seccomp_notif *req, int64_t r);
/* Lets the kernel do the call. */
void fr_pass(const struct notifier *nf, const struct seccomp_notif *req);

/* The families; nr is req->data.nr. */
int fr_sys_ids(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req);
int fr_sys_owners(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req);
int fr_sys_nodes(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req);
int fr_sys_stat(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req);
/* What the in-process runtime changed, to record (FR_RECORD_NR). */
int fr_sys_record(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req);
/* run_extension.exec_params: the fake ids a new program starts with, when
 * its runtime can answer from them (ctx: the fr_sys). */
void fr_sys_exec_params(void *ctx, pid_t pid, struct install_params *p);
/* The changes waiting in the ring, into the records: before any answer,
 * and at the end. */
void fr_sys_drain(struct fr_sys *s);

/* The system calls sent to the supervisor. */
extern const int fr_sys_nrs[];
extern const size_t fr_sys_nnrs;
/* The system calls the in-process runtime takes (its trap filter). */
extern const int fr_sys_trap_nrs[];
extern const size_t fr_sys_ntrap_nrs;

#endif /* SRC_FAKEROOT_SYS_SYS_H */
