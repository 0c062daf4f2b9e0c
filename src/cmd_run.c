// SPDX-License-Identifier: MIT
/* vdsotool run: a program tree on a virtual clock. */
#include "commands.h"
#include "run_args.h"
#include "supervise/session.h"
#include "supervise/supervisor.h"

static const char usage_text[] =
	"Usage: vdsotool run [CLOCK OPTIONS] [--stats] [--name NAME] [--] COMMAND [ARGS...]\n"
	"Run COMMAND and everything it starts on a virtual clock.\n"
	"\n"
	"  --at TIME          the virtual realtime clock starts at TIME, then runs\n"
	"                     (2030-01-01T00:00:00Z, 2030-01-01T02:00:00+02:00, @1893456000)\n"
	"  --offset DUR       shift the realtime clock by DUR (+1y, -90m, +3600s, -1.5h)\n"
	"  --rate R           virtual clocks run R times as fast (10, 0.5, x10)\n"
	"  --freeze           virtual clocks do not advance\n"
	"  --faketime SPEC    libfaketime's FAKETIME syntax ('@2030-01-01 00:00:00', '+2d x10')\n"
	"  --faketime-env     the same, taken from $FAKETIME (otherwise ignored)\n"
	"  --clocks LIST      which clocks are virtual: realtime (default), monotonic,\n"
	"                     boottime, all; comma-separated\n"
	"  --stats            on exit, print injection and clock-read counts to stderr\n"
	"  --strict           fail (125) if any process cannot be put on the virtual clock\n"
	"  --wait             when the command exits, wait for every process it left\n"
	"                     running (default: return at once; they stay virtual)\n"
	"  --kill-orphans     when the command exits, end every process it left running\n"
	"  --stop             stop the command right after injection, for gdb -p/strace -p\n"
	"  --warp             when the whole tree only waits for time, skip to its next\n"
	"                     deadline (all clocks virtual unless --clocks says)\n"
	"  --no-patch         leave the programs' code as it is: a raw time system call\n"
	"                     stays a SIGSYS (~3 us) instead of a call into the runtime\n"
	"  --name NAME        the session's name for vdsotool ctl (default: the command's\n"
	"                     pid); a name already running fails\n"
	"  -h, --help         show this help\n"
	"\n"
	"A start outside 1970-01-01T00:00:00Z..2262-01-01T00:00:00Z is refused.\n"
	"\n"
	"Examples:\n"
	"  vdsotool run --at '2030-01-01 00:00:00' -- date    (quote a date with a time)\n"
	"  vdsotool run --offset -1d --rate 10 -- make test\n"
	"  FAKETIME='+2,5y x10' vdsotool run --faketime-env -- ./app\n"
	"\n"
	"Exit status: the command's; 125 vdsotool failed; 126 not executable;\n"
	"127 not found; 128+N killed by signal N.\n";

int cmd_run(int argc, char **argv)
{
	struct run_options o = { .virtual_mask = CLOCKS_REALTIME, .stats = 0 };
	struct run_args_seen seen;
	int r = run_args_parse("run", usage_text, argc, argv, NULL, &o, &seen);

	return r >= 0 ? r : supervise(&o);
}
