/* SPDX-License-Identifier: MIT */
/*
 * Time specifications for "vdsotool run": absolute times, durations, rates
 * and libfaketime's FAKETIME strings, parsed into one struct clock_spec.
 *
 * Everything is integer arithmetic on the text itself: no strtod, no
 * timegm, no TZ or locale, so a spec means the same on every machine.
 * Every number takes at most 9 significant fractional digits (nanosecond
 * resolution; further digits must be zeros); all times are UTC unless the
 * text carries an offset. The man page section TIME SPECIFICATIONS is the
 * user-facing statement of what is accepted and rejected.
 */
#ifndef SRC_CLOCK_SPEC_H
#define SRC_CLOCK_SPEC_H

#include <stdint.h>
#include <stddef.h>

#define CLOCK_RATE_ONE (1ull << 32)		/* rates are unsigned 32.32 fixed point */
#define CLOCK_RATE_MAX (1000000ull << 32)	/* reject faster than 1e6x */
#define CLOCK_NS_PER_SEC 1000000000ll

/* Enough for any int64 ns: "2262-04-11T23:47:16.854775807Z" and a NUL. */
#define CLOCK_TIME_BUFLEN 32

/*
 * The one range rule for every way of giving the time: the virtual realtime
 * clock must start in [CLOCK_START_MIN_NS, CLOCK_START_MAX_NS], inclusive.
 * Before 1970 Unix time is negative, which much software mishandles (and
 * --at never could express). The latest start is a round date about 101
 * days short of the end of int64 nanoseconds (2262-04-11T23:47:16.854775807Z):
 * that headroom holds CLOCK_TAI, which runs 37 s ahead of realtime, and
 * then 100 days of session at rate 1 (100/R days at rate R) before the
 * clocks stop at the int64 limit (vclock_apply saturates, it never wraps).
 */
#define CLOCK_START_MIN_NS 0ll						/* 1970-01-01T00:00:00Z */
#define CLOCK_START_MAX_NS (9214646400ll * CLOCK_NS_PER_SEC)		/* 2262-01-01T00:00:00Z */
#define CLOCK_START_HEADROOM_NS (INT64_MAX - CLOCK_START_MAX_NS)

/* Where a value came from, for messages only. */
struct clock_spec_src {
	const char *opt;	/* "--at", "--faketime", ...; NULL: not given */
	const char *kind;	/* what text is: "time", "duration", "FAKETIME spec" */
	const char *text;	/* as given, not copied: it must outlive the spec */
};

struct clock_spec {
	int has_at;		/* --at given (or faketime absolute): virtual realtime starts at at_ns */
	int64_t at_ns;		/* ns since the epoch, >= 0 */
	int64_t offset_ns;	/* --offset: added to realtime (0 if none); with has_at both add */
	uint64_t rate_q32;	/* CLOCK_RATE_ONE by default; 0 means frozen */
	int frozen;		/* --freeze or a faketime absolute spec without '@' */
	struct clock_spec_src at_src, offset_src;	/* set by clock_spec_set_* */
};

void clock_spec_init(struct clock_spec *s);	/* rate 1, nothing else */

/* A spec is frozen when either says so: "x0" and --rate 0 mean --freeze. */
static inline int clock_spec_is_frozen(const struct clock_spec *s)
{
	return s->frozen || s->rate_q32 == 0;
}

/*
 * Each returns 0, or -1 after writing a message naming the bad part into err
 * (errlen bytes, NUL-terminated; err may be NULL), e.g.
 * "bad time '2030-13-01': month 13 out of range (01..12)".
 * On error the output is left untouched.
 */

/* ISO 8601 extended format or @EPOCH[.frac]; result >= 0 ns since the epoch. */
int clock_parse_time(const char *text, int64_t *ns, char *err, size_t errlen);
/* [+|-]N[.F]UNIT..., e.g. +1y -90m +3600s +2d -1.5h 1h30m; a bare number is seconds. */
int clock_parse_duration(const char *text, int64_t *ns, char *err, size_t errlen);
/* 10  0.5  x10  0 (frozen); at most CLOCK_RATE_MAX, rounded to the nearest 2^-32. */
int clock_parse_rate(const char *text, uint64_t *rate_q32, char *err, size_t errlen);
/*
 * libfaketime's FAKETIME: "+2d", "-30m", "@2030-01-01 00:00:00" (starts
 * there and runs), "2030-01-01 00:00:00" (frozen there), each optionally
 * followed by " xRATE". On success every field of *s is replaced, so apply
 * it before options that refine it (--rate, --offset).
 */
int clock_parse_faketime(const char *text, struct clock_spec *s, char *err, size_t errlen);

/*
 * The same, recording where the value came from (opt, and text, which is
 * kept by pointer) for the messages of the checks below. set_faketime
 * replaces every field, as clock_parse_faketime does. Messages are those of
 * the parsers: the caller names opt in front of them.
 */
int clock_spec_set_at(struct clock_spec *s, const char *opt, const char *text, char *err,
		      size_t errlen);
int clock_spec_set_offset(struct clock_spec *s, const char *opt, const char *text, char *err,
			  size_t errlen);
int clock_spec_set_faketime(struct clock_spec *s, const char *opt, const char *text, char *err,
			    size_t errlen);

/*
 * The range rule above, for a session starting when the real clock reads
 * real_now_ns: --at plus --offset, or real_now_ns plus --offset, must lie
 * in [CLOCK_START_MIN_NS, CLOCK_START_MAX_NS]. A spec that gives neither
 * passes (the real time is not the user's to fix). On failure *opt names
 * the option to blame and err reads "bad KIND 'TEXT': why".
 * clock_spec_check_now() reads CLOCK_REALTIME itself.
 */
int clock_spec_check(const struct clock_spec *s, int64_t real_now_ns, const char **opt,
		     char *err, size_t errlen);
int clock_spec_check_now(const struct clock_spec *s, const char **opt, char *err, size_t errlen);

/*
 * The mistake "--at 2030-01-01 00:00:00 -- date" (unquoted), which would
 * run "00:00:00": fails when the time came from an option as a bare date
 * (YYYY-MM-DD, @YYYY-MM-DD), prev (the word before the command) ends with
 * that text, and the command, next, looks like a time of day
 * (hh:mm[:ss[.frac]][zone]). After "--" prev does not end with the date,
 * so an explicit command is left alone. On failure *opt names the option
 * and err reads "bad KIND 'TEXT': ..., --at '2030-01-01 00:00:00'".
 * prev and next may be NULL.
 */
int clock_spec_check_split(const struct clock_spec *s, const char *prev, const char *next,
			   const char **opt, char *err, size_t errlen);

/*
 * Formats ns since the epoch as 2030-01-01T00:00:00Z, with .fraction only
 * when non-zero (9 digits trimmed of trailing zeros). Any int64 works,
 * negative ones too. Returns the length, or -1 if buf is too small
 * (CLOCK_TIME_BUFLEN always suffices).
 */
int clock_format_time(int64_t ns, char *buf, size_t len);

#endif /* SRC_CLOCK_SPEC_H */
