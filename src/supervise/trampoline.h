/* SPDX-License-Identifier: MIT */
/*
 * What `attach` leaves where a running process's kernel vDSO was.  The
 * program's C library (or Go runtime) looked the vDSO's functions up at
 * start and keeps their addresses; the kernel's vDSO itself moves to the
 * session's fixed address, as under `run`.  In its place goes a copy of its
 * bytes (the ELF header and symbols stay readable for anyone who parses
 * AT_SYSINFO_EHDR later) with, at every exported function, an absolute
 * jump: to the replacement image's function of the same name, else to the
 * moved kernel function.  Only the entry points are ever run; the rest of
 * the copy refers to a [vvar] that moved away.
 */
#ifndef SUPERVISE_TRAMPOLINE_H
#define SUPERVISE_TRAMPOLINE_H

#include <stddef.h>
#include <stdint.h>

#define TRAMPOLINE_JUMP_LEN 14		/* jmp *0(%rip); .quad target */
#define TRAMPOLINE_MAX_ENTRIES 32

struct trampoline {
	size_t n;
	uint64_t off[TRAMPOLINE_MAX_ENTRIES];	/* each entry, from the start */
	uint64_t to[TRAMPOLINE_MAX_ENTRIES];	/* where its jump goes */
};

/*
 * Fills buf (size bytes, the kernel vDSO's size) from orig, the kernel's
 * vDSO bytes; image (image_len bytes) is the replacement, to be mapped at
 * image_at; the kernel's vDSO moves to moved.  0, or -EINVAL when either
 * image cannot be parsed or two entry points are too close for a jump.
 */
int trampoline_build(unsigned char *buf, size_t size, const unsigned char *orig,
		     const unsigned char *image, size_t image_len, uint64_t image_at, uint64_t moved,
		     struct trampoline *t);

#endif /* SUPERVISE_TRAMPOLINE_H */
