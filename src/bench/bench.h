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
	unsigned long batch;	/* calls per round */
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
	const char *what;	/* one line for the table */
	double ref_ns;		/* 2007 reference figure, 0 when none */
	const char *ref_what;	/* what the reference measured */
	/* Runs in the child; fills r (status, stats or reason). */
	void (*run)(struct bench_result *r, unsigned rounds);
};

extern const struct bench_mech bench_mechs[];
extern const size_t bench_nmechs;
const struct bench_mech *bench_find(const char *name);

/* stats.c: sorts v in place.  n > 0. */
double bench_quantile(const double *sorted, size_t n, double q);
void bench_stats(double *v, size_t n, struct bench_stats *out);

/* measure.c */
double bench_now_ns(void);
/* Calibrates a batch (~1.5 ms a round), warms up, times rounds rounds. */
void bench_measure(struct bench_result *r, unsigned rounds, bench_loop_fn fn, void *arg,
		   const struct bench_hooks *hooks);
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

/* Forks a grandchild running measure(r, rounds) and returns its result
 * through a pipe; used by the tracers and supervisors. */

/* vsyscall.c: the [vsyscall] mapping's mode: native/emulate/xonly/none. */
const char *bench_vsyscall_mode(void);

/* The hidden sub-mode: N calls of mech per round, one ns/call line each. */
int bench_internal_loop(const char *mech, unsigned long n, unsigned rounds);

/* Each mechanism. */
void bench_vdso(struct bench_result *r, unsigned rounds);
void bench_libc(struct bench_result *r, unsigned rounds);
void bench_syscall_getpid(struct bench_result *r, unsigned rounds);
void bench_syscall_clock(struct bench_result *r, unsigned rounds);
void bench_int80(struct bench_result *r, unsigned rounds);
void bench_vsyscall(struct bench_result *r, unsigned rounds);
void bench_seccomp_allow(struct bench_result *r, unsigned rounds);
void bench_seccomp_trap(struct bench_result *r, unsigned rounds);
void bench_sud(struct bench_result *r, unsigned rounds);
void bench_ptrace_seccomp(struct bench_result *r, unsigned rounds);
void bench_ptrace_syscall(struct bench_result *r, unsigned rounds);
void bench_seccomp_notify(struct bench_result *r, unsigned rounds);
void bench_run(struct bench_result *r, unsigned rounds);

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

/* output.c: one entry per selected mechanism. */
struct bench_entry {
	const struct bench_mech *mech;
	struct bench_result res;
	double ratio;			/* median / vdso median; 0 when unknown */
};
void bench_print_table(FILE *out, const struct bench_facts *f, const struct bench_entry *e,
		       size_t n, unsigned rounds);
void bench_print_json(FILE *out, const struct bench_facts *f, const struct bench_entry *e,
		      size_t n, unsigned rounds, int pretty);
/* Writes the CSV to o (not committed); 0 or -errno. */
struct output_file;
int bench_write_csv(struct output_file *o, const struct bench_facts *f,
		    const struct bench_entry *e, size_t n);
const char *bench_status_name(int status);

#endif /* SRC_BENCH_BENCH_H */
