// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common/proc.h"
#include "supervise/attach.h"
#include "supervise/notify.h"
#include "supervise/remote.h"
#include "supervise/stopall.h"
#include "supervise/timens.h"
#include "supervise/trampoline.h"

#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

#define PAGE 4096ull
#define BELOW (3 * PAGE)		/* proc, stats and session pages below the image */
#define FD_WAIT_MS 5000
#define PTRACE_HINT "(needs what strace -p needs: the same user and a Yama ptrace_scope " \
		    "that allows it, or CAP_SYS_PTRACE; and no other tracer)"

extern const unsigned char vdsotool_image_start[], vdsotool_image_end[];

/* What one attach works with. */
struct job {
	const struct session *s;
	pid_t pid;
	struct stopall all;
	struct remote r;
	int mem;			/* /proc/PID/mem */
	uint64_t vdso;			/* where its kernel vDSO is (AT_SYSINFO_EHDR) */
	uint64_t scratch;
	char *err;
	size_t errlen;
	void (*unblock)(void *ctx, pid_t tid);	/* see stopall_seize_unblocking */
	void *ctx;
};

static int fail(struct job *j, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct job *j, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->err, j->errlen, fmt, ap);
	va_end(ap);
	return status;
}

/* The remote call, or a failure message naming it. */
static long call(struct job *j, const char *what, long nr, uint64_t a0, uint64_t a1, uint64_t a2,
		 uint64_t a3, uint64_t a4, uint64_t a5)
{
	long r = remote_call(&j->r, nr, a0, a1, a2, a3, a4, a5);

	if (r < 0 && r >= -4095)
		snprintf(j->err, j->errlen, "%s in the process failed: %s", what, strerror((int)-r));
	return r;
}

static int failed(long r)
{
	return r < 0 && r >= -4095;
}

static int poke(struct job *j, uint64_t addr, const void *buf, size_t len)
{
	return pwrite(j->mem, buf, len, (off_t)addr) == (ssize_t)len ? 0 : -EIO;
}

/* Where pid maps the memfd called name from offset off; 0 when it does not. */
static uint64_t mapped_at(pid_t pid, const char *name, unsigned long long off)
{
	char path[48], line[512], want[96];
	unsigned long long lo, o;
	uint64_t at = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	snprintf(want, sizeof(want), "/memfd:%s ", name);
	f = fopen(path, "re");
	while (f && !at && fgets(line, sizeof(line), f))
		if (strstr(line, want) && sscanf(line, "%llx-%*x %*s %llx", &lo, &o) == 2 &&
		    o == off)
			at = lo;
	if (f)
		fclose(f);
	return at;
}

/* The kernel's span in the target, checked against the session's layout
 * (one kernel, one vDSO image: only the base differs). */
static int find_span(struct job *j)
{
	const struct vdso_layout *l = &j->s->layout;
	struct kernel_vma v[LAYOUT_MAX_VMAS + 1];
	int n = proc_kernel_vmas(j->pid, v, LAYOUT_MAX_VMAS + 1), i;
	unsigned k = 0;

	if (n == -EPERM || n == -EACCES)
		return fail(j, ATTACH_DENIED, "cannot read its mappings: %s %s", strerror(-n),
			    PTRACE_HINT);
	if (n < 0)
		return fail(j, n == -ESRCH || n == -ENOENT ? ATTACH_NO_PROCESS : ATTACH_FAILED,
			    "cannot read its mappings: %s", proc_strerror(n));
	j->vdso = 0;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, "[vdso]"))
			j->vdso = v[i].start;
	if (!j->vdso)
		return fail(j, ATTACH_FAILED, "it has no kernel vDSO where the auxiliary vector "
			    "says (already on a virtual clock, or a 32-bit program?)");
	if (j->vdso >= j->s->fixed_start && j->vdso < j->s->fixed_end)
		return fail(j, ATTACH_FAILED, "it is already on a virtual clock (vdsotool run, or "
			    "attached: see vdsotool ctl %d get)", (int)j->pid);
	for (i = 0; i < n; i++) {
		if (!strcmp(v[i].name, "[vsyscall]"))
			continue;
		if (k >= l->nvmas || (int64_t)(v[i].start - j->vdso) != l->vma[k].start ||
		    v[i].end - v[i].start != l->vma[k].size)
			return fail(j, ATTACH_FAILED, "its vDSO layout differs from this "
				    "process's (a 32-bit or x32 program?)");
		k++;
	}
	return k == l->nvmas ? 0 : fail(j, ATTACH_FAILED, "its vDSO layout is incomplete");
}

