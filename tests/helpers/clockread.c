// SPDX-License-Identifier: MIT
/*
 * clockread CLOCK [SLEEP_MS]: prints the clock's reading in ns, and with
 * SLEEP_MS a second reading after sleeping that long (real time) and the
 * difference, so tests can measure a virtual clock's rate.  The sleep is
 * a receive timeout (SO_RCVTIMEO), which no session makes virtual: under
 * --rate every other way to wait follows the virtual clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const struct {
	const char *name;
	clockid_t id;
} clocks[] = {
	{ "realtime", CLOCK_REALTIME },	{ "monotonic", CLOCK_MONOTONIC },
	{ "monotonic_raw", CLOCK_MONOTONIC_RAW }, { "boottime", CLOCK_BOOTTIME },
	{ "tai", CLOCK_TAI },		{ "realtime_coarse", CLOCK_REALTIME_COARSE },
	{ "monotonic_coarse", CLOCK_MONOTONIC_COARSE },
	{ "process_cputime", CLOCK_PROCESS_CPUTIME_ID },
};

static void real_sleep(long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	int sv[2];
	char c;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) ||
	    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		perror("clockread: socket");
		exit(1);
	}
	if (recv(sv[0], &c, 1, 0) >= 0) {
		fprintf(stderr, "clockread: the receive did not time out\n");
		exit(1);
	}
	close(sv[0]);
	close(sv[1]);
}

static long long now(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts)) {
		perror("clock_gettime");
		exit(1);
	}
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long long a, b;
	size_t i;

	for (i = 0; argc > 1 && i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		if (strcmp(argv[1], clocks[i].name))
			continue;
		a = now(clocks[i].id);
		printf("%lld\n", a);
		if (argc > 2) {
			real_sleep(atol(argv[2]));
			b = now(clocks[i].id);
			printf("%lld\n%lld\n", b, b - a);
		}
		return 0;
	}
	fprintf(stderr, "usage: clockread CLOCK [SLEEP_MS]\n");
	return 2;
}
