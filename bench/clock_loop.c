// SPDX-License-Identifier: MIT
/*
 * clock_loop MODE N: N clock reads, prints the mean ns per read.
 *   vdso  clock_gettime(CLOCK_REALTIME) through libc (and so the vDSO)
 *   raw   the clock_gettime system call itself
 *   getppid  a system call no filter of `run` wants: what the filters
 *         cost every other call of the program
 *   sitegetppid  the same through a syscall(3) that a raw clock read
 *         made a patched call site first
 *   exec  N fork+exec+wait of /bin/true, prints the mean us per exec
 *   execfail  N execve of a file that does not exist (a PATH miss), in
 *         this process: prints the mean us per failed exec
 *   watch N reads CLOCK_REALTIME without pause; each time it jumps ahead
 *         by more than an hour (vdsotool ctl set --offset +1d), prints the
 *         CLOCK_MONOTONIC_RAW ns of that first changed reading and how many
 *         days it jumped (more than 1 if it missed a change); until N days.
 *         "ready" first, once it has its first reading
 *   condvar N  two threads hand a token back and forth N times through
 *         pthread_cond_timedwait (CLOCK_MONOTONIC, deadline 1 s ahead)
 *   futexwait N  N timed FUTEX_WAITs on a word that does not match (each
 *         returns EAGAIN at once): the cost of one trapped wait
 * Timed with CLOCK_MONOTONIC_RAW, which `run` virtualises only under
 * --clocks all or monotonic: the caller divides by the rate there.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv[2];
static long turn, rounds;

static void *player(void *arg)
{
	long me = (long)arg, i;
	struct timespec at;

	for (i = 0; i < rounds; i++) {
		pthread_mutex_lock(&mu);
		while (turn != me) {
			clock_gettime(CLOCK_MONOTONIC, &at);
			at.tv_sec++;
			pthread_cond_timedwait(&cv[me], &mu, &at);
		}
		turn = !me;
		pthread_cond_signal(&cv[!me]);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

static void condvar(long n)
{
	pthread_condattr_t a;
	pthread_t t;
	int i;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	for (i = 0; i < 2; i++)
		pthread_cond_init(&cv[i], &a);
	rounds = n;
	pthread_create(&t, NULL, player, (void *)1L);
	player((void *)0L);
	pthread_join(t, NULL);
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 1000000, i;
	struct timespec ts;
	double t0, t1;

	if (argc < 2)
		return 2;
	t0 = now_ns();
	if (!strcmp(argv[1], "vdso")) {
		for (i = 0; i < n; i++)
			clock_gettime(CLOCK_REALTIME, &ts);
	} else if (!strcmp(argv[1], "raw")) {
		for (i = 0; i < n; i++)
			syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
	} else if (!strcmp(argv[1], "getppid") || !strcmp(argv[1], "sitegetppid")) {
		/* One clock read first: under run, syscall(3) is then a
		 * patched call site, which every other call goes through. */
		if (argv[1][0] == 's')
			syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else if (!strcmp(argv[1], "execfail")) {
		char *args[] = { "missing", NULL };

		for (i = 0; i < n; i++)
			execv("/nonexistent/vdsotool-bench/missing", args);
	} else if (!strcmp(argv[1], "watch")) {
		/* Through the vDSO: a raw system call would ask the supervisor,
		 * which is busy answering ctl at that very moment. */
		long long prev, v;

		clock_gettime(CLOCK_REALTIME, &ts);
		prev = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		printf("ready\n");
		fflush(stdout);
		for (i = 0; i < n;) {
			clock_gettime(CLOCK_REALTIME, &ts);
			v = ts.tv_sec * 1000000000LL + ts.tv_nsec;
			if (v - prev > 3600 * 1000000000LL) {
				const long long day = 86400 * 1000000000LL;
				struct timespec raw;
				long days = (long)((v - prev + day / 2) / day);

				clock_gettime(CLOCK_MONOTONIC_RAW, &raw);
				printf("%lld %ld\n", raw.tv_sec * 1000000000LL + raw.tv_nsec, days);
				fflush(stdout);
				i += days;
			}
			prev = v;
		}
		return 0;
	} else if (!strcmp(argv[1], "condvar")) {
		condvar(n);
	} else if (!strcmp(argv[1], "futexwait")) {
		unsigned word = 0;
		struct timespec second = { 1, 0 };

		for (i = 0; i < n; i++)
			syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &second, NULL, 0);
	} else if (!strcmp(argv[1], "exec")) {
		for (i = 0; i < n; i++) {
			pid_t p = fork();

			if (p == 0) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(127);
			}
			waitpid(p, NULL, 0);
		}
	} else {
		return 2;
	}
	t1 = now_ns();
	if (!strcmp(argv[1], "exec") || !strcmp(argv[1], "execfail"))
		printf("%.2f\n", (t1 - t0) / n / 1000.0);
	else
		printf("%.2f\n", (t1 - t0) / n);
	return 0;
}