/* Step 1: the filter and its listener. */
static int install_filter(struct job *j, const struct filter_prog *prog, int *listener)
{
	struct sock_fprog_k {
		uint16_t len;
		uint16_t pad[3];
		uint64_t filter;
	} fp = { prog->len, { 0 }, j->scratch + 64 };
	const unsigned long flags = SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC |
				    SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	long fd;
	int pidfd, got;

	if (poke(j, j->scratch, &fp, sizeof(fp)) ||
	    poke(j, j->scratch + 64, prog->insn, prog->len * sizeof(prog->insn[0])))
		return fail(j, ATTACH_FAILED, "cannot write into its memory");
	if (failed(call(j, "prctl(PR_SET_NO_NEW_PRIVS)", __NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0,
			0, 0, 0)))
		return ATTACH_FAILED;
	fd = remote_call(&j->r, __NR_seccomp, SECCOMP_SET_MODE_FILTER,
			 flags | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, j->scratch, 0, 0, 0);
	if (fd == -EINVAL)
		fd = remote_call(&j->r, __NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, j->scratch,
				 0, 0, 0);
	if (fd == -EBUSY)
		return fail(j, ATTACH_FAILED, "it already has a seccomp user-notification filter "
			    "(a process takes one listener only: it is under another supervisor, "
			    "or came from a vdsotool session that ended)");
	if (failed(fd))
		return fail(j, ATTACH_FAILED, "seccomp(SECCOMP_SET_MODE_FILTER) in the process "
			    "failed: %s (seccomp user notification needs Linux 5.7+ for a "
			    "multi-threaded process, and may be refused in containers)",
			    strerror((int)-fd));
	pidfd = (int)syscall(SYS_pidfd_open, j->pid, 0);
	got = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, (int)fd, 0);
	if (got < 0)
		snprintf(j->err, j->errlen, "pidfd_getfd: %s", strerror(errno));
	if (pidfd >= 0)
		close(pidfd);
	/* Its copy goes whatever happened: the process keeps no listener. */
	remote_call(&j->r, __NR_close, (uint64_t)fd, 0, 0, 0, 0, 0);
	if (got < 0)
		return ATTACH_FAILED;
	fcntl(got, F_SETFD, FD_CLOEXEC);
	*listener = got;
	return 0;
}

int attach_serve_fd(const struct notifier *nf, const struct seccomp_notif *req,
		    const struct session *s)
{
	int fd = req->data.args[0] == ATTACH_FD_STATS ? s->stats_fd : s->memfd;
	struct seccomp_notif_addfd a = {
		.id = req->id, .flags = SECCOMP_ADDFD_FLAG_SEND, .srcfd = (uint32_t)fd,
		.newfd_flags = O_CLOEXEC,
	};
	int got = fd < 0 ? -1 : ioctl(nf->fd, SECCOMP_IOCTL_NOTIF_ADDFD, &a);

	if (got < 0)
		notify_answer(nf, req->id, 0, ENOSYS);
	return got;
}

/* Has the thread stopped again (its call returned)?  Not consumed. */
static int call_returned(pid_t tid)
{
	siginfo_t si;

	si.si_pid = 0;
	return !waitid(P_PID, (id_t)tid, &si, WSTOPPED | WNOHANG | WNOWAIT | __WALL) &&
	       si.si_pid != 0;
}

/*
 * The thread's ATTACH_FD_NR call answered, within FD_WAIT_MS: by us when
 * it comes through our listener (*got then holds the fd's number), else
 * by the supervisor whose listener it is (a process attach --tree gave
 * its own: that supervisor serves it).  The session's other processes
 * (attached again after a detach) may call meanwhile: their calls go
 * through as they would detached.
 */
