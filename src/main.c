// SPDX-License-Identifier: MIT
/* vdsotool: look at, measure and move the Linux user/kernel boundary. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "report.h"

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		commands_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv + 1);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(1, argv + 1);
	c = command_find(argv[1]);
	if (!c) {
		commands_report_unknown(NULL, argv[1]);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
