// SPDX-License-Identifier: MIT
/*
 * The supervisor process: one event loop over the notification listener,
 * a signalfd (SIGCHLD), the front's socket, the ctl socket and the
 * pending sleeps.  All waiting for children and tracees happens in
 * reap(), which sorts every status into an event for the injection
 * machine, the command's own lifecycle, or nothing (an orphan reaped).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"
#include "supervise/attach.h"
#include "supervise/clockcalls.h"
#include "supervise/ctl_server.h"
#include "supervise/events.h"
#include "supervise/execs.h"
#include "supervise/filter.h"
#include "supervise/install.h"
#include "supervise/keeper.h"
#include "supervise/launch.h"
#include "supervise/machine.h"
#include "supervise/members.h"
#include "supervise/notify.h"
#include "supervise/protocol.h"
#include "supervise/session.h"
#include "supervise/session_change.h"
#include "supervise/sleeps.h"
#include "supervise/startup_cpu.h"
#include "supervise/stopall.h"
#include "supervise/supervisor.h"
#include "supervise/timer_rearm.h"
#include "supervise/tree.h"
#include "supervise/warp.h"

struct sv {
	const struct run_options *o;
	struct session s;
	struct notifier nf;
	struct machine_config mc;
	struct machine m;
	struct execs x;
	struct sleeps sleeps;
	struct ctl_server ctl;		/* vdsotool ctl */
	struct run_stats st;
	struct seccomp_notif *req;
	int sock;			/* to the front; -1 once it left */
	int front_detached;		/* it left on purpose */
	int sig_fd;
	int listener_gone;		/* no process has the filter any more */
	pid_t cmd;
	int cmd_done, cmd_status;
	int held;			/* --stop done */
	struct warp warp;		/* --warp */
	int warned;
	int finished;			/* the extension's finish ran */
	int passthrough;		/* detached: every call goes through untouched */
	pid_t attached;			/* the process the user attached last */
	uint32_t patch_filters_max;	/* the session page's, but for --no-patch */
	/* A helper of an attach --tree: it serves one descendant's listener,
	 * and follows changes by the session page's seq (no ctl of its own). */
	int helper;
	int chan;			/* a helper's line to the session's supervisor */
	uint32_t seen_seq;
	uint32_t timers_seq;		/* the page's seq the tree's timers follow */
	struct helper_line {
		pid_t pid;
		int chan;
	} *helpers;			/* the session's supervisor: its helpers */
	size_t nhelpers;
	struct filter_prog prog;	/* attach: for the descendants of attach --tree */
};

/* The extension's last words, once: at the end, or when the session
 * fails or vdsotool is killed (fakeroot saves what it has). */
static int last_words(struct sv *v)
{
	const struct run_extension *ext = v->o->ext;
	char err[256];

	if (!ext || !ext->finish || v->finished++ || v->cmd <= 0)
		return 0;
	if (!ext->finish(ext->ctx, err, sizeof(err)))
		return 0;
	report_error(ext->name, "%s", err);
	return -1;
}

/*
 * The front is gone.  If it said goodbye, serve on without a terminal or
 * the caller's pipes; if not, vdsotool was killed, and the tree goes too.
 */
static void front_lost(struct sv *v)
{
	int fd;

	if (v->sock >= 0)
		close(v->sock);
	v->sock = -1;
	if (!v->front_detached) {
		tree_end(0, 0);
		last_words(v);
		_exit(RUN_FAILED);
	}
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
}

static void say(struct sv *v, int type, int a, int b)
{
	struct run_msg msg = { type, a, b, v->st };

	if (v->sock < 0)
		return;
	msg.stats.exec_failed_fast = v->x.fast_failed;
	msg.stats.warps = v->warp.warps;
	msg.stats.warp_ns = v->warp.skipped_ns;
	if (v->s.stats) {
		msg.stats.image_reads = v->s.stats->image_reads;
		msg.stats.runtime_calls = v->s.stats->runtime_calls;
		msg.stats.patched_sites = v->s.stats->patched_sites;
	}
	if (send(v->sock, &msg, sizeof(msg), MSG_NOSIGNAL) < 0 && errno != EINTR)
		front_lost(v);
}

