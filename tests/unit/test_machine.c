// SPDX-License-Identifier: MIT
/*
 * The injection state machine, driven by recorded wait statuses (built
 * the way the kernel encodes them) against a fake tracer that logs every
 * operation.  Each test checks the exact sequence of ptrace operations a
 * situation must produce.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <cmocka.h>
#include "supervise/events.h"
#include "supervise/machine.h"

/* Wait statuses as the kernel encodes them. */
#define ST_STOP(sig) (((sig) << 8) | 0x7f)
#define ST_EVENT(ev, sig) (((((ev) << 8) | (sig)) << 8) | 0x7f)
#define ST_EXIT(code) ((code) << 8)
#define ST_KILLED(sig) (sig)

#define ENTRY_PAGE 0x400000ull
#define ENTRY_RIP (ENTRY_PAGE + 0x123)
#define START_SP 0x7ffd00001000ull
#define FIXED_GADGET 0x7e8000006100ull
#define VDSO_BASE 0x7fff00010000ull
#define GADGET_OFF 0x100ull

struct fake {
	char log[8192];
	struct user_regs_struct regs;
	uint64_t mask;
	int sigcont_pending;
	int has_gadget;		/* a syscall instruction at the fixed address */
	unsigned char page[4096];
	unsigned char written[4096];
	size_t written_len;
	struct machine_report reports[8];
	int nreports;
};

static struct fake F;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	size_t n = strlen(F.log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(F.log + n, sizeof(F.log) - n, fmt, ap);
	va_end(ap);
}

static int f_getregs(void *c, pid_t t, struct user_regs_struct *r)
{
	(void)c;
	logf_("getregs %d;", t);
	*r = F.regs;
	return 0;
}

static int f_setregs(void *c, pid_t t, const struct user_regs_struct *r)
{
	(void)c;
	logf_("setregs %d rip=%llx rax=%llx rdi=%llx;", t, (unsigned long long)r->rip,
	      (unsigned long long)r->rax, (unsigned long long)r->rdi);
	F.regs = *r;
	return 0;
}

static int f_getsigmask(void *c, pid_t t, uint64_t *m)
{
	(void)c;
	logf_("getmask %d;", t);
	*m = F.mask;
	return 0;
}

static int f_setsigmask(void *c, pid_t t, uint64_t m)
{
	(void)c;
	logf_("setmask %d %s;", t, m == F.mask ? "same" : m == (F.mask | machine_block_mask()) ?
	      "blocked" : "other");
	return 0;
}

static int f_setsiginfo(void *c, pid_t t, const siginfo_t *i)
{
	(void)c;
	logf_("setsiginfo %d %d;", t, i->si_signo);
	return 0;
}

static int f_resume(void *c, pid_t t, enum resume_how how, int sig)
{
	static const char *const names[] = { "cont", "step", "detach" };

	(void)c;
	logf_("%s %d %d;", names[how], t, sig);
	return 0;
}

static int f_mem_open(void *c, pid_t t)
{
	(void)c;
	logf_("memopen %d;", t);
	return 42;
}

static int f_mem_read(void *c, int fd, uint64_t addr, void *buf, size_t len)
{
	(void)c;
	(void)fd;
	if (addr == FIXED_GADGET || addr == VDSO_BASE + GADGET_OFF) {
		unsigned char insn[2] = { 0x0f, 0x05 };

		if (!F.has_gadget || addr != FIXED_GADGET || len != 2)
			return -5;
		memcpy(buf, insn, 2);
		return 0;
	}
	if (addr != ENTRY_PAGE || len > sizeof(F.page))
		return -5;
	logf_("memread %llx %zu;", (unsigned long long)addr, len);
	memcpy(buf, F.page, len);
	return 0;
}

