/* SPDX-License-Identifier: MIT */
/*
 * The auxiliary vector, freestanding: find it behind envp on the initial
 * stack, or walk a copy read from /proc/PID/auxv.
 */
#ifndef VDSO_AUXV_H
#define VDSO_AUXV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The vector starts right after envp's terminating NULL. */
const unsigned long *vdso_auxv_from_envp(char **envp);

/* Value of the first entry of type, or 0 when absent (as getauxval). */
unsigned long vdso_auxv_get(const unsigned long *auxv, unsigned long type);

/* Same, over count (type, value) pairs not necessarily NULL-terminated. */
int vdso_auxv_find(const unsigned long *auxv, size_t count, unsigned long type,
		   unsigned long *value);

/* Base of the vDSO from the vector (AT_SYSINFO_EHDR), or NULL. */
const void *vdso_base_from_auxv(const unsigned long *auxv);

#ifdef __cplusplus
}
#endif

#endif /* VDSO_AUXV_H */
