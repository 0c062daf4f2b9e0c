/* SPDX-License-Identifier: MIT */
/* The clock options `run` and `attach` share: --at, --offset, --rate,
 * --freeze, --faketime, --faketime-env, --clocks. */
#ifndef CLOCK_OPTS_H
#define CLOCK_OPTS_H

#include <getopt.h>
#include <stdint.h>
#include "clock/spec.h"

enum {
	CLOCK_OPT_AT = 256, CLOCK_OPT_OFFSET, CLOCK_OPT_RATE, CLOCK_OPT_FREEZE, CLOCK_OPT_FAKETIME,
	CLOCK_OPT_FAKETIME_ENV, CLOCK_OPT_CLOCKS,
	CLOCK_OPT_NEXT,			/* a command's own options start here */
};

#define CLOCK_OPTS_LONG							\
	{ "at", required_argument, NULL, CLOCK_OPT_AT },		\
	{ "offset", required_argument, NULL, CLOCK_OPT_OFFSET },	\
	{ "rate", required_argument, NULL, CLOCK_OPT_RATE },		\
	{ "freeze", no_argument, NULL, CLOCK_OPT_FREEZE },		\
	{ "faketime", required_argument, NULL, CLOCK_OPT_FAKETIME },	\
	{ "faketime-env", no_argument, NULL, CLOCK_OPT_FAKETIME_ENV },	\
	{ "clocks", required_argument, NULL, CLOCK_OPT_CLOCKS }

struct clock_opts {
	struct clock_spec spec;
	uint32_t virtual_mask;		/* clock ids that are virtual */
	int timing;			/* --at, --offset, --rate or --freeze seen */
	int faketime;			/* 1 --faketime, 2 --faketime-env */
};

void clock_opts_init(struct clock_opts *o);

/* Option c with its argument: 1 taken, 0 not a clock option, -1 bad
 * (said, as command cmd's usage error). */
int clock_opts_take(struct clock_opts *o, const char *cmd, int c, const char *arg);

/* Checks the options together, with the time now: 0, or -1 (said).  prev
 * and next: the arguments around the end of the options, for a date split
 * by the shell (NULL: none). */
int clock_opts_finish(struct clock_opts *o, const char *cmd, const char *prev, const char *next);

#endif /* CLOCK_OPTS_H */
