// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <vdso/vdso.h>
#include "common/proc.h"
#include "supervise/layout.h"

/* The kernel's vDSO mappings of this process, without [vsyscall]. */
static int read_vmas(struct vdso_layout *l, uint64_t *vdso_start)
{
	struct kernel_vma v[LAYOUT_MAX_VMAS + 1];
	int n = proc_kernel_vmas(0, v, LAYOUT_MAX_VMAS + 1), i, found = 0;
	uint64_t end = 0;

	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (!strcmp(v[i].name, "[vsyscall]"))
			continue;
		if (!strcmp(v[i].name, "[vdso]")) {
			*vdso_start = v[i].start;
			l->vdso_size = v[i].end - v[i].start;
			found = 1;
		}
		snprintf(l->vma[l->nvmas].name, sizeof(l->vma[l->nvmas].name), "%s", v[i].name);
		l->vma[l->nvmas].start = (int64_t)v[i].start;
		l->vma[l->nvmas].size = v[i].end - v[i].start;
		end = v[i].end;
		l->nvmas++;
	}
	if (!found)
		return -ENOENT;
	for (i = 0; i < (int)l->nvmas; i++)
		l->vma[i].start -= (int64_t)*vdso_start;
	l->span_start = l->vma[0].start;
	l->span_size = (uint64_t)((int64_t)(end - *vdso_start) - l->span_start);
	return 0;
}

/* The supervisor runs remote system calls through a syscall instruction of the image. */
static int find_gadget(struct vdso_layout *l, const unsigned char *vdso)
{
	uint64_t i;

	for (i = 0; i + 1 < l->vdso_size; i++) {
		if (vdso[i] == 0x0f && vdso[i + 1] == 0x05) {
			l->gadget_off = i;
			return 0;
		}
	}
	return -ENOENT;
}

static uint64_t entry_off(const struct vdso_image *img, const char *name)
{
	struct vdso_sym s;

	if (vdso_lookup(img, name, "LINUX_2.6", &s))
		return 0;
	return (uint64_t)((const unsigned char *)vdso_sym_addr(img, &s) - img->data);
}

int layout_discover(struct vdso_layout *l)
{
	const unsigned char *base = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);
	struct vdso_image img;
	uint64_t vdso_start = 0;
	int ret;

	memset(l, 0, sizeof(*l));
	if (!base)
		return -ENOENT;
	ret = read_vmas(l, &vdso_start);
	if (ret)
		return ret;
	/* Under `run` the vector names the replacement, not the kernel's [vdso]. */
	if (vdso_start != (uint64_t)(uintptr_t)base)
		return -EXDEV;
	ret = vdso_image_parse(&img, base, l->vdso_size);
	if (ret)
		return ret;
	ret = find_gadget(l, base);
	if (ret)
		return ret;
	l->off_clock_gettime = entry_off(&img, "__vdso_clock_gettime");
	l->off_gettimeofday = entry_off(&img, "__vdso_gettimeofday");
	l->off_time = entry_off(&img, "__vdso_time");
	l->off_clock_getres = entry_off(&img, "__vdso_clock_getres");
	l->off_getcpu = entry_off(&img, "__vdso_getcpu");
	l->off_getrandom = entry_off(&img, "__vdso_getrandom");
	return l->off_clock_gettime ? 0 : -ENOENT;
}
