// SPDX-License-Identifier: MIT
/*
 * Dynamic symbols: decoding, versions, and lookup through DT_HASH and
 * DT_GNU_HASH.  Every chain walk is bounded by the symbol count, so a
 * cyclic or oversized table ends in -ENOENT rather than a hang.
 */
#include <vdso/vdso.h>
#include "bytes.h"
#include "elf_defs.h"
#include "errno_defs.h"
#include "internal.h"
#include "strings.h"

/* Hard ceiling on table sizes; no vDSO has more than a few dozen symbols. */
#define MAX_SYMS (1u << 20)

uint32_t vdso_sysv_hash(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	uint32_t h = 0, g;

	while (*s) {
		h = (h << 4) + *s++;
		g = h & 0xf0000000;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

uint32_t vdso_gnu_hash(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	uint32_t h = 5381;

	while (*s)
		h = h * 33 + *s++;
	return h;
}

static uint64_t sym_entsize(const struct vdso_image *img)
{
	return img->elf_class == ELF_CLASS64 ? 24 : 16;
}

/* The GNU table holds no count: the last chain in the highest bucket ends it. */
static uint32_t count_gnu(const struct vdso_image *img)
{
	uint64_t g = img->gnu_hash, nb, symoff, bloom, buckets, chains, i, max = 0;

	if (img_read(img, g, 4, &nb) || img_read(img, g + 4, 4, &symoff) ||
	    img_read(img, g + 8, 4, &bloom))
		return 0;
	if (nb == 0 || nb > MAX_SYMS || bloom > MAX_SYMS || symoff > MAX_SYMS)
		return 0;
	buckets = g + 16 + bloom * img_word(img);
	chains = buckets + nb * 4;
	if (!img_has(img, buckets, nb * 4))
		return 0;
	for (i = 0; i < nb; i++) {
		uint64_t b = img_get(img, buckets + i * 4, 4);

		if (b > max)
			max = b;
	}
	if (max < symoff)
		return (uint32_t)symoff;
	for (i = max; i < MAX_SYMS; i++) {
		uint64_t c;

		if (img_read(img, chains + (i - symoff) * 4, 4, &c))
			return 0;
		if (c & 1)
			return (uint32_t)(i + 1);
	}
	return 0;
}

uint32_t vdso_count_symbols(const struct vdso_image *img)
{
	uint64_t n = 0;

	if (img->hash) {
		if (img_read(img, img->hash + 4, 4, &n))
			return 0;
	} else {
		n = count_gnu(img);
	}
	if (n > MAX_SYMS || !img_has(img, img->symtab, n * sym_entsize(img)))
		return 0;
	return (uint32_t)n;
}

uint32_t vdso_sym_count(const struct vdso_image *img)
{
	return img->nsyms;
}

/* A NUL-terminated string at strtab + off, wholly inside the table. */
static const char *get_string(const struct vdso_image *img, uint64_t off)
{
	uint64_t end = img->strtab + img->strsz, p;

	if (off >= img->strsz)
		return 0;
	for (p = img->strtab + off; p < end && p < img->size; p++)
		if (img->data[p] == 0)
			return (const char *)img->data + img->strtab + off;
	return 0;
}

/* Name of the version definition with index ndx, or NULL. */
static const char *verdef_name(const struct vdso_image *img, uint32_t ndx, int *is_base)
{
	uint64_t vd = img->verdef;
	uint32_t steps;

	if (!vd)
		return 0;
	for (steps = 0; steps < 4096; steps++) {
		uint64_t ver, flags, idx, cnt, aux, next, name;

		if (img_read(img, vd, 2, &ver) || img_read(img, vd + 2, 2, &flags) ||
		    img_read(img, vd + 4, 2, &idx) || img_read(img, vd + 6, 2, &cnt) ||
		    img_read(img, vd + 12, 4, &aux) || img_read(img, vd + 16, 4, &next))
			return 0;
		if (ver != 1)
			return 0;
		if (idx == ndx) {
			if (cnt == 0 || img_read(img, vd + aux, 4, &name))
				return 0;
			*is_base = (flags & ELF_VER_FLG_BASE) != 0;
			return get_string(img, name);
		}
		if (next == 0)
			return 0;
		vd += next;
	}
	return 0;
}

int vdso_sym_get(const struct vdso_image *img, uint32_t index, struct vdso_sym *out)
{
	uint64_t s = img->symtab + (uint64_t)index * sym_entsize(img);
	uint64_t name, info, shndx, value, size;
	lib_zero(out, sizeof(*out));
	if (index == 0 || index >= img->nsyms || !img_has(img, s, sym_entsize(img)))
		return -ENOENT;
	name = img_get(img, s, 4);
	if (img->elf_class == ELF_CLASS64) {
		info = img_get(img, s + 4, 1);
		shndx = img_get(img, s + 6, 2);
		value = img_get(img, s + 8, 8);
		size = img_get(img, s + 16, 8);
	} else {
		value = img_get(img, s + 4, 4);
		size = img_get(img, s + 8, 4);
		info = img_get(img, s + 12, 1);
		shndx = img_get(img, s + 14, 2);
	}
	out->name = get_string(img, name);
	if (!out->name)
		return -ENOEXEC;
	out->index = index;
	out->value = value;
	out->size = size;
	out->shndx = (uint16_t)shndx;
	out->type = info & 0xf;
	out->bind = info >> 4;
	if (img->versym) {
		uint64_t vs;
		int is_base = 0;

		if (img_read(img, img->versym + 2ull * index, 2, &vs))
			return -ENOEXEC;
		out->hidden = (vs & ELF_VERSYM_HIDDEN) != 0;
		if ((vs & ELF_VERSYM_INDEX) >= 1) {
			out->version = verdef_name(img, vs & ELF_VERSYM_INDEX, &is_base);
			out->version_is_base = (unsigned char)is_base;
		}
	}
	return 0;
}

static int sym_matches(const struct vdso_image *img, uint32_t i, const char *name,
		       const char *version, struct vdso_sym *out)
{
	if (vdso_sym_get(img, i, out))
		return 0;
	if (out->shndx == ELF_SHN_UNDEF)
		return 0;
	if (out->type != ELF_STT_FUNC && out->type != ELF_STT_NOTYPE &&
	    out->type != ELF_STT_OBJECT)
		return 0;
	if (out->bind != ELF_STB_GLOBAL && out->bind != ELF_STB_WEAK)
		return 0;
	if (!lib_streq(out->name, name))
		return 0;
	if (!version)
		return !out->hidden;
	return out->version && lib_streq(out->version, version);
}

int vdso_lookup_sysv_hash(const struct vdso_image *img, const char *name, const char *version,
			  struct vdso_sym *out)
{
	uint64_t nb, nc, h = img->hash, i;
	uint32_t steps;

	if (!h || img_read(img, h, 4, &nb) || img_read(img, h + 4, 4, &nc) || nb == 0)
		return -ENOENT;
	if (img_read(img, h + 8 + 4 * lib_mod32(vdso_sysv_hash(name), (uint32_t)nb), 4, &i))
		return -ENOENT;
	for (steps = 0; i != 0 && steps < img->nsyms; steps++) {
		if (i >= nc)
			return -ENOENT;
		if (sym_matches(img, (uint32_t)i, name, version, out))
			return 0;
		if (img_read(img, h + 8 + 4 * nb + 4 * i, 4, &i))
			return -ENOENT;
	}
	return -ENOENT;
}

int vdso_lookup_gnu_hash(const struct vdso_image *img, const char *name, const char *version,
			 struct vdso_sym *out)
{
	uint64_t g = img->gnu_hash, nb, symoff, nbloom, shift, word, bits, i;
	unsigned w = img_word(img), wbits = 8 * w;
	uint32_t h = vdso_gnu_hash(name);
	uint64_t buckets, chains, mask;

	if (!g || img_read(img, g, 4, &nb) || img_read(img, g + 4, 4, &symoff) ||
	    img_read(img, g + 8, 4, &nbloom) || img_read(img, g + 12, 4, &shift))
		return -ENOENT;
	if (nb == 0 || nbloom == 0 || nbloom > MAX_SYMS || shift >= 32)
		return -ENOENT;
	/* wbits is 32 or 64: shifts, where the gABI writes / and %. */
	if (img_read(img, g + 16 + w * lib_mod32(h >> (wbits == 64 ? 6 : 5), (uint32_t)nbloom), w,
		     &word))
		return -ENOENT;
	mask = (1ull << (h & (wbits - 1))) | (1ull << ((h >> shift) & (wbits - 1)));
	if ((word & mask) != mask)
		return -ENOENT;
	buckets = g + 16 + nbloom * w;
	chains = buckets + nb * 4;
	if (img_read(img, buckets + 4 * lib_mod32(h, (uint32_t)nb), 4, &i) || i < symoff || i == 0)
		return -ENOENT;
	for (; i < img->nsyms; i++) {
		if (img_read(img, chains + 4 * (i - symoff), 4, &bits))
			return -ENOENT;
		if ((bits | 1) == (h | 1) && sym_matches(img, (uint32_t)i, name, version, out))
			return 0;
		if (bits & 1)
			break;
	}
	return -ENOENT;
}

int vdso_lookup(const struct vdso_image *img, const char *name, const char *version,
		struct vdso_sym *out)
{
	if (img->gnu_hash)
		return vdso_lookup_gnu_hash(img, name, version, out);
	return vdso_lookup_sysv_hash(img, name, version, out);
}
