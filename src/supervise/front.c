// SPDX-License-Identifier: MIT
/*
 * The front: the vdsotool process the shell started and waits for.  It
 * starts the supervisor, then only listens: to
 * the supervisor, for the command's fate, and to signals, which it
 * forwards to the command's process group.  It returns the command's exit
 * status, and dies of the command's SIGINT or SIGQUIT so that a shell loop
 * around vdsotool stops on Ctrl-C as it would around the command itself.
 *
 * The supervisor runs in the front's memory (CLONE_VM), as the command
 * does until its exec: a fork's copy of the page tables, the copy-on-write
 * faults on both sides and the teardown at exit cost about 1 ms of
 * `run -- /bin/true` (4.7 against 5.65 ms on the paravirtualised
 * development VM, native 1.95).  The C library's thread-local state is
 * then the supervisor's, so from the clone on the front makes raw system
 * calls only and formats its own messages (raw.h).  Under a sanitizer,
 * whose run-time keeps per-thread state, it forks as before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report.h"
#include "supervise/protocol.h"
#include "supervise/raw.h"
#include "supervise/startup_cpu.h"
#include "supervise/supervisor.h"
#include "supervise/tree.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FRONT_FORKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
	__has_feature(memory_sanitizer)
#define FRONT_FORKS 1
#endif
#endif
#ifndef FRONT_FORKS
#define FRONT_FORKS 0
#endif

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

static RAW pid_t self(void)
{
	return (pid_t)raw_sys(SYS_getpid, 0, 0, 0, 0);
}

static RAW void send_signal(pid_t pid, int sig)
{
	raw_sys(SYS_kill, pid, sig, 0, 0);
}

static RAW void forward(struct front *f, int sig)
{
	send_signal(-f->cmd, sig);
	/* A stopped process acts on the signal only once continued. */
	if (f->stopped && sig != SIGCONT)
		send_signal(-f->cmd, SIGCONT);
}

/* The terminal's foreground group, or -1 where stdin is no terminal. */
static RAW pid_t foreground(void)
{
	pid_t pg;

	return raw_sys(SYS_ioctl, STDIN_FILENO, TIOCGPGRP, (long)&pg, 0) ? -1 : pg;
}

static RAW int set_foreground(pid_t pg)
{
	return (int)raw_sys(SYS_ioctl, STDIN_FILENO, TIOCSPGRP, (long)&pg, 0);
}

static RAW void take_terminal_back(struct front *f)
{
	uint64_t ttou = 1ull << (SIGTTOU - 1), old;

	if (!f->tty_handed)
		return;
	raw_sys(SYS_rt_sigprocmask, SIG_BLOCK, (long)&ttou, (long)&old, sizeof(old));
	set_foreground((pid_t)raw_sys(SYS_getpgid, 0, 0, 0, 0));
	raw_sys(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, sizeof(old));
	f->tty_handed = 0;
}

/*
 * The command was stopped (Ctrl-Z, or it read the terminal from the
 * background): stop too, as the shell's job, with the terminal given
 * back.  When the shell continues the job (fg, bg), continue the command,
 * giving it the terminal if the job has it now.
 */
static RAW void follow_stop(struct front *f, int sig)
{
	f->stopped = 1;
	take_terminal_back(f);
	send_signal(self(), sig == SIGSTOP ? SIGSTOP : SIGTSTP);
	if (foreground() == (pid_t)raw_sys(SYS_getpgid, 0, 0, 0, 0))
		f->tty_handed = !set_foreground(f->cmd);
	f->stopped = 0;
	send_signal(-f->cmd, SIGCONT);
}

static RAW char *say(char *to, const char *end, const struct front *f, const char *text)
{
	return raw_report(to, end, run_who(f->o), text);
}

static RAW char *count(char *to, const char *end, uint64_t n, const char *what)
{
	to = raw_append_u64(to, end, n);
	return raw_append(to, end, what);
}

