// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>
#include "clock_opts.h"
#include "faketime_env.h"
#include "report.h"
#include "supervise/session.h"

void clock_opts_init(struct clock_opts *o)
{
	memset(o, 0, sizeof(*o));
	clock_spec_init(&o->spec);
	o->virtual_mask = CLOCKS_REALTIME;
}

static int parse_clocks(const char *cmd, const char *list, uint32_t *mask)
{
	char buf[128], *tok, *save = NULL;

	if (!*list || strlen(list) >= sizeof(buf)) {
		report_usage(cmd, "bad --clocks '%s': expected realtime, monotonic, boottime "
			     "or all, comma-separated", list);
		return -1;
	}
	strcpy(buf, list);
	*mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "realtime"))
			*mask |= CLOCKS_REALTIME;
		else if (!strcmp(tok, "monotonic"))
			*mask |= CLOCKS_MONOTONIC;
		else if (!strcmp(tok, "boottime"))
			*mask |= CLOCKS_BOOTTIME;
		else if (!strcmp(tok, "all"))
			*mask |= CLOCKS_REALTIME | CLOCKS_MONOTONIC | CLOCKS_BOOTTIME;
		else {
			report_usage(cmd, "bad --clocks '%s': unknown clock '%s' (realtime, "
				     "monotonic, boottime or all)", list, tok);
			return -1;
		}
	}
	if (!*mask) {
		report_usage(cmd, "bad --clocks '%s': no clock named", list);
		return -1;
	}
	return 0;
}

/* err already reads "bad time '...': why"; say which option carried it. */
static int bad(const char *cmd, const char *opt, const char *err)
{
	report_usage(cmd, "%s: %s", opt, err);
	return -1;
}

int clock_opts_take(struct clock_opts *o, const char *cmd, int c, const char *arg)
{
	char err[512];

	switch (c) {
	case CLOCK_OPT_AT:
		o->timing = 1;
		if (clock_spec_set_at(&o->spec, "--at", arg, err, sizeof(err)))
			return bad(cmd, "--at", err);
		return 1;
	case CLOCK_OPT_OFFSET:
		o->timing = 1;
		if (clock_spec_set_offset(&o->spec, "--offset", arg, err, sizeof(err)))
			return bad(cmd, "--offset", err);
		return 1;
	case CLOCK_OPT_RATE:
		o->timing = 1;
		if (clock_parse_rate(arg, &o->spec.rate_q32, err, sizeof(err)))
			return bad(cmd, "--rate", err);
		return 1;
	case CLOCK_OPT_FREEZE:
		o->timing = 1;
		o->spec.frozen = 1;
		return 1;
	case CLOCK_OPT_FAKETIME:
		o->faketime |= 1;
		if (clock_spec_set_faketime(&o->spec, "--faketime", arg, err, sizeof(err)))
			return bad(cmd, "--faketime", err);
		return 1;
	case CLOCK_OPT_FAKETIME_ENV:
		o->faketime |= 2;
		if (faketime_env_take(&o->spec, err, sizeof(err)))
			return bad(cmd, "--faketime-env", err);
		return 1;
	case CLOCK_OPT_CLOCKS:
		return parse_clocks(cmd, arg, &o->virtual_mask) ? -1 : 1;
	default:
		return 0;
	}
}

int clock_opts_finish(struct clock_opts *o, const char *cmd, const char *prev, const char *next)
{
	const char *opt;
	char err[512];

	if (o->faketime == 3)
		return bad(cmd, "--faketime-env", "cannot be combined with --faketime");
	if (o->faketime && o->timing)
		return bad(cmd, o->faketime & 2 ? "--faketime-env" : "--faketime", "cannot be "
			   "combined with --at, --offset, --rate or --freeze");
	if ((prev && next && clock_spec_check_split(&o->spec, prev, next, &opt, err,
						     sizeof(err))) ||
	    clock_spec_check_now(&o->spec, &opt, err, sizeof(err)))
		return bad(cmd, opt, err);
	faketime_env_warn(o->faketime & 2);
	return 0;
}
