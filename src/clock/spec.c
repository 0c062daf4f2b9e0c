// SPDX-License-Identifier: MIT
/* Placeholder: the full parser lands from the spec branch. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock/spec.h"

void clock_spec_init(struct clock_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->rate_q32 = CLOCK_RATE_ONE;
}

int clock_parse_time(const char *text, int64_t *ns, char *err, size_t errlen)
{
	struct tm tm = { 0 };
	char *end;

	if (text[0] == '@') {
		*ns = strtoll(text + 1, &end, 10) * 1000000000LL;
		return *end ? (snprintf(err, errlen, "bad time '%s'", text), -1) : 0;
	}
	end = strptime(text, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end) {
		snprintf(err, errlen, "bad time '%s'", text);
		return -1;
	}
	*ns = (int64_t)timegm(&tm) * 1000000000LL;
	return 0;
}

int clock_parse_duration(const char *text, int64_t *ns, char *err, size_t errlen)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	int64_t unit = 1000000000LL;

	if (*end == 'm')
		unit *= 60;
	else if (*end == 'h')
		unit *= 3600;
	else if (*end == 'd')
		unit *= 86400;
	else if (*end == 'y')
		unit *= 86400 * 365;
	else if (*end && *end != 's')
		return snprintf(err, errlen, "bad duration '%s'", text), -1;
	*ns = v * unit;
	return 0;
}

int clock_parse_rate(const char *text, uint64_t *rate_q32, char *err, size_t errlen)
{
	char *end;
	double r = strtod(text + (text[0] == 'x'), &end);

	if (*end || r < 0)
		return snprintf(err, errlen, "bad rate '%s'", text), -1;
	*rate_q32 = (uint64_t)(r * 4294967296.0);
	return 0;
}

int clock_parse_faketime(const char *text, struct clock_spec *s, char *err, size_t errlen)
{
	(void)s;
	snprintf(err, errlen, "--faketime '%s' is not supported yet", text);
	return -1;
}

int clock_format_time(int64_t ns, char *buf, size_t len)
{
	time_t t = (time_t)(ns / 1000000000LL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return (int)strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
