// SPDX-License-Identifier: MIT
/* vdsotool: look at, measure and move the Linux user/kernel boundary. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "report.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "info", cmd_info, "kernel, vDSO and clocksource facts; which clocks the vDSO serves" },
	{ "auxv", cmd_auxv, "the auxiliary vector, decoded" },
	{ "maps", cmd_maps, "the [vdso], [vvar] and [vsyscall] mappings" },
	{ "dump", cmd_dump, "write the vDSO image to a file" },
	{ "syms", cmd_syms, "the vDSO's dynamic symbols and versions" },
	{ "bench", cmd_bench, "the cost of every way across the boundary" },
	{ "run", cmd_run, "run a program tree on a virtual clock" },
};

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: vdsotool [--version] [--help] COMMAND [OPTIONS] [ARGS]\n\nCommands:\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-6s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'vdsotool COMMAND --help' for a command's options.\n", f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("vdsotool %s\n", vdsotool_version);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	report_usage(NULL, "unknown command '%s'", argv[1]);
	return EXIT_USAGE;
}
