// SPDX-License-Identifier: MIT
#include "commands.h"
#include "report.h"

int cmd_maps(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("maps", "not implemented yet");
	return EXIT_FAIL;
}
