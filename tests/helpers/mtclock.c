// SPDX-License-Identifier: MIT
/*
 * mtclock THREADS READS: each thread reads CLOCK_MONOTONIC READS times and
 * checks that it never goes backwards.  Prints "ok N" or "backwards"
 * (exit 1).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long reads;
static volatile int bad;

static void *reader(void *arg)
{
	struct timespec prev = { 0, 0 }, ts;
	long i;

	(void)arg;
	for (i = 0; i < reads; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		if (ts.tv_sec < prev.tv_sec ||
		    (ts.tv_sec == prev.tv_sec && ts.tv_nsec < prev.tv_nsec))
			bad = 1;
		prev = ts;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4, i;
	pthread_t t[64];

	reads = argc > 2 ? atol(argv[2]) : 1000000;
	if (n < 1 || n > 64)
		return 2;
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, reader, NULL);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	if (bad) {
		puts("backwards");
		return 1;
	}
	printf("ok %ld\n", (long)n * reads);
	return 0;
}
