/* SPDX-License-Identifier: MIT */
/*
 * The supervisor's side of vdsotool ctl: it listens on the session's two
 * abstract addresses (ctl_addr.h), takes a few connections at a time, and
 * answers each one's request within the event loop without ever waiting
 * on a caller: sockets are non-blocking, a reply that does not fit is
 * dropped, and when the table is full the oldest connection goes.  Callers
 * of another user are answered "permission refused", also only once their
 * request is read (a socket closed with its request unread would reach the
 * caller as ECONNRESET instead of the answer), and from a table of their
 * own, so that they cannot push the session's own user's callers out.
 */
#ifndef SUPERVISE_CTL_SERVER_H
#define SUPERVISE_CTL_SERVER_H

#include <poll.h>
#include <sys/types.h>
#include "clock/rebase.h"
#include "clock/spec.h"
#include "supervise/ctl_protocol.h"
#include "supervise/session.h"
#include "supervise/sleeps.h"

#define CTL_MAX_CLIENTS 8
#define CTL_SERVER_MAXFDS (3 + 2 * CTL_MAX_CLIENTS)

enum { CTL_ALLOWED, CTL_REFUSED };

struct ctl_server {
	int listen[3];			/* by name, front's pid, memfd key; -1: not bound */
	/* Accepted, request not yet read, -1 when free: the session's user's
	 * and root's [CTL_ALLOWED], anyone else's [CTL_REFUSED]. */
	int client[2][CTL_MAX_CLIENTS];
	unsigned next[2];		/* the slot to reuse when all are taken */
	char name[CTL_NAME_MAX + 1];
	struct session *s;
	struct sleeps *sleeps;
	struct vclock_pace pace;
	/* An attached session: its processes are those mapping the session
	 * memfd (members.h), not the supervisor's descendants. */
	int by_memfd;
	/* vdsotool detach: 0, or a ctl status with why; NULL: not attached. */
	int (*detach)(void *ctx, char *why, size_t len);
	/* vdsotool attach of a process of a detached session: the same. */
	int (*attach)(void *ctx, const struct ctl_request *q, char *why, size_t len);
	void *ctx;
	/* Detached: the session only answers get and attach; its name is free. */
	int detached;
};

/* What the supervisor knows now, for the replies. */
struct ctl_live {
	pid_t command, front;		/* front 0 once it left */
	int command_running;
};

/*
 * Binds the session's addresses: name (NULL: the command's pid) and the
 * front's pid.  A name that is taken fails (-EADDRINUSE, why in err); a
 * front pid that is taken (by a session whose vdsotool returned long ago
 * and whose pid came round again) only leaves that address unbound.
 */
int ctl_server_open(struct ctl_server *c, const char *name, const struct ctl_live *live,
		    struct session *s, struct sleeps *sleeps, const struct clock_spec *spec,
		    char *err, size_t errlen);

/* Fills up to CTL_SERVER_MAXFDS pollfds; returns how many. */
size_t ctl_server_pollfds(const struct ctl_server *c, struct pollfd *p);

/* Accepts and answers what p (from ctl_server_pollfds, polled) says is ready. */
void ctl_server_serve(struct ctl_server *c, const struct pollfd *p, size_t n,
		      const struct ctl_live *live);

void ctl_server_close(struct ctl_server *c);

/* Listens under name (NULL or "": command's pid) instead of the current
 * one; 0, or -errno with why in err (the old name is kept then). */
int ctl_server_name(struct ctl_server *c, const char *name, pid_t command, char *err,
		    size_t errlen);

/* The name is given up (a detached session): the front's address stays. */
void ctl_server_unname(struct ctl_server *c);

#endif /* SUPERVISE_CTL_SERVER_H */
