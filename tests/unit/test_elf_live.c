// SPDX-License-Identifier: MIT
/*
 * libvdso against this process's own vDSO: both hash tables find every
 * symbol the iterator lists, and the function found really tells the time.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <cmocka.h>
#include <vdso/auxv.h>
#include <vdso/syscall.h>
#include <vdso/vdso.h>

extern char **environ;

static void parse_live(struct vdso_image *img)
{
	const void *base = (const void *)getauxval(AT_SYSINFO_EHDR);

	assert_non_null(base);
	assert_int_equal(vdso_image_parse_mapped(img, base), 0);
}

static void test_auxv_agrees_with_getauxval(void **state)
{
	const unsigned long *auxv = vdso_auxv_from_envp(environ);

	(void)state;
	assert_ptr_equal(vdso_base_from_auxv(auxv), (const void *)getauxval(AT_SYSINFO_EHDR));
	assert_int_equal(vdso_auxv_get(auxv, AT_PAGESZ), getauxval(AT_PAGESZ));
	assert_int_equal(vdso_auxv_get(auxv, AT_UID), getauxval(AT_UID));
}

static void test_both_hash_tables_find_every_symbol(void **state)
{
	struct vdso_image img;
	uint32_t i, found = 0;

	(void)state;
	parse_live(&img);
	assert_true(img.hash != 0);
	assert_true(img.gnu_hash != 0);
	for (i = 1; i < vdso_sym_count(&img); i++) {
		struct vdso_sym s, a, b;

		assert_int_equal(vdso_sym_get(&img, i, &s), 0);
		if (s.shndx == 0 || !s.version || s.version_is_base)
			continue;
		assert_int_equal(vdso_lookup_sysv_hash(&img, s.name, s.version, &a), 0);
		assert_int_equal(vdso_lookup_gnu_hash(&img, s.name, s.version, &b), 0);
		assert_int_equal(a.value, s.value);
		assert_int_equal(b.value, s.value);
		found++;
	}
	assert_true(found >= 4);
}

static void test_unknown_name_and_version_are_not_found(void **state)
{
	struct vdso_image img;
	struct vdso_sym s;

	(void)state;
	parse_live(&img);
	assert_int_equal(vdso_lookup(&img, "__vdso_no_such_thing", NULL, &s), -ENOENT);
	assert_int_equal(vdso_lookup_sysv_hash(&img, "__vdso_clock_gettime", "LINUX_9.9", &s),
			 -ENOENT);
	assert_int_equal(vdso_lookup_gnu_hash(&img, "__vdso_clock_gettime", "LINUX_9.9", &s),
			 -ENOENT);
}

static void test_found_clock_gettime_tells_the_time(void **state)
{
	int (*fn)(clockid_t, struct timespec *);
	struct vdso_image img;
	struct vdso_sym s;
	struct timespec a, b, c;

	(void)state;
	parse_live(&img);
	assert_int_equal(vdso_lookup(&img, vdso_arch_names.clock_gettime, vdso_arch_names.version,
				     &s), 0);
	fn = (int (*)(clockid_t, struct timespec *))vdso_sym_addr(&img, &s);
	assert_int_equal(vdso_syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&a), 0);
	assert_int_equal(fn(CLOCK_MONOTONIC, &b), 0);
	assert_int_equal(vdso_syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&c), 0);
	assert_true(a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec));
	assert_true(b.tv_sec < c.tv_sec || (b.tv_sec == c.tv_sec && b.tv_nsec <= c.tv_nsec));
}

static void test_raw_syscalls_match_libc(void **state)
{
	(void)state;
	assert_int_equal(vdso_syscall0(SYS_getpid), getpid());
	assert_int_equal(vdso_syscall1(SYS_close, -1), -EBADF);
	assert_true(vdso_syscall_failed(-EBADF));
	assert_false(vdso_syscall_failed(0));
}

static void test_build_id_present(void **state)
{
	struct vdso_image img;
	unsigned char id[64];

	(void)state;
	parse_live(&img);
	assert_true(vdso_build_id(&img, id, sizeof(id)) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auxv_agrees_with_getauxval),
		cmocka_unit_test(test_both_hash_tables_find_every_symbol),
		cmocka_unit_test(test_unknown_name_and_version_are_not_found),
		cmocka_unit_test(test_found_clock_gettime_tells_the_time),
		cmocka_unit_test(test_raw_syscalls_match_libc),
		cmocka_unit_test(test_build_id_present),
	};

	return cmocka_run_group_tests_name("elf_live", tests, NULL, NULL);
}
