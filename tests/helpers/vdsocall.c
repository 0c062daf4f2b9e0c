// SPDX-License-Identifier: MIT
/*
 * vdsocall CLOCKID: calls the vDSO's clock_gettime for CLOCKID directly
 * (found with libvdso), so that strace shows a system call only when the
 * vDSO falls back to one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <time.h>
#include <vdso/vdso.h>

int main(int argc, char **argv)
{
	int (*fn)(clockid_t, struct timespec *);
	struct vdso_image img;
	struct vdso_sym s;
	struct timespec ts;

	if (argc != 2 || vdso_image_parse_mapped(&img, (void *)getauxval(AT_SYSINFO_EHDR)) ||
	    vdso_lookup(&img, "__vdso_clock_gettime", "LINUX_2.6", &s))
		return 2;
	fn = (int (*)(clockid_t, struct timespec *))vdso_sym_addr(&img, &s);
	return fn(atoi(argv[1]), &ts) ? 1 : 0;
}
