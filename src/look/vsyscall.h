/* SPDX-License-Identifier: MIT */
#ifndef LOOK_VSYSCALL_H
#define LOOK_VSYSCALL_H

#include "look/proc.h"

/*
 * The legacy vsyscall page's mode: "none" when there is no [vsyscall]
 * mapping; "xonly" when it is execute-only (--xp, the default since Linux
 * 5.3: calls are emulated, reads fault); "native" when the kernel command
 * line says vsyscall=native; else "emulate" (readable, calls emulated).
 */
const char *vsyscall_mode(const struct kernel_vma *vmas, int n);

#endif /* LOOK_VSYSCALL_H */
