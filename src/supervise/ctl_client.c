// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "common/proc.h"
#include "supervise/ctl_addr.h"
#include "supervise/ctl_client.h"

/* A connected socket, or -errno (-ECONNREFUSED: nobody listens there). */
static int dial(enum ctl_addr_kind kind, const char *key)
{
	struct timeval tv = { CTL_TIMEOUT_MS / 1000, (CTL_TIMEOUT_MS % 1000) * 1000 };
	struct sockaddr_un a;
	socklen_t len = ctl_addr(&a, kind, key);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0), e;

	if (fd < 0)
		return -errno;
	/* A stopped supervisor still completes connects (the backlog): only
	 * a time limit on the answer keeps ctl from hanging on it. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&a, len)) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int ctl_session_key(pid_t pid, char key[CTL_KEY_MAX])
{
	char path[64], line[512];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *m = strstr(line, "/memfd:vdsotool-");
		char tail[16];

		if (m && sscanf(m, "/memfd:vdsotool-%31[0-9.a-f]-%15[a-z]", key, tail) == 2 &&
		    !strcmp(tail, "session"))
			found = 1;
	}
	/* An unreadable maps (another user's process) reads as empty on some
	 * kernels rather than failing to open: say so rather than "none". */
	if (!found && ferror(f))
		found = -EACCES;
	fclose(f);
	return found;
}

/* pid's "NSpid:" line: its pid in this namespace and in each one nested
 * below, as far as its own; returns how many (0: gone). */
static int ns_pids(pid_t pid, long out[8])
{
	char path[64], line[256];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!n && fgets(line, sizeof(line), f)) {
		char *p = line + 6, *end;

		if (strncmp(line, "NSpid:", 6))
			continue;
		while (n < 8 && (out[n] = strtol(p, &end, 10), end != p)) {
			n++;
			p = end;
		}
	}
	fclose(f);
	return n;
}

/*
 * The supervisor sees pid as it is numbered in its own pid namespace,
 * which may be below ours (a container whose PID 1 is vdsotool): the
 * number at its depth in pid's NSpid.  The peer's pid, translated into
 * ours by the kernel, tells that depth.
 */
static pid_t as_the_session_sees(int fd, pid_t pid)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	long sup[8], tgt[8];
	int ns, nt;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.pid <= 0)
		return pid;
	ns = ns_pids(cred.pid, sup);
	nt = ns_pids(pid, tgt);
	return ns > 1 && nt >= ns ? (pid_t)tgt[ns - 1] : pid;
}

/* A connection to the session whose memfd key pid's maps show, or a ctl
 * status with why in err. */
static int dial_key(const char *target, pid_t pid, const char *key, struct ctl_request *q,
		    int *fd, char *err, size_t errlen)
{
	*fd = dial(CTL_ADDR_SESSION, key);
	if (*fd < 0) {
		snprintf(err, errlen, "%s: pid %d maps session vdsotool-%s-session, but its "
			 "supervisor does not answer: %s (the session is ending)", target, (int)pid,
			 key, strerror(-*fd));
		return CTL_NO_SESSION;
	}
	q->pid = as_the_session_sees(*fd, pid);
	return CTL_OK;
}

/* A connection to the session of pid (by its memfd, or by its front), or
 * a ctl status with why in err. */
static int dial_pid(const char *target, pid_t pid, struct ctl_request *q, int *fd, char *err,
		    size_t errlen)
{
	char key[CTL_KEY_MAX];
	int r = ctl_session_key(pid, key);

	/* The memfd's key first: a front pid may be another namespace's. */
	if (r == 1)
		return dial_key(target, pid, key, q, fd, err, errlen);
	*fd = dial(CTL_ADDR_FRONT, target);
	if (*fd >= 0) {
		q->pid = as_the_session_sees(*fd, pid);
		return CTL_OK;
	}
	if (r == -ENOENT || r == -ESRCH) {
		snprintf(err, errlen, "%s: no session of that name and no process of that pid",
			 target);
		return CTL_NO_SESSION;
	}
	if (r < 0 && (proc_comm_is(pid, "vdsotool-super") || proc_comm_is(pid, "vdsotool-keeper"))) {
		snprintf(err, errlen, "%s: pid %d is a session's supervisor or keeper, whose maps "
			 "cannot be read (name a process of its tree, its vdsotool run, or the "
			 "session's name)", target, (int)pid);
		return CTL_FAILED;
	}
	if (r < 0) {
		snprintf(err, errlen, "%s: cannot read /proc/%d/maps: %s (a process of another "
			 "user: only a session's user or root may steer it)", target, (int)pid,
			 strerror(-r));
		return CTL_DENIED;
	}
	snprintf(err, errlen, "%s: no session of that name, and pid %d is not in a vdsotool "
		 "run session (its maps name no session memfd)", target, (int)pid);
	return CTL_NO_SESSION;
}

