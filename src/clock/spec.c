// SPDX-License-Identifier: MIT
/*
 * Time specification parser for "vdsotool run".
 *
 * Every parser works on a [p, e) range rather than on a NUL-terminated
 * string, so that FAKETIME can hand its words to the same code without
 * copying, and so that no read can pass the end whatever the input is.
 * Numbers are parsed digit by digit into integers: strtod would make "0,5"
 * versus "0.5" depend on LC_NUMERIC and would round twice on the way to
 * nanoseconds and 32.32 rates.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock/spec.h"

#define NS_PER_SEC 1000000000ull
#define SECS_PER_DAY 86400ll
#define NS_PER_DAY (86400ull * NS_PER_SEC)
/* 2000-01-01 starts a 400-year Gregorian cycle: used to go from days to dates. */
#define DAYS_1970_TO_2000 10957
#define DAYS_PER_400Y 146097
#define EXCERPT_MAX 40		/* input bytes quoted in a message before "..." */

/* The reason part of a message; the public wrappers prefix "bad what 'text': ". */
struct why {
	char buf[512];
};

/* An input excerpt made printable: bytes outside ASCII print as \xNN. */
struct excerpt {
	char s[EXCERPT_MAX * 4 + 4];
};

struct cur {
	const char *p, *e;
	int comma;		/* ',' is a decimal separator too (libfaketime's FAKETIME) */
};

struct decimal {
	uint64_t ip;		/* integer part */
	uint32_t frac;		/* fractional part in units of 1e-9 */
	int overflow;		/* the integer part did not fit in 64 bits */
	const char *start, *end;
};

static const char *quote(struct excerpt *x, const char *s, const char *e)
{
	size_t n = 0;
	const char *p;

	for (p = s; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (p - s >= EXCERPT_MAX) {
			memcpy(x->s + n, "...", 3);
			n += 3;
			break;
		}
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			x->s[n++] = (char)c;
		} else {
			snprintf(x->s + n, 5, "\\x%02x", c);
			n += 4;
		}
	}
	x->s[n] = '\0';
	return x->s;
}

static int reason(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reason(struct why *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->buf, sizeof(w->buf), fmt, ap);
	va_end(ap);
	return -1;
}

static int fail(char *err, size_t errlen, const char *what, const char *text, const struct why *w)
{
	struct excerpt x;

	if (err && errlen)
		snprintf(err, errlen, "bad %s '%s': %s", what, quote(&x, text, text + strlen(text)),
			 w->buf);
	return -1;
}

static int peek(const struct cur *c)
{
	return c->p < c->e ? (unsigned char)*c->p : -1;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Digits after a decimal separator, as nanoseconds. Past the ninth digit
 * only zeros are accepted: dropping a non-zero digit would silently change
 * the value, and nanoseconds are all a clock can show.
 */
static int parse_fraction(struct cur *c, uint32_t *frac, struct why *w)
{
	const char *start = c->p;
	uint32_t v = 0;
	int n = 0;
	struct excerpt x;

	if (!is_digit(peek(c)))
		return reason(w, "missing digits after '%c'", c->p[-1]);
	for (; is_digit(peek(c)); c->p++, n++) {
		if (n < 9)
			v = v * 10 + (uint32_t)(*c->p - '0');
		else if (*c->p != '0')
			break;
	}
	if (is_digit(peek(c))) {
		while (is_digit(peek(c)))
			c->p++;
		return reason(w, "more than 9 significant fractional digits in '%s'",
			      quote(&x, start, c->p));
	}
	for (; n < 9; n++)
		v *= 10;
	*frac = v;
	return 0;
}

/*
 * A decimal comma where only the dot is accepted: "1,5" could be a
 * thousands separator to some readers, so outside FAKETIME strings (where
 * libfaketime's documentation gives it a meaning) it is refused, not guessed.
 */
static int comma_hint(struct cur *c, const char *start, struct why *w)
{
	struct excerpt x, y;
	char *comma;

	for (c->p++; is_digit(peek(c));)
		c->p++;
	quote(&x, start, c->p);
	quote(&y, start, c->p);
	comma = strchr(y.s, ',');
	if (comma)
		*comma = '.';
	return reason(w, "a decimal comma ('%s') is only accepted in FAKETIME strings: write '%s'",
		      x.s, y.s);
}

/* DIGITS[.DIGITS]; the caller has checked that a digit comes first. */
static int parse_decimal(struct cur *c, struct decimal *d, struct why *w)
{
	d->start = c->p;
	d->ip = 0;
	d->frac = 0;
	d->overflow = 0;
	for (; is_digit(peek(c)); c->p++) {
		uint64_t dig = (uint64_t)(*c->p - '0');

		/* Keep scanning after an overflow so the message quotes the whole number. */
		if (d->ip > (UINT64_MAX - dig) / 10)
			d->overflow = 1;
		else
			d->ip = d->ip * 10 + dig;
	}
	if (peek(c) == '.' || (c->comma && peek(c) == ',')) {
		c->p++;
		if (parse_fraction(c, &d->frac, w))
			return -1;
	} else if (peek(c) == ',' && c->p + 1 < c->e && is_digit((unsigned char)c->p[1])) {
		return comma_hint(c, d->start, w);
	}
	d->end = c->p;
	return 0;
}

/* ---- times ---- */

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const unsigned char len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return len[m - 1] + (m == 2 && is_leap(y));
}

