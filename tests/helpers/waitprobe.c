// SPDX-License-Identifier: MIT
/*
 * waitprobe KIND MS: one wait whose absolute deadline is the program's own
 * CLOCK_REALTIME reading plus MS milliseconds, as libraries compute it;
 * prints the wait's result and the real milliseconds it took (timed on
 * CLOCK_MONOTONIC, which vdsotool run leaves real by default).
 *   cond     pthread_cond_timedwait (default condattr: CLOCK_REALTIME)
 *   sem      sem_timedwait
 *   mutex    pthread_mutex_timedlock on a PI mutex held by another thread
 *            (FUTEX_LOCK_PI: an absolute CLOCK_REALTIME deadline)
 *   timerfd  timerfd_settime(TFD_TIMER_ABSTIME) on CLOCK_REALTIME, then read
 *   timer    timer_settime(TIMER_ABSTIME) on CLOCK_REALTIME, then sigwait
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static long long ms_now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static struct timespec deadline(long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

static pthread_mutex_t pi;
static pthread_barrier_t held;

static void *holder(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pi);
	pthread_barrier_wait(&held);
	pause();
	return NULL;
}

static int wait_kind(const char *kind, long ms)
{
	struct timespec at = { 0, 0 };

	if (!strcmp(kind, "cond")) {
		pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
		pthread_cond_t c = PTHREAD_COND_INITIALIZER;
		int r;

		pthread_mutex_lock(&m);
		at = deadline(ms);
		r = pthread_cond_timedwait(&c, &m, &at);
		pthread_mutex_unlock(&m);
		return r;
	}
	if (!strcmp(kind, "sem")) {
		sem_t s;

		sem_init(&s, 0, 0);
		at = deadline(ms);
		return sem_timedwait(&s, &at) ? errno : 0;
	}
	if (!strcmp(kind, "mutex")) {
		pthread_mutexattr_t a;
		pthread_t t;

		pthread_mutexattr_init(&a);
		pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
		pthread_mutex_init(&pi, &a);
		pthread_barrier_init(&held, NULL, 2);
		pthread_create(&t, NULL, holder, NULL);
		pthread_barrier_wait(&held);
		at = deadline(ms);
		return pthread_mutex_timedlock(&pi, &at);
	}
	if (!strcmp(kind, "timerfd")) {
		int fd = timerfd_create(CLOCK_REALTIME, 0);
		struct itimerspec its = { { 0, 0 }, { 0, 0 } };
		uint64_t n;

		its.it_value = deadline(ms);
		if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL))
			return errno;
		return read(fd, &n, sizeof(n)) == sizeof(n) ? 0 : errno;
	}
	if (!strcmp(kind, "timer")) {
		struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
		struct itimerspec its = { { 0, 0 }, { 0, 0 } };
		timer_t id;
		sigset_t set;
		int sig;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		if (timer_create(CLOCK_REALTIME, &ev, &id))
			return errno;
		its.it_value = deadline(ms);
		if (timer_settime(id, TIMER_ABSTIME, &its, NULL))
			return errno;
		return sigwait(&set, &sig);
	}
	return EINVAL;
}

int main(int argc, char **argv)
{
	long long t0;
	int r;

	if (argc < 3) {
		fprintf(stderr, "usage: waitprobe cond|sem|mutex|timerfd|timer MS\n");
		return 2;
	}
	t0 = ms_now(CLOCK_MONOTONIC);
	r = wait_kind(argv[1], atol(argv[2]));
	printf("%d %lld\n", r, ms_now(CLOCK_MONOTONIC) - t0);
	return 0;
}