static void serve_fd_call(struct job *j, struct notifier *nf, struct seccomp_notif *req,
			  int *got)
{
	struct pollfd p = { nf->fd, POLLIN, 0 };
	int waited;

	for (waited = 0; waited < FD_WAIT_MS && !call_returned(j->r.tid); waited += 2) {
		if (poll(&p, 1, 2) != 1 || notify_recv(nf, req))
			continue;
		if ((pid_t)req->pid == j->r.tid && req->data.nr == ATTACH_FD_NR) {
			*got = attach_serve_fd(nf, req, j->s);
			return;
		}
		notify_continue(nf, req->id);
	}
}

/* Step 2: one of the session's descriptors, as numbered in the process. */
static int hand_fd(struct job *j, int listener, int which, long *theirs)
{
	const uint64_t args[6] = { (uint64_t)which };
	struct notifier nf;
	struct seccomp_notif *req;
	int e, got = -2;

	if (notifier_init(&nf, listener) || !(req = calloc(1, nf.sizes.seccomp_notif)))
		return fail(j, ATTACH_FAILED, "cannot use the seccomp listener");
	e = remote_start(&j->r, ATTACH_FD_NR, args);
	if (!e)
		serve_fd_call(j, &nf, req, &got);
	free(req);
	if (!e)
		e = remote_finish(&j->r, theirs);
	if (e || got == -1 || *theirs < 0 || (got >= 0 && *theirs != got))
		return fail(j, ATTACH_FAILED, "cannot hand it the session's memfd (seccomp "
			    "SECCOMP_ADDFD_FLAG_SEND needs Linux 5.14+)");
	return 0;
}

/* Step 3: the kernel's span to the fixed address, [vdso] last (the
 * calls run from its syscall instruction until then). */
static int move_span(struct job *j, uint64_t from_vdso, uint64_t to_vdso)
{
	const struct vdso_layout *l = &j->s->layout;
	unsigned i, k;

	for (k = 0; k <= l->nvmas; k++) {
		for (i = 0; i < l->nvmas; i++) {
			int is_vdso = l->vma[i].start == 0;
			uint64_t from = from_vdso + (uint64_t)l->vma[i].start;
			uint64_t to = to_vdso + (uint64_t)l->vma[i].start;

			if ((k < l->nvmas) == is_vdso || (k < l->nvmas && k != i))
				continue;
			if (failed(call(j, "mremap of the kernel's vDSO", __NR_mremap, from,
					l->vma[i].size, l->vma[i].size,
					MREMAP_MAYMOVE | MREMAP_FIXED, to, 0)))
				return ATTACH_FAILED;
		}
	}
	j->r.gadget = to_vdso + l->gadget_off;
	return 0;
}

/*
 * Step 3b: the places the kernel's [vvar] pages left stay taken, by
 * PROT_NONE anonymous mappings, until the detach moves them back: else the
 * program's next mmap(NULL) lands there (it is the highest gap below the
 * vDSO), and the detach's MREMAP_FIXED would replace its memory (a glibc
 * process attached before ld.so made its TLS lost its rseq area that way
 * and died of SIGSEGV at the detach).
 */
static int keep_places(struct job *j)
{
	const struct vdso_layout *l = &j->s->layout;
	unsigned i;

	for (i = 0; i < l->nvmas; i++) {
		uint64_t at = j->vdso + (uint64_t)l->vma[i].start;

		if (l->vma[i].start == 0)
			continue;
		if ((uint64_t)call(j, "mmap keeping the kernel's vDSO's place", __NR_mmap, at,
				   l->vma[i].size, PROT_NONE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
				   (uint64_t)-1, 0) != at)
			return ATTACH_FAILED;
	}
	return 0;
}

/*
 * Whether the kernel's span can go back to vdso: each place of its [vvar]
 * pages is free or held by keep_places' kind of mapping (anonymous,
 * PROT_NONE), never the program's own memory, which MREMAP_FIXED would
 * replace.
 */
static int places_kept(struct job *j, uint64_t vdso)
{
	const struct vdso_layout *l = &j->s->layout;
	char path[48], line[512], perms[8];
	unsigned long long lo, hi, off, ino;
	int ok = 1, name;
	unsigned i;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)j->pid);
	if (!(f = fopen(path, "re")))
		return 0;
	while (ok && fgets(line, sizeof(line), f)) {
		/* The blank before %n skips a bare line's newline too: after
		 * it, a name or nothing. */
		if (sscanf(line, "%llx-%llx %7s %llx %*s %llu %n", &lo, &hi, perms, &off, &ino,
			   &name) != 5)
			continue;
		for (i = 0; i < l->nvmas; i++) {
			uint64_t at = vdso + (uint64_t)l->vma[i].start;

			if (l->vma[i].start == 0 || hi <= at || lo >= at + l->vma[i].size)
				continue;
			if (strcmp(perms, "---p") || ino || line[name])
				ok = 0;
		}
	}
	fclose(f);
	return ok;
}

