// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "look/options.h"
#include "common/proc.h"
#include "report.h"

static const struct option long_options[] = {
	{ "pid", required_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'P' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

pid_t look_self_pid(void)
{
	return getpid();
}

int look_parse_options(struct look_options *o, const char *cmd, const char *usage, int argc,
		       char **argv, int flags)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, flags & LOOK_OUTPUT ? "p:o:h" : "p:jh", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'p':
			o->pid = proc_parse_pid(optarg);
			if (o->pid < 0) {
				report_usage(cmd, "bad pid '%s': expected a positive number", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
		case 'P':
			if (flags & LOOK_OUTPUT) {
				report_usage(cmd, "'%s' does not apply: %s writes a binary image",
					     argv[optind - 1], cmd);
				return EXIT_USAGE;
			}
			o->json = 1;
			o->pretty |= c == 'P';
			break;
		case 'o':
			if (!(flags & LOOK_OUTPUT))
				goto bad;
			o->output = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			goto bad;
		}
	}
	if ((flags & LOOK_FILE) && optind < argc)
		o->file = argv[optind++];
	if (optind < argc) {
		report_usage(cmd, "unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (o->file && o->pid) {
		report_usage(cmd, "give either FILE or -p PID, not both");
		return EXIT_USAGE;
	}
	if (o->pid)
		snprintf(o->what, sizeof(o->what), "pid %d", (int)o->pid);
	else
		snprintf(o->what, sizeof(o->what), "this process");
	return -1;
bad:
	if (optopt == 'p' || optopt == 'o')
		report_usage(cmd, "option '-%c' needs an argument", optopt);
	else
		report_usage(cmd, "unknown option '%s'", argv[optind - 1]);
	return EXIT_USAGE;
}
