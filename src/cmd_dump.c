// SPDX-License-Identifier: MIT
/* vdsotool dump: the vDSO image of a process, byte for byte. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "common/atomic_file.h"
#include "look/image_source.h"
#include "look/options.h"
#include "common/proc.h"
#include "report.h"

static const char usage_text[] =
	"Usage: vdsotool dump [-p PID] -o FILE\n"
	"Write the [vdso] mapping of PID (default: vdsotool itself) to FILE exactly as mapped.\n"
	"FILE '-' is standard output, refused when that is a terminal. The file is written\n"
	"under a temporary name and renamed: it is complete or absent.\n"
	"\n"
	"  -p, --pid PID       read process PID\n"
	"  -o, --output FILE   where to write (required)\n"
	"  -h, --help          show this help\n";

static int write_stdout(const struct image_buf *b)
{
	size_t done = 0;

	while (done < b->size) {
		ssize_t n = write(STDOUT_FILENO, b->data + done, b->size - done);

		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	return 0;
}

int cmd_dump(int argc, char **argv)
{
	struct look_options o;
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
	ret = image_from_process(o.pid, &b);
	if (ret) {
		report_error("dump", "cannot read the vDSO of %s: %s", o.what,
			     ret == -ENOENT ? "it has no [vdso] mapping" : proc_strerror(ret));
		return EXIT_FAIL;
	}
	ret = to_stdout ? write_stdout(&b) : atomic_write_file(o.output, b.data, b.size);
	image_free(&b);
	if (ret) {
		report_error("dump", "cannot write %s: %s", o.output, strerror(-ret));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
