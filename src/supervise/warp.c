// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "common/proc.h"
#include "supervise/abi.h"
#include "supervise/rt_peek.h"
#include "supervise/session_change.h"
#include "supervise/tree.h"
#include "supervise/warp.h"

#define FUTEX_CMD_MASK 0x7f
#define FUTEX_WAIT 0
#define FUTEX_LOCK_PI 6
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_LOCK_PI2 13

/* Whether call nr with arguments a waits until another thread (or a
 * signal: a kernel timer's, say) ends it, with no timeout of its own. */
static int untimed_wait(long nr, const unsigned long long *a)
{
	unsigned cmd;

	switch (nr) {
	case SYS_futex:
		cmd = (unsigned)a[1] & FUTEX_CMD_MASK;
		return a[3] == 0 && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
				     cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
				     cmd == FUTEX_WAIT_REQUEUE_PI);
	case SYS_futex_waitv:
		return a[3] == 0;
	case SYS_rt_sigtimedwait:	/* sigwaitinfo: no timeout */
		return a[2] == 0;
	case SYS_wait4:
	case SYS_waitid:
	case SYS_pause:
	case SYS_rt_sigsuspend:
		return 1;
	default:
		return 0;
	}
}

enum warp_thread warp_classify(char state, const char *line, uint64_t rt_start, uint64_t rt_end)
{
	unsigned long long a[8];
	long nr;

	if (state == 'Z' || state == 'X')
		return WARP_GONE;
	if (state != 'S' && state != 'D')
		return WARP_BUSY;
	/* "NR ARG1 .. ARG6 SP PC"; "running"; "-1 SP PC" outside a call. */
	if (sscanf(line, "%ld %llx %llx %llx %llx %llx %llx %llx %llx", &nr, &a[0], &a[1], &a[2],
		   &a[3], &a[4], &a[5], &a[6], &a[7]) != 9)
		return WARP_BUSY;
	/* The runtime re-issues untimed waits too (sigsuspend, its mask
	 * edited): only its timed ones have a slot. */
	if (untimed_wait(nr, a))
		return WARP_UNTIMED;
	/* An event loop waiting with no timeout (the runtime re-issues those
	 * that pass a signal mask): idle if it waits on timerfds only. */
	if (((nr == SYS_epoll_wait || nr == SYS_epoll_pwait) && (int)a[3] < 0) ||
	    (nr == SYS_epoll_pwait2 && a[3] == 0))
		return WARP_EPOLL;
	if ((nr == SYS_poll && (int)a[2] < 0) || (nr == SYS_ppoll && a[2] == 0))
		return WARP_POLL;
	if (a[7] >= rt_start && a[7] < rt_end)
		return WARP_TIMED;
	return nr == SYS_read ? WARP_READ : WARP_BUSY;
}

