/* SPDX-License-Identifier: MIT */
/*
 * The seccomp user-notification listener: receiving, answering, and the
 * tracee's memory as seen through a notification.  Reads are safe after
 * the fact (a notification still valid after the read proves the pid was
 * its task all along); a write must go through a /proc/PID/mem descriptor
 * opened before the validity check, as the kernel's own sample
 * (samples/seccomp/user-trap.c) does, so that a recycled pid cannot
 * receive it.
 */
#ifndef SUPERVISE_NOTIFY_H
#define SUPERVISE_NOTIFY_H

#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct notifier {
	int fd;
	struct seccomp_notif_sizes sizes;
	int sync_wakeup;		/* SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP is set */
};

/* Reads the kernel's structure sizes and sets the synchronous wake-up
 * flag when the kernel has it (6.6+); 0 or -errno. */
int notifier_init(struct notifier *n, int fd);

/* Receives one notification into req (sizes.seccomp_notif bytes); 0 or -errno. */
int notify_recv(const struct notifier *n, struct seccomp_notif *req);

/* Lets the system call run in the kernel. */
int notify_continue(const struct notifier *n, uint64_t id);

/* Answers it: val on success, or -err when err is nonzero. */
int notify_answer(const struct notifier *n, uint64_t id, int64_t val, int err);

/* Is the notification still pending (its task alive and waiting)? */
int notify_valid(const struct notifier *n, uint64_t id);

/* Reads another process's memory: process_vm_readv, or /proc/PID/mem
 * where a seccomp profile refuses process_vm_readv.  As pread(2). */
ssize_t task_read(pid_t pid, uint64_t addr, void *buf, size_t len);

/* Reads len bytes at addr of the notifying task; -EFAULT, or -ENOENT when
 * the notification went away meanwhile. */
int notify_read(const struct notifier *n, const struct seccomp_notif *req, uint64_t addr,
		void *buf, size_t len);

/* Reads a NUL-terminated string of at most len bytes (with the NUL). */
int notify_read_string(const struct notifier *n, const struct seccomp_notif *req, uint64_t addr,
		       char *buf, size_t len);

/* Writes into the notifying task, safely against pid reuse. */
int notify_write(const struct notifier *n, const struct seccomp_notif *req, uint64_t addr,
		 const void *buf, size_t len);

#endif /* SUPERVISE_NOTIFY_H */
