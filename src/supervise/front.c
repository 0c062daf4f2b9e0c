// SPDX-License-Identifier: MIT
/*
 * The front: the vdsotool process the shell started and waits for.  It
 * starts the supervisor, then only listens: to
 * the supervisor, for the command's fate, and to signals, which it
 * forwards to the command's process group.  It returns the command's exit
 * status, and dies of the command's SIGINT or SIGQUIT so that a shell loop
 * around vdsotool stops on Ctrl-C as it would around the command itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"
#include "supervise/protocol.h"
#include "supervise/startup_cpu.h"
#include "supervise/supervisor.h"
#include "supervise/tree.h"

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

struct front {
	const struct run_options *o;
	int sock, sig_fd;
	pid_t cmd;			/* also its process group */
	int tty_handed, stopped;
	int exited, status;
	int pending[4];			/* signals that came before the command started */
	struct run_stats stats;
};

static void forward(struct front *f, int sig)
{
	kill(-f->cmd, sig);
	/* A stopped process acts on the signal only once continued. */
	if (f->stopped && sig != SIGCONT)
		kill(-f->cmd, SIGCONT);
}

static void take_terminal_back(struct front *f)
{
	sigset_t ttou, old;

	if (!f->tty_handed)
		return;
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	tcsetpgrp(STDIN_FILENO, getpgrp());
	sigprocmask(SIG_SETMASK, &old, NULL);
	f->tty_handed = 0;
}

/*
 * The command was stopped (Ctrl-Z, or it read the terminal from the
 * background): stop too, as the shell's job, with the terminal given
 * back.  When the shell continues the job (fg, bg), continue the command,
 * giving it the terminal if the job has it now.
 */
static void follow_stop(struct front *f, int sig)
{
	f->stopped = 1;
	take_terminal_back(f);
	kill(getpid(), sig == SIGSTOP ? SIGSTOP : SIGTSTP);
	if (isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp())
		f->tty_handed = !tcsetpgrp(STDIN_FILENO, f->cmd);
	f->stopped = 0;
	kill(-f->cmd, SIGCONT);
}

static void print_stats(const struct front *f)
{
	const struct run_stats *s = &f->stats;

	fprintf(stderr,
		"vdsotool: %s: stats: %lu exec(s) (%lu failed at once), %lu process(es) injected, "
		"%lu not injected, %lu clock read(s) through the image, %lu system call(s) answered "
		"in the process, %lu by the supervisor (%lu absolute sleep(s))\n",
		run_who(f->o), s->execs, s->exec_failed_fast, s->injected, s->not_injected, s->image_reads,
		s->runtime_calls, s->trapped + s->sleeps, s->sleeps);
	if (f->o->warp)
		fprintf(stderr, "vdsotool: %s: stats: --warp skipped %.3f s in %lu jump(s)\n",
			run_who(f->o), (double)s->warp_ns / 1e9, s->warps);
}

static void __attribute__((noreturn)) leave(struct front *f)
{
	struct run_msg bye = { .type = MSG_DETACH };
	int sig;

	send(f->sock, &bye, sizeof(bye), MSG_NOSIGNAL);
	take_terminal_back(f);
	if (f->o->stats)
		print_stats(f);
	if (WIFEXITED(f->status))
		_exit(WEXITSTATUS(f->status));
	sig = WTERMSIG(f->status);
	if (sig == SIGINT || sig == SIGQUIT) {
		struct rlimit none = { 0, 0 };
		sigset_t set;

		setrlimit(RLIMIT_CORE, &none);
		signal(sig, SIG_DFL);
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(sig);
	}
	_exit(128 + sig);
}

/* Returns 0 to go on, 1 when the front is done (f->status set). */
static int on_message(struct front *f, const struct run_msg *m)
{
	unsigned i;

	f->stats = m->stats;
	switch (m->type) {
	case MSG_STARTED:
		f->cmd = m->a;
		f->tty_handed = m->b;
		for (i = 0; i < 4; i++)
			if (f->pending[i])
				forward(f, f->pending[i]);
		return 0;
	case MSG_STOPPED:
		follow_stop(f, m->a);
		return 0;
	case MSG_HELD:
		take_terminal_back(f);
		fprintf(stderr, "vdsotool: run: pid %d is stopped on the virtual clock; attach to it "
			"(gdb -p %d, strace -p %d), then continue it (kill -CONT %d)\n", m->a, m->a,
			m->a, m->a);
		return 0;
	case MSG_EXITED:
		f->exited = 1;
		f->status = m->a;
		/* An extension's last words (fakeroot's save file) come when
		 * the tree is gone: the caller may read them next. */
		return f->o->life != LIFE_WAIT && !(f->o->ext && f->o->ext->finish);
	case MSG_TREE_DONE:
		return f->exited;
	case MSG_FAILED:
		f->exited = 1;
		f->status = RUN_FAILED << 8;
		return 1;
	default:
		return 0;
	}
}

static void on_signal(struct front *f)
{
	struct signalfd_siginfo si;

	while (read(f->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		unsigned i;

		if (f->cmd > 0) {
			forward(f, (int)si.ssi_signo);
			continue;
		}
		for (i = 0; i < 4; i++)
			if (forwarded[i] == (int)si.ssi_signo)
				f->pending[i] = (int)si.ssi_signo;
	}
}

static int listen_loop(struct front *f)
{
	struct pollfd p[2];
	struct run_msg m;

	for (;;) {
		ssize_t n;

		p[0] = (struct pollfd){ f->sock, POLLIN, 0 };
		p[1] = (struct pollfd){ f->sig_fd, POLLIN, 0 };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[1].revents & POLLIN)
			on_signal(f);
		if (!p[0].revents)
			continue;
		n = recv(f->sock, &m, sizeof(m), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(m))
			return -1;
		if (on_message(f, &m))
			return 0;
	}
}

int supervise(const struct run_options *o)
{
	struct front f = { .o = o, .sock = -1, .sig_fd = -1 };
	sigset_t set, orig;
	int sv[2];
	unsigned i;
	pid_t supervisor;

	sigemptyset(&set);
	for (i = 0; i < 4; i++)
		sigaddset(&set, forwarded[i]);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) ||
	    sigprocmask(SIG_BLOCK, &set, &orig)) {
		report_error(run_who(o), "cannot set up: %s", strerror(errno));
		return RUN_FAILED;
	}
	f.sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (f.sig_fd < 0) {
		report_error(run_who(o), "cannot set up: signalfd: %s", strerror(errno));
		return RUN_FAILED;
	}
	/* If the supervisor dies, the tree's processes come here (the front
	 * is their nearest subreaper), and the front ends them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(NULL);
	startup_cpu_pin();
	supervisor = fork();
	if (supervisor < 0) {
		report_error(run_who(o), "cannot start: fork: %s", strerror(errno));
		return RUN_FAILED;
	}
	if (supervisor == 0) {
		close(sv[0]);
		close(f.sig_fd);
		supervisor_main(o, sv[1], &orig);
	}
	startup_cpu_front_done();
	close(sv[1]);
	f.sock = sv[0];
	if (listen_loop(&f)) {
		take_terminal_back(&f);
		tree_end(0, 0);
		if (!f.exited) {
			report_error(run_who(o), "the supervisor died unexpectedly; the tree was ended");
			return RUN_FAILED;
		}
	}
	leave(&f);
}
