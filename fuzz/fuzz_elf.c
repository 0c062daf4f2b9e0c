// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for libvdso's ELF parser: parse, walk every symbol and
 * its version, look names up through both hash tables, read the build-id.
 * The input is copied to an exact-size buffer so ASan sees any overrun.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vdso/vdso.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"__vdso_clock_gettime", "__vdso_gettimeofday", "__kernel_clock_gettime",
	"__vdso_time", "LINUX_2.6", "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1), id[64];
	struct vdso_image img;
	struct vdso_sym s;
	uint32_t i;
	size_t k;

	memcpy(copy, data, size);
	if (vdso_image_parse(&img, copy, size) == 0) {
		for (i = 1; i < vdso_sym_count(&img); i++) {
			if (vdso_sym_get(&img, i, &s))
				continue;
			if (strlen(s.name) > img.size || (s.version && strlen(s.version) > img.size))
				abort();
			(void)vdso_lookup_sysv_hash(&img, s.name, s.version, &s);
		}
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			(void)vdso_lookup_sysv_hash(&img, names[k], "LINUX_2.6", &s);
			(void)vdso_lookup_gnu_hash(&img, names[k], NULL, &s);
			(void)vdso_lookup(&img, names[k], "LINUX_2.6.39", &s);
		}
		(void)vdso_build_id(&img, id, sizeof(id));
	}
	free(copy);
	return 0;
}
