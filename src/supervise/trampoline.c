// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>
#include <vdso/vdso.h>
#include "supervise/trampoline.h"

#define STT_FUNC_ 2

static int known(const struct trampoline *t, uint64_t off)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->off[i] == off)
			return 1;
	return 0;
}

/* No two jumps may overlap: aliases (clock_gettime, __vdso_clock_gettime)
 * share one, distinct functions must lie a jump apart. */
static int spaced(const struct trampoline *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->n; j++)
			if (i != j && t->off[j] > t->off[i] &&
			    t->off[j] - t->off[i] < TRAMPOLINE_JUMP_LEN)
				return 0;
	return 1;
}

int trampoline_build(unsigned char *buf, size_t size, const unsigned char *orig,
		     const unsigned char *image, size_t image_len, uint64_t image_at, uint64_t moved,
		     struct trampoline *t)
{
	struct vdso_image k, r;
	struct vdso_sym s, m;
	uint32_t i, n;
	size_t e;

	memset(t, 0, sizeof(*t));
	if (vdso_image_parse(&k, orig, size) || vdso_image_parse(&r, image, image_len))
		return -EINVAL;
	memcpy(buf, orig, size);
	n = vdso_sym_count(&k);
	for (i = 0; i < n; i++) {
		uint64_t off, to;

		if (vdso_sym_get(&k, i, &s) || s.type != STT_FUNC_ || !s.shndx || !s.name)
			continue;
		off = s.value - k.vaddr_base;
		if (off + TRAMPOLINE_JUMP_LEN > size || known(t, off))
			continue;
		if (t->n == TRAMPOLINE_MAX_ENTRIES)
			return -EINVAL;
		if (!vdso_lookup(&r, s.name, s.version, &m) && m.type == STT_FUNC_)
			to = image_at + (m.value - r.vaddr_base);
		else
			to = moved + off;
		t->off[t->n] = off;
		t->to[t->n++] = to;
	}
	if (!t->n || !spaced(t))
		return -EINVAL;
	for (e = 0; e < t->n; e++) {
		unsigned char *p = buf + t->off[e];

		p[0] = 0xff;		/* jmp *0(%rip) */
		p[1] = 0x25;
		memset(p + 2, 0, 4);
		memcpy(p + 6, &t->to[e], 8);
	}
	return 0;
}
