// SPDX-License-Identifier: MIT
/* vdsotool syms: the dynamic symbols of a vDSO image, as objdump -T tells them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vdso/vdso.h>
#include "commands.h"
#include "look/image_source.h"
#include "common/json.h"
#include "look/options.h"
#include "common/proc.h"
#include "report.h"

static const char usage_text[] =
	"Usage: vdsotool syms [FILE | -p PID] [-j | --json | --pretty]\n"
	"List the dynamic symbols of a vDSO image: FILE (an ELF32 or ELF64 shared object of\n"
	"any architecture), or the vDSO of PID (default: vdsotool itself).\n"
	"Columns: ADDRESS SIZE TYPE BIND VERSION NAME; a hidden version is in parentheses,\n"
	"an unversioned symbol shows '-'.\n"
	"\n"
	"  -p, --pid PID   read the vDSO of process PID\n"
	"  -j, --json      machine-readable output (JSON, one line)\n"
	"      --pretty    JSON, indented\n"
	"  -h, --help      show this help\n";

static const char *type_name(unsigned t, char *buf, size_t len)
{
	static const char *const names[] = { "NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE" };

	if (t < sizeof(names) / sizeof(names[0]))
		return names[t];
	snprintf(buf, len, "%u", t);
	return buf;
}

static const char *bind_name(unsigned b, char *buf, size_t len)
{
	static const char *const names[] = { "LOCAL", "GLOBAL", "WEAK" };

	if (b < sizeof(names) / sizeof(names[0]))
		return names[b];
	snprintf(buf, len, "%u", b);
	return buf;
}

/* ARM marks Thumb functions with bit 0 of st_value (AAPCS ELF); the code
 * address, which objdump and gdb show, has it cleared. */
static uint64_t code_address(const struct vdso_image *img, const struct vdso_sym *s)
{
	const uint16_t em_arm = 40, stt_func = 2;

	return img->machine == em_arm && s->type == stt_func ? s->value & ~1ull : s->value;
}

static void print_human(const struct vdso_image *img)
{
	int w = img->elf_class == 2 ? 16 : 8;
	char tb[12], bb[12], ver[160];
	struct vdso_sym s;
	uint32_t i;

	printf("# %-*s %-*s %-7s %-6s %-14s %s\n", w - 2, "ADDRESS", w, "SIZE", "TYPE", "BIND",
	       "VERSION", "NAME");
	for (i = 1; i < vdso_sym_count(img); i++) {
		if (vdso_sym_get(img, i, &s))
			continue;
		if (!s.version)
			snprintf(ver, sizeof(ver), "-");
		else if (s.hidden)
			snprintf(ver, sizeof(ver), "(%s)", s.version);
		else
			snprintf(ver, sizeof(ver), "%s", s.version);
		printf("%0*llx %0*llx %-7s %-6s %-14s %s\n", w,
		       (unsigned long long)code_address(img, &s), w,
		       (unsigned long long)s.size, type_name(s.type, tb, sizeof(tb)),
		       bind_name(s.bind, bb, sizeof(bb)), ver, s.name[0] ? s.name : "-");
	}
}

static void print_json(const struct vdso_image *img, const char *source, int pretty)
{
	char tb[12], bb[12];
	struct vdso_sym s;
	struct json j;
	uint32_t i;

	json_document_begin(&j, stdout, pretty, "vdsotool-syms/1");
	json_string(&j, "source", source);
	json_uint(&j, "class", img->elf_class == 2 ? 64 : 32);
	json_string(&j, "byte_order", img->big_endian ? "big" : "little");
	json_uint(&j, "machine", img->machine);
	json_array_begin(&j, "symbols");
	for (i = 1; i < vdso_sym_count(img); i++) {
		if (vdso_sym_get(img, i, &s))
			continue;
		json_object_begin(&j, NULL);
		json_uint(&j, "index", i);
		json_string(&j, "name", s.name);
		json_string(&j, "version", s.version);
		json_bool(&j, "hidden", s.hidden);
		json_hex(&j, "address", code_address(img, &s));
		json_hex(&j, "value", s.value);
		json_hex(&j, "size", s.size);
		json_string(&j, "type", type_name(s.type, tb, sizeof(tb)));
		json_string(&j, "bind", bind_name(s.bind, bb, sizeof(bb)));
		json_object_end(&j);
	}
	json_array_end(&j);
	json_document_end(&j);
}

static const char *parse_error(int err)
{
	switch (err) {
	case -ENOEXEC:
		return "not a valid ELF image (bad header, program headers, dynamic section or "
		       "symbol table)";
	case -EINVAL:
		return "not a valid ELF image (an offset or size points outside the file)";
	default:
		return strerror(-err);
	}
}

int cmd_syms(int argc, char **argv)
{
	struct look_options o;
	struct vdso_image img;
	struct image_buf b;
	char source[64];
	int ret = look_parse_options(&o, "syms", usage_text, argc, argv, LOOK_FILE);

	if (ret >= 0)
		return ret;
	if (o.file) {
		ret = image_from_file(o.file, &b);
		if (ret == IMAGE_NOT_REGULAR) {
			report_error("syms", "cannot read %s: %s, not a regular file (hint: give a "
				     "vDSO image file, or -p PID for a process)", o.file,
				     image_file_type(b.mode));
			return EXIT_FAIL;
		}
		if (ret) {
			report_error("syms", "cannot read %s: %s", o.file,
				     ret == -EFBIG ? "larger than 64 MiB, not a vDSO" : strerror(-ret));
			return EXIT_FAIL;
		}
	} else {
		ret = image_from_process(o.pid, &b);
		if (ret) {
			report_error("syms", "cannot read the vDSO of %s: %s", o.what,
				     ret == -ENOENT ? "it has no [vdso] mapping" : proc_strerror(ret));
			return EXIT_FAIL;
		}
	}
	ret = vdso_image_parse(&img, b.data, b.size);
	if (ret) {
		report_error("syms", "%s: %s", o.file ? o.file : o.what, parse_error(ret));
		image_free(&b);
		return EXIT_FAIL;
	}
	if (o.json) {
		if (!o.file)
			snprintf(source, sizeof(source), "pid:%d", o.pid ? (int)o.pid : (int)look_self_pid());
		print_json(&img, o.file ? o.file : source, o.pretty);
	} else {
		print_human(&img);
	}
	image_free(&b);
	return EXIT_OK;
}