/* Leap years in [1, y], for y >= 0. */
static int64_t leaps_through(int64_t y)
{
	return y / 4 - y / 100 + y / 400;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), for y >= 1. */
static int64_t days_from_civil(int y, int m, int d)
{
	static const short before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

	return 365ll * (y - 1970) + leaps_through(y - 1) - leaps_through(1969) + before[m - 1] +
	       (m > 2 && is_leap(y)) + d - 1;
}

static void civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t r = days - DAYS_1970_TO_2000, cyc = r / DAYS_PER_400Y, year;
	int month = 1;

	r %= DAYS_PER_400Y;
	if (r < 0) {
		r += DAYS_PER_400Y;
		cyc--;
	}
	/* At most 400 years and 12 months to walk: formatting is not a hot path. */
	for (year = 2000 + 400 * cyc; r >= 365 + is_leap(year); year++)
		r -= 365 + is_leap(year);
	for (; r >= days_in_month(year, month); month++)
		r -= days_in_month(year, month);
	*y = year;
	*m = month;
	*d = (int)r + 1;
}

static const char *const month_names[12] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December",
};

/*
 * A fixed-width field: exactly n digits, no more, no fewer (ISO 8601's
 * extended format has no variable-width fields but the fraction).
 */
static int field(struct cur *c, int n, const char *name, int *v, struct why *w)
{
	const char *start = c->p;
	struct excerpt x;
	int val = 0;

	while (is_digit(peek(c)) && c->p - start <= n)
		val = val * 10 + (*c->p++ - '0');
	if (c->p - start == n && !is_digit(peek(c))) {
		*v = val;
		return 0;
	}
	while (is_digit(peek(c)))
		c->p++;
	if (c->p == start)
		return reason(w, "expected the %s (%d digits) at '%s'", name, n,
			      quote(&x, start, c->e));
	return reason(w, "%s '%s' must have %d digits", name, quote(&x, start, c->p), n);
}

static int two_digits(struct cur *c, const char *name, int *v, struct why *w)
{
	const char *start = c->p;
	struct excerpt x;

	if (c->e - c->p >= 2 && is_digit(c->p[0]) && is_digit(c->p[1])) {
		*v = (c->p[0] - '0') * 10 + (c->p[1] - '0');
		c->p += 2;
		return 0;
	}
	while (is_digit(peek(c)))
		c->p++;
	if (c->p == start)
		return reason(w, "expected the %s (2 digits) at '%s'", name, quote(&x, start, c->e));
	return reason(w, "%s '%s' must have 2 digits", name, quote(&x, start, c->p));
}

static int expect(struct cur *c, char ch, const char *after, struct why *w)
{
	struct excerpt x;

	if (peek(c) == ch) {
		c->p++;
		return 0;
	}
	if (c->p == c->e)
		return reason(w, "missing '%c' after the %s", ch, after);
	return reason(w, "expected '%c' after the %s at '%s'", ch, after, quote(&x, c->p, c->e));
}

