// SPDX-License-Identifier: MIT
/*
 * The Look commands' pure functions: JSON string escaping (RFC 8259),
 * auxv names and LD_SHOW_AUXV formats, x86 HWCAP flag names, the vsyscall
 * mode rule and pid parsing; expected values written out by hand.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "look/auxv_format.h"
#include "common/json.h"
#include "common/proc.h"
#include "common/vsyscall.h"

static char *escaped(const char *s)
{
	static char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	json_write_escaped(f, s);
	fclose(f);
	return buf;
}

static void test_json_escaping(void **state)
{
	(void)state;
	assert_string_equal(escaped("plain"), "\"plain\"");
	assert_string_equal(escaped("a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(escaped("\n\t\r\b\f"), "\"\\n\\t\\r\\b\\f\"");
	assert_string_equal(escaped("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
	assert_string_equal(escaped("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	/* Four-byte sequences pass; U+10FFFF is the last code point. */
	assert_string_equal(escaped("\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"),
			    "\"\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"");
}

/* Every byte outside a well-formed sequence becomes \ufffd, one each. */
static void test_json_invalid_utf8(void **state)
{
	(void)state;
	assert_string_equal(escaped("a\xff" "b"), "\"a\\ufffdb\"");
	assert_string_equal(escaped("\x80"), "\"\\ufffd\"");			/* stray continuation */
	assert_string_equal(escaped("\xc3"), "\"\\ufffd\"");			/* truncated at the end */
	assert_string_equal(escaped("\xc3("), "\"\\ufffd(\"");			/* truncated mid-string */
	assert_string_equal(escaped("\xc0\xaf"), "\"\\ufffd\\ufffd\"");		/* overlong '/' */
	assert_string_equal(escaped("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\"");	/* overlong */
	assert_string_equal(escaped("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	assert_string_equal(escaped("\xf4\x90\x80\x80"),
			    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");		/* above U+10FFFF */
	assert_string_equal(escaped("\xf5"), "\"\\ufffd\"");
	assert_string_equal(escaped("\xe2\x82\xac\xe2\x82"), "\"\xe2\x82\xac\\ufffd\\ufffd\"");
}

static void test_json_document(void **state)
{
	char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct json j;

	(void)state;
	json_document_begin(&j, f, 0, "vdsotool-test/1");
	json_uint(&j, "a", 9007199254740991ull);
	json_array_begin(&j, "b");
	json_string(&j, NULL, "x");
	json_string(&j, NULL, NULL);
	json_bool(&j, NULL, 1);
	json_array_end(&j);
	json_int(&j, "c", -5);
	json_hex(&j, "d", 0xffffffffff600000ull);
	json_hex(&j, "e", 0);
	json_double(&j, "f", 2.5, 3);
	json_double(&j, "g", 0.0 / 0.0, 3);
	json_null(&j, "h");
	json_document_end(&j);
	fclose(f);
	assert_string_equal(buf, "{\"schema\":\"vdsotool-test/1\",\"a\":9007199254740991,"
			    "\"b\":[\"x\",null,true],\"c\":-5,\"d\":\"0xffffffffff600000\","
			    "\"e\":\"0x0\",\"f\":2.500,\"g\":null,\"h\":null}\n");
}

static void test_json_pretty(void **state)
{
	char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct json j;

	(void)state;
	json_document_begin(&j, f, 1, "vdsotool-test/1");
	json_array_begin(&j, "empty");
	json_array_end(&j);
	json_array_begin(&j, "list");
	json_object_begin(&j, NULL);
	json_uint(&j, "n", 1);
	json_object_end(&j);
	json_array_end(&j);
	json_document_end(&j);
	fclose(f);
	assert_string_equal(buf, "{\n"
			    "  \"schema\": \"vdsotool-test/1\",\n"
			    "  \"empty\": [],\n"
			    "  \"list\": [\n"
			    "    {\n"
			    "      \"n\": 1\n"
			    "    }\n"
			    "  ]\n"
			    "}\n");
}

static void test_auxv_names_and_formats(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(auxv_name(33), "AT_SYSINFO_EHDR");
	assert_string_equal(auxv_name(51), "AT_MINSIGSTKSZ");
	assert_null(auxv_name(99));
	auxv_format_value(6, 4096, buf, sizeof(buf));
	assert_string_equal(buf, "4096");
	auxv_format_value(16, 0x178bfbff, buf, sizeof(buf));
	assert_string_equal(buf, "178bfbff");
	auxv_format_value(8, 0, buf, sizeof(buf));
	assert_string_equal(buf, "0x0");
	auxv_format_value(99, 0x1c, buf, sizeof(buf));
	assert_string_equal(buf, "0x1c");
	assert_int_equal(auxv_kind(31), AUXV_STRING);
}

static void test_hwcap_flags(void **state)
{
	char buf[512];

	(void)state;
	/* Bits 0, 4, 25, 26: fpu tsc sse sse2; bit 10 is reserved: bit10. */
	auxv_hwcap_flags(16, (1ul << 0) | (1ul << 4) | (1ul << 10) | (1ul << 25) | (1ul << 26),
			 buf, sizeof(buf));
	assert_string_equal(buf, "fpu tsc bit10 sse sse2");
	auxv_hwcap_flags(26, 3, buf, sizeof(buf));
	assert_string_equal(buf, "ring3mwait fsgsbase");
	auxv_hwcap_flags(6, 4096, buf, sizeof(buf));
	assert_string_equal(buf, "");
	auxv_hwcap_flags(16, 0xffffffff, buf, 8);
	assert_true(strlen(buf) < 8);
}

static void test_vsyscall_mode(void **state)
{
	struct kernel_vma v = { 0xffffffffff600000ull, 0xffffffffff601000ull, "--xp", "[vsyscall]" };
	struct kernel_vma vdso = { 0x7f0000000000ull, 0x7f0000002000ull, "r-xp", "[vdso]" };

	(void)state;
	assert_string_equal(vsyscall_mode(&v, 1), "xonly");
	assert_string_equal(vsyscall_mode(&vdso, 1), "none");
	assert_string_equal(vsyscall_mode(&v, 0), "none");
	memcpy(v.perms, "r-xp", 5);
	assert_true(!strcmp(vsyscall_mode(&v, 1), "emulate") || !strcmp(vsyscall_mode(&v, 1), "native"));
}

static void test_pid_parsing(void **state)
{
	(void)state;
	assert_int_equal(proc_parse_pid("1"), 1);
	assert_int_equal(proc_parse_pid("4194304"), 4194304);
	assert_int_equal(proc_parse_pid("0"), -1);
	assert_int_equal(proc_parse_pid("-3"), -1);
	assert_int_equal(proc_parse_pid("+3"), -1);
	assert_int_equal(proc_parse_pid("12x"), -1);
	assert_int_equal(proc_parse_pid(""), -1);
	assert_int_equal(proc_parse_pid("99999999999999999999"), -1);
	assert_string_equal(proc_strerror(-ESRCH), "no such process");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_json_invalid_utf8),
		cmocka_unit_test(test_json_document),
		cmocka_unit_test(test_json_pretty),
		cmocka_unit_test(test_auxv_names_and_formats),
		cmocka_unit_test(test_hwcap_flags),
		cmocka_unit_test(test_vsyscall_mode),
		cmocka_unit_test(test_pid_parsing),
	};

	return cmocka_run_group_tests_name("look_format", tests, NULL, NULL);
}
