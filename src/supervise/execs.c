// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kcmp.h>
#include <linux/openat2.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "supervise/execs.h"
#include "supervise/filter.h"
#include "supervise/launch.h"
#include "supervise/startup_cpu.h"

#define seccomp_filters execs_filter_count

void execs_init(struct execs *x, const struct notifier *nf, struct machine *m,
		const struct session *s, void (*refused)(void *, pid_t, const char *, int), void *ctx)
{
	memset(x, 0, sizeof(*x));
	x->nf = nf;
	x->m = m;
	x->memfd = s->memfd;
	x->stats_fd = s->stats_fd;
	x->gadget_from = s->notify_ip_end;
	x->gadget_to = s->rt_data_at;
	x->refused = refused;
	x->ctx = ctx;
	/* The command has the supervisor's filters and the base filter; a
	 * process with more has the trap filter too. */
	x->base_filters = seccomp_filters(getpid()) + 1;
	x->interrupt_first = filter_wait_killable_recv();
}

/*
 * Lets a seized task's exec go on, with an interrupt behind it: a failed
 * exec stops at the interrupt, where the descriptors given to it are taken
 * back.  Sent first, while the task waits for the answer (only SIGKILL
 * ends that wait once the notification was read: 5.19), the interrupt is
 * cleared by the exec's own stop ("any trap clears a pending STOP trap",
 * kernel/signal.c): a successful exec stops twice, not three times.  Sent
 * after, it stops the new program once more after the exec.  Without the
 * killable wait it must come after: it would end the wait, the exec would
 * restart, and be notified again, forever.
 */
static void continue_interrupted(struct execs *x, const struct seccomp_notif *req)
{
	pid_t tid = (pid_t)req->pid;

	if (x->interrupt_first)
		ptrace(PTRACE_INTERRUPT, tid, 0, 0);
	notify_continue(x->nf, req->id);
	if (!x->interrupt_first)
		ptrace(PTRACE_INTERRUPT, tid, 0, 0);
}

void execs_free(struct execs *x)
{
	free(x->deferred);
	x->deferred = NULL;
	x->ndeferred = x->cap = 0;
}

/*
 * Would this exec fail for want of its file?  Only absolute paths are
 * judged, resolved in the task's own root (a chroot or another mount
 * namespace sees other files); everything else takes the full path.
 */
static int surely_missing(const struct execs *x, const struct seccomp_notif *req)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC,
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	uint64_t addr = req->data.args[0], ip = req->data.instruction_pointer;
	char path[PATH_MAX], root[48];
	int rootfd, fd, err;

	if (ip >= x->gadget_from && ip < x->gadget_to)
		return 0;
	if (req->data.nr == __NR_execveat) {
		if ((int)req->data.args[0] != AT_FDCWD || (req->data.args[4] & AT_EMPTY_PATH))
			return 0;
		addr = req->data.args[1];
	}
	if (notify_read_string(x->nf, req, addr, path, sizeof(path)) || path[0] != '/')
		return 0;
	snprintf(root, sizeof(root), "/proc/%u/root", req->pid);
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return 0;
	fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	err = errno;
	close(rootfd);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG;
}

/* Does another exec of the same address space run (or one of this task:
 * a cancelled and restarted execve)? */
static int sibling_in_flight(const struct execs *x, pid_t tid)
{
	size_t i;

	if (machine_knows(x->m, tid))
		return 1;
	for (i = 0; i < machine_count(x->m); i++) {
		pid_t other = machine_tid(x->m, i);
		long r = syscall(SYS_kcmp, tid, other, KCMP_VM, 0, 0);

		/* Without kcmp, any exec in flight counts as a sibling. */
		if (r == 0 || (r < 0 && errno == ENOSYS))
			return 1;
	}
	return 0;
}

static int defer(struct execs *x, const struct seccomp_notif *req)
{
	size_t sz = x->nf->sizes.seccomp_notif;

	if (x->ndeferred == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 8;
		void *n = realloc(x->deferred, cap * sz);

		if (!n)
			return -ENOMEM;
		x->deferred = n;
		x->cap = cap;
	}
	memcpy((char *)x->deferred + x->ndeferred * sz, req, sz);
	x->ndeferred++;
	return 0;
}

