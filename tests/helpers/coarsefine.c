// SPDX-License-Identifier: MIT
/*
 * coarsefine STOPFILE: until STOPFILE exists, reads CLOCK_REALTIME_COARSE
 * then CLOCK_REALTIME, and CLOCK_MONOTONIC_COARSE then CLOCK_MONOTONIC, and
 * checks the kernel's order: a coarse reading is never ahead of the fine
 * one taken after it, and neither goes backwards (for tests whose changes
 * only move the clocks forward).  Prints "ok N" (rounds) or what broke
 * (exit 1).
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static const clockid_t pairs[2][2] = {
		{ CLOCK_REALTIME_COARSE, CLOCK_REALTIME },
		{ CLOCK_MONOTONIC_COARSE, CLOCK_MONOTONIC },
	};
	long long prev[2][2] = { { 0, 0 }, { 0, 0 } };
	long rounds = 0;
	int p;

	if (argc < 2)
		return 2;
	while (access(argv[1], F_OK)) {
		for (p = 0; p < 2; p++) {
			long long c = ns(pairs[p][0]), f = ns(pairs[p][1]);

			if (c > f) {
				printf("coarse ahead of fine: clock %d: %lld > %lld\n", (int)pairs[p][0], c, f);
				return 1;
			}
			if (c < prev[p][0] || f < prev[p][1]) {
				printf("backwards: clocks %d/%d\n", (int)pairs[p][0], (int)pairs[p][1]);
				return 1;
			}
			prev[p][0] = c;
			prev[p][1] = f;
		}
		rounds++;
	}
	printf("ok %ld\n", rounds);
	return 0;
}
