// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "report.h"
#include "supervise/clockcalls.h"
#include "supervise/filter.h"
#include "supervise/inject.h"
#include "supervise/launch.h"
#include "supervise/remote.h"
#include "supervise/session.h"
#include "supervise/sleeps.h"
#include "supervise/supervisor.h"
#include "supervise/tree.h"

#define MAX_EXECS 256

/* A task between its execve notification and the end of its injection. */
struct exec_wait {
	pid_t pid;
	int fd, stats_fd;		/* the session fds, as numbered in the task */
	int exec_seen;			/* PTRACE_EVENT_EXEC arrived: the exec worked */
	int pending_signal;		/* came in during the injection */
};

struct counters {
	unsigned long injected, skipped, broken, trapped, execs;
};

struct sv {
	const struct run_options *o;
	struct session s;
	struct launch child;
	int sig_fd;
	pid_t watchdog;
	int watchdog_fd;
	int child_status, child_done;
	int tty_handed;
	struct exec_wait w[MAX_EXECS];
	unsigned nw;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct seccomp_notif_sizes sizes;
	struct counters n;
	struct sleeps sleeps;
};

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static struct exec_wait *find_wait(struct sv *v, pid_t pid)
{
	unsigned i;

	for (i = 0; i < v->nw; i++)
		if (v->w[i].pid == pid)
			return &v->w[i];
	return NULL;
}

static void drop_wait(struct sv *v, struct exec_wait *e)
{
	*e = v->w[--v->nw];
}

static void respond(struct sv *v, __u64 id, int cont)
{
	struct seccomp_notif_resp *r = v->resp;

	if (cont) {
		memset(r, 0, v->sizes.seccomp_notif_resp);
		r->id = id;
		r->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	}
	/* ENOENT: the task died or was interrupted by a signal meanwhile. */
	ioctl(v->child.notify_fd, SECCOMP_IOCTL_NOTIF_SEND, r);
}