/* Step 4: the session's pages and the image; returns the image's address. */
static int map_session(struct job *j, long memfd, long statsfd, uint64_t *image_at)
{
	const struct session *s = j->s;
	struct vclock_proc proc;
	long r = call(j, "mmap", __NR_mmap, 0, BELOW + s->image_size, PROT_READ,
		      MAP_PRIVATE | MAP_ANONYMOUS, (uint64_t)-1, 0);
	uint64_t x;

	if (failed(r))
		return ATTACH_FAILED;
	x = (uint64_t)r + BELOW;
	memset(&proc, 0, sizeof(proc));
	timens_offsets(j->pid, proc.offset_ns);
	if (poke(j, x - SESSION_PROC_BELOW_IMAGE, &proc, sizeof(proc)))
		return fail(j, ATTACH_FAILED, "cannot write into its memory");
	if (statsfd >= 0 && failed(call(j, "mmap of the stats page", __NR_mmap,
					x - SESSION_STATS_BELOW_IMAGE, PAGE,
					PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
					(uint64_t)statsfd, 0)))
		return ATTACH_FAILED;
	if (failed(call(j, "mmap of the session page", __NR_mmap, x - SESSION_PAGE_BELOW_IMAGE,
			PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, (uint64_t)memfd,
			SESSION_PAGE_OFF)) ||
	    failed(call(j, "mmap of the image", __NR_mmap, x, s->image_size,
			PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, (uint64_t)memfd,
			SESSION_IMAGE_OFF)))
		return ATTACH_FAILED;
	*image_at = x;
	return 0;
}

/*
 * Step 4b: the in-process runtime, as the installer puts it in at an exec:
 * its text and data page at the fixed address, rt_init called in the
 * process (SIGSYS becomes the runtime's, the program's own disposition
 * kept), and the trap filter on every thread (TSYNC).  SIGSYS must not be
 * blocked in any thread when a trap comes (the kernel would kill it): it
 * is taken out of each thread's mask; the runtime keeps it out from then.
 * Done once: after a detach the runtime stays, the filter cannot go; an
 * attach again only tells it where the new session page is.
 */
static int put_runtime(struct job *j, const struct install_params *ip, long memfd,
		       uint64_t image_at)
{
	const struct session *s = j->s;
	struct {
		struct sock_fprog prog;
		int64_t offsets[INSTALL_NCLOCKS];
	} in;
	const uint32_t one = 1;
	const uint64_t sigsys = 1ull << (SIGSYS - 1), carry = RT_CARRY_ATTACH;
	struct vclock_proc proc;
	uint64_t mask;
	long r;
	size_t i;

	_Static_assert(sizeof(in) <= PAGE, "the runtime's arguments fit the scratch page");
	if (mapped_at(j->pid, s->name, s->rt_file_off) == s->rt_at)
		return poke(j, s->rt_data_at + offsetof(struct rt_data, image_base), &image_at,
			    sizeof(image_at)) ? fail(j, ATTACH_FAILED, "cannot write into its "
						       "memory") : 0;
	if ((uint64_t)call(j, "mmap of the runtime", __NR_mmap, s->rt_at, s->rt_size,
			   PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED_NOREPLACE,
			   (uint64_t)memfd, s->rt_file_off) != s->rt_at ||
	    (uint64_t)call(j, "mmap of the runtime's data", __NR_mmap, s->rt_data_at, PAGE,
			   PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			   (uint64_t)-1, 0) != s->rt_data_at)
		return ATTACH_FAILED;
	memset(&in, 0, sizeof(in));
	timens_offsets(j->pid, proc.offset_ns);
	memcpy(in.offsets, proc.offset_ns, sizeof(in.offsets));
	in.prog.len = (unsigned short)ip->trap_len;
	/* The filter lies in the session page, mapped in it just before. */
	in.prog.filter = (struct sock_filter *)(uintptr_t)(image_at - SESSION_PAGE_BELOW_IMAGE +
							   SESSION_TRAP_OFF);
	if (poke(j, j->scratch, &in, sizeof(in)) ||
	    poke(j, s->rt_data_at + offsetof(struct rt_data, carry), &carry, sizeof(carry)))
		return fail(j, ATTACH_FAILED, "cannot write into its memory");
	if (remote_fcall(&j->r, s->rt_at + ip->rt_init_off, s->rt_data_at, image_at,
			 j->scratch + offsetof(typeof(in), offsets), &r) || r)
		return fail(j, ATTACH_FAILED, "the runtime's set-up failed in the process");
	if (poke(j, s->rt_data_at + offsetof(struct rt_data, syscall_clock), &one, sizeof(one)))
		return fail(j, ATTACH_FAILED, "cannot write into its memory");
	for (i = 0; i < j->all.n; i++)
		if (!ptrace(PTRACE_GETSIGMASK, j->all.tid[i], sizeof(mask), &mask) &&
		    (mask & sigsys)) {
			mask &= ~sigsys;
			ptrace(PTRACE_SETSIGMASK, j->all.tid[i], sizeof(mask), &mask);
		}
	j->r.saved_mask &= ~sigsys;
	r = call(j, "seccomp (the trap filter)", __NR_seccomp, SECCOMP_SET_MODE_FILTER,
		 SECCOMP_FILTER_FLAG_TSYNC, j->scratch, 0, 0, 0);
	if (r > 0)
		return fail(j, ATTACH_FAILED, "thread %ld cannot take the trap filter", r);
	return failed(r) ? ATTACH_FAILED : 0;
}

