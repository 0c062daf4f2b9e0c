/* SPDX-License-Identifier: MIT */
/* The options every Look command shares: -p PID, -j/--json, --pretty, --help
 * (dump, which writes a binary image, takes -o FILE instead of the JSON ones). */
#ifndef LOOK_OPTIONS_H
#define LOOK_OPTIONS_H

#include <sys/types.h>

struct look_options {
	pid_t pid;			/* 0: vdsotool itself */
	int json;
	int pretty;			/* --pretty: indented JSON (implies --json) */
	const char *output;		/* -o, for dump */
	const char *file;		/* a FILE operand, for syms */
	char what[32];			/* "pid 123" or "this process", for messages */
};

/*
 * Parses argv.  flags: LOOK_OUTPUT accepts -o FILE, LOOK_FILE one FILE
 * operand.  Returns -1 to go on, or the exit status (help, usage error).
 */
#define LOOK_OUTPUT 1
#define LOOK_FILE 2
int look_parse_options(struct look_options *o, const char *cmd, const char *usage, int argc,
		       char **argv, int flags);

pid_t look_self_pid(void);

#endif /* LOOK_OPTIONS_H */
