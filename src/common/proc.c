// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "common/proc.h"

static void proc_path(char *buf, size_t len, pid_t pid, const char *what)
{
	if (pid)
		snprintf(buf, len, "/proc/%d/%s", (int)pid, what);
	else
		snprintf(buf, len, "/proc/self/%s", what);
}

/* /proc/PID/x of a pid that does not exist fails with ENOENT: say ESRCH. */
static int open_proc(pid_t pid, const char *what, int flags)
{
	char path[64];
	int fd;

	proc_path(path, sizeof(path), pid, what);
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

int proc_check(pid_t pid)
{
	char buf[16];
	int fd = open_proc(pid, "auxv", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return fd;
	/* Opening succeeds for anyone; reading needs ptrace access. */
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n < 0 ? -errno : 0;
}

int proc_read_auxv(pid_t pid, struct auxv_entry *out, size_t max)
{
	unsigned long raw[2 * PROC_AUXV_MAX];
	int fd = open_proc(pid, "auxv", O_RDONLY);
	ssize_t n, total = 0;
	size_t i, count;

	if (fd < 0)
		return fd;
	while ((n = read(fd, (char *)raw + total, sizeof(raw) - (size_t)total)) > 0)
		total += n;
	close(fd);
	if (n < 0)
		return -errno;
	count = (size_t)total / (2 * sizeof(long));
	for (i = 0; i < count && i < max && raw[2 * i] != 0; i++) {
		out[i].type = raw[2 * i];
		out[i].value = raw[2 * i + 1];
	}
	return (int)i;
}

static int is_kernel_name(const char *name)
{
	return !strcmp(name, "[vdso]") || !strcmp(name, "[vvar]") ||
	       !strcmp(name, "[vvar_vclock]") || !strcmp(name, "[vsyscall]");
}

int proc_kernel_vmas(pid_t pid, struct kernel_vma *out, size_t max)
{
	char path[64], line[512], name[256], perms[5];
	unsigned long long s, e;
	size_t n = 0;
	FILE *f;

	proc_path(path, sizeof(path), pid, "maps");
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (fgets(line, sizeof(line), f)) {
		name[0] = 0;
		if (sscanf(line, "%llx-%llx %4s %*s %*s %*s %255s", &s, &e, perms, name) < 3)
			continue;
		if (!is_kernel_name(name) || n == max)
			continue;
		out[n].start = s;
		out[n].end = e;
		snprintf(out[n].perms, sizeof(out[n].perms), "%s", perms);
		snprintf(out[n].name, sizeof(out[n].name), "%s", name);
		n++;
	}
	fclose(f);
	return (int)n;
}

int proc_find_vma(pid_t pid, const char *name, struct kernel_vma *out)
{
	struct kernel_vma v[8];
	int n = proc_kernel_vmas(pid, v, 8), i;

	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (!strcmp(v[i].name, name)) {
			*out = v[i];
			return 0;
		}
	}
	return -ENOENT;
}

int proc_read_mem(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	int fd = open_proc(pid, "mem", O_RDONLY);
	size_t done = 0;
	ssize_t n;

	if (fd < 0)
		return fd;
	while (done < len) {
		n = pread(fd, (char *)buf + done, len - done, (off_t)(addr + done));
		if (n <= 0) {
			close(fd);
			return n < 0 ? -errno : -EIO;
		}
		done += (size_t)n;
	}
	close(fd);
	return 0;
}

int proc_read_string(pid_t pid, uint64_t addr, char *buf, size_t len)
{
	int fd = open_proc(pid, "mem", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return fd;
	if (len == 0)
		return -EINVAL;
	/* The string may end near the top of the stack: read what is there. */
	n = pread(fd, buf, len - 1, (off_t)addr);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return (int)strnlen(buf, (size_t)n) < n || n < (ssize_t)len - 1 ? 0 : -ENAMETOOLONG;
}

int proc_comm_is(pid_t pid, const char *name)
{
	char path[64], comm[32];

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	return !proc_read_line(path, comm, sizeof(comm)) && !strcmp(comm, name);
}

int proc_read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

int proc_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	buf[0] = 0;
	if (!f)
		return -errno;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
	/* The kernel ends some lists (available_clocksource) with a blank. */
	for (n = strlen(buf); n && buf[n - 1] == ' '; n--)
		buf[n - 1] = 0;
	return 0;
}

const char *proc_strerror(int err)
{
	switch (err) {
	case -ESRCH:
		return "no such process";
	case -EPERM:
	case -EACCES:
		return "not permitted (hint: reading another user's process needs root or "
		       "CAP_SYS_PTRACE)";
	default:
		return strerror(-err);
	}
}

pid_t proc_parse_pid(const char *text)
{
	char *end;
	long v;

	if (!text || !*text || *text == '-' || *text == '+')
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || v <= 0 || v > 0x3fffffff)
		return -1;
	return (pid_t)v;
}
