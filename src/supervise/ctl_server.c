// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "supervise/ctl_addr.h"
#include "supervise/ctl_server.h"
#include "supervise/members.h"
#include "supervise/session_change.h"
#include "supervise/tree.h"

/* Connections taken per listener per turn of the event loop: a flood of
 * them cannot keep the supervisor from the tree's notifications. */
#define ACCEPTS_PER_TURN 16

static int listen_on(enum ctl_addr_kind kind, const char *key)
{
	struct sockaddr_un a;
	socklen_t len = ctl_addr(&a, kind, key);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), e;

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&a, len) || listen(fd, 16)) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int ctl_server_name(struct ctl_server *c, const char *name, pid_t command, char *err,
		    size_t errlen)
{
	char want[CTL_NAME_MAX + 1];
	int fd;

	if (name && *name)
		snprintf(want, sizeof(want), "%s", name);
	else
		snprintf(want, sizeof(want), "%d", (int)command);
	fd = listen_on(CTL_ADDR_NAME, want);
	if (fd == -EADDRINUSE) {
		snprintf(err, errlen, "--name %s: a session of that name is already running "
			 "(steer it with 'vdsotool ctl %s', or choose another name)", want, want);
		return fd;
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot listen for vdsotool ctl as '%s': %s", want,
			 strerror(-fd));
		return fd;
	}
	ctl_server_unname(c);
	c->listen[0] = fd;
	memcpy(c->name, want, sizeof(want));
	return 0;
}

void ctl_server_unname(struct ctl_server *c)
{
	if (c->listen[0] >= 0)
		close(c->listen[0]);
	c->listen[0] = -1;
}

int ctl_server_open(struct ctl_server *c, const char *name, const struct ctl_live *live,
		    struct session *s, struct sleeps *sleeps, const struct clock_spec *spec,
		    char *err, size_t errlen)
{
	char front[16], key[CTL_KEY_MAX];
	int fd, i;

	memset(c, 0, sizeof(*c));
	c->listen[0] = c->listen[1] = c->listen[2] = -1;
	for (i = 0; i < CTL_MAX_CLIENTS; i++)
		c->client[CTL_ALLOWED][i] = c->client[CTL_REFUSED][i] = -1;
	c->s = s;
	c->sleeps = sleeps;
	c->pace = vclock_pace_start(spec->rate_q32, spec->frozen);
	if ((fd = ctl_server_name(c, name, live->command, err, errlen)))
		return fd;
	snprintf(front, sizeof(front), "%d", (int)live->front);
	fd = listen_on(CTL_ADDR_FRONT, front);
	c->listen[1] = fd < 0 ? -1 : fd;
	/* The memfd's key: unique, where the front's pid may not be. */
	if (sscanf(s->name, "vdsotool-%31[0-9.a-f]", key) == 1) {
		fd = listen_on(CTL_ADDR_SESSION, key);
		c->listen[2] = fd < 0 ? -1 : fd;
	}
	return 0;
}

size_t ctl_server_pollfds(const struct ctl_server *c, struct pollfd *p)
{
	size_t n = 0;
	int i, k;

	for (i = 0; i < 3; i++)
		if (c->listen[i] >= 0)
			p[n++] = (struct pollfd){ c->listen[i], POLLIN, 0 };
	for (k = 0; k < 2; k++)
		for (i = 0; i < CTL_MAX_CLIENTS; i++)
			if (c->client[k][i] >= 0)
				p[n++] = (struct pollfd){ c->client[k][i], POLLIN, 0 };
	return n;
}

