// SPDX-License-Identifier: MIT
/*
 * The tracer runs in the mechanism's child, the measured tracee in a
 * grandchild; the tracee sends its result to the tracer over a pipe.
 * The tracee stops itself once so that the options are in place before
 * it measures anything; PTRACE_O_EXITKILL ends it if the tracer dies.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench/bench.h"

typedef void (*body_fn)(struct bench_result *r, const struct bench_plan *plan);

static void traced(struct bench_result *r, const struct bench_plan *plan, long options,
		   enum __ptrace_request resume,
		   body_fn body)
{
	int p[2], status;
	pid_t pid;

	pid = bench_fork_piped(r, p);
	if (pid < 0)
		return;
	if (pid == 0) {
		struct bench_result mine;

		close(p[0]);
		memset(&mine, 0, sizeof(mine));
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0)) {
			bench_fail(&mine, BENCH_UNSUPPORTED, "PTRACE_TRACEME: %s (Yama?)",
				   strerror(errno));
		} else {
			raise(SIGSTOP);
			body(&mine, plan);
		}
		bench_write_result(p[1], &mine);
		_exit(0);
	}
	close(p[1]);
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		/* TRACEME failed: the result explains why. */
		if (bench_read_result(p[0], r))
			bench_fail(r, BENCH_FAILED, "tracee did not stop");
		goto out;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, 0, options | PTRACE_O_EXITKILL)) {
		bench_fail(r, BENCH_UNSUPPORTED, "PTRACE_SETOPTIONS: %s", strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		goto out;
	}
	ptrace(resume, pid, 0, 0);
	for (;;) {
		int sig = 0;

		if (waitpid(pid, &status, __WALL) != pid) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (!WIFSTOPPED(status))
			continue;
		/* Syscall stops (SIGTRAP|0x80) and seccomp event stops
		 * (SIGTRAP with the event in bits 16..) just resume; a real
		 * signal is passed on. */
		if (WSTOPSIG(status) != SIGTRAP && WSTOPSIG(status) != (SIGTRAP | 0x80))
			sig = WSTOPSIG(status);
		ptrace(resume, pid, 0, sig);
	}
	if (bench_read_result(p[0], r)) {
		if (WIFSIGNALED(status))
			bench_fail(r, BENCH_FAILED, "tracee killed by %s",
				   strsignal(WTERMSIG(status)));
		else
			bench_fail(r, BENCH_FAILED, "tracee sent no result");
	}
out:
	close(p[0]);
}

static void body_seccomp(struct bench_result *r, const struct bench_plan *plan)
{
	/* Without a tracer RET_TRACE would fail the syscall with ENOSYS;
	 * with one, the tracer gets a PTRACE_EVENT_SECCOMP stop. */
	if (bench_seccomp_install(SECCOMP_RET_TRACE, 0) < 0) {
		bench_fail(r, BENCH_UNSUPPORTED, "seccomp(SECCOMP_RET_TRACE): %s",
			   strerror(errno));
		return;
	}
	bench_measure(r, plan, bench_loop_getpid, NULL, NULL);
}

static void body_plain(struct bench_result *r, const struct bench_plan *plan)
{
	bench_measure(r, plan, bench_loop_getpid, NULL, NULL);
}

/* One stop per getpid (seccomp event), resumed with PTRACE_CONT. */
void bench_ptrace_seccomp(struct bench_result *r, const struct bench_plan *plan)
{
	traced(r, plan, PTRACE_O_TRACESECCOMP, PTRACE_CONT, body_seccomp);
}

/* Two stops per getpid (entry and exit), resumed with PTRACE_SYSCALL. */
void bench_ptrace_syscall(struct bench_result *r, const struct bench_plan *plan)
{
	traced(r, plan, PTRACE_O_TRACESYSGOOD, PTRACE_SYSCALL, body_plain);
}
