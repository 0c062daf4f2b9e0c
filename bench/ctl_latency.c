// SPDX-License-Identifier: MIT
/*
 * ctl_latency NAME ROUNDS: ROUNDS times `vdsotool ctl NAME set --offset +1d`
 * (the command's own code, in this process: no exec), each timed with
 * CLOCK_MONOTONIC_RAW; prints "SENT REPLIED" ns per round, for
 * bench/run-clock.sh to match with the first changed reading that
 * `clock_loop watch` saw in the session's tree.  Linked with libcore.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "commands.h"

static long long raw_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const struct timespec pause = { 0, 20 * 1000 * 1000 };
	long rounds = argc > 2 ? atol(argv[2]) : 100, i;

	if (argc < 3)
		return 2;
	for (i = 0; i < rounds; i++) {
		char *args[] = { "ctl", argv[1], "set", "--offset", "+1d", NULL };
		long long t0, t1;

		t0 = raw_ns();
		if (cmd_ctl(5, args))
			return 1;
		t1 = raw_ns();
		printf("%lld %lld\n", t0, t1);
		/* Let the reader see this change before the next. */
		nanosleep(&pause, NULL);
	}
	return 0;
}