static int add_fd(struct sv *v, __u64 id, int fd)
{
	struct seccomp_notif_addfd a = { .id = id, .srcfd = (__u32)fd };

	return ioctl(v->child.notify_fd, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
}

static void warn_pid(pid_t pid, const char *what, const char *why)
{
	report_error("run", "%s pid %d: %s", what, (int)pid, why);
}

static pid_t tracer_of(pid_t pid)
{
	char path[64], line[128];
	int tracer = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %d", &tracer) == 1)
			break;
	if (f)
		fclose(f);
	return tracer;
}

/* Once per session: under strace -f every exec would say the same. */
static void warn_not_injected(struct sv *v, pid_t pid, int err)
{
	char why[160];
	pid_t tracer = tracer_of(pid);

	if (v->n.skipped++)
		return;
	if (tracer)
		snprintf(why, sizeof(why), "it is traced by pid %d", (int)tracer);
	else
		snprintf(why, sizeof(why), "ptrace: %s", strerror(err));
	report_error("run", "cannot inject the virtual clock into pid %d: %s (its vDSO reads stay "
		     "real, its time system calls are still virtual; further such processes are "
		     "counted in --stats only)", (int)pid, why);
}

/*
 * The exec itself goes ahead at once; the supervisor only arranges to
 * catch the task when it comes out of it: seized with PTRACE_O_TRACEEXEC
 * (a success then stops at PTRACE_EVENT_EXEC) and interrupted, so that a
 * failed exec (a PATH search tries several names) stops too.
 */
static void on_exec(struct sv *v, const struct seccomp_notif *req)
{
	const long opts = PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
	pid_t pid = (pid_t)req->pid;
	struct exec_wait e = { pid, -1, -1, 0, 0 };

	v->n.execs++;
	if (find_wait(v, pid) || v->nw == MAX_EXECS) {
		respond(v, req->id, 1);
		return;
	}
	if (ptrace(PTRACE_SEIZE, pid, 0, opts)) {
		if (errno != ESRCH)
			warn_not_injected(v, pid, errno);
		respond(v, req->id, 1);
		return;
	}
	e.fd = add_fd(v, req->id, v->s.memfd);
	if (e.fd >= 0 && v->s.stats_fd >= 0)
		e.stats_fd = add_fd(v, req->id, v->s.stats_fd);
	respond(v, req->id, 1);
	ptrace(PTRACE_INTERRUPT, pid, 0, 0);
	v->w[v->nw++] = e;
}

static void on_notification(struct sv *v)
{
	struct seccomp_notif *req = v->req;

	memset(req, 0, v->sizes.seccomp_notif);
	if (ioctl(v->child.notify_fd, SECCOMP_IOCTL_NOTIF_RECV, req))
		return;
	if (req->data.nr == __NR_execve || req->data.nr == __NR_execveat) {
		on_exec(v, req);
		return;
	}
	memset(v->resp, 0, v->sizes.seccomp_notif_resp);
	if (req->data.nr == __NR_clock_nanosleep) {
		int r = sleeps_begin(&v->sleeps, &v->s, v->child.notify_fd, req, v->resp);

		if (r != 0)
			respond(v, req->id, r < 0);
		return;
	}
	if (clockcalls_answer(&v->s, v->child.notify_fd, req, v->resp)) {
		v->n.trapped++;
		respond(v, req->id, 0);
	} else {
		respond(v, req->id, 1);
	}
}

static void finish_exec(struct sv *v, struct exec_wait *e)
{
	char why[160];
	pid_t pid = e->pid;

	if (!e->exec_seen) {
		if (e->fd >= 0)
			inject_close_fds(&v->s, pid, e->fd, e->stats_fd);
	} else if (e->fd < 0) {
		v->n.skipped++;
	} else {
		switch (inject_image(&v->s, pid, e->fd, e->stats_fd, &e->pending_signal, why,
				     sizeof(why))) {
		case INJECT_DONE:
			v->n.injected++;
			break;
		case INJECT_SKIPPED:
			v->n.skipped++;
			break;
		case INJECT_BROKEN:
			v->n.broken++;
			warn_pid(pid, "killed", why);
			kill(pid, SIGKILL);
			break;
		}
	}
	ptrace(PTRACE_DETACH, pid, 0, e->pending_signal);
	drop_wait(v, e);
}

static void on_trace_stop(struct sv *v, struct exec_wait *e, int status)
{
	int sig = WSTOPSIG(status), event = status >> 16;

	if (event == PTRACE_EVENT_EXEC) {
		/* This stop also satisfied the interrupt: no other comes. */
		e->exec_seen = 1;
		if (remote_leave_syscall(e->pid, &e->pending_signal)) {
			drop_wait(v, e);
			return;
		}
		finish_exec(v, e);
	} else if (event == PTRACE_EVENT_STOP && sig == SIGTRAP) {
		finish_exec(v, e);
	} else if (event == PTRACE_EVENT_STOP) {
		/* A job-control stop: leave it stopped, untraced. */
		ptrace(PTRACE_DETACH, e->pid, 0, 0);
		drop_wait(v, e);
	} else {
		ptrace(PTRACE_CONT, e->pid, 0, sig);
	}
}

/* The command gets the terminal when vdsotool had it, so shells work. */
static void hand_terminal(struct sv *v)
{
	if (isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp())
		v->tty_handed = !tcsetpgrp(STDIN_FILENO, v->child.pid);
}

static void take_terminal_back(struct sv *v)
{
	sigset_t ttou, old;

	if (!v->tty_handed)
		return;
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	tcsetpgrp(STDIN_FILENO, getpgrp());
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/*
 * The command was stopped by the terminal (Ctrl-Z) or a signal: stop
 * vdsotool too, as a shell job, with the terminal given back, so the
 * user's shell regains control; on `fg`, hand the terminal and SIGCONT on.
 */
static void follow_job_stop(struct sv *v, int sig)
{
	if (!v->tty_handed)
		return;
	take_terminal_back(v);
	kill(getpid(), sig == SIGSTOP ? SIGSTOP : SIGTSTP);
	/* Continued: the shell gave our group the terminal again. */
	hand_terminal(v);
	kill(-v->child.pid, SIGCONT);
}

static void on_child_event(struct sv *v, pid_t pid, int status)
{
	struct exec_wait *e = find_wait(v, pid);
	unsigned long former;

	/* A non-leader thread that execs takes the leader's pid. */
	if (!e && WIFSTOPPED(status) && status >> 16 == PTRACE_EVENT_EXEC &&
	    !ptrace(PTRACE_GETEVENTMSG, pid, 0, &former)) {
		e = find_wait(v, (pid_t)former);
		if (e)
			e->pid = pid;
	}
	if (WIFSTOPPED(status)) {
		if (e)
			on_trace_stop(v, e, status);
		else if (pid == v->child.pid && status >> 16 == 0)
			follow_job_stop(v, WSTOPSIG(status));
		return;
	}
	if (e)
		drop_wait(v, e);
	if (pid == v->child.pid) {
		v->child_status = status;
		v->child_done = 1;
	}
}

static void on_signal(struct sv *v)
{
	struct signalfd_siginfo si;
	int status;
	pid_t pid;

	while (read(v->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo != SIGCHLD) {
			kill(-v->child.pid, (int)si.ssi_signo);
			continue;
		}
		while ((pid = waitpid(-1, &status, __WALL | WNOHANG | WUNTRACED)) > 0) {
			if (pid == v->watchdog) {
				v->watchdog = 0;
				continue;
			}
			on_child_event(v, pid, status);
		}
	}
}

static int event_loop(struct sv *v)
{
	struct pollfd p[2 + SLEEPS_MAX];
	int notify_open = 1, nsleeps;

	while (!v->child_done) {
		p[0] = (struct pollfd){ notify_open ? v->child.notify_fd : -1, POLLIN, 0 };
		p[1] = (struct pollfd){ v->sig_fd, POLLIN, 0 };
		nsleeps = sleeps_pollfds(&v->sleeps, p + 2, SLEEPS_MAX);
		if (poll(p, (nfds_t)(2 + nsleeps), -1) < 0) {
			if (errno == EINTR)
				continue;
			report_error("run", "poll failed: %s", strerror(errno));
			return -1;
		}
		if (p[0].revents & POLLIN)
			on_notification(v);
		else if (p[0].revents & (POLLHUP | POLLERR))
			notify_open = 0;
		if (p[1].revents & POLLIN)
			on_signal(v);
		if (nsleeps)
			sleeps_fire(&v->sleeps, v->child.notify_fd, p + 2, nsleeps);
	}
	return 0;
}

static int setup_signals(struct sv *v, sigset_t *old)
{
	sigset_t set;
	unsigned i;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	for (i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	if (sigprocmask(SIG_BLOCK, &set, old))
		return -1;
	v->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return v->sig_fd < 0 ? -1 : 0;
}

static int alloc_notif(struct sv *v)
{
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &v->sizes))
		return -1;
	v->req = calloc(1, v->sizes.seccomp_notif);
	v->resp = calloc(1, v->sizes.seccomp_notif_resp);
	return v->req && v->resp ? 0 : -1;
}

static int exit_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return RUN_FAILED;
}

