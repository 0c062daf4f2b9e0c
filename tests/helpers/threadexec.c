// SPDX-License-Identifier: MIT
/*
 * threadexec N PROG [ARGS...]: N threads call execv(PROG) at the same
 * moment.  One exec wins; the kernel kills the other threads (de_thread).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_barrier_t go;
static char **prog;

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&go);
	execv(prog[0], prog);
	perror("execv");
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0, i;
	pthread_t t;

	if (n < 1) {
		fprintf(stderr, "usage: threadexec N PROG [ARGS...]\n");
		return 2;
	}
	prog = argv + 2;
	pthread_barrier_init(&go, NULL, (unsigned)n);
	for (i = 0; i < n - 1; i++)
		pthread_create(&t, NULL, worker, NULL);
	worker(NULL);
	return 1;
}
