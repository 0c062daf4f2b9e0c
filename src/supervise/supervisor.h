/* SPDX-License-Identifier: MIT */
/*
 * `run`'s supervisor: starts the command under the seccomp filter, injects
 * the image at every exec, answers the trapped time system calls, forwards
 * signals and returns the command's status the way env(1) does.
 */
#ifndef SUPERVISE_SUPERVISOR_H
#define SUPERVISE_SUPERVISOR_H

#include <stdint.h>
#include "clock/spec.h"

enum {
	RUN_FAILED = 125,		/* vdsotool itself failed */
	RUN_NOT_EXECUTABLE = 126,
	RUN_NOT_FOUND = 127,
};

struct run_options {
	struct clock_spec spec;
	uint32_t virtual_mask;		/* clock ids that are virtual */
	int stats;			/* print counters on exit */
	char **argv;			/* the command */
};

/* Runs the command to completion; returns vdsotool's exit status. */
int supervise(const struct run_options *o);

#endif /* SUPERVISE_SUPERVISOR_H */
