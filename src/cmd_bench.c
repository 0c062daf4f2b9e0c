// SPDX-License-Identifier: MIT
/*
 * vdsotool bench [-n ROUNDS] [--json] [--csv FILE] [MECHANISM...]
 *
 * One forked child per mechanism, pinned to one CPU, sends one struct
 * bench_result back over a pipe.  The parent never waits without a
 * deadline: a child that overruns is killed with its whole process
 * group (tracers, tracees, supervisors) and reported as failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench/bench.h"
#include "common/output_file.h"
#include "commands.h"
#include "report.h"

#define DEFAULT_ROUNDS 100
#define MAX_ROUNDS 100000
/* 10 s plus what the rounds themselves may take at ~1.5 ms (x2). */
#define TIMEOUT_MS(rounds) (10000L + 3L * (long)(rounds))

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: vdsotool bench [-n ROUNDS] [-j | --json | --pretty] [--csv FILE] [MECHANISM...]\n"
	      "Measures the cost in ns per call of each way across the user/kernel boundary.\n\n"
	      "  -n, --rounds N  timed rounds per mechanism (default 100)\n"
	      "  -j, --json      JSON on stdout instead of the table (one line)\n"
	      "      --pretty    JSON, indented\n"
	      "      --csv FILE  also write every figure to FILE ('-': standard output)\n"
	      "  -h, --help      this help\n\nMechanisms (default: all):\n", f);
	for (i = 0; i < bench_nmechs; i++)
		fprintf(f, "  %-15s %s\n", bench_mechs[i].name, bench_mechs[i].what);
}

static int parse_count(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > max)
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

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

static void child_main(const struct bench_mech *m, unsigned rounds, int cpu, int fd)
{
	struct bench_result r;
	cpu_set_t set;

	/* Its own process group, so a timeout kills grandchildren too; and
	 * gone with bench, which its own group no longer guarantees. */
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	memset(&r, 0, sizeof(r));
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* Pinned: no migration mid-round; tracers and supervisors inherit it,
	 * so their ping-pong with the measured process is a context switch
	 * on one CPU, the same on every machine, rather than a cross-CPU
	 * wake-up whose cost depends on idle states. */
	sched_setaffinity(0, sizeof(set), &set);
	m->run(&r, rounds);
	bench_write_result(fd, &r);
	_exit(0);
}

static void describe_death(struct bench_result *r, int status)
{
	if (WIFSIGNALED(status))
		bench_fail(r, BENCH_FAILED, "child killed by %s", strsignal(WTERMSIG(status)));
	else
		bench_fail(r, BENCH_FAILED, "child exited with status %d and no result",
			   WEXITSTATUS(status));
}

/* VDSOTOOL_BENCH_TIMEOUT_MS overrides the limit, so tests can see a
 * child overrun without waiting for one. */
static long timeout_ms(unsigned rounds)
{
	const char *env = getenv("VDSOTOOL_BENCH_TIMEOUT_MS");
	unsigned long v;

	if (env && !parse_count(env, 3600000, &v))
		return (long)v;
	return TIMEOUT_MS(rounds);
}

static void run_one(const struct bench_mech *m, unsigned rounds, int cpu, struct bench_result *r)
{
	long limit = timeout_ms(rounds);
	struct timespec t0;
	int p[2], status = 0, got = 0;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	pid = bench_fork_piped(r, p);
	if (pid < 0)
		return;
	if (pid == 0) {
		close(p[0]);
		child_main(m, rounds, cpu, p[1]);
	}
	setpgid(pid, pid);
	close(p[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		long left = limit - ms_since(&t0);
		int n;

		if (left <= 0)
			break;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0)
			got = bench_read_result(p[0], r) == 0 ? 1 : -1;
		break;
	}
	close(p[0]);
	/* The child exits right after its result; give it until the deadline. */
	while (got >= 0 && ms_since(&t0) < limit) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		usleep(1000);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid)
		status = 0;
	if (got == 0) {
		memset(r, 0, sizeof(*r));
		bench_fail(r, BENCH_FAILED, "timed out after %g s, killed", (double)limit / 1000);
	} else if (got < 0) {
		memset(r, 0, sizeof(*r));
		describe_death(r, status);
	}
}

