/* SPDX-License-Identifier: MIT */
/*
 * Error reporting and exit statuses shared by every command.
 * Messages read "vdsotool: COMMAND: what failed: why (hint)".
 */
#ifndef SRC_REPORT_H
#define SRC_REPORT_H

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the operation failed */
	EXIT_USAGE = 2,		/* bad command line (run uses 125 instead) */
};

/* Prints "vdsotool: cmd: " then the formatted text and a newline to stderr. */
void report_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* For usage errors: the message, then "Try 'vdsotool cmd --help'". */
void report_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

extern const char vdsotool_version[];

#endif /* SRC_REPORT_H */
