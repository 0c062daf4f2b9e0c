/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 validation for text that leaves vdsotool in a format that must be
 * valid UTF-8 (JSON, SVG): file names, ELF symbol names and strings read
 * from other processes are bytes, not text.
 */
#ifndef COMMON_UTF8_H
#define COMMON_UTF8_H

#include <stddef.h>

/*
 * The length (1 to 4) of the well-formed UTF-8 sequence at p, or 0 when
 * the byte at p does not start one (a stray continuation byte, a truncated,
 * overlong or surrogate sequence, or a code point above U+10FFFF).
 * p points at a NUL-terminated string; *p is not NUL.
 */
size_t utf8_sequence_len(const unsigned char *p);

#endif /* COMMON_UTF8_H */
