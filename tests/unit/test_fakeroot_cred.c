// SPDX-License-Identifier: MIT
/*
 * Fake credentials: every set*id call by hand (privileged and not, with
 * -1 arguments, values from credentials(7) and kernel/sys.c), then, when
 * this test runs as real root, random call sequences applied both to the
 * model and to the real kernel in a child process: return values, all
 * eight ids and the groups must agree after every call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "fakeroot/cred.h"

#define U ((uint32_t)-1)

static struct fr_cred root(void)
{
	struct fr_cred c;

	assert_int_equal(fr_cred_init(&c), 0);
	return c;
}

static void uids_are(const struct fr_cred *c, uint32_t r, uint32_t e, uint32_t s, uint32_t fs)
{
	assert_int_equal(c->ruid, r);
	assert_int_equal(c->euid, e);
	assert_int_equal(c->suid, s);
	assert_int_equal(c->fsuid, fs);
}

static void gids_are(const struct fr_cred *c, uint32_t r, uint32_t e, uint32_t s, uint32_t fs)
{
	assert_int_equal(c->rgid, r);
	assert_int_equal(c->egid, e);
	assert_int_equal(c->sgid, s);
	assert_int_equal(c->fsgid, fs);
}

static void test_starts_as_root(void **state)
{
	struct fr_cred c = root();
	uint32_t g[4];

	(void)state;
	uids_are(&c, 0, 0, 0, 0);
	gids_are(&c, 0, 0, 0, 0);
	assert_int_equal(fr_getgroups(&c, 0, NULL), 1);
	assert_int_equal(fr_getgroups(&c, 4, g), 1);
	assert_int_equal(g[0], 0);
	fr_cred_free(&c);
}

static void test_setuid(void **state)
{
	struct fr_cred c = root();

	(void)state;
	assert_int_equal(fr_setuid(&c, U), -EINVAL);
	uids_are(&c, 0, 0, 0, 0);
	/* Privileged: all four, and then no way back. */
	assert_int_equal(fr_setuid(&c, 1000), 0);
	uids_are(&c, 1000, 1000, 1000, 1000);
	assert_int_equal(fr_setuid(&c, 0), -EPERM);
	uids_are(&c, 1000, 1000, 1000, 1000);
	fr_cred_free(&c);

	/* Unprivileged: only to the real or saved id; only euid and fsuid move. */
	c = root();
	assert_int_equal(fr_setresuid(&c, 1, 2, 3), 0);
	assert_int_equal(fr_setuid(&c, 3), 0);
	uids_are(&c, 1, 3, 3, 3);
	assert_int_equal(fr_setuid(&c, 1), 0);
	uids_are(&c, 1, 1, 3, 1);
	assert_int_equal(fr_setuid(&c, 2), -EPERM);
	uids_are(&c, 1, 1, 3, 1);
	fr_cred_free(&c);
}

static void test_setgid_privilege_is_the_euid(void **state)
{
	struct fr_cred c = root();

	(void)state;
	assert_int_equal(fr_setgid(&c, 50), 0);
	gids_are(&c, 50, 50, 50, 50);
	/* egid 50 but euid 0: still privileged. */
	assert_int_equal(fr_setgid(&c, 0), 0);
	gids_are(&c, 0, 0, 0, 0);
	assert_int_equal(fr_setgid(&c, U), -EINVAL);
	/* Effective uid away from 0 (real and saved stay 0). */
	assert_int_equal(fr_setresuid(&c, U, 1000, U), 0);
	assert_int_equal(fr_setgid(&c, 7), -EPERM);
	gids_are(&c, 0, 0, 0, 0);
	assert_int_equal(fr_setgid(&c, 0), 0);
	/* And back to euid 0, which the saved uid allows. */
	assert_int_equal(fr_setresuid(&c, U, 0, U), 0);
	assert_int_equal(fr_setgid(&c, 7), 0);
	gids_are(&c, 7, 7, 7, 7);
	fr_cred_free(&c);
}

