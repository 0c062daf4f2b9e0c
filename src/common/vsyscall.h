/* SPDX-License-Identifier: MIT */
#ifndef COMMON_VSYSCALL_H
#define COMMON_VSYSCALL_H

#include "common/proc.h"

/*
 * The legacy vsyscall page's mode: "none" when there is no [vsyscall]
 * mapping; "xonly" when it is execute-only (--xp, the default since Linux
 * 5.3: calls are emulated, reads fault); "native" when the kernel command
 * line says vsyscall=native; else "emulate" (readable, calls emulated).
 */
const char *vsyscall_mode(const struct kernel_vma *vmas, int n);

#endif /* COMMON_VSYSCALL_H */
