// SPDX-License-Identifier: MIT
#include "commands.h"
#include "report.h"

int cmd_info(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("info", "not implemented yet");
	return EXIT_FAIL;
}
