/* SPDX-License-Identifier: MIT */
/* The two string helpers lib/ needs, so that it calls no libc function. */
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

#endif /* LIB_STRINGS_H */
