/* SPDX-License-Identifier: MIT */
/*
 * bench: the cost of each way across the user/kernel boundary.
 *
 * Every mechanism runs in a child of its own (seccomp filters, dispatch
 * and tracers cannot be undone, so none may leak into the next one); the
 * child fills a struct bench_result and writes it to the parent in one
 * write(2), which is atomic because the struct is smaller than PIPE_BUF.
 */
#ifndef SRC_BENCH_BENCH_H
#define SRC_BENCH_BENCH_H

#include <stddef.h>
#include <sys/types.h>
#include <stdio.h>

enum bench_status {
	BENCH_OK = 0,
	BENCH_UNSUPPORTED = 1,
	BENCH_FAILED = 2,
};

/* Robust summary of per-round ns/call figures. */
struct bench_stats {
	double median;
	double min;
	double p10, p90;
	double spread;		/* p90 - p10 */
};

struct bench_result {
	int status;		/* enum bench_status */
	char reason[200];	/* why unsupported or failed */
	char detail[64];	/* e.g. the vsyscall mode */
	struct bench_stats st;
	unsigned rounds;
	unsigned warmup;	/* warm-up rounds run, after the calibration */
	unsigned long batch;	/* calls per round */
};

/*
 * What to measure, the same for every mechanism.  The rounds' figures go
 * back in two ways: their statistics in the bench_result (one pipe write,
 * under PIPE_BUF), and every round's figure in raw, memory shared with
 * bench (MAP_SHARED before the fork) that whichever descendant measures
 * (the child, a tracee, a supervised process) fills in round order.
 */
struct bench_plan {
	unsigned rounds;	/* timed rounds */
	unsigned warmup;	/* discarded rounds after the calibration */
	double *raw;		/* rounds doubles, ns per call; NULL: not kept */
};

/* The loop under test: n crossings. */
typedef void (*bench_loop_fn)(void *arg, unsigned long n);

/* Hooks run just outside the timed region of each round (SUD's selector). */
struct bench_hooks {
	void (*before)(void *arg);
	void (*after)(void *arg);
};

struct bench_mech {
	const char *name;	/* CLI name */
	const char *what;	/* what it calls, and how, for every report */
	double ref_ns;		/* 2007 reference figure, 0 when none */
	const char *ref_what;	/* what the reference measured */
	/* Runs in the child; fills r (status, stats or reason). */
	void (*run)(struct bench_result *r, const struct bench_plan *plan);
};

extern const struct bench_mech bench_mechs[];
extern const size_t bench_nmechs;
const struct bench_mech *bench_find(const char *name);

/* stats.c: sorts v in place.  n > 0. */
double bench_quantile(const double *sorted, size_t n, double q);
void bench_stats(double *v, size_t n, struct bench_stats *out);

/* measure.c */
double bench_now_ns(void);
/* Calibrates a batch (~1.5 ms a round), runs the warm-up rounds, times
 * the rounds; fills r and plan->raw. */
void bench_measure(struct bench_result *r, const struct bench_plan *plan, bench_loop_fn fn,
		   void *arg, const struct bench_hooks *hooks);
/* Keeps a copy of the rounds' figures, in order, then their statistics. */
void bench_conclude(struct bench_result *r, const struct bench_plan *plan, double *v,
		    unsigned n);
/*
 * Forks a child with a pipe back (p[0] to read, p[1] to write, both
 * close-on-exec), stdio flushed first so nothing buffered is written twice.
 * Returns the pid (0 in the child), or -1 with the reason recorded in r.
 */
pid_t bench_fork_piped(struct bench_result *r, int p[2]);

