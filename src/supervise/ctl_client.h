/* SPDX-License-Identifier: MIT */
/*
 * vdsotool ctl's side: finding a session from what the user named and
 * asking it one thing.  A target is tried, in order, as
 *   a session name                  "\0vdsotool/ctl/name/TARGET"
 *   the pid of a process of a tree  its /proc/PID/maps names the session
 *                                   memfd "vdsotool-KEY-session", and the
 *                                   session listens at "\0vdsotool/ctl/
 *                                   session/KEY"; the supervisor then
 *                                   checks the pid is its
 *   the pid of a vdsotool run       "\0vdsotool/ctl/front/TARGET"
 * The answer never takes longer than CTL_TIMEOUT_MS.
 */
#ifndef SUPERVISE_CTL_CLIENT_H
#define SUPERVISE_CTL_CLIENT_H

#include <stddef.h>
#include <sys/types.h>
#include "supervise/ctl_addr.h"
#include "supervise/ctl_protocol.h"

/*
 * Sends q to the session of target and receives its reply into r.
 * Returns CTL_OK when a reply came (r->status then says how it went, with
 * r->why), or a ctl exit status with why in err (no such session, no
 * permission, no answer).
 */
int ctl_call(const char *target, struct ctl_request *q, struct ctl_reply *r, char *err,
	     size_t errlen);

/* The key in the name of the session memfd pid maps (ctl_addr.h), found
 * in /proc/PID/maps: 1 found, 0 none, -errno when they cannot be read.
 * A detached session's processes keep it too. */
int ctl_session_key(pid_t pid, char key[CTL_KEY_MAX]);

/* The same as ctl_call, to the session whose memfd pid maps (never by a
 * name). */
int ctl_call_pid(pid_t pid, struct ctl_request *q, struct ctl_reply *r, char *err,
		 size_t errlen);

#endif /* SUPERVISE_CTL_CLIENT_H */