static void __attribute__((noreturn)) fail_with(struct sv *v, int status)
{
	say(v, MSG_FAILED, status, 0);
	tree_end(0, 0);
	_exit(status);
}

static void __attribute__((noreturn)) fail_session(struct sv *v)
{
	tree_end(0, 0);
	last_words(v);
	say(v, MSG_FAILED, RUN_FAILED, 0);
	_exit(RUN_FAILED);
}

/* A process left on the real clock: said once, counted always, and fatal
 * under --strict.  One whose exec was made to fail is said every time. */
static void not_virtual(struct sv *v, pid_t pid, const char *why, int failed)
{
	v->st.not_injected++;
	/* No clock is virtual (fakeroot without clock options): such a
	 * process is served by the supervisor instead, and loses nothing. */
	if (!v->o->virtual_mask && !failed)
		return;
	if (failed) {
		report_error(run_who(v->o), "pid %d cannot exec: %s (its exec fails with EPERM; to debug a "
			     "program, use run --stop and attach from outside; vdsotool(1), run, "
			     "Debugging)", (int)pid, why);
		if (v->o->strict)
			fail_session(v);
		return;
	}
	if (v->o->strict) {
		report_error(run_who(v->o), "pid %d could not be put on the virtual clock: %s "
			     "(--strict: ending the run)", (int)pid, why);
		fail_session(v);
	}
	if (v->warned++)
		return;
	report_error(run_who(v->o), "cannot put pid %d on the virtual clock: %s (it runs on the real "
		     "clock; further such processes are counted in --stats; --strict makes this "
		     "an error)", (int)pid, why);
}

static void refused(void *ctx, pid_t pid, const char *why, int failed)
{
	not_virtual(ctx, pid, why, failed);
}

static void injection_report(void *ctx, const struct machine_report *r)
{
	struct sv *v = ctx;

	switch (r->outcome) {
	case OUT_INJECTED:
		v->st.injected++;
		/* --stop: the command halts before its first instruction of
		 * its own, ready for gdb -p or strace -p. */
		if (v->o->hold && r->pid == v->cmd && !v->held) {
			v->held = 1;
			kill(r->pid, SIGSTOP);
			say(v, MSG_HELD, r->pid, 0);
		}
		break;
	case OUT_SKIPPED:
	case OUT_KILLED:
		not_virtual(v, r->pid, r->why, 0);
		break;
	case OUT_EXEC_FAILED:
	case OUT_GONE:
		break;
	}
}

/* Injected processes have the kernel's vDSO at the session's fixed
 * address; a process without it (traced by a debugger when it exec'd)
 * sees the real clock everywhere, its system calls included. */
static int injected(const struct sv *v, pid_t pid)
{
	char c;

	return task_read(pid, v->s.moved_vdso, &c, 1) == 1;
}

static void on_notification(struct sv *v)
{
	struct seccomp_notif *req = v->req;
	int r;

	if (notify_recv(&v->nf, req))
		return;
	/* Only attach asks that: of a process whose listener is this one's
	 * (attach --tree), another supervisor of the session attaching it. */
	if (req->data.nr == ATTACH_FD_NR) {
		attach_serve_fd(&v->nf, req, &v->s);
		return;
	}
	if (v->o->ext && !v->passthrough && v->o->ext->notified(v->o->ext->ctx, &v->nf, req)) {
		v->st.trapped++;
		return;
	}
	/* A detached session still injects its execs (the image reads the
	 * real clocks then): they stay its processes, for an attach again. */
	if ((req->data.nr == __NR_execve || req->data.nr == __NR_execveat) &&
	    (!v->passthrough || v->ctl.detached)) {
		v->st.execs++;
		execs_notified(&v->x, req);
		return;
	}
	if (v->passthrough) {
		notify_continue(&v->nf, req->id);
		return;
	}
	if (!injected(v, (pid_t)req->pid)) {
		notify_continue(&v->nf, req->id);
		return;
	}
	if (req->data.nr == __NR_clock_nanosleep) {
		r = sleeps_begin(&v->sleeps, &v->s, &v->nf, req);
		if (r < 0)
			notify_continue(&v->nf, req->id);
		v->st.sleeps = v->sleeps.emulated;
		return;
	}
	if (clockcalls_answer(&v->s, &v->nf, req))
		v->st.trapped++;
	else
		notify_continue(&v->nf, req->id);
}

