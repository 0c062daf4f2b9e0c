// SPDX-License-Identifier: MIT
/*
 * sleepstorm N: N absolute sleeps an hour long on CLOCK_REALTIME, each cut
 * short by a 2 ms interval timer (SIGALRM, no SA_RESTART); then one
 * absolute sleep of 200 ms.  Prints how many ended in EINTR and how long
 * the last one took in real milliseconds.  Interrupted sleeps must leave
 * nothing behind that delays the next one.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig)
{
	(void)sig;
}

static long long now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int sleep_until(long long ns)
{
	struct timespec t = { ns / 1000000000LL, ns % 1000000000LL };

	return clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 300, i, eintr = 0;
	struct itimerval every = { { 0, 2000 }, { 0, 2000 } }, off = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa;
	long long t0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &every, NULL);
	for (i = 0; i < n; i++)
		eintr += sleep_until(now(CLOCK_REALTIME) + 3600000000000LL) == EINTR;
	setitimer(ITIMER_REAL, &off, NULL);
	t0 = now(CLOCK_MONOTONIC);
	if (sleep_until(now(CLOCK_REALTIME) + 200000000LL))
		return 1;
	printf("%d %lld\n", eintr, (now(CLOCK_MONOTONIC) - t0) / 1000000);
	return 0;
}
