/* SPDX-License-Identifier: MIT */
/*
 * Where a session listens: two abstract unix socket addresses (no file,
 * gone with the supervisor; per network namespace), both bound by its
 * supervisor:
 *   "\0vdsotool/ctl/name/NAME"   its name (run --name; default: the command's pid)
 *   "\0vdsotool/ctl/front/PID"   the pid of its vdsotool run (the front), which
 *                                also names the session memfd every process of the
 *                                tree maps ("vdsotool-PID-session")
 * Binding the name is what makes it unique: a second session of the same
 * name finds the address taken.
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
};

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
