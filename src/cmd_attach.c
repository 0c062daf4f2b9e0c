// SPDX-License-Identifier: MIT
/* vdsotool attach: a running process on a virtual clock. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clock_opts.h"
#include "commands.h"
#include "common/proc.h"
#include "report.h"
#include "supervise/attach.h"
#include "supervise/attach_front.h"
#include "supervise/ctl_addr.h"
#include "supervise/ctl_client.h"

static const char usage_text[] =
	"Usage: vdsotool attach -p PID [--tree] [CLOCK OPTIONS] [--stats] [--name NAME]\n"
	"Put a running process on a virtual clock, as if 'vdsotool run' had started it:\n"
	"its vDSO calls, raw time system calls and later execs follow the session's\n"
	"clock; vdsotool ctl steers it, vdsotool detach ends it.  A process detached\n"
	"before is attached again, with the new options.\n"
	"\n"
	"  -p, --pid PID      the process (all its threads)\n"
	"  --tree             and every process descended from it\n"
	"  --at TIME          the virtual realtime clock reads TIME from now on\n"
	"  --offset DUR       shift the realtime clock by DUR (+1y, -90m, +3600s)\n"
	"  --rate R           virtual clocks run R times as fast (10, 0.5, x10)\n"
	"  --freeze           virtual clocks do not advance\n"
	"  --faketime SPEC    libfaketime's FAKETIME syntax ('@2030-01-01 00:00:00')\n"
	"  --faketime-env     the same, taken from $FAKETIME\n"
	"  --clocks LIST      which clocks are virtual: realtime (default), monotonic,\n"
	"                     boottime, all; comma-separated\n"
	"  --stats            count clock reads through the image (vdsotool ctl get)\n"
	"  --name NAME        the session's name for ctl and detach (default: PID)\n"
	"  --no-patch         leave the process's code as it is (see vdsotool run --help)\n"
	"  -h, --help         show this help\n"
	"\n"
	"It needs what strace -p needs (the same user and Yama's leave, or\n"
	"CAP_SYS_PTRACE), and sets no_new_privs in the process (seccomp needs it):\n"
	"its later execs of setuid programs do not gain privileges.\n"
	"\n"
	"Examples:\n"
	"  vdsotool attach -p 1234 --at 2030-01-01T00:00:00Z\n"
	"  vdsotool ctl 1234 set --offset +1d\n"
	"  vdsotool detach 1234\n"
	"\n"
	"Exit status: 0 attached; 125 bad option, or the attach failed; 126 ptrace\n"
	"refused; 127 no such process.\n";

enum {
	OPT_STATS = CLOCK_OPT_NEXT, OPT_NAME, OPT_TREE, OPT_NO_PATCH,
};

static const struct option options[] = {
	CLOCK_OPTS_LONG,
	{ "pid", required_argument, NULL, 'p' },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "tree", no_argument, NULL, OPT_TREE },
	{ "no-patch", no_argument, NULL, OPT_NO_PATCH },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int attach_again(const struct run_options *o)
{
	struct ctl_request q;
	struct ctl_reply *r = malloc(sizeof(*r));
	char err[640];
	int st;

	if (!r) {
		report_error("attach", "out of memory");
		return ATTACH_FAILED;
	}
	memset(&q, 0, sizeof(q));
	q.op = CTL_OP_ATTACH;
	q.flags = (o->spec.has_at ? CTL_F_AT : 0) | (clock_spec_is_frozen(&o->spec) ? CTL_F_FREEZE : 0);
	q.at_ns = o->spec.at_ns;
	q.offset_ns = o->spec.offset_ns;
	q.rate_q32 = o->spec.rate_q32;
	if (o->attach_tree)
		q.flags |= CTL_F_TREE;
	if (o->keep_code)
		q.flags |= CTL_F_KEEP_CODE;
	q.virtual_mask = o->virtual_mask;
	q.stats = (uint32_t)o->stats;
	if (o->name)
		snprintf(q.name, sizeof(q.name), "%s", o->name);
	st = ctl_call_pid(o->attach, &q, r, err, sizeof(err));
	if (st != CTL_OK)
		report_error("attach", "%s", err);
	else if ((st = r->status) != CTL_OK)
		report_error("attach", "%s", r->why);
	free(r);
	return st;
}

int cmd_attach(int argc, char **argv)
{
	struct run_options o = { .life = LIFE_DETACH };
	struct clock_opts co;
	char err[512], key[CTL_KEY_MAX];
	int c, t;

	clock_opts_init(&co);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:h", options, NULL)) != -1) {
		t = clock_opts_take(&co, "attach", c, optarg);
		if (t < 0)
			return ATTACH_FAILED;
		if (t)
			continue;
		switch (c) {
		case 'p':
			o.attach = proc_parse_pid(optarg);
			if (o.attach <= 0) {
				report_usage("attach", "-p: bad pid '%s'", optarg);
				return ATTACH_FAILED;
			}
			break;
		case OPT_STATS:
			o.stats = 1;
			break;
		case OPT_TREE:
			o.attach_tree = 1;
			break;
		case OPT_NO_PATCH:
			o.keep_code = 1;
			break;
		case OPT_NAME:
			if (ctl_name_check(optarg, 0, err, sizeof(err))) {
				report_usage("attach", "--name: %s", err);
				return ATTACH_FAILED;
			}
			o.name = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			if (optopt)
				report_usage("attach", "option '%s' needs an argument or is unknown",
					     argv[optind - 1]);
			else
				report_usage("attach", "unknown option '%s'", argv[optind - 1]);
			return ATTACH_FAILED;
		}
	}
	if (optind < argc) {
		report_usage("attach", "unexpected argument '%s' (the process is -p PID)",
			     argv[optind]);
		return ATTACH_FAILED;
	}
	if (!o.attach) {
		report_usage("attach", "no process given (-p PID)");
		return ATTACH_FAILED;
	}
	if (clock_opts_finish(&co, "attach", NULL, NULL))
		return ATTACH_FAILED;
	if (o.attach == getpid()) {
		report_error("attach", "pid %d is vdsotool attach itself", (int)o.attach);
		return ATTACH_FAILED;
	}
	o.spec = co.spec;
	o.virtual_mask = co.virtual_mask;
	o.front = getpid();
	/* A process of a session (run's or attach's) maps its memfd, also
	 * after a detach: that session's supervisor holds the only seccomp
	 * listener the process can have, so it is the one asked (it refuses
	 * while attached). */
	if (ctl_session_key(o.attach, key) == 1)
		return attach_again(&o);
	return attach_start(&o);
}
