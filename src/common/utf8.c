// SPDX-License-Identifier: MIT
#include "common/utf8.h"

static int in(unsigned char c, unsigned char lo, unsigned char hi)
{
	return c >= lo && c <= hi;
}

/* The ranges of Unicode's table of well-formed byte sequences (3.9,
 * table 3-7): the second byte's range excludes overlongs (E0, F0),
 * surrogates (ED) and code points past U+10FFFF (F4). */
size_t utf8_sequence_len(const unsigned char *p)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (in(c, 0xc2, 0xdf))
		return in(p[1], 0x80, 0xbf) ? 2 : 0;
	if (in(c, 0xe0, 0xef)) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;

		return in(p[1], lo, hi) && in(p[2], 0x80, 0xbf) ? 3 : 0;
	}
	if (in(c, 0xf0, 0xf4)) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;

		return in(p[1], lo, hi) && in(p[2], 0x80, 0xbf) && in(p[3], 0x80, 0xbf) ? 4 : 0;
	}
	return 0;
}