/* Step 5: the trampoline where the vDSO was. */
static int map_trampoline(struct job *j, const unsigned char *bytes)
{
	uint64_t size = j->s->layout.vdso_size;
	long r = call(j, "mmap of the trampoline", __NR_mmap, j->vdso, size,
		      PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		      (uint64_t)-1, 0);

	if (failed(r))
		return ATTACH_FAILED;
	if ((uint64_t)r != j->vdso || poke(j, j->vdso, bytes, size))
		return fail(j, ATTACH_FAILED, "cannot write the trampoline");
	return failed(call(j, "mprotect of the trampoline", __NR_mprotect, j->vdso, size,
			   PROT_READ | PROT_EXEC, 0, 0, 0)) ? ATTACH_FAILED : 0;
}

static int open_mem(struct job *j)
{
	char path[48];

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)j->pid);
	j->mem = open(path, O_RDWR | O_CLOEXEC);
	return j->mem < 0 ? fail(j, ATTACH_FAILED, "cannot open %s: %s", path,
				 strerror(errno)) : 0;
}

static int stop(struct job *j)
{
	char why[160];
	int e = stopall_seize_unblocking(&j->all, j->pid, j->unblock, j->ctx, why, sizeof(why));

	if (e == -ESRCH)
		return fail(j, ATTACH_NO_PROCESS, "no such process (%s)", why);
	if (e == -EPERM)
		return fail(j, ATTACH_DENIED, "%s %s", why, PTRACE_HINT);
	if (e)
		return fail(j, ATTACH_FAILED, "%s", why);
	return 0;
}

