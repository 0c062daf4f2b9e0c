// SPDX-License-Identifier: MIT
#include "commands.h"
#include "report.h"

int cmd_syms(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("syms", "not implemented yet");
	return EXIT_FAIL;
}