static void say(int fd, struct ctl_reply *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A reply that says only why not; never waits for the caller. */
static void say(int fd, struct ctl_reply *r, int status, const char *fmt, ...)
{
	va_list ap;

	r->version = CTL_VERSION;
	r->status = status;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	send(fd, r, CTL_REPLY_SIZE(0), MSG_DONTWAIT | MSG_NOSIGNAL);
}

static void state(const struct ctl_server *c, const struct ctl_live *live, struct ctl_reply *r)
{
	pid_t *pids = NULL;
	size_t n, i;
	int clk;

	r->version = CTL_VERSION;
	r->status = CTL_OK;
	snprintf(r->name, sizeof(r->name), "%s", c->name);
	r->supervisor = (int32_t)getpid();
	r->command = (int32_t)live->command;
	r->front = (int32_t)live->front;
	r->command_running = live->command_running;
	r->uid = (uint32_t)getuid();
	r->virtual_mask = c->s->page->virtual_mask;
	r->rate_q32 = c->pace.rate_q32;
	r->frozen = c->pace.frozen;
	r->detached = c->detached;
	for (clk = 0; clk < VCLOCK_NCLOCKS; clk++)
		if (!vclock_is_virtual(c->s->page, clk) ||
		    session_virtual_now(c->s, clk, &r->now_ns[clk]))
			r->virtual_mask &= ~(1u << clk);
	n = c->by_memfd ? members_pids(c->s->name, &pids) : tree_pids(&pids);
	r->nprocs = (uint32_t)n;
	r->nlisted = (uint32_t)(n < CTL_MAX_PIDS ? n : CTL_MAX_PIDS);
	for (i = 0; i < r->nlisted; i++)
		r->pids[i] = (int32_t)pids[i];
	free(pids);
}

/* A text from the caller, made a C string whatever it sent. */
static const char *text(char *t, size_t len)
{
	t[len - 1] = '\0';
	return t;
}

/* Why a change was refused, in run's words where run has them. */
static void refused(int fd, struct ctl_request *q, enum vclock_rebase_result res,
		    int64_t realtime_now, struct ctl_reply *r)
{
	struct clock_spec spec;
	const char *opt = "--at";
	char err[400];

	switch (res) {
	case VCLOCK_REBASE_RANGE:
		clock_spec_init(&spec);
		if (q->flags & CTL_F_AT) {
			spec.has_at = 1;
			spec.at_ns = q->at_ns;
			spec.at_src = (struct clock_spec_src){ "--at", "time",
							       text(q->at_text, CTL_TEXT_MAX) };
		}
		if (q->flags & CTL_F_OFFSET) {
			spec.offset_ns = q->offset_ns;
			spec.offset_src = (struct clock_spec_src){
				"--offset", "duration", text(q->offset_text, CTL_TEXT_MAX) };
		}
		if (!clock_spec_check(&spec, realtime_now, &opt, err, sizeof(err)))
			snprintf(err, sizeof(err), "the new time is out of range");
		say(fd, r, CTL_FAILED, "%s: %s", opt, err);
		break;
	case VCLOCK_REBASE_NOT_VIRTUAL:
		say(fd, r, CTL_FAILED, "%s: the realtime clock is not virtual in this session "
		    "(its run has --clocks without realtime): only --rate, --freeze and --resume "
		    "apply", q->flags & CTL_F_AT ? "--at" : "--offset");
		break;
	case VCLOCK_REBASE_CONFLICT:
		say(fd, r, CTL_FAILED, "--resume: cannot be combined with --freeze or --rate 0");
		break;
	default:
		say(fd, r, CTL_FAILED, "--rate: faster than 1000000x");
		break;
	}
}

static int in_session(const struct ctl_server *c, const struct ctl_live *live, pid_t pid)
{
	if (pid == getpid() || (live->front && pid == live->front))
		return 1;
	return c->by_memfd ? members_has(pid, c->s->name) : tree_has(pid);
}

static void answer(struct ctl_server *c, int fd, const struct ctl_live *live)
{
	struct ctl_request q;
	struct ctl_reply *r = calloc(1, sizeof(*r));
	ssize_t n = recv(fd, &q, sizeof(q), MSG_DONTWAIT);

	if (!r)
		return;
	if (n != (ssize_t)sizeof(q) || q.version != CTL_VERSION) {
		say(fd, r, CTL_FAILED, "the session's vdsotool does not understand this request "
		    "(vdsotool ctl and the vdsotool running the session are different versions)");
	} else if (q.pid && !in_session(c, live, q.pid)) {
		say(fd, r, CTL_NO_SESSION, "pid %d is not a process of session '%s' (it maps "
		    "the memfd of an older session of the same front pid)", (int)q.pid, c->name);
	} else if (c->detached && (q.op == CTL_OP_SET || q.op == CTL_OP_DETACH)) {
		say(fd, r, CTL_FAILED, "session '%s' is %sdetached: its processes are on the real "
		    "clock (vdsotool attach -p PID puts them back on a virtual clock)", c->name,
		    q.op == CTL_OP_DETACH ? "already " : "");
	} else if (q.op == CTL_OP_ATTACH) {
		char why[400];
		int st = CTL_FAILED;

		snprintf(why, sizeof(why), "pid %d is already on a virtual clock (session '%s': "
			 "see 'vdsotool ctl %s get')", (int)q.pid, c->name, c->name);
		if (c->attach && c->detached)
			st = c->attach(c->ctx, &q, why, sizeof(why));

		if (st == CTL_OK) {
			state(c, live, r);
			send(fd, r, CTL_REPLY_SIZE(r->nlisted), MSG_DONTWAIT | MSG_NOSIGNAL);
		} else {
			say(fd, r, st, "%s", why);
		}
	} else if (q.op == CTL_OP_SET) {
		struct vclock_change ch = {
			.has_at = !!(q.flags & CTL_F_AT), .at_ns = q.at_ns,
			.has_offset = !!(q.flags & CTL_F_OFFSET), .offset_ns = q.offset_ns,
			.has_rate = !!(q.flags & CTL_F_RATE), .rate_q32 = q.rate_q32,
			.freeze = !!(q.flags & CTL_F_FREEZE), .resume = !!(q.flags & CTL_F_RESUME),
		};
		int64_t realtime_now = 0;
		enum vclock_rebase_result res = session_change(c->s, &c->pace, &ch, &realtime_now);

		if (res == VCLOCK_REBASE_OK) {
			/* The supervisor's own sleepers follow the new clock. */
			sleeps_rearm(c->sleeps, c->s);
			state(c, live, r);
			send(fd, r, CTL_REPLY_SIZE(r->nlisted), MSG_DONTWAIT | MSG_NOSIGNAL);
		} else {
			refused(fd, &q, res, realtime_now, r);
		}
	} else if (q.op == CTL_OP_DETACH) {
		int st = CTL_FAILED;
		char why[400] = "not an attached session (a run session ends with its command)";

		if (c->detach)
			st = c->detach(c->ctx, why, sizeof(why));
		if (st == CTL_OK) {
			state(c, live, r);
			send(fd, r, CTL_REPLY_SIZE(r->nlisted), MSG_DONTWAIT | MSG_NOSIGNAL);
		} else {
			say(fd, r, st, "%s", why);
		}
	} else if (q.op == CTL_OP_GET) {
		state(c, live, r);
		send(fd, r, CTL_REPLY_SIZE(r->nlisted), MSG_DONTWAIT | MSG_NOSIGNAL);
	} else {
		say(fd, r, CTL_FAILED, "unknown request %u", q.op);
	}
	free(r);
}

/* The session's user or root may; the caller's uid in *uid. */
static int allowed(int fd, uid_t *uid)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return 0;
	*uid = cred.uid;
	return cred.uid == getuid() || cred.uid == 0;
}

