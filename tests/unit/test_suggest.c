// SPDX-License-Identifier: MIT
/*
 * "Did you mean": edit distances worked out by hand, and which slips get a
 * suggestion among the command names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "common/suggest.h"

static const char *const names[] = { "info", "auxv", "maps", "dump", "syms",
				     "bench", "run", "help", "version" };
#define N (sizeof(names) / sizeof(names[0]))

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("info", "info"), 0);
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("", "run"), 3);
	assert_int_equal(suggest_distance("run", ""), 3);
	assert_int_equal(suggest_distance("inof", "info"), 1);	/* swap */
	assert_int_equal(suggest_distance("ifno", "info"), 1);
	assert_int_equal(suggest_distance("inf", "info"), 1);	/* insertion */
	assert_int_equal(suggest_distance("infoo", "info"), 1);	/* deletion */
	assert_int_equal(suggest_distance("infx", "info"), 1);	/* substitution */
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	/* Optimal string alignment: a swapped pair is not edited again. */
	assert_int_equal(suggest_distance("ca", "abc"), 3);
	assert_int_equal(suggest_distance("INFO", "info"), 0);
	assert_int_equal(suggest_distance("Bench", "bench"), 0);
	assert_int_equal(suggest_distance("vesrion", "version"), 1);
	assert_int_equal(suggest_distance("vrsn", "version"), 3);
}

static void test_long_words_are_far(void **state)
{
	char word[SUGGEST_MAX_LEN + 2];

	(void)state;
	memset(word, 'a', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	assert_int_equal(suggest_distance(word, "info"), SUGGEST_FAR);
	assert_int_equal(suggest_distance("info", word), SUGGEST_FAR);
	word[SUGGEST_MAX_LEN] = '\0';
	assert_int_equal(suggest_distance(word, word), 0);
}

static void test_suggestions(void **state)
{
	(void)state;
	assert_string_equal(suggest_name("inof", names, N), "info");
	assert_string_equal(suggest_name("INFO", names, N), "info");
	assert_string_equal(suggest_name("rn", names, N), "run");
	assert_string_equal(suggest_name("bnech", names, N), "bench");
	assert_string_equal(suggest_name("benhc", names, N), "bench");
	assert_string_equal(suggest_name("bnch", names, N), "bench");
	assert_string_equal(suggest_name("verison", names, N), "version");
	assert_string_equal(suggest_name("vrsion", names, N), "version");
	assert_string_equal(suggest_name("dmp", names, N), "dump");
	assert_string_equal(suggest_name("sym", names, N), "syms");
	/* Two edits on a short name, or more on any: no guess. */
	assert_null(suggest_name("ls", names, N));
	assert_null(suggest_name("dp", names, N));
	assert_null(suggest_name("frobnicate", names, N));
	assert_null(suggest_name("", names, N));
	assert_null(suggest_name("vrsn", names, N));
	assert_null(suggest_name("info", names, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_long_words_are_far),
		cmocka_unit_test(test_suggestions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