static int f_mem_write(void *c, int fd, uint64_t addr, const void *buf, size_t len)
{
	(void)c;
	(void)fd;
	logf_("memwrite %llx %s;", (unsigned long long)addr,
	      !memcmp(buf, F.page, len) ? "orig" : "blob");
	memcpy(F.written, buf, len);
	F.written_len = len;
	return 0;
}

static void f_mem_close(void *c, int fd)
{
	(void)c;
	(void)fd;
}

static uint64_t f_vdso_base(void *c, pid_t t)
{
	(void)c;
	(void)t;
	return VDSO_BASE;
}

static int f_kill(void *c, pid_t t, int sig)
{
	(void)c;
	logf_("kill %d %d;", t, sig);
	return 0;
}

static int f_sigcont_pending(void *c, pid_t t)
{
	(void)c;
	(void)t;
	return F.sigcont_pending;
}

static void f_timens(void *c, pid_t t, int64_t *off)
{
	(void)c;
	(void)t;
	memset(off, 0, sizeof(int64_t) * INSTALL_NCLOCKS);
	off[1] = 7;
}

static const struct tracer_ops fake_ops = {
	f_getregs, f_setregs, f_getsigmask, f_setsigmask, f_setsiginfo, f_resume, f_mem_open,
	f_mem_read, f_mem_write, f_mem_close, f_vdso_base, f_kill, f_sigcont_pending, f_timens,
};

static const unsigned char installer[16] = { 0xe8, 1, 2, 3, 4, 0xcc, 0x90, 0x90 };
static struct machine_config cfg;
static struct machine M;

static void on_report(void *ctx, const struct machine_report *r)
{
	(void)ctx;
	if (F.nreports < 8)
		F.reports[F.nreports++] = *r;
}

static int setup(void **state)
{
	struct tracer tr = { &fake_ops, NULL };

	(void)state;
	memset(&F, 0, sizeof(F));
	memset(F.page, 0x5a, sizeof(F.page));
	F.regs.cs = 0x33;
	F.regs.rip = ENTRY_RIP;
	F.regs.rsp = START_SP;
	F.regs.rax = (unsigned long long)-38;
	F.mask = 1ull << (SIGUSR2 - 1);
	memset(&cfg, 0, sizeof(cfg));
	cfg.installer = installer;
	cfg.installer_len = sizeof(installer);
	cfg.params_off = 16;
	cfg.entry_off = 0;
	cfg.trap_off = 5;
	cfg.params.magic = INSTALL_PARAMS_MAGIC;
	cfg.fixed_gadget = FIXED_GADGET;
	cfg.vdso_gadget_off = GADGET_OFF;
	machine_init(&M, &tr, &cfg, on_report, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	machine_free(&M);
	return 0;
}

static int feed(pid_t pid, int status, int si_code, unsigned long msg)
{
	struct trace_event ev;
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = WSTOPSIG(status);
	info.si_code = si_code;
	event_classify(pid, status, event_needs_siginfo(status) ? &info : NULL, &ev);
	ev.msg = msg;
	return machine_event(&M, &ev);
}

static void clear_log(void)
{
	F.log[0] = 0;
}

/* Brings task 100 to the installer's trap; the log is cleared after. */
static void run_to_installer(void)
{
	assert_int_equal(machine_add_exec(&M, 100, 3, -1), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), 0, 100));
	clear_log();
}

static void trap_with(long code)
{
	F.regs.rip = ENTRY_PAGE + cfg.trap_off + 1;
	F.regs.rax = (unsigned long long)code;
	assert_true(feed(100, ST_STOP(SIGTRAP), SI_KERNEL, 0));
}

