// SPDX-License-Identifier: MIT
/* vdsotool ctl: look at and steer the clock of a running `run` session. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock/spec.h"
#include "commands.h"
#include "ctl_report.h"
#include "report.h"
#include "supervise/ctl_client.h"

static const char usage_text[] =
	"Usage: vdsotool ctl NAME|PID get [-j | --json | --pretty]\n"
	"       vdsotool ctl NAME|PID set [--at TIME] [--offset DUR] [--rate R]\n"
	"                                 [--freeze | --resume]\n"
	"Look at or steer the clock of a running 'vdsotool run' session, found by its\n"
	"name (run --name; default: the command's pid), by the pid of its vdsotool run,\n"
	"or by the pid of any process of its tree.  Only its user or root may.\n"
	"\n"
	"get: the virtual now of each virtual clock, the rate, frozen or not, and the\n"
	"processes of the tree.\n"
	"  -j, --json         machine-readable output (JSON, one line)\n"
	"      --pretty       JSON, indented\n"
	"\n"
	"set: changes the clocks at once for every process and thread of the tree.\n"
	"  --at TIME          realtime reads TIME from now on (it may go back)\n"
	"  --offset DUR       realtime moves by DUR from its virtual now (+1d, -90m)\n"
	"  --rate R           virtual clocks run R times as fast from now on (no jump)\n"
	"  --freeze           virtual clocks stop where they are\n"
	"  --resume           frozen clocks run on, at their rate, from where they stopped\n"
	"  -h, --help         show this help\n"
	"\n"
	"--at and --offset move the realtime family only; monotonic and boottime only\n"
	"change pace and never go backwards.  Absolute sleeps in progress end when the\n"
	"changed clock reaches their deadline.\n"
	"\n"
	"Examples:\n"
	"  vdsotool run --name build --at 2030-01-01T00:00:00Z -- make &\n"
	"  vdsotool ctl build set --offset +1y\n"
	"  vdsotool ctl build get --json\n"
	"\n"
	"Exit status: 0 done; 125 bad option or time, or the change was refused;\n"
	"126 the session is another user's; 127 no such session (or its tree exited).\n";

enum {
	OPT_AT = 256, OPT_OFFSET, OPT_RATE, OPT_FREEZE, OPT_RESUME, OPT_PRETTY,
};

static const struct option options[] = {
	{ "at", required_argument, NULL, OPT_AT },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "freeze", no_argument, NULL, OPT_FREEZE },
	{ "resume", no_argument, NULL, OPT_RESUME },
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, OPT_PRETTY },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* A usage error: said, with the hint, and run's status for it. */
#define usage(...) (report_usage("ctl", __VA_ARGS__), CTL_FAILED)

/* err reads "bad KIND 'TEXT': why"; say which option carried it. */
static int bad(const char *opt, const char *err)
{
	report_usage("ctl", "%s: %s", opt, err);
	return CTL_FAILED;
}

static void keep_text(char *dst, const char *text)
{
	snprintf(dst, CTL_TEXT_MAX, "%s", text);
}

/* The options into q; 0, or an exit status after saying why. */
static int parse(int argc, char **argv, struct ctl_request *q, int *json, int *help)
{
	struct clock_spec spec;
	char err[512];
	int c;

	clock_spec_init(&spec);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", options, NULL)) != -1) {
		switch (c) {
		case OPT_AT:
			if (clock_spec_set_at(&spec, "--at", optarg, err, sizeof(err)))
				return bad("--at", err);
			q->flags |= CTL_F_AT;
			q->at_ns = spec.at_ns;
			keep_text(q->at_text, optarg);
			break;
		case OPT_OFFSET:
			if (clock_spec_set_offset(&spec, "--offset", optarg, err, sizeof(err)))
				return bad("--offset", err);
			q->flags |= CTL_F_OFFSET;
			q->offset_ns = spec.offset_ns;
			keep_text(q->offset_text, optarg);
			break;
		case OPT_RATE:
			if (clock_parse_rate(optarg, &q->rate_q32, err, sizeof(err)))
				return bad("--rate", err);
			q->flags |= CTL_F_RATE;
			break;
		case OPT_FREEZE:
			q->flags |= CTL_F_FREEZE;
			break;
		case OPT_RESUME:
			q->flags |= CTL_F_RESUME;
			break;
		case 'j':
			*json = *json ? *json : 1;
			break;
		case OPT_PRETTY:
			*json = 2;
			break;
		case 'h':
			*help = 1;
			return 0;
		default:
			if (optopt)
				return usage("option '%s' needs an argument or is unknown",
					     argv[optind - 1]);
			return usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	return 0;
}

/* The verb and the options agree; 0, or an exit status after saying why. */
static int check(const char *verb, const struct ctl_request *q, int json)
{
	const uint32_t resume_clash = CTL_F_FREEZE | CTL_F_RESUME;

	if (!strcmp(verb, "get")) {
		if (q->flags)
			return usage("get takes no clock options (they are for 'set')");
		return 0;
	}
	if (strcmp(verb, "set"))
		return usage("unknown action '%s' (get or set)", verb);
	if (json)
		return usage("set: --json and --pretty are for 'get'");
	if (!q->flags)
		return usage("set: nothing to change (--at, --offset, --rate, --freeze or "
			     "--resume)");
	if ((q->flags & resume_clash) == resume_clash ||
	    (q->flags & CTL_F_RESUME && q->flags & CTL_F_RATE && !q->rate_q32))
		return usage("--resume: cannot be combined with --freeze or --rate 0");
	return 0;
}

int cmd_ctl(int argc, char **argv)
{
	struct ctl_request q;
	struct ctl_reply *r;
	int json = 0, help = 0, st;
	char err[640];

	memset(&q, 0, sizeof(q));
	st = parse(argc, argv, &q, &json, &help);
	if (st)
		return st;
	if (help) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (argc - optind == 0)
		return usage("no session given (NAME or PID, then get or set)");
	if (argc - optind == 1)
		return usage("no action given after '%s' (get or set)", argv[optind]);
	if (argc - optind > 2)
		return usage("unexpected argument '%s'", argv[optind + 2]);
	st = check(argv[optind + 1], &q, json);
	if (st)
		return st;
	q.op = strcmp(argv[optind + 1], "get") ? CTL_OP_SET : CTL_OP_GET;
	r = malloc(sizeof(*r));
	if (!r) {
		report_error("ctl", "out of memory");
		return CTL_FAILED;
	}
	st = ctl_call(argv[optind], &q, r, err, sizeof(err));
	if (st != CTL_OK) {
		report_error("ctl", "%s", err);
	} else if (r->status != CTL_OK) {
		st = r->status;
		report_error("ctl", "%s: %s", argv[optind], r->why);
	} else if (q.op == CTL_OP_GET) {
		if (json)
			ctl_report_json(stdout, r, json == 2);
		else
			ctl_report_text(stdout, r);
	}
	free(r);
	return st;
}
