// SPDX-License-Identifier: MIT
/*
 * waits [MODE|all] SECONDS: each way a program waits for a time, timed on
 * a clock no session makes virtual (the kernel's uptime: /proc/uptime).
 * Prints "MODE REAL_SECONDS" per wait.  Under run --clocks all --rate R a
 * wait of S takes S/R; natively, S.  Built with glibc and static musl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
/* musl-gcc has no kernel headers. */
#define FUTEX_WAIT_PRIVATE 128
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static double uptime(void)
{
	char buf[64] = "";
	int fd = open("/proc/uptime", O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0) {
		perror("/proc/uptime");
		exit(2);
	}
	close(fd);
	return strtod(buf, NULL);
}

static struct timespec ts_of(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	return ts;
}

static struct timespec deadline(clockid_t clk, double s)
{
	struct timespec now, d = ts_of(s);

	clock_gettime(clk, &now);
	now.tv_sec += d.tv_sec;
	now.tv_nsec += d.tv_nsec;
	if (now.tv_nsec >= 1000000000) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000;
	}
	return now;
}

static volatile sig_atomic_t alarmed;

static void on_alarm(int sig)
{
	(void)sig;
	alarmed = 1;
}

/* Only in the modes that need it, not at the start: setting a handler is
 * a trapped call of its own, and the default mode's test counts traps. */
static void catch_alarm(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	sigaction(SIGALRM, &sa, NULL);
}

static void wait_alarm(void)
{
	sigset_t none;

	sigemptyset(&none);
	while (!alarmed)
		sigsuspend(&none);
	alarmed = 0;
}

static void cond_wait(clockid_t clk, double s)
{
	pthread_condattr_t a;
	pthread_cond_t c;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timespec at = deadline(clk, s);

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, clk);
	pthread_cond_init(&c, &a);
	pthread_mutex_lock(&m);
	while (pthread_cond_timedwait(&c, &m, &at) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&m);
}

static int one(const char *mode, double s)
{
	struct timespec ts = ts_of(s), at;
	struct timeval tv = { (time_t)s, (suseconds_t)((s - (time_t)s) * 1e6) };
	int ms = (int)(s * 1000), fd, i;
	uint32_t word = 0;
	uint64_t ticks = 0, n;

	if (!strcmp(mode, "nanosleep")) {
		while (nanosleep(&ts, &ts))
			;
	} else if (!strcmp(mode, "usleep")) {
		usleep((useconds_t)(s * 1e6));
	} else if (!strcmp(mode, "clock_nanosleep.realtime")) {
		clock_nanosleep(CLOCK_REALTIME, 0, &ts, NULL);
	} else if (!strcmp(mode, "clock_nanosleep.monotonic")) {
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	} else if (!strcmp(mode, "clock_nanosleep.boottime")) {
		clock_nanosleep(CLOCK_BOOTTIME, 0, &ts, NULL);
	} else if (!strcmp(mode, "clock_nanosleep.abs.monotonic")) {
		at = deadline(CLOCK_MONOTONIC, s);
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
	} else if (!strcmp(mode, "poll")) {
		poll(NULL, 0, ms);
	} else if (!strcmp(mode, "ppoll")) {
		ppoll(NULL, 0, &ts, NULL);
	} else if (!strcmp(mode, "select")) {
		/* A pipe nobody writes: the timeout ends it. */
		fd_set r;
		int p[2];

		if (pipe(p))
			return 2;
		FD_ZERO(&r);
		FD_SET(p[0], &r);
		select(p[0] + 1, &r, NULL, NULL, &tv);
	} else if (!strcmp(mode, "pselect")) {
		pselect(0, NULL, NULL, NULL, &ts, NULL);
	} else if (!strcmp(mode, "epoll_wait")) {
		struct epoll_event ev;

		fd = epoll_create1(0);
		epoll_wait(fd, &ev, 1, ms);
		close(fd);
	} else if (!strcmp(mode, "futex")) {
		syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
	} else if (!strcmp(mode, "cond.realtime")) {
		cond_wait(CLOCK_REALTIME, s);
	} else if (!strcmp(mode, "cond.monotonic")) {
		cond_wait(CLOCK_MONOTONIC, s);
	} else if (!strcmp(mode, "sem_timedwait")) {
		sem_t sem;

		sem_init(&sem, 0, 0);
		at = deadline(CLOCK_REALTIME, s);
		while (sem_timedwait(&sem, &at) && errno != ETIMEDOUT)
			;
	} else if (!strcmp(mode, "timerfd.periodic")) {
		/* Four periods of a quarter each. */
		struct itimerspec its = { ts_of(s / 4), ts_of(s / 4) };

		fd = timerfd_create(CLOCK_MONOTONIC, 0);
		timerfd_settime(fd, 0, &its, NULL);
		while (ticks < 4 && read(fd, &n, sizeof(n)) == sizeof(n))
			ticks += n;
		close(fd);
	} else if (!strcmp(mode, "epoll.timerfd")) {
		/* An event loop: a one-shot timerfd, epoll_wait without a timeout. */
		struct itimerspec its = { { 0, 0 }, ts };
		struct epoll_event ev = { .events = EPOLLIN };

		fd = epoll_create1(0);
		i = timerfd_create(CLOCK_MONOTONIC, 0);
		timerfd_settime(i, 0, &its, NULL);
		epoll_ctl(fd, EPOLL_CTL_ADD, i, &ev);
		while (epoll_wait(fd, &ev, 1, -1) != 1)
			;
		close(i);
		close(fd);
	} else if (!strcmp(mode, "poll.timerfd")) {
		/* The same with poll. */
		struct itimerspec its = { { 0, 0 }, ts };
		struct pollfd p = { .events = POLLIN };

		p.fd = timerfd_create(CLOCK_MONOTONIC, 0);
		timerfd_settime(p.fd, 0, &its, NULL);
		while (poll(&p, 1, -1) != 1)
			;
		close(p.fd);
	} else if (!strcmp(mode, "timer_create")) {
		struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM };
		struct itimerspec its = { { 0, 0 }, ts };
		timer_t t;

		catch_alarm();
		timer_create(CLOCK_REALTIME, &sev, &t);
		timer_settime(t, 0, &its, NULL);
		wait_alarm();
		timer_delete(t);
	} else if (!strcmp(mode, "setitimer")) {
		struct itimerval it = { { 0, 0 }, tv };

		catch_alarm();
		setitimer(ITIMER_REAL, &it, NULL);
		wait_alarm();
	} else if (!strcmp(mode, "sigtimedwait")) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		sigtimedwait(&set, NULL, &ts);
	} else if (!strcmp(mode, "alarm")) {
		/* alarm counts whole seconds: never 0, which would cancel it. */
		i = (int)s < 1 ? 1 : (int)s;
		catch_alarm();
		alarm((unsigned)i);
		wait_alarm();
	} else {
		fprintf(stderr, "waits: unknown mode %s\n", mode);
		return 2;
	}
	return 0;
}

