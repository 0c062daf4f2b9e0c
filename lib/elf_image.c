// SPDX-License-Identifier: MIT
/*
 * ELF header, program headers and dynamic section of a vDSO-like image.
 * Both classes and both byte orders; nothing is trusted before it is
 * checked against img->size.
 */
#include <vdso/vdso.h>
#include "bytes.h"
#include "elf_defs.h"
#include "errno_defs.h"
#include "internal.h"
#include "strings.h"

/* Field offsets that differ between the classes: [0] ELF32, [1] ELF64. */
static const struct {
	uint8_t ehsize, e_phoff, e_phentsize, e_phnum;
	uint8_t phent, p_offset, p_vaddr, p_filesz, p_align, addr;
	uint8_t dynent;
} lay[2] = {
	{ 52, 28, 42, 44, 32, 4, 8, 16, 28, 4, 8 },
	{ 64, 32, 54, 56, 56, 8, 16, 32, 48, 8, 16 },
};

#define L(img) (lay[(img)->elf_class == ELF_CLASS64])

static int read_ident(struct vdso_image *img)
{
	const unsigned char *e = img->data;

	if (img->size < 16)
		return -ENOEXEC;
	if (e[0] != 0x7f || e[1] != 'E' || e[2] != 'L' || e[3] != 'F')
		return -ENOEXEC;
	if (e[4] != ELF_CLASS32 && e[4] != ELF_CLASS64)
		return -ENOEXEC;
	if (e[5] != ELF_DATA_LSB && e[5] != ELF_DATA_MSB)
		return -ENOEXEC;
	if (e[6] != 1)
		return -ENOEXEC;
	img->elf_class = e[4];
	img->big_endian = e[5] == ELF_DATA_MSB;
	return 0;
}

int vdso_phdr_get(const struct vdso_image *img, unsigned i, uint32_t *type,
		  uint64_t *offset, uint64_t *vaddr, uint64_t *filesz, uint64_t *align)
{
	uint64_t ph = img->phoff + (uint64_t)i * img->phentsize;
	unsigned w = img_word(img);

	if (i >= img->phnum || !img_has(img, ph, L(img).phent))
		return -EINVAL;
	*type = (uint32_t)img_get(img, ph, 4);
	*offset = img_get(img, ph + L(img).p_offset, w);
	*vaddr = img_get(img, ph + L(img).p_vaddr, w);
	*filesz = img_get(img, ph + L(img).p_filesz, w);
	*align = img_get(img, ph + L(img).p_align, w);
	return 0;
}

/* Translate a virtual address to an image offset through the PT_LOADs. */
int vdso_vaddr_to_offset(const struct vdso_image *img, uint64_t vaddr, uint64_t *off)
{
	unsigned i;

	for (i = 0; i < img->phnum; i++) {
		uint64_t o, va, fs, al;
		uint32_t type;

		if (vdso_phdr_get(img, i, &type, &o, &va, &fs, &al))
			return -EINVAL;
		if (type != ELF_PT_LOAD || vaddr < va || vaddr - va >= fs)
			continue;
		if (!img_has(img, o, vaddr - va + 1))
			return -EINVAL;
		*off = o + (vaddr - va);
		return 0;
	}
	return -EINVAL;
}

static int read_phdrs(struct vdso_image *img, uint64_t *dyn_off, uint64_t *dyn_size)
{
	int have_load = 0;
	unsigned i;

	*dyn_off = *dyn_size = 0;
	for (i = 0; i < img->phnum; i++) {
		uint64_t o, va, fs, al;
		uint32_t type;

		if (vdso_phdr_get(img, i, &type, &o, &va, &fs, &al))
			return -ENOEXEC;
		if (type == ELF_PT_LOAD) {
			if (o > UINT64_MAX - fs)
				return -ENOEXEC;
			if (!have_load) {
				img->vaddr_base = va - o;
				have_load = 1;
			}
			if (o + fs > img->load_end)
				img->load_end = o + fs;
		} else if (type == ELF_PT_DYNAMIC) {
			*dyn_off = o;
			*dyn_size = fs;
		}
	}
	return have_load ? 0 : -ENOEXEC;
}