static void trace_event(struct sv *v, pid_t pid, int status)
{
	struct trace_event ev;
	siginfo_t info;
	int have = 0;

	if (event_needs_siginfo(status))
		have = !ptrace(PTRACE_GETSIGINFO, pid, 0, &info);
	event_classify(pid, status, have ? &info : NULL, &ev);
	if (ev.kind == TEV_EXEC) {
		ptrace(PTRACE_GETEVENTMSG, pid, 0, &ev.msg);
		launch_memory_private();
	}
	if (!machine_event(&v->m, &ev) && WIFSTOPPED(status))
		/* A stop of a tracee nobody claims would hang it: let it go,
		 * with the signal it was stopped for. */
		ptrace(PTRACE_DETACH, pid, 0, (void *)(long)(status >> 16 ? 0 : WSTOPSIG(status)));
}

static void command_event(struct sv *v, int status)
{
	if (WIFSTOPPED(status)) {
		/* The stop --stop asked for is announced as such. */
		if (!(v->held == 1 && WSTOPSIG(status) == SIGSTOP))
			say(v, MSG_STOPPED, WSTOPSIG(status), 0);
		if (v->held == 1)
			v->held = 2;
		return;
	}
	if (WIFCONTINUED(status))
		return;
	v->cmd_done = 1;
	v->cmd_status = status;
	launch_memory_private();
	startup_cpu_release(0);
	if (v->o->life == LIFE_KILL)
		tree_end(200, 0);
	/* The front may return now, leaving the tree no ancestor of ours but
	 * this process: a keeper first, while the front still covers us. */
	if (tree_count() && keeper_start(v->s.name))
		report_error(run_who(v->o), "cannot start the keeper: %s (if the supervisor is "
			     "killed, what the command left running goes on without it)",
			     strerror(errno));
	say(v, MSG_EXITED, status, 0);
}

/* The one place that waits. */
static void reap(struct sv *v)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, __WALL | WNOHANG | WUNTRACED | WCONTINUED)) > 0) {
		int traced = WIFSTOPPED(status) && pid != v->cmd;

		/* A stop of the command is a ptrace stop while it is being
		 * injected (then the machine knows it), else job control. */
		if (pid == v->cmd && WIFSTOPPED(status) &&
		    ((status >> 16) != 0 || machine_knows(&v->m, pid)))
			traced = 1;
		if (traced || !WIFSTOPPED(status))
			trace_event(v, pid, status);
		if (pid == v->cmd && !traced)
			command_event(v, status);
	}
	execs_retry(&v->x);
}