/* Everything after the threads are stopped and the thread chosen. */
static int build(struct job *j, const unsigned char *orig, const struct filter_prog *prog,
		 const struct install_params *ip, int *listener)
{
	const struct session *s = j->s;
	size_t ilen = (size_t)(vdsotool_image_end - vdsotool_image_start);
	unsigned char *tramp = malloc(s->layout.vdso_size);
	struct trampoline t;
	/* A detached session's process keeps the session page: replaced. */
	uint64_t image_at = 0, old_page = mapped_at(j->pid, s->name, SESSION_PAGE_OFF);
	long memfd = -1, statsfd = -1, r;
	int st;

	r = tramp ? call(j, "mmap", __NR_mmap, 0, PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, (uint64_t)-1, 0) : -ENOMEM;
	if (failed(r)) {
		st = ATTACH_FAILED;
		goto out;
	}
	j->scratch = (uint64_t)r;
	if (*listener < 0 && (st = install_filter(j, prog, listener)))
		goto out;
	if ((st = hand_fd(j, *listener, ATTACH_FD_MEMFD, &memfd)) ||
	    (s->stats_fd >= 0 && (st = hand_fd(j, *listener, ATTACH_FD_STATS, &statsfd))) ||
	    (st = map_session(j, memfd, statsfd, &image_at)) ||
	    (st = put_runtime(j, ip, memfd, image_at)))
		goto out;
	if (trampoline_build(tramp, s->layout.vdso_size, orig, vdsotool_image_start, ilen,
			     image_at, s->moved_vdso, &t)) {
		st = fail(j, ATTACH_FAILED, "cannot make sense of its vDSO's symbols");
		goto out;
	}
	if ((st = move_span(j, j->vdso, s->moved_vdso)) || (st = map_trampoline(j, tramp)) ||
	    (st = keep_places(j)))
		goto out;
	if (old_page)
		remote_call(&j->r, __NR_munmap, old_page, PAGE, 0, 0, 0, 0);
	st = 0;
out:
	if (memfd >= 0)
		remote_call(&j->r, __NR_close, (uint64_t)memfd, 0, 0, 0, 0, 0);
	if (statsfd >= 0)
		remote_call(&j->r, __NR_close, (uint64_t)statsfd, 0, 0, 0, 0, 0);
	if (j->scratch)
		remote_call(&j->r, __NR_munmap, j->scratch, PAGE, 0, 0, 0, 0);
	free(tramp);
	return st;
}

/*
 * No thread may stand inside code that moves or goes (out[]), but at one
 * of the vDSO's entry points (the trampoline's jump is there then; the
 * kernel's function again after a detach).  Moving a thread's instruction
 * pointer along with the code would not do: the vDSO keeps [vvar]'s
 * address in registers.  Done before a thread is borrowed for the calls:
 * its own registers are what it resumes with.
 */
static int step_out(struct job *j, const unsigned char *orig, const struct stopall_range *out,
		    size_t nout)
{
	const struct session *s = j->s;
	size_t ilen = (size_t)(vdsotool_image_end - vdsotool_image_start), i;
	unsigned char *tmp = malloc(s->layout.vdso_size);
	uint64_t keep[TRAMPOLINE_MAX_ENTRIES];
	struct trampoline t;
	int e;

	e = tmp ? trampoline_build(tmp, s->layout.vdso_size, orig, vdsotool_image_start, ilen, 0,
				   0, &t) : -ENOMEM;
	free(tmp);
	if (e)
		return fail(j, ATTACH_FAILED, "cannot make sense of its vDSO's symbols");
	for (i = 0; i < t.n; i++)
		keep[i] = j->vdso + t.off[i];
	if (stopall_step_out(&j->all, out, nout, keep, t.n))
		return fail(j, ATTACH_FAILED, "a thread stayed inside the vDSO (a blocked system "
			    "call there?); try again");
	return 0;
}

int attach_process(const struct session *s, const struct filter_prog *prog,
		   const struct install_params *ip, pid_t pid, int *listener, char *err,
		   size_t errlen)
{
	struct job j = { .s = s, .pid = pid, .mem = -1, .err = err, .errlen = errlen };
	struct user_regs_struct regs;
	struct stopall_range range;
	unsigned char *orig = NULL;
	int st, e;

	if (kill(pid, 0) && errno == ESRCH)
		return fail(&j, ATTACH_NO_PROCESS, "no such process");
	if ((st = find_span(&j)) || (st = stop(&j)))
		return st;
	/* Read again: an exec between the first reading and the stop gave it
	 * a new vDSO (a process attached as it starts: env, a shell). */
	if ((st = find_span(&j)) || (st = open_mem(&j)))
		goto out;
	if (ptrace(PTRACE_GETREGS, pid, 0, &regs) || regs.cs != 0x33) {
		st = fail(&j, ATTACH_FAILED, "not a 64-bit process");
		goto out;
	}
	orig = malloc(s->layout.vdso_size);
	if (!orig || pread(j.mem, orig, s->layout.vdso_size, (off_t)j.vdso) !=
			     (ssize_t)s->layout.vdso_size) {
		st = fail(&j, ATTACH_FAILED, "cannot read its vDSO");
		goto out;
	}
	range.lo = j.vdso;
	range.hi = j.vdso + s->layout.vdso_size;
	if ((st = step_out(&j, orig, &range, 1)))
		goto out;
	e = remote_begin(&j.r, pid, j.vdso + s->layout.gadget_off);
	if (e) {
		st = fail(&j, ATTACH_FAILED, "cannot take over a thread: %s", strerror(-e));
		goto out;
	}
	st = build(&j, orig, prog, ip, listener);
	remote_end(&j.r);
out:
	free(orig);
	if (j.mem >= 0)
		close(j.mem);
	stopall_release(&j.all);
	return st;
}

