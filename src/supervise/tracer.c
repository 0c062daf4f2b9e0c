// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "common/proc.h"
#include "supervise/startup_cpu.h"
#include "supervise/timens.h"
#include "supervise/tracer.h"

static int sys_getregs(void *ctx, pid_t tid, struct user_regs_struct *regs)
{
	(void)ctx;
	return ptrace(PTRACE_GETREGS, tid, 0, regs) ? -errno : 0;
}

static int sys_setregs(void *ctx, pid_t tid, const struct user_regs_struct *regs)
{
	(void)ctx;
	return ptrace(PTRACE_SETREGS, tid, 0, regs) ? -errno : 0;
}

static int sys_getsigmask(void *ctx, pid_t tid, uint64_t *mask)
{
	(void)ctx;
	return ptrace(PTRACE_GETSIGMASK, tid, sizeof(*mask), mask) ? -errno : 0;
}

static int sys_setsigmask(void *ctx, pid_t tid, uint64_t mask)
{
	(void)ctx;
	return ptrace(PTRACE_SETSIGMASK, tid, sizeof(mask), &mask) ? -errno : 0;
}

static int sys_setsiginfo(void *ctx, pid_t tid, const siginfo_t *info)
{
	(void)ctx;
	return ptrace(PTRACE_SETSIGINFO, tid, 0, info) ? -errno : 0;
}

static int sys_resume(void *ctx, pid_t tid, enum resume_how how, int sig)
{
	static const enum __ptrace_request req[] = {
		[RESUME_CONT] = PTRACE_CONT,
		[RESUME_STEP] = PTRACE_SINGLESTEP,
		[RESUME_DETACH] = PTRACE_DETACH,
	};

	(void)ctx;
	if (how == RESUME_DETACH)
		startup_cpu_release(tid);
	return ptrace(req[how], tid, 0, (void *)(long)sig) ? -errno : 0;
}

static int sys_mem_open(void *ctx, pid_t tid)
{
	char path[48];
	int fd;

	(void)ctx;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static int sys_mem_read(void *ctx, int fd, uint64_t addr, void *buf, size_t len)
{
	ssize_t n;

	(void)ctx;
	n = pread(fd, buf, len, (off_t)addr);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static int sys_mem_write(void *ctx, int fd, uint64_t addr, const void *buf, size_t len)
{
	ssize_t n;

	(void)ctx;
	n = pwrite(fd, buf, len, (off_t)addr);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static void sys_mem_close(void *ctx, int fd)
{
	(void)ctx;
	close(fd);
}

static uint64_t sys_vdso_base(void *ctx, pid_t tid)
{
	struct auxv_entry e[PROC_AUXV_MAX];
	int n = proc_read_auxv(tid, e, PROC_AUXV_MAX), i;

	(void)ctx;
	for (i = 0; i < n; i++)
		if (e[i].type == AT_SYSINFO_EHDR)
			return e[i].value;
	return 0;
}

static int sys_kill(void *ctx, pid_t tid, int sig)
{
	(void)ctx;
	return syscall(SYS_tgkill, tid, tid, sig) ? -errno : 0;
}

/* The blocked-and-pending sets of the thread and of the process. */
static int sys_sigcont_pending(void *ctx, pid_t tid)
{
	char path[48], line[128];
	unsigned long long set;
	int pending = 0;
	FILE *f;

	(void)ctx;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if ((sscanf(line, "SigPnd: %llx", &set) == 1 || sscanf(line, "ShdPnd: %llx", &set) == 1) &&
		    (set >> (SIGCONT - 1)) & 1)
			pending = 1;
	if (f)
		fclose(f);
	return pending;
}

static void sys_timens(void *ctx, pid_t tid, int64_t *off)
{
	(void)ctx;
	timens_offsets(tid, off);
}

const struct tracer_ops tracer_sys = {
	.getregs = sys_getregs,
	.setregs = sys_setregs,
	.getsigmask = sys_getsigmask,
	.setsigmask = sys_setsigmask,
	.setsiginfo = sys_setsiginfo,
	.resume = sys_resume,
	.mem_open = sys_mem_open,
	.mem_read = sys_mem_read,
	.mem_write = sys_mem_write,
	.mem_close = sys_mem_close,
	.vdso_base = sys_vdso_base,
	.kill = sys_kill,
	.sigcont_pending = sys_sigcont_pending,
	.timens = sys_timens,
};
