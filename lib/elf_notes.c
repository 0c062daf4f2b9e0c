// SPDX-License-Identifier: MIT
/* The GNU build-id note, as readelf -n shows it. */
#include <vdso/vdso.h>
#include "bytes.h"
#include "elf_defs.h"
#include "errno_defs.h"
#include "internal.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static int scan_notes(const struct vdso_image *img, uint64_t off, uint64_t size, uint64_t al,
		      unsigned char *out, size_t max)
{
	uint64_t end, namesz, descsz, type, desc, i;

	if (!img_has(img, off, size))
		return -ENOENT;
	end = off + size;
	while (off + 12 <= end) {
		namesz = img_get(img, off, 4);
		descsz = img_get(img, off + 4, 4);
		type = img_get(img, off + 8, 4);
		if (namesz > size || descsz > size)
			return -ENOENT;
		desc = align_up(off + 12 + namesz, al);
		if (desc > end || descsz > end - desc)
			return -ENOENT;
		if (type == ELF_NT_GNU_BUILD_ID && namesz == 4 &&
		    img->data[off + 12] == 'G' && img->data[off + 13] == 'N' &&
		    img->data[off + 14] == 'U' && img->data[off + 15] == 0) {
			for (i = 0; i < descsz && i < max; i++)
				out[i] = img->data[desc + i];
			return (int)descsz;
		}
		off = align_up(desc + descsz, al);
	}
	return -ENOENT;
}

int vdso_build_id(const struct vdso_image *img, unsigned char *out, size_t max)
{
	unsigned i;

	for (i = 0; i < img->phnum; i++) {
		uint64_t o, va, fs, al;
		uint32_t type;
		int ret;

		if (vdso_phdr_get(img, i, &type, &o, &va, &fs, &al))
			return -ENOENT;
		if (type != ELF_PT_NOTE)
			continue;
		ret = scan_notes(img, o, fs, al == 8 ? 8 : 4, out, max);
		if (ret >= 0)
			return ret;
	}
	return -ENOENT;
}
