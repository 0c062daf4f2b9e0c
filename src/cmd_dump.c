// SPDX-License-Identifier: MIT
/* vdsotool dump: the vDSO image of a process, byte for byte. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "common/output_file.h"
#include "look/image_source.h"
#include "look/options.h"
#include "common/proc.h"
#include "report.h"

static const char usage_text[] =
	"Usage: vdsotool dump [-p PID] -o FILE\n"
	"Write the [vdso] mapping of PID (default: vdsotool itself) to FILE exactly as mapped.\n"
	"FILE '-' is standard output, refused when that is a terminal. A regular file is\n"
	"written under a temporary name and renamed: it is complete or untouched, and keeps\n"
	"its owner and mode; a device or FIFO is written into; a symbolic link is followed.\n"
	"\n"
	"  -p, --pid PID       read process PID\n"
	"  -o, --output FILE   where to write (required)\n"
	"  -h, --help          show this help\n";

int cmd_dump(int argc, char **argv)
{
	struct look_options o;
	struct output_file out;
	struct image_buf b;
	int to_stdout, ret = look_parse_options(&o, "dump", usage_text, argc, argv, LOOK_OUTPUT);

	if (ret >= 0)
		return ret;
	if (!o.output) {
		report_usage("dump", "no output file: give -o FILE (or -o - for standard output)");
		return EXIT_USAGE;
	}
	to_stdout = !strcmp(o.output, "-");
	if (to_stdout && isatty(STDOUT_FILENO)) {
		report_error("dump", "refusing to write a binary image to a terminal (hint: "
			     "-o FILE, or redirect standard output)");
		return EXIT_FAIL;
	}
	/* The path first: a bad one fails before the process is read, and a
	 * FIFO's reader is waited for as a shell redirection would. */
	ret = output_open(&out, o.output);
	if (ret) {
		report_error("dump", "cannot write %s: %s", o.output, output_strerror(ret));
		return EXIT_FAIL;
	}
	ret = image_from_process(o.pid, &b);
	if (ret) {
		output_abort(&out);
		report_error("dump", "cannot read the vDSO of %s: %s", o.what,
			     ret == -ENOENT ? "it has no [vdso] mapping" : proc_strerror(ret));
		return EXIT_FAIL;
	}
	ret = output_write(&out, b.data, b.size);
	image_free(&b);
	if (ret)
		output_abort(&out);
	else
		ret = output_commit(&out);
	if (ret) {
		report_error("dump", "cannot write %s: %s", o.output, output_strerror(ret));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