static int parse_year(struct cur *c, int *year, struct why *w)
{
	const char *start = c->p;
	struct excerpt x;
	int v = 0;

	while (is_digit(peek(c))) {
		if (c->p - start < 4)
			v = v * 10 + (*c->p - '0');
		c->p++;
	}
	if (c->p == start)
		return reason(w, "expected a date YYYY-MM-DD or @SECONDS at '%s'",
			      quote(&x, start, c->e));
	if (c->p - start == 8 && peek(c) != '-')
		return reason(w, "the basic format YYYYMMDD is not supported, write YYYY-MM-DD");
	if (c->p - start > 4)
		return reason(w, "year '%s' out of range (1970..9999)", quote(&x, start, c->p));
	if (c->p - start < 4)
		return reason(w, "year '%s' must have 4 digits", quote(&x, start, c->p));
	/* 1969 may still end up after the epoch through a negative UTC offset. */
	if (v < 1969)
		return reason(w, "year %04d: before 1970 is not supported", v);
	*year = v;
	return 0;
}

/* Z, +hh:mm, +hhmm, +hh (or '-'); nothing at all means UTC. Seconds east of UTC. */
static int parse_zone(struct cur *c, int64_t *east, struct why *w)
{
	int sign, hh = 0, mm = 0;

	*east = 0;
	if (c->p == c->e)
		return 0;
	if (peek(c) == 'Z' || peek(c) == 'z') {
		c->p++;
		return 0;
	}
	if (peek(c) != '+' && peek(c) != '-')
		return 0;	/* the caller reports what follows as trailing junk */
	sign = *c->p++ == '-' ? -1 : 1;
	/* Hours and minutes may touch (+0530), so the hour cannot be a whole digit run. */
	if (two_digits(c, "UTC offset hour", &hh, w))
		return -1;
	if (hh > 23)
		return reason(w, "UTC offset hour %02d out of range (00..23)", hh);
	if (peek(c) == ':') {
		c->p++;
		if (field(c, 2, "UTC offset minute", &mm, w))
			return -1;
	} else if (is_digit(peek(c))) {
		if (field(c, 2, "UTC offset minute", &mm, w))
			return -1;
	}
	if (mm > 59)
		return reason(w, "UTC offset minute %02d out of range (00..59)", mm);
	*east = sign * (hh * 3600 + mm * 60);
	return 0;
}

static int parse_iso(struct cur *c, int64_t *ns, struct why *w)
{
	int y = 0, mo = 0, d = 0, hh = 0, mi = 0, ss = 0;
	uint32_t frac = 0;
	int64_t east = 0, secs;
	struct excerpt x;

	if (parse_year(c, &y, w) || expect(c, '-', "year", w) ||
	    field(c, 2, "month", &mo, w))
		return -1;
	if (mo < 1 || mo > 12)
		return reason(w, "month %02d out of range (01..12)", mo);
	if (expect(c, '-', "month", w) || field(c, 2, "day", &d, w))
		return -1;
	if (d < 1 || d > days_in_month(y, mo))
		return reason(w, "day %02d out of range for %s %04d (%d days)", d,
			      month_names[mo - 1], y, days_in_month(y, mo));
	if (c->p < c->e) {
		if (peek(c) != 'T' && peek(c) != 't' && peek(c) != ' ')
			return reason(w, "expected 'T' or a space after the date at '%s'",
				      quote(&x, c->p, c->e));
		c->p++;
		if (c->p == c->e)
			return reason(w, "missing time after the date");
		if (field(c, 2, "hour", &hh, w))
			return -1;
		if (hh > 23)
			return reason(w, "hour %02d out of range (00..23)", hh);
		if (expect(c, ':', "hour", w) || field(c, 2, "minute", &mi, w))
			return -1;
		if (mi > 59)
			return reason(w, "minute %02d out of range (00..59)", mi);
		if (peek(c) == ':') {
			c->p++;
			if (field(c, 2, "second", &ss, w))
				return -1;
			if (ss > 60)
				return reason(w, "second %02d out of range (00..60)", ss);
			/* ISO 8601 prefers the comma; both are common. */
			if (peek(c) == '.' || peek(c) == ',') {
				c->p++;
				if (parse_fraction(c, &frac, w))
					return -1;
			}
		}
		if (parse_zone(c, &east, w))
			return -1;
	}
	if (c->p != c->e)
		return reason(w, "trailing characters '%s'", quote(&x, c->p, c->e));

	secs = days_from_civil(y, mo, d) * SECS_PER_DAY + hh * 3600 + mi * 60 - east;
	if (ss == 60) {
		/*
		 * Unix time has no leap seconds: like timegm(), 23:59:60 becomes
		 * the next day's 00:00:00. A :60 anywhere but at the end of a
		 * UTC day cannot be a leap second, so it is a typo.
		 */
		secs += 60;
		if (secs % SECS_PER_DAY != 0)
			return reason(w, "second 60 is only valid as a leap second, "
					 "at 23:59:60 UTC");
	} else {
		secs += ss;
	}
	if (secs < 0)
		return reason(w, "before 1970 is not supported");
	/*
	 * The syntax allows years up to 9999, but int64 nanoseconds (what
	 * clock_gettime() callers compute with) end in April 2262.
	 */
	if (secs > INT64_MAX / (int64_t)NS_PER_SEC ||
	    secs * (int64_t)NS_PER_SEC > INT64_MAX - (int64_t)frac)
		return reason(w, "after 2262-04-11T23:47:16.854775807Z, the end of 64-bit "
				 "nanoseconds");
	*ns = secs * (int64_t)NS_PER_SEC + frac;
	return 0;
}

