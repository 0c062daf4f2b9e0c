/* SPDX-License-Identifier: MIT */
/*
 * The vdsotool that `attach` starts as: it starts the session's
 * supervisor as a daemon (its own session, reparented to init or the
 * nearest subreaper, every signal but SIGKILL blocked), waits for its word
 * that the process is attached or why not, and returns.
 */
#ifndef SUPERVISE_ATTACH_FRONT_H
#define SUPERVISE_ATTACH_FRONT_H

#include "supervise/supervisor.h"

/* Returns vdsotool attach's exit status (0: attached). */
int attach_start(const struct run_options *o);

#endif /* SUPERVISE_ATTACH_FRONT_H */
