/* SPDX-License-Identifier: MIT */
/* Error numbers from the kernel's UAPI, so lib/ needs no libc errno.h. */
#ifndef LIB_ERRNO_DEFS_H
#define LIB_ERRNO_DEFS_H
#include <asm-generic/errno-base.h>
#endif
