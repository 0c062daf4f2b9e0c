/* SPDX-License-Identifier: MIT */
/*
 * Which vDSO entry points answer in user space and which fall back to the
 * system call, decided by observation: a child process installs a seccomp
 * filter that makes the time system calls fail with a marker errno, then
 * calls each vDSO function; a marker result means it fell back.
 */
#ifndef LOOK_CLASSIFY_H
#define LOOK_CLASSIFY_H

enum served_by {
	SERVED_UNKNOWN = 0,
	SERVED_VDSO,
	SERVED_SYSCALL,
	SERVED_ABSENT,			/* the vDSO does not export the function */
	SERVED_ERROR,			/* the function failed for another reason */
};

#define CLASSIFY_NCLOCKS 9

struct classification {
	struct {
		const char *name;
		int id;
		enum served_by by;
	} clock[CLASSIFY_NCLOCKS];
	/* gettimeofday, time, clock_getres (REALTIME), getcpu, getrandom */
	struct {
		const char *name;
		const char *symbol;
		enum served_by by;
	} fn[5];
};

/* 0, or -errno when the child could not be run. */
int classify_vdso(const void *vdso_base, struct classification *c);

const char *served_by_name(enum served_by by);

#endif /* LOOK_CLASSIFY_H */
