// SPDX-License-Identifier: MIT
/*
 * vdsotool bench [-n ROUNDS] [--warmup N] [-j|--json|--pretty] [--csv FILE]
 *                [--export-markdown FILE] [--svg FILE] [MECHANISM...]
 *
 * Every output file is opened before the first mechanism is measured, so
 * a bad path costs nothing; each mechanism then runs in a child of its
 * own (src/bench/runner.c), and the report goes to standard output and
 * the files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bench/bench.h"
#include "common/output_file.h"
#include "commands.h"
#include "report.h"

#define DEFAULT_ROUNDS 100
#define DEFAULT_WARMUP 3
#define MAX_ROUNDS 100000

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: vdsotool bench [-n ROUNDS] [--warmup N] [-j | --json | --pretty]\n"
	      "                      [--csv FILE] [--export-markdown FILE] [--svg FILE]\n"
	      "                      [MECHANISM...]\n"
	      "Measures the cost per call of each way across the user/kernel boundary.\n\n"
	      "  -n, --rounds N      timed rounds per mechanism (default 100)\n"
	      "      --warmup N      untimed rounds before them (default 3, 0 for none)\n"
	      "  -j, --json          JSON on stdout instead of the table (one line)\n"
	      "      --pretty        JSON, indented\n"
	      "      --csv FILE      also write every figure to FILE ('-': standard output)\n"
	      "      --export-markdown FILE  also write the table as Markdown to FILE\n"
	      "      --svg FILE      also draw a bar chart (log scale) to FILE\n"
	      "  -h, --help          this help\n\nMechanisms (default: all), and what each calls:\n",
	      f);
	for (i = 0; i < bench_nmechs; i++)
		fprintf(f, "  %-15s %s\n", bench_mechs[i].name, bench_mechs[i].what);
}

/* A decimal count from min to max, nothing else. */
static int parse_count(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* CPU 0 where allowed, else the first CPU this process may use. */
static int pick_cpu(void)
{
	cpu_set_t set;
	int c;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			return c;
	return 0;
}

static int internal_loop(int argc, char **argv)
{
	unsigned long n, rounds = 1, warmup = 1;

	/* bench --internal-loop MECH N [ROUNDS [WARMUP]] */
	if (argc < 4 || parse_count(argv[3], 1, 1UL << 30, &n) ||
	    (argc > 4 && parse_count(argv[4], 1, MAX_ROUNDS, &rounds)) ||
	    (argc > 5 && parse_count(argv[5], 0, MAX_ROUNDS, &warmup))) {
		report_usage("bench", "--internal-loop MECH N [ROUNDS [WARMUP]]");
		return EXIT_USAGE;
	}
	return bench_internal_loop(argv[2], n, (unsigned)rounds, (unsigned)warmup);
}

/* The files the report goes to besides standard output. */
struct bench_output {
	const char *path;		/* NULL: not asked for */
	int (*write)(struct output_file *o, const struct bench_report *rep);
	struct output_file file;
};

enum { OUT_CSV, OUT_MARKDOWN, OUT_SVG, NOUTPUTS };

static void abort_outputs(struct bench_output *out)
{
	int i;

	for (i = 0; i < NOUTPUTS; i++)
		if (out[i].path && out[i].file.kind != OUTPUT_NONE)
			output_abort(&out[i].file);
}

static int open_outputs(struct bench_output *out)
{
	int i, err;

	for (i = 0; i < NOUTPUTS; i++) {
		if (!out[i].path)
			continue;
		err = output_open(&out[i].file, out[i].path);
		if (err) {
			report_error("bench", "cannot write %s: %s", out[i].path,
				     output_strerror(err));
			abort_outputs(out);
			return -1;
		}
	}
	return 0;
}

static int finish_outputs(struct bench_output *out, const struct bench_report *rep)
{
	int i, err, rc = 0;

	for (i = 0; i < NOUTPUTS; i++) {
		if (!out[i].path)
			continue;
		err = out[i].write(&out[i].file, rep);
		if (err)
			output_abort(&out[i].file);
		else
			err = output_commit(&out[i].file);
		if (err) {
			report_error("bench", "cannot write %s: %s", out[i].path,
				     output_strerror(err));
			rc = -1;
		}
	}
	return rc;
}

/* The table order, whatever the command line's order; each once. */
static size_t select_mechs(struct bench_entry *e, int argc, char **argv, int first)
{
	size_t i, n = 0;
	int j;

	for (i = 0; i < bench_nmechs; i++) {
		int want = first >= argc;

		for (j = first; j < argc && !want; j++)
			want = !strcmp(argv[j], bench_mechs[i].name);
		if (want)
			e[n++].mech = &bench_mechs[i];
	}
	return n;
}

static void measure_all(struct bench_entry *e, size_t n, const struct bench_plan *plan, int cpu)
{
	struct bench_result base;
	int tty = isatty(STDERR_FILENO);
	size_t i;

	memset(&base, 0, sizeof(base));
	for (i = 0; i < n; i++) {
		if (tty)
			fprintf(stderr, "\rbench: %zu/%zu %-16s", i + 1, n, e[i].mech->name);
		bench_run_one(e[i].mech, plan, cpu, &e[i].res, &e[i].raw);
		if (!strcmp(e[i].mech->name, "vdso"))
			base = e[i].res;
	}
	/* The ratio needs the vDSO figure even when vdso was not asked for. */
	if (base.status != BENCH_OK || base.st.median <= 0)
		bench_run_one(bench_find("vdso"), plan, cpu, &base, NULL);
	if (tty)
		fprintf(stderr, "\r%40s\r", "");
	for (i = 0; i < n; i++)
		if (e[i].res.status == BENCH_OK && base.status == BENCH_OK && base.st.median > 0)
			e[i].ratio = e[i].res.st.median / base.st.median;
}

int cmd_bench(int argc, char **argv)
{
	enum { OPT_WARMUP = 256, OPT_PRETTY, OPT_CSV, OPT_MARKDOWN, OPT_SVG };
	static const struct option opts[] = {
		{ "rounds", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, OPT_WARMUP },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, OPT_PRETTY },
		{ "csv", required_argument, NULL, OPT_CSV },
		{ "export-markdown", required_argument, NULL, OPT_MARKDOWN },
		{ "svg", required_argument, NULL, OPT_SVG },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_output out[NOUTPUTS] = {
		[OUT_CSV] = { .write = bench_write_csv },
		[OUT_MARKDOWN] = { .write = bench_write_markdown },
		[OUT_SVG] = { .write = bench_write_svg },
	};
	unsigned long rounds = DEFAULT_ROUNDS, warmup = DEFAULT_WARMUP;
	struct bench_facts facts;
	struct bench_report rep;
	struct bench_plan plan;
	struct bench_entry *e;
	int json = 0, pretty = 0, c, rc = EXIT_OK;
	size_t n, i;

	if (argc > 1 && !strcmp(argv[1], "--internal-loop"))
		return internal_loop(argc, argv);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+n:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_count(optarg, 1, MAX_ROUNDS, &rounds)) {
				report_usage("bench", "-n: '%s' is not a count from 1 to %d", optarg,
					     MAX_ROUNDS);
				return EXIT_USAGE;
			}
			break;
		case OPT_WARMUP:
			if (parse_count(optarg, 0, MAX_ROUNDS, &warmup)) {
				report_usage("bench", "--warmup: '%s' is not a count from 0 to %d",
					     optarg, MAX_ROUNDS);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			json = 1;
			break;
		case OPT_PRETTY:
			json = pretty = 1;
			break;
		case OPT_CSV:
			out[OUT_CSV].path = optarg;
			break;
		case OPT_MARKDOWN:
			out[OUT_MARKDOWN].path = optarg;
			break;
		case OPT_SVG:
			out[OUT_SVG].path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			if (optopt > 0 && optopt < 256)
				report_usage("bench", "unknown or incomplete option '-%c'", optopt);
			else
				report_usage("bench", "unknown or incomplete option '%s'",
					     argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		if (!bench_find(argv[i])) {
			report_usage("bench", "unknown mechanism '%s' (see vdsotool bench --help)",
				     argv[i]);
			return EXIT_USAGE;
		}
	}
	if (open_outputs(out))
		return EXIT_FAIL;
	e = calloc(bench_nmechs, sizeof(*e));
	if (!e) {
		abort_outputs(out);
		report_error("bench", "out of memory");
		return EXIT_FAIL;
	}
	n = select_mechs(e, argc, argv, optind);

	bench_facts_read(&facts);
	facts.cpu = pick_cpu();
	plan.rounds = (unsigned)rounds;
	plan.warmup = (unsigned)warmup;
	plan.raw = NULL;
	measure_all(e, n, &plan, facts.cpu);
	for (i = 0; i < n; i++)
		if (e[i].res.status == BENCH_FAILED)
			rc = EXIT_FAIL;	/* unsupported is an answer, failed is not */

	rep.facts = &facts;
	rep.e = e;
	rep.n = n;
	rep.plan = &plan;
	if (json)
		bench_print_json(stdout, &rep, pretty);
	else
		bench_print_table(stdout, &rep);
	if (finish_outputs(out, &rep))
		rc = EXIT_FAIL;
	if (fflush(stdout)) {
		report_error("bench", "cannot write the output: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
	for (i = 0; i < n; i++)
		free(e[i].raw);
	free(e);
	return rc;
}