static RAW void print_stats(const struct front *f)
{
	const struct run_stats *s = &f->stats;
	char msg[1024], *to = msg, *end = msg + sizeof(msg) - 1;
	uint64_t ms;

	to = say(to, end, f, "stats: ");
	to = count(to, end, s->execs, " exec(s) (");
	to = count(to, end, s->exec_failed_fast, " failed at once), ");
	to = count(to, end, s->injected, " process(es) injected, ");
	to = count(to, end, s->not_injected, " not injected, ");
	to = count(to, end, s->image_reads, " clock read(s) through the image, ");
	to = count(to, end, s->runtime_calls, " system call(s) answered in the process, ");
	to = count(to, end, s->patched_sites, " call site(s) patched, ");
	to = count(to, end, s->trapped + s->sleeps, " by the supervisor (");
	to = count(to, end, s->sleeps, " absolute sleep(s))\n");
	if (f->o->warp) {
		ms = ((uint64_t)(s->warp_ns > 0 ? s->warp_ns : 0) + 500000) / 1000000;
		to = say(to, end, f, "stats: --warp skipped ");
		to = raw_append_u64(to, end, ms / 1000);
		to = raw_append(to, end, ".");
		to = raw_append(to, end, ms % 1000 < 100 ? (ms % 1000 < 10 ? "00" : "0") : "");
		to = count(to, end, ms % 1000, " s in ");
		to = count(to, end, s->warps, " jump(s)\n");
	}
	raw_write_all(STDERR_FILENO, msg, (size_t)(to - msg));
}

static RAW void __attribute__((noreturn)) leave(struct front *f)
{
	struct run_msg bye = { .type = MSG_DETACH };
	int sig;

	raw_sys(SYS_sendto, f->sock, (long)&bye, sizeof(bye), MSG_NOSIGNAL);
	take_terminal_back(f);
	if (f->o->stats)
		print_stats(f);
	if (WIFEXITED(f->status))
		raw_exit(WEXITSTATUS(f->status));
	sig = WTERMSIG(f->status);
	if (sig == SIGINT || sig == SIGQUIT) {
		struct rlimit none = { 0, 0 };
		/* The kernel's struct sigaction: SIG_DFL, no flags, no mask. */
		struct { unsigned long handler, flags, restorer, mask; } dfl = { 0, 0, 0, 0 };
		uint64_t set = 1ull << (sig - 1);

		raw_sys(SYS_prlimit64, 0, RLIMIT_CORE, (long)&none, 0);
		raw_sys(SYS_rt_sigaction, sig, (long)&dfl, 0, sizeof(set));
		raw_sys(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&set, 0, sizeof(set));
		send_signal(self(), sig);
	}
	raw_exit(128 + sig);
}

static RAW void say_held(pid_t pid)
{
	char msg[512], *to = msg, *end = msg + sizeof(msg) - 1;

	to = raw_append(to, end, "vdsotool: run: pid ");
	to = count(to, end, (uint64_t)pid, " is stopped on the virtual clock; attach to it (gdb -p ");
	to = count(to, end, (uint64_t)pid, ", strace -p ");
	to = count(to, end, (uint64_t)pid, "), then continue it (kill -CONT ");
	to = count(to, end, (uint64_t)pid, ")\n");
	raw_write_all(STDERR_FILENO, msg, (size_t)(to - msg));
}

/* Returns 0 to go on, 1 when the front is done (f->status set). */
static RAW int on_message(struct front *f, const struct run_msg *m)
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
		say_held(m->a);
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

