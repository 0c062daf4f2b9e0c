// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "common/proc.h"
#include "supervise/inject.h"
#include "supervise/remote.h"

#define PAGE 4096ull

static int tracee_vdso_base(pid_t pid, uint64_t *base)
{
	struct auxv_entry e[PROC_AUXV_MAX];
	int n = proc_read_auxv(pid, e, PROC_AUXV_MAX), i;

	for (i = 0; i < n; i++) {
		if (e[i].type == AT_SYSINFO_EHDR) {
			*base = e[i].value;
			return 0;
		}
	}
	return n < 0 ? n : -ENOENT;
}

/*
 * A syscall instruction the tracee can execute: looked for in whatever is
 * at its AT_SYSINFO_EHDR (the kernel's vDSO after a fresh exec), else the
 * original vDSO of an injected process, which sits at the fixed address.
 */
static uint64_t find_gadget(const struct session *s, pid_t pid, uint64_t base)
{
	unsigned char buf[8192];
	struct iovec local = { buf, sizeof(buf) }, remote = { (void *)base, sizeof(buf) };
	ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	ssize_t i;

	if (n > (ssize_t)sizeof(buf))
		n = sizeof(buf);
	for (i = 0; i + 1 < n; i++)
		if (buf[i] == 0x0f && buf[i + 1] == 0x05)
			return base + (uint64_t)i;
	return s->moved_vdso + s->layout.gadget_off;
}

#define RSYS(r, err, nr, ...) remote_syscall(r, err, nr, __VA_ARGS__)

static int move_kernel_vmas(const struct session *s, struct remote *r, uint64_t old_vdso,
			    char *why, size_t whylen)
{
	const struct vdso_layout *l = &s->layout;
	unsigned i;
	int err;

	for (i = 0; i < l->nvmas; i++) {
		uint64_t from = old_vdso + (uint64_t)l->vma[i].start;
		uint64_t to = s->fixed_start + (uint64_t)(l->vma[i].start - l->span_start);
		long ret = RSYS(r, &err, __NR_mremap, from, l->vma[i].size, l->vma[i].size,
				MREMAP_MAYMOVE | MREMAP_FIXED, to, 0);

		if (err || ret != (long)to) {
			snprintf(why, whylen, "moving %s failed: %s", l->vma[i].name,
				 strerror(err ? -err : (int)-ret));
			return -1;
		}
		if (!strcmp(l->vma[i].name, "[vdso]"))
			r->gadget = s->moved_vdso + l->gadget_off;
	}
	return 0;
}

static int map_session(const struct session *s, struct remote *r, uint64_t old_vdso, int fd,
		       int stats_fd, char *why, size_t whylen)
{
	struct {
		uint64_t addr, len, prot, flags;
		int fd;
		uint64_t off;
		const char *what;
	} maps[3] = {
		{ old_vdso - PAGE, PAGE, PROT_READ, MAP_SHARED, fd, SESSION_PAGE_OFF,
		  "session page" },
		/* Private, so that gdb can still plant breakpoints in it. */
		{ old_vdso, s->image_size, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd,
		  SESSION_IMAGE_OFF, "image" },
		{ old_vdso - 2 * PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, stats_fd, 0,
		  "stats page" },
	};
	unsigned i, n = stats_fd >= 0 ? 3 : 2;
	int err;

	for (i = 0; i < n; i++) {
		long ret = RSYS(r, &err, __NR_mmap, maps[i].addr, maps[i].len, maps[i].prot,
				maps[i].flags | MAP_FIXED_NOREPLACE, (uint64_t)maps[i].fd,
				maps[i].off);

		if (err || ret != (long)maps[i].addr) {
			snprintf(why, whylen, "mapping the %s failed: %s", maps[i].what,
				 strerror(err ? -err : (int)-ret));
			return -1;
		}
	}
	return 0;
}

static void close_remote(struct remote *r, int fd, int stats_fd)
{
	int err;

	RSYS(r, &err, __NR_close, (uint64_t)fd, 0, 0, 0, 0, 0);
	if (stats_fd >= 0)
		RSYS(r, &err, __NR_close, (uint64_t)stats_fd, 0, 0, 0, 0, 0);
}

enum inject_result inject_image(const struct session *s, pid_t pid, int fd, int stats_fd,
				int *pending_signal, char *why, size_t whylen)
{
	enum inject_result res = INJECT_DONE;
	struct remote r;
	uint64_t base;
	int ret = tracee_vdso_base(pid, &base);

	if (ret) {
		snprintf(why, whylen, "no vDSO in its auxiliary vector");
		inject_close_fds(s, pid, fd, stats_fd);
		return INJECT_SKIPPED;
	}
	if (remote_begin(&r, pid, find_gadget(s, pid, base))) {
		snprintf(why, whylen, "cannot read its registers: %s", strerror(errno));
		return INJECT_SKIPPED;
	}
	if (r.saved.cs != 0x33) {
		snprintf(why, whylen, "not a 64-bit program");
		close_remote(&r, fd, stats_fd);
		remote_finish(&r);
		return INJECT_SKIPPED;
	}
	if (move_kernel_vmas(s, &r, base, why, whylen) ||
	    map_session(s, &r, base, fd, stats_fd, why, whylen))
		res = INJECT_BROKEN;
	close_remote(&r, fd, stats_fd);
	if (remote_finish(&r))
		res = INJECT_BROKEN;
	if (r.pending_signal)
		*pending_signal = r.pending_signal;
	return res;
}

int inject_close_fds(const struct session *s, pid_t pid, int fd, int stats_fd)
{
	struct remote r;
	uint64_t base;

	if (tracee_vdso_base(pid, &base))
		base = s->moved_vdso;
	if (remote_begin(&r, pid, find_gadget(s, pid, base)))
		return -errno;
	close_remote(&r, fd, stats_fd);
	return remote_finish(&r);
}
