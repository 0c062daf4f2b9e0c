// SPDX-License-Identifier: MIT
/*
 * timerchange MODE: a kernel timer set once, for tests that change the
 * clock while it runs (vdsotool ctl set).
 *   abs.timerfd, abs.timer   a CLOCK_REALTIME deadline 60 s ahead
 *                            (TIMER_ABSTIME): "armed", then "fired"
 *   tick.timerfd, tick.timer, tick.itimer
 *                            every second of CLOCK_MONOTONIC (timerfd,
 *                            POSIX timer, setitimer): "armed", then
 *                            "tick N" per expiry, 120 times
 *   epoll.timerfd            every 100 ms of CLOCK_MONOTONIC, waited for in
 *                            epoll_wait with no timeout, 30 times: "armed",
 *                            then "eintr N" (how many waits a signal ended)
 *   epoll.timerfd.thread     the same, with a second thread blocked in a
 *                            read of a pipe
 *   epoll.timerfd.timed      the same, one thread, epoll_wait with a timeout
 *                            of a minute (which a rate traps)
 *   poll.timerfd             epoll.timerfd with poll for epoll_wait
 *   many.timerfd             abs.timerfd forty times over: "fired" once
 *                            every one did
 *   pending.timerfd FIFO     every 100 ms of CLOCK_MONOTONIC, left unread
 *                            until a line comes through FIFO: "armed",
 *                            then "expiries N" (what one read says)
 *   timed.CALL               a CLOCK_REALTIME timerfd an hour ahead
 *                            (TIMER_ABSTIME: a change re-arms it), then 12
 *                            waits of 100 ms in CALL (nanosleep,
 *                            clock_nanosleep, abs.clock_nanosleep on
 *                            CLOCK_MONOTONIC, poll, ppoll, select, pselect,
 *                            futex): "armed", then "eintr N short M" (how
 *                            many a signal ended, how many ended early)
 *   again.timer              a POSIX timer set 60 s ahead (TIMER_ABSTIME),
 *                            then set again 3 s ahead, relative (a call
 *                            the default mode does not trap): "armed",
 *                            then "fired"
 * Every line ends with the real seconds since the start (/proc/uptime,
 * which no session makes virtual).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static double start;

/* A thread that waits in a call a signal does not end (read restarts
 * under SA_RESTART), beside the main thread's epoll_wait. */
