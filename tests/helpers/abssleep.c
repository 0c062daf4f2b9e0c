// SPDX-License-Identifier: MIT
/*
 * abssleep CLOCK MS [alarm]: sleeps until CLOCK reads now + MS milliseconds
 * with clock_nanosleep(TIMER_ABSTIME); prints its result (0 or an errno)
 * and the CLOCK time that passed in ms.  With "alarm", a SIGALRM handler
 * (no SA_RESTART; with "alarm-restart", SA_RESTART) and alarm(1) interrupt
 * the sleep.  MS "max" sleeps until
 * the end of time: {INT64_MAX, 0}.  With "after FILE", it first waits
 * (relative sleeps) until FILE exists, then takes the time (for a test
 * that attaches to it meanwhile).  With "kept", it first arms a realtime
 * timerfd an hour ahead (TFD_TIMER_ABSTIME): a timer the runtime keeps, so
 * that a change of the clock sends this process the re-arm signal.
 */
#include <signal.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	clockid_t c = argc > 1 && !strcmp(argv[1], "monotonic") ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	long long ms = argc > 2 ? atoll(argv[2]) : 500, v0, target;
	struct timespec t;

	if (argc > 4 && !strcmp(argv[3], "after"))
		while (access(argv[4], F_OK))
			nanosleep(&tick, NULL);
	v0 = ns(c);
	target = v0 + ms * 1000000LL;
	t = (struct timespec){ target / 1000000000LL, target % 1000000000LL };

	if (argc > 2 && !strcmp(argv[2], "max"))
		t = (struct timespec){ INT64_MAX, 0 };
	struct sigaction sa;
	int err;

	if (argc > 3 && (!strcmp(argv[3], "alarm") || !strcmp(argv[3], "alarm-restart"))) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		/* An absolute clock_nanosleep ends with EINTR even so. */
		if (!strcmp(argv[3], "alarm-restart"))
			sa.sa_flags = SA_RESTART;
		sigaction(SIGALRM, &sa, NULL);
		alarm(1);
	}
	if (argc > 3 && !strcmp(argv[3], "kept")) {
		struct itimerspec its = { { 0, 0 }, { 0, 0 } };
		int fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);

		clock_gettime(CLOCK_REALTIME, &its.it_value);
		its.it_value.tv_sec += 3600;
		if (fd < 0 || timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL))
			return 1;
	}
	err = clock_nanosleep(c, TIMER_ABSTIME, &t, NULL);
	printf("%d %lld\n", err, (ns(c) - v0) / 1000000);
	return 0;
}
