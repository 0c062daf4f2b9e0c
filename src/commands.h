/* SPDX-License-Identifier: MIT */
/* One entry point per subcommand, each in src/cmd_<name>.c; the table of them. */
#ifndef SRC_COMMANDS_H
#define SRC_COMMANDS_H

#include <stdio.h>

int cmd_info(int argc, char **argv);
int cmd_auxv(int argc, char **argv);
int cmd_maps(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_syms(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_ctl(int argc, char **argv);
int cmd_fakeroot(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_detach(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/* The command called name, or NULL. */
const struct command *command_find(const char *name);

/* "Usage: vdsotool ..." and the list of commands. */
void commands_usage(FILE *f);

/*
 * The usage error for an unknown command (cmd: the command reporting it,
 * NULL for vdsotool itself), with the closest command name as a hint.
 */
void commands_report_unknown(const char *cmd, const char *name);

#endif /* SRC_COMMANDS_H */
