// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "supervise/machine.h"
#include "supervise/remote.h"

void remote_regs(struct user_regs_struct *r, uint64_t gadget, long nr, const uint64_t a[6])
{
	r->rip = gadget;
	r->rax = (uint64_t)nr;
	r->rdi = a[0];
	r->rsi = a[1];
	r->rdx = a[2];
	r->r10 = a[3];
	r->r8 = a[4];
	r->r9 = a[5];
	r->orig_rax = (uint64_t)-1;
}

int remote_begin(struct remote *r, pid_t tid, uint64_t gadget)
{
	uint64_t mask;

	memset(r, 0, sizeof(*r));
	r->tid = tid;
	r->gadget = gadget;
	if (ptrace(PTRACE_GETREGS, tid, 0, &r->saved) ||
	    ptrace(PTRACE_GETSIGMASK, tid, sizeof(r->saved_mask), &r->saved_mask))
		return -errno;
	/* Asynchronous signals wait until the end: none runs a handler on
	 * the registers the calls borrow. */
	mask = r->saved_mask | machine_block_mask();
	if (ptrace(PTRACE_SETSIGMASK, tid, sizeof(mask), &mask))
		return -errno;
	return 0;
}

int remote_start(struct remote *r, long nr, const uint64_t a[6])
{
	struct user_regs_struct regs = r->saved;

	remote_regs(&regs, r->gadget, nr, a);
	if (ptrace(PTRACE_SETREGS, r->tid, 0, &regs) ||
	    ptrace(PTRACE_SINGLESTEP, r->tid, 0, 0))
		return -errno;
	return 0;
}

/*
 * Waits until the task stops with signal want (a signal-delivery stop, not
 * an event), resuming it with how (PTRACE_SINGLESTEP or PTRACE_CONT) after
 * any other stop: a late interrupt stop goes by, a signal that cannot be
 * blocked (SIGSTOP, a fault elsewhere) is kept for the end.  0 or -errno.
 */
static int wait_for_sig(struct remote *r, int how, int want)
{
	int status, tries;

	for (tries = 0; tries < 64; tries++) {
		int sig;

		if (waitpid(r->tid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!WIFSTOPPED(status))
			return -ESRCH;
		sig = WSTOPSIG(status);
		if (sig == want && !(status >> 16))
			return 0;
		if (!(status >> 16) && sig != SIGTRAP) {
			if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
				r->stop_sig = sig;
			else
				r->other_sig = sig;
		}
		if (ptrace((enum __ptrace_request)how, r->tid, 0, 0))
			return -errno;
	}
	return -EIO;
}

int remote_finish(struct remote *r, long *ret)
{
	struct user_regs_struct regs;
	int e = wait_for_sig(r, PTRACE_SINGLESTEP, SIGTRAP);

	if (e)
		return e;
	if (ptrace(PTRACE_GETREGS, r->tid, 0, &regs))
		return -errno;
	if (regs.rip != r->gadget + 2)
		return -EIO;
	*ret = (long)regs.rax;
	return 0;
}

long remote_call(struct remote *r, long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		 uint64_t a4, uint64_t a5)
{
	const uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };
	long ret = 0;
	int e = remote_start(r, nr, a);

	if (!e)
		e = remote_finish(r, &ret);
	return e ? e : ret;
}

int remote_fcall(struct remote *r, uint64_t fn, uint64_t a0, uint64_t a1, uint64_t a2, long *ret)
{
	struct user_regs_struct regs = r->saved;
	/* 128 bytes of red zone, then the ABI's alignment at the entry: the
	 * return address at a 16-byte boundary minus 8. */
	uint64_t sp = ((r->saved.rsp - 256) & ~15ull) - 8;
	int e;

	if (ptrace(PTRACE_POKEDATA, r->tid, sp, 0))
		return -errno;
	regs.rip = fn;
	regs.rsp = sp;
	regs.rdi = a0;
	regs.rsi = a1;
	regs.rdx = a2;
	regs.rax = 0;
	regs.orig_rax = (uint64_t)-1;
	if (ptrace(PTRACE_SETREGS, r->tid, 0, &regs) || ptrace(PTRACE_CONT, r->tid, 0, 0))
		return -errno;
	if ((e = wait_for_sig(r, PTRACE_CONT, SIGSEGV)))
		return e;
	if (ptrace(PTRACE_GETREGS, r->tid, 0, &regs))
		return -errno;
	if (regs.rip != 0)
		return -EFAULT;
	*ret = (long)regs.rax;
	return 0;
}

int remote_end(struct remote *r)
{
	int e = 0;

	if (ptrace(PTRACE_SETREGS, r->tid, 0, &r->saved) ||
	    ptrace(PTRACE_SETSIGMASK, r->tid, sizeof(r->saved_mask), &r->saved_mask))
		e = -errno;
	if (r->other_sig)
		syscall(SYS_tkill, r->tid, r->other_sig);
	if (r->stop_sig)
		syscall(SYS_tkill, r->tid, r->stop_sig);
	return e;
}