static void test_setreuid(void **state)
{
	struct fr_cred c = root();

	(void)state;
	assert_int_equal(fr_setreuid(&c, U, U), 0);
	uids_are(&c, 0, 0, 0, 0);
	/* The effective id moves off the real one: the saved id follows it. */
	assert_int_equal(fr_setreuid(&c, U, 1000), 0);
	uids_are(&c, 0, 1000, 1000, 1000);
	/* Back to the real id: allowed unprivileged; saved id stays. */
	assert_int_equal(fr_setreuid(&c, U, 0), 0);
	uids_are(&c, 0, 0, 1000, 0);
	/* Setting the real id always moves the saved id to the effective. */
	assert_int_equal(fr_setreuid(&c, 1000, U), 0);
	uids_are(&c, 1000, 0, 0, 0);
	fr_cred_free(&c);

	c = root();
	assert_int_equal(fr_setresuid(&c, 1, 2, 3), 0);
	/* Real id: only the old real or effective; effective: any of three. */
	assert_int_equal(fr_setreuid(&c, 3, U), -EPERM);
	uids_are(&c, 1, 2, 3, 2);
	assert_int_equal(fr_setreuid(&c, U, 4), -EPERM);
	assert_int_equal(fr_setreuid(&c, 2, 1), 0);	/* the classic swap */
	uids_are(&c, 2, 1, 1, 1);
	fr_cred_free(&c);
}

static void test_setregid(void **state)
{
	struct fr_cred c = root();

	(void)state;
	assert_int_equal(fr_setregid(&c, 10, 20), 0);
	gids_are(&c, 10, 20, 20, 20);
	assert_int_equal(fr_setresuid(&c, 1, 1, 1), 0);
	assert_int_equal(fr_setregid(&c, 30, U), -EPERM);
	assert_int_equal(fr_setregid(&c, 20, 10), 0);
	gids_are(&c, 20, 10, 10, 10);
	fr_cred_free(&c);
}

static void test_setresuid_and_setresgid(void **state)
{
	struct fr_cred c = root();

	(void)state;
	assert_int_equal(fr_setresuid(&c, U, 5, U), 0);
	uids_are(&c, 0, 5, 0, 5);
	/* Unprivileged now, but each new id is one of the three: allowed. */
	assert_int_equal(fr_setresuid(&c, 5, 0, 5), 0);
	uids_are(&c, 5, 0, 5, 0);
	assert_int_equal(fr_setresgid(&c, 1, 2, 3), 0);
	gids_are(&c, 1, 2, 3, 2);
	assert_int_equal(fr_setresuid(&c, 6, 6, 6), 0);
	assert_int_equal(fr_setresuid(&c, U, 7, U), -EPERM);
	assert_int_equal(fr_setresuid(&c, U, U, 0), -EPERM);
	uids_are(&c, 6, 6, 6, 6);
	assert_int_equal(fr_setresgid(&c, 3, 1, U), 0);
	gids_are(&c, 3, 1, 3, 1);
	assert_int_equal(fr_setresgid(&c, U, 9, U), -EPERM);
	gids_are(&c, 3, 1, 3, 1);
	fr_cred_free(&c);
}

