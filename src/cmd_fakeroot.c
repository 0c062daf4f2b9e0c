// SPDX-License-Identifier: MIT
/* vdsotool fakeroot: a program tree that believes it is root, on run's
 * supervisor (src/fakeroot/sys/), with run's clock options. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "fakeroot/db.h"
#include "fakeroot/savefile.h"
#include "fakeroot/sys/sys.h"
#include "fakeroot/view.h"
#include "report.h"
#include "run_args.h"
#include "supervise/session.h"
#include "supervise/supervisor.h"

static const char usage_text[] =
	"Usage: vdsotool fakeroot [-s FILE] [-i FILE] [-u] [CLOCK OPTIONS] [--] COMMAND [ARGS...]\n"
	"Run COMMAND and everything it starts as if by root, static programs included:\n"
	"ownership, modes and device files are recorded, not applied, and stat shows them.\n"
	"\n"
	"  -s, --save-file FILE   when the tree is gone, save the records to FILE\n"
	"                         (fakeroot(1)'s format)\n"
	"  -i, --load-file FILE   start from the records saved in FILE\n"
	"  -u, --unknown-is-real  files without a record show their real owner\n"
	"                         (default: root)\n"
	"\n"
	"Clock options, as for vdsotool run (without them the clocks are real):\n"
	"  --at TIME          the virtual realtime clock starts at TIME, then runs\n"
	"  --offset DUR       shift the realtime clock by DUR (+1y, -90m, +3600s)\n"
	"  --rate R           virtual clocks run R times as fast\n"
	"  --freeze           virtual clocks do not advance\n"
	"  --faketime SPEC    libfaketime's FAKETIME syntax\n"
	"  --faketime-env     the same, taken from $FAKETIME\n"
	"  --clocks LIST      which clocks are virtual (realtime, monotonic, boottime, all)\n"
	"  --stats            on exit, print injection and clock-read counts to stderr\n"
	"  --strict           fail (125) if any process cannot be put on the virtual clock\n"
	"  --stop             stop the command right after injection\n"
	"  --name NAME        the session's name for vdsotool ctl\n"
	"  --warp             skip to the next deadline when the tree only waits for time\n"
	"  --no-patch         leave the programs' code as it is (see vdsotool run --help)\n"
	"  --kill-orphans     when the command exits, end every process it left running\n"
	"                     (default: wait for them, then save)\n"
	"  --wait             wait for every process left running (the default)\n"
	"  -h, --help         show this help\n"
	"\n"
	"Examples:\n"
	"  vdsotool fakeroot -- sh -c 'chown -R 0:0 root && tar -cf root.tar root'\n"
	"  vdsotool fakeroot -s state -- make install DESTDIR=$PWD/root\n"
	"  vdsotool fakeroot -i state --at @$SOURCE_DATE_EPOCH --freeze -- dpkg-deb -b root\n"
	"\n"
	"Exit status: the command's; 125 vdsotool failed; 126 not executable;\n"
	"127 not found; 128+N killed by signal N.\n";

enum { OPT_SAVE = RUN_ARGS_OWN, OPT_LOAD, OPT_UNKNOWN };

static const struct option own_options[] = {
	{ "save-file", required_argument, NULL, 's' },
	{ "load-file", required_argument, NULL, 'i' },
	{ "unknown-is-real", no_argument, NULL, 'u' },
};

struct args {
	const char *save, *load;
	unsigned flags;
};

static int take(void *ctx, int opt, const char *arg)
{
	struct args *a = ctx;

	switch (opt) {
	case 's':
		a->save = arg;
		return 0;
	case 'i':
		a->load = arg;
		return 0;
	case 'u':
		a->flags |= FR_UNKNOWN_IS_REAL;
		return 0;
	}
	report_usage("fakeroot", "unknown option '%c'", opt);
	return -1;
}

/* The save file is written by the supervisor at the end, wherever the
 * tree has gone meanwhile: an absolute path now. */
static char *absolute(const char *path)
{
	char cwd[PATH_MAX], *out;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	out = malloc(strlen(cwd) + strlen(path) + 2);
	if (out)
		sprintf(out, "%s/%s", cwd, path);
	return out;
}

static int load(struct fr_db *db, const char *path)
{
	size_t line = 0;
	int r = fr_save_load(db, path, &line);

	if (r == -EINVAL)
		report_error("fakeroot", "cannot load %s: line %zu is not a record (expected "
			     "dev=HEX,ino=N,mode=OCTAL,uid=N,gid=N,nlink=N,rdev=N)", path, line);
	else if (r)
		report_error("fakeroot", "cannot load %s: %s", path, strerror(-r));
	return r;
}

/* VDSOTOOL_FAKEROOT_TABLE_KIB sizes the records' shared arena, so that
 * tests see the tree's stats go back to the supervisor when it is full
 * without making a million records.  *bytes = 0: the default. */
static int table_bytes(size_t *bytes)
{
	const char *env = getenv("VDSOTOOL_FAKEROOT_TABLE_KIB");
	unsigned long v;
	char *end;

	*bytes = 0;
	if (!env)
		return 0;
	errno = 0;
	v = strtoul(env, &end, 10);
	if (*env < '0' || *env > '9' || errno || *end || v < FR_SYS_TABLE_MIN_KIB ||
	    v > FR_SYS_TABLE_MAX_KIB) {
		report_error("fakeroot", "bad VDSOTOOL_FAKEROOT_TABLE_KIB '%s': not a number of KiB "
			     "from %lu to %lu", env, FR_SYS_TABLE_MIN_KIB, FR_SYS_TABLE_MAX_KIB);
		return -1;
	}
	*bytes = (size_t)v << 10;
	return 0;
}

int cmd_fakeroot(int argc, char **argv)
{
	struct run_options o = { .virtual_mask = CLOCKS_REALTIME, .life = LIFE_WAIT };
	struct args a = { NULL, NULL, 0 };
	const struct run_args_extra extra = { "s:i:u", own_options,
					      sizeof(own_options) / sizeof(own_options[0]), take,
					      &a };
	struct run_extension ext;
	struct run_args_seen seen;
	struct fr_sys s = { 0 };
	int r = run_args_parse("fakeroot", usage_text, argc, argv, &extra, &o, &seen);

	if (r >= 0)
		return r;
	if (table_bytes(&s.table_bytes))
		return RUN_FAILED;
	/* Without a clock option no clock is virtual; every exec is still
	 * injected, for the runtime that answers the stat family. */
	if (!seen.clock && !seen.session)
		o.virtual_mask = 0;
	s.flags = a.flags;
	if (fr_db_new(&s.db, 0)) {
		report_error("fakeroot", "out of memory");
		return RUN_FAILED;
	}
	if (a.load && load(s.db, a.load)) {
		fr_db_free(s.db);
		return RUN_FAILED;
	}
	if (a.save && !(s.save = absolute(a.save))) {
		report_error("fakeroot", "cannot use the save file %s: %s", a.save,
			     strerror(errno));
		fr_db_free(s.db);
		return RUN_FAILED;
	}
	fr_sys_extension(&s, &ext);
	o.ext = &ext;
	return supervise(&o);
}
