// SPDX-License-Identifier: MIT
/* vdsotool auxv: the auxiliary vector of a process, decoded. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "look/auxv_format.h"
#include "common/json.h"
#include "look/options.h"
#include "common/proc.h"
#include "report.h"

static const char usage_text[] =
	"Usage: vdsotool auxv [-p PID] [-j | --json | --pretty]\n"
	"Print the auxiliary vector of PID (default: vdsotool itself), each entry named and\n"
	"formatted as glibc's LD_SHOW_AUXV=1 prints it, with AT_HWCAP/AT_HWCAP2 flags named.\n"
	"\n"
	"  -p, --pid PID   read process PID\n"
	"  -j, --json      machine-readable output (JSON, one line)\n"
	"      --pretty    JSON, indented\n"
	"  -h, --help      show this help\n";

static void entry_text(pid_t pid, const struct auxv_entry *e, char *buf, size_t len)
{
	if (auxv_kind(e->type) == AUXV_STRING) {
		if (proc_read_string(pid, e->value, buf, len) == 0)
			return;
	}
	auxv_format_value(e->type, e->value, buf, len);
}

static void print_human(pid_t pid, const struct auxv_entry *e, int n)
{
	char text[512], flags[512], label[40];
	int i;

	for (i = 0; i < n; i++) {
		const char *name = auxv_name(e[i].type);

		entry_text(pid, &e[i], text, sizeof(text));
		if (name) {
			snprintf(label, sizeof(label), "%s:", name);
			printf("%-22s%s", label, text);
		} else {
			printf("AT_??? (0x%lx): 0x%lx", e[i].type, e[i].value);
		}
		auxv_hwcap_flags(e[i].type, e[i].value, flags, sizeof(flags));
		if (flags[0])
			printf("  [%s]", flags);
		putchar('\n');
	}
}

static void print_json(pid_t pid, const struct auxv_entry *e, int n, int pretty)
{
	char text[512], flags[512], *tok, *save = NULL;
	struct json j;
	int i;

	json_document_begin(&j, stdout, pretty, "vdsotool-auxv/1");
	json_int(&j, "pid", pid ? pid : look_self_pid());
	json_array_begin(&j, "entries");
	for (i = 0; i < n; i++) {
		json_object_begin(&j, NULL);
		json_uint(&j, "type", e[i].type);
		json_string(&j, "name", auxv_name(e[i].type));
		json_hex(&j, "value", e[i].value);
		entry_text(pid, &e[i], text, sizeof(text));
		json_string(&j, "text", text);
		auxv_hwcap_flags(e[i].type, e[i].value, flags, sizeof(flags));
		if (flags[0] || e[i].type == 16 || e[i].type == 26) {
			json_array_begin(&j, "flags");
			for (tok = strtok_r(flags, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
				json_string(&j, NULL, tok);
			json_array_end(&j);
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_document_end(&j);
}

int cmd_auxv(int argc, char **argv)
{
	struct auxv_entry e[PROC_AUXV_MAX];
	struct look_options o;
	int n, ret = look_parse_options(&o, "auxv", usage_text, argc, argv, 0);

	if (ret >= 0)
		return ret;
	n = proc_read_auxv(o.pid, e, PROC_AUXV_MAX);
	if (n < 0) {
		report_error("auxv", "cannot read the auxiliary vector of %s: %s", o.what,
			     proc_strerror(n));
		return EXIT_FAIL;
	}
	if (o.json)
		print_json(o.pid, e, n, o.pretty);
	else
		print_human(o.pid, e, n);
	return EXIT_OK;
}
