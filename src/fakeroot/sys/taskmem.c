// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fakeroot/sys/taskmem.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

#define SLOTS 64

struct slot {
	pid_t pid;			/* 0: empty */
	int pidfd, mem;
	uint64_t checked;		/* the notification it was last found alive for */
};

struct fr_taskmem {
	struct slot s[SLOTS];
};

int fr_taskmem_new(struct fr_taskmem **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

static void drop(struct slot *e)
{
	if (!e->pid)
		return;
	close(e->pidfd);
	close(e->mem);
	e->pid = 0;
}

void fr_taskmem_free(struct fr_taskmem *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < SLOTS; i++)
		drop(&m->s[i]);
	free(m);
}

void fr_taskmem_forget(struct fr_taskmem *m, pid_t pid)
{
	struct slot *e = &m->s[(unsigned)pid % SLOTS];

	if (e->pid == pid)
		drop(e);
}

static int alive(int pidfd)
{
	struct pollfd q = { pidfd, POLLIN, 0 };

	return poll(&q, 1, 0) == 0;
}

/*
 * A /proc/PID/mem descriptor that is the notifying task's memory, or
 * -errno.  *kept: it stays open (else the caller closes it).  fresh:
 * never the kept one (it read or wrote nothing).
 */
static int mem_of(struct fr_taskmem *m, const struct notifier *nf,
		  const struct seccomp_notif *req, int fresh, int *kept)
{
	pid_t pid = (pid_t)req->pid;
	struct slot *e = &m->s[(unsigned)pid % SLOTS];
	char path[40];
	int fd, pidfd;

	*kept = 0;
	/* One look per notification: a path read, then a result written. */
	if (e->pid == pid && !fresh && (e->checked == req->id || alive(e->pidfd))) {
		e->checked = req->id;
		*kept = 1;
		return e->mem;
	}
	if (e->pid == pid)
		drop(e);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return notify_valid(nf, req->id) ? -errno : -ENOENT;
	pidfd = (int)syscall(SYS_pidfd_open, pid, PIDFD_THREAD);
	if (pidfd < 0)
		pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	/* Opened while the notification is valid: the pid was its task. */
	if (!notify_valid(nf, req->id)) {
		close(fd);
		if (pidfd >= 0)
			close(pidfd);
		return -ENOENT;
	}
	if (pidfd < 0)
		return fd;
	drop(e);
	*e = (struct slot){ pid, pidfd, fd, req->id };
	*kept = 1;
	return fd;
}

/* One pread or pwrite through mem_of, retried once on a fresh
 * descriptor when a kept one gave nothing (its task exec'd). */
static ssize_t rw(struct fr_taskmem *m, const struct notifier *nf, const struct seccomp_notif *req,
		  int write, uint64_t addr, void *buf, size_t len)
{
	ssize_t n = -1;
	int fresh, fd, kept;

	for (fresh = 0; fresh < 2; fresh++) {
		fd = mem_of(m, nf, req, fresh, &kept);
		if (fd < 0)
			return fd;
		n = write ? pwrite(fd, buf, len, (off_t)addr) : pread(fd, buf, len, (off_t)addr);
		if (!kept)
			close(fd);
		if (n > 0 || !kept)
			break;
	}
	return n < 0 ? -EFAULT : n;
}

int fr_mem_read(struct fr_taskmem *m, const struct notifier *nf, const struct seccomp_notif *req,
		uint64_t addr, void *buf, size_t len)
{
	ssize_t n = rw(m, nf, req, 0, addr, buf, len);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EFAULT;
}

/*
 * Page by page, so that a string ending just before an unmapped page is
 * fine; the first read is short, as most paths are: /proc/PID/mem copies
 * all it is asked for.
 */
int fr_mem_read_string(struct fr_taskmem *m, const struct notifier *nf,
		       const struct seccomp_notif *req, uint64_t addr, char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t chunk = 4096 - ((addr + done) & 4095);
		ssize_t got;

		if (!done && chunk > 256)
			chunk = 256;
		if (chunk > len - done)
			chunk = len - done;
		got = rw(m, nf, req, 0, addr + done, buf + done, chunk);
		if (got < 0)
			return (int)got;
		if (got == 0)
			return -EFAULT;
		if (memchr(buf + done, 0, (size_t)got))
			return 0;
		done += (size_t)got;
	}
	return -ENAMETOOLONG;
}

int fr_mem_write(struct fr_taskmem *m, const struct notifier *nf, const struct seccomp_notif *req,
		 uint64_t addr, const void *buf, size_t len)
{
	ssize_t n = rw(m, nf, req, 1, addr, (void *)buf, len);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EFAULT;
}
