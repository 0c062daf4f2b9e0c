// SPDX-License-Identifier: MIT
#include "commands.h"
#include "report.h"

int cmd_bench(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	report_error("bench", "not implemented yet");
	return EXIT_FAIL;
}
