/* SPDX-License-Identifier: MIT */
/*
 * libvdso: find, inspect and call the vDSO, freestanding.
 *
 * Nothing here calls the C library or allocates: the functions work in a
 * static binary, in a process whose libc is not initialised, and inside a
 * replacement vDSO image.  Every offset, size and string read from an image
 * is checked against the size the caller gives, so a malformed image yields
 * a negative error code (-ENOEXEC, -EINVAL, -ENOENT), never a fault.
 */
#ifndef VDSO_VDSO_H
#define VDSO_VDSO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A parsed ELF image: pointers into the caller's memory, nothing copied. */
struct vdso_image {
	const unsigned char *data;	/* first byte of the image */
	size_t size;			/* readable bytes from data */
	unsigned char elf_class;	/* ELFCLASS32 or ELFCLASS64 */
	unsigned char big_endian;	/* 1 for ELFDATA2MSB */
	uint16_t machine;		/* e_machine */
	uint64_t vaddr_base;		/* p_vaddr - p_offset of the first PT_LOAD */
	uint64_t load_end;		/* highest p_offset + p_filesz of a PT_LOAD */
	uint64_t phoff;			/* program header table */
	uint16_t phnum, phentsize;

	/* Dynamic section facts, as file offsets within data (0 = absent). */
	uint64_t symtab, strtab, strsz;
	uint64_t hash, gnu_hash;
	uint64_t versym, verdef;
	uint32_t verdefnum;
	uint32_t nsyms;			/* from DT_HASH, or counted via DT_GNU_HASH */
};

/* One dynamic symbol, decoded. Strings point into the image. */
struct vdso_sym {
	const char *name;
	const char *version;		/* NULL when unversioned */
	uint64_t value;			/* st_value: address relative to the load base */
	uint64_t size;
	uint32_t index;
	uint16_t shndx;
	unsigned char type;		/* STT_* */
	unsigned char bind;		/* STB_* */
	unsigned char hidden;		/* versym hidden bit (0x8000) */
	unsigned char version_is_base;	/* version index 1 (the object's own name) */
};

/* Parse an image of exactly size readable bytes at data. */
int vdso_image_parse(struct vdso_image *img, const void *data, size_t size);

/*
 * Parse the vDSO mapped in this process at base.  The kernel maps the whole
 * file, so the extent is taken from the ELF headers, which are read first
 * within the first page.
 */
int vdso_image_parse_mapped(struct vdso_image *img, const void *base);

/* Number of entries in the dynamic symbol table, including index 0. */
uint32_t vdso_sym_count(const struct vdso_image *img);

/* Decode dynamic symbol number index (0 < index < vdso_sym_count). */
int vdso_sym_get(const struct vdso_image *img, uint32_t index, struct vdso_sym *out);

/*
 * Look a defined symbol up by name and version (version NULL: any version,
 * hidden ones excluded).  vdso_lookup uses DT_GNU_HASH when present and
 * DT_HASH otherwise; the two others force one table, for tests and tools.
 */
int vdso_lookup(const struct vdso_image *img, const char *name, const char *version,
		struct vdso_sym *out);
int vdso_lookup_gnu_hash(const struct vdso_image *img, const char *name, const char *version,
			 struct vdso_sym *out);
int vdso_lookup_sysv_hash(const struct vdso_image *img, const char *name, const char *version,
			  struct vdso_sym *out);

/* Address of a symbol in an image mapped at its load base (img->data). */
static inline void *vdso_sym_addr(const struct vdso_image *img, const struct vdso_sym *sym)
{
	return (void *)(img->data + (sym->value - img->vaddr_base));
}

/* The GNU build-id note: copies up to max bytes, returns its length or -ENOENT. */
int vdso_build_id(const struct vdso_image *img, unsigned char *out, size_t max);

/* Hash functions of the two tables, exposed for tests. */
uint32_t vdso_sysv_hash(const char *name);
uint32_t vdso_gnu_hash(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* VDSO_VDSO_H */
