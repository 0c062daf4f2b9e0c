// SPDX-License-Identifier: MIT
/*
 * Seccomp user notification: getpid blocks in the kernel until a
 * supervisor reads the notification from the listener fd and answers.
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE tells the kernel to run the syscall
 * after all, so the figure is the round trip to another process (two
 * context switches, on the same CPU since both are pinned there).
 *
 * The filter can only be installed by the measured process itself, so
 * the supervisor is forked first and receives the listener over a unix
 * socket (SCM_RIGHTS).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench/bench.h"

static int recv_fd(int sock)
{
	char data, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &data, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) <= 0)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

static int send_fd(int sock, int fd)
{
	char data = 'L', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &data, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;

	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(fd));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static void __attribute__((noreturn)) supervise(int sock)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	int fd = recv_fd(sock);

	if (fd < 0)
		_exit(1);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		/* POLLHUP: the filtered process is gone. */
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			_exit(0);
		/* The kernel insists on a zeroed request. */
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
			continue;	/* ENOENT: the caller was interrupted */
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

void bench_seccomp_notify(struct bench_result *r, const struct bench_plan *plan)
{
	int sv[2], listener, status;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		bench_fail(r, BENCH_FAILED, "socketpair: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		bench_fail(r, BENCH_FAILED, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		close(sv[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		supervise(sv[1]);
	}
	close(sv[1]);
	listener = bench_seccomp_install(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	if (listener < 0) {
		bench_fail(r, BENCH_UNSUPPORTED, "seccomp(SECCOMP_FILTER_FLAG_NEW_LISTENER): %s",
			   strerror(errno));
		goto out;
	}
	if (send_fd(sv[0], listener)) {
		bench_fail(r, BENCH_FAILED, "sending the listener: %s", strerror(errno));
		close(listener);
		goto out;
	}
	close(listener);
	bench_measure(r, plan, bench_loop_getpid, NULL, NULL);
out:
	close(sv[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}
