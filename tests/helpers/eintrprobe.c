// SPDX-License-Identifier: MIT
/*
 * eintrprobe clocks N | exec N: system calls that never fail with EINTR
 * natively must not under vdsotool run either, however many signals come.
 *   clocks  N raw clock_gettime, gettimeofday and time calls under a
 *           200 us interval timer whose handler has no SA_RESTART
 *   exec    N children, each hit by a burst of signals (a handler without
 *           SA_RESTART) while it execs /bin/true
 * Prints "calls eintr" and exits 0.
 *   exec-after FILE
 *           prints its pid, waits for FILE to exist, then execs /bin/true
 *           with a SIGUSR1 handler without SA_RESTART: a test stops the
 *           supervisor, sends SIGUSR1 while the exec waits to be seen, and
 *           lets it go on.  Exits 99 ("EINTR") if the exec failed so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_signal(int sig)
{
	(void)sig;
}

static void handle(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(sig, &sa, NULL);
}

static long clocks(long n)
{
	struct itimerval every = { { 0, 200 }, { 0, 200 } };
	struct timespec ts;
	struct timeval tv;
	long i, eintr = 0;

	handle(SIGALRM);
	setitimer(ITIMER_REAL, &every, NULL);
	for (i = 0; i < n; i++) {
		if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts) && errno == EINTR)
			eintr++;
		if (syscall(SYS_gettimeofday, &tv, NULL) && errno == EINTR)
			eintr++;
		if (syscall(SYS_time, NULL) == -1 && errno == EINTR)
			eintr++;
	}
	return eintr;
}

static long execs(long n)
{
	long i, eintr = 0;
	int status, k;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			char *argv[] = { "true", NULL };

			handle(SIGUSR1);
			syscall(SYS_execve, "/bin/true", argv, NULL);
			_exit(errno == EINTR ? 99 : 98);
		}
		for (k = 0; k < 20; k++)
			kill(pid, SIGUSR1);
		waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 99)
			eintr++;
	}
	return eintr;
}

static int exec_after(const char *file)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	char *argv[] = { "true", NULL };

	handle(SIGUSR1);
	printf("%d\n", (int)getpid());
	fflush(stdout);
	while (access(file, F_OK))
		nanosleep(&tick, NULL);
	syscall(SYS_execve, "/bin/true", argv, NULL);
	printf("%s\n", errno == EINTR ? "EINTR" : strerror(errno));
	return errno == EINTR ? 99 : 98;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 1000;

	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "clocks"))
		printf("%ld %ld\n", 3 * n, clocks(n));
	else if (!strcmp(argv[1], "exec"))
		printf("%ld %ld\n", n, execs(n));
	else if (!strcmp(argv[1], "exec-after") && argc > 2)
		return exec_after(argv[2]);
	else
		return 2;
	return 0;
}