static uint64_t auxv_vdso(pid_t pid)
{
	struct auxv_entry e[PROC_AUXV_MAX];
	int n = proc_read_auxv(pid, e, PROC_AUXV_MAX), i;

	for (i = 0; i < n; i++)
		if (e[i].type == 33 /* AT_SYSINFO_EHDR */)
			return e[i].value;
	return 0;
}

int attach_wanted(const struct session *s, pid_t pid)
{
	struct kernel_vma v[LAYOUT_MAX_VMAS + 1];
	int n = proc_kernel_vmas(pid, v, LAYOUT_MAX_VMAS + 1), i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, "[vdso]"))
			return v[i].start < s->fixed_start || v[i].start >= s->fixed_end;
	return 0;
}

int attach_undo(const struct session *s, pid_t pid, void (*unblock)(void *ctx, pid_t tid),
		void *ctx, char *err, size_t errlen)
{
	struct job j = { .s = s, .pid = pid, .mem = -1, .err = err, .errlen = errlen,
			 .unblock = unblock, .ctx = ctx };
	struct stopall_range out[3];
	unsigned char *orig = NULL;
	uint64_t image_at = mapped_at(pid, s->name, SESSION_IMAGE_OFF), size = s->layout.vdso_size;
	int st, e;

	j.vdso = auxv_vdso(pid);
	/* A program exec'd in the session has the image where the vector
	 * says: nothing was patched there (it reads the real clock now). */
	if (!j.vdso || !image_at || image_at == j.vdso)
		return 0;
	if ((st = stop(&j)))
		return st;
	if ((st = open_mem(&j)))
		goto out;
	orig = malloc(size);
	if (!orig || pread(j.mem, orig, size, (off_t)j.vdso) != (ssize_t)size) {
		st = fail(&j, ATTACH_FAILED, "cannot read its trampoline");
		goto out;
	}
	/* Nothing may run in the image when it goes; a thread at a
	 * trampoline's entry will find the kernel's there. */
	out[0] = (struct stopall_range){ j.vdso, j.vdso + size };
	out[1] = (struct stopall_range){ image_at, image_at + s->image_size };
	out[2] = (struct stopall_range){ s->moved_vdso, s->moved_vdso + size };
	if ((st = step_out(&j, orig, out, 3)))
		goto out;
	e = remote_begin(&j.r, pid, s->moved_vdso + s->layout.gadget_off);
	if (e) {
		st = fail(&j, ATTACH_FAILED, "cannot take over a thread: %s", strerror(-e));
		goto out;
	}
	if (!places_kept(&j, j.vdso)) {
		st = fail(&j, ATTACH_FAILED, "the place of its kernel vDSO's [vvar] pages (below "
			  "%#llx) now holds the program's own memory; left there, the vDSO reads "
			  "the real clock through vdsotool's image", (unsigned long long)j.vdso);
		goto out;
	}
	/* No munmap of the trampoline first: the [vdso], moved last, lands
	 * on it (MREMAP_FIXED replaces what is there), so a call that fails
	 * before leaves the process whole, its trampoline leading to the image
	 * (which reads the real clock by then). */
	if (!(st = move_span(&j, s->moved_vdso, j.vdso))) {
		/* The session page stays, read-only and unused: by it vdsotool
		 * ctl and attach find the detached session (members.h). */
		call(&j, "munmap of the image", __NR_munmap, image_at, s->image_size, 0, 0, 0, 0);
		call(&j, "munmap of the session's pages", __NR_munmap, image_at - BELOW,
		     BELOW - SESSION_PAGE_BELOW_IMAGE, 0, 0, 0, 0);
	}
	remote_end(&j.r);
out:
	free(orig);
	if (j.mem >= 0)
		close(j.mem);
	stopall_release(&j.all);
	return st;
}
