/* SPDX-License-Identifier: MIT */
/*
 * The few helpers lib/ needs so that it calls nothing outside itself: the
 * compiler turns struct zeroing into memset and `%` on a 32-bit target
 * into libgcc calls (__umoddi3, __aeabi_uidivmod), which a program built
 * without libc or libgcc does not have.
 */
#ifndef LIB_STRINGS_H
#define LIB_STRINGS_H

static inline int lib_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

#include <stddef.h>
#include <stdint.h>

/* Byte by byte through a volatile pointer, so no memset call is made. */
static inline void lib_zero(void *p, size_t n)
{
	volatile unsigned char *b = p;

	while (n--)
		*b++ = 0;
}

/* a % b for b > 0 by shift and subtract: no division instruction, which
 * ARMv7 lacks, and no libgcc helper. */
static inline uint32_t lib_mod32(uint32_t a, uint32_t b)
{
	uint32_t r = 0;
	int i;

	for (i = 31; i >= 0; i--) {
		r = (r << 1) | ((a >> i) & 1);
		if (r >= b)
			r -= b;
	}
	return r;
}

#endif /* LIB_STRINGS_H */
