// SPDX-License-Identifier: MIT
/*
 * The timing loop every mechanism shares.  Time comes from
 * CLOCK_MONOTONIC_RAW: it is served by the vDSO (no crossing of its own on
 * a TSC or kvm-clock clocksource), is not slewed by NTP, and `vdsotool run`
 * never virtualises it, so the figures stay real under `run` too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bench/bench.h"

#define ROUND_TARGET_NS 1.5e6	/* a round: long against the clock read, short against a tick */
#define BATCH_MAX (1UL << 24)

double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double timed(bench_loop_fn fn, void *arg, unsigned long n, const struct bench_hooks *h)
{
	double t0, t1;

	t0 = bench_now_ns();
	if (h && h->before)
		h->before(arg);
	fn(arg, n);
	if (h && h->after)
		h->after(arg);
	t1 = bench_now_ns();
	return t1 - t0;
}

void bench_fail(struct bench_result *r, int status, const char *fmt, ...)
{
	va_list ap;

	r->status = status;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

void bench_conclude(struct bench_result *r, const struct bench_plan *plan, double *v,
		    unsigned n)
{
	if (plan->raw)
		memcpy(plan->raw, v, n * sizeof(*v));
	bench_stats(v, n, &r->st);	/* sorts v */
	r->status = BENCH_OK;
	r->rounds = n;
}

void bench_measure(struct bench_result *r, const struct bench_plan *plan, bench_loop_fn fn,
		   void *arg, const struct bench_hooks *hooks)
{
	unsigned long batch = 1;
	double t, *v;
	unsigned i;

	/* Calibrate: grow the batch until a round takes about 1.5 ms.  The
	 * calibration rounds warm up too (caches, TLB, branch predictors,
	 * lazily bound symbols, first-time page faults), but at a smaller
	 * batch: the warm-up rounds run the batch that will be timed. */
	for (;;) {
		t = timed(fn, arg, batch, hooks);
		if (t >= ROUND_TARGET_NS || batch >= BATCH_MAX)
			break;
		if (t > ROUND_TARGET_NS / 16)
			batch = (unsigned long)((double)batch * ROUND_TARGET_NS / t) + 1;
		else
			batch *= 2;
	}
	for (i = 0; i < plan->warmup; i++)
		timed(fn, arg, batch, hooks);

	v = calloc(plan->rounds, sizeof(*v));
	if (!v) {
		bench_fail(r, BENCH_FAILED, "out of memory");
		return;
	}
	for (i = 0; i < plan->rounds; i++)
		v[i] = timed(fn, arg, batch, hooks) / (double)batch;
	bench_conclude(r, plan, v, plan->rounds);
	free(v);
	r->warmup = plan->warmup;
	r->batch = batch;
}

int bench_write_result(int fd, const struct bench_result *r)
{
	ssize_t n;

	do
		n = write(fd, r, sizeof(*r));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(*r) ? 0 : -1;
}

int bench_read_result(int fd, struct bench_result *r)
{
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(*r)) {
		n = read(fd, (char *)r + got, sizeof(*r) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

pid_t bench_fork_piped(struct bench_result *r, int p[2])
{
	pid_t pid;

	if (pipe2(p, O_CLOEXEC)) {
		bench_fail(r, BENCH_FAILED, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		bench_fail(r, BENCH_FAILED, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
	}
	return pid;
}
