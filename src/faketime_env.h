/* SPDX-License-Identifier: MIT */
/*
 * libfaketime's environment as "vdsotool run" sees it. --faketime-env
 * takes the spec from FAKETIME; otherwise FAKETIME means nothing to
 * vdsotool, and a libfaketime in LD_PRELOAD still loads into the command
 * and fakes the time again on top: a note says so once, since either
 * would otherwise be a silent surprise.
 */
#ifndef SRC_FAKETIME_ENV_H
#define SRC_FAKETIME_ENV_H

#include <stddef.h>
#include "clock/spec.h"

/*
 * *s from the values of FAKETIME and FAKETIME_FMT (NULL: unset), as
 * --faketime-env gives them. Returns 0, or -1 with a message in err
 * ("FAKETIME is not set ...", "bad FAKETIME spec '...': ...") and *s
 * untouched. The spec keeps a pointer to faketime, for later messages.
 */
int faketime_env_spec(struct clock_spec *s, const char *faketime, const char *fmt, char *err,
		      size_t errlen);
/* The same from the environment. */
int faketime_env_take(struct clock_spec *s, char *err, size_t errlen);

/*
 * The note for these values of FAKETIME and LD_PRELOAD (NULL: unset) when
 * --faketime-env was (env_used) or was not given: returns 1 with the note
 * in buf ("note: ...", NUL-terminated; buf may be NULL), or 0 when there
 * is nothing to say.
 */
int faketime_env_note(const char *faketime, const char *ld_preload, int env_used, char *buf,
		      size_t len);
/* Prints that note for the environment, if any, as "vdsotool: run: note: ...". */
void faketime_env_warn(int env_used);

#endif /* SRC_FAKETIME_ENV_H */
