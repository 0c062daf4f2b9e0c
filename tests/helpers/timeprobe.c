// SPDX-License-Identifier: MIT
/*
 * Prints the time as each path into the kernel sees it, one "path seconds"
 * line each, so that tests can check every one of them under `run`:
 *   libc.*  through the C library (and so the vDSO where it uses one)
 *   raw.*   through the syscall instruction, bypassing the vDSO
 *   vsyscall.gettimeofday  through the legacy page, when it can be called
 * Built dynamic by the Makefile, static with glibc and with musl by the
 * compat tests: the same source, three very different programs.
 *
 * "timeprobe loop [COUNT [MS]]" instead prints "YEAR MILLISECONDS" of one
 * CLOCK_REALTIME reading every MS (default 100) real milliseconds, COUNT
 * times (default 100), for tests that change the clock meanwhile.  The
 * tick is a receive timeout (SO_RCVTIMEO), which no session makes
 * virtual: under a rate every sleep follows the virtual clock.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void libc_paths(void)
{
	struct timespec ts;
	struct timeval tv;

	printf("libc.time %lld\n", (long long)time(NULL));
	gettimeofday(&tv, NULL);
	printf("libc.gettimeofday %lld\n", (long long)tv.tv_sec);
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("libc.clock_gettime %lld\n", (long long)ts.tv_sec);
}

static void raw_paths(void)
{
	struct timespec ts;
	struct timeval tv;
	long t;

	t = syscall(SYS_time, NULL);
	printf("raw.time %ld\n", t);
	syscall(SYS_gettimeofday, &tv, NULL);
	printf("raw.gettimeofday %lld\n", (long long)tv.tv_sec);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
	printf("raw.clock_gettime %lld\n", (long long)ts.tv_sec);
}

static sigjmp_buf no_vsyscall;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(no_vsyscall, 1);
}

/* The page's first entry is gettimeofday at a fixed address (x86_64 ABI). */
static void vsyscall_path(void)
{
#ifdef __x86_64__
	int (*vgtod)(struct timeval *, void *) = (int (*)(struct timeval *, void *))0xffffffffff600000;
	struct timeval tv;

	signal(SIGSEGV, on_segv);
	if (sigsetjmp(no_vsyscall, 1)) {
		printf("vsyscall.gettimeofday unavailable\n");
		return;
	}
	vgtod(&tv, NULL);
	printf("vsyscall.gettimeofday %lld\n", (long long)tv.tv_sec);
	signal(SIGSEGV, SIG_DFL);
#endif
}

static void loop(long count, long ms)
{
	struct timeval tick = { ms / 1000, (ms % 1000) * 1000 };
	struct timespec ts;
	struct tm tm;
	int sv[2];
	char c;
	long i;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) ||
	    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof(tick))) {
		perror("timeprobe: socket");
		exit(1);
	}

	for (i = 0; i < count; i++) {
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		printf("%d %lld\n", tm.tm_year + 1900,
		       (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
		fflush(stdout);
		if (recv(sv[0], &c, 1, 0) >= 0)
			exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "all";

	if (!strcmp(what, "loop")) {
		loop(argc > 2 ? atol(argv[2]) : 100, argc > 3 ? atol(argv[3]) : 100);
		return 0;
	}

	if (!strcmp(what, "libc") || !strcmp(what, "all"))
		libc_paths();
	if (!strcmp(what, "raw") || !strcmp(what, "all"))
		raw_paths();
	if (!strcmp(what, "vsyscall"))
		vsyscall_path();
	return 0;
}
