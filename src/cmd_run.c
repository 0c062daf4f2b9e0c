// SPDX-License-Identifier: MIT
#include "commands.h"
#include "report.h"

int cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("run", "not implemented yet");
	return EXIT_FAIL;
}