static int parse_epoch(struct cur *c, int64_t *ns, struct why *w)
{
	struct decimal d;
	struct excerpt x;

	if (c->p == c->e)
		return reason(w, "missing seconds after '@'");
	if (peek(c) == '-')
		return reason(w, "before 1970 is not supported");
	if (!is_digit(peek(c)))
		return reason(w, "expected seconds since the epoch at '%s'", quote(&x, c->p, c->e));
	if (parse_decimal(c, &d, w))
		return -1;
	if (c->p != c->e)
		return reason(w, "trailing characters '%s'", quote(&x, c->p, c->e));
	if (d.overflow || d.ip > (uint64_t)INT64_MAX / NS_PER_SEC ||
	    d.ip * NS_PER_SEC > (uint64_t)INT64_MAX - d.frac)
		return reason(w, "epoch seconds '%s' out of range (at most 9223372036.854775807)",
			      quote(&x, d.start, d.end));
	*ns = (int64_t)(d.ip * NS_PER_SEC + d.frac);
	return 0;
}

static int parse_time_range(const char *s, const char *e, int64_t *ns, struct why *w)
{
	struct cur c = { s, e };

	if (s == e)
		return reason(w, "empty");
	if (*s == '@') {
		c.p++;
		return parse_epoch(&c, ns, w);
	}
	return parse_iso(&c, ns, w);
}

int clock_parse_time(const char *text, int64_t *ns, char *err, size_t errlen)
{
	struct why w;

	if (parse_time_range(text, text + strlen(text), ns, &w))
		return fail(err, errlen, "time", text, &w);
	return 0;
}

/* ---- durations ---- */

/* Largest first: a compound duration must name its units in this order. */
static const struct unit {
	const char *name;
	uint64_t ns;
} units[] = {
	{ "y", 365 * NS_PER_DAY },	/* 365 days, as libfaketime counts a year */
	{ "w", 7 * NS_PER_DAY },
	{ "d", NS_PER_DAY },
	{ "h", 3600 * NS_PER_SEC },
	{ "m", 60 * NS_PER_SEC },
	{ "s", NS_PER_SEC },
	{ "ms", 1000000 },
	{ "us", 1000 },
	{ "\xc2\xb5s", 1000 },	/* µs with U+00B5 MICRO SIGN, in UTF-8 */
	{ "\xce\xbcs", 1000 },	/* µs with U+03BC GREEK SMALL LETTER MU */
	{ "ns", 1 },
};
#define N_UNITS (int)(sizeof(units) / sizeof(units[0]))
#define UNIT_SECONDS 5

static int find_unit(const char *s, const char *e)
{
	int i;

	for (i = 0; i < N_UNITS; i++)
		if (strlen(units[i].name) == (size_t)(e - s) && !memcmp(units[i].name, s, e - s))
			return i;
	return -1;
}

/* Unit names are letters, or UTF-8 (µ): any other byte ends one. */
static int is_unit_byte(int c)
{
	return is_alpha(c) || c >= 0x80;
}

