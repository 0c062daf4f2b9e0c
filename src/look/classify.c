// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <vdso/vdso.h>
#include "look/classify.h"

/* Returned by the filter, and so by a vDSO that fell back: nothing else
 * returns it (errno values stop well below). */
#define MARKER 4000

static const struct {
	const char *name;
	int id;
} clocks[CLASSIFY_NCLOCKS] = {
	{ "CLOCK_REALTIME", CLOCK_REALTIME },
	{ "CLOCK_MONOTONIC", CLOCK_MONOTONIC },
	{ "CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW },
	{ "CLOCK_BOOTTIME", CLOCK_BOOTTIME },
	{ "CLOCK_TAI", CLOCK_TAI },
	{ "CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE },
	{ "CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE },
	{ "CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID },
	{ "CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID },
};

static const char *const fn_names[5][2] = {
	{ "gettimeofday", "__vdso_gettimeofday" }, { "time", "__vdso_time" },
	{ "clock_getres", "__vdso_clock_getres" }, { "getcpu", "__vdso_getcpu" },
	{ "getrandom", "__vdso_getrandom" },
};

const char *served_by_name(enum served_by by)
{
	static const char *const names[] = { "unknown", "vdso", "syscall", "absent", "error" };

	return names[by];
}

static int install_marker_filter(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clock_gettime, 6, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_gettimeofday, 5, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_time, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clock_getres, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getcpu, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getrandom, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | MARKER),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static void *entry(const struct vdso_image *img, const char *name)
{
	struct vdso_sym s;

	return vdso_lookup(img, name, "LINUX_2.6", &s) ? NULL : vdso_sym_addr(img, &s);
}

static enum served_by verdict(long ret)
{
	if (ret == -MARKER)
		return SERVED_SYSCALL;
	return ret < 0 && ret > -4096 ? SERVED_ERROR : SERVED_VDSO;
}

typedef long (*getrandom_fn)(void *, size_t, unsigned, void *, size_t);

/*
 * The kernel's vgetrandom needs a state of the size and mapping it names
 * (lib/vdso/getrandom.c, Linux 6.11), and a fresh state's first call seeds
 * its key with the getrandom system call: so the state is made and seeded
 * before the filter goes in, and only the second call is observed.
 */
static void *getrandom_state(getrandom_fn fn, size_t *len)
{
	struct {
		unsigned size, prot, flags, reserved[13];
	} params;
	char buf[16];
	void *state;

	memset(&params, 0, sizeof(params));
	if (!fn || fn(NULL, 0, 0, &params, ~0UL) != 0 || !params.size)
		return NULL;
	state = mmap(NULL, 4096, (int)params.prot, (int)params.flags, -1, 0);
	if (state == MAP_FAILED)
		return NULL;
	*len = params.size;
	fn(buf, sizeof(buf), 0, state, *len);
	return state;
}

static enum served_by try_getrandom(getrandom_fn fn, void *state, size_t len)
{
	char buf[16];

	return state ? verdict(fn(buf, sizeof(buf), 0, state, len)) : SERVED_ERROR;
}

static void child(const struct vdso_image *img, int fd)
{
	int (*cgt)(clockid_t, struct timespec *) = entry(img, "__vdso_clock_gettime");
	unsigned char out[CLASSIFY_NCLOCKS + 5];
	struct timespec ts;
	getrandom_fn grnd = (getrandom_fn)entry(img, "__vdso_getrandom");
	size_t state_len = 0;
	void *state = getrandom_state(grnd, &state_len);
	struct timeval tv;
	unsigned cpu;
	int i;

	if (install_marker_filter())
		_exit(2);
	for (i = 0; i < CLASSIFY_NCLOCKS; i++)
		out[i] = cgt ? verdict(cgt(clocks[i].id, &ts)) : SERVED_ABSENT;
	for (i = 0; i < 5; i++) {
		void *f = entry(img, fn_names[i][1]);

		if (!f) {
			out[CLASSIFY_NCLOCKS + i] = SERVED_ABSENT;
			continue;
		}
		switch (i) {
		case 0:
			out[CLASSIFY_NCLOCKS + i] = verdict(((int (*)(struct timeval *, void *))f)(&tv, NULL));
			break;
		case 1:
			out[CLASSIFY_NCLOCKS + i] = verdict(((long (*)(long *))f)(NULL));
			break;
		case 2:
			out[CLASSIFY_NCLOCKS + i] = verdict(((int (*)(clockid_t, struct timespec *))f)(
				CLOCK_REALTIME, &ts));
			break;
		case 3:
			out[CLASSIFY_NCLOCKS + i] = verdict(((int (*)(unsigned *, unsigned *, void *))f)(
				&cpu, NULL, NULL));
			break;
		case 4:
			out[CLASSIFY_NCLOCKS + i] = try_getrandom(f, state, state_len);
			break;
		}
	}
	_exit(write(fd, out, sizeof(out)) == (ssize_t)sizeof(out) ? 0 : 3);
}

int classify_vdso(const void *vdso_base, struct classification *c)
{
	unsigned char in[CLASSIFY_NCLOCKS + 5];
	struct vdso_image img;
	int p[2], i, status;
	ssize_t n;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < CLASSIFY_NCLOCKS; i++) {
		c->clock[i].name = clocks[i].name;
		c->clock[i].id = clocks[i].id;
	}
	for (i = 0; i < 5; i++) {
		c->fn[i].name = fn_names[i][0];
		c->fn[i].symbol = fn_names[i][1];
	}
	if (vdso_image_parse_mapped(&img, vdso_base))
		return -ENOEXEC;
	if (pipe(p))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(p[0]);
		child(&img, p[1]);
	}
	close(p[1]);
	n = read(p[0], in, sizeof(in));
	close(p[0]);
	waitpid(pid, &status, 0);
	if (n != (ssize_t)sizeof(in))
		return -EIO;
	for (i = 0; i < CLASSIFY_NCLOCKS; i++)
		c->clock[i].by = (enum served_by)in[i];
	for (i = 0; i < 5; i++)
		c->fn[i].by = (enum served_by)in[CLASSIFY_NCLOCKS + i];
	return 0;
}
