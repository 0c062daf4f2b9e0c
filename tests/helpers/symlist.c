// SPDX-License-Identifier: MIT
/*
 * symlist FILE: libvdso's own view of an image, independent of vdsotool's
 * syms command: "NAME VERSION ADDRESS" per defined symbol, after checking
 * that both hash tables (where present) find each versioned symbol at the
 * same address.  Exits 1 on a lookup mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <vdso/vdso.h>

int main(int argc, char **argv)
{
	static unsigned char buf[1 << 20];
	struct vdso_image img;
	struct vdso_sym s, a;
	size_t n;
	uint32_t i;
	FILE *f;
	int bad = 0;

	if (argc != 2 || !(f = fopen(argv[1], "rb")))
		return 2;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (vdso_image_parse(&img, buf, n))
		return 2;
	printf("# hash %s gnu_hash %s\n", img.hash ? "yes" : "no", img.gnu_hash ? "yes" : "no");
	for (i = 1; i < vdso_sym_count(&img); i++) {
		if (vdso_sym_get(&img, i, &s) || !s.shndx)
			continue;
		printf("%s %s %llx\n", s.name, s.version ? s.version : "-",
		       (unsigned long long)s.value);
		if (!s.version || s.version_is_base)
			continue;
		if (img.hash && (vdso_lookup_sysv_hash(&img, s.name, s.version, &a) ||
				 a.value != s.value)) {
			fprintf(stderr, "DT_HASH lookup of %s failed\n", s.name);
			bad = 1;
		}
		if (img.gnu_hash && (vdso_lookup_gnu_hash(&img, s.name, s.version, &a) ||
				     a.value != s.value)) {
			fprintf(stderr, "DT_GNU_HASH lookup of %s failed\n", s.name);
			bad = 1;
		}
	}
	return bad;
}