static void test_setfsuid_and_setfsgid_return_the_old_value(void **state)
{
	struct fr_cred c = root();

	(void)state;
	assert_int_equal(fr_setfsuid(&c, 5), 0);
	assert_int_equal(fr_setfsuid(&c, U), 5);	/* -1 only asks */
	uids_are(&c, 0, 0, 0, 5);
	/* fsuid 5 takes no privilege away: euid is still 0. */
	assert_int_equal(fr_setgroups(&c, 0, NULL), 0);
	/* Any set*uid resets it to the effective id. */
	assert_int_equal(fr_setresuid(&c, 1, 2, 3), 0);
	assert_int_equal(fr_setfsuid(&c, 9), 2);	/* refused: still 2 */
	assert_int_equal(fr_setfsuid(&c, 3), 2);
	assert_int_equal(fr_setfsuid(&c, U), 3);
	assert_int_equal(fr_setfsgid(&c, 8), 0);	/* gid 8 is none of them */
	assert_int_equal(fr_setfsgid(&c, U), 0);
	fr_cred_free(&c);

	/* setresuid that changes nothing leaves a distinct fsuid alone;
	 * naming the euid when the fsuid differs is a change. */
	c = root();
	assert_int_equal(fr_setfsuid(&c, 5), 0);
	assert_int_equal(fr_setresuid(&c, U, U, U), 0);
	assert_int_equal(fr_setresuid(&c, 0, U, 0), 0);
	uids_are(&c, 0, 0, 0, 5);
	assert_int_equal(fr_setresuid(&c, U, 0, U), 0);
	uids_are(&c, 0, 0, 0, 0);
	/* setreuid has no such shortcut. */
	assert_int_equal(fr_setfsuid(&c, 5), 0);
	assert_int_equal(fr_setreuid(&c, U, U), 0);
	uids_are(&c, 0, 0, 0, 0);
	fr_cred_free(&c);
}

static void test_setgroups_and_getgroups(void **state)
{
	static const uint32_t three[] = { 5, 3, 5 }, bad[] = { 1, U };
	struct fr_cred c = root();
	uint32_t g[8];

	(void)state;
	assert_int_equal(fr_setgroups(&c, 3, three), 0);
	/* Sorted, duplicates kept, as the kernel returns them. */
	assert_int_equal(fr_getgroups(&c, 8, g), 3);
	assert_int_equal(g[0], 3);
	assert_int_equal(g[1], 5);
	assert_int_equal(g[2], 5);
	assert_int_equal(fr_getgroups(&c, 0, NULL), 3);
	assert_int_equal(fr_getgroups(&c, 2, g), -EINVAL);
	assert_int_equal(fr_getgroups(&c, -1, g), -EINVAL);
	assert_int_equal(fr_setgroups(&c, -1, three), -EINVAL);
	assert_int_equal(fr_setgroups(&c, FR_NGROUPS_MAX + 1, three), -EINVAL);
	assert_int_equal(fr_setgroups(&c, 2, bad), -EINVAL);
	assert_int_equal(fr_getgroups(&c, 0, NULL), 3);
	assert_int_equal(fr_setgroups(&c, 0, NULL), 0);
	assert_int_equal(fr_getgroups(&c, 8, g), 0);
	/* Unprivileged: EPERM, checked before the size. */
	assert_int_equal(fr_setuid(&c, 1000), 0);
	assert_int_equal(fr_setgroups(&c, 1, three), -EPERM);
	assert_int_equal(fr_setgroups(&c, -1, three), -EPERM);
	fr_cred_free(&c);
}

static void test_exec_and_copy(void **state)
{
	static const uint32_t two[] = { 4, 2 };
	struct fr_cred c = root(), child;
	uint32_t g[4];

	(void)state;
	assert_int_equal(fr_setresgid(&c, 0, 100, 0), 0);
	assert_int_equal(fr_setresuid(&c, 0, 1000, 0), 0);
	fr_cred_exec(&c);
	uids_are(&c, 0, 1000, 1000, 1000);
	gids_are(&c, 0, 100, 100, 100);
	/* The real uid 0 still lets it back to euid 0. */
	assert_int_equal(fr_setuid(&c, 0), 0);
	uids_are(&c, 0, 0, 1000, 0);
	/* A copy is its own: changing it leaves the parent alone. */
	assert_int_equal(fr_cred_copy(&child, &c), 0);
	assert_int_equal(fr_setgroups(&child, 2, two), 0);
	assert_int_equal(fr_setuid(&child, 7), 0);
	assert_int_equal(fr_getgroups(&c, 4, g), 1);
	assert_int_equal(g[0], 0);
	uids_are(&c, 0, 0, 1000, 0);
	assert_int_equal(fr_getgroups(&child, 4, g), 2);
	assert_int_equal(g[0], 2);
	fr_cred_free(&child);
	fr_cred_free(&c);
}

