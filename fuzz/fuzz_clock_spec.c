// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the time specification parser: every parser and the
 * formatter on the same input. Beyond "no crash", it checks what must hold
 * for any input: messages are NUL-terminated and start with "bad ", a parsed
 * time is >= 0 and formats to text that parses back to the same value, and
 * a parsed rate is at most CLOCK_RATE_MAX. The range check agrees with a
 * 128-bit sum of the real time and the offset, and the split-date check
 * runs on the input cut at its first newline (spec, then the command).
 *
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
 *	fuzz/fuzz_clock_spec.c src/clock/spec.c -o /tmp/f
 *   /tmp/f -max_total_time=60 fuzz/corpus/clock_spec
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock/spec.h"

static void check_err(int rc, const char *err, size_t errlen)
{
	if (rc == 0)
		return;
	if (rc != -1 || strnlen(err, errlen) == errlen || strncmp(err, "bad ", 4) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Real times to check against: the limits, around them, and the int64 ends. */
static const int64_t nows[] = {
	0, 1796185563000000000, CLOCK_START_MAX_NS, CLOCK_START_MAX_NS + 1, -1, INT64_MAX,
	INT64_MIN,
};

/* clock_spec_check's verdict, worked out in 128 bits: 0 when the start is in range. */
static int expected(const struct clock_spec *s, int64_t now)
{
	__int128 start = s->has_at ? s->at_ns : now;

	if (!s->has_at && !s->offset_src.opt && !s->offset_ns)
		return 0;
	start += s->offset_ns;
	return start >= CLOCK_START_MIN_NS && start <= CLOCK_START_MAX_NS ? 0 : -1;
}

static void check_range(const struct clock_spec *s)
{
	char err[512];
	const char *opt;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(nows) / sizeof(nows[0]); i++) {
		opt = NULL;
		rc = clock_spec_check(s, nows[i], &opt, err, sizeof(err));
		check_err(rc, err, sizeof(err));
		if (rc != expected(s, nows[i]) || (rc && !opt))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], buf[CLOCK_TIME_BUFLEN], small[8];
	struct clock_spec s;
	char *text, *nl;
	int64_t ns, back, v;
	uint64_t rate;
	int rc;

	/* Exactly size bytes plus a NUL, so ASan sees any read past the end. */
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	rc = clock_parse_time(text, &ns, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0) {
		if (ns < 0 || clock_format_time(ns, buf, sizeof(buf)) <= 0)
			abort();
		if (clock_parse_time(buf, &back, err, sizeof(err)) || back != ns)
			abort();
	}

	rc = clock_parse_duration(text, &v, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0 && v == INT64_MIN)
		abort();

	rc = clock_parse_rate(text, &rate, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0 && rate > CLOCK_RATE_MAX)
		abort();

	clock_spec_init(&s);
	rc = clock_parse_faketime(text, &s, small, sizeof(small));
	check_err(rc, small, sizeof(small));
	if (rc == 0 && (s.at_ns < 0 || s.rate_q32 > CLOCK_RATE_MAX ||
			(s.frozen && s.rate_q32 != 0) || (!s.frozen && s.rate_q32 == 0)))
		abort();

	/* The setters, then the range rule, for each way of giving the time. */
	clock_spec_init(&s);
	rc = clock_spec_set_faketime(&s, "--faketime", text, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0)
		check_range(&s);
	clock_spec_init(&s);
	rc = clock_spec_set_offset(&s, "--offset", text, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0)
		check_range(&s);
	rc = clock_spec_set_at(&s, "--at", text, err, sizeof(err));
	check_err(rc, err, sizeof(err));
	if (rc == 0)
		check_range(&s);	/* with the offset above, when it parsed */

	/* "SPEC\nCOMMAND": the split-date hint, from --at and from --faketime. */
	nl = memchr(text, '\n', size);
	if (nl) {
		*nl = '\0';
		clock_spec_init(&s);
		if (!clock_spec_set_at(&s, "--at", text, err, sizeof(err))) {
			rc = clock_spec_check_split(&s, text, nl + 1, NULL, err, sizeof(err));
			check_err(rc, err, sizeof(err));
		}
		if (!clock_spec_set_faketime(&s, "--faketime", text, err, sizeof(err))) {
			rc = clock_spec_check_split(&s, text, nl + 1, NULL, small, sizeof(small));
			check_err(rc, small, sizeof(small));
		}
		*nl = '\n';
	}

	/* The formatter takes any int64: feed it the input's first 8 bytes. */
	v = 0;
	memcpy(&v, data, size < sizeof(v) ? size : sizeof(v));
	if (clock_format_time(v, buf, sizeof(buf)) <= 0)
		abort();
	if (clock_format_time(v, small, sizeof(small)) != -1)
		abort();

	free(text);
	return 0;
}
