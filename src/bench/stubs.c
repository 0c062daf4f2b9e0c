// SPDX-License-Identifier: MIT
#include "bench/bench.h"
void bench_sud(struct bench_result *r, unsigned rounds) { (void)rounds; bench_fail(r, BENCH_FAILED, "todo"); }
void bench_ptrace_seccomp(struct bench_result *r, unsigned rounds) { (void)rounds; bench_fail(r, BENCH_FAILED, "todo"); }
void bench_ptrace_syscall(struct bench_result *r, unsigned rounds) { (void)rounds; bench_fail(r, BENCH_FAILED, "todo"); }
void bench_seccomp_notify(struct bench_result *r, unsigned rounds) { (void)rounds; bench_fail(r, BENCH_FAILED, "todo"); }
void bench_run(struct bench_result *r, unsigned rounds) { (void)rounds; bench_fail(r, BENCH_FAILED, "todo"); }
int bench_internal_loop(const char *mech, unsigned long n, unsigned rounds) { (void)mech; (void)n; (void)rounds; return 1; }
