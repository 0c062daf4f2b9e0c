// SPDX-License-Identifier: MIT
/* vdsotool maps: the kernel's own mappings in a process. */
#include <stdio.h>
#include "commands.h"
#include "common/json.h"
#include "look/options.h"
#include "common/proc.h"
#include "common/vsyscall.h"
#include "report.h"

static const char usage_text[] =
	"Usage: vdsotool maps [-p PID] [-j | --json | --pretty]\n"
	"Print the [vvar], [vvar_vclock], [vdso] and [vsyscall] mappings of PID (default:\n"
	"vdsotool itself) and the vsyscall mode (native, emulate, xonly or none).\n"
	"\n"
	"  -p, --pid PID   read process PID\n"
	"  -j, --json      machine-readable output (JSON, one line)\n"
	"      --pretty    JSON, indented\n"
	"  -h, --help      show this help\n";

int cmd_maps(int argc, char **argv)
{
	struct kernel_vma v[8];
	struct look_options o;
	struct json j;
	int n, i, ret = look_parse_options(&o, "maps", usage_text, argc, argv, 0);

	if (ret >= 0)
		return ret;
	n = proc_kernel_vmas(o.pid, v, 8);
	if (n < 0) {
		report_error("maps", "cannot read the mappings of %s: %s", o.what, proc_strerror(n));
		return EXIT_FAIL;
	}
	if (!o.json) {
		printf("%-14s %-16s %-16s %8s %s\n", "# mapping", "start", "end", "size", "perms");
		for (i = 0; i < n; i++)
			printf("%-14s %016llx %016llx %8llu %s\n", v[i].name,
			       (unsigned long long)v[i].start, (unsigned long long)v[i].end,
			       (unsigned long long)(v[i].end - v[i].start), v[i].perms);
		printf("vsyscall mode: %s\n", vsyscall_mode(v, n));
		return EXIT_OK;
	}
	json_document_begin(&j, stdout, o.pretty, "vdsotool-maps/1");
	json_int(&j, "pid", o.pid ? o.pid : look_self_pid());
	json_string(&j, "vsyscall_mode", vsyscall_mode(v, n));
	json_array_begin(&j, "mappings");
	for (i = 0; i < n; i++) {
		json_object_begin(&j, NULL);
		json_string(&j, "name", v[i].name);
		json_hex(&j, "start", v[i].start);
		json_hex(&j, "end", v[i].end);
		json_hex(&j, "size", v[i].end - v[i].start);
		json_string(&j, "perms", v[i].perms);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_document_end(&j);
	return EXIT_OK;
}