static int read_header(struct vdso_image *img)
{
	unsigned w;
	uint64_t type, phend;
	int ret = read_ident(img);

	if (ret)
		return ret;
	if (img->size < L(img).ehsize)
		return -ENOEXEC;
	w = img_word(img);
	type = img_get(img, 16, 2);
	if (type != ELF_ET_DYN && type != ELF_ET_EXEC)
		return -ENOEXEC;
	img->machine = (uint16_t)img_get(img, 18, 2);
	img->phoff = img_get(img, L(img).e_phoff, w);
	img->phentsize = (uint16_t)img_get(img, L(img).e_phentsize, 2);
	img->phnum = (uint16_t)img_get(img, L(img).e_phnum, 2);
	if (img->phentsize < L(img).phent || img->phnum == 0)
		return -ENOEXEC;
	phend = (uint64_t)img->phentsize * img->phnum;
	if (!img_has(img, img->phoff, phend))
		return -ENOEXEC;
	return 0;
}

static int dyn_to_offset(const struct vdso_image *img, uint64_t vaddr, uint64_t *out)
{
	return vdso_vaddr_to_offset(img, vaddr, out) ? -ENOEXEC : 0;
}

static int read_dynamic(struct vdso_image *img, uint64_t off, uint64_t size)
{
	unsigned w = img_word(img), ent = L(img).dynent;
	uint64_t hash = 0, gnu = 0, symtab = 0, strtab = 0, versym = 0, verdef = 0;
	uint64_t syment = 0, i;

	if (!img_has(img, off, size))
		return -ENOEXEC;
	for (i = 0; i + ent <= size; i += ent) {
		uint64_t tag = img_get(img, off + i, w);
		uint64_t val = img_get(img, off + i + w, w);

		if (tag == ELF_DT_NULL)
			break;
		switch (tag) {
		case ELF_DT_HASH: hash = val; break;
		case ELF_DT_GNU_HASH: gnu = val; break;
		case ELF_DT_SYMTAB: symtab = val; break;
		case ELF_DT_STRTAB: strtab = val; break;
		case ELF_DT_STRSZ: img->strsz = val; break;
		case ELF_DT_SYMENT: syment = val; break;
		case ELF_DT_VERSYM: versym = val; break;
		case ELF_DT_VERDEF: verdef = val; break;
		case ELF_DT_VERDEFNUM: img->verdefnum = (uint32_t)val; break;
		}
	}
	if (!symtab || !strtab || (!hash && !gnu))
		return -ENOEXEC;
	if (syment && syment != (img->elf_class == ELF_CLASS64 ? 24u : 16u))
		return -ENOEXEC;
	if (dyn_to_offset(img, symtab, &img->symtab) || dyn_to_offset(img, strtab, &img->strtab))
		return -ENOEXEC;
	if (!img_has(img, img->strtab, img->strsz))
		return -ENOEXEC;
	if (hash && dyn_to_offset(img, hash, &img->hash))
		return -ENOEXEC;
	if (gnu && dyn_to_offset(img, gnu, &img->gnu_hash))
		return -ENOEXEC;
	if (versym && dyn_to_offset(img, versym, &img->versym))
		return -ENOEXEC;
	if (verdef && dyn_to_offset(img, verdef, &img->verdef))
		return -ENOEXEC;
	return 0;
}

int vdso_image_parse(struct vdso_image *img, const void *data, size_t size)
{
	uint64_t dyn_off, dyn_size;
	int ret;

	lib_zero(img, sizeof(*img));
	img->data = data;
	img->size = size;
	if (!data)
		return -EINVAL;
	ret = read_header(img);
	if (!ret)
		ret = read_phdrs(img, &dyn_off, &dyn_size);
	if (!ret && !dyn_size)
		ret = -ENOEXEC;
	if (!ret)
		ret = read_dynamic(img, dyn_off, dyn_size);
	if (!ret) {
		img->nsyms = vdso_count_symbols(img);
		if (!img->nsyms)
			ret = -ENOEXEC;
	}
	if (ret) {
		lib_zero(img, sizeof(*img));
		img->data = data;
		img->size = size;
	}
	return ret;
}

int vdso_image_parse_mapped(struct vdso_image *img, const void *base)
{
	/* The kernel maps whole pages and the headers sit in the first one. */
	const uint64_t page = 4096;
	uint64_t dyn_off, dyn_size, end;
	int ret;

	lib_zero(img, sizeof(*img));
	img->data = base;
	img->size = page;
	ret = read_header(img);
	if (!ret)
		ret = read_phdrs(img, &dyn_off, &dyn_size);
	if (ret)
		return ret;
	end = img->load_end;
	if (end > (1u << 24))
		return -ENOEXEC;
	end = (end + page - 1) & ~(page - 1);
	return vdso_image_parse(img, base, end);
}
