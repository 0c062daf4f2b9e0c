// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"
#include "supervise/attach.h"
#include "supervise/attach_front.h"
#include "supervise/protocol.h"

int attach_start(const struct run_options *o)
{
	struct run_msg m, bye = { .type = MSG_DETACH };
	sigset_t none;
	int sv[2], status;
	pid_t child;
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		report_error("attach", "cannot set up: %s", strerror(errno));
		return ATTACH_FAILED;
	}
	fflush(NULL);
	child = fork();
	if (child < 0) {
		report_error("attach", "cannot start: fork: %s", strerror(errno));
		return ATTACH_FAILED;
	}
	if (child == 0) {
		close(sv[0]);
		/* Out of the caller's session and process group: a Ctrl-C or a
		 * hang-up of the terminal must not reach the daemon. */
		setsid();
		sigemptyset(&none);
		if (fork() == 0)
			supervisor_main(o, sv[1], &none);
		_exit(0);
	}
	close(sv[1]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	do
		n = recv(sv[0], &m, sizeof(m), 0);
	while (n < 0 && errno == EINTR);
	if (n != sizeof(m)) {
		report_error("attach", "the supervisor died before pid %d was attached",
			     (int)o->attach);
		return ATTACH_FAILED;
	}
	if (m.type != MSG_STARTED)
		return m.type == MSG_FAILED && m.a ? m.a : ATTACH_FAILED;
	send(sv[0], &bye, sizeof(bye), MSG_NOSIGNAL);
	close(sv[0]);
	return 0;
}
