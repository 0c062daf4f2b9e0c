// SPDX-License-Identifier: MIT
/*
 * condloop cond|sem [MS]: waits MS ms (default 200) again and again for a
 * deadline on CLOCK_REALTIME that nothing meets (pthread_cond_timedwait
 * with the default condattr clock, or sem_timedwait), each deadline taken
 * from the clock the program sees, and prints how long each wait took in
 * real ms (CLOCK_MONOTONIC_RAW, which no session makes virtual).  For
 * attach: a deadline the kernel read in real time would make a wait begun
 * under a virtual clock last until the real clock reaches it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long raw_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	int use_sem = argc > 1 && !strcmp(argv[1], "sem");
	long ms = argc > 2 ? atol(argv[2]) : 200;
	sem_t sem;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sem_init(&sem, 0, 0);
	for (;;) {
		struct timespec at;
		long long t0 = raw_ms();
		int r;

		clock_gettime(CLOCK_REALTIME, &at);
		at.tv_nsec += (ms % 1000) * 1000000;
		at.tv_sec += ms / 1000 + at.tv_nsec / 1000000000;
		at.tv_nsec %= 1000000000;
		if (use_sem) {
			while ((r = sem_timedwait(&sem, &at)) && errno == EINTR)
				;
			r = r ? errno : 0;
		} else {
			pthread_mutex_lock(&m);
			r = pthread_cond_timedwait(&c, &m, &at);
			pthread_mutex_unlock(&m);
		}
		if (r != ETIMEDOUT)
			return 1;
		printf("waited %lld\n", raw_ms() - t0);
	}
}
