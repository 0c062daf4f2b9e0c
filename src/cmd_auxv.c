// SPDX-License-Identifier: MIT
#include "commands.h"
#include "report.h"

int cmd_auxv(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("auxv", "not implemented yet");
	return EXIT_FAIL;
}
