// SPDX-License-Identifier: MIT
/*
 * seqwait [SECONDS]: run inside `vdsotool run`, finds the session page
 * below the image (AT_SYSINFO_EHDR), prints "waiting SEQ", then waits on
 * its seq word with a shared FUTEX_WAIT (as an in-process runtime waits
 * for clock changes) for at most SECONDS (default 5).  Prints "woken SEQ"
 * when a FUTEX_WAKE ended the wait, "changed SEQ" when seq had moved
 * before the wait began, "timeout SEQ" otherwise; exit 1 unless woken.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "clock/model.h"
#include "supervise/abi.h"

int main(int argc, char **argv)
{
	struct timespec limit = { argc > 1 ? atol(argv[1]) : 5, 0 };
	unsigned long b = getauxval(AT_SYSINFO_EHDR);
	const struct vclock_session *s;
	uint32_t seq;
	long r;

	if (!b)
		return 2;
	s = (const struct vclock_session *)(b - SESSION_PAGE_BELOW_IMAGE);
	if (s->magic != VCLOCK_SESSION_MAGIC) {
		puts("no session page");
		return 2;
	}
	seq = s->seq;
	printf("waiting %u\n", seq);
	fflush(stdout);
	r = syscall(SYS_futex, &s->seq, FUTEX_WAIT, seq, &limit, NULL, 0);
	if (!r) {
		printf("woken %u\n", s->seq);
		return 0;
	}
	printf("%s %u\n", errno == EAGAIN ? "changed" : "timeout", s->seq);
	return 1;
}