static void on_signal(struct sv *v)
{
	struct signalfd_siginfo si;

	while (read(v->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap(v);
	}
}

static void on_front(struct sv *v)
{
	struct run_msg msg;
	ssize_t n = recv(v->sock, &msg, sizeof(msg), MSG_DONTWAIT);

	if (n == sizeof(msg) && msg.type == MSG_DETACH) {
		v->front_detached = 1;
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	front_lost(v);
}

/* A thread being stopped for the detach: its absolute sleeps start over,
 * and so follow the real clock, as after a settimeofday (a deadline in the
 * virtual future stays ahead; one in the past ends at once). */
static void restart_sleeps(void *ctx, pid_t tid)
{
	struct sv *v = ctx;

	sleeps_end(&v->sleeps, &v->nf, tid, 1);
}

/*
 * A helper, asked by the session's supervisor before it detaches the
 * processes: no sleep of its may hold a thread where the supervisor's
 * ptrace interrupt cannot reach it (the page says detached by then).
 * Each sleeper's process is stopped here, its sleeps restarted, let go;
 * then the answer.
 */
static void on_detach_request(struct sv *v)
{
	char c;
	ssize_t n = recv(v->chan, &c, 1, MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n != 1) {
		close(v->chan);
		v->chan = -1;
		return;
	}
	while (v->sleeps.n) {
		pid_t tid = v->sleeps.w[0].tid;
		struct stopall all;
		char why[160];

		if (!stopall_seize_unblocking(&all, tid, restart_sleeps, v, why, sizeof(why)))
			stopall_release(&all);
		/* What the stop did not reach (a debugger holds the sleeper, or
		 * it is gone) has no interrupt pending to restart it: EINTR. */
		sleeps_end(&v->sleeps, &v->nf, tid, 0);
	}
	send(v->chan, &c, 1, MSG_NOSIGNAL);
}

/* The session's supervisor, before a detach: each helper's answer, or
 * its end (a helper whose listener is gone has exited). */
static void ask_helpers(struct sv *v)
{
	size_t i, keep = 0;
	char c = 'd';

	for (i = 0; i < v->nhelpers; i++) {
		struct helper_line *h = &v->helpers[i];
		struct pollfd p = { h->chan, POLLIN, 0 };

		if (send(h->chan, &c, 1, MSG_NOSIGNAL) != 1 || poll(&p, 1, 5000) != 1 ||
		    recv(h->chan, &c, 1, 0) != 1) {
			close(h->chan);
			continue;
		}
		v->helpers[keep++] = *h;
	}
	v->nhelpers = keep;
}

/* What vdsotool ctl is told about the session now. */
static struct ctl_live live(const struct sv *v)
{
	struct ctl_live l = { v->cmd, 0, !v->cmd_done };

	if (v->o->attach) {
		/* The supervisor stands in for the front: its pid names the memfd. */
		l.command = v->attached;
		l.command_running = !kill(v->attached, 0) || errno != ESRCH;
		l.front = getpid();
		return l;
	}
	if (v->sock >= 0 && !v->front_detached)
		l.front = v->o->front;
	return l;
}

static int tree_done(struct sv *v)
{
	return v->cmd_done && v->listener_gone && tree_count() == 0;
}

static void rearm_timers(struct sv *v);

static void event_loop(struct sv *v)
{
	struct pollfd *p = NULL;
	size_t cap = 0;

	for (;;) {
		size_t n, nc, ns;
		struct ctl_live l;
		int timeout;

		if (tree_done(v))
			return;
		if (cap < 3 + CTL_SERVER_MAXFDS + v->sleeps.n) {
			cap = 3 + CTL_SERVER_MAXFDS + v->sleeps.n * 2;
			free(p);
			p = calloc(cap, sizeof(*p));
			if (!p) {
				report_error(run_who(v->o), "out of memory");
				fail_session(v);
			}
		}
		p[0] = (struct pollfd){ v->listener_gone ? -1 : v->nf.fd, POLLIN, 0 };
		p[1] = (struct pollfd){ v->sig_fd, POLLIN, 0 };
		p[2] = (struct pollfd){ v->helper ? v->chan : v->sock, POLLIN, 0 };
		nc = ctl_server_pollfds(&v->ctl, p + 3);
		ns = sleeps_pollfds(&v->sleeps, p + 3 + nc, cap - 3 - nc);
		n = 3 + nc + ns;
		/* Sleeps interrupted by a signal leave no trace but their timer;
		 * deferred execs are taken up again after every event, and at
		 * least every 20 ms should an event be missed. */
		timeout = ns ? SLEEPS_SWEEP_MS : (v->cmd_done && v->listener_gone ? 100 : -1);
		if (v->x.ndeferred)
			timeout = 20;
		if (v->o->warp && (timeout < 0 || timeout > warp_timeout_ms(&v->warp)))
			timeout = warp_timeout_ms(&v->warp);
		if (poll(p, n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			report_error(run_who(v->o), "poll failed: %s", strerror(errno));
			fail_session(v);
		}
		if (p[0].revents & POLLIN)
			on_notification(v);
		else if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			v->listener_gone = 1;
		if (p[1].revents & POLLIN)
			on_signal(v);
		if (p[2].revents && v->helper)
			on_detach_request(v);
		else if (p[2].revents)
			on_front(v);
		if (ns)
			sleeps_fire(&v->sleeps, &v->nf, p + 3 + nc, ns);
		if (v->sleeps.n)
			sleeps_sweep(&v->sleeps, &v->nf);
		/* After the sleeps fired: a change re-arms those still pending. */
		l = live(v);
		if (nc)
			ctl_server_serve(&v->ctl, p + 3, nc, &l);
		/* Detached: the name is free for the next session. */
		if (v->ctl.detached && v->ctl.listen[0] >= 0)
			ctl_server_unname(&v->ctl);
		if (v->x.ndeferred)
			execs_retry(&v->x);
		if (v->o->warp && warp_poll(&v->warp, &v->s, &v->ctl.pace))
			sleeps_rearm(&v->sleeps, &v->s);
		if (!v->helper && v->timers_seq != v->s.page->seq)
			rearm_timers(v);
		if (v->helper && v->sleeps.n && v->seen_seq != v->s.page->seq) {
			v->seen_seq = v->s.page->seq;
			sleeps_rearm(&v->sleeps, &v->s);
		}
	}
}

static int setup_signals(struct sv *v)
{
	sigset_t set;

	sigfillset(&set);
	/* Job-control and termination signals meant for the job reach the
	 * supervisor too (kill %1, pkill): the front forwards them. */
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	v->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return v->sig_fd < 0 ? -1 : 0;
}

/* The command gets the terminal when the job has it, so that shells,
 * editors and pagers work. */
static int hand_terminal(pid_t pgrp)
{
	return isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp() &&
	       !tcsetpgrp(STDIN_FILENO, pgrp);
}

static void drop_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	close(fd);
}

/* vdsotool detach: the real clock for every process at once, then each
 * attached one's vDSO put back; the filter stays, answered by letting
 * everything through. */
static int detach_session(void *ctx, char *why, size_t len)
{
	struct sv *v = ctx;
	pid_t *pids = NULL;
	size_t n, i;
	char err[300];
	int st = CTL_OK;

	session_passthrough(&v->s);
	v->passthrough = 1;
	ask_helpers(v);
	n = members_pids(v->s.name, &pids);
	for (i = 0; i < n; i++) {
		int e = attach_undo(&v->s, pids[i], restart_sleeps, v, err, sizeof(err));

		/* One that exited meanwhile (a sleeper let go) is no failure. */
		if (!e || e == ATTACH_NO_PROCESS || st != CTL_OK)
			continue;
		snprintf(why, len, "pid %d is on the real clock, but its vDSO could not be put "
			 "back: %s", (int)pids[i], err);
		st = CTL_FAILED;
	}
	free(pids);
	v->ctl.detached = 1;
	return st;
}

/* A supervisor of its own for a process attach --tree put on the clock
 * with its own listener (a filter installed in an existing process makes
 * one each): a child of this one, in the same session, serving that
 * listener until no process holds it. */
static void start_helper(struct sv *v, pid_t pid, int listener)
{
	struct helper_line *more = realloc(v->helpers, (v->nhelpers + 1) * sizeof(*more));
	int line[2] = { -1, -1 };
	pid_t c = -1;
	size_t i;

	fflush(NULL);
	if (more) {
		v->helpers = more;
		if (!socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, line))
			c = fork();
	}
	if (c < 0) {
		report_error("attach", "pid %d: cannot start its supervisor: %s (its calls fail "
			     "with ENOSYS)", (int)pid, strerror(errno));
		if (line[0] >= 0) {
			close(line[0]);
			close(line[1]);
		}
		return;
	}
	if (c > 0) {
		close(line[1]);
		v->helpers[v->nhelpers++] = (struct helper_line){ c, line[0] };
		return;
	}
	close(line[0]);
	for (i = 0; i < v->nhelpers; i++)
		close(v->helpers[i].chan);
	v->nhelpers = 0;
	v->chan = line[1];
	ctl_server_close(&v->ctl);
	v->front_detached = 1;
	close(v->nf.fd);
	if (notifier_init(&v->nf, listener))
		_exit(RUN_FAILED);
	drop_stdio();
	front_lost(v);
	if (chdir("/"))
		_exit(RUN_FAILED);
	v->helper = 1;
	v->passthrough = 0;
	v->seen_seq = v->s.page->seq;
	/* Nothing of the parent's execs in flight is this listener's. */
	machine_init(&v->m, &(struct tracer){ &tracer_sys, NULL }, &v->mc, injection_report, v);
	execs_init(&v->x, &v->nf, &v->m, &v->s, refused, v);
	v->x.base_filters = execs_filter_count(pid);
	event_loop(v);
	_exit(0);
}

/* attach --tree: every descendant of the attached process not yet in the
 * session, each with its own filter, listener and supervisor. */
static void attach_descendants(struct sv *v, const struct filter_prog *prog, pid_t root)
{
	pid_t *pids = NULL;
	size_t n = tree_descendants(root, &pids), i;
	char err[512];

	for (i = 0; i < n; i++) {
		int listener = -1, st;

		if (members_has(pids[i], v->s.name))
			continue;
		st = attach_process(&v->s, prog, &v->mc.params, pids[i], &listener, err,
				    sizeof(err));

		if (st && st != ATTACH_NO_PROCESS)
			report_error("attach", "--tree: pid %d stays on the real clock: %s",
				     (int)pids[i], err);
		if (listener >= 0) {
			start_helper(v, pids[i], listener);
			close(listener);
		}
	}
	free(pids);
}

/* The spec an attach again sent (resolved by its vdsotool attach). */
static void request_spec(const struct ctl_request *q, struct clock_spec *spec)
{
	clock_spec_init(spec);
	spec->has_at = !!(q->flags & CTL_F_AT);
	spec->at_ns = q->at_ns;
	spec->offset_ns = q->offset_ns;
	spec->rate_q32 = q->rate_q32;
	spec->frozen = !!(q->flags & CTL_F_FREEZE);
}

/* Attaches the session's processes that need it, q->pid first; on a
 * failure those done are detached again.  0, or a status with why. */
static int attach_members(struct sv *v, pid_t first, char *why, size_t len)
{
	pid_t *pids = NULL, *done;
	size_t n = members_pids(v->s.name, &pids), ndone = 0, i;
	char err[400];
	int listener = v->nf.fd, st = 0;

	done = calloc(n + 1, sizeof(*done));
	if (!done) {
		free(pids);
		snprintf(why, len, "out of memory");
		return CTL_FAILED;
	}
	for (i = 0; i <= n && !st; i++) {
		pid_t pid = i ? pids[i - 1] : first;

		if ((i && pid == first) || !attach_wanted(&v->s, pid))
			continue;
		st = attach_process(&v->s, NULL, &v->mc.params, pid, &listener, err, sizeof(err));
		if (!st)
			done[ndone++] = pid;
		else if (i && st == ATTACH_NO_PROCESS)
			st = 0;		/* it exited meanwhile */
		else
			snprintf(why, len, "pid %d: %s", (int)pid, err);
	}
	while (st && ndone--)
		attach_undo(&v->s, done[ndone], NULL, NULL, err, sizeof(err));
	free(done);
	free(pids);
	return st;
}

/* vdsotool attach of a process of this session after its detach: on a
 * virtual clock again, through the listener its filter still has. */
static int attach_again(void *ctx, const struct ctl_request *q, char *why, size_t len)
{
	struct sv *v = ctx;
	struct clock_spec spec;
	char name[CTL_NAME_MAX + 1];
	int st;

	if (q->virtual_mask & ~v->o->virtual_mask) {
		snprintf(why, len, "--clocks: the session's seccomp filter (it cannot change) traps "
			 "the system calls of the clocks of its first attach only: attach again "
			 "with those clocks, or fewer");
		return CTL_FAILED;
	}
	if (q->stats && v->s.stats_fd < 0) {
		snprintf(why, len, "--stats: the session was first attached without --stats");
		return CTL_FAILED;
	}
	memcpy(name, q->name, sizeof(name));
	name[CTL_NAME_MAX] = '\0';
	if (ctl_server_name(&v->ctl, name, q->pid, why, len))
		return CTL_FAILED;
	st = attach_members(v, q->pid, why, len);
	if (st) {
		ctl_server_unname(&v->ctl);
		return st;
	}
	if (q->flags & CTL_F_TREE)
		attach_descendants(v, &v->prog, q->pid);
	request_spec(q, &spec);
	v->ctl.pace = vclock_pace_start(spec.rate_q32, spec.frozen);
	session_restart(&v->s, &spec, q->virtual_mask);
	v->s.page->patch_filters_max = q->flags & CTL_F_KEEP_CODE ? 0 : v->patch_filters_max;
	sleeps_rearm(&v->sleeps, &v->s);
	v->attached = q->pid;
	v->passthrough = 0;
	v->ctl.detached = 0;
	return CTL_OK;
}

/* The listener of a process a failed attach left a filter in: served,
 * letting everything through, for as long as the process lives (without
 * an answer its execve and clock calls would fail with ENOSYS). */
static void serve_after_failure(struct sv *v, int listener, int status)
{
	if (notifier_init(&v->nf, listener) || !(v->req = calloc(1, v->nf.sizes.seccomp_notif)))
		fail_with(v, status);
	v->passthrough = 1;
	ctl_server_close(&v->ctl);
	say(v, MSG_FAILED, status, 0);
}

static void start_attached(struct sv *v)
{
	static const int extra[] = { ATTACH_FD_NR };
	const struct run_options *o = v->o;
	struct filter_prog *prog = &v->prog;
	struct ctl_live l;
	char err[512];
	int listener = -1, st, own_filters;

	v->cmd_done = 1;
	v->attached = o->attach;
	if (session_layout(&v->s, err, sizeof(err)) ||
	    session_create(&v->s, &o->spec, o->virtual_mask, o->stats, getpid(), err,
			   sizeof(err))) {
		report_error("attach", "%s", err);
		fail_session(v);
	}
	if (filter_build(prog, o->virtual_mask, v->s.fixed_start, v->s.notify_ip_end, extra, 1)) {
		report_error("attach", "cannot build the seccomp filter");
		fail_session(v);
	}
	l = live(v);
	if (ctl_server_open(&v->ctl, o->name, &l, &v->s, &v->sleeps, &o->spec, err,
			    sizeof(err))) {
		report_error("attach", "%s", err);
		fail_session(v);
	}
	v->ctl.by_memfd = 1;
	v->ctl.detach = detach_session;
	v->ctl.attach = attach_again;
	v->ctl.ctx = v;
	if (install_config(&v->mc, &v->s, o->virtual_mask, o->wait_mask, NULL, 0, err,
			   sizeof(err))) {
		report_error("attach", "cannot prepare the session: %s", err);
		fail_session(v);
	}
	own_filters = execs_filter_count(o->attach);
	st = attach_process(&v->s, prog, &v->mc.params, o->attach, &listener, err, sizeof(err));
	if (st) {
		report_error("attach", "pid %d: %s", (int)o->attach, err);
		if (listener < 0)
			fail_with(v, st);
		serve_after_failure(v, listener, st);
	} else if (notifier_init(&v->nf, listener) ||
		   !(v->req = calloc(1, v->nf.sizes.seccomp_notif))) {
		report_error("attach", "cannot use the seccomp listener: %s", strerror(errno));
		fail_session(v);
	}
	machine_init(&v->m, &(struct tracer){ &tracer_sys, NULL }, &v->mc, injection_report, v);
	execs_init(&v->x, &v->nf, &v->m, &v->s, refused, v);
	/* Its own filters and ours: one more is the trap filter. */
	v->x.base_filters = execs_filter_count(o->attach);
	/* A process with a seccomp policy of its own keeps its code: the
	 * patch's mprotect may be what that policy kills for. */
	v->patch_filters_max = own_filters == 0 && v->x.base_filters > 0 ?
				       (uint32_t)v->x.base_filters : 0;
	v->s.page->patch_filters_max = o->keep_code ? 0 : v->patch_filters_max;
	if (!st && o->attach_tree)
		attach_descendants(v, prog, o->attach);
	if (!st)
		say(v, MSG_STARTED, o->attach, 0);
	drop_stdio();
	if (chdir("/"))
		return;
}

static void start(struct sv *v, const sigset_t *orig_mask)
{
	const struct run_extension *ext = v->o->ext;
	struct filter_prog prog;
	struct launch child;
	struct ctl_live l;
	char err[256];
	int handed;

	/* The filter needs only the layout: the command starts first, and the
	 * session is made while it does (its exec waits for the supervisor). */
	if (session_layout(&v->s, err, sizeof(err))) {
		report_error(run_who(v->o), "%s", err);
		fail_session(v);
	}
	if (filter_build(&prog, v->o->virtual_mask, v->s.fixed_start, v->s.notify_ip_end,
			 ext ? ext->nrs : NULL, ext ? ext->nnrs : 0)) {
		report_error(run_who(v->o), "cannot build the seccomp filter");
		fail_session(v);
	}
	if (launch_command(&child, &prog, v->o->argv, run_who(v->o), orig_mask, err, sizeof(err))) {
		report_error(run_who(v->o), "%s", err);
		fail_session(v);
	}
	v->cmd = child.pid;
	setpgid(child.pid, child.pid);
	handed = hand_terminal(child.pid);
	drop_stdio();
	v->s.table_size = ext ? ext->table_size : 0;
	v->s.ring_size = ext ? ext->ring_size : 0;
	if (session_create(&v->s, &v->o->spec, v->o->virtual_mask, v->o->stats, v->o->front, err,
			   sizeof(err))) {
		report_error(run_who(v->o), "%s", err);
		fail_session(v);
	}
	v->s.page->warp = (uint32_t)v->o->warp;
	/* The command has run nothing of its own yet (its exec waits for this
	 * process): a name already taken ends the run before it starts. */
	l = live(v);
	if (ctl_server_open(&v->ctl, v->o->name, &l, &v->s, &v->sleeps, &v->o->spec, err,
			    sizeof(err))) {
		report_error(run_who(v->o), "%s", err);
		fail_session(v);
	}
	if (install_config(&v->mc, &v->s, v->o->virtual_mask, v->o->wait_mask,
			   ext ? ext->trap_nrs : NULL, ext ? ext->ntrap_nrs : 0, err, sizeof(err))) {
		report_error(run_who(v->o), "cannot prepare the session: %s", err);
		fail_session(v);
	}
	if (ext) {
		v->mc.task_params = ext->exec_params;
		v->mc.task_params_ctx = ext->ctx;
	}
	if (ext && ext->start && ext->start(ext->ctx, &v->s, err, sizeof(err))) {
		report_error(ext->name, "%s", err);
		fail_session(v);
	}
	if (launch_listener(&child, err, sizeof(err))) {
		report_error(run_who(v->o), "%s", err);
		fail_session(v);
	}
	if (notifier_init(&v->nf, child.notify_fd)) {
		report_error(run_who(v->o), "cannot use the seccomp listener: %s", strerror(errno));
		fail_session(v);
	}
	v->req = calloc(1, v->nf.sizes.seccomp_notif);
	if (!v->req) {
		report_error(run_who(v->o), "out of memory");
		fail_session(v);
	}
	machine_init(&v->m, &(struct tracer){ &tracer_sys, NULL }, &v->mc, injection_report, v);
	execs_init(&v->x, &v->nf, &v->m, &v->s, refused, v);
	/* Every process of the tree has the filters the command started
	 * under, the notify filter and the trap filter. */
	v->patch_filters_max = (uint32_t)v->x.base_filters + 1;
	v->s.page->patch_filters_max = v->o->keep_code ? 0 : v->patch_filters_max;
	say(v, MSG_STARTED, child.pid, handed);
}

/* The page changed: the tree's kernel timers follow (timer_rearm.h).  An
 * attached session's processes are not all descendants: found by the
 * memfd they map. */
static void rearm_timers(struct sv *v)
{
	pid_t *pids = NULL;
	size_t n;

	v->timers_seq = v->s.page->seq;
	n = v->o->attach || v->attached ? members_pids(v->s.name, &pids) : tree_pids(&pids);
	timer_rearm(&v->s, pids, n);
	free(pids);
}

void supervisor_main(const struct run_options *o, int sock, const sigset_t *orig_mask)
{
	struct sv v = { .o = o, .sock = sock, .sig_fd = -1, .warp = { .pending_clk = -1 } };

	/* Nobody in the tree may read or write this process's memory (the
	 * front's too: front.c): it holds the only writable mapping of the
	 * session page. */
	prctl(PR_SET_DUMPABLE, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	prctl(PR_SET_NAME, "vdsotool-super");
	if (!o->attach)
		members_not_front(o->front);
	if (setup_signals(&v)) {
		report_error(run_who(o), "cannot set up signals: %s", strerror(errno));
		fail_session(&v);
	}
	if (o->attach)
		start_attached(&v);
	else
		start(&v, orig_mask);
	v.timers_seq = v.s.page->seq;
	event_loop(&v);
	if (last_words(&v)) {
		say(&v, MSG_FAILED, 0, 0);
		_exit(RUN_FAILED);
	}
	say(&v, MSG_TREE_DONE, 0, 0);
	_exit(0);
}