static RAW void on_signal(struct front *f)
{
	struct signalfd_siginfo si;

	while (raw_sys(SYS_read, f->sig_fd, (long)&si, sizeof(si), 0) == sizeof(si)) {
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

static RAW int listen_loop(struct front *f)
{
	struct pollfd p[2];
	struct run_msg m;

	for (;;) {
		long n;

		p[0] = (struct pollfd){ f->sock, POLLIN, 0 };
		p[1] = (struct pollfd){ f->sig_fd, POLLIN, 0 };
		n = vdso_syscall6(SYS_ppoll, (long)p, 2, 0, 0, 0, 0);
		if (n == -EINTR)
			continue;
		if (n < 0)
			return -1;
		if (p[1].revents & POLLIN)
			on_signal(f);
		if (!p[0].revents)
			continue;
		n = raw_sys(SYS_recvfrom, f->sock, (long)&m, sizeof(m), 0);
		if (n == -EINTR)
			continue;
		if (n != sizeof(m))
			return -1;
		if (on_message(f, &m))
			return 0;
	}
}

/*
 * The supervisor died: its tree would get ENOSYS from every trapped call.
 * tree_end's job without the C library, whose heap the supervisor may
 * have left in the middle of a change, and without walking the tree: the
 * front is the nearest subreaper of every process of it, so each round
 * kills the front's children, and the children of those come here next.
 */
static RAW void end_tree(void)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	char path[64], buf[8192], *to = path, *end = path + sizeof(path) - 1;
	pid_t me = self();
	int round;

	to = raw_append(to, end, "/proc/");
	to = raw_append_u64(to, end, (uint64_t)me);
	to = raw_append(to, end, "/task/");
	to = raw_append_u64(to, end, (uint64_t)me);
	to = raw_append(to, end, "/children");
	*to = '\0';
	/* Ten seconds at most: a process stuck in the kernel cannot be helped. */
	for (round = 0; round < 1000; round++) {
		long fd, n, i;
		pid_t pid = 0;

		while (raw_sys(SYS_wait4, -1, 0, WNOHANG | __WALL, 0) > 0)
			;
		fd = raw_sys(SYS_openat, AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC, 0);
		if (fd < 0)
			return;
		n = raw_sys(SYS_read, fd, (long)buf, sizeof(buf), 0);
		raw_sys(SYS_close, fd, 0, 0, 0);
		if (n <= 0)
			return;
		for (i = 0; i <= n; i++) {
			if (i < n && buf[i] >= '0' && buf[i] <= '9') {
				pid = pid * 10 + (buf[i] - '0');
				continue;
			}
			if (pid > 0)
				send_signal(pid, SIGKILL);
			pid = 0;
		}
		raw_sys(SYS_nanosleep, (long)&tick, 0, 0, 0);
	}
}

/* What the supervisor needs from the front, kept where the front's own
 * stack cannot move it. */
static struct start {
	const struct run_options *o;
	int sock, close_sock, close_sig_fd;
	sigset_t orig;
} start;

static int supervisor_start(void *arg)
{
	const struct start *st = arg;

	close(st->close_sock);
	close(st->close_sig_fd);
	supervisor_main(st->o, st->sock, &st->orig);
}

#define SUPERVISOR_STACK (8 << 20)

/* The supervisor, in this process's memory (or a copy of it, under a
 * sanitizer): its pid, or -1 with errno set. */
static pid_t start_supervisor(void)
{
	char *stack;

	if (FRONT_FORKS) {
		pid_t pid = fork();

		if (pid == 0)
			supervisor_start(&start);
		return pid;
	}
	/* Touched only as deep as the supervisor goes; its lowest page
	 * stays a guard. */
	stack = mmap(NULL, SUPERVISOR_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (stack == MAP_FAILED)
		return -1;
	mprotect(stack, 4096, PROT_NONE);
	return clone(supervisor_start, stack + SUPERVISOR_STACK, CLONE_VM | SIGCHLD, &start);
}

int supervise(const struct run_options *o)
{
	struct front f = { .o = o, .sock = -1, .sig_fd = -1 };
	sigset_t set;
	int sv[2], pinned;
	unsigned i;

	sigemptyset(&set);
	for (i = 0; i < 4; i++)
		sigaddset(&set, forwarded[i]);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) ||
	    sigprocmask(SIG_BLOCK, &set, &start.orig)) {
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
	pinned = startup_cpu_pin();
	start.o = o;
	start.sock = sv[1];
	start.close_sock = sv[0];
	start.close_sig_fd = f.sig_fd;
	if (start_supervisor() < 0) {
		report_error(run_who(o), "cannot start: %s: %s", FRONT_FORKS ? "fork" : "clone",
			     strerror(errno));
		return RUN_FAILED;
	}
	/* From here on, the C library belongs to the supervisor: raw.h. */
	startup_cpu_front_done(pinned);
	raw_sys(SYS_close, sv[1], 0, 0, 0);
	f.sock = sv[0];
	if (listen_loop(&f)) {
		take_terminal_back(&f);
		end_tree();
		if (!f.exited) {
			char msg[256], *to = msg, *end = msg + sizeof(msg) - 1;

			to = say(to, end, &f, "the supervisor died unexpectedly; the tree was ended\n");
			raw_write_all(STDERR_FILENO, msg, (size_t)(to - msg));
			raw_exit(RUN_FAILED);
		}
	}
	leave(&f);
}
