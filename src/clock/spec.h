/* SPDX-License-Identifier: MIT */
/* Time specifications of `run` (placeholder until the full parser lands). */
#ifndef SRC_CLOCK_SPEC_H
#define SRC_CLOCK_SPEC_H
#include <stddef.h>
#include <stdint.h>
#define CLOCK_RATE_ONE (1ull << 32)
#define CLOCK_RATE_MAX (1000000ull << 32)
struct clock_spec {
	int has_at;
	int64_t at_ns;
	int64_t offset_ns;
	uint64_t rate_q32;
	int frozen;
};
void clock_spec_init(struct clock_spec *s);
int clock_parse_time(const char *text, int64_t *ns, char *err, size_t errlen);
int clock_parse_duration(const char *text, int64_t *ns, char *err, size_t errlen);
int clock_parse_rate(const char *text, uint64_t *rate_q32, char *err, size_t errlen);
int clock_parse_faketime(const char *text, struct clock_spec *s, char *err, size_t errlen);
int clock_format_time(int64_t ns, char *buf, size_t len);
#endif