static int parse_duration_range(const char *s, const char *e, int comma, int64_t *ns,
				struct why *w)
{
	struct cur c = { s, e, comma };
	unsigned __int128 total = 0;
	int neg = 0, last = -1;
	struct excerpt x, y;

	if (s == e)
		return reason(w, "empty");
	if (peek(&c) == '+' || peek(&c) == '-')
		neg = *c.p++ == '-';
	if (c.p == c.e)
		return reason(w, "missing number after '%c'", s[0]);
	while (c.p < c.e) {
		struct decimal d;
		const char *us;
		int u;

		if (!is_digit(peek(&c)))
			return reason(w, "expected a number at '%s'", quote(&x, c.p, c.e));
		if (parse_decimal(&c, &d, w))
			return -1;
		for (us = c.p; is_unit_byte(peek(&c));)
			c.p++;
		if (us == c.p) {
			if (c.p < c.e)
				return reason(w, "unexpected '%s' after '%s'",
					      quote(&x, c.p, c.e), quote(&y, d.start, d.end));
			if (last >= 0)
				return reason(w, "missing unit after '%s'",
					      quote(&x, d.start, d.end));
			u = UNIT_SECONDS;	/* a bare number is seconds */
		} else {
			u = find_unit(us, c.p);
			if (u < 0)
				return reason(w, "unknown unit '%s' (use ns, us or \xc2\xb5s, ms, "
					      "s, m, h, d, w or y; m is minutes)", quote(&x, us, c.p));
		}
		/* By size, not by index: us and µs are one unit under two names. */
		if (last >= 0 && units[u].ns >= units[last].ns)
			return reason(w, "unit '%s' after '%s': name units once, largest first",
				      units[u].name, units[last].name);
		if (d.overflow)
			return reason(w, "number '%s' too large", quote(&x, d.start, d.end));
		/* Both products fit in 128 bits: < 2^64 * 2^55 and < 2^30 * 2^55. */
		total += (unsigned __int128)d.ip * units[u].ns;
		total += ((unsigned __int128)d.frac * units[u].ns + NS_PER_SEC / 2) / NS_PER_SEC;
		if (total > INT64_MAX)
			return reason(w, "out of range (more than about 292 years of nanoseconds)");
		last = u;
	}
	*ns = neg ? -(int64_t)total : (int64_t)total;
	return 0;
}

int clock_parse_duration(const char *text, int64_t *ns, char *err, size_t errlen)
{
	struct why w;

	if (parse_duration_range(text, text + strlen(text), 0, ns, &w))
		return fail(err, errlen, "duration", text, &w);
	return 0;
}

/* ---- rates ---- */

static int parse_rate_range(const char *s, const char *e, int comma, uint64_t *rate,
			    struct why *w)
{
	struct cur c = { s, e, comma };
	struct decimal d;
	struct excerpt x;
	uint64_t q;

	if (s == e)
		return reason(w, "empty");
	if (peek(&c) == 'x') {
		c.p++;
		if (c.p == c.e)
			return reason(w, "missing number after 'x'");
	}
	if (peek(&c) == '-')
		return reason(w, "negative rate");
	if (!is_digit(peek(&c)))
		return reason(w, "expected a number at '%s'", quote(&x, c.p, c.e));
	if (parse_decimal(&c, &d, w))
		return -1;
	if (c.p != c.e)
		return reason(w, "trailing characters '%s'", quote(&x, c.p, c.e));
	if (d.overflow || d.ip > CLOCK_RATE_MAX >> 32)
		goto too_fast;
	/* Round the fraction to the nearest 2^-32, halves up: frac << 32 < 2^62. */
	q = (d.ip << 32) + (((uint64_t)d.frac << 32) + NS_PER_SEC / 2) / NS_PER_SEC;
	if (q > CLOCK_RATE_MAX)
		goto too_fast;
	*rate = q;
	return 0;
too_fast:
	return reason(w, "rate '%s' above the maximum %llu", quote(&x, d.start, d.end),
		      CLOCK_RATE_MAX >> 32);
}

int clock_parse_rate(const char *text, uint64_t *rate_q32, char *err, size_t errlen)
{
	struct why w;

	if (parse_rate_range(text, text + strlen(text), 0, rate_q32, &w))
		return fail(err, errlen, "rate", text, &w);
	return 0;
}

