// SPDX-License-Identifier: MIT
/*
 * The vDSO's clock_gettime, found the way a runtime without libc finds it
 * (AT_SYSINFO_EHDR, then the image's own hash table) and called directly:
 * the floor every other mechanism is compared with.
 */
#include <sys/auxv.h>
#include <time.h>
#include <vdso/syscall.h>
#include <vdso/vdso.h>
#include "bench/bench.h"

typedef int (*clock_fn)(int, void *);

clock_fn bench_vdso_clock(void)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	struct vdso_image img;
	struct vdso_sym sym;

	if (!base || vdso_image_parse_mapped(&img, (const void *)base))
		return NULL;
	if (vdso_lookup(&img, vdso_arch_names.clock_gettime, vdso_arch_names.version, &sym))
		return NULL;
	return (clock_fn)vdso_sym_addr(&img, &sym);
}

static void loop(void *arg, unsigned long n)
{
	clock_fn fn = (clock_fn)arg;
	struct timespec ts;

	while (n--)
		fn(CLOCK_MONOTONIC, &ts);
}

void bench_vdso(struct bench_result *r, const struct bench_plan *plan)
{
	clock_fn fn = bench_vdso_clock();

	if (!fn) {
		bench_fail(r, BENCH_UNSUPPORTED, "no vDSO clock_gettime (no AT_SYSINFO_EHDR or symbol)");
		return;
	}
	bench_measure(r, plan, loop, (void *)fn, NULL);
}
