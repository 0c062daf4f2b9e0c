// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "clock/spec.h"
#include "faketime_env.h"
#include "report.h"
#include "run_args.h"
#include "supervise/ctl_addr.h"
#include "supervise/session.h"

enum {
	OPT_AT = 256, OPT_OFFSET, OPT_RATE, OPT_FREEZE, OPT_FAKETIME, OPT_CLOCKS, OPT_STATS,
	OPT_FAKETIME_ENV, OPT_STRICT, OPT_WAIT, OPT_KILL_ORPHANS, OPT_STOP, OPT_NAME, OPT_WARP,
};

static const struct option run_options_table[] = {
	{ "at", required_argument, NULL, OPT_AT },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "freeze", no_argument, NULL, OPT_FREEZE },
	{ "faketime", required_argument, NULL, OPT_FAKETIME },
	{ "faketime-env", no_argument, NULL, OPT_FAKETIME_ENV },
	{ "clocks", required_argument, NULL, OPT_CLOCKS },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "wait", no_argument, NULL, OPT_WAIT },
	{ "kill-orphans", no_argument, NULL, OPT_KILL_ORPHANS },
	{ "stop", no_argument, NULL, OPT_STOP },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "warp", no_argument, NULL, OPT_WARP },
	{ "help", no_argument, NULL, 'h' },
};

#define NRUN (sizeof(run_options_table) / sizeof(run_options_table[0]))
#define MAX_EXTRA 16

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
	return RUN_FAILED;
}

/* One of run's options; -1 to go on, else the exit status. */
static int take_run_option(const char *cmd, int c, const char *arg, struct run_options *o,
			   struct run_args_seen *seen, int *timing, int *faketime)
{
	char err[512];

	switch (c) {
	case OPT_AT:
		*timing = 1;
		if (clock_spec_set_at(&o->spec, "--at", arg, err, sizeof(err)))
			return bad(cmd, "--at", err);
		break;
	case OPT_OFFSET:
		*timing = 1;
		if (clock_spec_set_offset(&o->spec, "--offset", arg, err, sizeof(err)))
			return bad(cmd, "--offset", err);
		break;
	case OPT_RATE:
		*timing = 1;
		seen->rate = 1;
		if (clock_parse_rate(arg, &o->spec.rate_q32, err, sizeof(err)))
			return bad(cmd, "--rate", err);
		break;
	case OPT_FREEZE:
		*timing = 1;
		o->spec.frozen = 1;
		break;
	case OPT_FAKETIME:
		*faketime |= 1;
		if (clock_spec_set_faketime(&o->spec, "--faketime", arg, err, sizeof(err)))
			return bad(cmd, "--faketime", err);
		break;
	case OPT_FAKETIME_ENV:
		*faketime |= 2;
		if (faketime_env_take(&o->spec, err, sizeof(err)))
			return bad(cmd, "--faketime-env", err);
		break;
	case OPT_CLOCKS:
		seen->clock = 1;
		seen->clocks = 1;
		if (parse_clocks(cmd, arg, &o->virtual_mask))
			return RUN_FAILED;
		break;
	case OPT_STATS:
		seen->session = 1;
		o->stats = 1;
		break;
	case OPT_STRICT:
		seen->session = 1;
		o->strict = 1;
		break;
	case OPT_WAIT:
		seen->life = 1;
		o->life = LIFE_WAIT;
		break;
	case OPT_KILL_ORPHANS:
		seen->life = 1;
		o->life = LIFE_KILL;
		break;
	case OPT_STOP:
		seen->session = 1;
		o->hold = 1;
		break;
	case OPT_WARP:
		seen->clock = 1;
		seen->warp = 1;
		o->warp = 1;
		break;
	case OPT_NAME:
		seen->session = 1;
		if (ctl_name_check(arg, 0, err, sizeof(err)))
			return bad(cmd, "--name", err);
		o->name = arg;
		break;
	default:
		return -2;
	}
	return -1;
}

int run_args_parse(const char *cmd, const char *usage, int argc, char **argv,
		   const struct run_args_extra *extra, struct run_options *o,
		   struct run_args_seen *seen)
{
	struct option table[NRUN + MAX_EXTRA + 1];
	char shortopts[64] = "+h";
	size_t n = 0, i;
	int c, timing = 0, faketime = 0, r;
	const char *opt;
	char err[512];

	memset(seen, 0, sizeof(*seen));
	for (i = 0; i < NRUN; i++)
		table[n++] = run_options_table[i];
	if (extra) {
		for (i = 0; i < extra->nlongopts && i < MAX_EXTRA; i++)
			table[n++] = extra->longopts[i];
		if (extra->shortopts)
			strncat(shortopts, extra->shortopts, sizeof(shortopts) - 3);
	}
	memset(&table[n], 0, sizeof(table[n]));
	clock_spec_init(&o->spec);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, table, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		if (c == '?') {
			if (optopt)
				report_usage(cmd, "option '%s' needs an argument or is unknown",
					     argv[optind - 1]);
			else
				report_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			return RUN_FAILED;
		}
		r = take_run_option(cmd, c, optarg, o, seen, &timing, &faketime);
		if (r == -2)
			r = extra && extra->take(extra->ctx, c, optarg) ? RUN_FAILED : -1;
		if (r != -1)
			return r;
	}
	if (faketime == 3)
		return bad(cmd, "--faketime-env", "cannot be combined with --faketime");
	if (faketime && timing)
		return bad(cmd, faketime & 2 ? "--faketime-env" : "--faketime", "cannot be combined "
			   "with --at, --offset, --rate or --freeze");
	if (timing || faketime)
		seen->clock = 1;
	if (optind >= argc) {
		report_usage(cmd, "no command given");
		return RUN_FAILED;
	}
	if (clock_spec_check_split(&o->spec, argv[optind - 1], argv[optind], &opt, err,
				   sizeof(err)) ||
	    clock_spec_check_now(&o->spec, &opt, err, sizeof(err)))
		return bad(cmd, opt, err);
	/* --warp skips what the tree waits for on any clock: Go and Java
	 * wait on the monotonic one. */
	if (o->warp && !seen->clocks)
		o->virtual_mask = CLOCKS_REALTIME | CLOCKS_MONOTONIC | CLOCKS_BOOTTIME;
	/* At rate 1 a relative wait means the same in any time: only a rate,
	 * a freeze or --warp asked for at the start (ctl may change the rate
	 * later) makes the tree pay a trap for each. */
	if (seen->rate || o->warp || o->spec.frozen || o->spec.rate_q32 != VCLOCK_RATE_ONE)
		o->wait_mask = o->virtual_mask;
	o->argv = argv + optind;
	faketime_env_warn(faketime & 2);
	o->front = getpid();
	return -1;
}
