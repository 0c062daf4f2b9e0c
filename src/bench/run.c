// SPDX-License-Identifier: MIT
/*
 * A clock read under `vdsotool run`: the program sees the replacement
 * vDSO that run maps in place of the kernel's, so this is the cost a
 * program pays for the virtual clock.  The timing has to happen inside
 * the session, so bench re-executes itself there in a hidden mode,
 *   vdsotool run --clocks all --at 2030-01-01T00:00:00Z -- \
 *       vdsotool bench --internal-loop vdso N ROUNDS WARMUP
 * which prints one ns/call figure per timed round of N calls; the figures come
 * back here over a pipe and get the same statistics as every other row.
 * The child is pinned already, and run and the program inherit that.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench/bench.h"

#define ROUND_TARGET_NS 1.5e6

typedef int (*clock_fn)(int, void *);

int bench_internal_loop(const char *mech, unsigned long n, unsigned rounds, unsigned warmup)
{
	clock_fn fn = NULL;
	struct timespec ts;
	unsigned long i;
	unsigned r;
	double t0;

	if (!strcmp(mech, "vdso"))
		fn = bench_vdso_clock();
	else if (strcmp(mech, "libc")) {
		fprintf(stderr, "vdsotool: bench: --internal-loop: no mechanism '%s'\n", mech);
		return 2;
	}
	if (!strcmp(mech, "vdso") && !fn) {
		fprintf(stderr, "vdsotool: bench: --internal-loop: no vDSO clock_gettime\n");
		return 1;
	}
	for (r = 0; r < warmup + rounds; r++) {
		t0 = bench_now_ns();
		for (i = 0; i < n; i++) {
			if (fn)
				fn(CLOCK_MONOTONIC, &ts);
			else
				clock_gettime(CLOCK_MONOTONIC, &ts);
		}
		if (r >= warmup)
			printf("%.3f\n", (bench_now_ns() - t0) / (double)n);
	}
	return fflush(stdout) ? 1 : 0;
}

/* Batch size from the native vDSO cost: the replacement costs the same
 * order of magnitude, and a round within 2x of the target is fine. */
static unsigned long pick_batch(void)
{
	clock_fn fn = bench_vdso_clock();
	struct timespec ts;
	double t0, per;
	int i;

	if (!fn)
		return 10000;
	t0 = bench_now_ns();
	for (i = 0; i < 20000; i++)
		fn(CLOCK_MONOTONIC, &ts);
	per = (bench_now_ns() - t0) / 20000;
	if (per < 1)
		per = 1;
	return (unsigned long)(ROUND_TARGET_NS / per) + 1;
}

void bench_run(struct bench_result *r, const struct bench_plan *plan)
{
	char nbuf[32], rbuf[32], wbuf[32], line[256], last[160] = "";
	unsigned long batch = pick_batch();
	unsigned rounds = plan->rounds;
	double *v = calloc(rounds, sizeof(*v));
	unsigned got = 0;
	int p[2], status;
	FILE *f;
	pid_t pid;

	if (!v) {
		bench_fail(r, BENCH_FAILED, "out of memory: %s", strerror(errno));
		return;
	}
	snprintf(nbuf, sizeof(nbuf), "%lu", batch);
	snprintf(rbuf, sizeof(rbuf), "%u", rounds);
	snprintf(wbuf, sizeof(wbuf), "%u", plan->warmup);
	pid = bench_fork_piped(r, p);
	if (pid < 0) {
		free(v);
		return;
	}
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		/* --clocks all: the loop reads CLOCK_MONOTONIC, like the vdso row,
		 * and that clock must go through the virtual transform too. */
		execl("/proc/self/exe", "vdsotool", "run", "--clocks", "all", "--at",
		      "2030-01-01T00:00:00Z", "--",
		      "/proc/self/exe", "bench", "--internal-loop", "vdso", nbuf, rbuf, wbuf,
		      (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *end;
		double x = strtod(line, &end);

		if (end != line && (*end == '\n' || !*end) && got < rounds && x > 0)
			v[got++] = x;
		else
			snprintf(last, sizeof(last), "%.*s", (int)strcspn(line, "\n"), line);
	}
	if (f)
		fclose(f);
	else
		close(p[0]);
	waitpid(pid, &status, 0);
	if (got < rounds) {
		bench_fail(r, BENCH_FAILED, "vdsotool run gave %u of %u rounds (%s)", got, rounds,
			   last[0] ? last : "no message");
	} else {
		bench_conclude(r, plan, v, got);
		r->warmup = plan->warmup;
		r->batch = batch;
	}
	free(v);
}
