/* SPDX-License-Identifier: MIT */
/*
 * Where the kernel puts [vvar], [vvar_vclock] and [vdso] relative to each
 * other, learnt from the supervisor's own mappings: every 64-bit process
 * gets the same image and the same layout, only the base moves (ASLR).
 */
#ifndef SUPERVISE_LAYOUT_H
#define SUPERVISE_LAYOUT_H

#include <stdint.h>

#define LAYOUT_MAX_VMAS 4

struct vdso_layout {
	unsigned nvmas;
	struct {
		int64_t start;		/* relative to the [vdso] start */
		uint64_t size;
		char name[16];
	} vma[LAYOUT_MAX_VMAS];		/* in address order */
	uint64_t vdso_size;
	int64_t span_start;		/* lowest start, relative to [vdso] */
	uint64_t span_size;		/* from the lowest start to the highest end */
	uint64_t gadget_off;		/* a "syscall" instruction, from the [vdso] start */
	/* Offsets of the entry points in the original vDSO (0: absent). */
	uint64_t off_clock_gettime, off_gettimeofday, off_time, off_clock_getres;
	uint64_t off_getcpu, off_getrandom;
};

/* Fills l from /proc/self/maps and this process's vDSO; -errno on failure,
 * -EXDEV when this process already runs on a replacement vDSO. */
int layout_discover(struct vdso_layout *l);

#endif /* SUPERVISE_LAYOUT_H */