static int64_t real_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The state letter of /proc/PID/task/TID/stat (after the command's ')'). */
static char thread_state(pid_t pid, const char *tid)
{
	char path[320], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", (int)pid, tid);
	if (proc_read_text(path, buf, sizeof(buf)))
		return 'X';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* The earliest deadline the tree waits for: how far ahead it is, and the
 * deadline itself (which stays put from one scan to the next). */
struct earliest {
	int found;
	int64_t left;
	int clk;
	int64_t until;
	uint64_t activity;	/* a hash of every thread's time on a CPU */
	int blind;		/* some schedstat could not be read */
};

/* Folds thread tid's run time and run count (/proc/.../schedstat: "ns on
 * a CPU, ns waiting for one, times run") into the hash: two scans with
 * the same hash saw none of those threads run in between. */
static void take_activity(pid_t pid, const char *tid, struct earliest *e)
{
	char path[320], buf[128];
	unsigned long long ran = 0, waited = 0, runs = 0;
	uint64_t *h = &e->activity;

	snprintf(path, sizeof(path), "/proc/%d/task/%s/schedstat", (int)pid, tid);
	if (proc_read_text(path, buf, sizeof(buf)) ||
	    sscanf(buf, "%llu %llu %llu", &ran, &waited, &runs) != 3)
		e->blind = 1;
	*h = (*h ^ (uint64_t)atoll(tid)) * 0x100000001b3ull;
	*h = (*h ^ ran) * 0x100000001b3ull;
	*h = (*h ^ runs) * 0x100000001b3ull;
}

/* Folds a deadline left ns ahead (until, on clk) into e: the tree's
 * activity hash, gathered along the same scan, stays. */
static void take_deadline(struct earliest *e, int64_t left, int clk, int64_t until)
{
	if (e->found && left >= e->left)
		return;
	e->found = 1;
	e->left = left;
	e->clk = clk;
	e->until = until;
}

/* Folds the slots of thread tid into e; 0 when it has none. */
static int take_slots(const struct session *s, const struct rt_data *d, int tid,
		      struct earliest *e)
{
	int i, found = 0;

	for (i = 0; i < RT_WAIT_SLOTS; i++) {
		const struct rt_wait *w = &d->waits[i];
		int64_t now;

		if (w->tid != tid || session_virtual_now(s, w->clk, &now))
			continue;
		found = 1;
		take_deadline(e, w->until - now, w->clk, w->until);
	}
	return found;
}

/* Whether fd of pid is a timerfd (its fdinfo says which clock). */
static int is_timerfd(pid_t pid, unsigned long long fd)
{
	char path[64], buf[512];

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%llu", (int)pid, fd);
	return !proc_read_text(path, buf, sizeof(buf)) && strstr(buf, "\nclockid:");
}

/* Whether epoll instance epfd of pid watches timerfds and nothing else
 * (its fdinfo has a "tfd: N events: ..." line per descriptor). */
static int only_timerfds(pid_t pid, unsigned long long epfd)
{
	char path[64], buf[4096], *p;
	unsigned long long fd;
	int any = 0;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%llu", (int)pid, epfd);
	if (proc_read_text(path, buf, sizeof(buf)) || strlen(buf) >= sizeof(buf) - 1)
		return 0;	/* unreadable, or too many to read: input, maybe */
	for (p = strstr(buf, "tfd:"); p; p = strstr(p + 4, "tfd:")) {
		if (sscanf(p + 4, "%llu", &fd) != 1 || !is_timerfd(pid, fd))
			return 0;
		any = 1;
	}
	return any;
}

/* Whether the nfds struct pollfd at fds in pid's memory (mem) name
 * timerfds only (a negative fd is ignored, as poll does). */
static int polls_timerfds(pid_t pid, int mem, unsigned long long fds, unsigned long long nfds)
{
	struct { int fd; short events, revents; } p[64];
	unsigned long long i;
	int any = 0;

	if (mem < 0 || !nfds || nfds > 64 ||
	    pread(mem, p, nfds * sizeof(p[0]), (off_t)fds) != (ssize_t)(nfds * sizeof(p[0])))
		return 0;
	for (i = 0; i < nfds; i++) {
		if (p[i].fd < 0)
			continue;
		if (!is_timerfd(pid, (unsigned long long)p[i].fd))
			return 0;
		any = 1;
	}
	return any;
}

/* What take_timer needs besides the timer. */
struct timer_fold {
	const struct session *s;
	const struct rt_data *d;
	struct earliest *e;
};

/* Folds kept timer t of a process into the earliest deadline: its next
 * expiry, as the virtual instant its own model gives it (a relative
 * timer's instant is what a warp leaves it: the runtime takes the skipped
 * time off what it has left).  0, or -1 for a timer on a clock that is not
 * virtual (real time, which no warp skips). */
static int take_timer(const struct rt_timer *t, void *arg)
{
	const struct timer_fold *f = arg;
	int64_t off = (unsigned)t->clk < INSTALL_NCLOCKS ? f->d->ns_offset[t->clk] : 0;
	struct vclock_base b = { .real_ns = t->real_ns, .virt_ns = t->virt_ns };
	int64_t next = t->real_next - off, real = real_ns(t->clk), v, now;

	if (!vclock_is_virtual(f->s->page, t->clk))
		return -1;
	if (next < real) {
		if (t->real_interval <= 0)
			return 0;	/* fired: nothing ahead */
		next += ((real - next) / t->real_interval + 1) * t->real_interval;
	}
	v = vclock_apply(t->rate ? t->rate : VCLOCK_RATE_ONE, &b, next);
	if (session_virtual_now(f->s, t->clk, &now))
		return 0;
	take_deadline(f->e, v - now, t->clk, v);
	return 0;
}

/* One process: 1 when all its threads wait (their deadlines, and those of
 * the kernel timers it keeps, folded into e); 0 when one works. */
static int process_idle(const struct session *s, pid_t pid, struct earliest *e)
{
	char path[64], line[256], tpath[320];
	unsigned long long fd, nfds;
	enum warp_thread kind;
	struct rt_data *d;
	struct dirent *de;
	int idle = 1, mem;
	long nr;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return 1;	/* gone meanwhile */
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	mem = open(path, O_RDONLY | O_CLOEXEC);
	d = malloc(sizeof(*d));
	/* No runtime (a process that has not exec'd since the fork that made
	 * it, say): no slots, no timers. */
	if (!d || rt_peek_data(s, mem, d))
		idle = d ? -1 : 0;
	while (idle && (de = readdir(dir))) {
		char st;

		if (de->d_name[0] == '.')
			continue;
		st = thread_state(pid, de->d_name);
		snprintf(tpath, sizeof(tpath), "/proc/%d/task/%s/syscall", (int)pid, de->d_name);
		if (st == 'S' || st == 'D') {
			if (proc_read_text(tpath, line, sizeof(line)))
				continue;	/* gone */
		} else {
			line[0] = 0;
		}
		kind = warp_classify(st, line, s->rt_at, s->rt_at + s->rt_size);
		/* A runtime wait wakes every slice to look at the clock, and
		 * goes back to the same deadline: its slot tells. */
		if (kind != WARP_TIMED)
			take_activity(pid, de->d_name, e);
		switch (kind) {
		case WARP_GONE:
		case WARP_UNTIMED:
			break;
		case WARP_BUSY:
			idle = 0;
			break;
		case WARP_READ:
			if (sscanf(line, "%ld %llx", &nr, &fd) != 2 || !is_timerfd(pid, fd))
				idle = 0;
			break;
		case WARP_EPOLL:
			if (sscanf(line, "%ld %llx", &nr, &fd) != 2 || !only_timerfds(pid, fd))
				idle = 0;
			break;
		case WARP_POLL:
			if (sscanf(line, "%ld %llx %llx", &nr, &fd, &nfds) != 3 ||
			    !polls_timerfds(pid, mem, fd, nfds))
				idle = 0;
			break;
		case WARP_TIMED:
			if (idle < 0 || !take_slots(s, d, atoi(de->d_name), e))
				idle = 0;	/* between a slot and its call */
			break;
		}
	}
	if (idle > 0 && rt_peek_timers(mem, pid, d, take_timer,
				       &(struct timer_fold){ s, d, e }))
		idle = 0;
	closedir(dir);
	if (mem >= 0)
		close(mem);
	free(d);
	return idle != 0;
}

/* The whole tree waits: its earliest deadline in e (e->found: it has one). */
static int tree_idle(const struct session *s, struct earliest *e)
{
	pid_t *pids = NULL;
	size_t n = tree_pids(&pids), i;
	int idle = n > 0;

	for (i = 0; idle && i < n; i++)
		idle = process_idle(s, pids[i], e);
	free(pids);
	return idle;
}

int warp_timeout_ms(const struct warp *w)
{
	return w->hurry ? WARP_CONFIRM_MS : WARP_SCAN_MS;
}

int warp_poll(struct warp *w, struct session *s, struct vclock_pace *pace)
{
	int64_t now = real_ns(CLOCK_MONOTONIC);
	struct vclock_change c = { 0 };
	struct earliest e = { .activity = 0xcbf29ce484222325ull };

	if (now - w->last_scan_ns < warp_timeout_ms(w) * 1000000LL)
		return 0;
	w->last_scan_ns = now;
	w->hurry = 0;
	if (pace->frozen || !tree_idle(s, &e) || !e.found || e.left <= 0) {
		w->pending_clk = -1;
		/* A deadline came: its thread is about to wake (a wait of the
		 * runtime's on anything but a futex sees the clock at the end
		 * of its slice) and likely to wait again at once. */
		w->hurry = !pace->frozen && e.found && e.left <= 0 && !e.blind;
		return 0;
	}
	/* Idle twice, waiting for the same deadline, and no thread ran in
	 * between (none was caught on its way into or out of a wait): the
	 * second look comes a millisecond after the first. */
	if (w->pending_clk != e.clk || w->pending != e.until || w->pending_activity != e.activity) {
		w->pending_clk = e.clk;
		w->pending = e.until;
		w->pending_activity = e.activity;
		/* A kernel without schedstat: the threads' quiet is not
		 * proven, and a full scan interval must pass instead. */
		w->hurry = !e.blind;
		return 0;
	}
	w->pending_clk = -1;
	c.advance_ns = e.left;
	if (session_change(s, pace, &c, NULL) != VCLOCK_REBASE_OK)
		return 0;
	w->warps++;
	w->skipped_ns += e.left;
	/* The woken threads are likely to wait again soon. */
	w->hurry = 1;
	return 1;
}
