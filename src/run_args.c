// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "clock/spec.h"
#include "clock_opts.h"
#include "faketime_env.h"
#include "report.h"
#include "run_args.h"
#include "supervise/ctl_addr.h"
#include "supervise/session.h"

/* run's own options, after the clock options every command shares. */
enum {
	OPT_STATS = CLOCK_OPT_NEXT, OPT_STRICT, OPT_WAIT, OPT_KILL_ORPHANS, OPT_STOP, OPT_NAME,
	OPT_WARP, OPT_NO_PATCH,
};

static const struct option run_options_table[] = {
	CLOCK_OPTS_LONG,
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "wait", no_argument, NULL, OPT_WAIT },
	{ "kill-orphans", no_argument, NULL, OPT_KILL_ORPHANS },
	{ "stop", no_argument, NULL, OPT_STOP },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "warp", no_argument, NULL, OPT_WARP },
	{ "no-patch", no_argument, NULL, OPT_NO_PATCH },
	{ "help", no_argument, NULL, 'h' },
};

#define NRUN (sizeof(run_options_table) / sizeof(run_options_table[0]))
#define MAX_EXTRA 16

/* One of run's options; -1 to go on, -2 not one of them, else the exit
 * status. */
static int take_run_option(const char *cmd, int c, const char *arg, struct run_options *o,
			   struct run_args_seen *seen)
{
	char err[512];

	switch (c) {
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
	case OPT_NAME:
		seen->session = 1;
		if (ctl_name_check(arg, 0, err, sizeof(err))) {
			report_usage(cmd, "--name: %s", err);
			return RUN_FAILED;
		}
		o->name = arg;
		break;
	case OPT_WARP:
		seen->clock = 1;
		seen->warp = 1;
		o->warp = 1;
		break;
	case OPT_NO_PATCH:
		o->keep_code = 1;
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
	struct clock_opts co;
	size_t n = 0, i;
	int c, r, t;

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
	clock_opts_init(&co);
	co.virtual_mask = o->virtual_mask;
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
		t = clock_opts_take(&co, cmd, c, optarg);
		if (t < 0)
			return RUN_FAILED;
		if (t) {
			seen->clock = 1;
			seen->rate |= c == CLOCK_OPT_RATE;
			seen->clocks |= c == CLOCK_OPT_CLOCKS;
			continue;
		}
		r = take_run_option(cmd, c, optarg, o, seen);
		if (r == -2)
			r = extra && extra->take(extra->ctx, c, optarg) ? RUN_FAILED : -1;
		if (r != -1)
			return r;
	}
	/* A clash of clock options is said before a missing command. */
	if ((co.faketime == 3 || (co.faketime && co.timing)) &&
	    clock_opts_finish(&co, cmd, NULL, NULL))
		return RUN_FAILED;
	if (optind >= argc) {
		report_usage(cmd, "no command given");
		return RUN_FAILED;
	}
	if (clock_opts_finish(&co, cmd, argv[optind - 1], argv[optind]))
		return RUN_FAILED;
	o->spec = co.spec;
	o->virtual_mask = co.virtual_mask;
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
	o->front = getpid();
	return -1;
}
