/* SPDX-License-Identifier: MIT */
/*
 * Exec-time injection into a ptrace-stopped process that has just become a
 * new program: move the kernel's [vvar]..[vdso] to the session-fixed
 * address, map the session page (and stats page) and the replacement image
 * where the kernel's vDSO was.  AT_SYSINFO_EHDR, on the stack and in
 * /proc/PID/auxv alike, then names the replacement, so the dynamic loader,
 * static libcs, Go, gdb and every other reader of the vector find it.
 */
#ifndef SUPERVISE_INJECT_H
#define SUPERVISE_INJECT_H

#include <sys/types.h>
#include "supervise/session.h"

enum inject_result {
	INJECT_DONE,
	INJECT_SKIPPED,		/* left untouched (no vDSO, other ABI): still runs */
	INJECT_BROKEN,		/* failed half way: the process cannot run on */
};

/* fd and stats_fd are the session descriptors already in the tracee. */
enum inject_result inject_image(const struct session *s, pid_t pid, int fd, int stats_fd,
				int *pending_signal, char *why, size_t whylen);

/* Closes descriptors added to a tracee whose exec failed. */
int inject_close_fds(const struct session *s, pid_t pid, int fd, int stats_fd);

#endif /* SUPERVISE_INJECT_H */
