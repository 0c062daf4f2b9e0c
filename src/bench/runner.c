// SPDX-License-Identifier: MIT
/*
 * One mechanism, one forked child: the child, pinned to one CPU, sends
 * one struct bench_result back over a pipe, and every round's figure
 * through memory shared before the fork.  The parent never waits without
 * a deadline: a child that overruns is killed with its whole process
 * group (tracers, tracees, supervisors) and reported as failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench/bench.h"

/* 10 s plus what the rounds themselves may take at ~1.5 ms (x2). */
#define TIMEOUT_MS(rounds) (10000L + 3L * (long)(rounds))

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

static void child_main(const struct bench_mech *m, const struct bench_plan *plan, int cpu,
		       pid_t parent, int fd)
{
	struct bench_result r;
	cpu_set_t set;

	/* Its own process group, so a timeout kills grandchildren too; and
	 * gone with bench, which its own group no longer guarantees. */
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	memset(&r, 0, sizeof(r));
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* Pinned: no migration mid-round; tracers and supervisors inherit it,
	 * so their ping-pong with the measured process is a context switch
	 * on one CPU, the same on every machine, rather than a cross-CPU
	 * wake-up whose cost depends on idle states. */
	sched_setaffinity(0, sizeof(set), &set);
	m->run(&r, plan);
	bench_write_result(fd, &r);
	_exit(0);
}

static void describe_death(struct bench_result *r, int status)
{
	if (WIFSIGNALED(status))
		bench_fail(r, BENCH_FAILED, "child killed by %s", strsignal(WTERMSIG(status)));
	else
		bench_fail(r, BENCH_FAILED, "child exited with status %d and no result",
			   WEXITSTATUS(status));
}

/* VDSOTOOL_BENCH_TIMEOUT_MS overrides the limit, so tests can see a
 * child overrun without waiting for one. */
static long timeout_ms(const struct bench_plan *plan)
{
	const char *env = getenv("VDSOTOOL_BENCH_TIMEOUT_MS");
	unsigned long v;
	char *end;

	if (env && *env >= '0' && *env <= '9') {
		errno = 0;
		v = strtoul(env, &end, 10);
		if (!errno && !*end && v > 0 && v <= 3600000)
			return (long)v;
	}
	return TIMEOUT_MS(plan->rounds + plan->warmup);
}

/* The rounds' figures in round order, copied out of the shared memory. */
static double *copy_raw(const double *shared, unsigned n)
{
	double *raw = n ? malloc(n * sizeof(*raw)) : NULL;

	if (raw)
		memcpy(raw, shared, n * sizeof(*raw));
	return raw;
}

void bench_run_one(const struct bench_mech *m, const struct bench_plan *want, int cpu,
		   struct bench_result *r, double **raw)
{
	struct bench_plan plan = *want;
	long limit = timeout_ms(want);
	size_t raw_len = (size_t)want->rounds * sizeof(double);
	struct timespec t0;
	int p[2], status = 0, got = 0;
	pid_t pid, parent = getpid();

	memset(r, 0, sizeof(*r));
	plan.raw = NULL;
	if (raw) {
		*raw = NULL;
		plan.raw = mmap(NULL, raw_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				-1, 0);
		if (plan.raw == MAP_FAILED) {
			bench_fail(r, BENCH_FAILED, "mmap: %s", strerror(errno));
			return;
		}
	}
	pid = bench_fork_piped(r, p);
	if (pid < 0)
		goto out;
	if (pid == 0) {
		close(p[0]);
		child_main(m, &plan, cpu, parent, p[1]);
	}
	setpgid(pid, pid);
	close(p[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		long left = limit - ms_since(&t0);
		int n;

		if (left <= 0)
			break;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0)
			got = bench_read_result(p[0], r) == 0 ? 1 : -1;
		break;
	}
	close(p[0]);
	/* The child exits right after its result; give it until the deadline. */
	while (got >= 0 && ms_since(&t0) < limit) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		usleep(1000);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid)
		status = 0;
	if (got == 0) {
		memset(r, 0, sizeof(*r));
		bench_fail(r, BENCH_FAILED, "timed out after %g s, killed", (double)limit / 1000);
	} else if (got < 0) {
		memset(r, 0, sizeof(*r));
		describe_death(r, status);
	} else if (raw && r->status == BENCH_OK && r->rounds <= want->rounds) {
		*raw = copy_raw(plan.raw, r->rounds);
	}
out:
	if (plan.raw)
		munmap(plan.raw, raw_len);
}