static void test_new_owner(void **state)
{
	struct fr_cred c = root();
	struct fr_attrs plain = { .mode = S_IFDIR | 0755, .gid = 40 };
	struct fr_attrs sgid = { .mode = S_IFDIR | 02775, .gid = 40 };
	uint32_t uid, gid;

	(void)state;
	assert_int_equal(fr_setresgid(&c, U, 9, U), 0);
	assert_int_equal(fr_setfsuid(&c, 3), 0);
	fr_cred_new_owner(&c, &plain, &uid, &gid);
	assert_int_equal(uid, 3);
	assert_int_equal(gid, 9);
	fr_cred_new_owner(&c, &sgid, &uid, &gid);
	assert_int_equal(gid, 40);
	fr_cred_new_owner(&c, NULL, &uid, &gid);
	assert_int_equal(gid, 9);
	fr_cred_free(&c);
}

/* ---- The same calls on the real kernel ---- */

enum { OP_SETUID, OP_SETGID, OP_SETREUID, OP_SETREGID, OP_SETRESUID, OP_SETRESGID,
       OP_SETFSUID, OP_SETFSGID, OP_SETGROUPS, OP_COUNT };

static uint32_t pick(unsigned *seed)
{
	static const uint32_t ids[] = { 0, 1, 2, 1000, U };

	return ids[rand_r(seed) % 5];
}

/* The kernel's result of one call, as the model returns it. */
static long kernel_call(int op, const uint32_t *a, int n, const uint32_t *list)
{
	long r;

	switch (op) {
	case OP_SETUID: r = syscall(SYS_setuid, a[0]); break;
	case OP_SETGID: r = syscall(SYS_setgid, a[0]); break;
	case OP_SETREUID: r = syscall(SYS_setreuid, a[0], a[1]); break;
	case OP_SETREGID: r = syscall(SYS_setregid, a[0], a[1]); break;
	case OP_SETRESUID: r = syscall(SYS_setresuid, a[0], a[1], a[2]); break;
	case OP_SETRESGID: r = syscall(SYS_setresgid, a[0], a[1], a[2]); break;
	case OP_SETFSUID: return syscall(SYS_setfsuid, a[0]);
	case OP_SETFSGID: return syscall(SYS_setfsgid, a[0]);
	default: r = syscall(SYS_setgroups, n, list); break;
	}
	return r < 0 ? -errno : r;
}

static long model_call(struct fr_cred *c, int op, const uint32_t *a, int n, const uint32_t *list)
{
	switch (op) {
	case OP_SETUID: return fr_setuid(c, a[0]);
	case OP_SETGID: return fr_setgid(c, a[0]);
	case OP_SETREUID: return fr_setreuid(c, a[0], a[1]);
	case OP_SETREGID: return fr_setregid(c, a[0], a[1]);
	case OP_SETRESUID: return fr_setresuid(c, a[0], a[1], a[2]);
	case OP_SETRESGID: return fr_setresgid(c, a[0], a[1], a[2]);
	case OP_SETFSUID: return fr_setfsuid(c, a[0]);
	case OP_SETFSGID: return fr_setfsgid(c, a[0]);
	default: return fr_setgroups(c, n, list);
	}
}

/* The kernel's credentials, in the model's struct (groups: up to 16). */
static void kernel_creds(struct fr_cred *k, uint32_t *groups)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	*k = (struct fr_cred){ .ruid = r, .euid = e, .suid = s,
			       .fsuid = (uint32_t)syscall(SYS_setfsuid, -1),
			       .rgid = gr, .egid = ge, .sgid = gs,
			       .fsgid = (uint32_t)syscall(SYS_setfsgid, -1), .groups = groups };
	k->ngroups = (size_t)syscall(SYS_getgroups, 16, groups);
}

