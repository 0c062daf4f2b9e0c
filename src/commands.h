/* SPDX-License-Identifier: MIT */
/* One entry point per subcommand, each in src/cmd_<name>.c. */
#ifndef SRC_COMMANDS_H
#define SRC_COMMANDS_H

int cmd_info(int argc, char **argv);
int cmd_auxv(int argc, char **argv);
int cmd_maps(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_syms(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_run(int argc, char **argv);

#endif /* SRC_COMMANDS_H */
