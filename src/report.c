// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include "report.h"

#ifndef VDSOTOOL_VERSION
#error "VDSOTOOL_VERSION comes from the VERSION file, through the Makefile"
#endif

const char vdsotool_version[] = VDSOTOOL_VERSION;

static void vreport(const char *cmd, const char *fmt, va_list ap)
{
	fflush(stdout);
	if (cmd)
		fprintf(stderr, "vdsotool: %s: ", cmd);
	else
		fputs("vdsotool: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void report_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, fmt, ap);
	va_end(ap);
}

void report_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "Try 'vdsotool %s --help' for more information.\n", cmd);
	else
		fputs("Try 'vdsotool --help' for more information.\n", stderr);
}
