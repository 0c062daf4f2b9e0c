// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "supervise/stopall.h"

/* Tries to get a thread out of code about to go: more means it is blocked
 * in a system call there. */
#define STEP_LIMIT 2000

static int has(const struct stopall *s, pid_t tid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->tid[i] == tid)
			return 1;
	return 0;
}

static int add(struct stopall *s, pid_t tid)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		pid_t *t = realloc(s->tid, cap * sizeof(*t));
		int *g;

		if (!t)
			return -ENOMEM;
		s->tid = t;
		g = realloc(s->sig, cap * sizeof(*g));
		if (!g)
			return -ENOMEM;
		s->sig = g;
		s->cap = cap;
	}
	s->sig[s->n] = 0;
	s->tid[s->n++] = tid;
	return 0;
}

/* One pass over /proc/PID/task; returns how many were new, or -errno. */
static int seize_pass(struct stopall *s, char *err, size_t errlen)
{
	char path[48];
	struct dirent *d;
	DIR *dir;
	int fresh = 0, e;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)s->pid);
	dir = opendir(path);
	if (!dir) {
		e = errno == ENOENT ? ESRCH : errno;
		snprintf(err, errlen, "cannot list its threads: %s", strerror(e));
		return -e;
	}
	while ((d = readdir(dir))) {
		pid_t tid = (pid_t)atoi(d->d_name);

		if (tid <= 0 || has(s, tid))
			continue;
		if (ptrace(PTRACE_SEIZE, tid, 0, 0)) {
			e = errno;
			/* A thread that exited between the listing and now. */
			if (e == ESRCH && tid != s->pid)
				continue;
			closedir(dir);
			snprintf(err, errlen, "ptrace: %s", strerror(e));
			return -e;
		}
		if ((e = add(s, tid))) {
			ptrace(PTRACE_DETACH, tid, 0, 0);
			closedir(dir);
			snprintf(err, errlen, "out of memory");
			return e;
		}
		ptrace(PTRACE_INTERRUPT, tid, 0, 0);
		fresh++;
	}
	closedir(dir);
	return fresh;
}

/* Waits for thread i's first stop; a signal it stopped for is kept. */
static int wait_stop(struct stopall *s, size_t i)
{
	int status;

	for (;;) {
		if (waitpid(s->tid[i], &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!WIFSTOPPED(status))
			return -ESRCH;
		if (status >> 16)
			return 0;
		/* A signal-delivery stop came before the interrupt: keep the
		 * signal, and wait for the interrupt, which stops it for good. */
		if (!s->sig[i])
			s->sig[i] = WSTOPSIG(status);
		ptrace(PTRACE_CONT, s->tid[i], 0, 0);
	}
}

/* Drops thread i: it exited while being stopped. */
static void forget(struct stopall *s, size_t i)
{
	s->tid[i] = s->tid[s->n - 1];
	s->sig[i] = s->sig[s->n - 1];
	s->n--;
}

int stopall_seize(struct stopall *s, pid_t pid, char *err, size_t errlen)
{
	return stopall_seize_unblocking(s, pid, NULL, NULL, err, errlen);
}

int stopall_seize_unblocking(struct stopall *s, pid_t pid, void (*unblock)(void *ctx, pid_t tid),
			     void *ctx, char *err, size_t errlen)
{
	int r, rounds;
	size_t i, waited = 0;

	memset(s, 0, sizeof(*s));
	s->pid = pid;
	for (rounds = 0; rounds < 1000; rounds++) {
		r = seize_pass(s, err, errlen);
		if (r < 0) {
			stopall_release(s);
			return r;
		}
		/* Stopped threads create no more: wait for them, list again. */
		for (i = waited; unblock && i < s->n; i++)
			unblock(ctx, s->tid[i]);
		for (i = waited; i < s->n; i++) {
			if (wait_stop(s, i) < 0) {
				forget(s, i);
				i--;
			}
		}
		waited = s->n;
		if (r == 0)
			break;
	}
	if (!has(s, pid)) {
		stopall_release(s);
		snprintf(err, errlen, "it exited");
		return -ESRCH;
	}
	return 0;
}

static int inside(uint64_t rip, const struct stopall_range *rg, size_t nr, const uint64_t *keep,
		  size_t nkeep)
{
	size_t k;

	for (k = 0; k < nkeep; k++)
		if (rip == keep[k])
			return 0;
	for (k = 0; k < nr; k++)
		if (rip >= rg[k].lo && rip < rg[k].hi)
			return 1;
	return 0;
}

/* Lets thread i run alone for a moment and stops it again. */
static int run_a_little(struct stopall *s, size_t i, unsigned us)
{
	const struct timespec t = { 0, (long)us * 1000 };

	if (ptrace(PTRACE_CONT, s->tid[i], 0, 0))
		return -errno;
	if (us)
		nanosleep(&t, NULL);
	ptrace(PTRACE_INTERRUPT, s->tid[i], 0, 0);
	return wait_stop(s, i);
}

/*
 * Not single steps: a seqlock read loop stepped one instruction at a time
 * on a busy machine outlasts the timer tick that changes the sequence, and
 * never ends.  The thread runs alone (the others stay stopped) for a
 * moment at a time; a vDSO call lasts well under a microsecond, so it is
 * soon out, even in a loop that calls it again and again.
 */
int stopall_step_out(struct stopall *s, const struct stopall_range *rg, size_t nr,
		     const uint64_t *keep, size_t nkeep)
{
	struct user_regs_struct r;
	size_t i;
	int tries, e;

	for (i = 0; i < s->n; i++) {
		if (ptrace(PTRACE_GETREGS, s->tid[i], 0, &r))
			return -errno;
		for (tries = 0; tries < STEP_LIMIT && inside(r.rip, rg, nr, keep, nkeep); tries++) {
			if ((e = run_a_little(s, i, (unsigned)(tries % 50))) ||
			    ptrace(PTRACE_GETREGS, s->tid[i], 0, &r))
				return e ? e : -errno;
		}
		if (tries == STEP_LIMIT)
			return -EBUSY;
	}
	return 0;
}

void stopall_release(struct stopall *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		int sig = s->sig[i];

		ptrace(PTRACE_DETACH, s->tid[i], 0, 0);
		/* Sent again rather than injected: after the interrupt stop the
		 * thread is not in a signal-delivery stop any more. */
		if (sig && sig != SIGTRAP)
			syscall(SYS_tkill, s->tid[i], sig);
	}
	free(s->tid);
	free(s->sig);
	memset(s, 0, sizeof(*s));
}