static void test_exec_then_install(void **state)
{
	const struct install_params *p;
	char want[512];

	(void)state;
	assert_int_equal(machine_add_exec(&M, 100, 3, 4), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), 0, 100));
	/* Signals are blocked before the task can run anything of ours. */
	snprintf(want, sizeof(want), "getregs 100;memopen 100;memread 400000 %zu;getmask 100;"
		 "setmask 100 blocked;memwrite 400000 blob;"
		 "setregs 100 rip=400000 rax=0 rdi=7ffd00001000;cont 100 0;",
		 cfg.params_off + sizeof(struct install_params));
	assert_string_equal(F.log, want);
	/* The blob carries the installer, then its parameters with the fds. */
	assert_memory_equal(F.written, installer, sizeof(installer));
	p = (const struct install_params *)(F.written + cfg.params_off);
	assert_int_equal(p->fd, 3);
	assert_int_equal(p->stats_fd, 4);
	assert_int_equal(p->ns_offset[1], 7);
	assert_true(F.regs.rsp < START_SP && F.regs.rsp % 16 == 0);
	clear_log();
	trap_with(INSTALL_OK);
	assert_string_equal(F.log, "getregs 100;memwrite 400000 orig;"
			    "setregs 100 rip=400123 rax=0 rdi=0;setmask 100 same;detach 100 0;");
	assert_int_equal(F.nreports, 1);
	assert_int_equal(F.reports[0].outcome, OUT_INJECTED);
	assert_int_equal(machine_count(&M), 0);
}

/* The timers the exec's notification named reach the new runtime; a
 * sixth argument that is not the runtime's (any other execve) does not. */
static void test_exec_carries_the_timers_named(void **state)
{
	const uint64_t named = RT_CARRY_MAGIC << RT_CARRY_SHIFT | RT_CARRY_ITIMER | 1u << 5;
	const struct install_params *p = (const struct install_params *)(F.written + cfg.params_off);

	(void)state;
	assert_int_equal(machine_add_exec(&M, 100, 3, -1), 0);
	machine_exec_carry(&M, 100, named);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), 0, 100));
	assert_true(p->carry == named);
	trap_with(INSTALL_OK);
	assert_int_equal(machine_add_exec(&M, 100, 3, -1), 0);
	machine_exec_carry(&M, 100, 0x7fff12345678ull);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), 0, 100));
	assert_true(p->carry == 0);
	/* Nor does a task's earlier exec's. */
	trap_with(INSTALL_OK);
	assert_int_equal(machine_add_exec(&M, 100, 3, -1), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), 0, 100));
	assert_true(p->carry == 0);
}

static void ids_of(void *ctx, pid_t tid, struct install_params *p)
{
	p->ids_known = 1;
	p->uid = (uint32_t)tid + *(uint32_t *)ctx;
}

/* An extension's part of one task's parameters (fakeroot's ids). */
static void test_extension_adds_to_the_task_params(void **state)
{
	const struct install_params *p = (const struct install_params *)(F.written + cfg.params_off);
	uint32_t base = 1000;

	(void)state;
	cfg.task_params = ids_of;
	cfg.task_params_ctx = &base;
	assert_int_equal(machine_add_exec(&M, 100, 3, -1), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), 0, 100));
	cfg.task_params = NULL;
	assert_int_equal(p->ids_known, 1);
	assert_int_equal(p->uid, 1100);
	assert_int_equal(p->fd, 3);
}

static void test_install_declined(void **state)
{
	(void)state;
	run_to_installer();
	trap_with(INSTALL_FIXED_BUSY);
	assert_int_equal(F.reports[0].outcome, OUT_SKIPPED);
	assert_non_null(strstr(F.reports[0].why, "fixed address"));
	assert_non_null(strstr(F.log, "memwrite 400000 orig;"));
	assert_non_null(strstr(F.log, "detach 100 0;"));
	assert_null(strstr(F.log, "kill"));
	assert_int_equal(machine_count(&M), 0);
}

static void test_install_broken_kills(void **state)
{
	(void)state;
	run_to_installer();
	trap_with(INSTALL_BROKEN);
	assert_non_null(strstr(F.log, "kill 100 9;"));
	assert_int_equal(F.reports[0].outcome, OUT_KILLED);
	assert_int_equal(machine_count(&M), 0);
}

