// SPDX-License-Identifier: MIT
/* libfaketime's environment under "vdsotool run": --faketime-env and the note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faketime_env.h"
#include "report.h"

/* libfaketime's own default for FAKETIME_FMT, in its two spellings. */
static int default_fmt(const char *fmt)
{
	return !fmt || !*fmt || !strcmp(fmt, "%Y-%m-%d %T") || !strcmp(fmt, "%Y-%m-%d %H:%M:%S");
}

/* An offset ("+2d", "-30m"): libfaketime reads it without FAKETIME_FMT. */
static int is_offset(const char *text)
{
	text += strspn(text, " \t");
	return *text == '+' || *text == '-';
}

int faketime_env_spec(struct clock_spec *s, const char *faketime, const char *fmt, char *err,
		      size_t errlen)
{
	if (!faketime) {
		if (err && errlen)
			snprintf(err, errlen, "FAKETIME is not set (set it to a spec such as '+2d', "
				 "or give --faketime SPEC)");
		return -1;
	}
	if (!*faketime) {
		if (err && errlen)
			snprintf(err, errlen, "FAKETIME is set but empty");
		return -1;
	}
	/*
	 * Another format would make "1893456000" or "12/24/20" a time: taking
	 * them in the default one would fail at best and misread at worst.
	 */
	if (!default_fmt(fmt) && !is_offset(faketime)) {
		if (err && errlen)
			snprintf(err, errlen, "FAKETIME_FMT is '%.40s': FAKETIME is read only in "
				 "libfaketime's default format, YYYY-MM-DD hh:mm:ss (unset "
				 "FAKETIME_FMT, or convert the time)", fmt);
		return -1;
	}
	return clock_spec_set_faketime(s, "--faketime-env", faketime, err, errlen);
}

int faketime_env_take(struct clock_spec *s, char *err, size_t errlen)
{
	return faketime_env_spec(s, getenv("FAKETIME"), getenv("FAKETIME_FMT"), err, errlen);
}

/* LD_PRELOAD's entries are separated by colons or spaces; any libfaketime*.so counts. */
static int preloads_faketime(const char *ld_preload)
{
	const char *p;

	for (p = ld_preload; p && (p = strstr(p, "libfaketime")); p++)
		if (p == ld_preload || p[-1] == '/' || p[-1] == ':' || p[-1] == ' ')
			return 1;
	return 0;
}

int faketime_env_note(const char *faketime, const char *ld_preload, int env_used, char *buf,
		      size_t len)
{
	/* An empty FAKETIME fakes nothing in libfaketime either. */
	int ignored = faketime && *faketime && !env_used;
	int preload = preloads_faketime(ld_preload);

	if (!ignored && !preload)
		return 0;
	if (!buf || !len)
		return 1;
	if (preload)
		snprintf(buf, len, "note: LD_PRELOAD loads libfaketime into vdsotool and the "
			 "command: it fakes the time again on top of vdsotool's clock and skews "
			 "vdsotool's own reading of the real time (take it out of LD_PRELOAD)%s",
			 ignored ? "; vdsotool itself ignores FAKETIME unless --faketime-env is "
			 "given" : "");
	else
		snprintf(buf, len, "note: FAKETIME is set, but vdsotool ignores it unless "
			 "--faketime-env is given");
	return 1;
}

void faketime_env_warn(int env_used)
{
	char note[512];

	if (faketime_env_note(getenv("FAKETIME"), getenv("LD_PRELOAD"), env_used, note,
			      sizeof(note)))
		report_error("run", "%s", note);
}
