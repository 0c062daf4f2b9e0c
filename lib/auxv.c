// SPDX-License-Identifier: MIT
#include <vdso/auxv.h>

#define AUX_NULL 0
#define AUX_SYSINFO_EHDR 33

const unsigned long *vdso_auxv_from_envp(char **envp)
{
	while (*envp)
		envp++;
	return (const unsigned long *)(envp + 1);
}

unsigned long vdso_auxv_get(const unsigned long *auxv, unsigned long type)
{
	for (; auxv[0] != AUX_NULL; auxv += 2)
		if (auxv[0] == type)
			return auxv[1];
	return 0;
}

int vdso_auxv_find(const unsigned long *auxv, size_t count, unsigned long type,
		   unsigned long *value)
{
	size_t i;

	for (i = 0; i < count && auxv[2 * i] != AUX_NULL; i++) {
		if (auxv[2 * i] == type) {
			*value = auxv[2 * i + 1];
			return 0;
		}
	}
	return -2; /* ENOENT */
}

const void *vdso_base_from_auxv(const unsigned long *auxv)
{
	return (const void *)vdso_auxv_get(auxv, AUX_SYSINFO_EHDR);
}
