/* SPDX-License-Identifier: MIT */
/*
 * `vdsotool attach`: a running process joins a session.  With every thread
 * stopped (stopall.h), one thread runs system calls on our behalf
 * (remote.h) to build, in the running process, what the exec-time
 * installer builds in a new one:
 *
 *   1. prctl(PR_SET_NO_NEW_PRIVS) and seccomp(SECCOMP_SET_MODE_FILTER,
 *      NEW_LISTENER | TSYNC | TSYNC_ESRCH) with run's filter, for every
 *      thread; the listener is taken with pidfd_getfd and closed there;
 *   2. the session memfd handed in through that listener: the thread makes
 *      a system call only the filter knows (ATTACH_FD_NR), the answer is
 *      SECCOMP_IOCTL_NOTIF_ADDFD with SECCOMP_ADDFD_FLAG_SEND, which works
 *      across user and mount namespaces where /proc paths would not;
 *   3. the kernel's [vvar]..[vdso] span moved to the session's fixed
 *      address with mremap (the filter lets its fallbacks through there);
 *   4. the per-process page, the stats page, the session page and the
 *      replacement image mapped at a free place, as around AT_SYSINFO_EHDR
 *      at exec;
 *   5. the trampoline (trampoline.h) mapped where the vDSO was, so that
 *      the addresses the C library or Go cached at start lead to the image.
 *
 * Threads standing inside the old vDSO are first single-stepped out of it.
 * Later execs are injected by the supervisor as under `run`.
 */
#ifndef SUPERVISE_ATTACH_H
#define SUPERVISE_ATTACH_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/seccomp.h>
#include "supervise/abi.h"
#include "supervise/filter.h"
#include "supervise/notify.h"
#include "supervise/session.h"

/* A system call number no kernel has, sent to the supervisor by the attach
 * filter: the attached thread asks for the session memfd with it. */
#define ATTACH_FD_NR 0x7665
enum { ATTACH_FD_MEMFD, ATTACH_FD_STATS };	/* its first argument: which */

enum {
	ATTACH_FAILED = 125,
	ATTACH_DENIED = 126,		/* ptrace refused */
	ATTACH_NO_PROCESS = 127,
};

/*
 * Puts pid on session s's clock.  *listener < 0: the filter prog is
 * installed in it and its listener returned in *listener; else pid is
 * already under that listener's filter (prog unused, may be NULL).  The
 * in-process runtime and its trap filter go in as at an exec (ip: the
 * session's installer parameters), once: they stay after a detach.
 * Returns 0, or an exit status with what failed and why in err.
 */
int attach_process(const struct session *s, const struct filter_prog *prog,
		   const struct install_params *ip, pid_t pid, int *listener, char *err,
		   size_t errlen);

/*
 * Puts pid back on the kernel's vDSO: the trampoline goes, the kernel's
 * span moves back, the session's mappings go.  Its filter stays (seccomp
 * filters cannot be removed): the supervisor answers it from then on by
 * letting every call through.  unblock: as stopall_seize_unblocking's
 * (may be NULL).  0, or an exit status with why in err.
 */
int attach_undo(const struct session *s, pid_t pid, void (*unblock)(void *ctx, pid_t tid),
		void *ctx, char *err, size_t errlen);

/* Does pid of a detached session need attach_process to be on its clock
 * again?  Not when it runs the image since an exec in the session (the
 * kernel's vDSO at the session's fixed address): the session page then
 * brings it back alone. */
int attach_wanted(const struct session *s, pid_t pid);

/* Answers an ATTACH_FD_NR call with the session descriptor it asks for,
 * put into the caller (the call returns its number there).  Whichever
 * supervisor holds the caller's listener serves it; returns the number,
 * or -1 (the call then fails with ENOSYS). */
int attach_serve_fd(const struct notifier *nf, const struct seccomp_notif *req,
		    const struct session *s);

#endif /* SUPERVISE_ATTACH_H */
