// SPDX-License-Identifier: MIT
/* vdsotool detach: an attached process back on the real clock. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "report.h"
#include "supervise/ctl_client.h"

static const char usage_text[] =
	"Usage: vdsotool detach NAME|PID\n"
	"Put the processes of an attached session (vdsotool attach) back on the real\n"
	"clock, found by the session's name, or the pid of any of its processes.\n"
	"Their vDSO is restored; programs exec'd in the session keep the image, which\n"
	"reads the real clock from then on.  The seccomp filter cannot be removed: the\n"
	"session's supervisor stays, letting every call through, until the processes\n"
	"exit.  Only the session's user or root may.\n"
	"\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 done; 125 failed; 126 the session is another user's;\n"
	"127 no such session.\n";

static const struct option options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_detach(int argc, char **argv)
{
	struct ctl_request q;
	struct ctl_reply *r;
	char err[640];
	int c, st;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return EXIT_OK;
		}
		report_usage("detach", "unknown option '%s'", argv[optind - 1]);
		return CTL_FAILED;
	}
	if (argc - optind != 1) {
		if (argc == optind)
			report_usage("detach", "no session given (NAME or PID)");
		else
			report_usage("detach", "unexpected argument '%s'", argv[optind + 1]);
		return CTL_FAILED;
	}
	memset(&q, 0, sizeof(q));
	q.op = CTL_OP_DETACH;
	r = malloc(sizeof(*r));
	if (!r) {
		report_error("detach", "out of memory");
		return CTL_FAILED;
	}
	st = ctl_call(argv[optind], &q, r, err, sizeof(err));
	if (st != CTL_OK)
		report_error("detach", "%s", err);
	else if ((st = r->status) != CTL_OK)
		report_error("detach", "%s: %s", argv[optind], r->why);
	free(r);
	return st;
}
