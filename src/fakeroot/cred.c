// SPDX-License-Identifier: MIT
/*
 * Each call follows its kernel/sys.c counterpart check for check, with
 * "capable" meaning euid 0 (see cred.h).  A call that fails changes
 * nothing, as the kernel's prepare_creds/commit_creds pairs guarantee.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fakeroot/cred.h"

#define UNCHANGED ((uint32_t)-1)

static bool capable(const struct fr_cred *c)
{
	return c->euid == 0;
}

int fr_cred_init(struct fr_cred *c)
{
	memset(c, 0, sizeof(*c));
	c->groups = calloc(1, sizeof(*c->groups));
	if (!c->groups)
		return -ENOMEM;
	c->ngroups = 1;
	return 0;
}

int fr_cred_copy(struct fr_cred *dst, const struct fr_cred *src)
{
	*dst = *src;
	/* Never malloc(0): an empty list still gets its own pointer. */
	dst->groups = malloc((src->ngroups ? src->ngroups : 1) * sizeof(*dst->groups));
	if (!dst->groups)
		return -ENOMEM;
	if (src->ngroups)
		memcpy(dst->groups, src->groups, src->ngroups * sizeof(*dst->groups));
	return 0;
}

void fr_cred_free(struct fr_cred *c)
{
	free(c->groups);
	c->groups = NULL;
	c->ngroups = 0;
}

void fr_cred_exec(struct fr_cred *c)
{
	c->suid = c->fsuid = c->euid;
	c->sgid = c->fsgid = c->egid;
}

/* The uid and gid families differ only in their fields: one body each,
 * over pointers to the four ids of the family. */
struct ids {
	uint32_t *r, *e, *s, *fs;
};

static struct ids uids(struct fr_cred *c)
{
	return (struct ids){ &c->ruid, &c->euid, &c->suid, &c->fsuid };
}

static struct ids gids(struct fr_cred *c)
{
	return (struct ids){ &c->rgid, &c->egid, &c->sgid, &c->fsgid };
}

static int set_id(struct ids ids, bool cap, uint32_t id)
{
	if (id == UNCHANGED)
		return -EINVAL;
	if (cap) {
		*ids.r = *ids.s = id;
	} else if (id != *ids.r && id != *ids.s) {
		return -EPERM;
	}
	*ids.e = *ids.fs = id;
	return 0;
}

static int set_re(struct ids ids, bool cap, uint32_t r, uint32_t e)
{
	uint32_t old_r = *ids.r, old_e = *ids.e, old_s = *ids.s;

	if (r != UNCHANGED && !cap && r != old_r && r != old_e)
		return -EPERM;
	if (e != UNCHANGED && !cap && e != old_r && e != old_e && e != old_s)
		return -EPERM;
	if (r != UNCHANGED)
		*ids.r = r;
	if (e != UNCHANGED)
		*ids.e = e;
	/* The saved id follows the new effective id when the real id is set
	 * or the effective id moves off the old real id; setreuid(-1, ruid)
	 * keeps it, so the old effective id can be taken back later. */
	if (r != UNCHANGED || (e != UNCHANGED && e != old_r))
		*ids.s = *ids.e;
	*ids.fs = *ids.e;
	return 0;
}

static bool one_of(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
	return id == UNCHANGED || id == a || id == b || id == c;
}

static int set_res(struct ids ids, bool cap, uint32_t r, uint32_t e, uint32_t s)
{
	uint32_t old_r = *ids.r, old_e = *ids.e, old_s = *ids.s;

	/* Since Linux 6.2 a call that changes nothing returns at once, and
	 * so leaves an fsuid that differs from the euid alone (before, it
	 * reset it to the euid). */
	if ((r == UNCHANGED || r == old_r) && (e == UNCHANGED || (e == old_e && e == *ids.fs)) &&
	    (s == UNCHANGED || s == old_s))
		return 0;
	if (!cap && !(one_of(r, old_r, old_e, old_s) && one_of(e, old_r, old_e, old_s) &&
		      one_of(s, old_r, old_e, old_s)))
		return -EPERM;
	if (r != UNCHANGED)
		*ids.r = r;
	if (e != UNCHANGED)
		*ids.e = e;
	if (s != UNCHANGED)
		*ids.s = s;
	*ids.fs = *ids.e;
	return 0;
}

static uint32_t set_fs(struct ids ids, bool cap, uint32_t fs)
{
	uint32_t old = *ids.fs;

	if (fs == UNCHANGED)
		return old;
	if (cap || fs == *ids.r || fs == *ids.e || fs == *ids.s || fs == old)
		*ids.fs = fs;
	return old;
}

int fr_setuid(struct fr_cred *c, uint32_t uid)
{
	return set_id(uids(c), capable(c), uid);
}

int fr_setgid(struct fr_cred *c, uint32_t gid)
{
	return set_id(gids(c), capable(c), gid);
}

int fr_setreuid(struct fr_cred *c, uint32_t ruid, uint32_t euid)
{
	return set_re(uids(c), capable(c), ruid, euid);
}

int fr_setregid(struct fr_cred *c, uint32_t rgid, uint32_t egid)
{
	return set_re(gids(c), capable(c), rgid, egid);
}

int fr_setresuid(struct fr_cred *c, uint32_t ruid, uint32_t euid, uint32_t suid)
{
	return set_res(uids(c), capable(c), ruid, euid, suid);
}

int fr_setresgid(struct fr_cred *c, uint32_t rgid, uint32_t egid, uint32_t sgid)
{
	return set_res(gids(c), capable(c), rgid, egid, sgid);
}

uint32_t fr_setfsuid(struct fr_cred *c, uint32_t fsuid)
{
	return set_fs(uids(c), capable(c), fsuid);
}

uint32_t fr_setfsgid(struct fr_cred *c, uint32_t fsgid)
{
	return set_fs(gids(c), capable(c), fsgid);
}

static int by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int fr_setgroups(struct fr_cred *c, int size, const uint32_t *list)
{
	uint32_t *groups;
	size_t n = (size_t)(unsigned)size, i;

	/* The kernel's order of checks: permission first. */
	if (!capable(c))
		return -EPERM;
	if ((unsigned)size > FR_NGROUPS_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (list[i] == UNCHANGED)
			return -EINVAL;
	groups = malloc((n ? n : 1) * sizeof(*groups));
	if (!groups)
		return -ENOMEM;
	if (n)
		memcpy(groups, list, n * sizeof(*groups));
	qsort(groups, n, sizeof(*groups), by_value);
	free(c->groups);
	c->groups = groups;
	c->ngroups = n;
	return 0;
}

int fr_getgroups(const struct fr_cred *c, int size, uint32_t *list)
{
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return (int)c->ngroups;
	if ((size_t)size < c->ngroups)
		return -EINVAL;
	if (c->ngroups)
		memcpy(list, c->groups, c->ngroups * sizeof(*list));
	return (int)c->ngroups;
}

void fr_cred_new_owner(const struct fr_cred *c, const struct fr_attrs *parent, uint32_t *uid,
		       uint32_t *gid)
{
	*uid = c->fsuid;
	*gid = parent && (parent->mode & S_ISGID) ? parent->gid : c->fsgid;
}
