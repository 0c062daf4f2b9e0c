/* SPDX-License-Identifier: MIT */
/*
 * The notifying task's memory, through /proc/PID/mem descriptors kept
 * open between notifications: the stat family reads a path and writes a
 * result on every call, and opening /proc/PID/mem each time costs more
 * than the read and the write together.
 *
 * Why a kept descriptor is still the notifying task's memory: each is
 * kept with a pidfd of the task it was opened for, opened while that
 * task's notification was valid.  While the pidfd says the task lives,
 * its pid cannot name another task, so a notification from that pid is
 * from that task; and its memory is the descriptor's unless it has
 * exec'd since.  An exec is seen (fr_taskmem_forget at every execve),
 * and a descriptor of a replaced memory reads and writes nothing, which
 * sends the call back to a fresh open.  Where a pidfd cannot be had (a
 * thread before Linux 6.9), nothing is kept: every access opens and
 * checks, as notify.h does.
 */
#ifndef SRC_FAKEROOT_SYS_TASKMEM_H
#define SRC_FAKEROOT_SYS_TASKMEM_H

#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "supervise/notify.h"

struct fr_taskmem;

int fr_taskmem_new(struct fr_taskmem **out);
void fr_taskmem_free(struct fr_taskmem *m);

/* pid is about to exec: its memory changes. */
void fr_taskmem_forget(struct fr_taskmem *m, pid_t pid);

/* As notify_read, notify_read_string and notify_write: 0, -EFAULT,
 * -ENAMETOOLONG (string), or -ENOENT when the notification went away. */
int fr_mem_read(struct fr_taskmem *m, const struct notifier *nf, const struct seccomp_notif *req,
		uint64_t addr, void *buf, size_t len);
int fr_mem_read_string(struct fr_taskmem *m, const struct notifier *nf,
		       const struct seccomp_notif *req, uint64_t addr, char *buf, size_t len);
int fr_mem_write(struct fr_taskmem *m, const struct notifier *nf, const struct seccomp_notif *req,
		 uint64_t addr, const void *buf, size_t len);

#endif /* SRC_FAKEROOT_SYS_TASKMEM_H */
