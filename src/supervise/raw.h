/* SPDX-License-Identifier: MIT */
/*
 * For code that runs in memory shared with the supervisor (CLONE_VM) but
 * is not the supervisor: the command before its exec (launch.c) and the
 * front once the supervisor runs (front.c).  The C library's thread-local
 * area (errno, malloc's cache, stdio's lock owner) is the supervisor's, so
 * this code makes raw system calls, allocates nothing and formats its own
 * messages.  Nothing of it is instrumented: a sanitizer's per-thread state
 * would be the supervisor's too.
 */
#ifndef SUPERVISE_RAW_H
#define SUPERVISE_RAW_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "vdso/syscall.h"

#define RAW __attribute__((no_sanitize("address", "undefined"), noinline, unused))

static RAW long raw_sys(long nr, long a, long b, long c, long d)
{
	return vdso_syscall6(nr, a, b, c, d, 0, 0);
}

static RAW void __attribute__((noreturn)) raw_exit(int status)
{
	for (;;)
		raw_sys(SYS_exit_group, status, 0, 0, 0);
}

static RAW size_t raw_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Appends s at to, stopping at end; returns where it stopped. */
static RAW char *raw_append(char *to, const char *end, const char *s)
{
	while (*s && to < end)
		*to++ = *s++;
	return to;
}

/* "vdsotool: WHO: " then text, as report_error begins its messages. */
static RAW char *raw_report(char *to, const char *end, const char *who, const char *text)
{
	to = raw_append(to, end, "vdsotool: ");
	to = raw_append(to, end, who);
	to = raw_append(to, end, ": ");
	return raw_append(to, end, text);
}

static RAW char *raw_append_u64(char *to, const char *end, uint64_t v)
{
	char digits[20];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 20);
	while (n && to < end)
		*to++ = digits[--n];
	return to;
}

static RAW void raw_write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		long n = raw_sys(SYS_write, fd, (long)buf, (long)len, 0);

		if (n == -EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

#endif /* SUPERVISE_RAW_H */
