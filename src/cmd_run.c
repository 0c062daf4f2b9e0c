// SPDX-License-Identifier: MIT
/* vdsotool run: a program tree on a virtual clock. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "clock/spec.h"
#include "commands.h"
#include "faketime_env.h"
#include "report.h"
#include "supervise/ctl_addr.h"
#include "supervise/session.h"
#include "supervise/supervisor.h"

static const char usage_text[] =
	"Usage: vdsotool run [CLOCK OPTIONS] [--stats] [--name NAME] [--] COMMAND [ARGS...]\n"
	"Run COMMAND and everything it starts on a virtual clock.\n"
	"\n"
	"  --at TIME          the virtual realtime clock starts at TIME, then runs\n"
	"                     (2030-01-01T00:00:00Z, 2030-01-01T02:00:00+02:00, @1893456000)\n"
	"  --offset DUR       shift the realtime clock by DUR (+1y, -90m, +3600s, -1.5h)\n"
	"  --rate R           virtual clocks run R times as fast (10, 0.5, x10)\n"
	"  --freeze           virtual clocks do not advance\n"
	"  --faketime SPEC    libfaketime's FAKETIME syntax ('@2030-01-01 00:00:00', '+2d x10')\n"
	"  --faketime-env     the same, taken from $FAKETIME (otherwise ignored)\n"
	"  --clocks LIST      which clocks are virtual: realtime (default), monotonic,\n"
	"                     boottime, all; comma-separated\n"
	"  --stats            on exit, print injection and clock-read counts to stderr\n"
	"  --strict           fail (125) if any process cannot be put on the virtual clock\n"
	"  --wait             when the command exits, wait for every process it left\n"
	"                     running (default: return at once; they stay virtual)\n"
	"  --kill-orphans     when the command exits, end every process it left running\n"
	"  --stop             stop the command right after injection, for gdb -p/strace -p\n"
	"  --name NAME        the session's name for vdsotool ctl (default: the command's\n"
	"                     pid); a name already running fails\n"
	"  -h, --help         show this help\n"
	"\n"
	"A start outside 1970-01-01T00:00:00Z..2262-01-01T00:00:00Z is refused.\n"
	"\n"
	"Examples:\n"
	"  vdsotool run --at '2030-01-01 00:00:00' -- date    (quote a date with a time)\n"
	"  vdsotool run --offset -1d --rate 10 -- make test\n"
	"  FAKETIME='+2,5y x10' vdsotool run --faketime-env -- ./app\n"
	"\n"
	"Exit status: the command's; 125 vdsotool failed; 126 not executable;\n"
	"127 not found; 128+N killed by signal N.\n";

enum {
	OPT_AT = 256, OPT_OFFSET, OPT_RATE, OPT_FREEZE, OPT_FAKETIME, OPT_CLOCKS, OPT_STATS,
	OPT_FAKETIME_ENV, OPT_STRICT, OPT_WAIT, OPT_KILL_ORPHANS, OPT_STOP, OPT_NAME, OPT_WARP,
};

static const struct option options[] = {
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
	{ NULL, 0, NULL, 0 },
};

static int parse_clocks(const char *list, uint32_t *mask)
{
	char buf[128], *tok, *save = NULL;

	if (!*list || strlen(list) >= sizeof(buf)) {
		report_usage("run", "bad --clocks '%s': expected realtime, monotonic, boottime "
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
			report_usage("run", "bad --clocks '%s': unknown clock '%s' (realtime, "
				     "monotonic, boottime or all)", list, tok);
			return -1;
		}
	}
	if (!*mask) {
		report_usage("run", "bad --clocks '%s': no clock named", list);
		return -1;
	}
	return 0;
}

/* err already reads "bad time '...': why"; say which option carried it. */
static int bad(const char *opt, const char *err)
{
	report_usage("run", "%s: %s", opt, err);
	return RUN_FAILED;
}

int cmd_run(int argc, char **argv)
{
	struct run_options o = { .virtual_mask = CLOCKS_REALTIME, .stats = 0 };
	int c, timing = 0, faketime = 0, rate_given = 0, clocks_given = 0;
	const char *opt;
	char err[512];

	clock_spec_init(&o.spec);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (c) {
		case OPT_AT:
			timing = 1;
			if (clock_spec_set_at(&o.spec, "--at", optarg, err, sizeof(err)))
				return bad("--at", err);
			break;
		case OPT_OFFSET:
			timing = 1;
			if (clock_spec_set_offset(&o.spec, "--offset", optarg, err, sizeof(err)))
				return bad("--offset", err);
			break;
		case OPT_RATE:
			timing = 1;
			rate_given = 1;
			if (clock_parse_rate(optarg, &o.spec.rate_q32, err, sizeof(err)))
				return bad("--rate", err);
			break;
		case OPT_FREEZE:
			timing = 1;
			o.spec.frozen = 1;
			break;
		case OPT_FAKETIME:
			faketime |= 1;
			if (clock_spec_set_faketime(&o.spec, "--faketime", optarg, err, sizeof(err)))
				return bad("--faketime", err);
			break;
		case OPT_FAKETIME_ENV:
			faketime |= 2;
			if (faketime_env_take(&o.spec, err, sizeof(err)))
				return bad("--faketime-env", err);
			break;
		case OPT_CLOCKS:
			clocks_given = 1;
			if (parse_clocks(optarg, &o.virtual_mask))
				return RUN_FAILED;
			break;
		case OPT_STATS:
			o.stats = 1;
			break;
		case OPT_STRICT:
			o.strict = 1;
			break;
		case OPT_WAIT:
			o.life = LIFE_WAIT;
			break;
		case OPT_KILL_ORPHANS:
			o.life = LIFE_KILL;
			break;
		case OPT_WARP:
			o.warp = 1;
			break;
		case OPT_STOP:
			o.hold = 1;
			break;
		case OPT_NAME:
			if (ctl_name_check(optarg, 0, err, sizeof(err)))
				return bad("--name", err);
			o.name = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			if (optopt)
				report_usage("run", "option '%s' needs an argument or is unknown",
					     argv[optind - 1]);
			else
				report_usage("run", "unknown option '%s'", argv[optind - 1]);
			return RUN_FAILED;
		}
	}
	if (faketime == 3)
		return bad("--faketime-env", "cannot be combined with --faketime");
	if (faketime && timing)
		return bad(faketime & 2 ? "--faketime-env" : "--faketime", "cannot be combined "
			   "with --at, --offset, --rate or --freeze");
	if (optind >= argc) {
		report_usage("run", "no command given");
		return RUN_FAILED;
	}
	if (clock_spec_check_split(&o.spec, argv[optind - 1], argv[optind], &opt, err,
				   sizeof(err)) ||
	    clock_spec_check_now(&o.spec, &opt, err, sizeof(err)))
		return bad(opt, err);
	/* At rate 1 a relative wait means the same in any time: only a rate
	 * or a freeze asked for at the start (ctl may change it later) makes
	 * the tree pay a trap for each. */
	/* --warp skips what the tree waits for on any clock: Go and Java
	 * wait on the monotonic one. */
	if (o.warp && !clocks_given)
		o.virtual_mask = CLOCKS_REALTIME | CLOCKS_MONOTONIC | CLOCKS_BOOTTIME;
	if (rate_given || o.warp || o.spec.frozen || o.spec.rate_q32 != VCLOCK_RATE_ONE)
		o.wait_mask = o.virtual_mask;
	o.argv = argv + optind;
	faketime_env_warn(faketime & 2);
	o.front = getpid();
	return supervise(&o);
}