void bench_fail(struct bench_result *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reads a whole result from fd; 0 on success. */
int bench_read_result(int fd, struct bench_result *r);
int bench_write_result(int fd, const struct bench_result *r);

/* runner.c: runs m in a child of its own, pinned to cpu, within a time
 * limit; fills r, and *raw (malloc'd, r->rounds figures in round order)
 * when raw is not NULL and the mechanism was measured. */
void bench_run_one(const struct bench_mech *m, const struct bench_plan *plan, int cpu,
		   struct bench_result *r, double **raw);

/* vsyscall.c: the [vsyscall] mapping's mode: native/emulate/xonly/none. */
const char *bench_vsyscall_mode(void);

/* The hidden sub-mode: N calls of mech per round, one ns/call line for
 * each timed round after the warm-up ones. */
int bench_internal_loop(const char *mech, unsigned long n, unsigned rounds, unsigned warmup);

/* Each mechanism. */
void bench_vdso(struct bench_result *r, const struct bench_plan *plan);
void bench_libc(struct bench_result *r, const struct bench_plan *plan);
void bench_syscall_getpid(struct bench_result *r, const struct bench_plan *plan);
void bench_syscall_clock(struct bench_result *r, const struct bench_plan *plan);
void bench_int80(struct bench_result *r, const struct bench_plan *plan);
void bench_vsyscall(struct bench_result *r, const struct bench_plan *plan);
void bench_seccomp_allow(struct bench_result *r, const struct bench_plan *plan);
void bench_seccomp_trap(struct bench_result *r, const struct bench_plan *plan);
void bench_sud(struct bench_result *r, const struct bench_plan *plan);
void bench_ptrace_seccomp(struct bench_result *r, const struct bench_plan *plan);
void bench_ptrace_syscall(struct bench_result *r, const struct bench_plan *plan);
void bench_seccomp_notify(struct bench_result *r, const struct bench_plan *plan);
void bench_run(struct bench_result *r, const struct bench_plan *plan);

/* Loops shared by several mechanisms. */
void bench_loop_getpid(void *arg, unsigned long n);
/* The vDSO's clock_gettime, found with libvdso; NULL when absent. */
int (*bench_vdso_clock(void))(int, void *);

/* seccomp.c: NO_NEW_PRIVS + a filter returning action for getpid and
 * ALLOW for everything else (action ALLOW: allow all). */
int bench_seccomp_install(unsigned action, unsigned flags);

/* facts.c: the machine the figures belong to. */
#define BENCH_MAX_VULNS 40
struct bench_facts {
	char cpu_model[128];
	char kernel[128];
	char clocksource[64];
	char vsyscall[16];
	int cpu;			/* the CPU every child is pinned to */
	unsigned nvulns;
	char vuln_name[BENCH_MAX_VULNS][48];
	char vuln_state[BENCH_MAX_VULNS][160];
};
void bench_facts_read(struct bench_facts *f);

/* One entry per selected mechanism, in table order. */
struct bench_entry {
	const struct bench_mech *mech;
	struct bench_result res;
	double *raw;			/* res.rounds figures in round order, or NULL */
	double ratio;			/* median / vdso median; 0 when unknown */
};

/* Everything a report shows. */
struct bench_report {
	const struct bench_facts *facts;
	const struct bench_entry *e;
	size_t n;
	const struct bench_plan *plan;
};

/*
 * A measured mechanism is noisy when its spread (p90 - p10) exceeds this
 * fraction of its median: the rounds then disagree by more than a
 * quarter, and the median is not a figure to compare to a few percent.
 */
#define BENCH_NOISE_FRACTION 0.25
int bench_noisy(const struct bench_result *r);

/* units.c: a figure in ns shown in the unit where it reads 1 to 999
 * (ns, µs, ms); the unit is chosen once per row, from its median. */
struct bench_unit {
	const char *name;
	double ns;			/* ns in one unit */
	int decimals;
};
const struct bench_unit *bench_unit_for(double ns);
/* "27.7 ns", "7.29 µs" */
void bench_format(char *buf, size_t len, double ns, const struct bench_unit *u);
/* log10 of x > 0 to about 1e-6, without libm. */
double bench_log10(double x);

/* The reports: report_text.c, report_json.c, report_csv.c,
 * report_markdown.c, report_svg.c. */
void bench_print_table(FILE *out, const struct bench_report *rep);
void bench_print_json(FILE *out, const struct bench_report *rep, int pretty);
/* Write the report to o (not committed); 0 or -errno. */
struct output_file;
int bench_write_csv(struct output_file *o, const struct bench_report *rep);
int bench_write_markdown(struct output_file *o, const struct bench_report *rep);
int bench_write_svg(struct output_file *o, const struct bench_report *rep);
/* Builds a report in memory with body and writes it to o. */
int bench_write_with(struct output_file *o, const struct bench_report *rep,
		     void (*body)(FILE *out, const struct bench_report *rep));
const char *bench_status_name(int status);
/* The meltdown line of the facts ("Mitigation: PTI"), or "unknown". */
const char *bench_meltdown(const struct bench_facts *f);

#endif /* SRC_BENCH_BENCH_H */
