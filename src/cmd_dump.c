// SPDX-License-Identifier: MIT
#include "commands.h"
#include "report.h"

int cmd_dump(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("dump", "not implemented yet");
	return EXIT_FAIL;
}