static void test_installer_fault_kills(void **state)
{
	(void)state;
	run_to_installer();
	assert_true(feed(100, ST_STOP(SIGSEGV), SEGV_MAPERR, 0));
	assert_string_equal(F.log, "kill 100 9;detach 100 0;");
	assert_int_equal(F.reports[0].outcome, OUT_KILLED);
	assert_int_equal(machine_count(&M), 0);
}

static void test_breakpoint_elsewhere_kills(void **state)
{
	(void)state;
	run_to_installer();
	F.regs.rip = 0x1234;
	assert_true(feed(100, ST_STOP(SIGTRAP), SI_KERNEL, 0));
	assert_int_equal(F.reports[0].outcome, OUT_KILLED);
}

static void test_sigstop_during_install_restops(void **state)
{
	(void)state;
	run_to_installer();
	assert_true(feed(100, ST_STOP(SIGSTOP), SI_USER, 0));
	assert_string_equal(F.log, "cont 100 0;");
	trap_with(INSTALL_OK);
	/* Stopped again after the detach, as it would have been. */
	assert_non_null(strstr(F.log, "detach 100 0;kill 100 19;"));
}

static void test_sigstop_then_sigcont_is_not_a_stop(void **state)
{
	(void)state;
	run_to_installer();
	assert_true(feed(100, ST_STOP(SIGSTOP), SI_USER, 0));
	F.sigcont_pending = 1;
	trap_with(INSTALL_OK);
	assert_null(strstr(F.log, "kill"));
}

static void test_async_signal_is_handed_back(void **state)
{
	(void)state;
	run_to_installer();
	assert_true(feed(100, ST_STOP(SIGUSR1), SI_USER, 0));
	assert_string_equal(F.log, "cont 100 0;");
	trap_with(INSTALL_OK);
	assert_non_null(strstr(F.log, "setsiginfo 100 10;detach 100 10;"));
}

static void test_interrupt_after_resume_resumes_again(void **state)
{
	(void)state;
	run_to_installer();
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_STOP, SIGTRAP), 0, 0));
	assert_string_equal(F.log, "cont 100 0;");
	assert_int_equal(machine_count(&M), 1);
}

static void test_exit_anywhere_frees(void **state)
{
	(void)state;
	run_to_installer();
	assert_true(feed(100, ST_KILLED(SIGKILL), 0, 0));
	assert_int_equal(F.reports[0].outcome, OUT_GONE);
	assert_int_equal(machine_count(&M), 0);
	assert_string_equal(F.log, "");
	assert_int_equal(machine_add_exec(&M, 101, -1, -1), 0);
	assert_true(feed(101, ST_EXIT(0), 0, 0));
	assert_int_equal(machine_count(&M), 0);
}

static void test_continued_report_changes_nothing(void **state)
{
	(void)state;
	run_to_installer();
	/* SIGCONT to a task mid-installation: reported, but it is ours still. */
	assert_true(feed(100, 0xffff, 0, 0));
	assert_string_equal(F.log, "");
	assert_int_equal(machine_count(&M), 1);
	trap_with(INSTALL_OK);
	assert_int_equal(F.reports[0].outcome, OUT_INJECTED);
}

static void test_exec_by_other_thread(void **state)
{
	(void)state;
	assert_int_equal(machine_add_exec(&M, 105, 3, -1), 0);
	/* The thread 105 execs and takes the leader's pid, 100. */
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), 0, 105));
	assert_true(machine_knows(&M, 100));
	assert_false(machine_knows(&M, 105));
	clear_log();
	trap_with(INSTALL_OK);
	assert_int_equal(F.reports[0].pid, 100);
	assert_int_equal(F.reports[0].outcome, OUT_INJECTED);
}

