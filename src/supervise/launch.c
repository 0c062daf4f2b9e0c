// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "report.h"
#include "supervise/launch.h"
#include "supervise/supervisor.h"

static int send_fd(int sock, int fd, int code)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &code, sizeof(code) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (fd >= 0) {
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* Returns the fd, or -code the child sent instead. */
static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	int code = -EPIPE, fd = -1;
	struct iovec iov = { &code, sizeof(code) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) <= 0)
		return -EPIPE;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd >= 0 ? fd : (code < 0 ? code : -EPROTO);
}

static void child_main(int sock, pid_t parent, const struct filter_prog *prog, char **argv,
		       const char *who, const sigset_t *unblock)
{
	int fd, sig;

	setpgid(0, 0);
	/* The supervisor is not dumpable; its child must be, or the
	 * supervisor could not ptrace it without CAP_SYS_PTRACE. */
	prctl(PR_SET_DUMPABLE, 1);
	/* The command dies with the supervisor; the watchdog takes the rest. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(RUN_FAILED);
	/* Dispositions are the caller's (nohup's SIGHUP stays ignored); only
	 * the mask vdsotool blocked for its signalfd is put back. */
	sigprocmask(SIG_SETMASK, unblock, NULL);
	fd = filter_install(prog);
	if (send_fd(sock, fd, fd < 0 ? fd : 0) || fd < 0)
		_exit(RUN_FAILED);
	close(fd);
	close(sock);
	execvp(argv[0], argv);
	sig = errno;
	report_error(who, "cannot run '%s': %s", argv[0], strerror(sig));
	_exit(sig == ENOENT ? RUN_NOT_FOUND : RUN_NOT_EXECUTABLE);
}

int launch_command(struct launch *l, const struct filter_prog *prog, char **argv, const char *who,
		   const sigset_t *unblock, char *err, size_t errlen)
{
	pid_t parent = getpid();
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		snprintf(err, errlen, "socketpair failed: %s", strerror(errno));
		return -1;
	}
	l->pid = fork();
	if (l->pid < 0) {
		snprintf(err, errlen, "fork failed: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (l->pid == 0) {
		close(sv[0]);
		child_main(sv[1], parent, prog, argv, who, unblock);
	}
	close(sv[1]);
	/* Both sides set the group, so neither order of events races. */
	setpgid(l->pid, l->pid);
	l->sock = sv[0];
	return 0;
}

int launch_listener(struct launch *l, char *err, size_t errlen)
{
	l->notify_fd = recv_fd(l->sock);
	close(l->sock);
	l->sock = -1;
	if (l->notify_fd < 0) {
		snprintf(err, errlen, "cannot install the seccomp filter: seccomp: %s (seccomp user "
			 "notification needs Linux 5.0+ and may be disabled in containers)",
			 strerror(-l->notify_fd));
		return -1;
	}
	return 0;
}
