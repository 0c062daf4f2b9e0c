// SPDX-License-Identifier: MIT
/*
 * mtclock THREADS READS [STOPFILE [mixed]]: each thread reads CLOCK_MONOTONIC
 * READS times and checks that it never goes backwards.  With READS 0 the
 * threads read until STOPFILE exists (for tests that change the clock
 * meanwhile and then say stop).  With "mixed", every other thread reads
 * with the raw system call through syscall(3) (under run: a patched call
 * site).  Prints "ok N" (N reads in all) or "backwards" (exit 1).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long reads;
static volatile int bad, stop, mixed;
static long done[64];

static void *reader(void *arg)
{
	struct timespec prev = { 0, 0 }, ts;
	long *count = arg, i;
	int raw = mixed && (count - done) % 2;

	for (i = 0; reads ? i < reads : !stop; i++) {
		if (raw)
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
		else
			clock_gettime(CLOCK_MONOTONIC, &ts);
		if (ts.tv_sec < prev.tv_sec ||
		    (ts.tv_sec == prev.tv_sec && ts.tv_nsec < prev.tv_nsec))
			bad = 1;
		prev = ts;
	}
	*count = i;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	int n = argc > 1 ? atoi(argv[1]) : 4, i;
	const char *stopfile = argc > 3 ? argv[3] : NULL;
	pthread_t t[64];
	long total = 0;

	reads = argc > 2 ? atol(argv[2]) : 1000000;
	mixed = argc > 4 && !strcmp(argv[4], "mixed");
	if (n < 1 || n > 64 || (!reads && !stopfile))
		return 2;
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, reader, &done[i]);
	while (!reads && access(stopfile, F_OK))
		nanosleep(&tick, NULL);
	stop = 1;
	for (i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		total += done[i];
	}
	if (bad) {
		puts("backwards");
		return 1;
	}
	printf("ok %ld\n", total);
	return 0;
}