static int connect_target(const char *target, struct ctl_request *q, int *fd, char *err,
			  size_t errlen)
{
	pid_t pid = proc_parse_pid(target);

	q->pid = 0;
	*fd = -1;
	if (!ctl_name_check(target, 1, NULL, 0)) {
		*fd = dial(CTL_ADDR_NAME, target);
		if (*fd >= 0)
			return CTL_OK;
		if (*fd != -ECONNREFUSED) {
			snprintf(err, errlen, "%s: cannot reach the session: %s", target,
				 strerror(-*fd));
			return CTL_FAILED;
		}
	}
	if (pid > 0)
		return dial_pid(target, pid, q, fd, err, errlen);
	if (ctl_name_check(target, 1, err, errlen))
		return CTL_FAILED;
	snprintf(err, errlen, "%s: no session of that name (its tree may have exited; "
		 "'vdsotool run --name %s' names one)", target, target);
	return CTL_NO_SESSION;
}

/*
 * Anyone may bind an abstract name: a socket that another user (not root)
 * listens on is not a session of ours, whatever it would answer.  0, or a
 * status with why in err.
 */
static int trusted(int fd, const char *target, char *err, size_t errlen)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)) {
		snprintf(err, errlen, "%s: cannot tell who listens there: %s", target,
			 strerror(errno));
		return CTL_FAILED;
	}
	if (getuid() == 0 || cred.uid == 0 || cred.uid == getuid())
		return CTL_OK;
	snprintf(err, errlen, "%s: permission refused: the session belongs to uid %u, not to "
		 "uid %u (only its user or root may steer it)", target, (unsigned)cred.uid,
		 (unsigned)getuid());
	return CTL_DENIED;
}

static int exchange(const char *target, int st, int fd, struct ctl_request *q,
		    struct ctl_reply *r, char *err, size_t errlen)
{
	ssize_t n;

	if (st == CTL_OK && (st = trusted(fd, target, err, errlen)) != CTL_OK)
		close(fd);
	if (st != CTL_OK)
		return st;
	q->version = CTL_VERSION;
	/* The session reads every request before it answers; a send that
	 * fails anyway (the session went away) is told by the recv below. */
	n = send(fd, q, sizeof(*q), MSG_NOSIGNAL);
	if (n < 0 && errno != EPIPE && errno != ECONNRESET) {
		snprintf(err, errlen, "%s: cannot send to the session: %s", target, strerror(errno));
		close(fd);
		return CTL_FAILED;
	}
	memset(r, 0, sizeof(*r));
	do
		n = recv(fd, r, sizeof(*r), 0);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		snprintf(err, errlen, "%s: the session did not answer within %d s (is its "
			 "supervisor, vdsotool-super, stopped?)", target, CTL_TIMEOUT_MS / 1000);
		return CTL_FAILED;
	}
	if (n < (ssize_t)CTL_REPLY_SIZE(0) || r->version != CTL_VERSION ||
	    (r->status == CTL_OK && (r->nlisted > CTL_MAX_PIDS ||
				      (size_t)n != CTL_REPLY_SIZE(r->nlisted)))) {
		snprintf(err, errlen, "%s: the session closed without a valid answer%s%s", target,
			 n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
		return CTL_FAILED;
	}
	r->why[sizeof(r->why) - 1] = '\0';
	r->name[sizeof(r->name) - 1] = '\0';
	return CTL_OK;
}

int ctl_call(const char *target, struct ctl_request *q, struct ctl_reply *r, char *err,
	     size_t errlen)
{
	int fd, st = connect_target(target, q, &fd, err, errlen);

	return exchange(target, st, fd, q, r, err, errlen);
}

int ctl_call_pid(pid_t pid, struct ctl_request *q, struct ctl_reply *r, char *err,
		 size_t errlen)
{
	char target[16], key[CTL_KEY_MAX];
	int fd = -1, st;

	snprintf(target, sizeof(target), "%d", (int)pid);
	/* Only by its maps: a session named like the pid may be another's. */
	if (ctl_session_key(pid, key) != 1) {
		snprintf(err, errlen, "%s: not in a session", target);
		return CTL_NO_SESSION;
	}
	st = dial_key(target, pid, key, q, &fd, err, errlen);
	return exchange(target, st, fd, q, r, err, errlen);
}