static int same(const struct fr_cred *m, const struct fr_cred *k)
{
	return m->ruid == k->ruid && m->euid == k->euid && m->suid == k->suid &&
	       m->fsuid == k->fsuid && m->rgid == k->rgid && m->egid == k->egid &&
	       m->sgid == k->sgid && m->fsgid == k->fsgid && m->ngroups == k->ngroups &&
	       !memcmp(m->groups, k->groups, m->ngroups * sizeof(uint32_t));
}

/* One sequence in a child that starts as real root; exit status 0 if the
 * model and the kernel agreed all the way. */
static int run_sequence(unsigned seed)
{
	static const uint32_t zero = 0;
	const unsigned sequence = seed;
	struct fr_cred m, k;
	uint32_t kgroups[16];
	int step;

	if (syscall(SYS_setgroups, 1, &zero) || syscall(SYS_setresgid, 0, 0, 0) ||
	    syscall(SYS_setresuid, 0, 0, 0) || fr_cred_init(&m))
		return 2;
	for (step = 0; step < 40; step++) {
		int op = rand_r(&seed) % OP_COUNT, n = rand_r(&seed) % 4;
		uint32_t a[3] = { pick(&seed), pick(&seed), pick(&seed) }, list[3];
		long want, got;

		for (int i = 0; i < 3; i++)
			list[i] = rand_r(&seed) % 8 ? (uint32_t)(rand_r(&seed) % 5) : U;
		got = kernel_call(op, a, n, list);
		want = model_call(&m, op, a, n, list);
		kernel_creds(&k, kgroups);
		if (got != want || !same(&m, &k)) {
			fprintf(stderr, "sequence %u step %d op %d (%d %d %d, n %d): kernel %ld, model %ld; "
				"kernel uids %u %u %u %u gids %u %u %u %u; model uids %u %u %u %u gids %u %u %u %u\n",
				sequence, step, op, (int)a[0], (int)a[1], (int)a[2], n, got, want,
				k.ruid, k.euid, k.suid, k.fsuid, k.rgid, k.egid, k.sgid, k.fsgid,
				m.ruid, m.euid, m.suid, m.fsuid, m.rgid, m.egid, m.sgid, m.fsgid);
			return 1;
		}
	}
	fr_cred_free(&m);
	return 0;
}

static void test_agrees_with_the_kernel(void **state)
{
	struct utsname u;
	int major, minor;
	unsigned seq;

	(void)state;
	/* The model is of Linux 6.2 and later (see set_res in cred.c). */
	if (geteuid() != 0 || uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2 ||
	    major * 1000 + minor < 6002) {
		skip();
		return;
	}
	for (seq = 1; seq <= 300; seq++) {
		pid_t pid = fork();
		int status;

		assert_true(pid >= 0);
		if (pid == 0)
			_exit(run_sequence(seq));
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		if (WEXITSTATUS(status) == 2) {
			skip();		/* root without CAP_SETUID/CAP_SETGID */
			return;
		}
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_starts_as_root),
		cmocka_unit_test(test_setuid),
		cmocka_unit_test(test_setgid_privilege_is_the_euid),
		cmocka_unit_test(test_setreuid),
		cmocka_unit_test(test_setregid),
		cmocka_unit_test(test_setresuid_and_setresgid),
		cmocka_unit_test(test_setfsuid_and_setfsgid_return_the_old_value),
		cmocka_unit_test(test_setgroups_and_getgroups),
		cmocka_unit_test(test_exec_and_copy),
		cmocka_unit_test(test_new_owner),
		cmocka_unit_test(test_agrees_with_the_kernel),
	};

	return cmocka_run_group_tests_name("fakeroot_cred", tests, NULL, NULL);
}