static int add_fd(const struct execs *x, uint64_t id, int fd)
{
	struct seccomp_notif_addfd a = { .id = id, .srcfd = (__u32)fd, .newfd_flags = 0 };

	return ioctl(x->nf->fd, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
}

/*
 * A full descriptor table (RLIMIT_NOFILE reached) would keep the session
 * out.  The limit is raised by the two descriptors it takes, and stays so:
 * the new program starts with the limit it inherited plus two.  Raising the
 * hard limit needs CAP_SYS_RESOURCE; without it a full table at the hard
 * limit is refused, with a message.
 */
static int add_fd_room(const struct execs *x, const struct seccomp_notif *req, int fd)
{
	struct rlimit rl;
	int got = add_fd(x, req->id, fd);

	if (got >= 0 || errno != EMFILE)
		return got;
	if (prlimit((pid_t)req->pid, RLIMIT_NOFILE, NULL, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return -1;
	rl.rlim_cur += 2;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
		rl.rlim_max = rl.rlim_cur;
	if (prlimit((pid_t)req->pid, RLIMIT_NOFILE, &rl, NULL)) {
		errno = EMFILE;
		return -1;
	}
	return add_fd(x, req->id, fd);
}

static void refuse(struct execs *x, pid_t pid, const char *why)
{
	if (x->refused)
		x->refused(x->ctx, pid, why, 0);
}

static const char *ptrace_why(int err, pid_t pid, char *buf, size_t len)
{
	char path[48], line[128];
	int tracer = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %d", &tracer) == 1)
			break;
	if (f)
		fclose(f);
	if (tracer)
		snprintf(buf, len, "it is traced by pid %d", tracer);
	else
		snprintf(buf, len, "ptrace denied: %s", strerror(err));
	return buf;
}

/* Seized, but not to be injected: it cannot be detached while it runs. */
static void release(struct execs *x, pid_t tid)
{
	if (machine_add_release(x->m, tid) == 0)
		ptrace(PTRACE_INTERRUPT, tid, 0, 0);
}

int execs_filter_count(pid_t pid)
{
	char path[48], line[128];
	int n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp_filters: %d", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

static void take(struct execs *x, const struct seccomp_notif *req)
{
	const long opts = PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
	pid_t tid = (pid_t)req->pid;
	int fd, stats_fd = -1;
	char why[160];

	if (ptrace(PTRACE_SEIZE, tid, 0, opts)) {
		int err = errno, trapped = seccomp_filters(tid) > x->base_filters;

		/* The exec goes on unseen: what it runs must not find this
		 * process's memory dumpable (launch.h), nor its CPU pinned. */
		launch_memory_private();
		startup_cpu_release(tid);

		if (!notify_valid(x->nf, req->id))
			return;
		ptrace_why(err, tid, why, sizeof(why));
		if (trapped) {
			/* It inherited the trap filter from an injected parent:
			 * without the runtime it would die of SIGSYS at its
			 * first trapped call.  The exec fails instead, aloud. */
			size_t n = strlen(why);

			snprintf(why + n, sizeof(why) - n, "; a program traced from inside the "
				 "session cannot run in it");
			if (x->refused)
				x->refused(x->ctx, tid, why, 1);
			notify_answer(x->nf, req->id, 0, EPERM);
			return;
		}
		refuse(x, tid, why);
		notify_continue(x->nf, req->id);
		return;
	}
	/* Seized after the notification was read: make sure the pid still
	 * names the task that asked, not a newcomer with a recycled pid. */
	if (!notify_valid(x->nf, req->id)) {
		release(x, tid);
		return;
	}
	fd = add_fd_room(x, req, x->memfd);
	if (fd >= 0 && x->stats_fd >= 0)
		stats_fd = add_fd_room(x, req, x->stats_fd);
	if (fd < 0 || (x->stats_fd >= 0 && stats_fd < 0)) {
		int err = errno;

		release(x, tid);
		if (notify_valid(x->nf, req->id)) {
			if (err == EMFILE)
				snprintf(why, sizeof(why), "its file descriptor table is full "
					 "(RLIMIT_NOFILE, and the hard limit cannot be raised)");
			else
				snprintf(why, sizeof(why), "cannot give it the session: %s",
					 strerror(err));
			refuse(x, tid, why);
		}
		/* A descriptor already given is closed by the new program's
		 * installer or stays with the failed exec. */
		notify_continue(x->nf, req->id);
		return;
	}
	if (machine_add_exec(x->m, tid, fd, stats_fd)) {
		/* Without memory for the task there is none to release it
		 * either: exit-kill is the last resort against a stuck tracee. */
		ptrace(PTRACE_INTERRUPT, tid, 0, 0);
		refuse(x, tid, "out of memory");
		notify_continue(x->nf, req->id);
		return;
	}
	machine_exec_carry(x->m, tid, req->data.args[5]);
	/* A cancelled notification (a signal came) still stops at the
	 * interrupt, where the descriptors are taken back. */
	continue_interrupted(x, req);
}

/* Does the task's descriptor fd still hold our file (kcmp KCMP_FILE)? */
static int holds(pid_t tid, int fd, int ours)
{
	return fd >= 0 && syscall(SYS_kcmp, tid, getpid(), KCMP_FILE, fd, ours) == 0;
}

/*
 * An execve of a task the machine already holds: its previous exec failed
 * and our interrupt is still pending (the task went back into the kernel
 * before acting on it), or it was seized in vain.  The seizure carries
 * over: this exec gets the session fds (those it still holds, else new
 * ones), and the pending interrupt stops it after the exec either way.
 */
static int retake(struct execs *x, const struct seccomp_notif *req)
{
	pid_t tid = (pid_t)req->pid;
	int state = machine_state(x->m, tid), fd, stats_fd;

	if (state != TS_EXEC_WAIT && state != TS_RELEASE)
		return -1;
	machine_task_fds(x->m, tid, &fd, &stats_fd);
	if (!holds(tid, fd, x->memfd))
		fd = add_fd_room(x, req, x->memfd);
	if (x->stats_fd >= 0 && !holds(tid, stats_fd, x->stats_fd))
		stats_fd = add_fd_room(x, req, x->stats_fd);
	if (fd < 0 || (x->stats_fd >= 0 && stats_fd < 0)) {
		/* Then let this exec go as it is: the interrupt still comes, and
		 * a released task is let go at it. */
		machine_rearm_exec(x->m, tid, -1, -1);
		notify_continue(x->nf, req->id);
		return 0;
	}
	machine_rearm_exec(x->m, tid, fd, stats_fd);
	machine_exec_carry(x->m, tid, req->data.args[5]);
	continue_interrupted(x, req);
	return 0;
}

void execs_notified(struct execs *x, const struct seccomp_notif *req)
{
	x->seen++;
	if (machine_knows(x->m, (pid_t)req->pid) && retake(x, req) == 0)
		return;
	if (surely_missing(x, req)) {
		x->fast_failed++;
		notify_continue(x->nf, req->id);
		return;
	}
	if (sibling_in_flight(x, (pid_t)req->pid)) {
		if (!defer(x, req))
			return;
		refuse(x, (pid_t)req->pid, "out of memory");
		notify_continue(x->nf, req->id);
		return;
	}
	take(x, req);
}

void execs_retry(struct execs *x)
{
	size_t sz = x->nf->sizes.seccomp_notif, i, n = x->ndeferred, keep = 0;
	char *base = (char *)x->deferred;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		struct seccomp_notif *req = (struct seccomp_notif *)(base + i * sz);

		if (!notify_valid(x->nf, req->id))
			continue;
		if (sibling_in_flight(x, (pid_t)req->pid)) {
			memmove(base + keep * sz, req, sz);
			keep++;
			continue;
		}
		take(x, req);
	}
	x->ndeferred = keep;
}
