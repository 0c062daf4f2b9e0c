// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <vdso/vdso.h>
#include "supervise/layout.h"

static int is_kernel_vma(const char *name)
{
	return !strcmp(name, "[vvar]") || !strcmp(name, "[vvar_vclock]") ||
	       !strcmp(name, "[vdso]");
}

static int read_vmas(struct vdso_layout *l, uint64_t *vdso_start)
{
	FILE *f = fopen("/proc/self/maps", "re");
	unsigned long long start[LAYOUT_MAX_VMAS], end[LAYOUT_MAX_VMAS], s, e;
	char line[512], name[256];
	unsigned i, n = 0;
	int found = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		name[0] = 0;
		if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %255s", &s, &e, name) < 2)
			continue;
		if (!is_kernel_vma(name) || n == LAYOUT_MAX_VMAS)
			continue;
		start[n] = s;
		end[n] = e;
		snprintf(l->vma[n].name, sizeof(l->vma[n].name), "%s", name);
		if (!strcmp(name, "[vdso]")) {
			*vdso_start = s;
			l->vdso_size = e - s;
			found = 1;
		}
		n++;
	}
	fclose(f);
	if (!found)
		return -ENOENT;
	l->nvmas = n;
	for (i = 0; i < n; i++) {
		l->vma[i].start = (int64_t)(start[i] - *vdso_start);
		l->vma[i].size = end[i] - start[i];
	}
	l->span_start = l->vma[0].start;
	l->span_size = (uint64_t)((int64_t)(end[n - 1] - *vdso_start) - l->span_start);
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