/* ---- libfaketime's FAKETIME ---- */

static const char *word_end(const char *p, const char *e)
{
	while (p < e && !is_space((unsigned char)*p))
		p++;
	return p;
}

static const char *skip_space(const char *p, const char *e)
{
	while (p < e && is_space((unsigned char)*p))
		p++;
	return p;
}

static int all_digits(const char *p, const char *e)
{
	for (; p < e; p++)
		if (!is_digit((unsigned char)*p))
			return 0;
	return 1;
}

/* "DATE" or "DATE TIME": the time is the next word when it starts with a digit. */
static const char *datetime_end(const char *p, const char *e)
{
	const char *end = word_end(p, e), *next = skip_space(end, e);

	if (next < e && is_digit((unsigned char)*next))
		end = word_end(next, e);
	return end;
}

static int parse_faketime_range(const char *s, const char *e, struct clock_spec *out,
				struct why *w)
{
	struct clock_spec t;
	const char *p = skip_space(s, e), *end;
	int has_rate = 0;
	struct excerpt x;

	clock_spec_init(&t);
	if (p == e)
		return reason(w, "empty");
	switch (*p) {
	case '%':
		return reason(w, "libfaketime's '%%' form (follow a file's timestamp) is not "
				 "supported");
	case '+':
	case '-':
		end = word_end(p, e);
		if (parse_duration_range(p, end, 1, &t.offset_ns, w))
			return -1;
		break;
	case '@':
		p++;
		end = datetime_end(p, e);
		if (p == end || !is_digit((unsigned char)*p) || all_digits(p, word_end(p, e)))
			return reason(w, "'@' must be followed by a date, YYYY-MM-DD[ hh:mm:ss] "
					 "(for epoch seconds use --at @SECONDS)");
		if (parse_time_range(p, end, &t.at_ns, w))
			return -1;
		t.has_at = 1;
		break;
	default:
		if (!is_digit((unsigned char)*p))
			return reason(w, "expected +OFFSET, -OFFSET, @DATE TIME or DATE TIME at '%s'",
				      quote(&x, p, e));
		end = datetime_end(p, e);
		if (parse_time_range(p, end, &t.at_ns, w))
			return -1;
		t.has_at = 1;
		t.frozen = 1;
		t.rate_q32 = 0;
		break;
	}
	for (p = skip_space(end, e); p < e; p = skip_space(end, e)) {
		end = word_end(p, e);
		if (*p == 'i')
			return reason(w, "the 'i' increment modifier of libfaketime is not "
					 "supported");
		if (*p != 'x')
			return reason(w, "unknown modifier '%s' (only xRATE is supported)",
				      quote(&x, p, end));
		if (has_rate)
			return reason(w, "more than one 'x' speed modifier");
		if (t.frozen)
			return reason(w, "an absolute time is frozen, so '%s' would do nothing "
				      "(use '@DATE TIME %s' to start the clock there)",
				      quote(&x, p, end), quote(&x, p, end));
		if (parse_rate_range(p, end, 1, &t.rate_q32, w))
			return -1;
		has_rate = 1;
		t.frozen = t.rate_q32 == 0;
	}
	*out = t;
	return 0;
}

int clock_parse_faketime(const char *text, struct clock_spec *s, char *err, size_t errlen)
{
	struct why w;

	if (parse_faketime_range(text, text + strlen(text), s, &w))
		return fail(err, errlen, "FAKETIME spec", text, &w);
	return 0;
}

void clock_spec_init(struct clock_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->rate_q32 = CLOCK_RATE_ONE;
}

/* ---- formatting ---- */

