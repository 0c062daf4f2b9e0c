/* SPDX-License-Identifier: MIT */
/*
 * Bounds-checked, endian-aware reads from an image.  Every access to image
 * bytes in lib/ goes through these, so a bad offset is an error, not a fault.
 */
#ifndef LIB_BYTES_H
#define LIB_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <vdso/vdso.h>

/* off + len lies within the image, without overflowing. */
static inline int img_has(const struct vdso_image *img, uint64_t off, uint64_t len)
{
	return off <= img->size && len <= img->size - off;
}

static inline uint64_t img_get(const struct vdso_image *img, uint64_t off, unsigned len)
{
	const unsigned char *p = img->data + off;
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < len; i++) {
		unsigned shift = img->big_endian ? 8 * (len - 1 - i) : 8 * i;

		v |= (uint64_t)p[i] << shift;
	}
	return v;
}

/* Read an unsigned field of len bytes at off; -EINVAL when out of bounds. */
static inline int img_read(const struct vdso_image *img, uint64_t off, unsigned len,
			   uint64_t *out)
{
	if (!img_has(img, off, len))
		return -22; /* EINVAL */
	*out = img_get(img, off, len);
	return 0;
}

/* A word of the image's class: 4 bytes for ELF32, 8 for ELF64. */
static inline unsigned img_word(const struct vdso_image *img)
{
	return img->elf_class == 2 ? 8 : 4;
}

#endif /* LIB_BYTES_H */
