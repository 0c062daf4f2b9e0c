// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>
#include "look/auxv_format.h"

static const struct {
	unsigned long type;
	const char *name;
	enum auxv_kind kind;
} entries[] = {
	{ 2, "AT_EXECFD", AUXV_DEC },	      { 3, "AT_PHDR", AUXV_HEX },
	{ 4, "AT_PHENT", AUXV_DEC },	      { 5, "AT_PHNUM", AUXV_DEC },
	{ 6, "AT_PAGESZ", AUXV_DEC },	      { 7, "AT_BASE", AUXV_HEX },
	{ 8, "AT_FLAGS", AUXV_HEX },	      { 9, "AT_ENTRY", AUXV_HEX },
	{ 10, "AT_NOTELF", AUXV_HEX },	      { 11, "AT_UID", AUXV_DEC },
	{ 12, "AT_EUID", AUXV_DEC },	      { 13, "AT_GID", AUXV_DEC },
	{ 14, "AT_EGID", AUXV_DEC },	      { 15, "AT_PLATFORM", AUXV_STRING },
	{ 16, "AT_HWCAP", AUXV_HEX_BARE },    { 17, "AT_CLKTCK", AUXV_DEC },
	{ 23, "AT_SECURE", AUXV_DEC },	      { 24, "AT_BASE_PLATFORM", AUXV_STRING },
	{ 25, "AT_RANDOM", AUXV_HEX },	      { 26, "AT_HWCAP2", AUXV_HEX },
	{ 27, "AT_RSEQ_FEATURE_SIZE", AUXV_DEC }, { 28, "AT_RSEQ_ALIGN", AUXV_DEC },
	{ 29, "AT_HWCAP3", AUXV_HEX },	      { 30, "AT_HWCAP4", AUXV_HEX },
	{ 31, "AT_EXECFN", AUXV_STRING },     { 32, "AT_SYSINFO", AUXV_HEX },
	{ 33, "AT_SYSINFO_EHDR", AUXV_HEX },  { 51, "AT_MINSIGSTKSZ", AUXV_DEC },
};

/* CPUID leaf 1, EDX: what the kernel passes as AT_HWCAP on x86. */
static const char *const hwcap_x86[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
	"mtrr", "pge", "mca", "cmov", "pat", "pse36", "psn", "clflush", NULL, "ds", "acpi",
	"mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};

/* arch/x86/include/uapi/asm/hwcap2.h */
static const char *const hwcap2_x86[2] = { "ring3mwait", "fsgsbase" };

static int find(unsigned long type)
{
	size_t i;

	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		if (entries[i].type == type)
			return (int)i;
	return -1;
}

const char *auxv_name(unsigned long type)
{
	int i = find(type);

	return i < 0 ? NULL : entries[i].name;
}

enum auxv_kind auxv_kind(unsigned long type)
{
	int i = find(type);

	return i < 0 ? AUXV_HEX : entries[i].kind;
}

void auxv_format_value(unsigned long type, unsigned long value, char *buf, size_t len)
{
	switch (auxv_kind(type)) {
	case AUXV_DEC:
		snprintf(buf, len, "%lu", value);
		break;
	case AUXV_HEX_BARE:
		snprintf(buf, len, "%lx", value);
		break;
	default:
		snprintf(buf, len, "0x%lx", value);
	}
}

void auxv_hwcap_flags(unsigned long type, unsigned long value, char *buf, size_t len)
{
	const char *const *names = type == 16 ? hwcap_x86 : type == 26 ? hwcap2_x86 : NULL;
	unsigned nnames = type == 16 ? 32 : 2, bit;
	size_t used = 0;

	if (len)
		buf[0] = 0;
	if (!names)
		return;
	for (bit = 0; bit < 8 * sizeof(value); bit++) {
		char one[16];
		int n;

		if (!((value >> bit) & 1))
			continue;
		if (bit < nnames && names[bit])
			snprintf(one, sizeof(one), "%s", names[bit]);
		else
			snprintf(one, sizeof(one), "bit%u", bit);
		n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", one);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}
