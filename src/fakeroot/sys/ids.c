// SPDX-License-Identifier: MIT
/* get*id, set*id, getgroups, setgroups: the process's fake credentials. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include "fakeroot/sys/sys.h"
#include "fakeroot/table.h"

#define ARG(i) ((uint32_t)req->data.args[i])

/* getresuid/getresgid: three ids to three addresses. */
static int64_t put3(struct fr_taskmem *m, const struct notifier *nf, const struct seccomp_notif *req, uint32_t a,
		    uint32_t b, uint32_t c)
{
	const uint32_t v[3] = { a, b, c };
	int i, r;

	for (i = 0; i < 3; i++) {
		r = fr_mem_write(m, nf, req, req->data.args[i], &v[i], sizeof(v[i]));
		if (r)
			return r == -ENOENT ? r : -EFAULT;
	}
	return 0;
}

static int64_t getgroups_call(struct fr_taskmem *m, const struct notifier *nf, const struct seccomp_notif *req,
			      const struct fr_cred *c)
{
	int size = (int)ARG(0);
	int64_t n = fr_getgroups(c, size < 0 ? size : 0, NULL);

	if (n < 0 || size == 0)
		return n;
	if (size < n)
		return -EINVAL;
	if (n && fr_mem_write(m, nf, req, req->data.args[1], c->groups, (size_t)n * sizeof(*c->groups)))
		return -EFAULT;
	return n;
}

static int64_t setgroups_call(struct fr_taskmem *m, const struct notifier *nf, const struct seccomp_notif *req,
			      struct fr_cred *c)
{
	int size = (int)ARG(0);
	uint32_t *list = NULL;
	int64_t r;

	if (size > 0 && size <= FR_NGROUPS_MAX) {
		list = malloc((size_t)size * sizeof(*list));
		if (!list)
			return -ENOMEM;
		if (fr_mem_read(m, nf, req, req->data.args[1], list, (size_t)size * sizeof(*list))) {
			free(list);
			return -EFAULT;
		}
	}
	r = fr_setgroups(c, size, list);
	free(list);
	return r;
}

/* Whether the real, effective, saved and filesystem ids of each family
 * agree: the one uid and gid a process's runtime can answer from. */
static int one_uid_one_gid(const struct fr_cred *c)
{
	return c->ruid == c->euid && c->ruid == c->suid && c->ruid == c->fsuid &&
	       c->rgid == c->egid && c->rgid == c->sgid && c->rgid == c->fsgid;
}

void fr_sys_exec_params(void *ctx, pid_t pid, struct install_params *p)
{
	struct fr_sys *s = ctx;
	const struct fr_cred *c = fr_procs_get(s->procs, pid);

	p->ids_known = one_uid_one_gid(c);
	p->uid = c->ruid;
	p->gid = c->rgid;
}

/* Calls that only read. */
static int read_ids(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req)
{
	const struct fr_cred *c = fr_procs_get(s->procs, (pid_t)req->pid);

	switch (req->data.nr) {
	case __NR_getuid:
		fr_reply(nf, req, c->ruid);
		return 1;
	case __NR_geteuid:
		fr_reply(nf, req, c->euid);
		return 1;
	case __NR_getgid:
		fr_reply(nf, req, c->rgid);
		return 1;
	case __NR_getegid:
		fr_reply(nf, req, c->egid);
		return 1;
	case __NR_getresuid:
		fr_reply(nf, req, put3(s->mem, nf, req, c->ruid, c->euid, c->suid));
		return 1;
	case __NR_getresgid:
		fr_reply(nf, req, put3(s->mem, nf, req, c->rgid, c->egid, c->sgid));
		return 1;
	case __NR_getgroups:
		fr_reply(nf, req, getgroups_call(s->mem, nf, req, c));
		return 1;
	case FR_IDS_NR:
		if (one_uid_one_gid(c))
			fr_reply(nf, req, (int64_t)(c->ruid | (uint64_t)c->rgid << 32));
		else
			fr_reply(nf, req, -EAGAIN);
		return 1;
	}
	return 0;
}

int fr_sys_ids(struct fr_sys *s, const struct notifier *nf, const struct seccomp_notif *req)
{
	struct fr_cred *c;
	int64_t r;
	int err = 0;

	if (read_ids(s, nf, req))
		return 1;
	switch (req->data.nr) {
	case __NR_setuid:
	case __NR_setgid:
	case __NR_setreuid:
	case __NR_setregid:
	case __NR_setresuid:
	case __NR_setresgid:
	case __NR_setfsuid:
	case __NR_setfsgid:
	case __NR_setgroups:
		break;
	default:
		return 0;
	}
	c = fr_procs_own(s->procs, (pid_t)req->pid, &err);
	if (!c) {
		fr_reply(nf, req, err);
		return 1;
	}
	switch (req->data.nr) {
	case __NR_setuid:
		r = fr_setuid(c, ARG(0));
		break;
	case __NR_setgid:
		r = fr_setgid(c, ARG(0));
		break;
	case __NR_setreuid:
		r = fr_setreuid(c, ARG(0), ARG(1));
		break;
	case __NR_setregid:
		r = fr_setregid(c, ARG(0), ARG(1));
		break;
	case __NR_setresuid:
		r = fr_setresuid(c, ARG(0), ARG(1), ARG(2));
		break;
	case __NR_setresgid:
		r = fr_setresgid(c, ARG(0), ARG(1), ARG(2));
		break;
	case __NR_setfsuid:
		r = fr_setfsuid(c, ARG(0));
		break;
	case __NR_setfsgid:
		r = fr_setfsgid(c, ARG(0));
		break;
	default:
		r = setgroups_call(s->mem, nf, req, c);
		break;
	}
	fr_reply(nf, req, r);
	return 1;
}
