// SPDX-License-Identifier: MIT
/* The command table: what main dispatches to and what help lists. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "common/suggest.h"
#include "report.h"

static const struct command commands[] = {
	{ "info", cmd_info, "kernel, vDSO and clocksource facts; which clocks the vDSO serves" },
	{ "auxv", cmd_auxv, "the auxiliary vector, decoded" },
	{ "maps", cmd_maps, "the [vdso], [vvar] and [vsyscall] mappings" },
	{ "dump", cmd_dump, "write the vDSO image to a file" },
	{ "syms", cmd_syms, "the vDSO's dynamic symbols and versions" },
	{ "bench", cmd_bench, "the cost of every way across the boundary" },
	{ "run", cmd_run, "run a program tree on a virtual clock" },
	{ "ctl", cmd_ctl, "look at or steer the clock of a running session" },
	{ "attach", cmd_attach, "put a running process on a virtual clock" },
	{ "detach", cmd_detach, "put an attached process back on the real clock" },
	{ "fakeroot", cmd_fakeroot, "run a program tree as if by root, static programs too" },
	{ "help", cmd_help, "this list, or a command's options" },
	{ "version", cmd_version, "the version of vdsotool" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

void commands_usage(FILE *f)
{
	size_t i;

	fputs("Usage: vdsotool [--version] [--help] COMMAND [OPTIONS] [ARGS]\n\nCommands:\n", f);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'vdsotool help COMMAND' or 'vdsotool COMMAND --help' for a command's "
	      "options,\n'man vdsotool' for all of them.\n", f);
}

void commands_report_unknown(const char *cmd, const char *name)
{
	const char *names[NCOMMANDS];
	const char *hint;
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	hint = suggest_name(name, names, NCOMMANDS);
	if (hint)
		report_usage(cmd, "unknown command '%s' (did you mean '%s'?)", name, hint);
	else
		report_usage(cmd, "unknown command '%s'", name);
}
