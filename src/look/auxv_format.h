/* SPDX-License-Identifier: MIT */
/*
 * Names and formats of auxiliary-vector entries, as glibc's LD_SHOW_AUXV=1
 * prints them, plus the x86 AT_HWCAP/AT_HWCAP2 flag names.
 */
#ifndef LOOK_AUXV_FORMAT_H
#define LOOK_AUXV_FORMAT_H

#include <stddef.h>

enum auxv_kind {
	AUXV_DEC,		/* 4096 */
	AUXV_HEX,		/* 0x7f... */
	AUXV_HEX_BARE,		/* 178bfbff (glibc prints AT_HWCAP so) */
	AUXV_STRING,		/* a pointer to a string in the process */
};

/* "AT_SYSINFO_EHDR", or NULL for a type this table does not know. */
const char *auxv_name(unsigned long type);
enum auxv_kind auxv_kind(unsigned long type);

/* Formats the value as LD_SHOW_AUXV would (strings are the caller's). */
void auxv_format_value(unsigned long type, unsigned long value, char *buf, size_t len);

/* Space-separated names of the set bits of AT_HWCAP or AT_HWCAP2 (x86);
 * unknown bits as bitN.  Empty for other types. */
void auxv_hwcap_flags(unsigned long type, unsigned long value, char *buf, size_t len);

#endif /* LOOK_AUXV_FORMAT_H */