static void test_failed_exec_closes_fds(void **state)
{
	(void)state;
	F.has_gadget = 1;
	assert_int_equal(machine_add_exec(&M, 100, 3, 4), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_STOP, SIGTRAP), 0, 0));
	assert_string_equal(F.log, "getregs 100;memopen 100;getmask 100;setmask 100 blocked;"
			    "setregs 100 rip=7e8000006100 rax=3 rdi=3;step 100 0;");
	clear_log();
	F.regs.rip = FIXED_GADGET + 2;
	assert_true(feed(100, ST_STOP(SIGTRAP), 2 /* TRAP_TRACE */, 0));
	assert_string_equal(F.log, "getregs 100;setregs 100 rip=7e8000006100 rax=3 rdi=4;"
			    "step 100 0;");
	clear_log();
	assert_true(feed(100, ST_STOP(SIGTRAP), 1 /* TRAP_BRKPT */, 0));
	assert_string_equal(F.log, "getregs 100;setregs 100 rip=400123 rax=ffffffffffffffda rdi=0;"
			    "setmask 100 same;detach 100 0;");
	assert_int_equal(F.reports[0].outcome, OUT_EXEC_FAILED);
	assert_int_equal(machine_count(&M), 0);
}

/*
 * A failed exec whose interrupt stop has not come yet, and the task is in
 * its next execve: the supervisor re-arms it with that exec's fds, and the
 * stop that finally comes closes those, not the first exec's.
 */
static void test_rearm_for_next_exec(void **state)
{
	int fd, stats_fd;

	(void)state;
	F.has_gadget = 1;
	assert_int_equal(machine_rearm_exec(&M, 100, 5, -1), -ENOENT);
	assert_int_equal(machine_state(&M, 100), -1);
	assert_int_equal(machine_add_exec(&M, 100, 3, 4), 0);
	assert_int_equal(machine_rearm_exec(&M, 100, 5, -1), 0);
	assert_int_equal(machine_state(&M, 100), TS_EXEC_WAIT);
	machine_task_fds(&M, 100, &fd, &stats_fd);
	assert_int_equal(fd, 5);
	assert_int_equal(stats_fd, 4);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_STOP, SIGTRAP), 0, 0));
	assert_non_null(strstr(F.log, "rdi=5;"));
	assert_null(strstr(F.log, "rdi=3;"));
}

static void test_failed_exec_without_gadget_never_steps(void **state)
{
	(void)state;
	F.has_gadget = 0;
	assert_int_equal(machine_add_exec(&M, 100, 3, -1), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_STOP, SIGTRAP), 0, 0));
	assert_null(strstr(F.log, "step"));
	assert_non_null(strstr(F.log, "detach 100 0;"));
	assert_non_null(strstr(F.reports[0].why, "stay open"));
	assert_int_equal(machine_count(&M), 0);
}

static void test_gadget_fault_ends_close(void **state)
{
	(void)state;
	F.has_gadget = 1;
	assert_int_equal(machine_add_exec(&M, 100, 3, -1), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_STOP, SIGTRAP), 0, 0));
	clear_log();
	assert_true(feed(100, ST_STOP(SIGSEGV), SEGV_MAPERR, 0));
	/* Registers back, the fault (ours) not delivered, no second step. */
	assert_string_equal(F.log, "setregs 100 rip=400123 rax=ffffffffffffffda rdi=0;"
			    "setmask 100 same;detach 100 0;");
}

static void test_signal_after_failed_exec_is_delivered(void **state)
{
	(void)state;
	assert_int_equal(machine_add_exec(&M, 100, -1, -1), 0);
	assert_true(feed(100, ST_STOP(SIGCHLD), CLD_EXITED, 0));
	assert_string_equal(F.log, "setsiginfo 100 17;detach 100 17;");
}

static void test_group_stop_of_failed_exec_stays(void **state)
{
	(void)state;
	assert_int_equal(machine_add_exec(&M, 100, -1, -1), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_STOP, SIGTSTP), 0, 0));
	/* Detached in its group stop, it stays stopped by itself. */
	assert_string_equal(F.log, "detach 100 0;");
}

