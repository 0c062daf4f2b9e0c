/* SPDX-License-Identifier: MIT */
/*
 * The ELF constants libvdso needs, from the System V gABI and the GNU
 * extensions.  Kept here so that lib/ depends on no libc header.
 */
#ifndef LIB_ELF_DEFS_H
#define LIB_ELF_DEFS_H

#define ELF_CLASS32	1
#define ELF_CLASS64	2
#define ELF_DATA_LSB	1
#define ELF_DATA_MSB	2

#define ELF_ET_EXEC	2
#define ELF_ET_DYN	3

#define ELF_PT_LOAD	1
#define ELF_PT_DYNAMIC	2
#define ELF_PT_NOTE	4

#define ELF_DT_NULL	0
#define ELF_DT_HASH	4
#define ELF_DT_STRTAB	5
#define ELF_DT_SYMTAB	6
#define ELF_DT_STRSZ	10
#define ELF_DT_SYMENT	11
#define ELF_DT_GNU_HASH	0x6ffffef5
#define ELF_DT_VERSYM	0x6ffffff0
#define ELF_DT_VERDEF	0x6ffffffc
#define ELF_DT_VERDEFNUM 0x6ffffffd

#define ELF_SHN_UNDEF	0
#define ELF_STT_NOTYPE	0
#define ELF_STT_OBJECT	1
#define ELF_STT_FUNC	2
#define ELF_STB_GLOBAL	1
#define ELF_STB_WEAK	2

#define ELF_VERSYM_HIDDEN 0x8000
#define ELF_VERSYM_INDEX  0x7fff
#define ELF_VER_FLG_BASE  0x1

#define ELF_NT_GNU_BUILD_ID 3

#endif /* LIB_ELF_DEFS_H */
