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
#include "fakeroot/sys/procs.h"

struct fr_proc {
	pid_t tgid;
	int pidfd;
	struct fr_cred cred;
};

struct fr_procs {
	struct fr_proc *v;
	size_t n, cap;
	struct fr_cred root;
};

int fr_procs_new(struct fr_procs **out)
{
	struct fr_procs *p = calloc(1, sizeof(*p));

	if (!p || fr_cred_init(&p->root)) {
		free(p);
		return -ENOMEM;
	}
	*out = p;
	return 0;
}

static void drop(struct fr_procs *p, size_t i)
{
	close(p->v[i].pidfd);
	fr_cred_free(&p->v[i].cred);
	p->v[i] = p->v[--p->n];
}

void fr_procs_free(struct fr_procs *p)
{
	if (!p)
		return;
	while (p->n)
		drop(p, 0);
	free(p->v);
	fr_cred_free(&p->root);
	free(p);
}

/* A pidfd becomes readable when its process has exited. */
static int alive(const struct fr_proc *e)
{
	struct pollfd q = { e->pidfd, POLLIN, 0 };

	return poll(&q, 1, 0) == 0;
}

/* The live entry of tgid, or NULL; dead ones met on the way go. */
static struct fr_proc *find(struct fr_procs *p, pid_t tgid)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].tgid != tgid)
			continue;
		if (alive(&p->v[i]))
			return &p->v[i];
		drop(p, i);
		return NULL;
	}
	return NULL;
}

/* Tgid and PPid of thread tid; 0 or -1. */
static int ids(pid_t tid, pid_t *tgid, pid_t *ppid)
{
	char path[40], buf[1024];
	const char *t, *pp;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	t = strstr(buf, "\nTgid:");
	pp = strstr(buf, "\nPPid:");
	if (!t || !pp)
		return -1;
	*tgid = (pid_t)atoi(t + 6);
	*ppid = (pid_t)atoi(pp + 6);
	return 0;
}

/* tid's own entry (*self 1), else its parent's (*self 0), else NULL;
 * *tgid: its process. */
static struct fr_proc *resolve(struct fr_procs *p, pid_t tid, pid_t *tgid, int *self)
{
	struct fr_proc *e;
	pid_t ppid;

	*tgid = tid;
	*self = 1;
	if (!p->n)
		return NULL;
	e = find(p, tid);
	if (e || ids(tid, tgid, &ppid))
		return e;
	if (*tgid != tid && (e = find(p, *tgid)))
		return e;
	*self = 0;
	return find(p, ppid);
}

const struct fr_cred *fr_procs_get(struct fr_procs *p, pid_t tid)
{
	pid_t tgid;
	int self;
	struct fr_proc *e = resolve(p, tid, &tgid, &self);

	return e ? &e->cred : &p->root;
}

/* Room for one more, after the dead are gone. */
static int room(struct fr_procs *p)
{
	size_t i = 0;
	struct fr_proc *v;

	while (i < p->n) {
		if (alive(&p->v[i]))
			i++;
		else
			drop(p, i);
	}
	if (p->n < p->cap)
		return 0;
	v = realloc(p->v, (p->cap ? p->cap * 2 : 8) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->v = v;
	p->cap = p->cap ? p->cap * 2 : 8;
	return 0;
}

struct fr_cred *fr_procs_own(struct fr_procs *p, pid_t tid, int *err)
{
	pid_t tgid, ppid;
	int self, pidfd;
	struct fr_proc *e = resolve(p, tid, &tgid, &self);
	struct fr_cred from;
	struct fr_proc *n;

	if (e && self)
		return &e->cred;
	/* An empty table answered without asking /proc: a thread's entry
	 * is its process's. */
	if (!p->n && ids(tid, &tgid, &ppid))
		tgid = tid;
	/* Copied before room() may move the table. */
	*err = fr_cred_copy(&from, e ? &e->cred : &p->root);
	if (*err)
		return NULL;
	pidfd = (int)syscall(SYS_pidfd_open, tgid, 0);
	if (pidfd < 0 || (*err = room(p))) {
		if (pidfd < 0)
			*err = -errno;
		else
			close(pidfd);
		fr_cred_free(&from);
		return NULL;
	}
	n = &p->v[p->n++];
	n->tgid = tgid;
	n->pidfd = pidfd;
	n->cred = from;
	return &n->cred;
}

void fr_procs_exec(struct fr_procs *p, pid_t tid)
{
	pid_t tgid;
	int self, err;
	struct fr_proc *e = resolve(p, tid, &tgid, &self);
	struct fr_cred *c;

	if (!e)
		return;
	c = fr_procs_own(p, tid, &err);
	if (c)
		fr_cred_exec(c);
}
