// SPDX-License-Identifier: MIT
/*
 * The legacy vsyscall page at a fixed address.  Its mode shows in the
 * permissions of the [vsyscall] line of /proc/self/maps:
 *   absent   none    (vsyscall=none or CONFIG_X86_VSYSCALL_EMULATION off):
 *                    calling it is a SIGSEGV, so it is not measured;
 *   --xp     xonly   (the default since 5.x): the page is not present; each
 *                    call faults and the kernel emulates gettimeofday in
 *                    the fault handler, then returns to the caller;
 *   r-xp     emulate (readable copy, execution still trapped and
 *                    emulated) or, on old kernels, native code.
 * So in every mode left today a call costs a page fault, not a vDSO read.
 */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include "bench/bench.h"
#include "common/proc.h"
#include "common/vsyscall.h"

#define VSYSCALL_GTOD 0xffffffffff600000UL

/* The same rule as `vdsotool maps` (common/vsyscall.c), for this process. */
const char *bench_vsyscall_mode(void)
{
	struct kernel_vma v[8];
	int n = proc_kernel_vmas(0, v, 8);

	return n < 0 ? "unknown" : vsyscall_mode(v, n);
}

static void loop(void *arg, unsigned long n)
{
	int (*gtod)(struct timeval *, void *) = (int (*)(struct timeval *, void *))VSYSCALL_GTOD;
	struct timeval tv;

	(void)arg;
	while (n--)
		gtod(&tv, NULL);
}

void bench_vsyscall(struct bench_result *r, const struct bench_plan *plan)
{
	const char *mode = bench_vsyscall_mode();

	snprintf(r->detail, sizeof(r->detail), "%s", mode);
	if (!strcmp(mode, "none")) {
		bench_fail(r, BENCH_UNSUPPORTED,
			   "no [vsyscall] mapping (vsyscall=none or CONFIG_X86_VSYSCALL_EMULATION off)");
		return;
	}
	if (!strcmp(mode, "unknown")) {
		bench_fail(r, BENCH_FAILED, "cannot read /proc/self/maps");
		return;
	}
	bench_measure(r, plan, loop, NULL, NULL);
}