static int internal_loop(int argc, char **argv)
{
	unsigned long n, rounds = 1;

	/* bench --internal-loop MECH N [ROUNDS] */
	if (argc < 4 || parse_count(argv[3], 1UL << 30, &n) ||
	    (argc > 4 && parse_count(argv[4], MAX_ROUNDS, &rounds))) {
		report_usage("bench", "--internal-loop MECH N [ROUNDS]");
		return EXIT_USAGE;
	}
	return bench_internal_loop(argv[2], n, (unsigned)rounds);
}

int cmd_bench(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rounds", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'P' },
		{ "csv", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *csv = NULL;
	unsigned long rounds = DEFAULT_ROUNDS;
	struct bench_entry *e;
	struct bench_result base;
	struct bench_facts facts;
	struct output_file csv_out;
	int json = 0, pretty = 0, c, cpu, rc = EXIT_OK, tty;
	size_t n = 0, i, j;

	if (argc > 1 && !strcmp(argv[1], "--internal-loop"))
		return internal_loop(argc, argv);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+n:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_count(optarg, MAX_ROUNDS, &rounds)) {
				report_usage("bench", "-n: '%s' is not a count from 1 to %d", optarg,
					     MAX_ROUNDS);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			json = 1;
			break;
		case 'P':
			json = pretty = 1;
			break;
		case 'c':
			csv = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			if (optopt)
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

	/* Every output is opened now: a bad path fails before minutes of
	 * measuring, not after. */
	if (csv) {
		int err = output_open(&csv_out, csv);

		if (err) {
			report_error("bench", "cannot write %s: %s", csv, output_strerror(err));
			return EXIT_FAIL;
		}
	}
	e = calloc(bench_nmechs, sizeof(*e));
	if (!e) {
		if (csv)
			output_abort(&csv_out);
		report_error("bench", "out of memory");
		return EXIT_FAIL;
	}
	/* The table order, whatever the command line's order; each once. */
	for (i = 0; i < bench_nmechs; i++) {
		int want = optind >= argc;

		for (j = (size_t)optind; j < (size_t)argc && !want; j++)
			want = !strcmp(argv[j], bench_mechs[i].name);
		if (want)
			e[n++].mech = &bench_mechs[i];
	}

	bench_facts_read(&facts);
	cpu = pick_cpu();
	facts.cpu = cpu;
	tty = isatty(STDERR_FILENO);
	memset(&base, 0, sizeof(base));
	for (i = 0; i < n; i++) {
		if (tty)
			fprintf(stderr, "\rbench: %zu/%zu %-16s", i + 1, n, e[i].mech->name);
		run_one(e[i].mech, (unsigned)rounds, cpu, &e[i].res);
		if (!strcmp(e[i].mech->name, "vdso"))
			base = e[i].res;
	}
	/* The ratio needs the vDSO figure even when vdso was not asked for. */
	if (base.status != BENCH_OK || base.st.median <= 0)
		run_one(bench_find("vdso"), (unsigned)rounds, cpu, &base);
	if (tty)
		fprintf(stderr, "\r%40s\r", "");
	for (i = 0; i < n; i++) {
		if (e[i].res.status == BENCH_FAILED)
			rc = EXIT_FAIL;	/* unsupported is an answer, failed is not */
		if (e[i].res.status == BENCH_OK && base.status == BENCH_OK && base.st.median > 0)
			e[i].ratio = e[i].res.st.median / base.st.median;
	}

	if (json)
		bench_print_json(stdout, &facts, e, n, (unsigned)rounds, pretty);
	else
		bench_print_table(stdout, &facts, e, n, (unsigned)rounds);
	if (csv) {
		int err = bench_write_csv(&csv_out, &facts, e, n);

		if (err)
			output_abort(&csv_out);
		else
			err = output_commit(&csv_out);
		if (err) {
			report_error("bench", "cannot write %s: %s", csv, output_strerror(err));
			rc = EXIT_FAIL;
		}
	}
	if (fflush(stdout)) {
		report_error("bench", "cannot write the output: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
	free(e);
	return rc;
}
