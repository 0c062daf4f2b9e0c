// SPDX-License-Identifier: MIT
/*
 * Every truncation and thousands of bit flips of the live vDSO parse to an
 * error or to a valid image, never a fault; run under ASan this also proves
 * no read leaves the buffer.  The buffer is an exact-size heap copy so that
 * ASan sees any overrun.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <cmocka.h>
#include <vdso/vdso.h>

static unsigned char *live_copy(size_t *size)
{
	struct vdso_image img;
	unsigned char *p;

	assert_int_equal(vdso_image_parse_mapped(&img, (const void *)getauxval(AT_SYSINFO_EHDR)), 0);
	p = malloc(img.size);
	assert_non_null(p);
	memcpy(p, img.data, img.size);
	*size = img.size;
	return p;
}

/* Walk everything a user of the parser would walk. */
static void exercise(const unsigned char *buf, size_t size)
{
	struct vdso_image img;
	struct vdso_sym s;
	unsigned char id[32];
	uint32_t i;

	if (vdso_image_parse(&img, buf, size))
		return;
	for (i = 1; i < vdso_sym_count(&img); i++) {
		if (vdso_sym_get(&img, i, &s) == 0 && s.name) {
			(void)strlen(s.name);
			if (s.version)
				(void)strlen(s.version);
		}
	}
	(void)vdso_lookup_sysv_hash(&img, "__vdso_clock_gettime", "LINUX_2.6", &s);
	(void)vdso_lookup_gnu_hash(&img, "__vdso_clock_gettime", "LINUX_2.6", &s);
	(void)vdso_lookup(&img, "__vdso_time", NULL, &s);
	(void)vdso_build_id(&img, id, sizeof(id));
}

static void test_every_truncation(void **state)
{
	size_t size, n;
	unsigned char *img = live_copy(&size);

	(void)state;
	for (n = 0; n < size; n++) {
		unsigned char *p = malloc(n ? n : 1);

		memcpy(p, img, n);
		exercise(p, n);
		free(p);
	}
	free(img);
}

static void test_bit_flips(void **state)
{
	size_t size, k;
	unsigned char *img = live_copy(&size);
	unsigned seed = 12345;

	(void)state;
	for (k = 0; k < 20000; k++) {
		unsigned char *p = malloc(size);
		int flips = 1 + k % 4, f;

		memcpy(p, img, size);
		for (f = 0; f < flips; f++) {
			seed = seed * 1103515245 + 12345;
			/* Bias towards the headers and tables, where the offsets are. */
			size_t at = (seed >> 8) % (k % 2 ? size : 0x500 < size ? 0x500 : size);

			p[at] ^= (unsigned char)(1u << ((seed >> 4) & 7));
		}
		exercise(p, size);
		free(p);
	}
	free(img);
}

static void test_rejects_non_elf(void **state)
{
	struct vdso_image img;
	static const unsigned char text[] = "#!/bin/sh\necho not an elf\n";

	(void)state;
	assert_int_equal(vdso_image_parse(&img, text, sizeof(text)), -ENOEXEC);
	assert_int_equal(vdso_image_parse(&img, text, 0), -ENOEXEC);
	assert_int_equal(vdso_image_parse(&img, NULL, 10), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_rejects_non_elf),
	};

	return cmocka_run_group_tests_name("elf_malformed", tests, NULL, NULL);
}