static void test_32bit_is_skipped(void **state)
{
	(void)state;
	F.regs.cs = 0x23;
	assert_int_equal(machine_add_exec(&M, 100, 3, -1), 0);
	assert_true(feed(100, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), 0, 100));
	assert_int_equal(F.reports[0].outcome, OUT_SKIPPED);
	assert_non_null(strstr(F.reports[0].why, "32-bit"));
	assert_null(strstr(F.log, "memwrite"));
	assert_int_equal(machine_count(&M), 0);
}

static void test_unknown_pid_is_not_ours(void **state)
{
	(void)state;
	assert_false(feed(555, ST_STOP(SIGTRAP), SI_KERNEL, 0));
	assert_false(feed(555, ST_EXIT(0), 0, 0));
	assert_string_equal(F.log, "");
}

static void test_no_limit_on_tasks(void **state)
{
	pid_t t;

	(void)state;
	for (t = 1000; t < 1400; t++)
		assert_int_equal(machine_add_exec(&M, t, -1, -1), 0);
	assert_int_equal(machine_count(&M), 400);
	for (t = 1000; t < 1400; t++)
		assert_true(feed(t, ST_EXIT(0), 0, 0));
	assert_int_equal(machine_count(&M), 0);
}

static void test_classify(void **state)
{
	struct trace_event ev;
	siginfo_t info = { .si_signo = SIGTRAP, .si_code = SI_USER };

	(void)state;
	event_classify(1, ST_STOP(SIGTRAP), &info, &ev);
	assert_int_equal(ev.kind, TEV_SIGNAL);
	info.si_code = SI_KERNEL;
	event_classify(1, ST_STOP(SIGTRAP), &info, &ev);
	assert_int_equal(ev.kind, TEV_BREAKPOINT);
	info.si_code = 2;
	event_classify(1, ST_STOP(SIGTRAP), &info, &ev);
	assert_int_equal(ev.kind, TEV_STEP);
	event_classify(1, ST_EVENT(PTRACE_EVENT_STOP, SIGSTOP), NULL, &ev);
	assert_int_equal(ev.kind, TEV_GROUP_STOP);
	assert_int_equal(ev.sig, SIGSTOP);
	event_classify(1, ST_EVENT(PTRACE_EVENT_STOP, SIGTRAP), NULL, &ev);
	assert_int_equal(ev.kind, TEV_INTERRUPT);
	event_classify(1, ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP), NULL, &ev);
	assert_int_equal(ev.kind, TEV_EXEC);
	event_classify(1, ST_EVENT(PTRACE_EVENT_CLONE, SIGTRAP), NULL, &ev);
	assert_int_equal(ev.kind, TEV_OTHER);
	event_classify(1, ST_KILLED(SIGKILL), NULL, &ev);
	assert_int_equal(ev.kind, TEV_EXITED);
	/* WCONTINUED's 0xffff is neither an exit nor a stop. */
	event_classify(1, 0xffff, NULL, &ev);
	assert_int_equal(ev.kind, TEV_CONTINUED);
	assert_false(event_needs_siginfo(ST_EVENT(PTRACE_EVENT_EXEC, SIGTRAP)));
	assert_true(event_needs_siginfo(ST_STOP(SIGUSR1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test_setup_teardown(test_exec_then_install, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_carries_the_timers_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extension_adds_to_the_task_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_declined, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_broken_kills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_installer_fault_kills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_breakpoint_elsewhere_kills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigstop_during_install_restops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigstop_then_sigcont_is_not_a_stop, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_async_signal_is_handed_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_after_resume_resumes_again, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exit_anywhere_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_by_other_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_continued_report_changes_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_failed_exec_closes_fds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rearm_for_next_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_exec_without_gadget_never_steps, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_gadget_fault_ends_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_after_failed_exec_is_delivered, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_group_stop_of_failed_exec_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_32bit_is_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_pid_is_not_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_limit_on_tasks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
