// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "common/proc.h"
#include "supervise/abi.h"
#include "supervise/rt_peek.h"
#include "supervise/timer_rearm.h"

/* Whether kept timer t was converted with another map from real to
 * virtual than the one its clock follows now (the runtime's model_now: the
 * identity when the clock is not virtual).  A change re-bases every clock,
 * so the same map may come with another base: compared as maps. */
static int timer_stale(const struct rt_timer *t, void *session_page)
{
	const struct vclock_session *p = session_page;
	struct vclock_base was = { .real_ns = t->real_ns, .virt_ns = t->virt_ns };
	const struct vclock_base *b;

	if (!vclock_is_virtual(p, t->clk))
		return t->rate != VCLOCK_RATE_ONE || t->real_ns != t->virt_ns;
	b = &p->clock[vclock_base_clock(t->clk)];
	return t->rate != p->rate_q32 || vclock_apply(t->rate, &was, b->real_ns) != b->virt_ns;
}

/* Whether pid's runtime keeps a timer the change moved: only those are
 * told (a realtime offset leaves a monotonic timer, and its epoll_wait,
 * alone).  A table that cannot be read is told, to be safe. */
static int keeps_stale_timers(const struct session *s, pid_t pid)
{
	struct rt_data *d = malloc(sizeof(*d));
	char path[48];
	int fd, stale;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	stale = d && !rt_peek_data(s, fd, d) && d->ntimers > 0 &&
		rt_peek_timers(fd, pid, d, timer_stale, s->page) != 0;
	if (fd >= 0)
		close(fd);
	free(d);
	return stale;
}

/* Calls that a signal with a handler ends with EINTR whatever SA_RESTART
 * says (signal(7)); a timed futex wait too (glibc's condvars take that as
 * a spurious wake-up, others may not). */
static int ends_with_eintr(long nr, unsigned long timeout)
{
	switch (nr) {
	case SYS_poll: case SYS_select: case SYS_pause: case SYS_nanosleep:
	case SYS_rt_sigtimedwait: case SYS_rt_sigsuspend: case SYS_epoll_wait:
	case SYS_clock_nanosleep: case SYS_pselect6: case SYS_ppoll: case SYS_epoll_pwait:
	case SYS_epoll_pwait2: case SYS_io_getevents: case SYS_io_pgetevents:
	case SYS_restart_syscall:
		return 1;
	case SYS_futex:
		return timeout != 0;
	default:
		return 0;
	}
}

static int read_task_file(pid_t pid, const char *tid, const char *name, char *buf, size_t len)
{
	char path[96];

	if ((size_t)snprintf(path, sizeof(path), "/proc/%d/task/%s/%s", (int)pid, tid, name) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	return proc_read_text(path, buf, len);
}

/* Whether the thread blocks SIGSYS (status "SigBlk:"): told, it would
 * take the signal only once it unblocked it. */
static int blocks_sigsys(pid_t pid, const char *tid)
{
	char buf[2048], *p;

	if (read_task_file(pid, tid, "status", buf, sizeof(buf)) || !(p = strstr(buf, "SigBlk:")))
		return 1;
	return (strtoull(p + 7, NULL, 16) >> (SIGSYS - 1)) & 1;
}

/*
 * The thread of pid to tell, or 0 for the kernel's choice.  The kernel
 * gives a process-directed signal to the main thread first, and an event
 * loop's main thread sits in poll or epoll_wait, which the signal would
 * end with EINTR; a thread that runs, or waits in a call that restarts
 * (read, accept, a futex without a timeout: SIGSYS's handler is
 * SA_RESTART), takes it without a trace.  Failing that, a thread in an
 * untimed wait, or a timed one that can go on for the time it had left
 * (rt_timed_resumable), named in *repeat for the runtime to resume.  One that has
 * moved on since it was looked at may still see an EINTR: this makes them
 * rare, not impossible.
 */
static pid_t quiet_thread(pid_t pid, struct rt_rearm_repeat *repeat)
{
	char path[48], buf[256];
	struct dirent *e;
	pid_t best = 0, waiting = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(dir = opendir(path)))
		return 0;
	while (!best && (e = readdir(dir))) {
		uint64_t a[6] = { 0 }, sp, pc = 0;
		long nr = -1;

		if (e->d_name[0] == '.' || read_task_file(pid, e->d_name, "syscall", buf, sizeof(buf)))
			continue;
		if (strncmp(buf, "running", 7) &&
		    (sscanf(buf, "%ld %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64
			    " %" SCNx64 " %" SCNx64 " %" SCNx64, &nr, &a[0], &a[1], &a[2], &a[3],
			    &a[4], &a[5], &sp, &pc) < 1 || ends_with_eintr(nr, a[3]))) {
			if (waiting || !pc || (!rt_untimed_wait(nr, a) && !rt_timed_resumable(nr, a)) ||
			    blocks_sigsys(pid, e->d_name))
				continue;
			waiting = (pid_t)atoi(e->d_name);
			*repeat = (struct rt_rearm_repeat){ .pc = pc, .nr = (int32_t)nr,
							    .args_fold = rt_args_fold(a) };
			continue;
		}
		if (!blocks_sigsys(pid, e->d_name))
			best = (pid_t)atoi(e->d_name);
	}
	closedir(dir);
	if (best)
		*repeat = (struct rt_rearm_repeat){ 0 };
	return best ? best : waiting;
}

/* The kernel keeps a queued signal's siginfo up to its kernel_siginfo:
 * 48 bytes on 64-bit. */
_Static_assert(offsetof(siginfo_t, si_value) + sizeof(union sigval) <= RT_REARM_REPEAT_AT &&
		       RT_REARM_REPEAT_AT + sizeof(struct rt_rearm_repeat) <= 48,
	       "the repeat lies in the siginfo bytes a queued signal keeps");

size_t timer_rearm(const struct session *s, const pid_t *pids, size_t n)
{
	size_t i, told = 0;

	if (!s->rt_data_at)
		return 0;
	for (i = 0; i < n; i++) {
		struct rt_rearm_repeat repeat = { 0 };
		siginfo_t si;
		pid_t tid;

		if (!keeps_stale_timers(s, pids[i]))
			continue;
		memset(&si, 0, sizeof(si));
		si.si_signo = SIGSYS;
		si.si_code = SI_QUEUE;
		si.si_pid = getpid();
		si.si_uid = getuid();
		si.si_value.sival_ptr = (void *)(uintptr_t)RT_REARM_VALUE;
		tid = quiet_thread(pids[i], &repeat);
		memcpy((char *)&si + RT_REARM_REPEAT_AT, &repeat, sizeof(repeat));
		if (!(tid ? syscall(SYS_rt_tgsigqueueinfo, pids[i], tid, SIGSYS, &si) :
			    syscall(SYS_rt_sigqueueinfo, pids[i], SIGSYS, &si)))
			told++;
	}
	return told;
}
