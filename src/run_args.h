/* SPDX-License-Identifier: MIT */
/*
 * run's command line (the clock options, --stats, --strict, the lifecycle,
 * --stop, --name) for every command built on run's supervisor: `run`
 * itself and `fakeroot`, which adds options of its own through `extra`.
 */
#ifndef SRC_RUN_ARGS_H
#define SRC_RUN_ARGS_H

#include <getopt.h>
#include <stddef.h>
#include "supervise/supervisor.h"

struct run_args_extra {
	const char *shortopts;		/* after "+h", e.g. "s:i:u" */
	const struct option *longopts;	/* val below 256 or from RUN_ARGS_OWN */
	size_t nlongopts;
	/* One of the command's own options: 0, or -1 after report_usage(). */
	int (*take)(void *ctx, int opt, const char *arg);
	void *ctx;
};

enum { RUN_ARGS_OWN = 512 };		/* first free long-option value */

struct run_args_seen {
	int clock;			/* a clock option (--at ... --clocks) was given */
	int session;			/* --stats, --strict, --stop or --name */
	int life;			/* --wait or --kill-orphans */
	int rate;			/* --rate */
	int clocks;			/* --clocks */
	int warp;			/* --warp */
};

/*
 * Parses argv for cmd into o (o->argv: the command).  -1 when the
 * command should go on; otherwise the exit status to return now: 0 after
 * --help (usage printed), 125 after a usage error (reported).
 */
int run_args_parse(const char *cmd, const char *usage, int argc, char **argv,
		   const struct run_args_extra *extra, struct run_options *o,
		   struct run_args_seen *seen);

#endif /* SRC_RUN_ARGS_H */