int clock_format_time(int64_t ns, char *buf, size_t len)
{
	int64_t days = ns / (int64_t)NS_PER_DAY, rem = ns % (int64_t)NS_PER_DAY, y, secs;
	uint32_t frac;
	char tmp[64];
	int m, d, n;

	if (rem < 0) {
		rem += NS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	secs = rem / (int64_t)NS_PER_SEC;
	frac = (uint32_t)(rem % (int64_t)NS_PER_SEC);
	n = snprintf(tmp, sizeof(tmp), "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y, m, d,
		     (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	if (frac) {
		int digits = 9;

		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		n += snprintf(tmp + n, sizeof(tmp) - n, ".%0*u", digits, frac);
	}
	tmp[n++] = 'Z';
	tmp[n] = '\0';
	if ((size_t)n >= len)
		return -1;
	memcpy(buf, tmp, n + 1);
	return n;
}

/* ---- sources and the range rule ---- */

static void set_src(struct clock_spec_src *src, const char *opt, const char *kind, const char *text)
{
	src->opt = opt;
	src->kind = kind;
	src->text = text;
}

int clock_spec_set_at(struct clock_spec *s, const char *opt, const char *text, char *err,
		      size_t errlen)
{
	if (clock_parse_time(text, &s->at_ns, err, errlen))
		return -1;
	s->has_at = 1;
	set_src(&s->at_src, opt, "time", text);
	return 0;
}

int clock_spec_set_offset(struct clock_spec *s, const char *opt, const char *text, char *err,
			  size_t errlen)
{
	if (clock_parse_duration(text, &s->offset_ns, err, errlen))
		return -1;
	set_src(&s->offset_src, opt, "duration", text);
	return 0;
}

int clock_spec_set_faketime(struct clock_spec *s, const char *opt, const char *text, char *err,
			    size_t errlen)
{
	if (clock_parse_faketime(text, s, err, errlen))
		return -1;
	/* One or the other: a FAKETIME string is either a time or an offset. */
	set_src(s->has_at ? &s->at_src : &s->offset_src, opt, "FAKETIME spec", text);
	return 0;
}

/* An offset for a message: its own text when it came as a duration, else seconds. */
static const char *offset_words(struct excerpt *x, const struct clock_spec *s)
{
	const struct clock_spec_src *src = &s->offset_src;
	uint64_t mag = s->offset_ns < 0 ? -(uint64_t)s->offset_ns : (uint64_t)s->offset_ns;
	uint32_t frac = (uint32_t)(mag % NS_PER_SEC);
	int n, digits = 9;

	if (src->text && src->kind && !strcmp(src->kind, "duration"))
		return quote(x, src->text, src->text + strlen(src->text));
	n = snprintf(x->s, sizeof(x->s), "%c%llu", s->offset_ns < 0 ? '-' : '+',
		     (unsigned long long)(mag / NS_PER_SEC));
	if (frac) {
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		n += snprintf(x->s + n, sizeof(x->s) - n, ".%0*u", digits, frac);
	}
	snprintf(x->s + n, sizeof(x->s) - n, "s");
	return x->s;
}

/*
 * What the start is made of, for a message: "" for --at alone (its text is
 * quoted already), "now plus D", "--at T plus D", or, when one option gave
 * both, the time it gave plus D.
 */
static void start_words(char *buf, size_t len, const struct clock_spec *s, int has_off)
{
	const struct clock_spec_src *a = &s->at_src;
	char t[CLOCK_TIME_BUFLEN];
	struct excerpt x, y;

	if (!has_off) {
		buf[0] = '\0';
	} else if (!s->has_at) {
		snprintf(buf, len, "now plus %s is ", offset_words(&x, s));
	} else if (a->opt && a->text && a->text != s->offset_src.text) {
		snprintf(buf, len, "%s %s plus %s is ", a->opt,
			 quote(&y, a->text, a->text + strlen(a->text)), offset_words(&x, s));
	} else {
		clock_format_time(s->at_ns, t, sizeof(t));
		snprintf(buf, len, "%s plus %s is ", t, offset_words(&x, s));
	}
}

int clock_spec_check(const struct clock_spec *s, int64_t real_now_ns, const char **opt,
		     char *err, size_t errlen)
{
	/* An offset given as +0 still counts: the user named it, it can be blamed. */
	int has_off = s->offset_src.opt != NULL || s->offset_ns != 0;
	const struct clock_spec_src *src = has_off ? &s->offset_src : &s->at_src;
	char lhs[sizeof(struct excerpt) * 2 + 64], t[CLOCK_TIME_BUFLEN];
	int64_t start = s->has_at ? s->at_ns : real_now_ns;
	int overflow = 0;
	struct why w;

	/* Neither --at nor --offset: the real clock's reading is not the user's to fix. */
	if (!s->has_at && !has_off)
		return 0;
	if (has_off)
		overflow = __builtin_add_overflow(start, s->offset_ns, &start);
	if (!overflow && start >= CLOCK_START_MIN_NS && start <= CLOCK_START_MAX_NS)
		return 0;

	start_words(lhs, sizeof(lhs), s, has_off);
	clock_format_time(start, t, sizeof(t));
	if (overflow && s->offset_ns > 0)
		reason(&w, "%safter 2262-04-11T23:47:16.854775807Z, the end of 64-bit nanoseconds "
		       "(the latest start is 2262-01-01T00:00:00Z)", lhs);
	else if (overflow || start < CLOCK_START_MIN_NS)
		reason(&w, "%s%s%sbefore 1970-01-01T00:00:00Z, the earliest start", lhs,
		       overflow || !*lhs ? "" : t, overflow || !*lhs ? "" : ", ");
	else
		reason(&w, "%s%s%safter 2262-01-01T00:00:00Z, the latest start (the rest of "
		       "64-bit nanoseconds is headroom for CLOCK_TAI and the session)", lhs,
		       *lhs ? t : "", *lhs ? ", " : "");
	if (opt)
		*opt = src->opt ? src->opt : has_off ? "--offset" : "--at";
	return fail(err, errlen, src->kind ? src->kind : has_off ? "duration" : "time",
		    src->text ? src->text : "", &w);
}

int clock_spec_check_now(const struct clock_spec *s, const char **opt, char *err, size_t errlen)
{
	struct timespec ts;

	/* CLOCK_REALTIME cannot fail; if it did, 0 would only make the check stricter. */
	if (clock_gettime(CLOCK_REALTIME, &ts))
		ts.tv_sec = ts.tv_nsec = 0;
	return clock_spec_check(s, (int64_t)ts.tv_sec * (int64_t)NS_PER_SEC + ts.tv_nsec, opt, err,
				errlen);
}

/* n digits exactly, then *p moves past them. */
static int digits(const char **p, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!is_digit((unsigned char)(*p)[i]))
			return 0;
	*p += n;
	return 1;
}

/* YYYY-MM-DD or @YYYY-MM-DD and nothing else: a date cut from its time. */
static int is_bare_date(const char *t)
{
	if (*t == '@')
		t++;
	return digits(&t, 4) && *t++ == '-' && digits(&t, 2) && *t++ == '-' && digits(&t, 2) &&
	       !*t;
}

/* h:mm or hh:mm, then optionally :ss, a fraction and a zone, as --at takes them. */
static int is_time_of_day(const char *t)
{
	if (!digits(&t, 2) && !digits(&t, 1))
		return 0;
	if (*t++ != ':' || !digits(&t, 2))
		return 0;
	if (*t == ':') {
		t++;
		if (!digits(&t, 2))
			return 0;
		if (*t == '.' || *t == ',') {
			t++;
			if (!digits(&t, 1))
				return 0;
			while (is_digit((unsigned char)*t))
				t++;
		}
	}
	if (*t == 'Z' || *t == 'z')
		t++;
	else if (*t == '+' || *t == '-') {
		t++;
		if (!digits(&t, 2))
			return 0;
		if (*t == ':')
			t++;
		if (*t && !digits(&t, 2))
			return 0;
	}
	return !*t;
}

/* s ends with end. */
static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && !strcmp(s + n - m, end);
}

int clock_spec_check_split(const struct clock_spec *s, const char *prev, const char *next,
			   const char **opt, char *err, size_t errlen)
{
	const struct clock_spec_src *a = &s->at_src;
	struct excerpt x;
	struct why w;

	/*
	 * Only when the command directly follows the date: after "--" the user
	 * has said what the command is, and a FAKETIME from the environment
	 * (prev "--faketime-env") cannot have been split by the shell.
	 */
	if (!s->has_at || !a->opt || !a->text || !prev || !next || !is_bare_date(a->text) ||
	    !ends_with(prev, a->text) || !is_time_of_day(next))
		return 0;
	quote(&x, next, next + strlen(next));
	reason(&w, "the command '%s' looks like its time of day: quote date and time together, "
	       "%s '%s %s'", x.s, a->opt, a->text, x.s);
	if (opt)
		*opt = a->opt;
	return fail(err, errlen, a->kind ? a->kind : "time", a->text, &w);
}
