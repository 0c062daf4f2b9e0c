/* SPDX-License-Identifier: MIT */
/* Functions shared between the files of lib/, not part of the public API. */
#ifndef LIB_INTERNAL_H
#define LIB_INTERNAL_H

#include <stdint.h>
#include <vdso/vdso.h>

int vdso_phdr_get(const struct vdso_image *img, unsigned i, uint32_t *type,
		  uint64_t *offset, uint64_t *vaddr, uint64_t *filesz, uint64_t *align);
int vdso_vaddr_to_offset(const struct vdso_image *img, uint64_t vaddr, uint64_t *off);
uint32_t vdso_count_symbols(const struct vdso_image *img);

#endif /* LIB_INTERNAL_H */