static void *reader(void *arg)
{
	char c;

	while (read(*(int *)arg, &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static double uptime(void)
{
	char buf[64] = "";
	int fd = open("/proc/uptime", O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		exit(2);
	close(fd);
	return strtod(buf, NULL);
}

static void say(const char *what, int n)
{
	if (n)
		printf("%s %d %.2f\n", what, n, uptime() - start);
	else
		printf("%s %.2f\n", what, uptime() - start);
}

#define FUTEX_WAIT_PRIVATE 128	/* musl has no linux/futex.h */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One wait of 100 ms in call: its result (-1 and errno as the call left
 * them; a futex's ETIMEDOUT is 0). */
static int wait_100ms(const char *call)
{
	struct timespec ts = { 0, 100000000 };
	struct timeval tv = { 0, 100000 };
	static int word;
	long r;

	if (!strcmp(call, "nanosleep"))
		return nanosleep(&ts, NULL);
	if (!strcmp(call, "clock_nanosleep") || !strcmp(call, "abs.clock_nanosleep")) {
		int flags = 0;

		if (call[0] == 'a') {
			struct timespec now;

			clock_gettime(CLOCK_MONOTONIC, &now);
			ts.tv_sec = now.tv_sec + (now.tv_nsec + ts.tv_nsec) / 1000000000;
			ts.tv_nsec = (now.tv_nsec + ts.tv_nsec) % 1000000000;
			flags = TIMER_ABSTIME;
		}
		errno = clock_nanosleep(CLOCK_MONOTONIC, flags, &ts, NULL);
		return errno ? -1 : 0;
	}
	if (!strcmp(call, "poll"))
		return poll(NULL, 0, 100);
	if (!strcmp(call, "ppoll"))
		return ppoll(NULL, 0, &ts, NULL);
	if (!strcmp(call, "select"))
		return select(0, NULL, NULL, NULL, &tv);
	if (!strcmp(call, "pselect"))
		return pselect(0, NULL, NULL, NULL, &ts, NULL);
	if (!strcmp(call, "futex")) {
		r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
		return r < 0 && errno == ETIMEDOUT ? 0 : (int)r;
	}
	fprintf(stderr, "timerchange: no such wait %s\n", call);
	exit(2);
}

static int timed_waits(const char *call)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };
	int fd = timerfd_create(CLOCK_REALTIME, 0), eintr = 0, shorter = 0, i;

	clock_gettime(CLOCK_REALTIME, &its.it_value);
	its.it_value.tv_sec += 3600;
	if (fd < 0 || timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL))
		return 2;
	say("armed", 0);
	for (i = 0; i < 12; i++) {
		double t0 = mono();

		if (wait_100ms(call) < 0) {
			if (errno != EINTR)
				return 3;
			eintr++;
		} else if (mono() - t0 < 0.099) {
			shorter++;
		}
	}
	printf("eintr %d short %d\n", eintr, shorter);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int again = !strcmp(mode, "again.timer");
	int pending = !strcmp(mode, "pending.timerfd") && argc > 2;
	int timed = !strcmp(mode, "epoll.timerfd.timed");
	int inpoll = !strcmp(mode, "poll.timerfd");
	int inepoll = !strcmp(mode, "epoll.timerfd") || !strcmp(mode, "epoll.timerfd.thread") || timed ||
		      inpoll;
	int many = !strcmp(mode, "many.timerfd"), nfds = many ? 40 : 1, fds[40];
	int abs = !strncmp(mode, "abs.", 4) || again || many, fd = -1, n = abs ? 1 : 120, i;
	const char *kind = again ? "timer" : many ? "timerfd" : mode + 4 + (abs ? 0 : 1);
	struct itimerspec its = { { abs ? 0 : 1, 0 }, { 1, 0 } };
	clockid_t clk = abs ? CLOCK_REALTIME : CLOCK_MONOTONIC;
	timer_t timer;
	sigset_t set;

	setvbuf(stdout, NULL, _IOLBF, 0);
	start = uptime();
	if (!strncmp(mode, "timed.", 6))
		return timed_waits(mode + 6);
	if (abs) {
		clock_gettime(CLOCK_REALTIME, &its.it_value);
		its.it_value.tv_sec += 60;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (pending || inepoll) {
		its.it_interval = (struct timespec){ 0, 100000000 };
		its.it_value = its.it_interval;
		kind = "timerfd";
	}
	if (!strcmp(kind, "timerfd")) {
		for (i = 0; i < nfds; i++) {
			fds[i] = fd = timerfd_create(clk, 0);
			if (fd < 0 || timerfd_settime(fd, abs ? TFD_TIMER_ABSTIME : 0, &its, NULL))
				return 2;
		}
	} else if (!strcmp(kind, "timer")) {
		struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };

		struct itimerspec rel = { { 0, 0 }, { 3, 0 } };

		if (timer_create(clk, &ev, &timer) ||
		    timer_settime(timer, abs ? TIMER_ABSTIME : 0, &its, NULL) ||
		    (again && timer_settime(timer, 0, &rel, NULL)))
			return 2;
	} else if (!strcmp(kind, "itimer") && !abs) {
		struct itimerval itv = { { 1, 0 }, { 1, 0 } };

		if (setitimer(ITIMER_REAL, &itv, NULL))
			return 2;
	} else {
		fprintf(stderr, "usage: timerchange abs.timerfd|abs.timer|many.timerfd|again.timer|tick.timerfd|"
			"tick.timer|tick.itimer|epoll.timerfd[.thread|.timed]|poll.timerfd|pending.timerfd FIFO\n");
		return 2;
	}
	if (!strcmp(mode, "epoll.timerfd.thread")) {
		static int idle[2];
		pthread_t th;

		if (pipe(idle) || pthread_create(&th, NULL, reader, &idle[0]))
			return 2;
	}
	say("armed", 0);
	if (inepoll) {
		struct epoll_event ev = { .events = EPOLLIN };
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int ep = epoll_create1(0), eintr = 0, got = 0;
		uint64_t expiries;

		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
			return 2;
		while (got < 30) {
			if ((inpoll ? poll(&pfd, 1, -1) : epoll_wait(ep, &ev, 1, timed ? 60000 : -1)) < 0) {
				if (errno != EINTR)
					return 3;
				eintr++;
				continue;
			}
			if (read(fd, &expiries, sizeof(expiries)) != sizeof(expiries))
				return 3;
			got += (int)expiries;
		}
		printf("eintr %d\n", eintr);
		return 0;
	}
	if (pending) {
		uint64_t expiries = 0;
		char go[8];
		FILE *f = fopen(argv[2], "r");

		if (!f || !fgets(go, sizeof(go), f) ||
		    read(fd, &expiries, sizeof(expiries)) != sizeof(expiries))
			return 3;
		say("expiries", (int)expiries);
		return 0;
	}
	for (i = 1; i <= n; i++) {
		uint64_t expiries;

		if (fd >= 0) {
			for (int k = 0; k < nfds; k++)
				if (read(fds[k], &expiries, sizeof(expiries)) != sizeof(expiries))
					return 3;
		} else {
			/* A signal that ran a handler ends sigwaitinfo with EINTR
			 * (the re-arm's SIGSYS does): waited for again, as
			 * sigwait does. */
			while (sigwaitinfo(&set, NULL) < 0)
				if (errno != EINTR)
					return 3;
		}
		say(abs ? "fired" : "tick", abs ? 0 : i);
	}
	return 0;
}
