// SPDX-License-Identifier: MIT
/*
 * Which fake credentials each process has (src/fakeroot/sys/procs.c), on
 * real processes: children of this test stand for the tree.  A process
 * without an entry is root, or inherits a live parent's; a thread shares
 * its process's; exec moves the saved ids; a dead process's entry is
 * never used again.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "fakeroot/sys/procs.h"

/* A child that waits to be killed. */
static pid_t sleeper(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void test_everyone_starts_as_root(void **state)
{
	struct fr_procs *p;
	const struct fr_cred *c;

	(void)state;
	assert_int_equal(fr_procs_new(&p), 0);
	c = fr_procs_get(p, getpid());
	assert_int_equal(c->euid, 0);
	assert_int_equal(c->ngroups, 1);
	fr_procs_free(p);
}

static void test_a_change_is_the_process_s_and_its_children_s(void **state)
{
	struct fr_procs *p;
	struct fr_cred *c;
	pid_t child;
	int err = 0;

	(void)state;
	assert_int_equal(fr_procs_new(&p), 0);
	c = fr_procs_own(p, getpid(), &err);
	assert_non_null(c);
	assert_int_equal(fr_setresuid(c, 5, 6, 7), 0);
	assert_int_equal(fr_procs_get(p, getpid())->euid, 6);
	/* A child asks for the first time: its parent's, copied. */
	child = sleeper();
	assert_int_equal(fr_procs_get(p, child)->euid, 6);
	c = fr_procs_own(p, child, &err);
	assert_non_null(c);
	assert_int_equal(fr_setresuid(c, 5, 5, 5), 0);
	assert_int_equal(fr_procs_get(p, child)->euid, 5);
	assert_int_equal(fr_procs_get(p, getpid())->euid, 6);
	/* Its own again after an exec: the saved id follows the effective. */
	fr_procs_exec(p, getpid());
	assert_int_equal(fr_procs_get(p, getpid())->suid, 6);
	reap(child);
	fr_procs_free(p);
}

static void test_a_dead_process_s_entry_is_gone(void **state)
{
	struct fr_procs *p;
	struct fr_cred *c;
	pid_t child;
	int err = 0;

	(void)state;
	assert_int_equal(fr_procs_new(&p), 0);
	child = sleeper();
	c = fr_procs_own(p, child, &err);
	assert_non_null(c);
	assert_int_equal(fr_setuid(c, 9), 0);
	reap(child);
	/* Its pid, were it reused, is no longer its: root (this test is
	 * the parent of that pid and has no entry). */
	assert_int_equal(fr_procs_get(p, child)->euid, 0);
	fr_procs_free(p);
}

static pid_t thread_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *thread(void *arg)
{
	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	pthread_mutex_lock(&lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void test_threads_share_their_process_s(void **state)
{
	struct fr_procs *p;
	struct fr_cred *c;
	pthread_t t;
	int err = 0;

	(void)state;
	assert_int_equal(fr_procs_new(&p), 0);
	pthread_mutex_lock(&lock);
	assert_int_equal(pthread_create(&t, NULL, thread, NULL), 0);
	while (!__atomic_load_n(&thread_tid, __ATOMIC_SEQ_CST))
		usleep(1000);
	c = fr_procs_own(p, thread_tid, &err);
	assert_non_null(c);
	assert_int_equal(fr_setgid(c, 4), 0);
	assert_int_equal(fr_procs_get(p, getpid())->egid, 4);
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	fr_procs_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_everyone_starts_as_root),
		cmocka_unit_test(test_a_change_is_the_process_s_and_its_children_s),
		cmocka_unit_test(test_a_dead_process_s_entry_is_gone),
		cmocka_unit_test(test_threads_share_their_process_s),
	};

	return cmocka_run_group_tests_name("fakeroot_procs", tests, NULL, NULL);
}
