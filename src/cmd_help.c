// SPDX-License-Identifier: MIT
/* vdsotool help [COMMAND] and vdsotool version. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "report.h"

static int is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int cmd_help(int argc, char **argv)
{
	const struct command *c;
	char *args[3];

	if (argc < 2) {
		commands_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 2) {
		report_usage("help", "one command at most, got '%s' and '%s'", argv[1], argv[2]);
		return EXIT_USAGE;
	}
	if (is_help(argv[1]) || !strcmp(argv[1], "help")) {
		puts("Usage: vdsotool help [COMMAND]\n"
		     "Print the commands, or the options of COMMAND (as COMMAND --help does).");
		return EXIT_OK;
	}
	c = command_find(argv[1]);
	if (!c) {
		commands_report_unknown("help", argv[1]);
		return EXIT_USAGE;
	}
	/* Every command answers --help on stdout with status 0. */
	args[0] = argv[1];
	args[1] = "--help";
	args[2] = NULL;
	return c->fn(2, args);
}

int cmd_version(int argc, char **argv)
{
	if (argc > 1 && is_help(argv[1])) {
		puts("Usage: vdsotool version\nPrint the version of vdsotool.");
		return EXIT_OK;
	}
	if (argc > 1) {
		report_usage("version", "no arguments expected, got '%s'", argv[1]);
		return EXIT_USAGE;
	}
	printf("vdsotool %s\n", vdsotool_version);
	return EXIT_OK;
}
