/* SPDX-License-Identifier: MIT */
/*
 * Where a session listens: three abstract unix socket addresses (no file,
 * gone with the supervisor; per network namespace), all bound by its
 * supervisor:
 *   "\0vdsotool/ctl/name/NAME"   its name (run --name; default: the command's pid)
 *   "\0vdsotool/ctl/front/PID"   the pid of its vdsotool run (the front)
 *   "\0vdsotool/ctl/session/KEY" the key in the name of the session memfd every
 *                                process of the tree maps ("vdsotool-KEY-session"):
 *                                the front's pid and 32 random bits, "PID.HEX"
 * Binding the name is what makes it unique: a second session of the same
 * name finds the address taken.  Pids are not unique where sessions in two
 * pid namespaces share a network namespace (two containers of a pod, each
 * with vdsotool as its PID 1): the key is, so a process found by its pid
 * leads to its own session.
 */
#ifndef SUPERVISE_CTL_ADDR_H
#define SUPERVISE_CTL_ADDR_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

enum ctl_addr_kind {
	CTL_ADDR_NAME,
	CTL_ADDR_FRONT,
	CTL_ADDR_SESSION,
};

#define CTL_KEY_MAX 32			/* "PID.HEX" and a NUL */

/*
 * A session name: 1 to CTL_NAME_MAX bytes of letters, digits, '.', '_'
 * and '-', not starting with '-' or '.', and not all digits (a number
 * names a pid).  0, or -1 with why in err ("bad name 'x': why").
 * digits_ok allows an all-digit name (the default, the command's pid).
 */
int ctl_name_check(const char *name, int digits_ok, char *err, size_t errlen);

/* Fills the address of kind for key (a name, or a pid in decimal);
 * returns its length for bind/connect. */
socklen_t ctl_addr(struct sockaddr_un *a, enum ctl_addr_kind kind, const char *key);

#endif /* SUPERVISE_CTL_ADDR_H */
