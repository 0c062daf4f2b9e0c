// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "supervise/abi.h"
#include "supervise/timer_rearm.h"

/* Whether pid's runtime keeps a timer. */
static int keeps_timers(const struct session *s, pid_t pid)
{
	char path[48];
	uint64_t magic = 0;
	int32_t n = 0;
	int fd, keeps;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	keeps = pread(fd, &magic, sizeof(magic), (off_t)s->rt_data_at) == sizeof(magic) &&
		magic == RT_DATA_MAGIC &&
		pread(fd, &n, sizeof(n), (off_t)(s->rt_data_at + offsetof(struct rt_data,
									  ntimers))) == sizeof(n) &&
		n > 0;
	close(fd);
	return keeps;
}

size_t timer_rearm(const struct session *s, const pid_t *pids, size_t n)
{
	size_t i, told = 0;

	if (!s->rt_data_at)
		return 0;
	for (i = 0; i < n; i++) {
		siginfo_t si;

		if (!keeps_timers(s, pids[i]))
			continue;
		memset(&si, 0, sizeof(si));
		si.si_signo = SIGSYS;
		si.si_code = SI_QUEUE;
		si.si_pid = getpid();
		si.si_uid = getuid();
		si.si_value.sival_ptr = (void *)(uintptr_t)RT_REARM_VALUE;
		if (!syscall(SYS_rt_sigqueueinfo, pids[i], SIGSYS, &si))
			told++;
	}
	return told;
}