static const char *const modes[] = {
	"nanosleep", "usleep", "clock_nanosleep.realtime", "clock_nanosleep.monotonic",
	"clock_nanosleep.boottime", "clock_nanosleep.abs.monotonic", "poll", "ppoll", "select",
	"pselect", "epoll_wait", "futex", "cond.realtime", "cond.monotonic", "sem_timedwait",
	"timerfd.periodic", "epoll.timerfd", "poll.timerfd", "timer_create", "setitimer", "sigtimedwait", "alarm",
};

/*
 * A timer set, then an exec of this program that waits for it ("waits
 * inherited MODE FD T0"): the kernel keeps ITIMER_REAL and a timerfd
 * without FD_CLOEXEC across execve.
 */
static int exec_mode(const char *mode, double s)
{
	struct timespec ts = ts_of(s);
	struct itimerspec its = { { 0, 0 }, ts };
	char fd_arg[16], t0_arg[32];
	int fd = -1;

	snprintf(t0_arg, sizeof(t0_arg), "%.6f", uptime());
	if (!strcmp(mode, "exec.setitimer")) {
		struct itimerval it = { { 0, 0 }, { ts.tv_sec, ts.tv_nsec / 1000 } };

		setitimer(ITIMER_REAL, &it, NULL);
	} else if (!strcmp(mode, "exec.alarm")) {
		alarm((unsigned)s < 1 ? 1 : (unsigned)s);
	} else if (!strcmp(mode, "exec.timerfd")) {
		fd = timerfd_create(CLOCK_MONOTONIC, 0);
		timerfd_settime(fd, 0, &its, NULL);
	} else if (!strcmp(mode, "exec.timerfd.high")) {
		/* Numbered past the descriptors execve's argument names one
		 * by one (RT_CARRY_FDS), as in a program with many open. */
		int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);

		while (nul >= 0 && nul < 99)
			nul = fcntl(nul, F_DUPFD_CLOEXEC, 0);
		fd = timerfd_create(CLOCK_MONOTONIC, 0);
		if (fd != 100)
			return 2;
		timerfd_settime(fd, 0, &its, NULL);
	} else if (!strcmp(mode, "exec.timerfd.abs.realtime")) {
		its.it_value = deadline(CLOCK_REALTIME, s);
		fd = timerfd_create(CLOCK_REALTIME, 0);
		timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL);
	} else {
		fprintf(stderr, "waits: unknown mode %s\n", mode);
		return 2;
	}
	snprintf(fd_arg, sizeof(fd_arg), "%d", fd);
	execl("/proc/self/exe", "waits", "inherited", mode, fd_arg, t0_arg, (char *)NULL);
	perror("waits: exec");
	return 2;
}

static int inherited(const char *mode, int fd, double t0)
{
	uint64_t n;

	if (fd < 0) {
		catch_alarm();
		wait_alarm();
	} else if (read(fd, &n, sizeof(n)) != sizeof(n)) {
		perror("waits: read of the inherited timerfd");
		return 2;
	}
	printf("%s %.3f\n", mode, uptime() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	double s, t0;
	size_t i;

	if (argc == 3 && !strncmp(argv[1], "exec.", 5))
		return exec_mode(argv[1], strtod(argv[2], NULL));
	if (argc == 5 && !strcmp(argv[1], "inherited"))
		return inherited(argv[2], atoi(argv[3]), strtod(argv[4], NULL));

	if (argc == 3 && !strcmp(argv[1], "alarm-left")) {
		/* What alarm says is left, just after setting it. */
		alarm((unsigned)atoi(argv[2]));
		printf("%u\n", alarm(0));
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: waits MODE|all|exec.MODE SECONDS | waits alarm-left SECONDS\n");
		return 2;
	}
	/* What the program does without waiting: the baseline of --stats. */
	if (!strcmp(argv[1], "none"))
		return 0;
	s = strtod(argv[2], NULL);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(argv[1], "all") && strcmp(argv[1], modes[i]))
			continue;
		t0 = uptime();
		if (one(modes[i], s))
			return 2;
		printf("%s %.3f\n", modes[i], uptime() - t0);
		fflush(stdout);
	}
	return 0;
}