/* Reads the refused caller's request, then says no. */
static void refuse(int fd)
{
	struct ctl_request q;
	struct ctl_reply r;
	uid_t uid = (uid_t)-1;

	recv(fd, &q, sizeof(q), MSG_DONTWAIT);
	allowed(fd, &uid);
	memset(&r, 0, offsetof(struct ctl_reply, pids));
	say(fd, &r, CTL_DENIED, "permission refused: the session belongs to uid %u, not to "
	    "uid %u (only its user or root may steer it)", (unsigned)getuid(), (unsigned)uid);
}

static void take(struct ctl_server *c, int lfd)
{
	int i, fd, k, n;
	uid_t uid;

	for (n = 0; n < ACCEPTS_PER_TURN; n++) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		k = allowed(fd, &uid) ? CTL_ALLOWED : CTL_REFUSED;
		for (i = 0; i < CTL_MAX_CLIENTS && c->client[k][i] >= 0; i++)
			;
		if (i == CTL_MAX_CLIENTS) {
			/* Full of callers that said nothing: the oldest goes. */
			i = (int)(c->next[k]++ % CTL_MAX_CLIENTS);
			close(c->client[k][i]);
		}
		c->client[k][i] = fd;
	}
}

void ctl_server_serve(struct ctl_server *c, const struct pollfd *p, size_t n,
		      const struct ctl_live *live)
{
	size_t j;
	int i, k;

	/* Connections first: taking new ones may close the oldest, and its
	 * number may come back at once for a newer one. */
	for (j = 0; j < n; j++) {
		for (k = 0; p[j].revents && k < 2; k++) {
			for (i = 0; i < CTL_MAX_CLIENTS; i++) {
				if (c->client[k][i] != p[j].fd)
					continue;
				/* One request, one reply, then the connection is done. */
				if (p[j].revents & POLLIN) {
					if (k == CTL_ALLOWED)
						answer(c, p[j].fd, live);
					else
						refuse(p[j].fd);
				}
				close(p[j].fd);
				c->client[k][i] = -1;
			}
		}
	}
	for (j = 0; j < n; j++)
		if (p[j].revents && (p[j].fd == c->listen[0] || p[j].fd == c->listen[1] ||
					  p[j].fd == c->listen[2]))
			take(c, p[j].fd);
}

void ctl_server_close(struct ctl_server *c)
{
	int i;

	for (i = 0; i < 3; i++)
		if (c->listen[i] >= 0)
			close(c->listen[i]);
	for (i = 0; i < CTL_MAX_CLIENTS; i++) {
		if (c->client[CTL_ALLOWED][i] >= 0)
			close(c->client[CTL_ALLOWED][i]);
		if (c->client[CTL_REFUSED][i] >= 0)
			close(c->client[CTL_REFUSED][i]);
		c->client[CTL_ALLOWED][i] = c->client[CTL_REFUSED][i] = -1;
	}
	c->listen[0] = c->listen[1] = c->listen[2] = -1;
}
