/* SPDX-License-Identifier: MIT */
/*
 * Output files (dump -o, bench --csv, --export-markdown, --svg): what is
 * already at the path decides how it is written (vdsotool(1), OUTPUT FILES).
 *
 *  -                  standard output
 *  character device,  written into, never replaced (/dev/null stays a
 *  FIFO                device; a FIFO's reader gets the data)
 *  regular file, or   a temporary file beside it, renamed over it at the
 *  nothing            end: complete or untouched.  An existing file keeps
 *                     its owner, group and mode; one that could not be
 *                     opened for writing, has other hard links, or whose
 *                     owner cannot be kept is refused.
 *  symbolic link      followed: the file it names is written as above and
 *                     the link stays; a link to nothing is refused.
 *  anything else      refused (directory, block device, socket).
 *
 * output_open does every check and creates the temporary, so a bad path
 * fails before any work is done (bench opens before it measures).
 */
#ifndef COMMON_OUTPUT_FILE_H
#define COMMON_OUTPUT_FILE_H

#include <stddef.h>
#include <sys/types.h>

enum output_kind {
	OUTPUT_NONE,
	OUTPUT_STDOUT,
	OUTPUT_DIRECT,			/* a device or FIFO, opened for writing */
	OUTPUT_REPLACE,			/* a temporary, renamed over target */
};

struct output_file {
	const char *path;		/* as given, for messages */
	enum output_kind kind;
	int fd;
	char *target;			/* OUTPUT_REPLACE: the path renamed over */
	char *tmp;			/* OUTPUT_REPLACE: the temporary's path */
};

/* Refusals that have no errno of their own, below -4096. */
enum {
	OUTPUT_E_DANGLING = -4201,	/* a symbolic link to nothing */
	OUTPUT_E_LINKS,			/* a regular file with other hard links */
	OUTPUT_E_OWNER,			/* owner and group cannot be kept */
	OUTPUT_E_BLOCKDEV,
	OUTPUT_E_SOCKET,
};

/* 0, or a negative errno or OUTPUT_E_* with nothing created. */
int output_open(struct output_file *o, const char *path);
/* Writes it all; 0 or -errno. */
int output_write(struct output_file *o, const void *data, size_t len);
/* Makes the output final (fsync, rename) and closes it; 0 or -errno, and
 * on failure nothing of it is left at the path. */
int output_commit(struct output_file *o);
/* Drops it: the temporary is removed, the target untouched. */
void output_abort(struct output_file *o);
/* The message for an error of the functions above. */
const char *output_strerror(int err);

#endif /* COMMON_OUTPUT_FILE_H */