static void print_stats(struct sv *v)
{
	unsigned long reads = v->s.stats ? v->s.stats->image_reads : 0;

	fprintf(stderr,
		"vdsotool: run: stats: %lu exec(s), %lu process(es) injected, %lu not injected, "
		"%lu clock read(s) through the image, %lu through trapped system calls, "
		"%lu absolute sleep(s) on a virtual clock\n",
		v->n.execs, v->n.injected, v->n.skipped + v->n.broken, reads, v->n.trapped,
		v->sleeps.emulated);
}

static int start(struct sv *v, sigset_t *old)
{
	struct filter_prog prog;
	char err[256];

	if (session_create(&v->s, &v->o->spec, v->o->virtual_mask, v->o->stats, err,
			   sizeof(err))) {
		report_error("run", "%s", err);
		return -1;
	}
	if (filter_build(&prog, v->o->virtual_mask, v->s.fixed_start, v->s.fixed_end)) {
		report_error("run", "cannot build the seccomp filter");
		return -1;
	}
	if (alloc_notif(v) || setup_signals(v, old)) {
		report_error("run", "cannot set up: %s", strerror(errno));
		return -1;
	}
	/* Orphans of the tree come back to vdsotool, so none escapes. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (launch_command(&v->child, &prog, v->o->argv, old, err, sizeof(err))) {
		report_error("run", "%s", err);
		return -1;
	}
	v->watchdog = watchdog_start(v->s.name, v->child.pid, &v->watchdog_fd);
	hand_terminal(v);
	if (launch_go(&v->child)) {
		report_error("run", "the command's process died before it could start");
		return -1;
	}
	return 0;
}

int supervise(const struct run_options *o)
{
	struct sv v = { .o = o, .sig_fd = -1, .watchdog_fd = -1 };
	sigset_t old;
	int status = RUN_FAILED;
	unsigned i;

	v.child.notify_fd = v.child.go_fd = -1;
	if (!start(&v, &old) && !event_loop(&v))
		status = exit_status(v.child_status);
	for (i = 0; i < v.nw; i++)
		ptrace(PTRACE_DETACH, v.w[i].pid, 0, 0);
	if (v.child.pid > 0 && !v.child_done)
		kill(-v.child.pid, SIGKILL);
	tree_end(v.watchdog);
	take_terminal_back(&v);
	if (o->stats)
		print_stats(&v);
	watchdog_stop(v.watchdog, v.watchdog_fd);
	session_destroy(&v.s);
	free(v.req);
	free(v.resp);
	return status;
}
