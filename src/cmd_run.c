// SPDX-License-Identifier: MIT
/* vdsotool run: a program tree on a virtual clock. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "clock/spec.h"
#include "clock_opts.h"
#include "commands.h"
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
	OPT_STATS = CLOCK_OPT_NEXT, OPT_STRICT, OPT_WAIT, OPT_KILL_ORPHANS, OPT_STOP, OPT_NAME,
};

static const struct option options[] = {
	CLOCK_OPTS_LONG,
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "wait", no_argument, NULL, OPT_WAIT },
	{ "kill-orphans", no_argument, NULL, OPT_KILL_ORPHANS },
	{ "stop", no_argument, NULL, OPT_STOP },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_run(int argc, char **argv)
{
	struct run_options o = { .stats = 0 };
	struct clock_opts co;
	char err[512];
	int c, t;

	clock_opts_init(&co);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		t = clock_opts_take(&co, "run", c, optarg);
		if (t < 0)
			return RUN_FAILED;
		if (t)
			continue;
		switch (c) {
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
		case OPT_STOP:
			o.hold = 1;
			break;
		case OPT_NAME:
			if (ctl_name_check(optarg, 0, err, sizeof(err))) {
				report_usage("run", "--name: %s", err);
				return RUN_FAILED;
			}
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
	/* A clash of clock options is said before a missing command. */
	if ((co.faketime == 3 || (co.faketime && co.timing)) &&
	    clock_opts_finish(&co, "run", NULL, NULL))
		return RUN_FAILED;
	if (optind >= argc) {
		report_usage("run", "no command given");
		return RUN_FAILED;
	}
	if (clock_opts_finish(&co, "run", argv[optind - 1], argv[optind]))
		return RUN_FAILED;
	o.spec = co.spec;
	o.virtual_mask = co.virtual_mask;
	o.argv = argv + optind;
	o.front = getpid();
	return supervise(&o);
}
