/* SPDX-License-Identifier: MIT */
/*
 * `run`: two processes.  The front (the vdsotool the shell started)
 * forwards signals, follows job control and returns the command's status
 * the way env(1) does; it is a subreaper and ends the tree if the
 * supervisor is killed.  Below it the supervisor, the command's parent and
 * the tree's subreaper: it serves the seccomp notifications, injects the
 * image at every exec, and lives on after the command for as long as
 * anything it left running does (with a keeper beside it, keeper.h).
 */
#ifndef SUPERVISE_SUPERVISOR_H
#define SUPERVISE_SUPERVISOR_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include "clock/spec.h"
#include "supervise/extension.h"

enum {
	RUN_FAILED = 125,		/* vdsotool itself failed */
	RUN_NOT_EXECUTABLE = 126,
	RUN_NOT_FOUND = 127,
};

/* When the command exits and left processes running. */
enum run_lifecycle {
	LIFE_DETACH,			/* return now; they stay on the virtual clock */
	LIFE_WAIT,			/* --wait: return when the whole tree is gone */
	LIFE_KILL,			/* --kill-orphans: end them, then return */
};

struct run_options {
	struct clock_spec spec;
	uint32_t virtual_mask;		/* clock ids that are virtual */
	uint32_t wait_mask;		/* those whose relative waits and timers follow them */
	int stats;			/* print counters on exit */
	int strict;			/* a process left on the real clock fails the run */
	int hold;			/* --stop: stop the command after injection */
	int warp;			/* --warp: an idle tree skips to its next deadline */
	int keep_code;			/* --no-patch: no call site is patched */
	enum run_lifecycle life;
	pid_t front;			/* the vdsotool the user started */
	const char *name;		/* --name, for vdsotool ctl; NULL: the command's pid */
	const struct run_extension *ext; /* fakeroot's calls, or NULL */
	char **argv;			/* the command */
	pid_t attach;			/* vdsotool attach: the running process; 0: run argv */
	int attach_tree;		/* attach --tree: its descendants too */
};

/* The command's name in messages: "run", or the extension's ("fakeroot"). */
static inline const char *run_who(const struct run_options *o)
{
	return o->ext ? o->ext->name : "run";
}

/* The front: runs the command to completion; returns vdsotool's exit
 * status (or dies of the command's SIGINT/SIGQUIT). */
int supervise(const struct run_options *o);

/* The supervisor process; never returns.  sock talks to the front. */
void supervisor_main(const struct run_options *o, int sock, const sigset_t *orig_mask)
	__attribute__((noreturn));

#endif /* SUPERVISE_SUPERVISOR_H */
