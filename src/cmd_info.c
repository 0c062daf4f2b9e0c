// SPDX-License-Identifier: MIT
/* vdsotool info: this kernel's vDSO, vsyscall page and clocks at a glance. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <vdso/vdso.h>
#include "commands.h"
#include "look/classify.h"
#include "common/json.h"
#include "look/options.h"
#include "common/proc.h"
#include "common/vsyscall.h"
#include "report.h"

static const char usage_text[] =
	"Usage: vdsotool info [-j | --json | --pretty]\n"
	"Print the kernel release, the vDSO's base, size and build-id, the vsyscall mode,\n"
	"the clocksources, and for each clock whether the vDSO serves it in user space or\n"
	"falls back to the system call (observed under a seccomp filter, not timed).\n"
	"\n"
	"  -j, --json      machine-readable output (JSON, one line)\n"
	"      --pretty    JSON, indented\n"
	"  -h, --help      show this help\n";

struct facts {
	struct utsname u;
	const void *base;
	size_t size;
	char build_id[130];
	const char *vsyscall;
	char clocksource[64], available[256];
	struct classification c;
	int classified;
};

static int gather(struct facts *f)
{
	struct kernel_vma v[8];
	struct vdso_image img;
	unsigned char id[64];
	int n, i;

	uname(&f->u);
	f->base = (const void *)getauxval(AT_SYSINFO_EHDR);
	if (!f->base || vdso_image_parse_mapped(&img, f->base))
		return -ENOENT;
	f->size = img.size;
	n = vdso_build_id(&img, id, sizeof(id));
	f->build_id[0] = 0;
	for (i = 0; i < n && i < (int)sizeof(id); i++)
		sprintf(f->build_id + 2 * i, "%02x", id[i]);
	n = proc_kernel_vmas(0, v, 8);
	f->vsyscall = vsyscall_mode(v, n < 0 ? 0 : n);
	proc_read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  f->clocksource, sizeof(f->clocksource));
	proc_read_line("/sys/devices/system/clocksource/clocksource0/available_clocksource",
		  f->available, sizeof(f->available));
	f->classified = !classify_vdso(f->base, &f->c);
	return 0;
}

static void print_human(const struct facts *f)
{
	int i;

	printf("kernel:        %s %s\n", f->u.release, f->u.machine);
	printf("vdso:          %p, %zu bytes, build-id %s\n", f->base, f->size,
	       f->build_id[0] ? f->build_id : "(none)");
	printf("vsyscall:      %s\n", f->vsyscall);
	printf("clocksource:   %s (available: %s)\n", f->clocksource[0] ? f->clocksource : "?",
	       f->available[0] ? f->available : "?");
	if (!f->classified) {
		printf("clocks:        (could not be observed: seccomp unavailable)\n");
		return;
	}
	printf("clock_gettime:\n");
	for (i = 0; i < CLASSIFY_NCLOCKS; i++)
		printf("  %-26s %s\n", f->c.clock[i].name, served_by_name(f->c.clock[i].by));
	printf("functions:\n");
	for (i = 0; i < 5; i++)
		printf("  %-26s %s\n", f->c.fn[i].name, served_by_name(f->c.fn[i].by));
}

static void print_json(const struct facts *f, int pretty)
{
	char *tok, *save = NULL, avail[256];
	struct json j;
	int i;

	json_document_begin(&j, stdout, pretty, "vdsotool-info/1");
	json_object_begin(&j, "kernel");
	json_string(&j, "release", f->u.release);
	json_string(&j, "machine", f->u.machine);
	json_object_end(&j);
	json_object_begin(&j, "vdso");
	json_hex(&j, "base", (uint64_t)(uintptr_t)f->base);
	json_hex(&j, "size", f->size);
	json_string(&j, "build_id", f->build_id[0] ? f->build_id : NULL);
	json_object_end(&j);
	json_string(&j, "vsyscall_mode", f->vsyscall);
	json_object_begin(&j, "clocksource");
	json_string(&j, "current", f->clocksource);
	json_array_begin(&j, "available");
	snprintf(avail, sizeof(avail), "%s", f->available);
	for (tok = strtok_r(avail, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		json_string(&j, NULL, tok);
	json_array_end(&j);
	json_object_end(&j);
	json_array_begin(&j, "clocks");
	for (i = 0; f->classified && i < CLASSIFY_NCLOCKS; i++) {
		json_object_begin(&j, NULL);
		json_string(&j, "name", f->c.clock[i].name);
		json_int(&j, "id", f->c.clock[i].id);
		json_string(&j, "served_by", served_by_name(f->c.clock[i].by));
		json_object_end(&j);
	}
	json_array_end(&j);
	json_array_begin(&j, "functions");
	for (i = 0; f->classified && i < 5; i++) {
		json_object_begin(&j, NULL);
		json_string(&j, "name", f->c.fn[i].name);
		json_string(&j, "symbol", f->c.fn[i].symbol);
		json_string(&j, "served_by", served_by_name(f->c.fn[i].by));
		json_object_end(&j);
	}
	json_array_end(&j);
	json_document_end(&j);
}

int cmd_info(int argc, char **argv)
{
	struct look_options o;
	struct facts f;
	int ret = look_parse_options(&o, "info", usage_text, argc, argv, 0);

	if (ret >= 0)
		return ret;
	if (o.pid) {
		report_usage("info", "info describes this kernel; -p is not accepted (hint: use "
			     "maps, auxv or syms -p PID)");
		return EXIT_USAGE;
	}
	if (gather(&f)) {
		report_error("info", "this process has no vDSO (AT_SYSINFO_EHDR is absent or "
			     "unreadable)");
		return EXIT_FAIL;
	}
	if (o.json)
		print_json(&f, o.pretty);
	else
		print_human(&f);
	return EXIT_OK;
}
