// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "supervise/launch.h"
#include "supervise/supervisor.h"
#include "supervise/raw.h"

/*
 * The child shares the supervisor's memory until its execve (CLONE_VM, as
 * posix_spawn does): no page tables to copy and none to tear down, which
 * is about 0.6 ms of `run -- true` on a paravirtualised host.  Unlike
 * posix_spawn it cannot be CLONE_VFORK: its execve waits for the
 * supervisor to read the notification.  So the supervisor runs on while
 * the child does, and the child touches nothing the supervisor writes:
 * it makes raw system calls (no errno: the thread-local area is the
 * supervisor's: raw.h), reads only what struct spawn froze before the
 * clone, and runs on a stack of its own.
 */
struct spawn {
	int sock;
	pid_t parent;
	const struct filter_prog *prog;
	char **argv, **envp;
	const char *path;		/* $PATH, or execvp's default */
	const char *who;
	uint64_t unblock;		/* the kernel's sigset */
};

#define CHILD RAW

static CHILD int send_fd(int sock, int fd, int code)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = { &code, sizeof(code) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c = &cbuf.align;

	if (fd >= 0) {
		msg.msg_control = cbuf.buf;
		msg.msg_controllen = sizeof(cbuf.buf);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		*(int *)CMSG_DATA(c) = fd;
	}
	return (int)raw_sys(SYS_sendmsg, sock, (long)&msg, MSG_NOSIGNAL, 0);
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

/* A file that is no executable format runs as a shell script, as execvp
 * does it. */
static CHILD long exec_file(const struct spawn *sp, const char *file)
{
	char *sh_argv[256];
	long e = raw_sys(SYS_execve, (long)file, (long)sp->argv, (long)sp->envp, 0);
	size_t i;

	if (e != -ENOEXEC)
		return e;
	sh_argv[0] = (char *)"/bin/sh";
	sh_argv[1] = (char *)file;
	for (i = 1; sp->argv[i] && i + 2 < 256; i++)
		sh_argv[i + 1] = sp->argv[i];
	if (sp->argv[i])
		return -E2BIG;
	sh_argv[i + 1] = 0;
	raw_sys(SYS_execve, (long)"/bin/sh", (long)sh_argv, (long)sp->envp, 0);
	return -ENOEXEC;
}

/* execvp's search: a name with a slash as it is, else each directory of
 * PATH (an empty one is the current directory); EACCES anywhere is the
 * answer if nothing ran, a missing file or directory is skipped, any other
 * error ends the search. */
static CHILD long exec_search(const struct spawn *sp)
{
	const char *file = sp->argv[0], *dir = sp->path;
	size_t flen = raw_strlen(file);
	char full[4096 + 256];
	long e = -ENOENT;
	int denied = 0;

	for (const char *c = file; *c; c++)
		if (*c == '/')
			return exec_file(sp, file);
	if (!flen)
		return -ENOENT;
	if (flen > 255)
		return -ENAMETOOLONG;
	for (;;) {
		const char *colon = dir;
		char *to = full, *end = full + sizeof(full) - 1;

		while (*colon && *colon != ':')
			colon++;
		if ((size_t)(colon - dir) < 4096) {
			while (dir < colon)
				*to++ = *dir++;
			if (to > full)
				*to++ = '/';
			to = raw_append(to, end, file);
			*to = '\0';
			e = exec_file(sp, full);
			if (e == -EACCES)
				denied = 1;
			else if (e != -ENOENT && e != -ENOTDIR && e != -ESTALE && e != -ENODEV &&
				 e != -ETIMEDOUT)
				return e;
		}
		if (!*colon)
			return denied ? -EACCES : e;
		dir = colon + 1;
	}
}

/* The message report_error would write, put together by hand. */
static CHILD void cannot_run(const struct spawn *sp, int err)
{
	const char *why = strerrordesc_np(err);
	char msg[512], *to = msg, *end = msg + sizeof(msg) - 1;

	to = raw_report(to, end, sp->who, "cannot run '");
	to = raw_append(to, end, sp->argv[0]);
	to = raw_append(to, end, "': ");
	to = raw_append(to, end, why ? why : "unknown error");
	*to++ = '\n';
	raw_sys(SYS_write, 2, (long)msg, to - msg, 0);
}

static CHILD int child_main(void *arg)
{
	const struct spawn *sp = arg;
	long fd, e;

	raw_sys(SYS_setpgid, 0, 0, 0, 0);
	/* The supervisor is not dumpable; its child must be, or the
	 * supervisor could not ptrace it without CAP_SYS_PTRACE.  Dumpable
	 * belongs to the memory, which is the supervisor's until the exec:
	 * see launch_memory_private. */
	raw_sys(SYS_prctl, PR_SET_DUMPABLE, 1, 0, 0);
	/* The command dies with the supervisor; the watchdog takes the rest. */
	raw_sys(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0);
	if (raw_sys(SYS_getppid, 0, 0, 0, 0) != sp->parent)
		raw_exit(RUN_FAILED);
	/* Dispositions are the caller's (nohup's SIGHUP stays ignored); only
	 * the mask vdsotool blocked for its signalfd is put back. */
	raw_sys(SYS_rt_sigprocmask, SIG_SETMASK, (long)&sp->unblock, 0, sizeof(sp->unblock));
	fd = filter_install(sp->prog);
	if (send_fd(sp->sock, (int)fd, fd < 0 ? (int)fd : 0) < 0 || fd < 0)
		raw_exit(RUN_FAILED);
	raw_sys(SYS_close, fd, 0, 0, 0);
	raw_sys(SYS_close, sp->sock, 0, 0, 0);
	e = exec_search(sp);
	cannot_run(sp, (int)-e);
	raw_exit(e == -ENOENT ? RUN_NOT_FOUND : RUN_NOT_EXECUTABLE);
}

/* What the child reads and the stack it runs on, for the supervisor's
 * whole life: the child leaves them at its exec, and this process starts
 * one command. */
#define CHILD_STACK (256 * 1024)
static struct spawn spawn_args;

int launch_command(struct launch *l, const struct filter_prog *prog, char **argv, const char *who,
		   const sigset_t *unblock, char *err, size_t errlen)
{
	const char *path = getenv("PATH");
	int sv[2];
	char *stack;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		snprintf(err, errlen, "socketpair failed: %s", strerror(errno));
		return -1;
	}
	stack = mmap(NULL, CHILD_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED) {
		snprintf(err, errlen, "cannot map a stack: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	spawn_args = (struct spawn){ sv[1], getpid(), prog, argv, environ,
				     path ? path : "/bin:/usr/bin", who, 0 };
	memcpy(&spawn_args.unblock, unblock, sizeof(spawn_args.unblock));
	fflush(NULL);
	l->pid = clone(child_main, stack + CHILD_STACK, CLONE_VM | SIGCHLD, &spawn_args);
	if (l->pid < 0) {
		snprintf(err, errlen, "clone failed: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	close(sv[1]);
	/* Both sides set the group, so neither order of events races. */
	setpgid(l->pid, l->pid);
	l->sock = sv[0];
	return 0;
}

void launch_memory_private(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	prctl(PR_SET_DUMPABLE, 0);
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
