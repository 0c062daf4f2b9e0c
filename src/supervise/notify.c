// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "supervise/notify.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

int notifier_init(struct notifier *n, int fd)
{
	n->fd = fd;
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &n->sizes))
		return -errno;
	/* The notifying task and the supervisor hand the CPU to each other
	 * instead of going through the scheduler's wake-up path. */
	n->sync_wakeup = !ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
				(unsigned long long)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	return 0;
}

int notify_recv(const struct notifier *n, struct seccomp_notif *req)
{
	memset(req, 0, n->sizes.seccomp_notif);
	return ioctl(n->fd, SECCOMP_IOCTL_NOTIF_RECV, req) ? -errno : 0;
}

static int send_resp(const struct notifier *n, struct seccomp_notif_resp *r)
{
	/* ENOENT: the task died or a signal interrupted its call meanwhile. */
	return ioctl(n->fd, SECCOMP_IOCTL_NOTIF_SEND, r) ? -errno : 0;
}

int notify_continue(const struct notifier *n, uint64_t id)
{
	struct seccomp_notif_resp r = { .id = id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };

	return send_resp(n, &r);
}

int notify_answer(const struct notifier *n, uint64_t id, int64_t val, int err)
{
	struct seccomp_notif_resp r = { .id = id, .val = err ? 0 : val, .error = err ? -err : 0 };

	return send_resp(n, &r);
}

int notify_valid(const struct notifier *n, uint64_t id)
{
	__u64 v = id;

	return !ioctl(n->fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &v);
}

/*
 * process_vm_readv, or /proc/PID/mem where a container's seccomp profile
 * refuses process_vm_readv (EPERM, ENOSYS).
 */
ssize_t task_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
	ssize_t got = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	char path[48];
	int fd, err;

	if (got >= 0 || (errno != EPERM && errno != ENOSYS))
		return got;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	got = pread(fd, buf, len, (off_t)addr);
	err = errno;
	close(fd);
	errno = err;
	return got;
}

int notify_read(const struct notifier *n, const struct seccomp_notif *req, uint64_t addr,
		void *buf, size_t len)
{
	ssize_t got = task_read((pid_t)req->pid, addr, buf, len);

	if (!notify_valid(n, req->id))
		return -ENOENT;
	return got == (ssize_t)len ? 0 : -EFAULT;
}

/* Page by page: a string that ends just before an unmapped page is fine. */
int notify_read_string(const struct notifier *n, const struct seccomp_notif *req, uint64_t addr,
		       char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t chunk = 4096 - ((addr + done) & 4095);
		ssize_t got;

		if (chunk > len - done)
			chunk = len - done;
		got = task_read((pid_t)req->pid, addr + done, buf + done, chunk);
		if (got <= 0)
			return notify_valid(n, req->id) ? -EFAULT : -ENOENT;
		if (memchr(buf + done, 0, (size_t)got))
			return notify_valid(n, req->id) ? 0 : -ENOENT;
		done += (size_t)got;
	}
	return -ENAMETOOLONG;
}

int notify_write(const struct notifier *n, const struct seccomp_notif *req, uint64_t addr,
		 const void *buf, size_t len)
{
	char path[48];
	ssize_t put;
	int fd, ret;

	snprintf(path, sizeof(path), "/proc/%u/mem", req->pid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return notify_valid(n, req->id) ? -errno : -ENOENT;
	if (!notify_valid(n, req->id)) {
		close(fd);
		return -ENOENT;
	}
	put = pwrite(fd, buf, len, (off_t)addr);
	ret = put == (ssize_t)len ? 0 : -EFAULT;
	close(fd);
	return ret;
}
